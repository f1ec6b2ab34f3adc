"""The text the privacy.pii and vi.entities@2 recognisers read: odd spaces, invisible characters and full-width
forms made plain.

A phone number or a name typed or pasted with no-break spaces, tabs, runs of spaces, zero-width spaces, soft hyphens
or full-width digits ('0912\\xa0345\\xa0678', 'Nguy\\xadễn', '０９１２３４５６７８') is the same personal data, but the
detectors' patterns expect ASCII digits and single spaces. ``plain`` rewrites the text that way and remembers where
each character it keeps came from, so a span found in the plain text maps back to the whole original span, odd
characters inside it included, and the redaction leaves none of the value behind.

>>> seen = plain("SĐT:\\t0912\\xa0345\\u200b678 ông Nguy\\xadễn")
>>> seen.text
'SĐT: 0912 345 678 ông Nguyễn'
>>> seen.original(5, 17), seen.original(22, 28)
((5, 17), (22, 29))
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# A zero-width space marks where a word ends ('Nguyễn\u200bVăn'); other format characters (soft hyphen, joiners,
# direction marks, BOM) sit inside words and are dropped.
_WORD_BREAKS = frozenset("\u200b")
_FULL_WIDTH = range(0xFF01, 0xFF5F)  # '！' … '～', the full-width twins of ASCII '!' … '~'
_FULL_WIDTH_SHIFT = 0xFEE0


@dataclass(frozen=True)
class Plain:
    text: str
    starts: tuple[int, ...]  # where each character of ``text`` starts in the original

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]`` (a non-empty span)."""
        return self.starts[start], self.starts[end - 1] + 1


def _is_space(ch: str) -> bool:
    # Line breaks are kept: a number or a name does not run on across lines.
    return ch == "\t" or ch in _WORD_BREAKS or unicodedata.category(ch) == "Zs"


def _plain_char(ch: str) -> str:
    """One character, or '' for an invisible one; spaces are handled by the caller."""
    if ord(ch) in _FULL_WIDTH:
        return chr(ord(ch) - _FULL_WIDTH_SHIFT)
    return "" if unicodedata.category(ch) == "Cf" else ch


def plain(text: str) -> Plain:
    """``text`` with every run of spaces one ' ', invisible characters dropped and full-width forms in ASCII."""
    chars: list[str] = []
    starts: list[int] = []
    for index, ch in enumerate(text):
        if _is_space(ch):
            if chars and chars[-1] == " ":
                continue  # the run goes on (an invisible character inside it changes nothing)
            new = " "
        else:
            new = _plain_char(ch)
            if not new:
                continue
        chars.append(new)
        starts.append(index)
    return Plain("".join(chars), tuple(starts))

"""Convert Vietnamese text in the legacy TCVN3 (ABC) and VNI encodings to Unicode.

Old Vietnamese documents were typed with 8-bit fonts: TCVN3 for the .VnTime
family, VNI for VNI-Times. Opened without those fonts, the bytes show up as
Windows-1252 (or Latin-1) characters. This module turns such strings back
into Unicode NFC, and can guess which encoding a string is in.

>>> decode_tcvn3("Céng hßa x· héi chñ nghÜa ViÖt Nam")
'Cộng hòa xã hội chủ nghĩa Việt Nam'
>>> to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
('Cộng hòa xã hội chủ nghĩa Việt Nam', 'vni')
>>> to_unicode("Café müller señor")
('Café müller señor', 'unicode')
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable

from .legacy_tables import (
    C1_TO_CP1252,
    TCVN3_DECODE,
    TCVN3_ENCODE,
    TCVN3_LOWERCASE_CODES,
    VI_LETTERS,
    VNI_DECODE,
    VNI_ENCODE,
)
from .tone_marks import is_vietnamese_syllable

__all__ = [
    "decode_tcvn3",
    "decode_vni",
    "detect_encoding",
    "encode_tcvn3",
    "encode_vni",
    "to_unicode",
]

_TCVN3_TABLE = str.maketrans(TCVN3_DECODE)
# A word is a run of letters or legacy code characters; TCVN3 codes such as
# "·" (ã) or the soft hyphen (ư) are not letters to the regex engine.
_TCVN3_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape("".join(TCVN3_DECODE)) + "])+")
# Two-character VNI pairs must be tried before the single-byte codes.
_VNI_CODE = re.compile("|".join(map(re.escape, sorted(VNI_DECODE, key=len, reverse=True))))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _caps_vote(word: str, decoded: str) -> bool | None:
    """Say whether a TCVN3 word was typed for a .VnTimeH (all capitals) font.

    The lowercase codes cannot tell, so the other letters vote: any lowercase
    letter means no; two or more capitals mean yes; otherwise undecided.
    Words without lowercase codes (ASCII acronyms like UBND) do not vote.
    """
    if not any(ch in TCVN3_LOWERCASE_CODES for ch in word):
        return None
    cased = [d for w, d in zip(word, decoded, strict=True) if w not in TCVN3_LOWERCASE_CODES and d.lower() != d.upper()]
    if any(d.islower() for d in cased):
        return False
    return True if len(cased) >= 2 else None


def decode_tcvn3(text: str) -> str:
    """Decode TCVN3 (ABC, .VnTime fonts) mojibake into Unicode NFC.

    TCVN3 has codes only for lowercase letters plus Ă Â Ê Ô Ơ Ư Đ; capitals
    with a tone came from drawing the lowercase codes in a .VnTimeH font. So
    lowercase codes decode to lowercase letters, except in words whose other
    letters are capitals ("HßA" becomes "HÒA"). A word too short to tell
    ("X·") follows the closest deciding word before it on the same line, or
    else the closest one after it.

    >>> decode_tcvn3("Tr\\xadêng §¹i häc B¸ch khoa Hµ Néi")
    'Trường Đại học Bách khoa Hà Nội'
    >>> decode_tcvn3("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM")
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    """
    text = text.translate(C1_TO_CP1252)
    words = list(_TCVN3_WORD.finditer(text))
    decoded = [m.group().translate(_TCVN3_TABLE) for m in words]
    votes = [_caps_vote(m.group(), d) for m, d in zip(words, decoded, strict=True)]
    # Line number of each word: a heading's capitals must not leak into the body text.
    lines = list(itertools.accumulate(text.count("\n", a.end(), b.start()) for a, b in itertools.pairwise(words)))
    lines.insert(0, 0)
    left = _carry(votes, lines)
    right = _carry(votes[::-1], lines[::-1])[::-1]
    out, pos = [], 0
    for i, m in enumerate(words):
        caps = votes[i] if votes[i] is not None else left[i] if left[i] is not None else right[i]
        out += [text[pos : m.start()], decoded[i].upper() if caps else decoded[i]]
        pos = m.end()
    out.append(text[pos:])
    return _nfc("".join(out))


def _carry(votes: list[bool | None], lines: list[int]) -> list[bool | None]:
    """For each word, the last vote cast by an earlier word on the same line."""
    carried: list[bool | None] = []
    last: bool | None = None
    for i, vote in enumerate(votes):
        if i and lines[i] != lines[i - 1]:
            last = None
        carried.append(last)
        if vote is not None:
            last = vote
    return carried


def decode_vni(text: str) -> str:
    """Decode VNI (VNI-Windows, VNI-Times fonts) mojibake into Unicode NFC.

    A vowel followed by its mark byte becomes one letter ("aø" is à, "AØ" is
    À); the single-byte codes for ơ ư đ ỵ and toned i are mapped too. Bytes
    0x80-0x9F are accepted in their Windows-1252 and Latin-1 readings.

    >>> decode_vni("Tröôøng Ñaïi hoïc Baùch khoa Haø Noäi")
    'Trường Đại học Bách khoa Hà Nội'
    """
    text = text.translate(C1_TO_CP1252)
    return _nfc(_VNI_CODE.sub(lambda m: VNI_DECODE[m.group()], text))


def encode_tcvn3(text: str) -> str:
    """Encode Unicode text as TCVN3 mojibake (the inverse of :func:`decode_tcvn3`).

    Capitals with a tone get their lowercase code, as a .VnTimeH font expects.
    Meant for tests and examples.

    >>> encode_tcvn3("Việt Nam")
    'ViÖt Nam'
    """
    return "".join(TCVN3_ENCODE.get(ch, TCVN3_ENCODE.get(ch.lower(), ch)) for ch in _nfc(text))


def encode_vni(text: str) -> str:
    """Encode Unicode text as VNI mojibake (the inverse of :func:`decode_vni`).

    >>> encode_vni("Việt Nam")
    'Vieät Nam'
    """
    return "".join(VNI_ENCODE.get(ch, ch) for ch in _nfc(text))


# Letters only Unicode can hold (ạ ư đ ...), or combining marks: legacy text never has them.
_UNICODE_ONLY = frozenset(ch for ch in VI_LETTERS if ord(ch) > 0xFF) | frozenset(chr(c) for c in range(0x300, 0x370))
_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape("".join(sorted(set(TCVN3_DECODE) | set("".join(VNI_DECODE))))) + "])+")
_MAX_WORDS = 5000  # enough to decide; keeps detection cheap on whole books
_MIN_GAIN = 2  # words and distinct codes: one alone is too easily a coincidence
_MIN_PRECISION = 0.75  # share of the telling words that must decode into syllables
_MIN_DENSITY = 0.15  # share of all words that must gain: Vietnamese marks most words


def _is_unicode(text: str) -> bool:
    return any(ch in _UNICODE_ONLY for ch in text)


def _words(text: str) -> list[str]:
    return [m.group() for m in itertools.islice(_WORD.finditer(text.translate(C1_TO_CP1252)), _MAX_WORDS)]


def _evidence(words: list[str], decode: Callable[[str], str]) -> tuple[int, int, int]:
    """Count words that become syllables when decoded, out of those that tell anything.

    Also count the distinct non-ASCII characters in the gaining words: real
    legacy text uses many codes, while Swedish "så då" gains twice with one.
    """
    gained = telling = 0
    codes: set[str] = set()
    for word in words:
        decoded = decode(word)
        if decoded == word or len(decoded) < 2:
            continue  # unchanged, or one letter like "ó" from French "où"
        before, after = is_vietnamese_syllable(word), is_vietnamese_syllable(decoded)
        if before and after:
            continue  # "cã" vs "có": both read as Vietnamese, so this proves nothing
        telling += 1
        if after:
            gained += 1
            codes.update(ch for ch in word if not ch.isascii())
    return gained, telling, len(codes)


def detect_encoding(text: str) -> str:
    """Guess whether ``text`` is ``"unicode"``, ``"tcvn3"`` or ``"vni"`` mojibake.

    Each legacy decoder is tried on every word. An encoding is chosen only
    when at least two words that were not Vietnamese syllables become
    syllables (using two different legacy codes), at least 75% of the words that change (and are not syllables
    both ways) do, and those gains are at least 15% of all words. A line that
    holds letters only Unicode has (ư, ạ, ...) is Unicode and has no say: a
    Unicode heading above a legacy paragraph leaves the paragraph to decide.
    When unsure, or when both encodings fit equally well, the answer is ``"unicode"``.

    >>> detect_encoding("Céng hßa x· héi chñ nghÜa ViÖt Nam")
    'tcvn3'
    >>> detect_encoding("Cộng hòa xã hội"), detect_encoding("Café müller señor")
    ('unicode', 'unicode')
    >>> detect_encoding("Kính gửi: Ủy ban\\nCéng hßa x· héi chñ nghÜa ViÖt Nam")
    'tcvn3'
    """
    text = "\n".join(line for line in text.split("\n") if not _is_unicode(line))
    words = _words(text)
    best, best_gain = "unicode", 0
    for name, decode in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        gained, telling, codes = _evidence(words, decode)
        if min(gained, codes) < _MIN_GAIN or gained < _MIN_PRECISION * telling or gained < _MIN_DENSITY * len(words):
            continue
        if gained > best_gain:
            best, best_gain = name, gained
        elif gained == best_gain:
            best = "unicode"  # both fit equally: unsure
    return best


_NAMES = {
    "auto": "auto",
    "unicode": "unicode",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "abc": "tcvn3",
    "vn3": "tcvn3",
    "vni": "vni",
    "vni-win": "vni",
    "vni-windows": "vni",
}


def to_unicode(text: str, encoding: str = "auto") -> tuple[str, str]:
    """Convert ``text`` to Unicode NFC; return ``(converted, encoding used)``.

    ``encoding`` is ``"auto"`` (use :func:`detect_encoding`), ``"unicode"``
    (only normalise), ``"tcvn3"`` or ``"vni"``; case is ignored and the
    aliases "abc", "vn3", "tcvn", "vni-win" and "vni-windows" are accepted.
    Text that mixes Unicode lines with legacy ones is converted line by line
    (see :func:`_decode_mixed`).

    >>> to_unicode("Xin chaøo", "vni")
    ('Xin chào', 'vni')
    >>> to_unicode("Tiêu đề\\nNgöôøi daân")
    ('Tiêu đề\\nNgười dân', 'vni')
    """
    name = _NAMES.get(encoding.strip().lower())
    if name is None:
        raise ValueError(f"unknown encoding {encoding!r}; use one of {sorted(_NAMES)}")
    if name == "auto":
        name = detect_encoding(text)
    decoders = {"tcvn3": decode_tcvn3, "vni": decode_vni}
    if name not in decoders:
        return _nfc(text), "unicode"
    if not _is_unicode(text):
        return decoders[name](text), name
    return _decode_mixed(text, decoders[name], explicit=encoding != "auto"), name


def _decode_mixed(text: str, decode: Callable[[str], str], *, explicit: bool) -> str:
    """Decode the legacy lines of a text that also holds Unicode lines, leaving the Unicode ones readable.

    Decoding a Unicode line would garble it ("Kính" reads as TCVN3 "Kớnh"), so a line holding letters only Unicode
    has stays as it is, except that an encoding named by the caller converts the words in it that only become
    Vietnamese when decoded (a legacy word pasted into Unicode text). A line without such letters is decoded unless
    its words give no reason to ("Tôi là Hà" reads as Vietnamese both ways and would become "Tụi là Hà").
    """
    decode_word = functools.lru_cache(maxsize=65536)(decode)  # a document repeats its few thousand syllables
    out = []
    for line in text.split("\n"):
        if not _is_unicode(line):
            gained, telling, _ = _evidence(_words(line), decode_word)
            out.append(decode(line) if telling and gained >= _MIN_PRECISION * telling else line)
        elif explicit:
            out.append(_WORD.sub(lambda m: _decoded_word(m.group(), decode_word), line))
        else:
            out.append(line)
    return _nfc("\n".join(out))


def _decoded_word(word: str, decode: Callable[[str], str]) -> str:
    """The word decoded when that turns it into a Vietnamese syllable it was not, else the word as it is."""
    if _is_unicode(word) or is_vietnamese_syllable(word):
        return word
    decoded = decode(word)
    return decoded if is_vietnamese_syllable(decoded) else word

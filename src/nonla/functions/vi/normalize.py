"""vi.normalize — clean Vietnamese text: Unicode NFC, legacy TCVN3/VNI → Unicode, one tone-mark style, tidy spacing.

>>> import nonla
>>> out = nonla.run("vi.normalize", text="Céng hßa x· héi chñ nghÜa ViÖt Nam")
>>> out.text, out.encoding
('Cộng hòa xã hội chủ nghĩa Việt Nam', 'tcvn3')
>>> nonla.run("vi.normalize", text="Hoà  bình ,thuỷ lợi", tone_style="old").text
'Hòa bình, thủy lợi'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.vi.diacritics_text import BARE_HOST
from nonla.functions.vi.legacy_encodings import decode_tcvn3, to_unicode
from nonla.functions.vi.legacy_tables import TCVN3_DECODE
from nonla.functions.vi.tone_marks import is_vietnamese_syllable, set_tone_style


class Input(BaseModel):
    text: Text
    tone_style: Literal["old", "new"] = Field(
        "old", description="'old' places marks as in hòa, thủy (most legal text); 'new' as in hoà, thuỷ."
    )
    encoding: Literal["auto", "unicode", "tcvn3", "vni"] = Field(
        "auto", description="Encoding of legacy text; 'auto' detects TCVN3 (ABC) and VNI and leaves Unicode alone."
    )
    tidy_spacing: bool = Field(True, description="Collapse repeated spaces and fix spaces around punctuation.")


class Output(BaseModel):
    text: str
    encoding: str = Field(description="The encoding the input was read as: unicode, tcvn3 or vni.")


CARD = Card(
    summary="Vietnamese text normalisation: NFC, TCVN3/VNI legacy encodings to Unicode, tone-mark style, spacing.",
    licence="Apache-2.0 (code and tables)",
    models=[],
    metrics={
        "UD-VTB test sentences exact, TCVN3 (ABC) → Unicode": 98.0,
        "UD-VTB test sentences exact, VNI → Unicode": 99.5,
        "UD-VTB test sentences exact, NFD → NFC": 100.0,
        "UD-VTB test sentences exact, Unicode unchanged": 100.0,
    },
    peers={
        "underthesea text_normalize, TCVN3 (ABC) → Unicode": 0.0,
        "underthesea text_normalize, VNI → Unicode": 0.0,
        "underthesea text_normalize, NFD → NFC": 99.75,
        "underthesea text_normalize, Unicode unchanged": 99.75,
    },
    evaluation="python evaluation/vi_normalize.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test sentences, encoded to TCVN3 and VNI and decomposed to NFD",
    risk=Risk.MINIMAL,
    intended_use="First step for text from old documents, scanned-and-typed archives, forms and chat.",
    limitations="TCVN3 cannot tell a toned capital from its small letter, so 'Ủy' may come back as 'ủy' at the start "
    "of a word; a single legacy word inside Unicode text is left as it is (pass encoding explicitly); words of other "
    "languages that look like Vietnamese syllables may get their accent moved by tone_style.",
    examples=[
        {"text": "Céng hßa x· héi chñ nghÜa ViÖt Nam"},
        {"text": "Hoà  bình ,thuỷ lợi", "tone_style": "old"},
        {"text": "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "encoding": "vni"},
    ],  # fmt: skip
)

# Zero-width space, word joiner and BOM carry nothing. ZWJ and ZWNJ stay: they hold emoji sequences (👨\u200d👩\u200d👧)
# together and are part of Persian, Indic and other scripts' spelling.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)
# A zero-width space marks a word break: between two letters it is the only thing keeping the words apart.
_ZWSP_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])\u200b+(?=[^\W\d_])")
# A word as TCVN3 wrote it: letters and code characters, among them the soft hyphen that stands for ư.
_LEGACY_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape("".join(TCVN3_DECODE)) + "])+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A space before punctuation is dropped only where the mark ends a word: not in emoticons (":)", ":D", ":v"), nor
# before '.NET' or '.5'. ' ,word' is the comma typed on the wrong side of the space; ';)' is a wink, ';' before a
# letter is taken for that typo too.
_BEFORE_PUNCT = re.compile(r" +([,;](?=[^\W\d_])|[,;:](?=[\s,.!?…]|$)|[.!?%…)\]}](?=[\s,.;:!?…)\]}\"'”’»]|$))")
# A bracket after ':', ';' or '=' is an emoticon's mouth (":( hẹn"), not an opening bracket.
_AFTER_OPEN = re.compile(r"(?<![:;=])([(\[{]) +")
# A comma or semicolon glued to the next word ("a,b" in prose), but not in numbers (1,5) or lists of digits.
_AFTER_PUNCT = re.compile(r"([,;])(?=[^\W\d_])")


# each alternative starts only where its run starts (same matches as leftmost search): tried from every letter, a
# 50,000-letter run without spaces took 6 s, growing with the square of its length. Links typed without a scheme
# ("www.x.vn/tim?a=1,2", "dichvucong.gov.vn/a;b") count when they start with www. or have a path.
_PROTECTED = re.compile(
    rf"((?<!\S)(?:\S+://|www\.)\S+|(?<!\S){BARE_HOST}/\S*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)


def _fix_punctuation(part: str) -> str:
    return _AFTER_PUNCT.sub(r"\1 ", _AFTER_OPEN.sub(r"\1", _BEFORE_PUNCT.sub(r"\1", part)))


def tidy(text: str) -> str:
    """Whitespace and punctuation spacing, line by line; never touches URLs, numbers or line structure.

    >>> tidy("  Xin   chào ,thế giới ( ok )  \\r\\n\\r\\n\\r\\n  Giá 1,5 triệu  ")
    'Xin chào, thế giới (ok)\\n\\nGiá 1,5 triệu'
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = _PROTECTED.split(_SPACES.sub(" ", line).strip())
        # Odd parts are URLs and e-mails (the split keeps them): their commas and dots are not punctuation.
        lines.append("".join(p if i % 2 else _fix_punctuation(p) for i, p in enumerate(parts)))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _soft_hyphen(m: re.Match[str]) -> str:
    """A real soft hyphen is dropped; one in a TCVN3 word that Unicode detection left alone is that word's ư, and the
    card promises such a word is left as it is."""
    word = m[0]
    if "\xad" not in word or is_vietnamese_syllable(decode_tcvn3(word)):
        return word
    return word.replace("\xad", "")


def normalize(item: Input) -> Output:
    # Decode first: TCVN3 stores ư as byte 0xAD, which reads as a soft hyphen until decoded.
    text, encoding = to_unicode(unicodedata.normalize("NFC", item.text), item.encoding)
    text = _ZWSP_BETWEEN_LETTERS.sub(" ", text).translate(_INVISIBLE)
    if "\xad" in text:
        text = _LEGACY_WORD.sub(_soft_hyphen, text)
    text = set_tone_style(text, item.tone_style)
    if item.tidy_spacing:
        text = tidy(text)
    return Output(text=text, encoding=encoding)


@function("vi.normalize", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    return [normalize(item) for item in batch]

"""text.language — which language a text is in (ISO 639-1), including Vietnamese typed without diacritics.

>>> import nonla
>>> out = nonla.run("text.language", text="toi muon dang ky tam tru cho con")
>>> out.language
'vi'
>>> nonla.run("text.language", text="The court adjourned the hearing until Monday.").language
'en'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models

LANGID_MODEL = ModelRef("py3langid", "0.3", sha256="f4f4a2c3465ca1f081541037f9cac23021d68151c2f709c55ae5eedfca522963",
                        file="data/model.npz.xz", source="package:py3langid", licence="BSD-3-Clause")  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Vietnamese written without marks is all valid syllables; other languages (English included) rarely are.
SYLLABLE_SHARE = 0.9
# Emoji and pictographs (with their joiners, variation selectors and tags) say nothing about the language, yet langid
# reads their bytes as n-grams: "toi muon dang ky tam tru 😭" came out as Central Bikol. They are read as spaces.
_SYMBOLS = re.compile(
    "[\u2190-\u2bff\u3030\u303d\u3297\u3299\u200d\ufe0e\ufe0f\U0001f000-\U0001faff\U000e0020-\U000e007f]+"
)


class Input(BaseModel):
    text: Text


class Output(BaseModel):
    language: str = Field(description="ISO 639-1 code, e.g. 'vi', 'en', 'fr'")
    confidence: float = Field(ge=0, le=1)
    diacritics: bool = Field(description="False when Vietnamese text was typed without tone or vowel marks")


CARD = Card(
    summary="Language identification (97 languages) that also recognises Vietnamese typed without diacritics.",
    languages=["vi", "en", "*"],
    licence="Apache-2.0 (code); model: py3langid (BSD-3-Clause)",
    models=[LANGID_MODEL],
    metrics={
        "accuracy % Vietnamese, with diacritics": 100.0,
        "accuracy % Vietnamese, without diacritics": 100.0,
        "accuracy % en (fortunes)": 100.0,
        "accuracy % de (fortunes)": 97.67,
        "accuracy % es (fortunes)": 98.0,
        "accuracy % it (fortunes)": 96.67,
    },
    peers={
        "py3langid accuracy % Vietnamese, with diacritics": 100.0,
        "py3langid accuracy % Vietnamese, without diacritics": 77.25,
        "py3langid accuracy % en (fortunes)": 100.0,
        "py3langid accuracy % de (fortunes)": 97.67,
        "py3langid accuracy % es (fortunes)": 98.0,
        "py3langid accuracy % it (fortunes)": 96.67,
    },
    evaluation="python evaluation/text_language.py",
    evaluation_data="UD Vietnamese-VTB test sentences (800, with and without diacritics) and non-Vietnamese sentences",
    risk=Risk.MINIMAL,
    intended_use="Routing text to the right pipeline; flagging text without diacritics for vi.diacritics.",
    examples=[
        {"text": "toi muon dang ky tam tru"},
        {"text": "Tôi muốn đăng ký tạm trú."},
        {"text": "The hearing was adjourned."},
    ],
    limitations="Very short inputs (one or two words) are often ambiguous; mixed-language text gets the dominant language.",
)


def _load(path: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier.from_model_file(path, norm_probs=True)


def vietnamese_share(words: list[str]) -> float:
    """Share of Vietnamese syllables among the words. Vietnamese text is full of foreign names and abbreviations,
    so a capitalised non-syllable counts half against, and one letter or an all-caps abbreviation not at all.

    >>> vietnamese_share("Khach tu gioi thieu ten Hung que Bac Ninh lam o cong ty TNHH K".split())
    1.0
    >>> round(vietnamese_share("the cat is on the mat".split()), 3)
    0.833
    """
    from nonla.functions.vi.tone_marks import is_vietnamese_syllable

    valid, invalid = 0, 0.0
    for word in words:
        if is_vietnamese_syllable(word):
            valid += 1
        elif len(word) > 1 and not word.isupper():
            invalid += 1.0 if word.islower() else 0.5
    return valid / (valid + invalid) if valid >= 2 else 0.0


def without_symbols(text: str) -> str:
    """The text as langid should read it: emoji and other pictographs read as spaces.

    >>> without_symbols("cam on shop nhieu nha😍😍 ❤️")
    'cam on shop nhieu nha   '
    """
    return text if text.isascii() else _SYMBOLS.sub(" ", text)


def identify(identifier: Any, text: str) -> Output:
    from nonla.functions.vi.unmarked import typed_without_marks

    lang, prob = identifier.classify(without_symbols(text))
    words = _WORD.findall(text)
    # Whether it was typed without marks is decided by its letters only (as vi.diacritics decides it): an emoji, a
    # "…" or curly quotes from a phone keyboard do not make "toi muon dang ky" marked.
    plain = typed_without_marks(text)
    if lang != "vi" and plain and len(words) >= 2:
        share = vietnamese_share(words)
        if share >= SYLLABLE_SHARE:
            # Every word is a Vietnamese syllable with its marks dropped: langid, trained on marked text, cannot see it.
            return Output(language="vi", confidence=round(min(0.99, share * (1 - prob / 2)), 4), diacritics=False)
    diacritics = not (lang == "vi" and plain)
    return Output(language=lang, confidence=round(float(prob), 4), diacritics=diacritics)


@function("text.language", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    identifier = models.load(LANGID_MODEL, _load)
    return [identify(identifier, item.text) for item in batch]

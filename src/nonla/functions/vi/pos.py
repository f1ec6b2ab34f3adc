"""vi.pos — Universal part-of-speech tags for Vietnamese words, with character offsets.

>>> import nonla
>>> [(t.word, t.tag) for t in nonla.run("vi.pos", text="Tòa án tuyên phạt bị cáo 3 năm tù.").tokens]
[('Tòa án', 'NOUN'), ('tuyên phạt', 'VERB'), ('bị cáo', 'NOUN'), ('3', 'NUM'), ('năm', 'NOUN'), ('tù', 'NOUN'), ('.', 'PUNCT')]
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, model_validator

from nonla.core.config import MAX_TEXT_CHARS
from nonla.core.errors import InvalidInput
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models
from nonla.functions.vi.pos_features import sentence_features
from nonla.functions.vi.segmenter import WORD_MODEL, Token, nfc, without_format, word_model
from nonla.functions.vi.unmarked import as_if_marked

POS_MODEL = ModelRef("vi-pos-crf", "2026.11", sha256="8a084fe0067a9643b6a135172360be8af7c6f48c4ef3441ba1fb54c66992c519",
                     file="vi-pos-crf/model.crfsuite", licence="CC BY-SA 4.0 (trained on UD Vietnamese-VTB)")  # fmt: skip
MAX_WORDS_PER_SEQUENCE = 300  # CRF decoding is linear, but one tag sequence per sentence-sized piece keeps memory flat


class Input(BaseModel):
    text: Text
    # Each word is Text: an empty or invisible word would be located at no width and tagged as if it were one.
    words: list[Text] | None = Field(
        None, description="Optional: the text already split into words (e.g. by vi.words); they must appear in order."
    )
    restore_diacritics: bool = Field(
        True,
        description="Tag text typed without diacritics as if it had them (marks restored by vi.diacritics, words "
        "still cut from the text as typed): far more accurate, see the card.",
    )

    @model_validator(mode="after")
    def _words_fit(self) -> Input:
        if self.words is not None and (not self.words or sum(map(len, self.words)) > MAX_TEXT_CHARS):
            raise ValueError("words must be a non-empty list no longer than the text limit")
        return self


class Tagged(BaseModel):
    word: str
    tag: str = Field(description="Universal POS tag (UPOS): NOUN, VERB, ADJ, PROPN, ADP, ...")
    start: int
    end: int


class Output(BaseModel):
    tokens: list[Tagged]


CARD = Card(
    summary="Vietnamese part-of-speech tagging with Universal POS tags (CRF trained by nonla on UD-VTB).",
    licence="Apache-2.0 (code); model trained by nonla on UD Vietnamese-VTB train+dev, CC BY-SA 4.0",
    models=[POS_MODEL, WORD_MODEL],
    metrics={
        "UD-VTB test UPOS accuracy % (gold words)": 89.69,
        "UD-VTB test UPOS accuracy % (own segmentation)": 87.93,
        "UD-VTB test UPOS accuracy % (own segmentation, without diacritics)": 80.52,
        "UD-VTB test UPOS accuracy % (own segmentation, without diacritics, marks not restored)": 39.88,
    },
    peers={
        "pyvi ViPosTagger (gold words) accuracy %": 88.09,
        "underthesea pos_tag model (gold words) accuracy %": 89.22,
        "underthesea.pos_tag (own segmentation) accuracy %": 85.31,
    },
    evaluation="python evaluation/vi_pos.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test, 800 sentences / 11,692 words, not used for training",
    risk=Risk.MINIMAL,
    intended_use="Tagging for search, keyword extraction and linguistic analysis of Vietnamese text.",
    limitations="Trained on 2,523 sentences of news-style text; AUX vs VERB and NOUN vs PROPN in lower-case names are "
    "the commonest errors; words the model never saw are tagged with about 72 % accuracy. Text typed without "
    "diacritics is tagged with its marks restored (vi.diacritics), about 7 points less accurate than marked text.",
    examples=[
        {"text": "Tòa án tuyên phạt bị cáo 3 năm tù."},
        {"text": "Tôi muốn đăng ký tạm trú cho con."},
        {"text": "bắt chuyện với Hùng", "words": ["bắt chuyện", "với", "Hùng"]},
    ],  # fmt: skip
)


class PosTagger:
    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.lock = threading.Lock()  # a crfsuite Tagger holds per-call state

    def tag(self, words: list[str]) -> list[str]:
        tags: list[str] = []
        for start in range(0, len(words), MAX_WORDS_PER_SEQUENCE):
            features = sentence_features(words[start : start + MAX_WORDS_PER_SEQUENCE])
            with self.lock:
                tags.extend(self.tagger.tag(features))
        return tags


def _locate(text: str, words: list[str]) -> list[Token]:
    tokens, cursor = [], 0
    for word in words:
        at = text.find(word, cursor)
        if at < 0:
            raise InvalidInput(f"The word {word[:40]!r} is not in the text after position {cursor}.",
                               hint="Send words exactly as they appear in the text, in order, or leave 'words' out.")  # fmt: skip
        tokens.append(Token(word, at, at + len(word)))
        cursor = at + len(word)
    return tokens


def tag_text(text: str, reading: str, words: list[str] | None, tagger: PosTagger, segmenter: Any) -> Output:
    """Tags of ``text`` read as ``reading`` (the same text, its marks restored or not: offsets agree)."""
    tokens = _locate(text, [nfc(w) for w in words]) if words else segmenter.words(reading)
    # the tagger reads each word without its format characters: a soft hyphen is no part of its spelling
    tags = tagger.tag([without_format(reading[t.start : t.end]) for t in tokens]) if tokens else []
    return Output(tokens=[Tagged(word=text[t.start : t.end], tag=g, start=t.start, end=t.end)
                          for t, g in zip(tokens, tags, strict=True)])  # fmt: skip


@function("vi.pos", version=1, card=CARD, batch_size=128)
def run(batch: list[Input], models: Models) -> list[Output]:
    tagger = models.load(POS_MODEL, PosTagger)
    segmenter = word_model(models)
    texts = [nfc(item.text) for item in batch]
    readings = as_if_marked(texts, [item.restore_diacritics for item in batch])
    return [tag_text(text, reading, item.words, tagger, segmenter)
            for item, text, reading in zip(batch, texts, readings, strict=True)]  # fmt: skip

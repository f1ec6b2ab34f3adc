"""vi.words — Vietnamese word segmentation.

>>> import nonla
>>> nonla.run("vi.words", text="Bộ luật Hình sự năm 2015").words
['Bộ luật', 'Hình sự', 'năm', '2015']
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.vi.segmenter import WORD_MODEL, WORD_NGRAMS, nfc, word_model
from nonla.functions.vi.unmarked import as_if_marked
from nonla.functions.vi.word_ensemble import ENSEMBLE_MODEL, UTS_WORDS, VIET74K, ensemble


class Input(BaseModel):
    text: Text = Field(description="Vietnamese text (Unicode; legacy TCVN3/VNI text: run vi.normalize first).")
    restore_diacritics: bool = Field(
        True,
        description="Segment text typed without diacritics as if it had them (marks restored by vi.diacritics, "
        "words still cut from the text as typed): far more accurate, see the card.",
    )


class Output(BaseModel):
    words: list[str] = Field(
        description="Words in order; a multi-syllable word keeps spaces between syllables, as in UD."
    )
    spans: list[tuple[int, int]] = Field(description="Start and end character offsets of each word in the NFC text.")


CARD = Card(
    summary="Vietnamese word segmentation (multi-syllable words joined, with character offsets).",
    languages=["vi"],
    licence="Apache-2.0 (code); model: pyvi 0.1.1 CRF, MIT",
    models=[WORD_MODEL, WORD_NGRAMS],
    metrics={
        "UD-VTB test word F1": 97.43,
        "UD-VTB test word precision": 97.08,
        "UD-VTB test word recall": 97.78,
        "UD-VTB test word F1, without diacritics": 94.47,
        "UD-VTB test word F1, without diacritics, marks not restored": 74.08,
    },
    peers={
        "pyvi 0.1.1 F1": 97.43,
        "underthesea 9.5 F1": 95.7,
        "pyvi 0.1.1 F1, without diacritics": 74.08,
        "underthesea 9.5 F1, without diacritics": 64.65,
    },
    evaluation="python evaluation/vi_words.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test, 800 sentences (CC BY-SA 4.0), not used for training",
    risk=Risk.MINIMAL,
    intended_use="Tokenising Vietnamese text for search, tagging and downstream models.",
    examples=[{"text": "Tòa án nhân dân tối cao ban hành nghị quyết."}, {"text": "Tôi muốn đăng ký tạm trú cho con."}],
    limitations="CRF over syllables trained on news text (VLSP 2013); rarer legal and technical compounds and "
    "proper names in lower case are split more often. Text typed without diacritics is segmented with its marks "
    "restored (vi.diacritics) and loses about 3 points of F1; where a mark is restored wrongly, the word around it "
    "may be split wrongly too.",
)


def segment(batch: list[Input], segmenter: Any) -> list[Output]:
    texts = [nfc(item.text) for item in batch]
    readings = as_if_marked(texts, [item.restore_diacritics for item in batch])
    outputs = []
    for text, reading in zip(texts, readings, strict=True):
        tokens = segmenter.words(reading)
        outputs.append(Output(words=[text[t.start : t.end] for t in tokens], spans=[(t.start, t.end) for t in tokens]))
    return outputs


@function("vi.words", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    return segment(batch, word_model(models))


CARD_V2 = CARD.model_copy(
    update={
        "summary": "Vietnamese word segmentation, accurate: a CRF trained by nonla on UD-VTB that stacks the pyvi and "
        "underthesea segmenters with a compound dictionary.",
        "licence": "Apache-2.0 (code); model trained by nonla on UD Vietnamese-VTB (CC BY-SA 4.0); uses pyvi (MIT) "
        "and underthesea (GPL-3.0) models from their packages",
        "models": [ENSEMBLE_MODEL, WORD_MODEL, UTS_WORDS, VIET74K],
        "metrics": {
            "UD-VTB test word F1": 98.16,
            "UD-VTB test word precision": 98.18,
            "UD-VTB test word recall": 98.14,
            "UD-VTB test word F1, without diacritics": 95.06,
            "UD-VTB test word F1, without diacritics, marks not restored": 75.06,
        },
        "peers": {
            "pyvi 0.1.1 F1": 97.43,
            "underthesea 9.5 F1": 95.7,
            "pyvi 0.1.1 F1, without diacritics": 74.08,
            "underthesea 9.5 F1, without diacritics": 64.65,
        },
        "evaluation": "python evaluation/vi_words.py --version 2",
        "limitations": "About 4x slower than vi.words@1 (three CRFs per sentence); trained on 2,523 news sentences, so "
        "legal and technical compounds outside the dictionaries are split more often. Text typed without diacritics "
        "is segmented with its marks restored (vi.diacritics) and loses about 3 points of F1.",
    }
)


@function("vi.words", version=2, card=CARD_V2, batch_size=128)
def run_v2(batch: list[Input], models: Models) -> list[Output]:
    return segment(batch, ensemble(models))

"""vi.diacritics — restore tone marks and đ in Vietnamese typed without them.

>>> import nonla
>>> out = nonla.run("vi.diacritics", text="Toa an nhan dan toi cao")
>>> out.text, out.changed
('Tòa án nhân dân tối cao', 5)
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models

if TYPE_CHECKING:  # numpy and the model code load on first call, not with the catalogue
    from nonla.functions.vi.diacritics_decode import Restorer

DIACRITICS_MODEL = ModelRef("vi-diacritics-lm", "2026.11.3", sha256="6f7c42456ecebbec0df25f6fd22360734e9c8af6fce8413943ca350451bafa69",
                            file="vi-diacritics-lm/lm.zip",
                            licence="CC BY-SA 4.0 (trained by nonla on UD Vietnamese-VTB train+dev, Vietnamese laws, "
                                    "wordfreq's Vietnamese frequencies by Robyn Speer et al., pyvi's and underthesea's "
                                    "word lists, the administrative units' names (MIT) and everyday text written by "
                                    "nonla (CC0))")  # fmt: skip


class Input(BaseModel):
    text: Text = Field(description="Vietnamese text typed without marks (some words may already carry them).")


class Output(BaseModel):
    text: str = Field(
        description="The text (NFC) with marks restored; only letters of unaccented syllables change, never spacing, "
        "punctuation, numbers, URLs, e-mails, accented or foreign words."
    )
    changed: int = Field(description="How many syllables got marks.")


CARD = Card(
    summary="Restore Vietnamese tone marks and đ (syllable 4-gram model trained by nonla, with dictionary words, "
    "general-text syllable frequencies and the names of the administrative units mixed in; beam search).",
    languages=["vi"],
    licence="Apache-2.0 (code); model trained by nonla on UD Vietnamese-VTB train+dev (CC BY-SA 4.0), laws, "
    "wordfreq 3.1.1 Vietnamese frequencies (data CC BY-SA 4.0, Robyn Speer et al.), the word lists of pyvi "
    "(MIT) and underthesea (Apache-2.0), the 2025 and former administrative units (MIT) and everyday text nonla "
    "wrote (CC0: sentiment training sentences and few-shot examples)",
    models=[DIACRITICS_MODEL],
    metrics={
        "UD-VTB test syllable accuracy %": 87.62,
        "UD-VTB test sentence accuracy %": 19.0,
        "legal held-out syllable accuracy %": 99.07,
        "legal held-out sentence accuracy %": 83.17,
        "citizen feedback test syllable accuracy %": 87.61,
        "citizen feedback test sentence accuracy %": 11.71,
    },
    peers={
        "pyvi 0.1.1 add_accents UD-VTB test syllable accuracy %": 65.76,
        "pyvi 0.1.1 add_accents UD-VTB test sentence accuracy %": 1.25,
        "pyvi 0.1.1 add_accents legal held-out syllable accuracy %": 72.52,
        "pyvi 0.1.1 add_accents legal held-out sentence accuracy %": 1.0,
        "pyvi 0.1.1 add_accents citizen feedback test syllable accuracy %": 61.65,
        "pyvi 0.1.1 add_accents citizen feedback test sentence accuracy %": 0.0,
    },
    evaluation="python evaluation/vi_diacritics.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test with marks removed (800 sentences, not used for training); "
    "600 lines of the 11 laws held out from training (tests/data/vi_diacritics/legal_heldout.tsv); the 111 "
    "citizens' messages of the civic test split typed with marks, marks removed (tests/data/civic/messages.jsonl; "
    "the model never trained on that set)",
    risk=Risk.LIMITED,
    intended_use="Making unaccented Vietnamese (chat, SMS, search queries, old forms) readable and searchable "
    "before other functions run on it; a person should review text that matters.",
    limitations="Trained on about 60,000 syllables of news and fiction, some 7,000 of reviews and requests and 4 "
    "million of legal text, plus word frequencies and dictionary words without context: on news text about 1 "
    "syllable in 8 gets a wrong mark where the context was never seen (cô/có, đá/đã, nhưng/những, con/còn), on "
    "citizens' feedback about 1 in 8 (place names after phường, xã, tỉnh come out right: the names of every "
    "administrative unit, old and new, are in the model), far fewer on legal text. Names the model never saw stay "
    "unaccented. Tone marks follow the old style (hòa, thủy). English runs "
    "are left alone only when many of their words cannot be Vietnamese.",
    examples=[
        {"text": "Toa an nhan dan toi cao"},
        {"text": "Toi muon dang ky tam tru cho con o Ha Noi."},
        {"text": "Xem huong dan tai https://dichvucong.gov.vn truoc 15/12."},
    ],
)


def _load(path: Path) -> Restorer:
    from nonla.functions.vi.diacritics_decode import Restorer
    from nonla.functions.vi.diacritics_lm import NgramModel

    return Restorer(NgramModel.load(path))


@function("vi.diacritics", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    restorer = models.load(DIACRITICS_MODEL, _load)
    texts = [unicodedata.normalize("NFC", item.text) for item in batch]
    return [Output(text=text, changed=changed) for text, changed in restorer.restore(texts)]

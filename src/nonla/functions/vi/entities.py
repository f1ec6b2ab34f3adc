"""vi.entities — people, places and organisations in Vietnamese text, with character offsets.

>>> import nonla
>>> out = nonla.run("vi.entities", text="Ông Nguyễn Văn An sống tại Hà Nội.")
>>> [(e.type, e.text) for e in out.entities]
[('PER', 'Nguyễn Văn An'), ('LOC', 'Hà Nội')]
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models
from nonla.functions.vi.segmenter import nfc
from nonla.functions.vi.sentences import ABBREVIATIONS, load_abbreviations, split

NER_MODEL = ModelRef("underthesea-ner-crf", "9.5.0", sha256="62e7435bb3af0baa9ba0fc2a2436a016c51f34b315cc02da6e45b50fa3a41cee",
                     file="pipeline/ner/ner_crf_2017_10_12.bin", source="package:underthesea",
                     licence="GPL-3.0 (underthesea package)")  # fmt: skip

_TAGGER_LOCK = (
    threading.Lock()
)  # underthesea keeps one CRF tagger per process, and crfsuite taggers are not thread-safe
EntityType = Literal["PER", "LOC", "ORG"]


class Input(BaseModel):
    text: Text


class Entity(BaseModel):
    type: EntityType
    start: int
    end: int
    text: str


class Output(BaseModel):
    entities: list[Entity]


CARD = Card(
    summary="Named entities (PER, LOC, ORG) in Vietnamese text with character offsets.",
    licence="Apache-2.0 (code); model: underthesea 9.5 CRF NER (GPL-3.0), used from the installed package",
    models=[NER_MODEL, ABBREVIATIONS],
    metrics={
        "PER F1 (test, exact span)": 82.01,
        "LOC F1 (test, exact span)": 9.84,
        "ORG F1 (test, exact span)": 0.0,
        "all F1 (test, exact span)": 30.24,
    },
    peers={
        "underthesea 9.5 ner PER F1": 82.25,
        "underthesea 9.5 ner LOC F1": 9.84,
        "underthesea 9.5 ner ORG F1": 0.0,
        "underthesea 9.5 ner all F1": 30.27,
    },
    evaluation="python evaluation/vi_entities.py",
    evaluation_data="tests/data/entities/test.jsonl: 200 sentences we annotated (laws, complaints, judgments, news)",
    risk=Risk.LIMITED,
    intended_use="Finding names, places and organisations for search facets, redaction and routing.",
    examples=[
        {"text": "Ông Nguyễn Văn An sống tại Hà Nội."},
        {"text": "Bị cáo Trần Văn Bình bị Tòa án nhân dân tỉnh Nghệ An xét xử."},
    ],
    limitations="CRF trained on VLSP 2016 news; misses names written in lower case or without diacritics and often "
    "labels organisation names that start with a place as LOC.",
)


def _load_ner(path: Path) -> Any:
    # underthesea loads this exact file (sha256 checked by the cache) on its first call; we warm it here.
    from underthesea import ner

    ner("Hà Nội")
    return ner


def _spans(sentence: str, offset: int, tagged: list[tuple[str, ...]]) -> list[Entity]:
    entities: list[Entity] = []
    cursor = 0
    current: list[Any] | None = None  # [type, start, end]
    for token in tagged:
        word, tag = token[0], token[-1]
        pattern = r"\s*".join(re.escape(part) for part in word.split())
        match = re.compile(pattern).search(sentence, cursor) if pattern else None
        if match is None:  # the tagger changed the text of this token: leave it out rather than guess its place
            current = None
            continue
        cursor = match.end()
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind in ("PER", "LOC", "ORG") and (tag.startswith("B-") or current is None or current[0] != kind):
            current = [kind, match.start(), match.end()]
            entities.append(Entity(type=kind, start=0, end=0, text=""))
        elif kind in ("PER", "LOC", "ORG") and current is not None:
            current[2] = match.end()
        else:
            current = None
            continue
        entities[-1] = Entity(type=current[0], start=offset + current[1], end=offset + current[2],
                              text=sentence[current[1] : current[2]])  # fmt: skip
    return entities


MAX_PIECE = 400  # underthesea's tokenizer slows down super-linearly on long unpunctuated runs: feed it short pieces


def pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence longer than MAX_PIECE cut at the last space before the limit."""
    out = []
    for start, end in spans:
        while end - start > MAX_PIECE:
            cut = text.rfind(" ", start + 1, start + MAX_PIECE)
            cut = cut if cut > start else start + MAX_PIECE
            out.append((start, cut))
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        out.append((start, end))
    return out


@function("vi.entities", version=1, card=CARD, batch_size=32)
def run(batch: list[Input], models: Models) -> list[Output]:
    ner = models.load(NER_MODEL, _load_ner)
    abbreviations = models.load(ABBREVIATIONS, load_abbreviations)
    outputs = []
    for item in batch:
        text = nfc(item.text)
        found: list[Entity] = []
        for start, end in pieces(text, split(text, abbreviations)):
            with _TAGGER_LOCK:
                tagged = ner(text[start:end])
            found.extend(_spans(text[start:end], start, tagged))
        outputs.append(Output(entities=found))
    return outputs

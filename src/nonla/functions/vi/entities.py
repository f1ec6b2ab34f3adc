"""vi.entities — people, places and organisations in Vietnamese text, with character offsets.

Version 1 is underthesea's CRF (PER, LOC, ORG). Version 2 adds DATE, MONEY and LAW and follows our annotation
guidelines (tests/data/entities/GUIDELINES.md): patterns and gazetteers (``entities_*.py``) with the CRF filling gaps.

>>> import nonla
>>> out = nonla.run("vi.entities@1", text="Ông Nguyễn Văn An sống tại Hà Nội.")
>>> [(e.type, e.text) for e in out.entities]
[('PER', 'Nguyễn Văn An'), ('LOC', 'Hà Nội')]
>>> out = nonla.run("vi.entities@2", text="Công an huyện Lạc Dương phạt ông An 2 triệu đồng theo Nghị định 100/2019/NĐ-CP.")
>>> [(e.type, e.text) for e in out.entities]
[('ORG', 'Công an huyện Lạc Dương'), ('PER', 'An'), ('MONEY', '2 triệu đồng'), ('LAW', 'Nghị định 100/2019/NĐ-CP')]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models
from nonla.functions.vi.entities_gazetteer import GAZETTEER, load_gazetteer
from nonla.functions.vi.entities_merge import recognise
from nonla.functions.vi.entities_text import fold, key
from nonla.functions.vi.plain import plain
from nonla.functions.vi.segmenter import nfc
from nonla.functions.vi.sentences import ABBREVIATIONS, load_abbreviations, split
from nonla.functions.vi.unmarked import as_if_marked
from nonla.functions.vi.uts_cascade import Cascade
from nonla.functions.vi.word_ensemble import VIET74K

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
    # underthesea's own taggers load this exact file (sha256 checked by the cache); the cascade builds their
    # features in linear time (uts_cascade), with the tags underthesea's ner() gives.
    cascade = Cascade()
    cascade.ner("Hà Nội")
    return cascade.ner


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


def crf_entities(
    text: str, ner: Any, abbreviations: frozenset[str], wanted: Callable[[int, int], bool] | None = None
) -> list[Entity]:
    """underthesea's entities in ``text``, sentence piece by piece (only the pieces ``wanted`` accepts)."""
    found: list[Entity] = []
    seen: dict[str, Any] = {}  # a repeated piece is tagged once: the CRF is the slow part and is deterministic
    for start, end in pieces(text, split(text, abbreviations)):
        if wanted is not None and not wanted(start, end):
            continue
        piece = text[start:end]
        if piece not in seen:
            with _TAGGER_LOCK:
                seen[piece] = ner(piece)
        found.extend(_spans(piece, start, seen[piece]))
    return found


@function("vi.entities", version=1, card=CARD, batch_size=32)
def run(batch: list[Input], models: Models) -> list[Output]:
    ner = models.load(NER_MODEL, _load_ner)
    abbreviations = models.load(ABBREVIATIONS, load_abbreviations)
    return [Output(entities=crf_entities(nfc(item.text), ner, abbreviations)) for item in batch]


class InputV2(Input):
    restore_diacritics: bool = Field(
        True,
        description="Find the entities of text typed without diacritics as if it had them (marks restored by "
        "vi.diacritics; spans and texts still those of the text as typed): far more accurate, see the card.",
    )


EntityTypeV2 = Literal["PER", "LOC", "ORG", "DATE", "MONEY", "LAW"]


class EntityV2(BaseModel):
    type: EntityTypeV2
    start: int
    end: int
    text: str


class OutputV2(BaseModel):
    entities: list[EntityV2]


def load_compounds(path: Path) -> frozenset[str]:
    """Multi-syllable words of Viet74K, keyed like every lexicon (``entities_text.lookup_key``, both spellings):
    they tell where a capitalised word of a name ends and whether a capitalised syllable is a common word."""
    entries = [" ".join(line.split()) for line in nfc(path.read_text(encoding="utf-8")).splitlines()]
    entries = [entry for entry in entries if 1 <= entry.count(" ") <= 3]
    return frozenset(key(entry) for entry in entries) | frozenset(fold(entry) for entry in entries)


CARD_V2 = CARD.model_copy(
    update={
        "summary": "Named entities in Vietnamese text with character offsets: people, places, organisations, dates, "
        "amounts of money and legal references (PER, LOC, ORG, DATE, MONEY, LAW), following nonla's guidelines.",
        "licence": "Apache-2.0 (code); gazetteer built by nonla from Vietnamese administrative units (MIT) and law "
        "titles (public statutes); underthesea 9.5 CRF NER and Viet74K word list (GPL-3.0), used from the package",
        "models": [GAZETTEER, NER_MODEL, ABBREVIATIONS, VIET74K],
        "metrics": {
            "PER F1 (test, exact span)": 96.7,
            "LOC F1 (test, exact span)": 96.84,
            "ORG F1 (test, exact span)": 92.59,
            "DATE F1 (test, exact span)": 99.28,
            "MONEY F1 (test, exact span)": 100.0,
            "LAW F1 (test, exact span)": 100.0,
            "all F1 (test, exact span)": 96.78,
            "all F1 (test, exact span, without diacritics)": 92.18,
            "all F1 (test, exact span, without diacritics, marks not restored)": 73.96,
        },
        "peers": {  # underthesea.ner has no DATE, MONEY or LAW type: 0 by construction
            "underthesea 9.5 ner PER F1": 82.25,
            "underthesea 9.5 ner LOC F1": 9.84,
            "underthesea 9.5 ner ORG F1": 0.0,
            "underthesea 9.5 ner DATE F1": 0.0,
            "underthesea 9.5 ner MONEY F1": 0.0,
            "underthesea 9.5 ner LAW F1": 0.0,
            "underthesea 9.5 ner all F1": 26.62,
            "underthesea 9.5 ner all F1, without diacritics": 10.41,
        },
        "evaluation": "python evaluation/vi_entities.py --version 2",
        "intended_use": "Finding names, places, organisations, dates, amounts and cited laws in complaints, judgments "
        "and legal texts for search facets, redaction, routing and citation links.",
        "examples": [
            {
                "text": "Bị cáo Trần Văn Bình bị Tòa án nhân dân tỉnh Nghệ An xử phạt theo khoản 1 Điều 173 Bộ luật Hình sự."
            },
            {"text": "Ngày 12/3/2024, bà Lê Thị Hoa ở phường 5, quận 3 nộp 2.500.000 đồng tiền phạt."},
        ],
        "limitations": "Rules and gazetteers tuned on 120 hand-annotated sentences, with a news-trained CRF for names "
        "the rules miss: names without a title or a common family name, organisations without a known head word "
        "and lower-case or unpunctuated text are missed more often; text typed without diacritics is read with its "
        "marks restored (vi.diacritics), about 6 points of F1 below marked text; ambiguous capitalised words (a "
        "ward named after a person) may get the wrong type.",
    }
)


@function("vi.entities", version=2, card=CARD_V2, batch_size=32)
def run_v2(batch: list[InputV2], models: Models) -> list[OutputV2]:
    ner = models.load(NER_MODEL, _load_ner)
    abbreviations = models.load(ABBREVIATIONS, load_abbreviations)
    gazetteer = models.load(GAZETTEER, load_gazetteer)
    compounds = models.load(VIET74K, load_compounds)
    texts = [nfc(item.text) for item in batch]
    readings = as_if_marked(texts, [item.restore_diacritics for item in batch])  # same offsets as the texts
    outputs = []
    for text, reading in zip(texts, readings, strict=True):
        # read with invisible characters and odd spaces made plain ('Nguy\xadễn' is a family name), spans mapped back
        seen = plain(reading)

        def crf(wanted: Callable[[int, int], bool], reading: str = seen.text) -> list[tuple[str, int, int]]:
            return [(e.type, e.start, e.end) for e in crf_entities(reading, ner, abbreviations, wanted)]

        spans = [(c.type, *seen.original(c.start, c.end)) for c in recognise(seen.text, gazetteer, compounds, crf)]
        outputs.append(OutputV2(entities=[EntityV2(type=kind, start=start, end=end, text=text[start:end])
                                          for kind, start, end in spans]))  # fmt: skip
    return outputs

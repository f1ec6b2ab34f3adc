"""vi.sentences — split Vietnamese text into sentences, with character offsets.

>>> import nonla
>>> nonla.run("vi.sentences", text="Ông A ở TP. Hà Nội. Ông nộp 1.500.000 đồng, v.v. rồi về.\\nĐiều 2. Hiệu lực").sentences
['Ông A ở TP. Hà Nội.', 'Ông nộp 1.500.000 đồng, v.v. rồi về.', 'Điều 2. Hiệu lực']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import ModelRef, Models
from nonla.functions.vi.segmenter import nfc

ABBREVIATIONS = ModelRef("underthesea-punkt-abbreviations", "9.5.0",
                         sha256="c54c3556e498a735ef224740b107c7246e745ebbdb944119f79382a7f31c050d",
                         file="pipeline/sent_tokenize/punkt_params.json", source="package:underthesea",
                         licence="GPL-3.0 (data file of underthesea)")  # fmt: skip

# Vietnamese administrative and title abbreviations that precede a capitalised name, never ending a sentence.
_OWN_ABBREVIATIONS = {
    "tp", "q", "p", "h", "x", "tx", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "đ/c", "st", "mr", "mrs", "ms", "dr",
    "v.v", "vv", "tr", "nxb", "sđd", "btc", "k", "đ", "ng", "đt", "sđt", "no", "art", "vs", "etc",
}  # fmt: skip

# A sentence end: marks, closing quotes/brackets, and the detached forms people type ("đi ? " ." or "rồi !" .).
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?:\s+[\"”’»)\]]+(?=\s*(?:[.!?…]|$)))?(?:\s+[.!?…]+(?!\S))*", re.MULTILINE)
_CLOSERS = "\"'”’»)]"


class Input(BaseModel):
    text: Text


class Output(BaseModel):
    sentences: list[str]
    spans: list[tuple[int, int]] = Field(
        description="Start and end character offsets of each sentence in the NFC text."
    )


CARD = Card(
    summary="Vietnamese sentence splitting that respects abbreviations (TP., v.v.), numbers, quotes and line breaks.",
    licence="Apache-2.0 (code); abbreviation list from underthesea 9.5 (GPL-3.0 data file, used unmodified from the installed package)",
    models=[ABBREVIATIONS],
    metrics={
        "UD-VTB test sentence-end F1": 98.89,
        "UD-VTB test sentence-end precision": 97.92,
        "UD-VTB test sentence-end recall": 99.88,
    },
    peers={"underthesea 9.5 sent_tokenize F1": 96.85},
    evaluation="python evaluation/vi_sentences.py",
    evaluation_data="UD Vietnamese-VTB r2.17 test, 800 sentences joined into running text by document",
    risk=Risk.MINIMAL,
    intended_use="Splitting documents, complaints and judgments into sentences before tagging, search or summaries.",
    examples=[
        {"text": "Ông A ở TP. Hà Nội. Ông nộp 1.500.000 đồng."},
        {"text": "Điều 2. Hiệu lực\nLuật này có hiệu lực từ ngày 1/1/2025."},
    ],
    limitations="Rule-based: a sentence that ends in an abbreviation followed by a capitalised name is kept joined; "
    "text with no punctuation at all is one sentence per line.",
)


def load_abbreviations(path: Path) -> frozenset[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(a.lower() for a in data.get("abbrev_types", [])) | _OWN_ABBREVIATIONS


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "./"):
        start -= 1
    return text[start:pos].lower().strip(".")


def _is_abbreviation(word: str, abbreviations: frozenset[str]) -> bool:
    """A listed abbreviation, or titles joined by dots ("PGS.TS", "ThS.BS"): each part is one.

    >>> _is_abbreviation("pgs.ts", frozenset({"pgs", "ts"})), _is_abbreviation("tp.hcm", frozenset({"tp"}))
    (True, False)
    """
    if word in abbreviations:
        return True
    return "." in word and all(part in abbreviations for part in word.split("."))


_HEADING = re.compile(
    r"(?:(?:Điều|Chương|Mục|Phần|Khoản|Điểm|Article|Chapter)\s+)?[\dIVXLivxl]{1,6}[a-zđ]?", re.IGNORECASE
)


def _is_boundary(text: str, match: re.Match[str], abbreviations: frozenset[str], start: int) -> bool:
    mark, after = match.group(0), match.end()
    rest = text[after:]
    stripped = rest.lstrip(" \t")
    if not stripped or stripped[0] in "\r\n":
        return True
    if rest[:1] not in " \t" and mark[-1] not in _CLOSERS:
        return False  # "1.500", "a.b@x.vn", "v.v.": no space after the mark
    nxt = stripped[0]
    if mark.startswith(".") and len(mark.rstrip(_CLOSERS)) == 1:
        word = _word_before(text, match.start())
        if _is_abbreviation(word, abbreviations) or (len(word) == 1 and word.isalpha()):
            return False
        if _HEADING.fullmatch(text[start : match.start()].strip()):
            return False  # a list number or heading that opens the sentence: "1. Quyền ...", "Điều 2. Hiệu lực"
    return nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«([-–•*"


def split(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\r\n]+", text):
        start = line.start()
        for match in _END.finditer(text, line.start(), line.end()):
            if _is_boundary(text, match, abbreviations, start):
                spans.append((start, match.end()))
                start = match.end()
        spans.append((start, line.end()))
    out = []
    for start, end in spans:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((start + lead, start + trail))
    return out


@function("vi.sentences", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    abbreviations = models.load(ABBREVIATIONS, load_abbreviations)
    outputs = []
    for item in batch:
        text = nfc(item.text)
        spans = split(text, abbreviations)
        outputs.append(Output(sentences=[text[s:e] for s, e in spans], spans=spans))
    return outputs

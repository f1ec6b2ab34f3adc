"""text.summarize — extractive summary of one text or of several documents; every sentence points at its source.

>>> import nonla
>>> text = ("Luật này quy định về cư trú. Công dân có quyền tự do cư trú theo quy định của luật. "
...         "Hôm nay trời đẹp. Việc đăng ký cư trú của công dân do cơ quan đăng ký cư trú thực hiện.")
>>> out = nonla.run("text.summarize", text=text, max_sentences=2)
>>> [(s.sentence_index, s.start, s.end) for s in out.sentences]
[(0, 0, 28), (3, 102, 171)]
>>> out.summary == " ".join(s.text for s in out.sentences)
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, Field, model_validator

from nonla.core.config import MAX_TEXT_CHARS
from nonla.core.errors import NonlaError
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.text.idf import DF_MODEL, STOPWORDS, vocabulary
from nonla.functions.text.sentence_graph import Sentence, select
from nonla.functions.vi.unmarked import as_if_marked

MAX_DOCUMENTS = 200
# A sentence longer than this (text typed without punctuation, a long enumeration) is summarised as its clauses:
# a summary of a few sentences stays a few short passages however the text is punctuated.
MAX_UNIT_CHARS = 500
_CLAUSE_BREAK = re.compile(r"[;,:\n]")


class Document(BaseModel):
    id: str = Field(min_length=1, max_length=200, description="Your identifier for the document, echoed back.")
    text: Text


class Input(BaseModel):
    text: Text | None = Field(None, description="One document to summarise (or give 'documents').")
    documents: list[Document] | None = Field(
        None, min_length=1, max_length=MAX_DOCUMENTS, description="Several documents to summarise together."
    )
    max_sentences: int = Field(5, ge=1, le=50, description="How many sentences the summary holds at most.")
    restore_diacritics: bool = Field(
        True,
        description="Read Vietnamese typed without diacritics as if it had them (marks restored by vi.diacritics) "
        "when weighing words; the summary quotes the text as typed.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> Input:
        if (self.text is None) == (self.documents is None):
            raise ValueError("give either 'text' or 'documents', not both and not neither")
        if self.documents is not None:
            if len({d.id for d in self.documents}) != len(self.documents):
                raise ValueError("document ids must be unique")
            if sum(len(d.text) for d in self.documents) > MAX_TEXT_CHARS:
                raise ValueError(f"the documents together may hold at most {MAX_TEXT_CHARS:,} characters")
        return self


class SummarySentence(BaseModel):
    text: str
    document_id: str | None = Field(description="The source document's id; null when the input was one 'text'.")
    sentence_index: int = Field(
        description="Position of the sentence among its document's sentences (vi.sentences; a sentence over "
        f"{MAX_UNIT_CHARS} characters counts as its clauses or, without them, as runs of words)."
    )
    start: int = Field(description="Start character offset in the source document (NFC text).")
    end: int
    score: float = Field(description="Centrality in the sentence graph: 1.0 for the most central sentence.")


class Output(BaseModel):
    summary: str
    sentences: list[SummarySentence] = Field(description="The summary's sentences in reading order.")


CARD = Card(
    summary="Extractive summaries of Vietnamese text and multi-document synthesis: LexRank over TF-IDF sentence "
    "similarity with redundancy removal (MMR); each sentence cites its document, index and offsets.",
    licence="Apache-2.0 (code); document frequencies built by nonla from statutes; stopwords from underthesea 9.5 (Apache-2.0)",
    models=[DF_MODEL, STOPWORDS],
    metrics={
        "ROUGE-1 R % vs article titles (one text)": 68.9,
        "ROUGE-2 R % vs article titles (one text)": 52.43,
        "ROUGE-1 F1 % vs article titles (one text)": 35.18,
        "ROUGE-1 R % vs article titles (documents)": 70.47,
        "ROUGE-2 R % vs article titles (documents)": 54.91,
        "ROUGE-1 F1 % vs article titles (documents)": 36.67,
        "ROUGE-1 R % vs article titles (one text without diacritics)": 71.31,
        "ROUGE-2 R % vs article titles (one text without diacritics)": 52.96,
        "ROUGE-1 F1 % vs article titles (one text without diacritics)": 36.29,
        "ROUGE-1 R % vs article titles (one text without diacritics, marks not restored)": 74.67,
        "ROUGE-2 R % vs article titles (one text without diacritics, marks not restored)": 54.71,
        "ROUGE-1 F1 % vs article titles (one text without diacritics, marks not restored)": 35.09,
    },
    peers={
        "lead-5 ROUGE-1 R % (one text)": 56.62,
        "random-5 (seed 0) ROUGE-1 R % (one text)": 57.67,
        "lead-5 ROUGE-2 R % (one text)": 40.97,
        "random-5 (seed 0) ROUGE-2 R % (one text)": 40.96,
        "lead-5 ROUGE-1 F1 % (one text)": 29.33,
        "random-5 (seed 0) ROUGE-1 F1 % (one text)": 30.17,
        "lead-5 ROUGE-1 R % (documents)": 66.8,
        "random-5 (seed 0) ROUGE-1 R % (documents)": 57.67,
        "lead-5 ROUGE-2 R % (documents)": 51.53,
        "random-5 (seed 0) ROUGE-2 R % (documents)": 40.96,
        "lead-5 ROUGE-1 F1 % (documents)": 34.93,
        "random-5 (seed 0) ROUGE-1 F1 % (documents)": 30.17,
    },
    evaluation="python evaluation/text_summarize.py",
    evaluation_data="166 chapters of the 21 held-out test laws of underthesea's VLC corpus, article headings removed; "
    "reference: the article titles; 5 sentences; ROUGE over syllables. Constants chosen on the 21 dev laws",
    risk=Risk.LIMITED,
    intended_use="Previewing long documents, complaints and legal texts; digests of several related documents, "
    "with every sentence traceable to its source for review.",
    limitations="Extractive only: sentences are copied, never rewritten or fused, so a summary can miss context "
    "(who 'ông' is) or quote a sentence that depends on the one before it. Similarity is lexical (TF-IDF over "
    "vi.words, IDF from law), so paraphrases are not recognised as repeats; measured on statutes only, where "
    "titles are the reference; the numbers say little about news or complaints. Text typed without diacritics is "
    "weighed with its marks restored (vi.diacritics); read as typed (restore_diacritics=false) no word is found in "
    "the law IDF and the summaries run longer (higher recall, lower F1). A sentence over 500 characters (text "
    "typed without punctuation, a long enumeration) is quoted as its clauses, or as runs of words where it has none.",
    examples=[
        {"text": "Luật này quy định về cư trú. Công dân có quyền tự do cư trú. Hôm nay trời đẹp.", "max_sentences": 1},
        {
            "documents": [
                {"id": "a", "text": "Đường Lê Lợi bị ngập sau mưa lớn. Nhiều xe máy chết máy."},
                {"id": "b", "text": "Mưa lớn làm ngập đường Lê Lợi. Người dân phải dắt xe."},
            ],
            "max_sentences": 2,
        },
    ],
)


def _sources(item: Input) -> list[tuple[str | None, str]]:
    if item.documents is not None:
        return [(d.id, unicodedata.normalize("NFC", d.text)) for d in item.documents]
    return [(None, unicodedata.normalize("NFC", item.text or ""))]


def bounded_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each one over MAX_UNIT_CHARS cut into pieces of at most that many characters: after the
    last clause break (; , : or a line break) that fits, else after the last space, else at the limit.

    >>> text = "a, " * 300
    >>> pieces = bounded_spans(text, [(0, len(text))])
    >>> max(end - start for start, end in pieces) <= MAX_UNIT_CHARS, pieces[0], pieces[-1][1] == len(text.rstrip())
    (True, (0, 500), True)
    """
    out = []
    for start, end in spans:
        while end - start > MAX_UNIT_CHARS:
            cut = _cut(text, start, start + MAX_UNIT_CHARS)
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append((start, end))
    return [(start, _strip_end(text, start, end)) for start, end in out]


def _cut(text: str, start: int, limit: int) -> int:
    """Where a piece of ``text`` from ``start`` ends, at ``limit`` at the latest."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, limit)]
    if breaks:
        return breaks[-1]
    space = text.rfind(" ", start + 1, limit + 1)
    return space if space > start else limit


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _ok(result: Any) -> Any:
    if isinstance(result, NonlaError):
        raise result
    return result


@function("text.summarize", version=1, card=CARD, batch_size=16)
def run(batch: list[Input], models: Models) -> list[Output]:
    from nonla.core.runner import subcall

    vocab = vocabulary(models)
    sources = [_sources(item) for item in batch]
    texts = [{"text": text} for docs in sources for _, text in docs]
    split = iter(subcall("vi.sentences@1", texts))
    # words weighed as read with marks (the law IDF knows "rác thải", not "rac thai"); offsets are the same
    asked = [item.restore_diacritics for item, docs in zip(batch, sources, strict=True) for _ in docs]
    readings = as_if_marked([t["text"] for t in texts], asked)
    words = iter(subcall("vi.words@1", [{"text": r, "restore_diacritics": False} for r in readings]))
    outputs = []
    for item, docs in zip(batch, sources, strict=True):
        pool: list[Sentence] = []
        for doc_id, text in docs:
            sentences = _ok(next(split))
            pieces = sentences.model_copy(update={"spans": bounded_spans(text, sentences.spans)})
            pool += Sentence.cut(doc_id, text, pieces, _ok(next(words)), vocab)
        chosen = select(pool, item.max_sentences, vocab, documents=item.documents is not None)
        sentences = [SummarySentence(text=s.text, document_id=s.document_id, sentence_index=s.index,
                                     start=s.start, end=s.end, score=round(score, 4)) for s, score in chosen]  # fmt: skip
        outputs.append(Output(summary=" ".join(s.text for s in sentences), sentences=sentences))
    return outputs

"""legal.answer — an extractive answer to a legal question: sentences quoted from the best articles, each cited.

Nothing here writes text. legal.search finds the articles; their clauses and points are cut into sentences and
ranked by BM25 against the question; the best few are quoted verbatim with the clause or point they come from.
When a reviewer already answered a very similar question (the collection's knowledge base), that answer is quoted
first, each of its sentences cited to one of its sources. If nothing matches, the answer says so, with confidence 0;
so it does for a question the laws do not speak of (the weather, a football score) when the collection has vectors:
the question's nearest article must be close in meaning, not merely share a year or a place name. A question that
names a provision ("Điểm a khoản 2 Điều 173 BLHS") is answered from that point or clause first.
A question that cites an article the collection lacks though it holds the document ("Điều 700 Bộ luật Hình sự") is
told so in missing_articles, and a document the collection does not hold ("Bộ luật Hình sự 1999", "Nghị định
100/2019/NĐ-CP") in missing_documents; when it cites articles and none that the collection has, the answer says so
and quotes nothing (the best matches would be other articles, shown as if they were the ones asked for).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from nonla.core.context import current_tenant
from nonla.core.errors import NonlaError
from nonla.core.function import Card, Risk, function, text_up_to
from nonla.core.models import Models
from nonla.core.runner import subcall
from nonla.functions.legal.answer_units import Piece, Scorer, pieces, sentences, tokens
from nonla.functions.legal.citation_parts import mark_keywords, provisions
from nonla.functions.legal.search import Result, expand
from nonla.functions.vi.segmenter import nfc

# Text's rules (visible characters, valid Unicode, clear errors) with legal.search's tighter length limit.
Question = text_up_to(2000)


class Input(BaseModel):
    question: Question = Field(description="The question, in everyday words, with or without diacritics.")
    collection: str = Field("laws", min_length=1, max_length=100)
    k: int = Field(5, ge=1, le=20, description="How many articles to retrieve and quote from.")


class Sentence(BaseModel):
    text: str = Field(description="Quoted verbatim from the source article (or from the knowledge-base answer).")
    source: str = Field(description="The article, clause or point id the sentence comes from or rests on.")
    kb: str | None = Field(None, description="Knowledge-base entry id when the sentence is from a reviewer's answer.")


class SimilarQuestion(BaseModel):
    id: str
    question: str
    answer: str
    sources: list[str]
    score: float = Field(description="Word overlap with the question (Dice, 0..1).")


class MissingArticle(BaseModel):
    text: str = Field(description="The citation as written in the question, e.g. 'Điều 700 Bộ luật Hình sự 2015'.")
    document: str = Field(description="Id of the cited document, which the collection holds.")
    article: str = Field(description="The article number cited, which that document does not have.")


class MissingDocument(BaseModel):
    text: str = Field(description="The citation as written, e.g. 'Điều 173 Bộ luật Hình sự 1999' or 'Nghị định "
                      "100/2019/NĐ-CP'.")  # fmt: skip
    held: str | None = Field(None, description="Id of a document of the same title the collection does hold (another "
                             "year's version), when there is one.")  # fmt: skip


class Output(BaseModel):
    answer: str = Field(description="The quoted sentences, one per line, or a plain statement that nothing was found.")
    sentences: list[Sentence]
    articles: list[Result] = Field(description="The articles legal.search found, best first.")
    similar_questions: list[SimilarQuestion]
    answer_id: str = Field(description="Stable digest of the answer: rate it with POST /v1/legal/ratings.")
    confidence: float = Field(ge=0, le=1, description="Share of the question's weighted words the answer contains.")
    missing_articles: list[MissingArticle] = Field(
        default_factory=list,
        description="Articles the question cites that are not in the collection though their document is. When the "
        "question cites no article the collection has, the answer says they were not found, quotes nothing, lists no "
        "articles and has confidence 0.",
    )
    missing_documents: list[MissingDocument] = Field(
        default_factory=list,
        description="Documents the question cites that the collection does not hold (that number, or that title and "
        "year). When the question cites an article of one and no cited article is in the collection, nothing is "
        "quoted, as for missing_articles.",
    )


CARD = Card(
    summary="Extractive answers to legal questions: the best clauses of the best articles (and reviewers' answers to "
    "similar questions), quoted verbatim, each sentence cited to its article, clause or point.",
    licence="Apache-2.0",
    models=[],
    metrics={
        "grounded % (222 questions)": 73.42,
        "grounded % (KB-backed, 46)": 91.3,
        "grounded % (others, 176)": 68.75,
        "every sentence cited % (222 questions)": 100.0,
        "quotes verbatim % (222 questions)": 100.0,
        "answered % (222 questions)": 94.14,
        "grounded % of answered (209)": 77.99,
        "quotes a KB answer % (222 questions)": 7.21,
        "quoted KB answer on topic % (16)": 81.25,
        "similar question top hit % (KB-backed, 46)": 76.09,
        "grounded % (100 test questions)": 49.0,
        "off-topic told not found % (32 questions the bar was set on)": 93.75,
    },
    peers={
        "first clause of the top search result: grounded % (222 questions)": 57.66,
        "first clause of the top search result: grounded % (KB-backed, 46)": 71.74,
        "first clause of the top search result: grounded % (others, 176)": 53.98,
        "first clause of the top 3 search results: grounded % (222 questions)": 77.93,
        "first clause of the top 3 search results: grounded % (KB-backed, 46)": 91.3,
        "first clause of the top 3 search results: grounded % (others, 176)": 74.43,
        "first clause of the top search result: grounded % (100 test questions)": 39.0,
        "first clause of the top 3 search results: grounded % (100 test questions)": 56.0,
    },
    evaluation="python evaluation/legal_answer.py",
    evaluation_data="tests/data/legal_qa/dev.jsonl: 222 questions with gold articles, over the 208 laws, with the 60 "
    "answered questions of tests/data/legal_qa/knowledge_base.jsonl imported; tests/data/legal_qa/test.jsonl: 100 "
    "more such questions over 37 laws, written apart from the search ranking and never tuned on; "
    "tests/data/legal_qa/offtopic.jsonl: 32 questions no law answers (weather, sports, cooking, prices, transport)",
    risk=Risk.LIMITED,
    intended_use="Showing people what the law says about their question, with the exact clauses to read; a person "
    "reads the cited articles and decides.",
    limitations="Not legal advice. Quotes only: it never rephrases, applies the law to the facts or weighs "
    "exceptions; quoted clauses can be out of context (read the whole article). Finds articles with legal.search "
    "(hybrid once the collection has vectors; keywords only before). The law as in the collection, which may not be the version in force. "
    "'Grounded' means the answer cites an article that answers the question, not that the quoted clause is the "
    "deciding one; legal.search's ranking constants were chosen on these 222 questions, so on questions it was "
    "not tuned on (the 100 test questions) fewer than half of the answers are grounded (49 %): check the cited "
    "articles, and search again in other words when they miss. A question citing an article that a document of "
    "the collection lacks ('Điều 700 Bộ luật Hình sự'), or an article of a document it does not hold ('Điều 173 "
    "Bộ luật Hình sự 1999'), is told so (missing_articles, missing_documents), not shown another article; so is "
    "a clause the article lacks ('khoản 9 Điều 168'), listed under its article. A question no law speaks of (weather, prices, sports) is told nothing was found "
    "only when the collection has vectors (the question's nearest article must be close enough in meaning; the bar was "
    "chosen on the dev and off-topic questions, so the off-topic figure is not a fair estimate for new questions); "
    "with keywords alone, one that shares enough words with some clause still gets quotes.",
    examples=[
        {"question": "Thủ tục đăng ký tạm trú cần giấy tờ gì?"},
        {"question": "gia han tam tru khi nao", "k": 3},
    ],  # fmt: skip
)

MAX_SENTENCES = 3  # quoted from articles, not counting the clause lead-ins added for context
REPEAT = 0.5  # a further sentence from an article already quoted counts for half (show the other articles found)
RELATIVE = 0.5  # a further sentence must score at least this share of the best one
RANK_DECAY = 0.25  # the n-th article's sentences count 1 / (1 + RANK_DECAY * n): search order is a strong signal
MIN_COVERAGE = 0.2  # below this share of the question's weighted words, the best sentences are not about it
# Cosine of the question's e5 vector to the nearest article (or article window) of the collection: below this, the
# laws do not speak of it, whatever words it shares with them (a year, a city, "giá", "đường"). Every one of the 222
# dev questions reaches 0.858; 28 of the 32 off-topic questions of tests/data/legal_qa/offtopic.jsonl stay below.
ON_TOPIC = 0.855
# Quote a reviewer's answer when its question is this similar (Dice over topic syllables) and the search found one of
# its sources, or when it is very similar alone: similar wording about another law is a common near miss.
KB_MIN = 0.5
KB_SURE = 0.7


def answer_id(collection: str, answer: str, sentences: list[Sentence]) -> str:
    """A stable digest of what was answered (the same answer always gets the same id).

    >>> answer_id("laws", "x", [Sentence(text="x", source="a/dieu-1")])
    '0421f633e4a16b5e1b129000bb37c04f'
    """
    body = json.dumps([collection, answer, [[s.text, s.source, s.kb] for s in sentences]], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def nothing_found(collection: str) -> str:
    return f"Không tìm thấy quy định nào trong bộ văn bản '{collection}' trả lời câu hỏi này."


def not_in_collection(collection: str, missing: list[MissingArticle], documents: list[MissingDocument]) -> str:
    """What the answer says when every article the question cites is missing: which, and why."""
    said = []
    if missing:
        names = "; ".join(dict.fromkeys(m.text for m in missing))
        said.append(f"Không có {names} trong bộ văn bản '{collection}': văn bản được dẫn có trong bộ nhưng không có "
                    "điều này.")  # fmt: skip
    if documents:
        names = "; ".join(dict.fromkeys(d.text for d in documents))
        held = ", ".join(dict.fromkeys(d.held for d in documents if d.held))
        said.append(f"Không có {names} trong bộ văn bản '{collection}': bộ không có văn bản được dẫn"
                    + (f" (có phiên bản khác: {held})." if held else "."))  # fmt: skip
    return " ".join(said)


def kb_source(sentence: str, sources: list[str], units: dict[str, set[str]]) -> str:
    """The source a knowledge-base sentence rests on: the one it names ("khoản 3 Điều 28"), else the first.

    >>> kb_source("Theo khoản 3 Điều 28 Luật Cư trú, ...", ["l/dieu-27", "l/dieu-28"], {"l/dieu-28": {"l/dieu-28/khoan-3"}})
    'l/dieu-28/khoan-3'
    """
    for ref in provisions(sentence):
        for source in sources:
            if source.endswith(f"/dieu-{ref.article}"):
                clause = f"{source}/khoan-{ref.clause}"
                return clause if clause in units.get(source, set()) else source
    return sources[0]


def _topic_terms(question: str) -> tuple[list[str], list[str], bool]:
    """(terms to rank by, words to measure coverage by, plain): a compound counts once for coverage, so 'công
    thức' is not covered by a clause that only has 'công' and 'thức' apart (plain queries have no known words)."""
    from nonla.collections.knowledge import QUESTION_WORDS
    from nonla.collections.terms import STOPWORDS, query_terms

    terms, plain = query_terms(question)
    noise = STOPWORDS | QUESTION_WORDS
    terms = [t for t in terms if not all(s in noise for s in t.split("_"))]
    if plain:
        return terms, [t for t in terms if "_" not in t], plain
    inside = {s for t in terms if "_" in t for s in t.split("_")}
    return terms, [t for t in terms if "_" in t or t not in inside], plain


def _answer(item: Input, found: list[Result], gaps: Gaps, nearness: float | None = None) -> Output:
    """With articles cited and none of them in the collection, there is nothing to quote: the search's best matches
    would be some other article, presented as if it were the one asked for. ``nearness``: see _nearness."""
    from nonla.collections import articles, knowledge

    question = expand(nfc(item.question))
    terms, words, plain = _topic_terms(question)
    similar = _standing(item.collection, knowledge.similar(item.collection, question, k=3, tenant=current_tenant()))
    missing = gaps.articles
    if gaps.article_cited and not gaps.article_there:
        text = not_in_collection(item.collection, missing, gaps.documents)
        return Output(answer=text, sentences=[], articles=[], similar_questions=similar, missing_articles=missing,
                      missing_documents=gaps.documents, answer_id=answer_id(item.collection, text, []),
                      confidence=0.0)  # fmt: skip
    kb = next((q for q in similar[:1] if q.score >= KB_SURE or (q.score >= KB_MIN and _found(q.sources, found))), None)
    # A quoted reviewer's answer vouches for its sources: their clauses come first among the articles' sentences.
    keys = list(dict.fromkeys([articles.article_of(s) for s in (kb.sources if kb else [])] + [r.id for r in found]))
    fetched = articles.fetch(item.collection, keys, current_tenant())
    sizes = sorted({t.count("_") + 1 for t in terms})
    pool: list[tuple[Piece, int]] = []  # (piece, article rank)
    for rank, key in enumerate(keys):
        if key in fetched:
            art = fetched[key]
            pool += [(p, rank) for p in pieces(key, art.text, art.units)]
    scorer = Scorer([tokens(p.text, plain, sizes) for p, _ in pool])
    named = _named(question, pool)
    off_topic = nearness is not None and nearness < ON_TOPIC and not kb and not named
    picked = [] if off_topic else _choose(pool, scorer, terms, words, kb, named)
    out = _kb_sentences(kb, fetched) + [Sentence(text=pool[i][0].text, source=pool[i][0].source) for i in picked]
    if not out:
        text = nothing_found(item.collection)
        return Output(answer=text, sentences=[], articles=found, similar_questions=similar, missing_articles=missing,
                      missing_documents=gaps.documents, answer_id=answer_id(item.collection, text, []),
                      confidence=0.0)  # fmt: skip
    confidence = scorer.coverage(picked, words)
    if kb:
        confidence = max(confidence, kb.score)
    text = "\n".join(s.text for s in out)
    return Output(answer=text, sentences=out, articles=found, similar_questions=similar, missing_articles=missing,
                  missing_documents=gaps.documents, answer_id=answer_id(item.collection, text, out),
                  confidence=round(min(1.0, confidence), 2))  # fmt: skip


def _named(question: str, pool: list[tuple[Piece, int]]) -> set[int]:
    """Indexes of the pieces of the provisions the question names ("Khoản 2 Điều 20 Luật Cư trú quy định gì?",
    "Điểm a khoản 2 Điều 173 BLHS"): the question asks for those, whatever words they share with it."""
    marked = _plain_points(mark_keywords(question, question))  # "khoan 2 dieu 20" typed without marks names them too
    wanted = [prefix for p in provisions(marked) for prefix in _prefixes(p.article, p.clause, p.points)]
    found = [(rank, i) for i, (piece, rank) in enumerate(pool)
             if any(f"{prefix}/" in f"{piece.source}/" for prefix in wanted)]  # fmt: skip
    best = min((rank for rank, _ in found), default=None)  # of the best-ranked article (the law the question names)
    return {i for rank, i in found if rank == best}


# "diem b" typed without marks, before or after its clause: mark_keywords spells out khoản and Điều only
_PLAIN_POINT = re.compile(r"(?<!\w)[Dd]iem\s+(dd|[a-z]\d?)(?!\w)")


def _plain_points(text: str) -> str:
    """``text`` with points typed without marks written as the law writes them.

    >>> _plain_points("diem dd khoản 2 Điều 260"), _plain_points("Điều 51 khoản 1 diem b")
    ('điểm đ khoản 2 Điều 260', 'Điều 51 khoản 1 điểm b')
    """
    return _PLAIN_POINT.sub(lambda m: "điểm " + ("đ" if m[1] == "dd" else m[1]), text)


def _prefixes(article: str, clause: str | None, points: tuple[str, ...]) -> list[str]:
    """The id tails of a named provision, as narrow as named: a point's only when points are named.

    >>> _prefixes("260", "2", ("a", "đ")), _prefixes("20", "2", ()), _prefixes("5", None, ())
    (['/dieu-260/khoan-2/diem-a', '/dieu-260/khoan-2/diem-dd'], ['/dieu-20/khoan-2'], ['/dieu-5'])
    """
    if clause is None:
        return [f"/dieu-{article}"]
    clause_id = f"/dieu-{article}/khoan-{clause}"
    # Point ids spell đ as dd (nonla.collections.legal_structure): đ) follows d) in every list.
    return [f"{clause_id}/diem-{'dd' if point == 'đ' else point}" for point in points] or [clause_id]


def _choose(pool: list[tuple[Piece, int]], scorer: Scorer, terms: list[str], words: list[str],
            kb: SimilarQuestion | None, named: set[int] | None = None) -> list[int]:  # fmt: skip
    """The best few pieces (with the lead-ins their points need), in article order then text order; the pieces of
    a provision the question names come first, chosen before any other piece competes (so other articles never
    push them out)."""
    scores = [scorer.score(i, terms) / (1 + RANK_DECAY * rank) for i, (_, rank) in enumerate(pool)]
    if kb:  # a clause the reviewer's answer already quotes would say the same thing twice
        said = kb.answer.lower()
        scores = [0.0 if piece.text.lower() in said else score for score, (piece, _) in zip(scores, pool, strict=True)]
    named = named or set()
    chosen = sorted(named, key=lambda i: (-scores[i], pool[i][0].start))[:MAX_SENTENCES]
    best = max((s for i, s in enumerate(scores) if i not in named), default=0.0)
    while len(chosen) < MAX_SENTENCES:
        cited = {pool[i][1] for i in chosen}
        gain = [0.0 if i in chosen or i in named else s * (REPEAT if pool[i][1] in cited else 1.0)
                for i, s in enumerate(scores)]  # fmt: skip
        i = min(range(len(pool)), key=lambda j: (-gain[j], pool[j][1], pool[j][0].start), default=None)
        if i is None or gain[i] <= 0 or gain[i] < RELATIVE * best:
            break
        chosen.append(i)
    if not kb and not named and scorer.coverage(chosen, words) < MIN_COVERAGE:
        return []  # a few common words in common are not an answer
    first = min((pool[i][1] for i in named), default=None)  # the named provision's article, whatever its rank
    return sorted(set(chosen) | _leads(pool, chosen), key=lambda i: (pool[i][1] != first, pool[i][1], pool[i][0].start))


def _standing(collection: str, entries: list[dict[str, Any]]) -> list[SimilarQuestion]:
    """The entries with their sources the collection still holds, and only those sources: an entry none of whose
    articles is left (its law deleted) would quote and cite text that is gone (deleting a document drops such
    entries too: nonla.collections.knowledge.drop_orphans)."""
    from nonla.collections.articles import article_of, present

    there = present(collection, list(dict.fromkeys(article_of(src) for e in entries for src in e["sources"])),
                    current_tenant())  # fmt: skip
    held = [(e, [src for src in e["sources"] if article_of(src) in there]) for e in entries]
    return [SimilarQuestion(**{**e, "sources": sources}) for e, sources in held if sources]


def _found(sources: list[str], found: list[Result]) -> bool:
    from nonla.collections.articles import article_of

    return bool({article_of(s) for s in sources} & {r.id for r in found})


def _leads(pool: list[tuple[Piece, int]], chosen: list[int]) -> set[int]:
    """Indexes of the clause lead-ins the chosen points depend on (pieces() gives them as offsets within an article)."""
    out = set()
    for i in chosen:
        piece, rank = pool[i]
        if piece.lead is not None:
            first = next(j for j, (_, r) in enumerate(pool) if r == rank)
            out.add(first + piece.lead)
    return out


def _kb_sentences(kb: SimilarQuestion | None, fetched: dict[str, Any]) -> list[Sentence]:
    if kb is None:
        return []
    units = {key: {u[0] for u in art.units} for key, art in fetched.items()}
    return [Sentence(text=s, source=kb_source(s, kb.sources, units), kb=kb.id) for _, s in sentences(kb.answer, 0)]


def _citations(batch: list[Input]) -> list[Any]:
    """legal.citations' output (or error) per question, None for one with no digit: an article is cited by its
    number, and most questions cite none."""
    asked = [i for i, item in enumerate(batch) if any(c.isdigit() for c in item.question)]
    items = [{"text": batch[i].question, "collection": batch[i].collection} for i in asked]
    found = dict(zip(asked, subcall("legal.citations@1", items) if items else [], strict=True))
    return [found.get(i) for i in range(len(batch))]


def _nearness(batch: list[Input], searched: list[Any]) -> list[float | None]:
    """Cosine of each question's vector to the nearest vector of its collection, None where the collection has no
    vectors (keywords alone cannot tell a question the laws do not speak of) or the search failed."""
    import numpy as np

    from nonla.collections.service import collection_row
    from nonla.collections.vectors import index_for
    from nonla.store.db import session

    asked = [i for i, found in enumerate(searched) if not isinstance(found, NonlaError) and found.mode != "bm25"]
    # as legal.search embeds it: abbreviations spelled out, the marks of an unaccented question restored for e5
    items = [{"text": expand(nfc(batch[i].question)), "restore_diacritics": True} for i in asked]
    embedded = dict(zip(asked, subcall("text.embed@1", items) if items else [], strict=True))
    near: dict[int, float] = {}
    with session() as s:
        for i, vector in embedded.items():
            if isinstance(vector, NonlaError):
                raise vector
            index = index_for(s, collection_row(s, batch[i].collection, current_tenant()).id)
            nearest = index.search(np.asarray(vector.vector, dtype=np.float32), 1)  # type: ignore[attr-defined]
            if nearest:
                near[i] = float(nearest[0][1])
    return [near.get(i) for i in range(len(batch))]


@dataclass
class Gaps:
    """What the question cites that the collection lacks, and whether it cites articles and has any of them."""

    articles: list[MissingArticle] = field(default_factory=list)
    documents: list[MissingDocument] = field(default_factory=list)
    article_cited: bool = False  # of a named document: "Điều 5" alone or "Điều 5 của Luật này" names none
    article_there: bool = False


def _gaps(collection: str, cited: Any) -> Gaps:
    """legal.citations resolves an article only when both it and its document are found, so an unresolved one's
    document is looked up again: held (the article is missing) or not (the document is)."""
    from nonla.collections.resolve import find_document

    gaps = Gaps()
    if cited is None:
        return gaps
    tenant = current_tenant()
    for c in cited.citations:
        if not (c.number or c.title):
            continue
        gaps.article_cited = gaps.article_cited or bool(c.article)
        if c.resolved is not None:
            gaps.article_there = gaps.article_there or bool(c.article)
            continue
        doc = find_document(collection, c.number, c.title, c.year, tenant)
        if doc is None:
            other = find_document(collection, None, c.title, None, tenant) if c.title and c.year else None
            gaps.documents.append(MissingDocument(text=c.text, held=other))
        elif c.article:
            gaps.articles.append(MissingArticle(text=c.text, document=doc, article=c.article))
    return gaps


@function("legal.answer", version=1, card=CARD, batch_size=8)
def run(batch: list[Input], models: Models) -> list[Output]:
    searched = subcall("legal.search@1", [{"query": i.question, "collection": i.collection, "k": i.k} for i in batch])
    cited = _citations(batch)
    nearness = _nearness(batch, searched)
    outputs = []
    for item, search, citations, near in zip(batch, searched, cited, nearness, strict=True):
        if isinstance(search, NonlaError):
            raise search  # e.g. no such collection: the runner gives this item alone the error
        if isinstance(citations, NonlaError):
            raise citations
        outputs.append(_answer(item, search.results, _gaps(item.collection, citations), near))  # type: ignore[attr-defined]
    return outputs

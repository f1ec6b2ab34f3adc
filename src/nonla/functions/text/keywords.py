"""text.keywords — the words and phrases a Vietnamese text is about, ranked, with every place they occur.

>>> import nonla
>>> text = ("Công dân có quyền đăng ký thường trú tại nơi cư trú. Hồ sơ đăng ký thường trú gồm tờ khai "
...         "thay đổi thông tin cư trú. Cơ quan đăng ký cư trú kiểm tra hồ sơ đăng ký thường trú.")
>>> [k.keyword for k in nonla.run("text.keywords", text=text, k=3).keywords]
['đăng ký thường trú', 'cư trú', 'Công dân']
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from nonla.core.errors import NonlaError
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.text.idf import DF_MODEL, STOPWORDS, Vocabulary, vocabulary
from nonla.functions.vi.segmenter import without_format
from nonla.functions.vi.unmarked import as_if_marked

CONTENT_TAGS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
MAX_WORDS = 3  # longer runs of content words are mostly two keywords side by side
POSITION_BOOST = 5.0  # a term first seen in the opening clause counts up to 6x: titles and topics come first
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines breaks a text


class Input(BaseModel):
    text: Text
    k: int = Field(10, ge=1, le=100, description="How many keywords to return at most.")
    restore_diacritics: bool = Field(
        True,
        description="Read Vietnamese typed without diacritics as if it had them (marks restored by vi.diacritics): "
        "words are tagged and weighed as the marked words they are; keywords are still shown as typed.",
    )


class Keyword(BaseModel):
    keyword: str = Field(description="The word or phrase, in its most frequent spelling in the text.")
    score: float = Field(description="Relative weight: 1.0 for the top keyword.")
    count: int = Field(description="How often it occurs (as a whole phrase).")
    spans: list[tuple[int, int]] = Field(description="Start and end character offsets of each occurrence (NFC text).")


class Output(BaseModel):
    keywords: list[Keyword]


CARD = Card(
    summary="Keywords and key phrases of Vietnamese text: content-word phrases from vi.pos, ranked by frequency, "
    "rarity in Vietnamese law (IDF) and how early they appear.",
    licence="Apache-2.0 (code); document frequencies built by nonla from statutes; stopwords from underthesea 9.5 (Apache-2.0)",
    models=[DF_MODEL, STOPWORDS],
    metrics={
        "law articles precision@5 % (title syllables)": 55.68,
        "law articles whole-keyword precision@5 %": 49.55,
        "law articles recall@10 % (title syllables)": 73.47,
        "law articles precision@5 % (title syllables, without diacritics)": 55.86,
        "law articles whole-keyword precision@5 % (title syllables, without diacritics)": 49.9,
        "law articles recall@10 % (title syllables, without diacritics)": 68.33,
        "law articles precision@5 % (title syllables, without diacritics, marks not restored)": 60.07,
        "law articles whole-keyword precision@5 % (title syllables, without diacritics, marks not restored)": 57.3,
        "law articles recall@10 % (title syllables, without diacritics, marks not restored)": 58.0,
    },
    peers={
        "YAKE 0.7.3 precision@5 %": 58.66,
        "YAKE 0.7.3 whole-keyword precision@5 %": 50.7,
        "YAKE 0.7.3 recall@10 %": 52.88,
        "word frequency precision@5 %": 53.18,
        "word frequency whole-keyword precision@5 %": 50.5,
        "word frequency recall@10 %": 69.12,
        "YAKE 0.7.3 precision@5 %, without diacritics": 57.54,
        "YAKE 0.7.3 whole-keyword precision@5 %, without diacritics": 50.1,
        "YAKE 0.7.3 recall@10 %, without diacritics": 51.44,
    },
    evaluation="python evaluation/text_keywords.py",
    evaluation_data="400 articles (seeded sample) of the 21 held-out test laws of underthesea's VLC corpus: the body is "
    "the input, the title's content syllables the gold; design choices made on the 21 dev laws",
    risk=Risk.MINIMAL,
    intended_use="Tagging and indexing documents, complaints and articles; showing what a long text is about.",
    limitations="Word rarity (IDF) comes from Vietnamese law, so everyday words rare in statutes (cơn, mưa) rank "
    "higher than a news-trained model would put them. Candidates come from vi.pos, so tagging errors pass through, "
    "and text typed without diacritics is read with its marks restored (vi.diacritics), so it is tagged and "
    "weighed like marked text (figures close to the marked ones). Read as typed (restore_diacritics=false) no word "
    "is found in the law IDF, the ranking falls back on counts and position: fewer title syllables in the top 10 "
    "(58.0 % vs 68.3 %) though more in the top 5, and more fragments (\"nguoi\", \"dan\"). YAKE puts slightly more "
    "title syllables in its top 5 (58.7 % vs 55.7 %) but finds far fewer of them in its top 10 (52.9 % vs 73.5 %).",
    examples=[
        {"text": "Công dân có quyền đăng ký thường trú tại nơi cư trú. Hồ sơ đăng ký thường trú gồm tờ khai.", "k": 3},
        {"text": "Đường Nguyễn Trãi bị ngập nặng sau cơn mưa, xe máy chết máy hàng loạt trên đường Nguyễn Trãi."},
    ],
)


@dataclass
class _Candidate:
    words: tuple[str, ...]
    first: int  # index of the run of content words it first occurs in
    spans: list[tuple[int, int]] = field(default_factory=list)
    forms: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def content_runs(text: str, tokens: list[Any], vocab: Vocabulary) -> list[list[Any]]:
    """Maximal runs of adjacent content words (noun, proper noun, verb, adjective; not a stopword) of ``text``.

    A run ends where anything but spaces lies between two words: a line break or punctuation parts the lines of a
    list ('Nguyễn Văn An' / 'Trần Thị Bình') and the items of a sentence, which are never one phrase.
    """
    runs: list[list[Any]] = [[]]
    for token in tokens:
        lower = without_format(token.word).lower()  # 'Nguy\xadễn' is 'nguyễn'
        if runs[-1] and not _only_spaces(text[runs[-1][-1].end : token.start]):
            runs.append([])
        if token.tag in CONTENT_TAGS and vocab.is_content(lower):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _only_spaces(gap: str) -> bool:
    return all(char.isspace() and char not in LINE_BREAKS for char in gap)


def rank(text: str, tokens: list[Any], vocab: Vocabulary, k: int) -> list[Keyword]:
    """Score = occurrences x mean IDF of its words x (1 + POSITION_BOOST / (1 + first run)). Phrases of two or
    three words must occur twice; a word never seen outside a phrase is shown as the phrase; a candidate whose
    words are all in higher-ranked keywords adds nothing and is skipped. Choices made on the dev laws."""
    found: dict[tuple[str, ...], _Candidate] = {}
    for number, run in enumerate(content_runs(text, tokens, vocab)):
        for size in range(1, MAX_WORDS + 1):
            for i in range(len(run) - size + 1):
                part = run[i : i + size]
                words = tuple(without_format(t.word).lower() for t in part)
                candidate = found.setdefault(words, _Candidate(words, number))
                start, end = part[0].start, part[-1].end
                candidate.spans.append((start, end))
                candidate.forms[without_format(text[start:end])] += 1
    scores = {}
    for words, c in found.items():
        if len(words) > 1 and len(c.spans) < 2:
            continue
        idf = sum(vocab.idf(w) for w in words) / len(words)
        scores[words] = len(c.spans) * idf * (1 + POSITION_BOOST / (1 + c.first))
    # A word that never occurs outside a longer phrase is shown as that phrase ("thường trú" in "đăng ký thường trú").
    absorbed = set()
    for words in sorted(scores, key=len, reverse=True):
        for size in range(1, len(words)):
            for i in range(len(words) - size + 1):
                part = words[i : i + size]
                if part in scores and len(found[words].spans) >= len(found[part].spans):
                    absorbed.add(part)
                    scores[words] = max(scores[words], scores[part])
    ranked = sorted((w for w in scores if w not in absorbed), key=lambda w: (-scores[w], found[w].spans[0]))
    chosen: list[tuple[str, ...]] = []
    covered: set[str] = set()
    for words in ranked:
        if len(chosen) == k:
            break
        if not set(words) <= covered:  # nothing new: its words are all in keywords already chosen
            chosen.append(words)
            covered.update(words)
    top = scores[chosen[0]] if chosen else 1.0
    return [
        Keyword(
            keyword=max(found[w].forms.items(), key=lambda f: f[1])[0],  # first of equals: dicts keep order
            score=round(scores[w] / top, 4),
            count=len(found[w].spans),
            spans=found[w].spans,
        )
        for w in chosen
    ]


@function("text.keywords", version=1, card=CARD, batch_size=64)
def run(batch: list[Input], models: Models) -> list[Output]:
    from nonla.core.runner import subcall

    vocab = vocabulary(models)
    texts = [unicodedata.normalize("NFC", item.text) for item in batch]
    # Tagged and weighed as read with marks (the law IDF knows "rác thải", not "rac thai"), shown as typed: the
    # restored reading keeps every offset of the text.
    readings = as_if_marked(texts, [item.restore_diacritics for item in batch])
    tagged = subcall("vi.pos@1", [{"text": reading, "restore_diacritics": False} for reading in readings])
    outputs = []
    for item, text, result in zip(batch, texts, tagged, strict=True):
        if isinstance(result, NonlaError):
            raise result
        # vi.pos gives offsets into the NFC text: phrases are cut from the same string.
        outputs.append(Output(keywords=rank(text, result.tokens, vocab, item.k)))
    return outputs

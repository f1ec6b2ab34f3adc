"""underthesea's CRF cascade (words → POS → chunks → entities) with its features built in linear time.

underthesea's ``ner(sentence)`` runs ``word_tokenize``, then its POS, chunk and NER CRFs, each on features from
templates such as ``T[-1,0][1]``. Its feature code re-parses every template with a regular expression and rebuilds
every column of the sentence for every feature of every token, so a sentence of n tokens costs O(n²) and a 50,000
character judgment spends 90 % of its time there. Here the templates are parsed once and the columns built once per
sentence; the strings handed to the same CRF models (underthesea's own loaded taggers) are the ones underthesea
builds, so the tags are identical (tests/functions/test_uts_cascade.py compares both on real sentences).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Row = tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """One parsed feature template: ``T[first,last][column].function`` (``last`` is None for a single token)."""

    syntax: str
    first: int
    last: int | None
    column: int
    function: Callable[[str], Any] | None


def parse(syntax: str, functions: dict[str, Callable[[str], Any]]) -> Template:
    """The template's parts.

    >>> t = parse("T[-1,0][1].lower", {"lower": str.lower}); (t.first, t.last, t.column, t.function is str.lower)
    (-1, 0, 1, True)
    """
    index, _, rest = syntax[2:].partition("]")
    first, _, last = index.partition(",")
    column, function = 0, None
    if rest.startswith("["):
        inner, _, rest = rest[1:].partition("]")
        column = int(inner)
    if rest.startswith("."):
        function = functions[rest[1:]]
    return Template(syntax, int(first), int(last) if last else None, column, function)


def features(rows: Sequence[Row], templates: Sequence[Template]) -> list[list[str]]:
    """Every token's feature strings, exactly as underthesea's ``word2features`` writes them."""
    columns = [[row[j] for row in rows] for j in range(len(rows[0]))] if rows else []
    n = len(rows)
    out = []
    for i in range(n):
        token = []
        for t in templates:
            at = i + t.first
            if at < 0:
                token.append(f"{t.syntax}=BOS")
                continue
            if at >= n or (t.last is not None and i + t.last >= n):
                token.append(f"{t.syntax}=EOS")
                continue
            word = " ".join(columns[t.column][at : i + t.last + 1]) if t.last is not None else rows[at][t.column]
            token.append(f"{t.syntax}={t.function(word) if t.function is not None else word}")
        out.append(token)
    return out


class Cascade:
    """``ner(sentence)`` with underthesea's output: a list of (word, POS, chunk, entity tag) tuples."""

    def __init__(self) -> None:
        from underthesea import word_tokenize
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner import tagged_feature
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        # The three feature modules define the same functions; the NER one stands for all (a test checks it).
        functions = {"lower": tagged_feature.text_lower, "istitle": tagged_feature.text_istitle,
                     "isallcap": tagged_feature.text_isallcap, "isdigit": tagged_feature.text_isdigit,
                     "is_in_dict": tagged_feature.text_is_in_dict}  # fmt: skip
        self.word_tokenize = word_tokenize
        self.stages = []
        for predictor in (CRFPOSTagPredictor, CRFChunkingPredictor, CRFNERPredictor):
            instance = predictor.Instance()
            templates = [parse(s, functions) for s in instance.transformer.template]
            self.stages.append((instance.model, templates))

    def ner(self, sentence: str) -> list[Row]:
        rows: list[Row] = [(word,) for word in self.word_tokenize(sentence)]
        for model, templates in self.stages:
            # Each stage sees the columns so far plus "X" where its own tag will go, as underthesea feeds it.
            tags = model.tag(features([(*row, "X") for row in rows], templates)) if rows else []
            rows = [(*row, tag) for row, tag in zip(rows, tags, strict=True)]
        return rows

"""Syllables and words with character offsets, shared by vi.words, vi.pos and vi.entities.

The word model is pyvi's CRF (MIT, trained on VLSP 2013), loaded through the one model cache with its sha256
checked. We call its CRF tagger directly on whole batches and keep character offsets, which pyvi's own
tokenize() drops (it joins syllables with '_' and so cannot round-trip text that contains '_').
"""

from __future__ import annotations

import pickle
import re
import string
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nonla.core.models import ModelRef, Models

WORD_MODEL = ModelRef("pyvi-word-crf", "0.1.1", sha256="6cdd73aee04b6a4ad7320ca85d27d931a7ef870cfdd41beb148e86bdb8aca134",
                      file="models/pyvi3.pkl", source="package:pyvi", licence="MIT")  # fmt: skip
WORD_NGRAMS = ModelRef("pyvi-word-ngrams", "0.1.1", sha256="517743d27e71d43343e4b8e9e89015cdc68d84ebe1d48106449e501d918ece4a",
                       file="models/words.txt", source="package:pyvi", licence="MIT")  # fmt: skip

# Order matters: earlier alternatives win. Abbreviations and URLs/e-mails stay whole; numbers keep their
# separators (1.000.000, 3,5, 12/2023); everything else is a run of word characters or one symbol.
_SYLLABLE = re.compile(
    r"[A-ZĐ]+\.(?=\s|$)|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|TS\.|PGS\.|GS\."
    r"|==>|->|\.\.\.|>>"
    r"|\w+://\S+|[\w.+-]+@(?:[\w-]+\.)+[\w-]+"
    r"|\d+(?:[.,/_-]\d+)+"
    r"|[^\w\s]|\w+",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def syllables(text: str) -> list[Token]:
    """Split NFC text into syllables and symbols with offsets.

    >>> [t.text for t in syllables("Ông A nộp 1.500.000 đồng.")]
    ['Ông', 'A', 'nộp', '1.500.000', 'đồng', '.']
    """
    return [Token(m.group(0), m.start(), m.end()) for m in _SYLLABLE.finditer(text)]


class WordModel:
    def __init__(self, crf: Any, ngrams: tuple[set[str], set[str]]) -> None:
        self.tagger = crf.tagger_  # the pycrfsuite.Tagger inside sklearn-crfsuite's wrapper
        self.bigrams, self.trigrams = ngrams
        self._lock = threading.Lock()  # a crfsuite Tagger holds per-call state: one caller at a time

    def features(self, sent: list[str]) -> list[dict[str, Any]]:
        # Must equal the features the model was trained with (pyvi 0.1.1), or its weights mean nothing.
        lower = [s.lower() for s in sent]
        out = []
        for i, word in enumerate(sent):
            f: dict[str, Any] = {"bias": 1.0, "word.lower()": lower[i], "word.isupper()": word.isupper(),
                                 "word.istitle()": word.istitle(), "word.isdigit()": word.isdigit()}  # fmt: skip
            if i > 0:
                prev = sent[i - 1]
                f.update({"-1:word.lower()": lower[i - 1], "-1:word.istitle()": prev.istitle(),
                          "-1:word.isupper()": prev.isupper(),
                          "-1:word.bi_gram()": f"{lower[i - 1]} {lower[i]}" in self.bigrams})  # fmt: skip
                if i > 1:
                    f["-2:word.tri_gram()"] = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}" in self.trigrams
            if i < len(sent) - 1:
                nxt = sent[i + 1]
                f.update({"+1:word.lower()": lower[i + 1], "+1:word.istitle()": nxt.istitle(),
                          "+1:word.isupper()": nxt.isupper(),
                          "+1:word.bi_gram()": f"{lower[i]} {lower[i + 1]}" in self.bigrams})  # fmt: skip
                if i < len(sent) - 2:
                    f["+2:word.tri_gram()"] = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in self.trigrams
            out.append(f)  # pycrfsuite maps str values to 'key:value' and bools to 0/1, as in training
        return out

    def labels(self, sylls: list[str]) -> list[str]:
        """B_W / I_W for each syllable, as the CRF decides it (before pyvi's joining rules)."""
        features = self.features(sylls)
        with self._lock:
            return list(self.tagger.tag(features))

    def words(self, text: str) -> list[Token]:
        sylls = syllables(text)
        if not sylls:
            return []
        labels = self.labels([s.text for s in sylls])
        words: list[Token] = [sylls[0]]
        for prev, cur, label in zip(sylls[:-1], sylls[1:], labels[1:], strict=True):
            if label == "I_W" and _joinable(prev, cur) and text[prev.end : cur.start] == " ":
                last = words[-1]
                words[-1] = Token(text[last.start : cur.end], last.start, cur.end)
            else:
                words.append(cur)
        return words


def _joinable(prev: Token, cur: Token) -> bool:
    # pyvi's decoding rules: never join punctuation or numbers, nor a capitalised syllable after a lower-case one.
    return not (
        cur.text in string.punctuation
        or prev.text in string.punctuation
        or cur.text[0].isdigit()
        or prev.text[0].isdigit()
        or (cur.text[0].istitle() and not prev.text[0].istitle())
    )


def _load_crf(path: Path) -> Any:
    with path.open("rb") as fh:
        return pickle.load(fh)  # noqa: S301 — a package file whose sha256 was just checked


def _load_ngrams(path: Path) -> tuple[set[str], set[str]]:
    bigrams, trigrams = set(), set()
    for line in path.read_text(encoding="utf-8").split("\n"):
        n = len(line.split(" "))
        (bigrams if n == 2 else trigrams if n == 3 else set()).add(line)
    return bigrams, trigrams


def word_model(models: Models) -> WordModel:
    """The shared word segmenter, loaded once per process."""
    ngrams = models.load(WORD_NGRAMS, _load_ngrams)
    return models.load(WORD_MODEL, lambda path: WordModel(_load_crf(path), ngrams))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)

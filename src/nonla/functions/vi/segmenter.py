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

# Unicode's format characters (category Cf, Unicode 14) are invisible and carry no letter. A soft hyphen, a zero-width
# joiner or non-joiner belongs inside its word (a hyphenation point; part of an emoji or of Persian or Indic spelling),
# so it never splits one; the others (zero-width space, word joiner, BOM, direction marks) separate words as a space
# does. Neither kind is ever a token of its own.
IN_WORD_FORMAT = "\xad\u200c\u200d"
SEPARATING_FORMAT = (
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)  # fmt: skip
FORMAT_CHARS = re.compile(f"[{IN_WORD_FORMAT}{SEPARATING_FORMAT}]")

# Order matters: earlier alternatives win. Abbreviations and URLs/e-mails stay whole; numbers keep their
# separators (1.000.000, 3,5, 12/2023); everything else is a run of word characters (format characters inside it
# kept) or one visible symbol.
_SYLLABLE = re.compile(
    rf"[A-ZĐ]+\.(?=[\s{SEPARATING_FORMAT}]|$)|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|TS\.|PGS\.|GS\."
    r"|==>|->|\.\.\.|>>"
    rf"|\w+://[^\s{SEPARATING_FORMAT}]+|[\w.+-]+@(?:[\w-]+\.)+[\w-]+"
    r"|\d+(?:[.,/_-]\d+)+"
    rf"|[^\w\s{IN_WORD_FORMAT}{SEPARATING_FORMAT}]|\w+(?:[{IN_WORD_FORMAT}]+\w+)*",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    """A syllable or word: ``start``/``end`` slice the text it came from; ``text`` is what the models read, that
    slice without format characters (a soft hyphen inside a word is not part of its spelling)."""

    text: str
    start: int
    end: int


def without_format(text: str) -> str:
    r"""``text`` without Unicode format characters (soft hyphens, zero-width spaces and joiners, BOMs).

    >>> without_format("Nguy\xadễn\u200b")
    'Nguyễn'
    """
    return FORMAT_CHARS.sub("", text)


def syllables(text: str) -> list[Token]:
    r"""Split NFC text into syllables and symbols with offsets; format characters are never tokens.

    >>> [t.text for t in syllables("Ông A nộp 1.500.000 đồng.")]
    ['Ông', 'A', 'nộp', '1.500.000', 'đồng', '.']
    >>> [(t.text, t.start, t.end) for t in syllables("\ufeffNguy\xadễn\u200bAn")]
    [('Nguyễn', 1, 8), ('An', 9, 11)]
    """
    matches = _SYLLABLE.finditer(text)
    if not FORMAT_CHARS.search(text):  # the common case: every token is its own slice
        return [Token(m.group(0), m.start(), m.end()) for m in matches]
    return [Token(without_format(m.group(0)), m.start(), m.end()) for m in matches]


class WordModel:
    def __init__(self, crf: Any, ngrams: tuple[set[str], set[str]]) -> None:
        self.tagger = crf.tagger_  # the pycrfsuite.Tagger inside sklearn-crfsuite's wrapper
        self.bigrams, self.trigrams = ngrams
        self._lock = threading.Lock()  # a crfsuite Tagger holds per-call state: one caller at a time

    def features(self, sent: list[str]) -> list[list[str]]:
        """The attributes pyvi 0.1.1's model was trained with, as crfsuite attribute strings.

        pyvi passes dicts: crfsuite reads a string value as the attribute "key:value" and a boolean as the attribute
        "key" weighted 1 or 0, so listing "key:value" and the true booleans' keys gives the same weights, and building
        flat lists is what makes us faster than pyvi on the same model.
        """
        lower = [s.lower() for s in sent]
        shape = [(w.isupper(), w.istitle(), w.isdigit()) for w in sent]
        n = len(sent)
        out = []
        for i in range(n):
            up, title, digit = shape[i]
            f = ["bias", "word.lower():" + lower[i]]
            if up:
                f.append("word.isupper()")
            if title:
                f.append("word.istitle()")
            if digit:
                f.append("word.isdigit()")
            if i > 0:
                f.append("-1:word.lower():" + lower[i - 1])
                if shape[i - 1][1]:
                    f.append("-1:word.istitle()")
                if shape[i - 1][0]:
                    f.append("-1:word.isupper()")
                if f"{lower[i - 1]} {lower[i]}" in self.bigrams:
                    f.append("-1:word.bi_gram()")
                if i > 1 and f"{lower[i - 2]} {lower[i - 1]} {lower[i]}" in self.trigrams:
                    f.append("-2:word.tri_gram()")
            if i < n - 1:
                f.append("+1:word.lower():" + lower[i + 1])
                if shape[i + 1][1]:
                    f.append("+1:word.istitle()")
                if shape[i + 1][0]:
                    f.append("+1:word.isupper()")
                if f"{lower[i]} {lower[i + 1]}" in self.bigrams:
                    f.append("+1:word.bi_gram()")
                if i < n - 2 and f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in self.trigrams:
                    f.append("+2:word.tri_gram()")
            out.append(f)
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
                words[-1] = Token(f"{last.text} {cur.text}", last.start, cur.end)
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

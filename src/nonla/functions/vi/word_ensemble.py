"""The stacked word segmenter behind vi.words@2: one CRF, trained by us on UD-VTB, that reads the syllables, a
compound dictionary, and the decisions of two independently trained segmenters (pyvi's and underthesea's CRFs).

Stacking lets our CRF learn where each base model errs against UD-VTB's conventions. The feature function is shared
by training (models/build/train_words_crf.py) and inference, so the two cannot drift.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nonla.core.models import ModelRef, Models
from nonla.functions.vi.segmenter import WORD_NGRAMS, Token, syllables, word_model

ENSEMBLE_MODEL = ModelRef("vi-words-crf", "2026.11", sha256="99fd48d726607a19d3240c49999b23785c9c7efa1f52463375a257a8e0ce59f3", file="vi-words-crf/model.crfsuite",
                          licence="CC BY-SA 4.0 (trained on UD Vietnamese-VTB)")  # fmt: skip
UTS_WORDS = ModelRef("underthesea-ws-crf", "9.5.0", sha256="c3a64c64349f1d73304f89babacaa8f8cd6078b1ec1a1b2c104e9e411ac1d2c3",
                     file="pipeline/word_tokenize/models/ws_crf_vlsp2013_20230727/models.bin",
                     source="package:underthesea", licence="GPL-3.0 (underthesea package)")  # fmt: skip
VIET74K = ModelRef("underthesea-viet74k", "9.5.0", sha256="b83d49308336f12ca46d06287d8db6e2cdc7a725d9a9dac56930051775fafb90",
                   file="corpus/data/Viet74K.txt", source="package:underthesea", licence="GPL-3.0 (underthesea package)")  # fmt: skip
MAX_PIECE = 200  # syllables per CRF sequence; pieces end at sentence punctuation where possible
_BREAKS = {".", "!", "?", ";", "…", "\n"}
_WINDOWS = ((-1, 0, "d2L"), (0, 1, "d2R"), (-2, 0, "d3L"), (-1, 1, "d3M"), (0, 2, "d3R"),
            (-3, 0, "d4L"), (-2, 1, "d4M1"), (-1, 2, "d4M2"), (0, 3, "d4R"))  # fmt: skip


def _shape(s: str) -> str:
    if s.isdigit():
        return "D"
    if not s[0].isalnum():
        return "P"
    if s.isupper():
        return "U"
    return "T" if s[0].isupper() else "L"


def features(sylls: list[str], pyvi: list[str], uts: list[str], compounds: frozenset[str]) -> list[list[str]]:
    """CRF features for each syllable.

    >>> features(["Hà", "Nội"], ["B_W", "I_W"], ["B-W", "I-W"], frozenset({"hà nội"}))[1][:3]
    ['b', 'w=nội', 'w-1=hà']
    """
    low = [s.lower() for s in sylls]
    n = len(sylls)

    def w(i: int) -> str:
        return low[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    def sh(i: int) -> str:
        return _shape(sylls[i]) if 0 <= i < n else "O"

    def p(i: int) -> str:
        return pyvi[i] if 0 <= i < n else "O"

    def u(i: int) -> str:
        return uts[i] if 0 <= i < n else "O"

    out = []
    for i in range(n):
        f = ["b", "w=" + low[i], "w-1=" + w(i - 1), "w+1=" + w(i + 1), "w-2=" + w(i - 2), "w+2=" + w(i + 2),
             f"b-1={w(i - 1)}|{low[i]}", f"b+1={low[i]}|{w(i + 1)}", f"b-2={w(i - 2)}|{w(i - 1)}",
             f"b+2={w(i + 1)}|{w(i + 2)}", "sh=" + sh(i), "sh-1=" + sh(i - 1) + sh(i), "sh+1=" + sh(i) + sh(i + 1),
             "p=" + p(i), "p+1=" + p(i + 1), "pp=" + p(i - 1) + p(i) + p(i + 1), "pw=" + p(i) + low[i],
             "u=" + u(i), "pu=" + p(i) + u(i), "u+1=" + u(i + 1), "pu+1=" + p(i + 1) + u(i + 1)]  # fmt: skip
        for a, b, name in _WINDOWS:
            if 0 <= i + a and i + b < n and " ".join(low[i + a : i + b + 1]) in compounds:
                f.append(name)
        out.append(f)
    return out


def load_compounds(pyvi_words: Path, viet74k: Path) -> frozenset[str]:
    """Multi-syllable entries of pyvi's word list and underthesea's Viet74K dictionary, lower-cased, NFC."""
    entries: set[str] = set()
    for path in (pyvi_words, viet74k):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = unicodedata.normalize("NFC", line.strip().lower())
            if " " in entry:
                entries.add(entry)
    return frozenset(entries)


class UtsWords:
    """underthesea's VLSP-2013 word CRF, called on our syllables (its own regex tokenizer would re-split them)."""

    def __init__(self, model_file: Path) -> None:
        import joblib
        from underthesea_core import CRFFeaturizer, CRFTagger

        base = model_file.parent
        self.tagger = CRFTagger()
        self.tagger.load(str(model_file))
        self.featurizer = CRFFeaturizer(joblib.load(base / "features.bin"), joblib.load(base / "dictionary.bin"))
        self.lock = threading.Lock()

    def labels(self, sylls: list[str]) -> list[str]:
        with self.lock:
            return list(self.tagger.tag(self.featurizer.process([[[s] for s in sylls]])[0]))


def pieces(tokens: list[Token]) -> Iterable[list[Token]]:
    """Cut the syllables into CRF sequences at sentence ends ("." before a capital, not inside "10 . 000")."""
    start = 0
    for i, token in enumerate(tokens):
        follows = tokens[i + 1].text if i + 1 < len(tokens) else ""
        at_end = token.text in _BREAKS and (not follows or not (follows[0].isdigit() or follows[0].islower()))
        if at_end or i - start + 1 >= MAX_PIECE:
            yield tokens[start : i + 1]
            start = i + 1
    if start < len(tokens):
        yield tokens[start:]


class EnsembleSegmenter:
    def __init__(self, crf_path: Path, models: Models) -> None:
        import pycrfsuite

        self.pyvi = word_model(models)
        self.uts = models.load(UTS_WORDS, UtsWords)
        pyvi_words = WORD_NGRAMS.path()
        self.compounds = models.load(VIET74K, lambda p: load_compounds(pyvi_words, p))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(crf_path))
        self.lock = threading.Lock()

    def labels(self, sylls: list[str]) -> list[str]:
        pyvi = self.pyvi.labels(sylls)
        feats = features(sylls, pyvi, self.uts.labels(sylls), self.compounds)
        with self.lock:
            return list(self.tagger.tag(feats))

    def words(self, text: str) -> list[Token]:
        out: list[Token] = []
        for piece in pieces(syllables(text)):
            labels = self.labels([t.text for t in piece])
            for token, label in zip(piece, labels, strict=True):
                if label == "I" and out and text[out[-1].end : token.start] == " ":
                    last = out[-1]
                    out[-1] = Token(text[last.start : token.end], last.start, token.end)
                else:
                    out.append(token)
        return out


def ensemble(models: Models) -> Any:
    return models.load(ENSEMBLE_MODEL, lambda path: EnsembleSegmenter(path, models))

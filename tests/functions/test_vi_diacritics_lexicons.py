"""vi-diacritics-lm's everyday evidence: wordfreq's syllable frequencies and dictionary words, built into the model."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import nonla

BUILD = Path(__file__).resolve().parents[2] / "models" / "build"
VOCAB = ["<s>", "</s>", "cà", "phê", "sữa", "sửa", "đá", "xe"]


@pytest.fixture
def lexicons(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(BUILD))  # build scripts import their siblings by name
    module = importlib.import_module("diacritics_lexicons")
    yield module
    for name in ("diacritics_lexicons", "ngram_estimate"):
        sys.modules.pop(name, None)


def test_word_pair_model_rewards_pairs_inside_words_and_backs_off_to_frequencies(lexicons: ModuleType) -> None:
    frequencies = {"cà": 1.0, "phê": 1.0, "sữa": 1.0, "sửa": 4.0, "đá": 1.0, "xe": 8.0}
    lm = lexicons.word_pair_model(VOCAB, [["cà", "phê"], ["cà", "phê", "sữa"], ["sữa", "đá"]], frequencies)
    index = {t: i for i, t in enumerate(VOCAB)}

    def logp(before: str, word: str) -> float:
        return float(lm.score(np.array([index[before]]), np.array([index[word]]), history=1)[0])

    assert logp("sữa", "đá") > logp("sửa", "đá")  # "sữa đá" is inside a word, "sửa đá" is not
    assert logp("cà", "phê") > logp("cà", "sữa")
    assert logp("đá", "xe") > logp("đá", "sửa") > logp("đá", "sữa")  # between words: how common in general text
    edges = (lm.keys[2] >> lm.bits) <= 1  # no bigram starts at <s> or </s>: word edges say nothing
    assert not edges.any()
    everything = 10.0 ** lm.score(np.full(len(VOCAB), index["cà"]), np.arange(len(VOCAB)), history=1)
    assert everything.sum() == pytest.approx(1.0, abs=1e-3)  # less <s>, which is never predicted


def test_wordfreq_syllables_are_marked_vietnamese_syllables(lexicons: ModuleType) -> None:
    pytest.importorskip("wordfreq")
    frequencies = lexicons.wordfreq_syllables()
    assert frequencies["đã"] > frequencies["đá"] and frequencies["của"] > frequencies["cửa"]
    assert "scale" not in frequencies and "timer" not in frequencies  # English words are not syllables
    assert all(token == token.lower() for token in frequencies)


def test_word_lists_give_multi_syllable_words(lexicons: ModuleType) -> None:
    words = lexicons.word_list_entries()
    assert len(words) > 50_000
    assert ["cà", "phê"] in words and ["xe", "đạp"] in words
    assert all(len(word) >= 2 for word in words)


def test_dictionary_words_steer_the_restored_marks() -> None:
    # "phòng ngủ" (bedroom) and "đẹp" are everyday words the laws rarely use: without the lexicons the model
    # chose "phòng ngữ" and "dẹp"
    assert nonla.run("vi.diacritics", text="cua so phong ngu").text == "cửa sổ phòng ngủ"
    assert nonla.run("vi.diacritics", text="Co ay rat dep").text == "Cô ấy rất đẹp"

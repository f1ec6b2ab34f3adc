"""Everyday-register evidence for ``vi-diacritics-lm`` beyond the ~60,000 syllables of UD-VTB train+dev.

Two lexicons, read at build time only (the function reads nothing but lm.zip):

- wordfreq 3.1.1 (code Apache-2.0, data CC BY-SA 4.0, by Robyn Speer and contributors; its Vietnamese list comes
  from Wikipedia, subtitles, news and web text): how often each accented syllable is written in general text.
  It is what the word-list model backs off to between words, so a form common in everyday text is preferred.
- the word lists shipped in pyvi 0.1.1 (``pyvi/models/words.txt``, MIT) and underthesea 9.5.0
  (``underthesea/corpus/data/Viet74K.txt``, Apache-2.0): multi-syllable words. They become a bigram model of
  syllable pairs inside real words, which rewards a path where neighbouring syllables form a word (sữa đá, màu
  nâu).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from ngram_estimate import count, kneser_ney

from nonla.functions.vi.diacritics_lm import NgramModel
from nonla.functions.vi.diacritics_text import SPECIALS, UNK, syllable_token

WORDFREQ_NOTE = (
    "wordfreq 3.1.1 Vietnamese 'small' list (code Apache-2.0, data CC BY-SA 4.0, Robyn Speer et al.; "
    "Wikipedia, subtitles, news, web text)"
)
UNLISTED_SHARE = 0.01  # of the fallback distribution, spread over syllables wordfreq does not list

WORDLISTS_NOTE = "word lists of pyvi 0.1.1 (models/words.txt, MIT) and underthesea 9.5.0 (Viet74K.txt, Apache-2.0)"


def wordfreq_syllables() -> dict[str, float]:
    """{model token: frequency} of the Vietnamese syllables in wordfreq's Vietnamese list (foreign words dropped)."""
    import wordfreq  # build-time only: the dev extra

    out: Counter[str] = Counter()
    for word, freq in sorted(wordfreq.get_frequency_dict("vi", wordlist="small").items()):
        token = syllable_token(word) if word.isalpha() else UNK
        if token != UNK and token not in SPECIALS:  # English words are mostly not syllables (scale, timer)
            out[token] += freq
    return dict(sorted(out.items()))


def word_list_entries() -> list[list[str]]:
    """Multi-syllable words of the shipped word lists, as model tokens; entries with a non-syllable dropped."""
    import pyvi
    import underthesea

    files = [
        Path(pyvi.__file__).parent / "models" / "words.txt",
        Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt",
    ]
    words: set[tuple[str, ...]] = set()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            tokens = tuple(syllable_token(part) for part in line.strip().replace("-", " ").split())
            if len(tokens) >= 2 and UNK not in tokens:
                words.add(tokens)
    return [list(w) for w in sorted(words)]


def word_pair_model(vocab: Sequence[str], words: Sequence[Sequence[str]], frequencies: dict[str, float]) -> NgramModel:
    """A Kneser-Ney bigram over syllable pairs inside dictionary words that backs off to ``frequencies``.

    Word edges (<s>, </s>) are left out, so the bigrams say only which syllable follows which inside a word; where
    no word joins two syllables, the model falls back on how common the next syllable is in general text (how many
    dictionary words hold a syllable says little about how often it is written: yếu is in more words than yêu).
    """
    index = {t: i for i, t in enumerate(vocab)}
    bits = max(1, (len(vocab) - 1).bit_length())
    raw = count([[index[t] for t in w] for w in words], 2, bits)
    mask = (1 << bits) - 1
    keys, counts = raw[2]
    inner = ((keys >> bits) > 1) & ((keys & mask) > 1)
    uni_keys, uni_counts = raw[1]
    uni_counts = np.where(uni_keys > 1, uni_counts, 0.0)
    general = np.array([frequencies.get(token, 0.0) for token in vocab])
    base = (1 - UNLISTED_SHARE) * general / general.sum() + UNLISTED_SHARE / len(vocab)
    pairs = {1: (uni_keys, uni_counts), 2: (keys[inner], counts[inner])}
    return kneser_ney(pairs, 2, bits, list(vocab), {}, unigram=base)

"""Restoring marks: candidate forms for each unaccented syllable, and a beam search over the n-gram model.

Candidates for an unaccented syllable are the accented forms the model saw in training (``"toa"`` → tòa, tóa, tọa,
toa, tỏa...). A lowercase syllable the model never saw in any form gets every well-formed accented spelling as a
fallback, ranked by how often its rhyme and tone occur in the model's vocabulary; a capitalised one is mostly a name
(Vy, Muay, Penh) and stays as typed, which on UD-VTB dev is right more often than any guess. Everything else in the
text (accented words, numbers, punctuation) is context only.
"""

from __future__ import annotations

import itertools
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from functools import lru_cache
from typing import Any

import numpy as np

from nonla.functions.vi.diacritics_lm import NgramModel
from nonla.functions.vi.diacritics_text import BOS, EOS, SPECIALS, UNK, Piece, segments
from nonla.functions.vi.tone_marks import is_vietnamese_syllable, set_tone_style, strip_diacritics

BEAM = 16
MIN_SHARE = -3.0  # log10: candidates 1,000 times rarer than the commonest form of the same syllable are dropped
NAME_WEIGHT, NAME_SMOOTHING = 0.5, 0.5  # tuned on UD-VTB dev
DECODE_CHUNK = 512  # segments decoded together: bounds memory on very long texts
# A search query typed without marks is restored by three readers of it (BM25's second list, text.embed and
# legal.citations), each through vi.diacritics: short texts restored lately are remembered, so it is decoded once.
RECENT_TEXTS, RECENT_MAX_CHARS = 2048, 1000
_VARIANTS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_VOWELS = frozenset("aăâeêioôơuưy")
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


@lru_cache(maxsize=4096)
def accented_forms(plain: str) -> tuple[str, ...]:
    """Every well-formed spelling of an unaccented syllable, marks in the old style.

    >>> accented_forms("do")[:6]
    ('do', 'dò', 'dỏ', 'dõ', 'dó', 'dọ')
    >>> accented_forms("nguyen")
    ('nguyen', 'nguyên', 'nguyền', 'nguyển', 'nguyễn', 'nguyến', 'nguyện')
    """
    forms = []
    for letters in itertools.product(*(_VARIANTS.get(ch, ch) for ch in plain)):
        vowels = [i for i, ch in enumerate(letters) if ch in _VOWELS]
        for at, tone in [(-1, "")] + [(i, t) for i in vowels for t in _TONES]:
            chars = [ch + tone if i == at else ch for i, ch in enumerate(letters)]
            form = unicodedata.normalize("NFC", "".join(chars))
            if len(form) == len(plain) and is_vietnamese_syllable(form) and set_tone_style(form, "old") == form:
                forms.append(form)
    return tuple(dict.fromkeys(forms))


def _split_initial(form: str) -> tuple[str, str]:
    """(initial consonants, rhyme with marks): 'gi' and 'qu' count as initials before another vowel."""
    at = 0
    while at < len(form) and form[at] not in _VOWELS:
        at += 1
    if at < len(form) - 1 and form[:at] in ("g", "q") and strip_diacritics(form[at]) in "iu":
        at += 1
    return form[:at], form[at:]


class Restorer:
    """The decoder: thread-safe (reads the model only), deterministic (ties go to the first candidate)."""

    def __init__(self, lm: NgramModel, beam: int = BEAM, min_share: float = MIN_SHARE) -> None:
        self.lm = lm
        self.beam = beam
        self.bos, self.eos, self.unk = lm.index[BOS], lm.index[EOS], lm.index[UNK]
        unigram = lm.score(np.zeros(len(lm.vocab), np.int64), np.arange(len(lm.vocab)), history=0)
        groups: dict[str, list[int]] = defaultdict(list)
        for i, token in enumerate(lm.vocab):
            if token not in SPECIALS:
                groups[strip_diacritics(token)].append(i)
        self.candidates = {}
        for plain, ids in groups.items():
            # forms far rarer than the commonest spelling (typos, one-off names) cost time and never win
            ids = sorted(ids, key=lambda i: (-unigram[i], i))
            self.candidates[plain] = np.array([i for i in ids if unigram[i] >= unigram[ids[0]] + min_share], np.int64)
        self.names: dict[str, dict[str, int]] = lm.extra.get("names", {})
        self._rhyme_prior = self._prior_table()  # built once here: the restorer is shared by threads
        self._recent: OrderedDict[str, tuple[str, int]] = OrderedDict()
        self._recent_lock = threading.Lock()

    def _prior_table(self) -> dict[tuple[str, str], float]:
        """log10 P(marked rhyme | unaccented rhyme) and P(đ | d) from the unigram probabilities of the vocabulary."""
        mass: dict[tuple[str, str], float] = defaultdict(float)
        unigram = 10.0 ** self.lm.score(np.zeros(len(self.lm.vocab), np.int64), np.arange(len(self.lm.vocab)), 0)
        for token, p in zip(self.lm.vocab, unigram.tolist(), strict=True):
            if token in SPECIALS:
                continue
            initial, rhyme = _split_initial(token)
            mass["rhyme", rhyme] += p
            if initial[:1] in ("d", "đ"):
                mass["initial", initial[:1]] += p
        totals: dict[str, float] = defaultdict(float)
        for (kind, value), p in mass.items():
            totals[strip_diacritics(value) if kind == "rhyme" else kind] += p
        return {
            (kind, value): float(np.log10(p / totals[strip_diacritics(value) if kind == "rhyme" else kind]))
            for (kind, value), p in mass.items()
        }

    def _fallback_prior(self, form: str) -> float:
        table = self._rhyme_prior
        initial, rhyme = _split_initial(form)
        score = table.get(("rhyme", rhyme), -6.0)
        if initial[:1] in ("d", "đ"):
            score += table.get(("initial", initial[:1]), -1.0)
        return score

    def options(self, piece: Piece) -> tuple[Any, Any, list[str] | None]:
        """(token ids, extra log10 prior per id, lowercase forms or None when the piece stays as written)."""
        if not piece.plain:
            return np.array([self.lm.index.get(piece.token, self.unk)], np.int64), np.zeros(1), None
        capitalised = piece.text[0].isupper()
        seen = self.candidates.get(piece.plain)
        if seen is not None:
            forms = [self.lm.vocab[i] for i in seen.tolist()]
            names = self.names.get(piece.plain) if capitalised and piece.text[1:].islower() else None
            if not names:
                return seen, np.zeros(len(seen)), forms
            # a capitalised word inside a sentence is mostly a name: weigh in how names were spelled in training
            counts = np.array([names.get(f, 0) + NAME_SMOOTHING for f in forms])
            return seen, NAME_WEIGHT * np.log10(counts / counts.sum()), forms
        if capitalised:  # a name the model never saw (Vy, Muay, Penh): typed unaccented, most often right so
            return np.array([self.unk], np.int64), np.zeros(1), [piece.plain]
        forms = list(accented_forms(piece.plain)) or [piece.plain]
        prior = np.array([self._fallback_prior(f) for f in forms])
        return np.full(len(forms), self.unk, np.int64), prior, forms

    def decode(self, batch: list[list[Piece]]) -> list[list[str | None]]:
        """The best form for each piece of each segment (None where a piece stays as written).

        All segments advance together, one position per step, so numpy works on every hypothesis of the batch
        at once: a beam search per segment, with hypotheses that end in the same model state merged.
        """
        eos = (np.array([self.eos], np.int64), np.zeros(1), None)
        steps = [[self.options(p) for p in segment] + [eos] for segment in batch]
        lengths = np.array([len(s) for s in steps])
        seg = np.arange(len(batch))  # the segment of each hypothesis
        states, scores = np.full(len(batch), self.bos, np.int64), np.zeros(len(batch))
        rowmap = np.arange(len(batch))  # hypothesis -> its row in the previous step of the trail
        trail: list[tuple[Any, Any]] = []  # per step: (parent row, candidate index) of each kept row
        finals: dict[int, tuple[int, int]] = {}  # segment -> (step, row) of its best complete hypothesis
        for t in range(int(lengths.max(initial=0))):
            live = np.unique(seg)
            width = np.zeros(len(batch), np.int64)
            width[live] = [len(steps[s][t][0]) for s in live.tolist()]
            offset = np.zeros(len(batch), np.int64)
            offset[live] = np.cumsum(width[live]) - width[live]
            ids = np.concatenate([steps[s][t][0] for s in live.tolist()])
            prior = np.concatenate([steps[s][t][1] for s in live.tolist()])
            fan = width[seg]
            parent = np.repeat(np.arange(len(seg)), fan)
            pick = np.arange(len(parent)) - np.repeat(np.cumsum(fan) - fan, fan)  # candidate index in its step
            where = offset[seg[parent]] + pick
            words = ids[where]
            total = scores[parent] + self.lm.score(states, words, parent=parent) + prior[where]
            nxt, owner = self.lm.push(states[parent], words), seg[parent]
            rows = np.arange(len(total))
            order = np.lexsort((rows, -total, nxt, owner))  # best first within each (segment, state)
            first = np.r_[True, (nxt[order][1:] != nxt[order][:-1]) | (owner[order][1:] != owner[order][:-1])]
            keep = order[first]  # one hypothesis per (segment, state)
            keep = keep[np.lexsort((keep, -total[keep], owner[keep]))]  # best first within each segment
            start = np.r_[True, owner[keep][1:] != owner[keep][:-1]]
            rank = np.arange(len(keep)) - np.maximum.accumulate(np.where(start, np.arange(len(keep)), 0))
            keep = keep[rank < self.beam]
            trail.append((rowmap[parent[keep]], pick[keep]))
            seg, states, scores, rowmap = owner[keep], nxt[keep], total[keep], np.arange(len(keep))
            done = lengths[seg] == t + 1
            if done.any():
                ended = np.flatnonzero(done)
                best = ended[np.r_[True, seg[ended][1:] != seg[ended][:-1]]]  # rows are best-first per segment
                finals.update((int(seg[r]), (t, int(r))) for r in best)
                seg, states, scores, rowmap = seg[~done], states[~done], scores[~done], rowmap[~done]
        return [self._backtrack(steps[s], trail, *finals[s]) for s in range(len(batch))]

    @staticmethod
    def _backtrack(steps: list[Any], trail: list[tuple[Any, Any]], last: int, row: int) -> list[str | None]:
        picks = []
        for t in range(last, -1, -1):
            parents, chosen = trail[t]
            picks.append(int(chosen[row]))
            row = int(parents[row])
        picks.reverse()
        return [forms[c] if forms is not None else None for (_, _, forms), c in zip(steps[:-1], picks, strict=False)]

    def restore(self, texts: list[str]) -> list[tuple[str, int]]:
        """Each text with marks restored on unaccented syllables, and how many syllables changed.

        >>> from nonla.core.models import shared_models
        >>> from nonla.functions.vi.diacritics import DIACRITICS_MODEL, _load
        >>> shared_models().load(DIACRITICS_MODEL, _load).restore(["Ha Noi", "Xem https://a.vn", "HA NOI"])
        [('Hà Nội', 2), ('Xem https://a.vn', 0), ('HÀ NỘI', 2)]
        """
        with self._recent_lock:
            known = {i: self._recent[t] for i, t in enumerate(texts) if t in self._recent}
            for i in known:
                self._recent.move_to_end(texts[i])
        todo = [i for i in range(len(texts)) if i not in known]
        fresh = dict(zip(todo, self._restore([texts[i] for i in todo]), strict=True)) if todo else {}
        with self._recent_lock:
            for i, result in fresh.items():
                if len(texts[i]) <= RECENT_MAX_CHARS:
                    self._recent[texts[i]] = result
            while len(self._recent) > RECENT_TEXTS:
                self._recent.popitem(last=False)
        return [known[i] if i in known else fresh[i] for i in range(len(texts))]

    def _restore(self, texts: list[str]) -> list[tuple[str, int]]:
        work = [(i, segment) for i, text in enumerate(texts) for segment in segments(text)]
        work = [(i, segment) for i, segment in work if any(p.plain for p in segment)]
        edits: list[list[tuple[Piece, str]]] = [[] for _ in texts]
        for start in range(0, len(work), DECODE_CHUNK):
            chunk = work[start : start + DECODE_CHUNK]
            for (i, segment), forms in zip(chunk, self.decode([s for _, s in chunk]), strict=True):
                for piece, form in zip(segment, forms, strict=True):
                    if form is None or len(form) != len(piece.text):
                        continue
                    cased = _cased(form, piece.text)
                    if cased != piece.text:
                        edits[i].append((piece, cased))
        return [_apply(text, changes) for text, changes in zip(texts, edits, strict=True)]


def _cased(form: str, like: str) -> str:
    """``form`` (lowercase) with the letter case of ``like``, letter by letter.

    >>> _cased("việt", "Viet"), _cased("nội", "NOI"), _cased("hà", "ha")
    ('Việt', 'NỘI', 'hà')
    """
    if like.islower():
        return form
    if like.isupper():
        return form.upper()
    return "".join(f.upper() if o.isupper() else f for f, o in zip(form, like, strict=True))


def _apply(text: str, changes: list[tuple[Piece, str]]) -> tuple[str, int]:
    out, cursor = [], 0
    for piece, new in changes:
        out += [text[cursor : piece.start], new]
        cursor = piece.start + len(piece.text)
    return "".join(out) + text[cursor:], len(changes)

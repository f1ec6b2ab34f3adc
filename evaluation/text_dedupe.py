"""text.dedupe against exact matching after normalisation and datasketch's MinHashLSH: pair precision, recall, F1.

The data is built here, deterministically: base texts (UD-VTB test sentences and paragraphs of the held-out test
laws, no two of them sharing half their syllables) and, for half of them, one or two edited copies — words
dropped, typos, diacritics removed, clauses swapped, several at once — plus hard negatives that splice half of
one base onto half of another. Gold pairs are a base with its copies; every other pair is a non-duplicate.

python evaluation/text_dedupe.py [--json] [--limit N]
"""

from __future__ import annotations

import random
import re
from itertools import combinations

from _common import UD, Timer, args, prf, report
from _laws import laws

EDITS = ("drop", "typo", "no diacritics", "reorder", "mixed")
_WORDS = re.compile(r"\S+")


def bases(split: str = "test", limit: int = 0) -> list[str]:
    from nonla.functions.text.minhash import normalise
    from nonla.functions.vi.conllu import read_conllu_sentences

    pool = [" ".join(w.form for w in s.words) for s in read_conllu_sentences(UD / f"vi_vtb-ud-{split}.conllu")]
    rng = random.Random(7)
    lines = [x.strip() for _, text in laws(split) for x in text.splitlines() if 8 <= len(x.split()) <= 60]
    pool += rng.sample(lines, min(1200, len(lines)))
    pool = [t for t in pool if len(t.split()) >= 5]
    kept: list[str] = []
    seen: list[set[str]] = []
    index: dict[str, list[int]] = {}
    for text in pool:  # drop a base that shares half its syllables with an earlier one: it would be an unlabelled pair
        syllables = set(normalise(text, strip_diacritics=True))
        rivals = {i for s in syllables for i in index.get(s, ())}
        if any(len(syllables & seen[i]) / len(syllables | seen[i]) >= 0.5 for i in rivals):
            continue
        for s in syllables:
            index.setdefault(s, []).append(len(seen))
        seen.append(syllables)
        kept.append(text)
    return kept[: limit or None]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word + word
    i = rng.randrange(len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters
    if kind == 1:
        return word[:i] + word[i + 1 :]  # drop a letter
    return word[:i] + rng.choice("aeioundhtc") + word[i + 1 :]  # a wrong letter


def edit(text: str, kind: str, rng: random.Random) -> str:
    from nonla.functions.vi.tone_marks import strip_diacritics

    words = _WORDS.findall(text)
    if kind == "drop":
        for _ in range(1 + (len(words) >= 20)):
            del words[rng.randrange(len(words))]
    elif kind == "typo":
        for _ in range(1 + (len(words) >= 20)):
            i = rng.randrange(len(words))
            words[i] = _typo(words[i], rng)
    elif kind == "no diacritics":
        return strip_diacritics(text).lower()
    elif kind == "reorder":
        cut = rng.randrange(len(words) // 3, 2 * len(words) // 3 + 1)
        words = words[cut:] + words[:cut]
    elif kind == "mixed":
        return edit(edit(edit(text, "no diacritics", rng), "drop", rng), "typo", rng)
    return " ".join(words)


def dataset(split: str = "test", limit: int = 0) -> tuple[list[str], list[int], list[str]]:
    """Texts, the family of each (its base's number; hard negatives get their own) and the edit that made it."""
    rng = random.Random(2026)
    base = bases(split, limit)
    texts, family, how = list(base), list(range(len(base))), ["base"] * len(base)
    for number, text in enumerate(base):
        if rng.random() < 0.5:
            for _ in range(rng.choice((1, 1, 2))):
                kind = rng.choice(EDITS)
                texts.append(edit(text, kind, rng))
                family.append(number)
                how.append(kind)
        if rng.random() < 0.2:  # half of this base spliced onto half of another: similar, but not a duplicate
            other = _WORDS.findall(base[rng.randrange(len(base))])
            words = _WORDS.findall(text)
            texts.append(" ".join(words[: len(words) // 2] + other[len(other) // 2 :]))
            family.append(len(base) + len(texts))
            how.append("splice")
    return texts, family, how


def pairs_of(groups: list[list[int]]) -> list[tuple[int, int]]:
    return [pair for group in groups for pair in combinations(sorted(group), 2)]


def exact_groups(texts: list[str], strip: bool) -> list[list[int]]:
    from nonla.functions.text.minhash import normalise

    by_key: dict[tuple[str, ...], list[int]] = {}
    for i, text in enumerate(texts):
        by_key.setdefault(tuple(normalise(text, strip)), []).append(i)
    return [g for g in by_key.values() if len(g) > 1]


def datasketch_groups(texts: list[str], threshold: float, shingle: int) -> list[list[int]]:
    from datasketch import MinHash, MinHashLSH

    from nonla.functions.text.minhash import groups_from_pairs, normalise

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    found = []
    for i, text in enumerate(texts):
        tokens = normalise(text, strip_diacritics=True)
        shingles = {" ".join(tokens[j : j + shingle]) for j in range(max(1, len(tokens) - shingle + 1))}
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch([s.encode("utf-8", "surrogatepass") for s in shingles])
        found += [(j, i) for j in lsh.query(sketch)]
        lsh.insert(i, sketch)
    import numpy as np

    return groups_from_pairs(len(texts), np.array(found, dtype=np.int64).reshape(-1, 2))


def main() -> None:
    opts = args(__doc__ or "")
    from nonla.core.runner import Runner
    from nonla.functions.text.dedupe import Input

    texts, family, how = dataset("test", opts.limit)
    defaults = Input(texts=["x"])
    gold = pairs_of([[i for i, f in enumerate(family) if f == g] for g in sorted(set(family))])
    rows = {}
    systems = {
        "nonla text.dedupe": lambda: Runner().call("text.dedupe", [{"texts": texts}]).results[0].groups,
        "exact match after normalisation": lambda: exact_groups(texts, strip=False),
        "exact match, diacritics stripped": lambda: exact_groups(texts, strip=True),
        "datasketch 2.0 MinHashLSH (same shingles)": lambda: datasketch_groups(
            texts, defaults.threshold, defaults.shingle
        ),
    }
    recall_by_edit = {}
    for name, find in systems.items():
        with Timer() as t:
            groups = find()
        predicted = pairs_of(groups)
        rows[name] = {**prf(gold, predicted), "seconds": round(t.seconds, 2)}
        found = set(predicted)
        recall_by_edit[name] = {
            kind: round(100 * sum((family.index(family[i]), i) in found for i in range(len(texts)) if how[i] == kind)
                        / max(1, how.count(kind)), 1) for kind in EDITS
        }  # fmt: skip
    ours = rows["nonla text.dedupe"]
    card = {"pair F1 % (test)": ours["f1"], "pair precision % (test)": ours["precision"],
            "pair recall % (test)": ours["recall"]}  # fmt: skip
    peers = {
        "exact match after normalisation F1 %": rows["exact match after normalisation"]["f1"],
        "exact match, diacritics stripped F1 %": rows["exact match, diacritics stripped"]["f1"],
        "datasketch 2.0 MinHashLSH F1 %": rows["datasketch 2.0 MinHashLSH (same shingles)"]["f1"],
    }
    extra = {"texts": len(texts), "gold pairs": len(gold), "recall % of copy→base by edit": recall_by_edit}
    report(f"Near-duplicate pairs, {len(texts)} texts", rows, opts.json, extra=extra, card=card, peers=peers)


if __name__ == "__main__":
    main()

"""text.keywords against YAKE and plain word frequency, on law articles whose titles are the gold keywords.

Each article ("Điều N. <title>") of the held-out test laws is one item: the body (title removed) is the input, and
the title's content syllables — no stopword, no number, no punctuation — are the gold. Scored over syllables, so
systems with different word segmentation compare fairly:
- precision@5: share of the content syllables of the top 5 keywords that occur in the title (neutral to how
  syllables are grouped into keywords: a phrase with two right syllables of three counts as 2/3);
- whole-keyword precision@5: share of the top 5 keywords whose content syllables all occur in the title;
- recall@10: share of the title's content syllables found in the top 10 keywords.
Then the same bodies typed without diacritics (scored without marks on both sides): text.keywords restores the
marks first, "marks not restored" is restore_diacritics=false.

python evaluation/text_keywords.py [--json] [--limit N]
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence

from _common import Timer, args, report, run_all
from _laws import articles, laws

from nonla.functions.vi.tone_marks import strip_diacritics

ITEMS = 400
_SYLLABLE = re.compile(r"^[^\W\d_]+$")


def items(split: str = "test", n: int = ITEMS) -> list[tuple[str, str]]:
    """(title, body) of n articles drawn with a fixed seed from the split's articles with a title and ≥ 200 chars."""
    pool = [(a.title, a.body) for _, text in laws(split) for a in articles(text) if a.title and len(a.body) >= 200]
    return random.Random(0).sample(pool, min(n, len(pool)))


def stopwords() -> frozenset[str]:
    from nonla.core.models import shared_models
    from nonla.functions.text.keywords import vocabulary

    return vocabulary(shared_models()).stopwords


def content_syllables(phrase: str, stop: frozenset[str]) -> list[str]:
    return [s for s in phrase.lower().split() if _SYLLABLE.match(s) and s not in stop]


def gold(titles: Sequence[str], stop: frozenset[str]) -> list[set[str]]:
    # Stopwords are words: a two-syllable stopword ("tuy nhiên") is dropped whole, using vi.words on the title.
    words = run_all("vi.words@1", [{"text": t} for t in titles])
    return [{s for w in o.words if w.lower() not in stop for s in content_syllables(w, stop)} for o in words]


def score(golds: list[set[str]], predicted: list[list[str]], stop: frozenset[str]) -> dict[str, float]:
    syllable, whole, recall = [], [], []
    for g, keywords in zip(golds, predicted, strict=True):
        if not g:
            continue
        parts = [p for p in (content_syllables(k, stop) for k in keywords) if p]
        top = [s for p in parts[:5] for s in p]
        syllable.append(sum(s in g for s in top) / len(top) if top else 0.0)
        whole.append(sum(1 for p in parts[:5] if set(p) <= g) / 5)
        recall.append(len({s for p in parts[:10] for s in p} & g) / len(g))
    mean = lambda xs: round(100 * sum(xs) / len(xs), 2)  # noqa: E731
    return {"precision@5": mean(syllable), "whole-keyword precision@5": mean(whole), "recall@10": mean(recall),
            "articles": len(recall)}  # fmt: skip


def frequency(bodies: Sequence[str], stop: frozenset[str]) -> list[list[str]]:
    """The baseline: the most frequent non-stopword words (vi.words), ties by first occurrence."""
    out = []
    for o in run_all("vi.words@1", [{"text": b} for b in bodies]):
        counts = Counter(w.lower() for w in o.words if w.lower() not in stop and content_syllables(w, stop))
        out.append([w for w, _ in counts.most_common(10)])
    return out


def yake_keywords(bodies: Sequence[str], stop: frozenset[str]) -> list[list[str]]:
    import yake

    extractor = yake.KeywordExtractor(lan="vi", n=3, top=10, stopwords=set(stop))
    return [[k for k, _ in extractor.extract_keywords(b)] for b in bodies]


def ours_on(bodies: Sequence[str], restore: bool) -> list[list[str]]:
    items = [{"text": b, "restore_diacritics": restore} for b in bodies]
    return [[k.keyword for k in o.keywords] for o in run_all("text.keywords", items)]


def systems(stop: frozenset[str]) -> dict[str, Callable[[Sequence[str]], list[list[str]]]]:
    def ours(bodies: Sequence[str]) -> list[list[str]]:
        return [[k.keyword for k in o.keywords] for o in run_all("text.keywords", [{"text": b} for b in bodies])]

    return {
        "nonla text.keywords": ours,
        "YAKE 0.7.3 (underthesea stopwords)": lambda b: yake_keywords(b, stop),
        "word frequency (vi.words, stopwords)": lambda b: frequency(b, stop),
    }


def main() -> None:
    opts = args(__doc__ or "")
    data = items("test", opts.limit or ITEMS)
    stop = stopwords()
    golds = gold([t for t, _ in data], stop)
    bodies = [b for _, b in data]
    run_all("text.keywords", [{"text": "khởi động"}])  # load the models outside the timing
    rows = {}
    for name, extract in systems(stop).items():
        with Timer() as t:
            predicted = extract(bodies)
        rows[name] = {**score(golds, predicted, stop), "articles/s": round(len(bodies) / t.seconds, 1)}
    ours, yake_row, freq = (rows[n] for n in systems(stop))
    card = {"law articles precision@5 % (title syllables)": ours["precision@5"],
            "law articles whole-keyword precision@5 %": ours["whole-keyword precision@5"],
            "law articles recall@10 % (title syllables)": ours["recall@10"]}  # fmt: skip
    peers = {
        f"{label} {metric} %": row[key]
        for label, row in (("YAKE 0.7.3", yake_row), ("word frequency", freq))
        for metric, key in (("precision@5", "precision@5"), ("whole-keyword precision@5", "whole-keyword precision@5"),
                            ("recall@10", "recall@10"))
    }  # fmt: skip
    # The same articles typed without diacritics, scored without marks on both sides.
    plain_stop = frozenset(strip_diacritics(w) for w in stop)
    plain_golds = [{strip_diacritics(x) for x in g} for g in golds]
    plain_bodies = [strip_diacritics(b) for b in bodies]
    runs = {
        "nonla text.keywords": lambda: ours_on(plain_bodies, True),
        "nonla text.keywords, marks not restored": lambda: ours_on(plain_bodies, False),
        "YAKE 0.7.3 (underthesea stopwords)": lambda: yake_keywords(plain_bodies, plain_stop),
    }
    for name, extract in runs.items():
        row = score(plain_golds, [[k.lower() for k in keywords] for keywords in extract()], plain_stop)
        rows[f"{name}, without diacritics"] = row
        label = "YAKE 0.7.3" if name.startswith("YAKE") else None
        for metric in ("precision@5", "whole-keyword precision@5", "recall@10"):
            figure = f"law articles {metric} % (title syllables, without diacritics{name[len('nonla text.keywords'):]})"
            if label:
                peers[f"{label} {metric} %, without diacritics"] = row[metric]
            else:
                card[figure] = row[metric]
    report(f"Keywords of law articles vs their titles ({len(data)} articles, held-out laws)", rows, opts.json,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()

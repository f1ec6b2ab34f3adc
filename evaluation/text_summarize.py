"""text.summarize against lead-k and random-k: ROUGE over syllables, with law chapters as documents.

Each chapter (≥ 2 articles) of the held-out test laws is one item; the article headings are removed from the
input and their titles ("Điều 5. <title>") are the reference: a summary that covers what the articles are about
shares their words. Two settings, five sentences each: the chapter as one text, and its articles as separate
documents (multi-document synthesis). ROUGE-N recall and F1 over lower-case syllables; n-grams never cross a
sentence or a title.

python evaluation/text_summarize.py [--json] [--limit N]
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from _common import Timer, args, report, run_all
from _laws import Chapter, chapters, laws

from nonla.functions.vi.tone_marks import strip_diacritics

K = 5
SYSTEMS = ("nonla text.summarize", f"lead-{K}", f"random-{K} (seed 0)")
_SYLLABLE = re.compile(r"\w+")


def items(split: str = "test") -> list[Chapter]:
    found = [c for _, text in laws(split) for c in chapters(text)]
    return [c for c in found if sum(1 for a in c.articles if a.body.strip()) >= 2]


def ngrams(text: str, n: int) -> Counter[tuple[str, ...]]:
    syllables = [s.lower() for s in _SYLLABLE.findall(text)]
    return Counter(tuple(syllables[i : i + n]) for i in range(len(syllables) - n + 1))


def rouge(summary: Sequence[str], references: Sequence[str], n: int) -> tuple[float, float]:
    """(recall, F1) of summary n-grams against reference n-grams, counts clipped."""
    ref = sum((ngrams(r, n) for r in references), Counter())
    got = sum((ngrams(s, n) for s in summary), Counter())
    hit = sum((ref & got).values())
    recall, precision = hit / max(1, sum(ref.values())), hit / max(1, sum(got.values()))
    return recall, (2 * recall * precision / (recall + precision) if hit else 0.0)


def score(summaries: list[list[str]], chapters_: list[Chapter]) -> dict[str, float]:
    totals = Counter[str]()
    for summary, chapter in zip(summaries, chapters_, strict=True):
        titles = [a.title for a in chapter.articles]
        for n in (1, 2):
            recall, f1 = rouge(summary, titles, n)
            totals[f"ROUGE-{n} R"] += recall
            totals[f"ROUGE-{n} F1"] += f1
        totals["syllables"] += sum(len(_SYLLABLE.findall(s)) for s in summary)
    scale = {"syllables": 1.0}
    return {k: round(scale.get(k, 100.0) * v / len(summaries), 2) for k, v in totals.items()}


def sentences_of(texts: Sequence[str]) -> list[list[str]]:
    return [o.sentences for o in run_all("vi.sentences@1", [{"text": t} for t in texts])]


def lead(docs: list[list[str]]) -> list[str]:
    """The first K sentences; with several documents, their first sentences in turn (the usual multi-document lead)."""
    return [d[i] for i in range(max(map(len, docs))) for d in docs if i < len(d)][:K]


def random_k(split: list[list[list[str]]]) -> list[list[str]]:
    rng = random.Random(0)
    pools = [[s for d in docs for s in d] for docs in split]
    return [[pool[i] for i in sorted(rng.sample(range(len(pool)), min(K, len(pool))))] for pool in pools]


def summarise(system: str, inputs: list[dict[str, object]], split: list[list[list[str]]]) -> list[list[str]]:
    if system == "nonla text.summarize":
        return [[s.text for s in o.sentences] for o in run_all("text.summarize", inputs, 32)]
    if system == f"lead-{K}":
        return [lead(docs) for docs in split]
    return random_k(split)


def settings(data: list[Chapter]) -> dict[str, tuple[list[dict[str, object]], list[list[list[str]]]]]:
    """Per setting: the inputs of text.summarize, and the same documents split into sentences for the baselines."""
    single = ["\n".join(a.body for a in c.articles) for c in data]
    multi = [[{"id": f"Điều {a.number} #{i}", "text": a.body} for i, a in enumerate(c.articles) if a.body.strip()]
             for c in data]  # fmt: skip
    split_single = [[s] for s in sentences_of(single)]
    flat = sentences_of([str(d["text"]) for docs in multi for d in docs])
    it = iter(flat)
    split_multi = [[next(it) for _ in docs] for docs in multi]
    return {
        "one text": ([{"text": t, "max_sentences": K} for t in single], split_single),
        "documents": ([{"documents": d, "max_sentences": K} for d in multi], split_multi),
    }


def main() -> None:
    opts = args(__doc__ or "")
    data = items("test")[: opts.limit or None]
    rows: dict[str, dict[str, float]] = {}
    for setting, (inputs, split) in settings(data).items():
        for name in SYSTEMS:
            with Timer() as t:
                summaries = summarise(name, inputs, split)
            rows[f"{name}, {setting}"] = {**score(summaries, data), "seconds": round(t.seconds, 1)}
    # The single texts typed without diacritics, scored without marks on both sides (so homographs merge and the
    # figures run a little above the marked ones). Read as typed, the summaries come out longer: compare F1.
    inputs, split = settings(data)["one text"]
    plain_data = [Chapter(c.title, [replace(a, title=strip_diacritics(a.title)) for a in c.articles]) for c in data]
    for label, restore in (("", True), (", marks not restored", False)):
        plain_inputs = [{**i, "text": strip_diacritics(str(i["text"])), "restore_diacritics": restore} for i in inputs]
        summaries = [[strip_diacritics(s) for s in summary] for summary in summarise(SYSTEMS[0], plain_inputs, split)]
        rows[f"{SYSTEMS[0]}, one text without diacritics{label}"] = score(summaries, plain_data)
    card, peers = {}, {}
    for setting in ("one text", "documents"):
        for metric in ("ROUGE-1 R", "ROUGE-2 R", "ROUGE-1 F1"):
            card[f"{metric} % vs article titles ({setting})"] = rows[f"nonla text.summarize, {setting}"][metric]
            for peer in (f"lead-{K}", f"random-{K} (seed 0)"):
                peers[f"{peer} {metric} % ({setting})"] = rows[f"{peer}, {setting}"][metric]
    for label in ("", ", marks not restored"):
        for metric in ("ROUGE-1 R", "ROUGE-2 R", "ROUGE-1 F1"):
            card[f"{metric} % vs article titles (one text without diacritics{label})"] = rows[
                f"{SYSTEMS[0]}, one text without diacritics{label}"
            ][metric]
    report(f"Extractive summaries of {len(data)} law chapters (held-out laws), {K} sentences", rows, opts.json,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()

"""Speed of vi.entities@1 and privacy.pii against underthesea's ner() on the same text, in one run.

vi.entities@1 tags with underthesea's CRF models, with their features built in linear time
(nonla.functions.vi.uts_cascade); the peer is underthesea.ner called sentence by sentence on the same sentences.
Two workloads: UD-VTB test sentences one by one (short texts), and long documents (the first N characters of each
of a few laws of ../shared/data: judgments and statutes are long). Prints characters/s and the ratios; the absolute
numbers depend on the machine, the ratios much less.

    python bench/entities.py [--sentences N] [--documents N] [--chars N]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BATCH = 64
SHARED = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))


def rate(label: str, texts: list[list[str]], fn: Callable[[list[str]], object]) -> float:
    chars = sum(len(t) for batch in texts for t in batch)
    start = time.perf_counter()
    for text in texts:
        fn(text)
    per_second = chars / (time.perf_counter() - start)
    print(f"  {label:<44} {per_second:>10,.0f} characters/s")
    return per_second


def underthesea_sentences(abbreviations: frozenset[str]) -> Callable[[str], object]:
    """The peer: underthesea.ner on each sentence (the same sentence split vi.entities uses)."""
    from underthesea import ner

    from nonla.functions.vi.sentences import split

    return lambda text: [ner(text[a:b]) for a, b in split(text, abbreviations)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=4)
    parser.add_argument("--chars", type=int, default=50_000)
    args = parser.parse_args()

    import nonla
    from nonla.functions.vi.conllu import read_conllu_sentences
    from nonla.functions.vi.sentences import ABBREVIATIONS, load_abbreviations

    ud = read_conllu_sentences(SHARED / "ud_vietnamese_vtb" / "vi_vtb-ud-test.conllu")
    short = [s.text for s in ud[: args.sentences]]
    laws = sorted((SHARED / "vn_laws_corpus_underthesea_vlc" / "processed").glob("*"))
    long = [path.read_text("utf-8")[: args.chars] for path in laws[: args.documents]]
    peer = underthesea_sentences(load_abbreviations(ABBREVIATIONS.path()))
    nonla.run("vi.entities@1", text="Hà Nội")  # load the models before timing
    nonla.run("privacy.pii", text="Ông Nguyễn Văn An")
    peer("Hà Nội")

    # Short texts go in batches of BATCH, as a caller with many texts sends them (one call per text would mostly
    # time the call's own bookkeeping: audit record, usage tally); a long document is one call.
    batched = [short[i : i + BATCH] for i in range(0, len(short), BATCH)]
    for title, texts in ((f"{len(short)} UD-VTB test sentences, batches of {BATCH}", batched),
                         (f"{len(long)} laws, first {args.chars:,} characters each", [[t] for t in long])):  # fmt: skip
        print(title)
        ours = rate("vi.entities@1", texts, lambda ts: nonla.run_batch("vi.entities@1", [{"text": t} for t in ts]))
        pii = rate("privacy.pii (vi.entities@1 plus every rule)", texts,
                   lambda ts: nonla.run_batch("privacy.pii", [{"text": t} for t in ts]))  # fmt: skip
        theirs = rate("underthesea.ner, sentence by sentence", texts, lambda ts: [peer(t) for t in ts])
        print(
            f"  vi.entities@1 / underthesea.ner: {ours / theirs:.2f}x;  privacy.pii / underthesea.ner: "
            f"{pii / theirs:.2f}x"
        )


if __name__ == "__main__":
    main()

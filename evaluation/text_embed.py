"""text.embed: can a sentence typed without diacritics find its own accented original among 800 by meaning alone?

UD Vietnamese-VTB test (news and fiction, ../shared/data/diacritics_from_ud_vtb_test): each unaccented sentence is
a query, the 800 accented originals are the candidates; recall@1 and MRR of the right one by cosine similarity.
The peer is the same task with character 3-gram TF-IDF vectors (scikit-learn-free: counted here), which sees only
spelling; e5 has to carry the meaning across the missing marks. A third row asks text.embed to restore the marks
first (restore_diacritics=true: vi.diacritics on text that text.language finds unaccented), as legal.search does.

    python evaluation/text_embed.py [--json] [--limit N]
"""

from __future__ import annotations

import csv
import math
from collections import Counter

import numpy as np
from _common import SHARED_DATA, args, report, run_all

UD_TEST = SHARED_DATA / "diacritics_from_ud_vtb_test" / "test.tsv"


def ranks(similarity: np.ndarray) -> np.ndarray:
    """1-based rank of the right candidate (the diagonal) in each row."""
    right = np.diag(similarity)[:, None]
    return 1 + (similarity > right).sum(axis=1)


def figures(rank: np.ndarray) -> dict[str, float]:
    return {"recall@1 %": round(100 * float((rank == 1).mean()), 2), "MRR": round(float((1 / rank).mean()), 4)}


def trigram_vectors(texts: list[str], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    out = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for row, text in enumerate(texts):
        padded = f"  {text.lower()}  "
        for gram, n in Counter(padded[i : i + 3] for i in range(len(padded) - 2)).items():
            if gram in vocab:
                out[row, vocab[gram]] = (1 + math.log(n)) * idf[vocab[gram]]
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def main() -> None:
    opts = args(__doc__ or "")
    with UD_TEST.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    rows = rows[: opts.limit or None]
    plain, accented = [r[1] for r in rows], [r[2] for r in rows]
    queries = np.array([o.vector for o in run_all("text.embed", [{"text": t} for t in plain], batch=64)])
    docs = np.array([o.vector for o in run_all("text.embed", [{"text": t} for t in accented], batch=64)])
    ours = figures(ranks(queries @ docs.T))
    items = [{"text": t, "restore_diacritics": True} for t in plain]
    repaired = np.array([o.vector for o in run_all("text.embed", items, batch=64)])
    chained = figures(ranks(repaired @ docs.T))
    grams = sorted({t.lower()[i : i + 3] for t in accented for i in range(len(t) - 2)})
    vocab = {g: i for i, g in enumerate(grams)}
    df = Counter(g for t in accented for g in {f"  {t.lower()}  "[i : i + 3] for i in range(len(t) + 2)} if g in vocab)
    idf = np.array([math.log(len(accented) / (1 + df[g])) + 1 for g in grams], dtype=np.float32)
    peer = figures(ranks(trigram_vectors(plain, vocab, idf) @ trigram_vectors(accented, vocab, idf).T))
    n = len(rows)
    report(
        f"text.embed, {n} UD-VTB test sentences: unaccented query → its accented original",
        {"text.embed (e5-small q4)": ours, "text.embed restore_diacritics=true": chained, "character 3-gram TF-IDF": peer},
        opts.json,
        card={f"recall@1 % unaccented → accented ({n} UD-VTB test sentences)": ours["recall@1 %"],
              f"MRR unaccented → accented ({n} UD-VTB test sentences)": ours["MRR"],
              f"recall@1 % with restore_diacritics ({n} sentences)": chained["recall@1 %"]},
        peers={f"character 3-gram TF-IDF recall@1 % ({n} sentences)": peer["recall@1 %"],
               f"character 3-gram TF-IDF MRR ({n} sentences)": peer["MRR"]},
    )  # fmt: skip


if __name__ == "__main__":
    main()

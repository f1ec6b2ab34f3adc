"""TF-IDF against multilingual-e5 features for the laws classifier: the same rows, split and model, both measured.

    .venv/bin/python tests/custom/compare_features.py --laws 40 --per-law 10

Prints held-out accuracy/macro-F1, the cross-validated macro-F1 that `--features auto` chooses by, and the time.
Runs in a throw-away NONLA_HOME. e5 embeds on one thread: about 4 minutes for 400 articles on a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "data" / "vn_laws_corpus_underthesea_vlc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laws", type=int, default=40, help="How many laws (every 5th of the sorted 208).")
    parser.add_argument("--per-law", type=int, default=10, help="Articles per law.")
    opts = parser.parse_args()
    os.environ["NONLA_HOME"] = tempfile.mkdtemp(prefix="nonla-compare-")
    sys.path.insert(0, str(HERE))
    from conftest import laws_csv  # the test suite's data builder, so the figures describe the tested data

    import nonla.custom as custom

    laws = sorted(p.stem for p in (CORPUS / "processed").glob("*.txt"))[::5][: opts.laws]
    data = laws_csv(CORPUS, laws, per_law=opts.per_law)
    figures: dict[str, object] = {"laws": len(laws), "rows": len(data.splitlines()) - 1}
    for features in ("tfidf", "e5"):
        started = time.perf_counter()
        version = custom.train_text_classifier(data, name=f"laws_{features}", text_col="text", label_col="law",
                                               features=features)  # fmt: skip
        assert version.report is not None
        figures[features] = {**version.metrics, **version.report["cross_validation"],
                             "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

"""Build ``text-keywords-df``: in how many law articles each Vietnamese word occurs (document frequencies for IDF).

Articles ("Điều N. …", title and body) of the 166 training laws of underthesea's VLC corpus, split by the same rule
as the evaluations (evaluation/_laws.py), so the held-out dev and test laws never feed the table. Words come from
vi.words, lower-cased. The JSON is written with sorted keys and no randomness, so a rerun writes the same bytes;
``--check`` rebuilds it and fails when the sha256 differs from models/MANIFEST.json, leaving the manifest alone.

    python models/build/train_keywords_df.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from manifest import MODELS_DIR, REPO, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "evaluation"))

from _laws import articles, laws  # noqa: E402

MODEL_NAME = "text-keywords-df"
MODEL_VERSION = "2026.11"
MODEL_FILE = f"{MODEL_NAME}/df.json"
DATA_NOTE = "underthesea VLC corpus: 166 training laws (every fifth law held out), statutes outside copyright"
BATCH = 256


def document_frequencies() -> tuple[int, Counter[str]]:
    from nonla.core.errors import NonlaError
    from nonla.core.runner import Runner

    texts = [f"{a.title}\n{a.body}".strip() for _, text in laws("train") for a in articles(text)]
    texts = [t for t in texts if t]
    runner = Runner()
    df: Counter[str] = Counter()
    for start in range(0, len(texts), BATCH):
        for result in runner.call("vi.words@1", [{"text": t} for t in texts[start : start + BATCH]]).results:
            if isinstance(result, NonlaError):
                raise SystemExit(f"vi.words failed: {result.to_dict()}")
            df.update({w.lower() for w in result.words})
    return len(texts), df


def write(path: Path, documents: int, df: Counter[str]) -> None:
    body = {"name": MODEL_NAME, "version": MODEL_VERSION, "documents": documents, "unit": "law article",
            "df": dict(sorted(df.items()))}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    opts = parser.parse_args()
    started = time.perf_counter()
    documents, df = document_frequencies()
    if opts.check:
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp) / "df.json", documents, df)
            digest = sha256_of(Path(tmp) / "df.json")
        expected = recorded(MODEL_NAME).get("sha256")
        print(f"{documents} articles, {len(df)} words, sha256 {digest}: {'same' if digest == expected else 'CHANGED'}")
        return 0 if digest == expected else 1
    out = MODELS_DIR / MODEL_FILE
    write(out, documents, df)
    digest = sha256_of(out)
    print(f"{documents} articles, {len(df)} words, sha256 {digest}, {time.perf_counter() - started:.0f} s")
    update_manifest(MODEL_NAME, {
        "version": MODEL_VERSION, "file": MODEL_FILE, "sha256": digest, "bytes": out.stat().st_size,
        "data": DATA_NOTE, "command": "python models/build/train_keywords_df.py",
        "params": {"unit": "law article (title + body)", "words": "vi.words@1, lower-cased"},
        "metrics": {"articles": documents, "words": len(df)},
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

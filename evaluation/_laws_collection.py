"""The 208 laws as a 'laws' collection, built once and cached for the legal evaluations.

The cache key covers the corpus (file names and sizes) and the code that splits and indexes it, so a change to
either rebuilds; set NONLA_EVAL_CACHE to move the cache (default ~/.cache/nonla-eval).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from _common import REPO, SHARED_DATA

LAWS = SHARED_DATA / "vn_laws_corpus_underthesea_vlc" / "processed"
KB = REPO / "tests/data/legal_qa/knowledge_base.jsonl"  # 60 answered questions, none repeating an evaluation question
CODE = [*sorted((REPO / "src/nonla/collections").glob("*.py")),
        *(REPO / "src/nonla/functions/vi" / name for name in ("segmenter.py", "words.py", "unmarked.py")),
        *sorted((REPO / "src/nonla/store/migrations/versions").glob("*.py"))]  # fmt: skip


def kb_backed(questions: list[dict]) -> set[int]:  # type: ignore[type-arg]
    """Indices of the questions a knowledge-base entry can help: one of its gold articles is an entry's source."""
    sources = {s for line in KB.read_text(encoding="utf-8").splitlines() if line.strip() for s in json.loads(line)["sources"]}
    return {i for i, q in enumerate(questions) if sources & set(q["gold"])}


def cache_key() -> str:
    digest = hashlib.sha256()
    for path in sorted(LAWS.glob("*.txt")):
        digest.update(f"{path.name}:{path.stat().st_size}\n".encode())
    for path in CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def laws_home() -> Path:
    """A NONLA_HOME whose store holds the 'laws' collection with its vectors and the 60-entry knowledge base;
    built on first use (about two minutes of CPU).

    With NONLA_EVAL_DATABASE_URL set (a PostgreSQL database of its own), the collection lives there instead, so
    the same evaluation measures the PostgreSQL backend (full-text BM25 and pgvector); it is loaded once."""
    home = Path(os.environ.get("NONLA_EVAL_CACHE", Path.home() / ".cache" / "nonla-eval")) / f"laws-{cache_key()}"
    postgres = os.environ.get("NONLA_EVAL_DATABASE_URL")
    if postgres:
        home = home.with_name(home.name + "-postgres")
        os.environ["NONLA_DATABASE_URL"] = postgres
    else:
        os.environ.pop("NONLA_DATABASE_URL", None)
    os.environ["NONLA_HOME"] = str(home)
    done = home / "READY"
    home.mkdir(parents=True, exist_ok=True)
    from nonla.store.file_lock import file_lock

    with file_lock(home.parent / f"{home.name}.lock"):  # evaluations run side by side build it once
        if postgres or not done.exists():  # a database outlives the cache folder: ask it
            from nonla.collections import service

            if "laws" not in {c["name"] for c in service.list_collections()}:
                service.create("laws")
            service.ingest("laws", LAWS)
            done.write_text("ok\n")
        # inside the lock too: the search and answer evaluations run side by side and both want them
        from nonla.collections import knowledge
        from nonla.collections.vectors import embed

        embed("laws")  # hybrid search, as `make run` serves it: the shipped vectors make this seconds
        knowledge.import_file("laws", KB, actor="evaluation")  # entries already there are skipped
    return home

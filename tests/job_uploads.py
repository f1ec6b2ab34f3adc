"""A JSONL input the server keeps as if it had been uploaded for a job (under its jobs folder), as the jobs a data
subject's erasure must clean up read theirs."""

from __future__ import annotations

import json
from pathlib import Path

from nonla.jobs import service


def kept_upload(count: int, text: str) -> Path:
    """``count`` items whose text is ``text`` with its number ('{i}') filled in."""
    source = service.jobs_dir() / "uploads" / "items.jsonl"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("".join(json.dumps({"text": text.format(i=i)}, ensure_ascii=False) + "\n" for i in range(count)),
                      encoding="utf-8")  # fmt: skip
    return source

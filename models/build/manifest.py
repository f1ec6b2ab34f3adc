"""What every model build script shares: where the data is, file digests, and the read-modify-write of MANIFEST.json."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MODELS_DIR = REPO / "models"
MANIFEST = MODELS_DIR / "MANIFEST.json"
SHARED_DATA = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(name: str) -> dict[str, Any]:
    """The manifest entry of a model ({} when it has none)."""
    entries: dict[str, dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    return entries.get(name, {})


def update_manifest(name: str, entry: dict[str, Any]) -> None:
    """Write one model's entry, keeping every other entry; atomic, so a killed build never leaves half a file."""
    entries = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    entries[name] = entry
    tmp = MANIFEST.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, MANIFEST)

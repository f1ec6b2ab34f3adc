"""Models we train ship in models/ with a manifest; every card that uses one names the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nonla

REPO = Path(__file__).resolve().parents[1]


def test_manifest_matches_the_files() -> None:
    out = subprocess.run([sys.executable, "models/build/check_manifest.py"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_cards_reference_manifest_entries() -> None:
    manifest = json.loads((REPO / "models" / "MANIFEST.json").read_text(encoding="utf-8"))
    local = [ref for entry in nonla.catalog() for ref in entry.card.models if ref.source == "models"]
    assert local, "at least one function runs a model we trained"
    for ref in local:
        entry = manifest[ref.name]
        assert (entry["version"], entry["file"], entry["sha256"]) == (ref.version, ref.file, ref.sha256)
        assert entry["command"].startswith("python models/build/") and entry["data"]

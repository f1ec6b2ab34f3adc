"""Check every model file in models/ against models/MANIFEST.json (sha256 and size); exit 1 on any mismatch.

python models/build/check_manifest.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1]


def main() -> int:
    manifest = json.loads((MODELS / "MANIFEST.json").read_text(encoding="utf-8"))
    bad = 0
    for name, entry in sorted(manifest.items()):
        path = MODELS / entry["file"]
        if not path.is_file():
            print(f"MISSING  {name}: {path}")
            bad += 1
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        ok = digest == entry["sha256"] and path.stat().st_size == entry["bytes"]
        bad += not ok
        print(
            f"{'OK      ' if ok else 'CHANGED '} {name}@{entry['version']}  {digest[:16]}…  built by: {entry['command']}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

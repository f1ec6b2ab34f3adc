"""`import nonla` and `nonla --help` stay fast: no model, no web framework, no database driver at import."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pyvi", "underthesea", "py3langid", "sklearn", "fastapi", "sqlalchemy", "uvicorn", "numpy", "nonla.functions")


def test_import_loads_nothing_heavy() -> None:
    code = "import sys, nonla; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in %r or m.startswith('nonla.functions'))))"
    out = subprocess.run([sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_import_time_is_well_under_half_a_second() -> None:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import nonla"], capture_output=True, text=True, check=True
    )
    own = [line for line in out.stderr.splitlines() if line.rstrip().endswith("| nonla")]
    cumulative_us = int(own[-1].split("|")[1])
    assert cumulative_us < 250_000, own


def test_help_imports_no_model() -> None:
    code = "import sys; sys.argv=['nonla','--help']\nfrom nonla.cli import main\ntry:\n main()\nexcept SystemExit: pass\nprint('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in %r))"
    out = subprocess.run([sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True)
    assert out.stdout.strip().endswith("LOADED []"), out.stdout[-500:]

"""Several processes opening a fresh SQLite store at once (a worker pool, a server and a CLI) must all succeed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

# Import first, then start together at the same instant: the race is in creating the schema, not in importing.
CODE = (
    "import sys, time\n"
    "from nonla.governance.keys import create_key\n"
    "from nonla.store import db, migrate, schema\n"
    "while time.time() < float(sys.argv[1]): time.sleep(0.001)\n"
    "create_key('caller', 'p')\n"
)


def test_four_processes_create_the_same_fresh_store(nonla_home: Path) -> None:
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    start = str(time.time() + 4)
    procs = [
        subprocess.Popen([sys.executable, "-c", CODE, start], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    from nonla.governance import audit, keys

    assert len(keys.list_keys()) == 4 and audit.verify().ok

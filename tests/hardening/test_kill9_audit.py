"""`kill -9` of a real server under load loses no committed audit row, on SQLite and PostgreSQL.

Every 2xx response to a function call means its audit row was committed first (the runner's sinks run before the
response is sent), so after the kill and a restart on the same store the chain must verify and hold one
function.call row with the input digest of every request that got a 2xx, computed here as the runner does and
keyed with the installation's secret as the audit log keeps it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from nonla.core.runner import canonical_digest
from nonla.governance import audit
from nonla.governance.call_digest import stored_call_digest
from nonla.store.db import dispose_all

FUNCTIONS = ("vi.words", "text.sentiment", "privacy.pii", "geo.address")
CLIENTS = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(home: Path, port: int, log: IO[str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "nonla.cli", "serve", "--port", str(port)],
                            env={**os.environ, "NONLA_HOME": str(home)}, stdout=subprocess.PIPE, stderr=log,
                            text=True)  # fmt: skip
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the server did not start")


def _drain(proc: subprocess.Popen[str]) -> None:
    """Read the server's stdout (uvicorn's access log) so that a full pipe never blocks its event loop."""

    def read() -> None:
        assert proc.stdout is not None
        with proc.stdout:
            for _ in proc.stdout:
                pass

    threading.Thread(target=read, daemon=True).start()


def _load(url: str, key: str, stop: threading.Event, answered: list[tuple[str, str]], client: int) -> None:
    """Send unique calls until the server dies or ``stop`` is set; keep (function, digest) of each 2xx."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as http:
        n = 0
        while not stop.is_set():
            function = FUNCTIONS[n % len(FUNCTIONS)]
            body = {"text": f"Khách hàng {client}-{n} phản ánh: đèn đường ở phường 7 quận 3 hỏng, gọi 0912 345 678."}
            n += 1
            try:
                response = http.post(f"/v1/functions/{function}", json=body)
            except httpx.TransportError:
                return  # killed: whatever was in flight had no answer, so it may or may not be in the log
            if 200 <= response.status_code < 300:
                answered.append((function, canonical_digest([body])))


@pytest.mark.timeout(300)
def test_kill_9_under_load_loses_no_committed_audit_row(database: str, nonla_home: Path, tmp_path: Path) -> None:
    port, log = _free_port(), (tmp_path / "server.log").open("a")
    url = f"http://127.0.0.1:{port}"
    proc = _start(nonla_home, port, log)
    assert proc.stdout is not None
    key = proc.stdout.readline().strip()
    _drain(proc)
    assert key.startswith("nonla_")

    answered: list[tuple[str, str]] = []
    stop = threading.Event()
    clients = [threading.Thread(target=_load, args=(url, key, stop, answered, i)) for i in range(CLIENTS)]
    for thread in clients:
        thread.start()
    deadline = time.monotonic() + 60
    while len(answered) < 60 and time.monotonic() < deadline:  # well under way, writes in flight
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for thread in clients:
        thread.join(timeout=30)
    assert len(answered) >= 60, "the load did not get going before the kill"

    restarted = _start(nonla_home, port, log)  # the same store: SQLite file or PostgreSQL database
    _drain(restarted)
    try:
        headers = {"Authorization": f"Bearer {key}"}
        assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
        verdict = httpx.get(f"{url}/v1/audit/verify", headers=headers, timeout=60).json()
        assert verdict["ok"], verdict
        after = httpx.post(f"{url}/v1/functions/vi.words", headers=headers, json={"text": "xin chào"}, timeout=30)
        assert after.status_code == 200  # the restarted server appends to the same chain
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
        log.close()

    dispose_all()
    assert audit.verify().ok
    rows: dict[str, set[str]] = {}
    for row in audit.export(action="function.call"):
        rows.setdefault(row["target"].split("@")[0], set()).add(row["input_digest"])
    missing: list[Any] = [(f, d) for f, d in answered if stored_call_digest(d) not in rows.get(f, set())]
    print(f"kill -9 after {len(answered)} answered calls: {sum(map(len, rows.values()))} function.call rows, "
          f"{len(missing)} answered calls without a row")  # fmt: skip
    assert not missing, f"{len(missing)} of {len(answered)} answered calls have no audit row: {missing[:5]}"

"""Soak test: `nonla serve` on loopback under full load for a fixed time, then latency, throughput and memory.

Starts a real server with its own NONLA_HOME (and one law loaded into the 'laws' collection for legal.search),
drives it from concurrent client threads with a mix of calls (and bad requests that must get a 4xx) until
--seconds have passed, samples the server's RSS at start, every --sample seconds and at the end, and prints
p50/p95/p99 latency and requests/s per endpoint, counts by status, and RSS start/end/max. Exits 1 on any 5xx,
transport error or unexpected status.

    python bench/soak.py [--seconds 600] [--clients 8] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))
LAW = SHARED / "vn_laws_corpus_underthesea_vlc" / "processed" / "Luat-68-2020-QH14-cu-tru-435315.txt"
MESSAGES = [json.loads(line)["text"] for line in (REPO / "tests" / "data" / "civic" / "messages.jsonl").open()]
ADDRESSES = ["12 Nguyễn Trãi, P.Bến Thành, Q.1, TP.HCM", "so 5 ngo 34 pho Hue, Hai Ba Trung, Ha Noi",
             "Thôn 3, xã Hòa Phú, huyện Hòa Vang, TP Đà Nẵng", "khu pho 2 phuong 7 quan 3 tp hcm"]  # fmt: skip
QUERIES = ["đăng ký thường trú", "tam tru bao lau thi phai dang ky", "xóa đăng ký thường trú", "nơi cư trú là gì"]
CITED = "Theo Điều 20 Luật Cư trú 2020 và khoản 2 Điều 173 Bộ luật Hình sự 2015, Nghị định 62/2021/NĐ-CP ..."

# name -> (weight, expected status, request builder); bad requests are part of the load and must stay 4xx.
Request = tuple[str, str, dict[str, Any] | bytes | None, bool]  # method, path, body, with key


def _call(name: str, body: dict[str, Any]) -> Request:
    return "POST", f"/v1/functions/{name}", body, True


MIX: dict[str, tuple[int, int, Any]] = {
    "vi.words": (4, 200, lambda r: _call("vi.words", {"text": r.choice(MESSAGES)})),
    "text.sentiment": (3, 200, lambda r: _call("text.sentiment", {"text": r.choice(MESSAGES)})),
    "privacy.pii": (3, 200, lambda r: _call("privacy.pii", {"text": r.choice(MESSAGES) + " Gọi 0912 345 678."})),
    "legal.citations": (2, 200, lambda r: _call("legal.citations", {"text": CITED})),
    "geo.address": (2, 200, lambda r: _call("geo.address", {"text": r.choice(ADDRESSES)})),
    "civic.triage": (3, 200, lambda r: _call("civic.triage", {"text": r.choice(MESSAGES)})),
    "legal.search": (2, 200, lambda r: _call("legal.search", {"query": r.choice(QUERIES), "collection": "laws"})),
    "bad: empty text": (1, 422, lambda r: _call("vi.words", {"text": " "})),
    "bad: unknown function": (1, 404, lambda r: _call("vi.nothing", {"text": "x"})),
    "bad: not JSON": (1, 400, lambda r: ("POST", "/v1/functions/vi.words", b"{not json", True)),
    "bad: no key": (1, 401, lambda r: ("POST", "/v1/functions/vi.words", {"text": "x"}, False)),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`nonla serve` in a child process with its own home; the first admin key is read from its first line."""

    def __init__(self, home: Path, laws: Path | None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        extra = ["--demo-laws", str(laws)] if laws else []
        env = {**os.environ, "NONLA_HOME": str(home)}
        env.pop("NONLA_DATABASE_URL", None)
        self.log = (home.parent / "server.log").open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "nonla.cli", "serve", "--port", str(self.port), *extra],
                                     env=env, stdout=subprocess.PIPE, stderr=self.log, text=True)  # fmt: skip
        assert self.proc.stdout is not None
        self.key = self.proc.stdout.readline().strip()
        # uvicorn writes its access log to stdout: read it, or the pipe fills and blocks the server's event loop.
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:
            for _ in self.proc.stdout:
                pass

    def rss_mb(self) -> float:
        return psutil.Process(self.proc.pid).memory_info().rss / 2**20

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still hanging inside it: say so, then stop it hard
            print("the server did not stop within 30 s of SIGTERM; killed")
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.log.close()


def _wait_for_laws(server: Server, seconds: float) -> bool:
    headers = {"Authorization": f"Bearer {server.key}"}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        listed = httpx.get(f"{server.url}/v1/collections", headers=headers, timeout=10).json().get("collections", [])
        if any(c.get("name") == "laws" and c.get("documents") for c in listed):
            return True
        time.sleep(0.5)
    return False


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def drive(
    server: Server, seconds: float, clients: int, mix: dict[str, Any], seed: int = 7, every: bool = False
) -> dict[str, Any]:
    """Run the load (or, with ``every``, one request of each kind); returns latencies (ms) and statuses."""
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    unexpected: list[str] = []
    lock = threading.Lock()
    names = list(mix)
    weights = [mix[n][0] for n in names]
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        rnd = random.Random(seed + index)
        with httpx.Client(base_url=server.url, timeout=120) as http:
            once = iter(names if every else ())
            while every or time.monotonic() < stop_at:
                name = next(once, None) if every else rnd.choices(names, weights)[0]
                if name is None:
                    return
                method, path, body, with_key = mix[name][2](rnd)
                headers = {"Authorization": f"Bearer {server.key}"} if with_key else {}
                started = time.perf_counter()
                try:
                    if isinstance(body, bytes):
                        headers["Content-Type"] = "application/json"
                        response = http.request(method, path, content=body, headers=headers)
                    else:
                        response = http.request(method, path, json=body, headers=headers)
                    status = response.status_code
                except httpx.TransportError as exc:
                    status, response = 0, None
                    with lock:
                        unexpected.append(f"{name}: {type(exc).__name__}")
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies[name].append(elapsed)
                    statuses[name][status] += 1
                    if status and status != mix[name][1]:
                        unexpected.append(f"{name}: {status} {response.text[:200] if response else ''}")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "statuses": statuses, "unexpected": unexpected}


def report(load: dict[str, Any], seconds: float, rss: list[tuple[float, float]]) -> dict[str, Any]:
    rows = []
    print(f"{'endpoint':<24}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for name, values in sorted(load["latencies"].items()):
        row = {"endpoint": name, "requests": len(values), "rps": len(values) / seconds,
               "p50": _percentile(values, 0.5), "p95": _percentile(values, 0.95), "p99": _percentile(values, 0.99),
               "statuses": dict(load["statuses"][name])}  # fmt: skip
        rows.append(row)
        print(f"{name:<24}{row['requests']:>9}{row['rps']:>8.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}"
              f"{row['p99']:>9.1f}  {row['statuses']}")  # fmt: skip
    total = sum(r["requests"] for r in rows)
    by_status: Counter[int] = Counter()
    for counts in load["statuses"].values():
        by_status.update(counts)
    server_errors = sum(n for status, n in by_status.items() if status >= 500 or status == 0)
    print(f"total: {total} requests, {total / seconds:.1f} req/s; by status: {dict(sorted(by_status.items()))}")
    print("RSS MB: " + ", ".join(f"{t:.0f}s={mb:.0f}" for t, mb in rss))
    print(f"RSS start/end/max MB: {rss[0][1]:.0f} / {rss[-1][1]:.0f} / {max(mb for _, mb in rss):.0f}")
    for line in load["unexpected"][:20]:
        print("unexpected:", line)
    return {"rows": rows, "total": total, "by_status": dict(by_status), "server_errors": server_errors,
            "unexpected": load["unexpected"], "rss_mb": rss, "seconds": seconds}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="how long to drive the server (it stops itself)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--sample", type=float, default=30, help="seconds between RSS samples")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-laws", action="store_true", help="skip loading a law (and legal.search)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="nonla-soak-"))
    laws = None
    if not args.no_laws and LAW.is_file():
        laws = workdir / "laws"
        laws.mkdir()
        shutil.copy(LAW, laws / LAW.name)
    mix = dict(MIX)
    server = Server(workdir / "home", laws)
    try:
        if laws is None or not _wait_for_laws(server, 180):
            mix.pop("legal.search")
        booted = server.rss_mb()
        warm = drive(server, 0, 1, mix, every=True)  # one call of each kind loads every model before the clock
        for name, counts in warm["statuses"].items():  # a model not built on this machine: say so, leave it out
            if counts.get(503):
                print(f"{name} left out: its model is not available here (503 model_unavailable)")
                mix.pop(name)
                warm["unexpected"] = [line for line in warm["unexpected"] if not line.startswith(f"{name}: 503")]
        rss = [(0.0, server.rss_mb())]
        started = time.monotonic()
        done = threading.Event()

        def sample() -> None:
            while not done.wait(args.sample):
                rss.append((time.monotonic() - started, server.rss_mb()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = drive(server, args.seconds, args.clients, mix)
        elapsed = time.monotonic() - started
        done.set()
        rss.append((elapsed, server.rss_mb()))
        load["unexpected"] = warm["unexpected"] + load["unexpected"]
        print(f"nonla soak: {args.clients} clients, {elapsed:.0f} s, {os.cpu_count()} CPU cores; "
              f"server RSS {booted:.0f} MB after start, {rss[0][1]:.0f} MB after warm-up")  # fmt: skip
        figures = {**report(load, elapsed, rss), "rss_boot_mb": booted}
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if figures["server_errors"] or figures["unexpected"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of vi.words against pyvi and underthesea on UD-VTB text, and REST against in-process, in one run.

Prints sentences/s for each and the ratios; the absolute numbers depend on the machine, the ratios much less.

    python bench/words.py [--sentences N]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UD = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data")) / "ud_vietnamese_vtb"
BATCH = 256


def texts(n: int) -> list[str]:
    from nonla.functions.vi.conllu import read_conllu_sentences

    pool = [" ".join(w.form for w in s.words) for split in ("train", "dev", "test")
            for s in read_conllu_sentences(UD / f"vi_vtb-ud-{split}.conllu")]  # fmt: skip
    return (pool * (n // len(pool) + 1))[:n]


def rate(label: str, n: int, fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    per_second = n / (time.perf_counter() - start)
    print(f"  {label:<38} {per_second:>10,.0f} sentences/s")
    return per_second


def in_process(data: list[str], ref: str = "vi.words@1") -> None:
    from nonla.core.runner import Runner

    runner = Runner()
    for start in range(0, len(data), BATCH):
        runner.call(ref, [{"text": t} for t in data[start : start + BATCH]])


def pooled(pool, data: list[str]) -> None:  # type: ignore[no-untyped-def]
    for _ in pool.map("vi.words@1", [{"text": t} for t in data], chunk=1000):
        pass


def over_rest(data: list[str]) -> float:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tempfile.mkdtemp(prefix="nonla-bench-")
    env = {**os.environ, "NONLA_HOME": home}
    server = subprocess.Popen([sys.executable, "-m", "nonla.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        assert server.stdout is not None
        key = server.stdout.readline().strip()
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=120) as client:
            for _ in range(200):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            client.post("/v1/functions/vi.words@1", json={"text": "khởi động"})

            def go() -> None:
                for start in range(0, len(data), BATCH):
                    r = client.post(
                        "/v1/functions/vi.words@1", json={"items": [{"text": t} for t in data[start : start + BATCH]]}
                    )
                    r.raise_for_status()

            return rate("nonla vi.words over REST (batches)", len(data), go)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=20000)
    opts = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    data = texts(opts.sentences)
    print(f"vi.words throughput on {len(data):,} UD-VTB sentences (one process, {os.cpu_count()} cores)")
    from pyvi import ViTokenizer
    from underthesea import word_tokenize

    in_process(data[:10])  # load the models outside the timing, as the peers load theirs at import
    in_process(data[:10], "vi.words@2")
    word_tokenize("khởi động")
    workers = os.cpu_count() or 1
    small = data[: max(1, len(data) // 5)]
    ours = rate("nonla vi.words@1 in-process (batches)", len(data), lambda: in_process(data))
    from nonla.jobs.local import LocalPool

    with LocalPool(workers, warm=["vi.words@1"]) as warm_pool:  # started and loaded outside the timing, like a server
        pool = rate(f"nonla vi.words@1, {workers} warm worker processes", len(data), lambda: pooled(warm_pool, data))
    accurate = rate(
        "nonla vi.words@2 in-process (1/5 of the data)", len(small), lambda: in_process(small, "vi.words@2")
    )
    pyvi = rate("pyvi ViTokenizer.tokenize", len(data), lambda: [ViTokenizer.tokenize(t) for t in data])
    uts = rate("underthesea word_tokenize (1/5 of the data)", len(small), lambda: [word_tokenize(t) for t in small])
    rest = over_rest(data)
    print("ratios")
    print(f"  vi.words@1 in-process / pyvi          {ours / pyvi:6.2f}x")
    print(f"  vi.words@1 {workers} processes / pyvi        {pool / pyvi:6.2f}x")
    print(f"  vi.words@2 in-process / pyvi          {accurate / pyvi:6.2f}x")
    print(f"  vi.words@1 in-process / underthesea   {ours / uts:6.2f}x")
    print(f"  REST @1 (batches of {BATCH}) / in-process {rest / ours:6.2f}x")


if __name__ == "__main__":
    main()

"""Cost of monitoring per call: the observer alone against the call it watches, measured in the same run.

    python bench/monitoring.py [--calls 5000]

Runs text.sentiment once on a Vietnamese review, then times (a) the runner's call of text.sentiment and (b) the
monitoring observer on that call's result (features of the input, the output's confidence, counting into the
pending tally; no store write: figures are written once a minute). Prints the median over five rounds of each and
their ratio. The store lives in a temporary NONLA_HOME.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    os.environ["NONLA_HOME"] = tempfile.mkdtemp(prefix="nonla-bench-")
    from nonla.core.runner import Runner
    from nonla.monitoring.observe import Monitor
    from nonla.sources import catalog

    items = [{"text": "Khách sạn sạch sẽ, nhân viên thân thiện, giá hợp lý."}]
    runner, observer = Runner(catalog()), Monitor(flush_seconds=3600, flush_calls=10**9)
    result = runner.call("text.sentiment", items)

    def per_call(action: object, n: int) -> float:
        rounds = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(n):
                action()  # type: ignore[operator]
            rounds.append((time.perf_counter() - started) / n * 1e6)
        return statistics.median(rounds)

    call_us = per_call(lambda: runner.call("text.sentiment", items), max(1, args.calls // 10))
    observe_us = per_call(lambda: observer(result, items, "default"), args.calls)
    print(f"text.sentiment call: {call_us:.0f} us; monitoring observer: {observe_us:.0f} us "
          f"({observe_us / call_us:.1%} of the call)")  # fmt: skip


if __name__ == "__main__":
    main()

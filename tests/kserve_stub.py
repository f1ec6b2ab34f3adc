"""A KServe v2 model server for the custom-model tests, started on a free local port: how it answers depends on the
path the model was registered with.

/good answers the probabilities (0.2, 0.8) for each row, /slow the same after ``SLOW_S`` seconds, /deep a JSON array
nested 200,000 deep, /bigint a number of 5,000 digits.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_S = 3.0
SCHEMA = {"task": "classification", "labels": ["a", "b"], "fields": [{"name": "x", "type": "number"}],
          "examples": [{"x": 1.0}], "intended_use": "tests", "evaluation": "-", "evaluation_data": "-",
          "metrics": {"accuracy %": 90.0}}  # fmt: skip


class KServe(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path.startswith("/deep"):
            data = b'{"outputs": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
        elif self.path.startswith("/bigint"):
            data = b'{"outputs": [{"name": "p", "data": [' + b"9" * 5_000 + b"]}]}"
        else:
            if self.path.startswith("/slow"):
                time.sleep(SLOW_S)
            rows = body["inputs"][0]["shape"][0]
            data = json.dumps({"outputs": [{"name": "p", "shape": [rows, 2], "datatype": "FP32",
                                            "data": [0.2, 0.8] * rows}]}).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def kserve() -> Iterator[str]:
    """The server's base URL while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), KServe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

"""`nonla serve` as a real process: first admin key printed once, nonla.Client over HTTP, calls in the audit chain."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

import nonla
from nonla.console import signin_limit
from nonla.core.errors import EmptyText, Forbidden, Unauthorized, UnknownFunction
from nonla.governance.keys import create_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(nonla_home: Path, *extra: str) -> Iterator[tuple[str, str]]:
    port = _free_port()
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    log = (nonla_home.parent / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "nonla.cli", "serve", "--port", str(port), *extra], env=env,
                            stdout=subprocess.PIPE, stderr=log, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        key = proc.stdout.readline().strip()
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not start")
        yield url, key
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        assert proc.stdout is not None
        rest = proc.stdout.read()
        proc.stdout.close()
        log.close()
        (nonla_home.parent / "server.out").write_text(rest)  # uvicorn's access log goes to stdout
        assert "nonla_" not in rest  # the key was printed once, on the first line, and nothing else leaks it


@pytest.fixture
def server(nonla_home: Path) -> Iterator[tuple[str, str]]:
    with running_server(nonla_home) as running:
        yield running


def test_demo_laws_load_in_the_background(nonla_home: Path, shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "laws"
    folder.mkdir()
    for name in ("Luat-68-2020-QH14-cu-tru-435315", "Bo-luat-hinh-su-2015-296661"):
        source = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{name}.txt"
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with running_server(nonla_home, "--demo-laws", str(folder)) as (url, key):
        headers = {"Authorization": f"Bearer {key}"}
        for _ in range(600):
            listed = httpx.get(f"{url}/v1/collections", headers=headers).json()["collections"]
            if listed and listed[0]["documents"] == 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the demo laws did not load")
        found = httpx.get(
            f"{url}/v1/collections/laws/search", headers=headers, params={"q": "tội trộm cắp tài sản"}
        ).json()
        assert found["results"][0]["id"] == "bo-luat-100-2015-qh13/dieu-173"


def test_client_calls_are_audited_and_the_key_is_shown_once(server: tuple[str, str], nonla_home: Path) -> None:
    url, admin_key = server
    assert admin_key.startswith("nonla_")
    with nonla.Client(url, admin_key) as client:
        out = client.run("vi.words", text="Tòa án nhân dân tối cao")
        assert out.words == ["Tòa án", "nhân dân", "tối cao"]  # type: ignore[attr-defined]
        batch = client.run_batch("vi.words", [{"text": "xin chào"}, {"text": ""}])
        assert isinstance(batch[1], EmptyText) and batch[0].words == ["xin", "chào"]  # type: ignore[union-attr]
        entries = client.catalog()
        assert {"vi.words", "text.language"} <= {e.name for e in entries}
        assert next(e for e in entries if e.name == "vi.words").card.metrics
        with pytest.raises(UnknownFunction):
            client.run("vi.nothing", text="x")
        verdict = httpx.get(f"{url}/v1/audit/verify", headers={"Authorization": f"Bearer {admin_key}"}).json()
        assert verdict["ok"] and verdict["rows"] >= 3
        rows = httpx.get(f"{url}/v1/audit", params={"action": "function.call"},
                         headers={"Authorization": f"Bearer {admin_key}"}).json()["rows"]  # fmt: skip
        key_id = admin_key.split("_")[1]
        assert [r["actor"] for r in rows] == [f"key:{key_id}"] * 2
    with pytest.raises(Unauthorized), nonla.Client(url, "nonla_bad_key") as stranger:
        stranger.run("vi.words", text="x")
    caller_key, _ = create_key("reviewer", "r")
    with pytest.raises(Forbidden), nonla.Client(url, caller_key) as reviewer:
        reviewer.run("vi.words", text="x")
    second = subprocess.run([sys.executable, "-m", "nonla.cli", "keys", "list"], capture_output=True, text=True,
                            env={**os.environ, "NONLA_HOME": str(nonla_home), "COLUMNS": "200"})  # fmt: skip
    assert "first admin" in second.stdout


def _failed_sign_ins(url: str, forwarded_for: list[str]) -> list[int]:
    """Status of a wrong-key console sign-in sent through a proxy on 127.0.0.1 for each client address."""
    statuses = []
    with httpx.Client(base_url=url) as browser:
        for client in forwarded_for:
            page = browser.get("/console/signin").text
            token = re.search(r'name="csrf" value="([^"]+)"', page)
            assert token
            statuses.append(browser.post("/console/signin", data={"csrf": token.group(1), "key": "nonla_abc_wrong"},
                                         headers={"X-Forwarded-For": client}).status_code)  # fmt: skip
    return statuses


def test_sign_in_limit_counts_each_client_behind_a_trusted_proxy(nonla_home: Path) -> None:
    """The proxy on 127.0.0.1 is trusted by default: one client's failures do not lock out the next client."""
    with running_server(nonla_home) as (url, _):
        guesser = _failed_sign_ins(url, ["203.0.113.7"] * (signin_limit.MAX_FAILURES + 1))
        assert guesser == [401] * signin_limit.MAX_FAILURES + [429]
        assert _failed_sign_ins(url, ["198.51.100.2"]) == [401]  # a colleague behind the same proxy


def test_forwarded_addresses_from_an_untrusted_peer_do_not_dodge_the_limit(nonla_home: Path) -> None:
    """With no proxy trusted, a new X-Forwarded-For on every guess still counts against the real peer."""
    with running_server(nonla_home, "--forwarded-allow-ips", "") as (url, _):
        spoofed = [f"203.0.113.{i}" for i in range(signin_limit.MAX_FAILURES + 1)]
        assert _failed_sign_ins(url, spoofed) == [401] * signin_limit.MAX_FAILURES + [429]


def test_the_access_log_names_data_subjects_by_digest(nonla_home: Path) -> None:
    """Exporting and erasing a person's data puts their id in the URL; the log line the server writes for it (a
    file the erasure never reaches) carries the audit log's digest instead."""
    from nonla.governance.subjects import subject_digest

    person, dossier, other = "079200001234", "HS/2024/001234", "079200005678"
    with running_server(nonla_home) as (url, key):
        headers = {"Authorization": f"Bearer {key}"}
        for method, path, params in [("GET", f"/v1/subjects/{person}", None), ("DELETE", f"/v1/subjects/{person}", None),
                                     ("GET", f"/v1/faces/subjects/%20{person}", None),
                                     ("GET", "/v1/consents", {"subject_id": person}),
                                     ("GET", "/v1/subjects/HS%2F2024%2F001234", None),
                                     ("GET", f"/v1/consents?subject%5Fid={other}", None)]:  # fmt: skip
            assert httpx.request(method, f"{url}{path}", params=params, headers=headers).status_code < 500
    log = (nonla_home.parent / "server.out").read_text()
    assert f"DELETE /v1/subjects/{subject_digest(person)} HTTP/1.1" in log
    assert f"/v1/consents?subject_id={subject_digest(person)}" in log
    assert f"GET /v1/subjects/{subject_digest(dossier)} HTTP/1.1" in log  # the whole id, its '/' included
    assert f"/v1/consents?subject%5Fid={subject_digest(other)}" in log  # however the key is encoded
    assert person not in log and "2024/001234" not in log and other not in log

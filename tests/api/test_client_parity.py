"""nonla.Client against a real `nonla serve`: the same errors, catalogue and outputs as the in-process calls."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_serve_end_to_end import running_server

import nonla
from nonla.client import error_from
from nonla.core.errors import InvalidInput, NonlaError, NotFound

UNKNOWN_AGENCY = {"text": "Đường Lê Lợi bị ngập nước", "agency": "khong-co"}
MANY_CITATIONS = (
    "khoản " + ", ".join(str(i) for i in range(1, 60)) + " Điều " + ", ".join(str(i) for i in range(1, 60))
    + " Bộ luật Hình sự"
)  # fmt: skip
WORDS_PIPELINE = "name: words_only\nsteps:\n  - function: vi.words\n    inputs: {text: $input.text}\n"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server with a store of its own: what the client's NONLA_HOME holds is the client machine's."""
    with running_server(tmp_path / "server-home") as running:
        yield running


def _raised(run: Callable[..., object], name: str, fields: dict[str, Any]) -> NonlaError:
    with pytest.raises(NonlaError) as caught:
        run(name, **fields)
    return caught.value


def _as_seen(error: NonlaError) -> tuple[object, ...]:
    return type(error), error.code, error.http_status, error.exit_code, error.message


@pytest.mark.parametrize(
    ("name", "fields", "family"),
    [("civic.triage", UNKNOWN_AGENCY, NotFound), ("legal.citations", {"text": MANY_CITATIONS}, InvalidInput)],
)
def test_errors_defined_beside_their_function_keep_their_class(
    server: tuple[str, str], name: str, fields: dict[str, Any], family: type[NonlaError]
) -> None:
    url, key = server
    with nonla.Client(url, key) as client:
        local, remote = _raised(nonla.run, name, fields), _raised(client.run, name, fields)
        [row] = client.run_batch(name, [fields])
    assert isinstance(remote, family) and _as_seen(remote) == _as_seen(local)
    assert isinstance(row, family) and _as_seen(row)[:4] == _as_seen(local)[:4]  # a batch row has its class's status


def test_a_code_nobody_here_defines_stays_a_plain_error_with_the_response_status() -> None:
    err = error_from({"error": {"code": "from_a_newer_server", "message": "Something new."}}, 418)
    assert type(err) is NonlaError
    assert (err.code, err.http_status, err.message) == ("from_a_newer_server", 418, "Something new.")


def test_every_error_code_in_the_package_resolves_in_a_fresh_process() -> None:
    """A client imports none of the areas that define errors beside their code: each code still finds its class."""
    source = Path(nonla.__file__).parent
    found = (re.findall(r'^    code = "(\w+)"$', path.read_text(), re.M) for path in source.rglob("*.py"))
    codes = sorted({code for codes_in_file in found for code in codes_in_file} - {"error"})  # "error": NonlaError's own
    assert "unknown_agency" in codes and "training_queue_full" in codes
    script = (
        "import sys\nfrom nonla.client import error_from\n"
        "for code in sys.argv[1:]:\n"
        "    err = error_from({'error': {'code': code, 'message': 'x'}}, 599)\n"
        "    print(code, type(err).__name__, err.http_status)\n"
    )
    lines = subprocess.run([sys.executable, "-c", script, *codes], capture_output=True, text=True, check=True).stdout
    unresolved = [line for line in lines.splitlines() if line.split()[1] == "NonlaError"]
    assert not unresolved and len(lines.splitlines()) == len(codes)


def test_the_catalogue_over_http_lists_every_version(server: tuple[str, str]) -> None:
    url, key = server
    with nonla.Client(url, key) as client:
        remote = {entry.ref for entry in client.catalog()}
    local = {entry.ref for entry in nonla.catalog()}
    assert {"vi.words@1", "vi.words@2"} <= remote
    assert local == remote


def test_the_client_opens_no_store_of_its_own(server: tuple[str, str], nonla_home: Path) -> None:
    url, key = server
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/yaml"}
    created = httpx.post(f"{url}/v1/pipelines", headers=headers, content=WORDS_PIPELINE)
    assert created.status_code == 201, created.text
    with nonla.Client(url, key) as client:
        out = client.run("pipeline.words_only", text="xin chào")
        words = client.run("vi.words", text="xin chào")
    assert out.model_dump()["words"] == ["xin", "chào"]  # the fields as the server sent them
    assert words.words == ["xin", "chào"]  # type: ignore[attr-defined]
    assert not (nonla_home / "nonla.db").exists()

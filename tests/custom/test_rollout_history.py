"""Stages over time, on SQLite and PostgreSQL, through Python, the CLI and REST: a rollback walks back the versions
that were production and never brings back one it rolled back; production never goes back to staging; a model whose
versions are all archived can still be viewed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient
from kserve_stub import SCHEMA, kserve
from rest_keys import bearer
from typer.testing import CliRunner

import nonla
from nonla import custom
from nonla.api.app import create_app
from nonla.cli import app as cli
from nonla.cli import main
from nonla.custom import add_http_model


@pytest.fixture
def base(database: str) -> Iterator[str]:
    with kserve() as url:
        yield url


@pytest.fixture
def app(base: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def versions(name: str, count: int, base: str) -> None:
    for _ in range(count):
        add_http_model("kserve", base + "/good", SCHEMA, name=name, model="m", timeout=5, retries=0)


def refused_by_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """What `nonla ARGV` says on stderr when it refuses, through the real entry point (exit code 5: conflict)."""
    monkeypatch.setattr("sys.argv", ["nonla", *argv])
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code == 5 and "Traceback" not in err, err
    return err


def stages(name: str) -> dict[int, str]:
    return {v["version"]: v["stage"] for v in custom.show(name)["versions"]}


def test_production_chain() -> None:
    from nonla.custom.rollout import production_chain

    assert production_chain([]) == []
    assert production_chain([1, 2, 3, 2]) == [1, 2]  # 3 was rolled back: it leaves the chain
    assert production_chain([1, 2, 1, 2]) == [1, 2]  # promoted again by hand after a rollback


def test_a_second_rollback_goes_further_back_never_to_the_version_rolled_back(base: str) -> None:
    versions("rb", 3, base)
    for version in (1, 2, 3):
        custom.promote("rb", version)
    assert custom.rollback("rb")["version"] == 2
    assert custom.rollback("rb")["version"] == 1  # not 3 again
    assert stages("rb") == {1: "production", 2: "archived", 3: "archived"}
    with pytest.raises(nonla.NonlaError) as nothing_earlier:  # a third click: nothing earlier than version 1
        custom.rollback("rb")
    assert nothing_earlier.value.http_status == 409 and nothing_earlier.value.code == "conflict"
    assert "never brought back" in nothing_earlier.value.message and "promote" in nothing_earlier.value.hint
    assert stages("rb") == {1: "production", 2: "archived", 3: "archived"}, "a refused rollback changes nothing"
    assert nonla.run("custom.rb", x=1.0).label == "b"  # type: ignore[attr-defined]


def test_a_repeated_rollback_over_rest_and_the_cli_does_not_serve_the_bad_version_again(
    app: TestClient, base: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    versions("rb", 2, base)
    developer = bearer("developer")
    for version in (1, 2):
        assert app.post("/v1/models/rb/promote", headers=developer, json={"version": version}).status_code == 200
    first = app.post("/v1/models/rb/rollback", headers=developer)
    assert first.status_code == 200 and first.json()["version"] == 1 and first.json()["stage"] == "production"
    again = app.post("/v1/models/rb/rollback", headers=developer)  # a double click, or a retry
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict", again.text
    assert again.json()["error"]["hint"]
    shown = app.get("/v1/models/rb", headers=developer).json()
    assert shown["serving"] == 1 and {v["version"]: v["stage"] for v in shown["versions"]} == {1: "production",
                                                                                              2: "archived"}  # fmt: skip
    assert "no earlier production version" in refused_by_cli(["models", "rollback", "rb"], monkeypatch, capsys)
    # promoting the rolled-back version by hand is a new decision, which a rollback can undo
    assert app.post("/v1/models/rb/promote", headers=developer, json={"version": 2}).status_code == 200
    assert app.post("/v1/models/rb/rollback", headers=developer).json()["version"] == 1


def test_production_never_goes_back_to_staging(
    app: TestClient, base: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    versions("rb", 2, base)
    custom.promote("rb", 2)
    developer = bearer("developer")
    refused = app.post("/v1/models/rb/promote", headers=developer, json={"version": 2, "stage": "staging"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "conflict", refused.text
    error = refused.json()["error"]
    assert "in production" in error["message"] and "rollback" in error["hint"] and "promote" in error["hint"]
    shown = app.get("/v1/models/rb", headers=developer).json()
    assert shown["serving"] == 2 and shown["serving_stage"] == "production"
    with pytest.raises(nonla.NonlaError) as in_python:
        custom.promote("rb", 2, "staging")
    assert in_python.value.http_status == 409
    assert "in production" in refused_by_cli(
        ["models", "promote", "rb", "2", "--stage", "staging"], monkeypatch, capsys
    )
    assert stages("rb") == {1: "draft", 2: "production"}
    assert custom.promote("rb", 1, "staging")["stage"] == "staging"  # a draft still goes to staging


def test_a_model_whose_versions_are_all_archived_can_be_viewed(app: TestClient, base: str) -> None:
    versions("gone", 2, base)
    custom.archive("gone", 1)
    custom.archive("gone", 2)
    auditor = bearer("auditor")
    shown = app.get("/v1/models/gone", headers=auditor)
    assert shown.status_code == 200, shown.text
    assert shown.json()["serving"] is None and [v["stage"] for v in shown.json()["versions"]] == ["archived"] * 2
    report = app.get("/v1/models/gone/report", headers=auditor)
    assert report.status_code == 200 and report.json()["serving"] is None and report.json()["calls"] == 0
    for since in ("yesterday", "24/11/2026"):  # compared as text, these answered an empty report
        wrong = app.get("/v1/models/gone/report", headers=auditor, params={"since": since})
        assert wrong.status_code == 422 and wrong.json()["error"]["details"]["field"] == "since", wrong.text
    assert app.get("/v1/models/gone/report", headers=auditor, params={"since": "2026-11-24"}).status_code == 200
    by_cli = CliRunner().invoke(cli, ["models", "show", "gone"])
    assert by_cli.exit_code == 0 and json.loads(by_cli.output)["serving"] is None, by_cli.output
    refused = app.post("/v1/models/gone/shadow", headers=bearer("developer"), json={"version": 1})
    assert refused.status_code == 409 and "promote" in refused.json()["error"]["hint"]
    sign_in(app, "auditor")
    page = app.get("/console/models/gone/report")  # the console's report says it serves none
    assert page.status_code == 200 and "@None" not in page.text and "gone" in page.text

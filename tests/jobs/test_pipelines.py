"""Pipelines: checked when loaded (errors name the step), stored with versions, callable as pipeline.NAME from
Python, the CLI, REST and jobs; steps run through the runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.api.app import create_app
from nonla.core.errors import InvalidInput, UnknownFunction
from nonla.jobs import engine, pipeline_store, service

INTAKE = """\
name: civic_intake
description: Clean the text, redact personal data, then route the message.
steps:
  - id: clean
    function: vi.normalize
    inputs: {text: $input.text}
  - function: privacy.pii
    inputs: {text: $steps.clean.text, mode: pseudonym}
  - function: civic.triage
    inputs: {text: $steps.1.text}
output:
  text: $steps.1.text
  category: $steps.2.category
  department: $steps.2.department
examples:
  - text: "Ông Trần Văn Hùng, SĐT 0903123456, báo đèn đường ở phường Sài Gòn bị hỏng nhiều ngày."
"""
MESSAGE = "Ông Trần Văn Hùng, SĐT 0903123456, báo đèn đường ở phường Sài Gòn bị hỏng nhiều ngày."


def step(function: str, inputs: str) -> str:
    return f"name: bad\nsteps:\n  - function: vi.normalize\n    inputs: {{text: $input.text}}\n  - function: {function}\n    inputs: {inputs}\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (step("vi.nothing", "{text: $steps.0.text}"), "Step 1 (vi.nothing): There is no function named 'vi.nothing'"),
        (step("vi.words", "{txt: $steps.0.text}"), "Step 1 (vi.words): 'txt' is not an input of vi.words"),
        (
            step("vi.words", "{text: $steps.0.txt}"),
            "Step 1 (vi.words): The output of step 0 (vi.normalize@1) has no field 'txt'",
        ),
        (step("vi.words", "{text: $steps.4.text}"), "Step 1 (vi.words): '$steps.4.text' names no earlier step"),
        (
            step("privacy.pii", "{text: $steps.0.text, types: $steps.0.encoding}"),
            "Step 1 (privacy.pii): '$steps.0.encoding' (str) does not fit 'types'",
        ),
        (step("vi.words", "{}"), "Step 1 (vi.words): vi.words needs 'text'"),
        (step("vi.words", "{text: steps.0}"), None),  # a constant is allowed
        ("name: Bad Name\nsteps: [{function: vi.words, inputs: {text: $input.text}}]", "is not a pipeline name"),
        ("name: x\nsteps: []", "'steps'"),
        ("name: x\nsteps: [{function: vi.words, inputz: {}}]", "'steps.0.inputz'"),
        ("name: [x", "not valid YAML"),
    ],
)
def test_definitions_are_checked_when_loaded(source: str, message: str | None) -> None:
    if message is None:
        pipeline_store.add(source)
        return
    with pytest.raises(InvalidInput) as caught:
        pipeline_store.add(source)
    assert message in caught.value.message and caught.value.code == "invalid_input"


def test_stored_pipeline_is_a_function(database: str) -> None:
    assert pipeline_store.add(INTAKE) == {"name": "pipeline.civic_intake", "version": 1, "created": True}
    assert pipeline_store.add(INTAKE)["created"] is False  # the same text again: a no-op
    out = nonla.run("pipeline.civic_intake", text=MESSAGE)
    direct = nonla.run("civic.triage", text=nonla.run("privacy.pii", text=nonla.run("vi.normalize", text=MESSAGE).text,
                                                      mode="pseudonym").text)  # fmt: skip
    assert "0903123456" not in out.text and (out.category, out.department) == (direct.category, direct.department)
    [bad] = nonla.run_batch("pipeline.civic_intake", [{"text": " "}])
    assert bad.code == "empty_text"
    changed = pipeline_store.add(INTAKE.replace("mode: pseudonym", "mode: mask"))
    assert changed["version"] == 2 and "[PHONE]" in nonla.run("pipeline.civic_intake", text=MESSAGE).text
    assert "0903" not in nonla.run("pipeline.civic_intake@1", text=MESSAGE).text
    assert [p["versions"] for p in pipeline_store.list_pipelines()] == [[1, 2]]
    assert "pipeline.civic_intake" in {e.name for e in nonla.catalog()}

    source = Path(service.jobs_dir()) / "messages.jsonl"
    source.write_text(json.dumps({"text": MESSAGE}, ensure_ascii=False) + "\n{}\n", encoding="utf-8")
    job = service.submit("pipeline.civic_intake@1", source, Path(service.jobs_dir()) / "out.parquet", workers=1)
    assert engine.execute(job["id"])["status"] == "done"
    import pyarrow.parquet as pq

    table = pq.read_table(Path(service.jobs_dir()) / "out.parquet").to_pylist()
    assert [r["index"] for r in table] == [0, 1] and table[1]["error_code"] == "invalid_input"
    assert json.loads(table[0]["output"])["category"] == direct.category

    pipeline_store.delete("civic_intake")
    with pytest.raises(UnknownFunction):
        nonla.run("pipeline.civic_intake", text=MESSAGE)


def test_cli(nonla_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(INTAKE, encoding="utf-8")
    env = {**os.environ, "NONLA_HOME": str(nonla_home), "COLUMNS": "200"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nonla.cli", *args], capture_output=True, text=True, env=env,
                              timeout=300)  # fmt: skip

    added = cli("pipelines", "add", str(path))
    assert added.returncode == 0 and "pipeline.civic_intake@1" in added.stdout, added.stderr
    assert "civic_intake" in cli("pipelines", "list").stdout
    assert cli("pipelines", "show", "civic_intake").stdout == INTAKE
    ran = cli("run", "pipeline.civic_intake", "--text", MESSAGE)
    assert ran.returncode == 0 and "0903123456" not in ran.stdout and json.loads(ran.stdout)["category"], ran.stderr
    path.write_text(step("vi.words", "{txt: $steps.0.text}"), encoding="utf-8")
    bad = cli("pipelines", "add", str(path))
    assert bad.returncode == 2 and "Step 1 (vi.words)" in bad.stderr and "Traceback" not in bad.stderr
    assert cli("pipelines", "delete", "civic_intake").returncode == 0
    assert cli("pipelines", "show", "civic_intake").returncode == 3


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_rest(app: TestClient) -> None:
    developer, caller = bearer("developer"), bearer("caller")
    yaml_headers = {"Content-Type": "application/yaml"}
    assert app.post("/v1/pipelines", headers={**caller, **yaml_headers}, content=INTAKE).status_code == 403
    narrow = app.post("/v1/pipelines", headers={**bearer("developer", scopes=["vi.*"]), **yaml_headers}, content=INTAKE)
    assert narrow.status_code == 403 and "privacy.pii" in narrow.json()["error"]["message"]
    created = app.post("/v1/pipelines", headers={**developer, **yaml_headers}, content=INTAKE)
    assert created.status_code == 201 and created.json()["version"] == 1, created.text
    assert app.post("/v1/pipelines", headers={**developer, **yaml_headers}, content=INTAKE).status_code == 200
    bad = app.post(
        "/v1/pipelines", headers={**developer, **yaml_headers}, content=step("vi.words", "{txt: $input.text}")
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["step"] == 1
    assert app.post("/v1/pipelines", headers=developer, content=b"\xff").json()["error"]["code"] == "invalid_utf8"
    assert [p["name"] for p in app.get("/v1/pipelines", headers=caller).json()["pipelines"]] == [
        "pipeline.civic_intake"
    ]
    assert app.get("/v1/pipelines/civic_intake", headers=caller).json()["source"] == INTAKE
    assert app.get("/v1/pipelines/nope", headers=caller).status_code == 404

    called = app.post("/v1/functions/pipeline.civic_intake", headers=caller, json={"text": MESSAGE})
    assert called.status_code == 200 and "0903123456" not in called.json()["output"]["text"], called.text
    # a key limited to pipelines reaches only those whose every step is in its scopes (privacy.pii is not)
    piped = bearer("caller", scopes=["pipeline.*", "vi.*", "civic.*"])
    refused = app.post("/v1/functions/pipeline.civic_intake@1", headers=piped, json={"text": MESSAGE})
    assert refused.status_code == 403 and "privacy.pii" in refused.json()["error"]["message"], refused.text
    job = app.post("/v1/jobs", headers=piped, json={"function": "pipeline.civic_intake", "items": [{"text": MESSAGE}]})
    assert job.status_code == 403, job.text
    allowed = bearer("caller", scopes=["pipeline.*", "vi.*", "privacy.*", "civic.*"])
    assert app.post("/v1/functions/pipeline.civic_intake", headers=allowed, json={"text": MESSAGE}).status_code == 200
    described = app.get("/v1/functions/pipeline.civic_intake", headers=caller).json()
    assert described["source"] == "pipeline" and list(described["input_schema"]["properties"]) == ["text"]
    wrong = app.post("/v1/functions/pipeline.civic_intake", headers=caller, json={"txt": MESSAGE})
    assert wrong.status_code == 422
    assert app.delete("/v1/pipelines/civic_intake", headers=caller).status_code == 403
    assert app.delete("/v1/pipelines/civic_intake", headers=developer).json()["deleted"] == 1
    assert app.post("/v1/functions/pipeline.civic_intake", headers=caller, json={"text": MESSAGE}).status_code == 404


def test_a_pipeline_whose_step_changed_shape_since_it_was_stored_is_a_conflict(database: str) -> None:
    """The pipeline was checked against its steps as they were; a step it calls by name then got a version with
    another output. The server's built pipeline reads fields that are gone: a 409 saying what to do, not a 500."""
    from nonla.core.errors import Conflict

    pipeline_store.add("name: inner\nsteps:\n  - function: vi.words\n    inputs: {text: $input.text}\n")
    pipeline_store.add("name: outer\nsteps:\n  - function: pipeline.inner\n    inputs: {text: $input.text}\n"
                       "output:\n  words: $steps.0.words\n")  # fmt: skip
    assert nonla.run("pipeline.outer", text="xin chào").words == ["xin", "chào"]  # type: ignore[attr-defined]
    pipeline_store.add("name: inner\nsteps:\n  - function: vi.sentences\n    inputs: {text: $input.text}\n")
    with pytest.raises(Conflict, match="pipeline.inner") as refused:
        nonla.run("pipeline.outer", text="xin chào")
    assert "Store the pipeline again" in (refused.value.hint or "")

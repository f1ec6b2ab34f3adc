"""Incidents, breaches and suspensions on both databases: a suspended function is refused on every surface, also when
another process suspended it, and a breach shows its 72-hour notification deadline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

import nonla
from nonla.cli import app as cli
from nonla.core.errors import Conflict, FunctionSuspended, InvalidInput, NotFound, UnknownFunction
from nonla.governance import audit, incidents
from nonla.local import runner

TEXT = {"text": "Tôi muốn đăng ký tạm trú."}


def test_suspend_refuses_every_version_then_resume(database: str) -> None:
    found = incidents.record("text.language", "high", "Nhận sai tiếng Việt không dấu.", actor="local:admin")
    assert (found["target"], found["status"], found["kind"]) == ("text.language", "open", "incident")
    incidents.suspend("text.language", "Sai ngôn ngữ", incident_id=found["id"], actor="local:admin")
    with pytest.raises(FunctionSuspended, match="suspended: Sai ngôn ngữ") as refused:
        runner().call("text.language@1", [TEXT])
    assert (refused.value.http_status, refused.value.code) == (423, "function_suspended")
    with pytest.raises(FunctionSuspended):
        nonla.run("text.language", **TEXT)
    assert nonla.run("vi.words", text="xin chào")  # others still run
    with pytest.raises(Conflict):
        incidents.suspend("text.language", "again")
    incidents.resume("text.language", actor="local:admin")
    assert nonla.run("text.language", **TEXT)
    with pytest.raises(NotFound):
        incidents.resume("text.language")
    actions = [r["action"] for r in audit.export()]
    assert {"incident.record", "function.suspend", "function.resume"} <= set(actions)


def test_one_version_can_be_suspended_alone(database: str) -> None:
    incidents.suspend("vi.words@1", "model file corrupted")
    assert incidents.suspensions()[0]["target"] == "vi.words@1"
    with pytest.raises(FunctionSuspended):
        runner().call("vi.words@1", [{"text": "xin chào"}])
    assert runner().call("vi.words@2", [{"text": "xin chào"}]).ok  # the other version still runs


def test_breach_deadline_and_overdue_flag(database: str) -> None:
    breach = incidents.record("civic.triage", "critical", "Lộ số điện thoại của người phản ánh.", kind="breach",
                              detected_at="2026-11-20T08:00:00Z")  # fmt: skip
    assert breach["notify_by"] == "2026-11-23T08:00:00.000000Z"
    early, late = datetime(2026, 11, 22, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)
    assert not incidents.incidents(kind="breach", now=early)[0]["overdue"]
    assert incidents.incidents(kind="breach", now=late)[0]["overdue"]
    incidents.notified(breach["id"], at="2026-11-22T10:00:00Z")
    assert not incidents.incidents(kind="breach", now=late)[0]["overdue"]
    assert incidents.close(breach["id"])["status"] == "closed"
    assert incidents.incidents(open_only=True) == []


def test_bad_input_is_refused_plainly() -> None:
    with pytest.raises(InvalidInput, match="severity"):
        incidents.record("vi.words", "huge", "x")
    with pytest.raises(UnknownFunction):
        incidents.record("vi.nothing", "low", "x")
    with pytest.raises(InvalidInput):
        incidents.record("vi.words", "low", "x", detected_at="yesterday")
    with pytest.raises(InvalidInput):
        incidents.suspend("vi.words", "  ")
    with pytest.raises(NotFound):
        incidents.close(999)
    found = incidents.record("vi.words", "low", "x")
    with pytest.raises(InvalidInput, match="not a breach"):
        incidents.notified(found["id"])
    # a breach detected in 2099 would never be overdue; told before it was found, it was not told about
    with pytest.raises(InvalidInput, match="future"):
        incidents.record("vi.words", "high", "leak", kind="breach", detected_at="2099-01-01")
    breach = incidents.record("vi.words", "high", "leak", kind="breach", detected_at="2026-11-20T08:00:00Z")
    for at, says in (("1990-01-01", "before"), ("2099-01-01", "future")):
        with pytest.raises(InvalidInput, match=says):
            incidents.notified(breach["id"], at=at)
    with pytest.raises(NotFound):  # a suspension names an incident that exists
        incidents.suspend("vi.words", "leak", incident_id=999)
    assert incidents.suspensions() == []


def test_a_suspension_by_another_process_applies_within_a_second() -> None:
    assert nonla.run("text.language", **TEXT)  # loads the suspension cache in this process
    command = [sys.executable, "-m", "nonla.cli", "incidents", "suspend", "text.language", "--reason", "đang kiểm tra"]
    done = subprocess.run(command, env=os.environ.copy(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    time.sleep(incidents.CACHE_SECONDS + 0.1)
    with pytest.raises(FunctionSuspended, match="đang kiểm tra"):
        nonla.run("text.language", **TEXT)


def test_cli_records_suspends_lists_and_resumes() -> None:
    cli_runner = CliRunner()
    done = cli_runner.invoke(cli, ["incidents", "record", "text.language", "--severity", "medium", "--description",
                                   "Sai với văn bản không dấu", "--suspend"])  # fmt: skip
    assert done.exit_code == 0, done.output
    listed = cli_runner.invoke(cli, ["incidents", "suspended"])
    assert "text.language" in listed.output
    refused = cli_runner.invoke(cli, ["run", "text.language", "--text", "xin chào"])
    assert refused.exit_code != 0
    assert cli_runner.invoke(cli, ["incidents", "resume", "text.language"]).exit_code == 0
    breach = cli_runner.invoke(cli, ["incidents", "record", "civic.triage", "--severity", "high", "--description",
                                     "lộ dữ liệu", "--breach", "--detected-at", "2020-01-01"])  # fmt: skip
    assert breach.exit_code == 0 and "notify_by" in breach.output
    assert "OVERDUE" in cli_runner.invoke(cli, ["incidents", "list", "--breaches"]).output


SPELLED = "name: spelled\nsteps:\n  - function: vi.normalize\n    inputs: {text: $input.text}\noutput:\n  text: $steps.0.text\n"


def test_an_agencys_own_pipeline_is_suspended_for_that_agency_only(database: str) -> None:
    """Each agency names its own custom models and pipelines: suspending so-y-te's pipeline.spelled leaves
    so-tu-phap's pipeline of the same name (and an older suspension stored by the bare name) as they were."""
    from nonla.core.context import tenant_scope
    from nonla.jobs import pipeline_store
    from nonla.store.db import session
    from nonla.store.schema_governance import Suspension

    for agency in ("so-y-te", "so-tu-phap"):
        with tenant_scope(agency):
            pipeline_store.add(SPELLED)
    held = incidents.suspend("pipeline.spelled", "lộ dữ liệu", tenant="so-y-te")
    assert (held["target"], held["tenant"]) == ("pipeline.spelled", "so-y-te")
    with tenant_scope("so-y-te"), pytest.raises(FunctionSuspended):
        nonla.run("pipeline.spelled", text="xin chào")
    with tenant_scope("so-tu-phap"):
        assert nonla.run("pipeline.spelled", text="xin chào").text  # type: ignore[attr-defined]
    assert [s["tenant"] for s in incidents.suspensions("so-tu-phap")] == []
    assert [s["tenant"] for s in incidents.suspensions("so-y-te")] == ["so-y-te"]
    with pytest.raises(NotFound):  # the default tenant has no pipeline of that name to suspend
        incidents.suspend("pipeline.spelled", "x")
    incidents.resume("pipeline.spelled", tenant="so-y-te")
    with tenant_scope("so-y-te"):
        assert nonla.run("pipeline.spelled", text="xin chào").text  # type: ignore[attr-defined]
    with session(write=True) as s:  # a suspension stored by the bare name, as before agencies named their own
        s.add(Suspension(target="pipeline.spelled", reason="cũ", suspended_by="local", suspended_at="2026-01-01"))
    incidents._invalidate()
    for agency in ("so-y-te", "so-tu-phap"):
        with tenant_scope(agency), pytest.raises(FunctionSuspended):
            nonla.run("pipeline.spelled", text="xin chào")
    incidents.resume("pipeline.spelled", tenant="so-tu-phap")
    with tenant_scope("so-tu-phap"):
        assert nonla.run("pipeline.spelled", text="xin chào").text  # type: ignore[attr-defined]


def test_a_suspended_function_is_refused_inside_pipelines_and_other_functions(database: str) -> None:
    from nonla.jobs import pipeline_store

    pipeline_store.add("name: words\nsteps:\n  - function: vi.words\n    inputs: {text: $input.text}\n")
    incidents.suspend("vi.words", "Tách từ sai", actor="local:admin")
    with pytest.raises(FunctionSuspended):
        nonla.run("pipeline.words", **TEXT)
    incidents.suspend("privacy.pii", "Bỏ sót tên", actor="local:admin")  # civic.triage masks personal data with it
    with pytest.raises(FunctionSuspended, match="privacy.pii"):
        nonla.run("civic.triage", text="Ông Nguyễn Văn An phản ánh đường ngập nước ở phường Bến Nghé.")


def test_a_suspended_function_is_refused_when_a_collection_indexes_or_searches(database: str) -> None:
    """Collections call functions outside any runner call (segmenting what they index, embedding a query): a
    suspension holds there too, and nothing is stored half-indexed."""
    from nonla import collections

    collections.create("laws")
    collections.add("laws", documents=[{"id": "a", "text": "Điều 1. Phạm vi\nLuật này quy định về cư trú."}])
    incidents.suspend("vi.words@1", "Tách từ sai", actor="local:admin")
    with pytest.raises(FunctionSuspended, match="vi.words"):
        collections.add("laws", documents=[{"id": "b", "text": "Điều 1. Phạm vi\nLuật này quy định về thuế."}])
    with pytest.raises(FunctionSuspended, match="vi.words"):
        collections.search("laws", "cư trú")
    incidents.resume("vi.words@1")
    assert [c["documents"] for c in collections.list()] == [1]
    incidents.suspend("legal.citations", "Trích dẫn sai", actor="local:admin")
    with pytest.raises(FunctionSuspended, match="legal.citations"):
        collections.search("laws", "Điều 1 Luật Cư trú")

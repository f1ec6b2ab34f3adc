"""Retention on both databases: per-tenant policies per kind of data, a purge at a fixed 'now', audited, and the
server's hourly purger."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from nonla import inbox, review
from nonla.cli import app as cli
from nonla.core.errors import InvalidInput
from nonla.governance import audit, retention
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import InboxEvent, InboxMessage, ReviewItem

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
TEXT = "Đường Nguyễn Trãi có ổ gà lớn trước số nhà 25, đề nghị sửa chữa gấp."


def _count(model: type) -> int:
    with session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_purge_deletes_only_what_is_older_than_each_tenants_policy(database: str) -> None:
    inbox.submit(TEXT, received_at="2026-01-10", id="old")
    inbox.submit(TEXT + " Lần 2.", received_at="2026-11-20", id="recent")
    inbox.submit(TEXT, received_at="2026-01-10", id="other-tenant", tenant="so-y-te")
    assert retention.set_policy("inbox", 90, actor="local:admin")["max_age_days"] == 90
    done = retention.purge(now=NOW)
    assert done == [{"tenant": "default", "kind": "inbox", "before": "2026-08-24T12:00:00.000000Z",
                     "deleted": {"inbox_messages": 1, "inbox_history": 1}}]  # fmt: skip
    assert inbox.messages()["total"] == 1 and inbox.messages(tenant="so-y-te")["total"] == 1
    assert _count(InboxEvent) == 2 and _count(InboxMessage) == 2
    assert retention.purge(now=NOW)[0]["deleted"] == {}  # nothing left to purge: no new audit row
    rows = list(audit.export(action="retention.purge"))
    assert len(rows) == 1 and rows[0]["detail"]["counts"] == {"inbox_messages": 1, "inbox_history": 1}
    assert audit.verify().ok


def test_review_items_and_policy_changes(database: str) -> None:
    review.set_policy("text.language@1", always=True)
    runner().call("text.language", [{"text": "xin chao"}])
    assert _count(ReviewItem) == 1
    retention.set_policy("review", 30)
    assert retention.purge(now=datetime.now(UTC))[0]["deleted"] == {}  # queued just now
    assert retention.purge(now=datetime(2099, 1, 1, tzinfo=UTC))[0]["deleted"] == {"review_items": 1}
    assert retention.set_policy("review", None) is None and retention.policies() == []
    assert {r["action"] for r in audit.export()} >= {"retention.set", "retention.remove", "retention.purge"}


def test_a_pending_item_that_holds_a_message_outlives_the_review_policy(database: str) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    held = inbox.submit(TEXT)
    review.set_policy("text.language@1", always=True)
    runner().call("text.language", [{"text": "xin chao"}])  # a pending item no message waits on
    retention.set_policy("review", 1)
    later = datetime(2099, 1, 1, tzinfo=UTC)
    assert retention.purge(now=later)[0]["deleted"] == {"review_items": 1}  # the other one
    assert inbox.get(held["id"])["status"] == "awaiting_review"
    assert review.get(held["review_id"])["status"] == "pending"  # still there: a reviewer can release the message
    released = inbox.decide_triage(held["id"], accept=True)
    assert released["status"] == "new" and released["review_status"] == "accepted"
    assert inbox.assign(held["id"], department="Sở Xây dựng")["status"] == "assigned"
    assert retention.purge(now=later)[0]["deleted"] == {"review_items": 1}  # decided: it goes now
    assert inbox.close(held["id"], reason="spam")["status"] == "closed"  # the message carries on without it
    assert audit.verify().ok


def test_finished_jobs_go_with_their_kept_files(database: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from nonla import jobs
    from nonla.jobs.service import jobs_dir
    from nonla.store.schema_jobs import Job

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = jobs.submit("vi.words", source)  # results kept under the jobs folder
    assert done["status"] == "done"
    results = [p for p in jobs_dir().rglob("*") if p.is_file() and p.suffix != ".lock"]
    assert results and any("Trãi" in p.read_text(encoding="utf-8") for p in results)
    retention.set_policy("jobs", 30)
    assert retention.purge(now=datetime.now(UTC))[0]["deleted"] == {}  # finished just now
    gone = retention.purge(now=datetime(2099, 1, 1, tzinfo=UTC))[0]["deleted"]
    assert gone["jobs"] == 1 and gone["job_files"] >= 1
    assert _count(Job) == 0 and not [p for p in jobs_dir().rglob("*") if p.is_file()]
    assert source.is_file()  # the user's own input is theirs
    assert audit.verify().ok


def test_bad_policies_are_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown kind"):
        retention.set_policy("audit", 10)
    for days in (0, -1, 10**6):
        with pytest.raises(InvalidInput, match="max_age_days"):
            retention.set_policy("inbox", days)


def test_the_purger_runs_at_start() -> None:
    inbox.submit(TEXT, received_at="2020-01-10")
    retention.set_policy("inbox", 1)
    purger = retention.purger(every=3600).start()
    try:
        for _ in range(100):
            if _count(InboxMessage) == 0:
                break
            time.sleep(0.05)
    finally:
        purger.close()
    assert _count(InboxMessage) == 0


def test_cli_set_list_purge() -> None:
    cli_runner = CliRunner()
    assert cli_runner.invoke(cli, ["governance", "retention", "set", "inbox", "365"]).exit_code == 0
    listed = cli_runner.invoke(cli, ["governance", "retention", "list"])
    assert "inbox" in listed.output and "365" in listed.output
    purged = cli_runner.invoke(cli, ["governance", "retention", "purge"])
    assert purged.exit_code == 0 and '"kind": "inbox"' in purged.output

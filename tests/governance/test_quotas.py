"""Rate limits and daily quotas per key, counted in the store (so every server process counts the same requests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nonla.core.errors import InvalidInput, NotFound, RateLimited
from nonla.governance import audit, keys, quotas

NOON = datetime(2026, 11, 22, 12, 0, 10, tzinfo=UTC)


def test_per_minute_and_per_day_limits(database: str) -> None:
    _, key = keys.create_key("caller", "portal")
    quotas.set_quota(key.id, per_minute=2, per_day=3, actor="local:admin")
    quotas.check(key.id, NOON)
    quotas.check(key.id, NOON)
    with pytest.raises(RateLimited) as limited:
        quotas.check(key.id, NOON)
    assert limited.value.http_status == 429 and limited.value.headers == {"Retry-After": "50"}
    with pytest.raises(RateLimited, match="today") as daily:
        quotas.check(key.id, NOON.replace(minute=5))  # a new minute, but the day's 3 are used
    assert int(daily.value.headers["Retry-After"]) == 12 * 3600 - 5 * 60 - 10
    quotas.check(key.id, NOON.replace(day=23))  # a new day
    assert quotas.prune(NOON.replace(day=23)) >= 2
    assert [q["key_id"] for q in quotas.quotas()] == [key.id]
    assert quotas.set_quota(key.id, None, None)["per_minute"] is None and quotas.quotas() == []
    quotas.check(key.id, NOON)  # no limits any more
    assert [r["action"] for r in audit.export(action="key.quota")] == ["key.quota", "key.quota"]


def test_bad_quotas_are_refused(database: str) -> None:
    _, key = keys.create_key("caller", "portal", tenant="so-y-te")
    with pytest.raises(InvalidInput, match="per_minute"):
        quotas.set_quota(key.id, per_minute=0)
    with pytest.raises(NotFound):
        quotas.set_quota("nope", per_minute=5)
    with pytest.raises(NotFound):  # an admin of another tenant does not see this key
        quotas.set_quota(key.id, per_minute=5, tenant="default")


def test_cli_sets_a_quota() -> None:
    from typer.testing import CliRunner

    from nonla.cli import app as cli

    _, key = keys.create_key("caller", "hotline")
    done = CliRunner().invoke(cli, ["governance", "quota", key.id, "--per-minute", "60", "--per-day", "5000"])
    assert done.exit_code == 0, done.output
    assert quotas.quotas()[0]["per_day"] == 5000

"""An agency's limits over all its keys together: set, changed and lifted by the installation only, read by the
agency's admins, counted in the store for every key of the agency, and free for an agency without limits."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from nonla.core.errors import InvalidInput, RateLimited
from nonla.governance import audit, keys, quotas, tenant_quotas
from nonla.store.db import dispose_all
from nonla.store.migrate import alembic_config, upgrade

AGENCY, OTHER = "so-y-te", "so-xay-dung"
NOON = datetime(2026, 11, 22, 12, 0, 10, tzinfo=UTC)


def _key(tenant: str = AGENCY, role: str = "caller") -> str:
    return keys.create_key(role, f"{tenant} {role}", tenant=tenant)[1].id


def test_two_keys_of_an_agency_share_its_limit_and_other_agencies_do_not(database: str) -> None:
    first, second, elsewhere = _key(), _key(), _key(OTHER)
    made = tenant_quotas.set_tenant_quota(AGENCY, per_minute=2, per_day=3, actor="local:admin")
    assert (made["tenant"], made["per_minute"], made["per_day"], made["updated_by"]) == (AGENCY, 2, 3, "local:admin")
    quotas.check(first, NOON, tenant=AGENCY)
    quotas.check(first, NOON, tenant=AGENCY)
    with pytest.raises(RateLimited) as limited:  # the second key: the agency's minute is spent by the first
        quotas.check(second, NOON, tenant=AGENCY)
    assert limited.value.http_status == 429 and limited.value.headers == {"Retry-After": "50"}
    assert "agency" in limited.value.message and "agency" in limited.value.hint
    with pytest.raises(RateLimited, match="today") as daily:  # a new minute; the day's 3 are used (refusals count)
        quotas.check(second, NOON.replace(minute=5), tenant=AGENCY)
    assert int(daily.value.headers["Retry-After"]) == 12 * 3600 - 5 * 60 - 10
    for _ in range(5):
        quotas.check(elsewhere, NOON, tenant=OTHER)
    quotas.check(second, NOON.replace(day=23), tenant=AGENCY)  # a new day
    assert quotas.prune(NOON.replace(day=23)) >= 2  # the agency's finished windows go too


def test_the_key_is_counted_without_its_tenant_as_the_console_asks(database: str) -> None:
    caller = _key()
    tenant_quotas.set_tenant_quota(AGENCY, per_minute=1)
    quotas.check(caller, NOON)
    with pytest.raises(RateLimited, match="agency"):
        quotas.check(caller, NOON)


def test_the_keys_own_limit_still_applies_first(database: str) -> None:
    caller = _key()
    quotas.set_quota(caller, per_minute=1)
    tenant_quotas.set_tenant_quota(AGENCY, per_minute=100)
    quotas.check(caller, NOON, tenant=AGENCY)
    with pytest.raises(RateLimited, match="This key"):
        quotas.check(caller, NOON, tenant=AGENCY)
    assert tenant_quotas.tenant_quota(AGENCY, now=NOON)["used_this_minute"] == 1  # a refused key spends none of it


@contextmanager
def _counting_store_writes(monkeypatch: pytest.MonkeyPatch) -> Any:
    writes: list[bool] = []
    real = quotas.session

    @contextmanager
    def counted(write: bool = False, url: str | None = None) -> Any:
        writes.append(write)
        with real(write=write, url=url) as s:
            yield s

    monkeypatch.setattr(quotas, "session", counted)
    monkeypatch.setattr(tenant_quotas, "session", counted)
    yield writes


def test_an_unlimited_agency_costs_no_store_access_per_request(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    caller, limited = _key(), _key(OTHER)
    quotas.check(caller, NOON)  # no agency limited: nothing read per request once the limits are cached
    with _counting_store_writes(monkeypatch) as used:
        for _ in range(5):
            quotas.check(caller, NOON)
    assert used == []
    tenant_quotas.set_tenant_quota(OTHER, per_day=100)
    quotas.check(caller, NOON, tenant=AGENCY)
    with _counting_store_writes(monkeypatch) as used:
        for _ in range(5):
            quotas.check(caller, NOON, tenant=AGENCY)  # another agency is limited, this one is not
        assert used == []
        quotas.check(limited, NOON, tenant=OTHER)
    assert used == [True]  # the limited agency: one counter update


def test_only_the_installation_changes_an_agencys_limit_and_refusals_are_audited(database: str) -> None:
    admin = _key(role="admin")
    tenant_quotas.set_tenant_quota(AGENCY, per_day=5_000, actor="local:admin")
    for per_day in (None, 10_000, 1):
        with pytest.raises(quotas.QuotaSetByInstallation) as refused:
            tenant_quotas.set_tenant_quota(AGENCY, per_day=per_day, caller_tenant=AGENCY, actor=f"key:{admin}")
        assert refused.value.http_status == 403 and refused.value.code == "quota_set_by_installation"
    with pytest.raises(quotas.QuotaSetByInstallation):
        tenant_quotas.clear_tenant_quota(AGENCY, caller_tenant=AGENCY, actor=f"key:{admin}")
    seen = tenant_quotas.tenant_quota(AGENCY, caller_tenant=AGENCY)
    assert (seen["per_day"], seen["per_minute"], seen["used_today"]) == (5_000, None, 0)
    assert [q["tenant"] for q in tenant_quotas.tenant_quotas(AGENCY)] == [AGENCY]
    _key(OTHER)
    with pytest.raises(quotas.UnknownTenant) as hidden:  # another agency's limits are not this agency's to see
        tenant_quotas.tenant_quota(OTHER, caller_tenant=AGENCY)
    assert hidden.value.http_status == 404 and hidden.value.code == "unknown_tenant"
    assert tenant_quotas.tenant_quotas(OTHER) == []

    assert tenant_quotas.clear_tenant_quota(AGENCY, caller_tenant="default", actor="key:root")["per_day"] is None
    assert tenant_quotas.tenant_quotas() == []
    changed = [(r["actor"], r["target"], r["detail"]["per_day"]) for r in audit.export(action="tenant.quota")]
    assert changed == [("local:admin", AGENCY, 5_000), ("key:root", AGENCY, None)]
    refused_rows = list(audit.export(action="tenant.quota.refused"))
    assert [(r["actor"], r["status"], r["error_code"]) for r in refused_rows] == [
        (f"key:{admin}", "refused", "quota_set_by_installation")] * 4  # fmt: skip
    assert {r["detail"]["tenant"] for r in refused_rows} == {AGENCY}  # the agency's auditors read them
    assert audit.verify().ok


def test_bad_limits_and_unknown_agencies_are_refused(database: str) -> None:
    _key()
    for bad in (0, -1, quotas.MAX_LIMIT + 1, True):
        with pytest.raises(InvalidInput, match="per_minute"):
            tenant_quotas.set_tenant_quota(AGENCY, per_minute=bad)
    for unknown in ("so-khong-co", "Bad Name!", "x" * 70):
        with pytest.raises(quotas.UnknownTenant):
            tenant_quotas.set_tenant_quota(unknown, per_day=5)
    with pytest.raises(InvalidInput, match="installation"):  # the default tenant's keys are limited one by one
        tenant_quotas.set_tenant_quota("default", per_day=5)
    assert tenant_quotas.tenant_quotas() == []


def test_cli_sets_shows_and_clears_an_agencys_limit() -> None:
    from nonla.cli import app as cli

    caller = _key()
    done = CliRunner().invoke(cli, ["governance", "tenant-quota", "set", AGENCY, "--per-minute", "100",
                                    "--per-day", "5000"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert '"per_day": 5000' in done.output
    quotas.check(caller, tenant=AGENCY)
    shown = CliRunner().invoke(cli, ["governance", "tenant-quota", "show", AGENCY, "--json"])
    assert shown.exit_code == 0 and '"used_today": 1' in shown.output, shown.output
    table = CliRunner().invoke(cli, ["governance", "tenant-quota", "show"])
    assert table.exit_code == 0 and AGENCY in table.output and "5000" in table.output, table.output
    empty = CliRunner().invoke(cli, ["governance", "tenant-quota", "set", AGENCY])
    assert isinstance(empty.exception, InvalidInput) and "clear" in empty.exception.hint  # (exit code 2 in main)
    unknown = CliRunner().invoke(cli, ["governance", "tenant-quota", "set", "so-khong-co", "--per-day", "5"])
    assert isinstance(unknown.exception, quotas.UnknownTenant) and unknown.exception.exit_code == 3
    cleared = CliRunner().invoke(cli, ["governance", "tenant-quota", "clear", AGENCY])
    assert cleared.exit_code == 0 and tenant_quotas.tenant_quotas() == [], cleared.output
    assert [r["actor"].startswith("local:") for r in audit.export(action="tenant.quota")] == [True, True]


def test_the_revision_creates_and_drops_the_tables(database: str) -> None:
    dispose_all()
    if database.startswith("sqlite:///"):
        Path(database.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database)
    upgrade(engine, "0022")
    assert {"tenant_quotas", "tenant_usage"} <= set(inspect(engine).get_table_names())
    assert inspect(engine).get_pk_constraint("tenant_usage")["constrained_columns"] == ["tenant", "period"]
    assert [c["name"] for c in inspect(engine).get_columns("tenant_quotas")] == [
        "tenant", "per_minute", "per_day", "updated_by", "updated_at"]  # fmt: skip
    command.downgrade(alembic_config(engine), "0021")
    assert not {"tenant_quotas", "tenant_usage"} & set(inspect(engine).get_table_names())
    upgrade(engine, "head")
    engine.dispose()

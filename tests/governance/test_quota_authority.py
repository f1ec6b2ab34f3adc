"""Who may change a key's limits: the installation any key's; an agency's admins only the limits their agency set
on its other keys, never one the installation set nor their own key's. Refusals are audited."""

from __future__ import annotations

import pytest

from nonla.governance import audit, keys, quotas

AGENCY = "so-y-te"


def _agency_admin(name: str = "so-y-te admin") -> str:
    return keys.create_key("admin", name, tenant=AGENCY)[1].id


def test_an_agency_cannot_lift_or_change_the_installations_limit(database: str) -> None:
    limited, other = _agency_admin(), _agency_admin("second admin")
    quotas.set_quota(limited, per_day=3, actor="local:admin")  # the installation (the CLI's way)
    with pytest.raises(quotas.OwnKeyQuota) as own:
        quotas.set_quota(limited, tenant=AGENCY, caller_key=limited, actor=f"key:{limited}")
    assert own.value.http_status == 403 and own.value.code == "own_key_quota" and "another admin" in own.value.hint
    for per_day in (None, 1_000, 2):  # removed, raised or lowered: the installation's limit is not the agency's
        with pytest.raises(quotas.QuotaSetByInstallation) as refused:
            quotas.set_quota(limited, per_day=per_day, tenant=AGENCY, caller_key=other, actor=f"key:{other}")
        assert refused.value.http_status == 403 and "installation" in refused.value.hint
    assert [(q["key_id"], q["per_day"], q["set_by"]) for q in quotas.quotas()] == [(limited, 3, "installation")]

    rows = list(audit.export(action="key.quota.refused"))
    own_row, *set_by_installation = [(r["actor"], r["status"], r["error_code"]) for r in rows]
    assert own_row == (f"key:{limited}", "refused", "own_key_quota")
    assert set_by_installation == [(f"key:{other}", "refused", "quota_set_by_installation")] * 3
    assert {r["detail"]["tenant"] for r in rows} == {AGENCY}  # the agency's auditors read them too
    assert audit.verify().ok


def test_an_agency_manages_the_limits_it_set_on_its_other_keys(database: str) -> None:
    admin, second = _agency_admin(), _agency_admin("second admin")
    caller = keys.create_key("caller", "portal", tenant=AGENCY)[1].id
    made = quotas.set_quota(caller, per_minute=60, tenant=AGENCY, caller_key=admin, actor=f"key:{admin}")
    assert made["set_by"] == "agency"
    assert quotas.set_quota(caller, per_minute=120, tenant=AGENCY, caller_key=second)["per_minute"] == 120
    quotas.set_quota(second, per_day=50, tenant=AGENCY, caller_key=admin)  # an admin limits a fellow admin...
    with pytest.raises(quotas.OwnKeyQuota):  # ...who cannot lift it himself
        quotas.set_quota(second, tenant=AGENCY, caller_key=second)
    assert quotas.set_quota(second, tenant=AGENCY, caller_key=admin)["per_day"] is None  # the agency's own: lifted

    quotas.set_quota(caller, per_minute=10)  # the installation takes the limit over
    assert quotas.quotas()[0]["set_by"] == "installation"
    with pytest.raises(quotas.QuotaSetByInstallation):
        quotas.set_quota(caller, per_minute=120, tenant=AGENCY, caller_key=admin)
    assert quotas.set_quota(caller, None, None)["per_minute"] is None  # and the installation may lift it


def test_the_installation_sets_any_keys_limits_its_own_too(database: str) -> None:
    root = keys.create_key("admin", "root")[1].id
    assert quotas.set_quota(root, per_day=9, caller_key=root, actor=f"key:{root}")["set_by"] == "installation"
    assert quotas.set_quota(root, None, None, caller_key=root)["per_day"] is None


def test_cli_sets_the_installations_limits_and_lists_who_set_them() -> None:
    from typer.testing import CliRunner

    from nonla.cli import app as cli

    admin, caller = _agency_admin(), keys.create_key("caller", "portal", tenant=AGENCY)[1].id
    quotas.set_quota(caller, per_minute=60, tenant=AGENCY, caller_key=admin)
    done = CliRunner().invoke(cli, ["governance", "quota", caller, "--per-day", "500"])
    assert done.exit_code == 0, done.output
    listed = CliRunner().invoke(cli, ["governance", "quotas", "--json"])
    assert listed.exit_code == 0, listed.output
    assert '"set_by": "installation"' in listed.output and '"per_day": 500' in listed.output
    with pytest.raises(quotas.QuotaSetByInstallation):
        quotas.set_quota(caller, tenant=AGENCY, caller_key=admin)
    table = CliRunner().invoke(cli, ["governance", "quotas"])
    assert table.exit_code == 0 and "installation" in table.output, table.output

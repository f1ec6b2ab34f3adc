"""Stage changes that race, on SQLite and PostgreSQL: a promote, archive or canary whose premise changes while it
runs its checks (a competing call lands in between) refuses with 409 conflict instead of writing over the other call.

The interleaving is forced, not waited for: a hook runs the competing call at the point where the first one has
read the stages and has not written yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kserve_stub import SCHEMA, kserve
from sqlalchemy import select

import nonla
from nonla import custom
from nonla.custom import add_http_model, registry
from nonla.custom.conformance import check_version
from nonla.store.db import session
from nonla.store.schema_custom import CustomStageChange


@pytest.fixture
def base(database: str) -> Iterator[str]:
    with kserve() as url:
        yield url


@pytest.fixture
def three(base: str) -> str:
    """custom.race with version 1 in production and versions 2 and 3 drafts (all pass the conformance checks)."""
    for _ in range(3):
        add_http_model("kserve", base + "/good", SCHEMA, name="race", model="m", timeout=5, retries=0)
    custom.promote("race", 1)
    return "race"


def during_checks(monkeypatch: pytest.MonkeyPatch, competing: Callable[[], Any]) -> None:
    """Run ``competing`` once, inside the first conformance check that starts: after the checking call has read the
    stages, before it writes. The competing call's own checks do not run it again."""
    real, pending = check_version, [competing]

    def checking(name: str, version: int) -> dict[str, Any]:
        checks = real(name, version)
        while pending:
            pending.pop()()
        return checks

    monkeypatch.setattr("nonla.custom.rollout.check_version", checking)


def after_first_read(monkeypatch: pytest.MonkeyPatch, competing: Callable[[], Any]) -> None:
    """Run ``competing`` once, right after the first version is read (archive has no checks to hide behind)."""
    real, pending = registry.get, [competing]

    def reading(name: str, version: int) -> registry.Version:
        found = real(name, version)
        while pending:
            pending.pop()()
        return found

    monkeypatch.setattr(registry, "get", reading)


def stages(name: str) -> dict[int, str]:
    return {v["version"]: v["stage"] for v in custom.show(name)["versions"]}


def moves(name: str) -> list[tuple[int, str, str]]:
    query = select(CustomStageChange).where(CustomStageChange.name == name).order_by(CustomStageChange.id)
    with session() as s:
        return [(c.version, c.from_stage, c.to_stage) for c in s.scalars(query)]


def refused_as_changed(call: Callable[[], Any]) -> nonla.NonlaError:
    with pytest.raises(nonla.NonlaError) as refused:
        call()
    error = refused.value
    assert error.http_status == 409 and error.code == "conflict", error.to_dict()
    assert "try again" in error.hint, error.hint
    return error


def test_a_promote_to_staging_does_not_take_back_a_production_promote_made_during_its_checks(
    three: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    won: list[str] = []
    during_checks(monkeypatch, lambda: won.append(custom.promote(three, 2, "production")["stage"]))
    error = refused_as_changed(lambda: custom.promote(three, 2, "staging"))
    assert "draft to production" in error.message and "changed nothing" in error.message, error.message
    assert won == ["production"]
    assert stages(three) == {1: "archived", 2: "production", 3: "draft"}
    assert (2, "production", "staging") not in moves(three), "production never goes back to staging"
    assert custom.show(three)["serving"] == 2, "the name is still answered by a checked production version"


def test_a_promote_to_production_refuses_when_the_version_moved_during_its_checks(
    three: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    during_checks(monkeypatch, lambda: custom.promote(three, 2, "staging"))
    error = refused_as_changed(lambda: custom.promote(three, 2))
    assert "draft to staging" in error.message, error.message
    assert stages(three) == {1: "production", 2: "staging", 3: "draft"}, "the refused call wrote nothing"
    assert custom.promote(three, 2)["stage"] == "production", "trying again works"
    assert stages(three) == {1: "archived", 2: "production", 3: "draft"}


def test_an_archive_does_not_archive_a_version_promoted_to_production_meanwhile(
    three: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    after_first_read(monkeypatch, lambda: custom.promote(three, 2))
    with pytest.raises(nonla.NonlaError) as refused:
        custom.archive(three, 2)
    assert refused.value.http_status == 409 and "in production" in refused.value.message
    assert stages(three) == {1: "archived", 2: "production", 3: "draft"}, "there is still a production version"


def test_a_canary_refuses_when_its_candidate_became_production_during_its_checks(
    three: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    during_checks(monkeypatch, lambda: custom.promote(three, 2))
    refused_as_changed(lambda: custom.canary(three, 2, 10))
    view = custom.show(three)
    assert view["serving"] == 2 and "candidate" not in view, "no rollout runs a version beside itself"

"""Revision 0016 makes model and pipeline names each tenant's own without losing what a store held before it:
history, rollouts and routed calls take their model's tenant, and files written at the old place are still read
(and never overwritten by a new model of the same name)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine

from nonla.core.context import tenant_scope
from nonla.custom import artefacts, registry
from nonla.store.db import dispose_all, session
from nonla.store.migrate import upgrade
from nonla.store.schema_custom import CustomRollout, CustomRoutedCall, CustomStageChange
from nonla.store.schema_jobs import StoredPipeline

AT = "2026-01-01T00:00:00.000000Z"


def _version(number: int, stage: str) -> dict[str, object]:
    return {"name": "muc_do", "version": number, "stage": stage, "kind": "tabular", "task": "classification",
            "owner": "", "intended_use": "", "risk": "limited", "data_digest": "", "metrics": {"accuracy": 1.0},
            "card": {}, "config": {"fields": {}}, "main_file": "model.bin", "files": {"model.bin": "0" * 64},
            "report": None, "conformance": None, "created_at": AT, "created_by": "key:old", "stage_changed_at": AT,
            "tenant": "so-y-te"}  # fmt: skip


def write_store_at_0015(url: str) -> None:
    """One agency's model with two versions, its history, a shadow rollout, a routed call and a pipeline."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    upgrade(engine, "0015")
    tables = {name: Table(name, MetaData(), autoload_with=engine) for name in (
        "custom_model_versions", "custom_stage_changes", "custom_rollouts", "custom_routed_calls", "pipelines")}  # fmt: skip
    with engine.begin() as conn:
        conn.execute(tables["custom_model_versions"].insert(), [_version(1, "production"), _version(2, "draft")])
        conn.execute(tables["custom_stage_changes"].insert(), [
            {"name": "muc_do", "version": 1, "from_stage": "draft", "to_stage": "production", "at": AT, "actor": "a"}])  # fmt: skip
        conn.execute(tables["custom_rollouts"].insert().values(name="muc_do", candidate=2, mode="shadow", percent=100.0,
                                                               started_at=AT, started_by="key:old"))  # fmt: skip
        conn.execute(tables["custom_routed_calls"].insert().values(
            name="muc_do", at=AT, mode="shadow", served=1, compared=2, agree=True, served_ms=1.0, compared_ms=2.0,
            input_digest="c" * 64))  # fmt: skip
        conn.execute(tables["pipelines"].insert().values(
            name="chuan_hoa", version=1, source="name: chuan_hoa", sha256="d" * 64, created_by="a", created_at=AT,
            tenant="so-y-te"))  # fmt: skip
    engine.dispose()


def test_rows_keep_their_owner_and_old_files_are_still_read(database: str, nonla_home: Path) -> None:
    dispose_all()
    write_store_at_0015(database)
    legacy = nonla_home / "models" / "custom" / "muc_do" / "1"
    legacy.mkdir(parents=True)
    (legacy / "model.bin").write_bytes(b"old")

    with session() as s:  # opening the store migrates it to the head revision
        owners = {table.__tablename__: {row.tenant for row in s.query(table)}
                  for table in (CustomStageChange, CustomRollout, CustomRoutedCall, StoredPipeline)}  # fmt: skip
    assert set(map(frozenset, owners.values())) == {frozenset({"so-y-te"})}, owners
    with tenant_scope("so-y-te"):
        assert registry.get("muc_do", 1).folder == legacy  # written before names were per tenant: read where it is
        rollout = registry.rollout("muc_do")
        assert rollout is not None and (rollout.candidate, rollout.mode) == (2, "shadow")
        assert [call.compared for call in registry.routed_calls("muc_do")] == [2]
    assert registry.rollout("muc_do") is None and registry.routed_calls("muc_do") == []  # the default tenant's view

    # The default tenant's own muc_do@1 goes to its own folder; the agency's old files are untouched.
    incoming = artefacts.incoming_dir("muc_do")
    (incoming / "model.bin").write_bytes(b"new")
    mine = registry.register(incoming, name="muc_do", kind="tabular", task="classification", main_file="model.bin",
                             config={"fields": [{"name": "x", "type": "number"}]}, card={}, metrics={}, report=None)  # fmt: skip
    assert mine.version == 1 and mine.folder != legacy and (mine.folder / "model.bin").read_bytes() == b"new"
    assert (legacy / "model.bin").read_bytes() == b"old"
    with tenant_scope("so-y-te"):
        assert [v.version for v in registry.versions("muc_do")] == [1, 2]

"""Revision 0019 records who set each key quota. A quota stored before it is the installation's, unless an agency's
key last changed it: an unknown author must not make a limit one the limited agency can lift."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, Table, create_engine

from nonla.governance import quotas
from nonla.store.db import dispose_all
from nonla.store.migrate import alembic_config, upgrade

AT = "2026-01-01T00:00:00.000000Z"


def _key(key_id: str, tenant: str) -> dict[str, object]:
    return {"id": key_id, "name": key_id, "role": "admin", "scopes": [], "tenant": tenant, "secret_hash": "0" * 64,
            "created_at": AT, "created_by": "local", "revoked_at": None}  # fmt: skip


def _quota(key_id: str, updated_by: str) -> dict[str, object]:
    return {"key_id": key_id, "per_minute": None, "per_day": 3, "updated_by": updated_by, "updated_at": AT}


def write_store_at_0018(url: str) -> None:
    """Quotas last changed by the CLI, by an installation admin's key and by an agency admin's key."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    upgrade(engine, "0018")
    api_keys, key_quotas = (Table(name, MetaData(), autoload_with=engine) for name in ("api_keys", "key_quotas"))
    with engine.begin() as conn:
        conn.execute(api_keys.insert(), [_key("root", "default"), _key("agency1", "so-y-te"), _key("agency2", "so-y-te"),
                                         _key("caller", "so-y-te")])  # fmt: skip
        conn.execute(key_quotas.insert(), [_quota("agency1", "local:admin"), _quota("agency2", "key:root"),
                                           _quota("caller", "key:agency1")])  # fmt: skip
    engine.dispose()


def test_old_quotas_are_the_installations_unless_an_agency_set_them(database: str) -> None:
    dispose_all()
    write_store_at_0018(database)
    by_key = {q["key_id"]: q["set_by"] for q in quotas.quotas()}  # opening the store migrates it to the head
    assert by_key == {"agency1": "installation", "agency2": "installation", "caller": "agency"}
    with pytest.raises(quotas.QuotaSetByInstallation):
        quotas.set_quota("agency1", tenant="so-y-te", caller_key="agency2")
    assert quotas.set_quota("caller", tenant="so-y-te", caller_key="agency1")["per_day"] is None


def test_the_revision_downgrades(database: str) -> None:
    dispose_all()
    write_store_at_0018(database)
    engine = create_engine(database)
    upgrade(engine, "0019")
    command.downgrade(alembic_config(engine), "0018")
    assert "set_by" not in {c.name for c in Table("key_quotas", MetaData(), autoload_with=engine).columns}
    engine.dispose()

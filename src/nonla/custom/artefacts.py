"""Where a custom model's files live: ``$NONLA_HOME/models/custom/.tenants/<tenant>/<name>/<version>/``, each file
with its sha256. Names are each tenant's own, so the tenant is part of the path; a version registered before that
stays where it was written, ``<name>/<version>/`` at the top (names were installation-wide then, so the folder is
its own), and is read from there. A name starts with a letter, so no model folder is ever called ``.tenants``.

>>> check_name("luat_phan_loai")
'luat_phan_loai'
>>> check_name("Bad Name")
Traceback (most recent call last):
...
nonla.core.errors.InvalidInput: 'Bad Name' is not a model name.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

from nonla.core.config import settings
from nonla.core.context import TENANT_ID, current_tenant
from nonla.core.errors import InvalidInput, ModelUnavailable
from nonla.core.models import ModelRef, sha256_file

PREFIX = "custom."
TENANTS = ".tenants"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def check_name(name: str) -> str:
    """A model's name without the prefix: lower-case letters, digits and underscores (it becomes custom.NAME)."""
    bare = name.removeprefix(PREFIX)
    if not _NAME.match(bare):
        raise InvalidInput(
            f"'{name}' is not a model name.",
            hint="Use lower-case letters, digits and underscores, starting with a letter (e.g. 'law_topics').",
            field="name",
        )
    return bare


def store_root() -> Path:
    return settings().home / "models" / "custom"


def tenant_root(tenant: str) -> Path:
    """The tenant's folder: its id (a slug, checked when its keys are made), or a digest of an id given some other
    way (never a path)."""
    plain = TENANT_ID.fullmatch(tenant) is not None
    return store_root() / TENANTS / (tenant if plain else "t-" + hashlib.sha256(tenant.encode()).hexdigest()[:20])


def version_dir(name: str, version: int, tenant: str | None = None) -> Path:
    """The folder a version's files are read from (the tenant of the call in progress unless given)."""
    path = tenant_root(tenant or current_tenant()) / name / str(version)
    legacy = store_root() / name / str(version)
    return legacy if not path.exists() and legacy.exists() else path


def incoming_dir(name: str) -> Path:
    """A fresh folder to write a version into before it has a number (moved into place on registration)."""
    path = tenant_root(current_tenant()) / name / f".incoming-{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True)
    return path


def digests(folder: Path) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file()}


def move_into_place(folder: Path, name: str, version: int) -> Path:
    target = folder.parent / str(version)  # beside the incoming folder: the tenant's own, never a legacy one
    if target.exists():  # left by a registration whose transaction failed: never served, safe to replace
        shutil.rmtree(target)
    folder.rename(target)
    return target


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


class CustomModelRef(ModelRef):
    """A file of the model store; its version carries the sha256 prefix so two stores never share a cache entry."""

    source: str = "custom"

    def path(self) -> Path:
        path = store_root() / self.file
        if not path.is_file():
            raise ModelUnavailable(f"Model file for {self.key} is missing: {path}.",
                                   hint="Restore the model store folder from a backup, or train the model again.")  # fmt: skip
        return path


def model_ref(name: str, version: int, file: str, sha256: str, licence: str = "", tenant: str | None = None) -> CustomModelRef:
    folder = version_dir(name, version, tenant).relative_to(store_root()).as_posix()
    return CustomModelRef(
        name=f"{PREFIX}{name}", version=f"{version}+{sha256[:12]}", sha256=sha256, file=f"{folder}/{file}",
        licence=licence or "trained or imported by its owner (see the card)",
    )  # fmt: skip


def sibling(ref: ModelRef, file: str, files: dict[str, Any]) -> Path:
    """Another file of the same version, checked against its recorded sha256 (the loader reads it too)."""
    path = ref.path().with_name(file)
    expected = files.get(file)
    if not path.is_file() or sha256_file(path) != expected:
        raise ModelUnavailable(f"Model file {file} of {ref.key} is missing or changed since it was registered.")
    return path

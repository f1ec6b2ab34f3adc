"""The taxonomy and routing table of civic.triage: the default one, and an agency's override of it.

The default is DEFAULT_TAXONOMY in taxonomy.py beside this file. An agency changes it with a JSON file of the same
shape, ``$NONLA_HOME/agencies/<agency>.json``: a category it names is merged field by field into the default one (or
added, when new, with at least label, department and deadline_days); a keyword list it gives replaces the default
list.

>>> default = taxonomy("default")
>>> default.categories["health"].department, default.categories["health"].deadline_days
('Sở Y tế', 7)
>>> merged = merge(DEFAULT_TAXONOMY,
...                {"categories": {"health": {"deadline_days": 3}, "tourism": {"label": "Du lịch",
...                 "department": "Sở Văn hóa, Thể thao và Du lịch", "deadline_days": 10}}}, "demo.json")
>>> merged.categories["health"].deadline_days, merged.categories["tourism"].department
(3, 'Sở Văn hóa, Thể thao và Du lịch')
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nonla.core.config import settings
from nonla.core.context import DEFAULT_TENANT
from nonla.core.errors import NonlaError, NotFound
from nonla.functions.civic.taxonomy import DEFAULT_TAXONOMY

AGENCY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
CATEGORY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def may_use(tenant: str, agency: str) -> bool:
    """Whether keys of ``tenant`` may use (or read the set-up of) ``agency``'s triage: the installation's keys any
    agency's, an agency's keys their own and the shipped 'default' one. Changing it is may_set_up's question.

    >>> may_use("so-a", "so-a"), may_use("so-a", "so-b"), may_use("so-a", "default"), may_use("default", "so-b")
    (True, False, True, True)
    """
    return tenant == DEFAULT_TENANT or agency in (tenant, "default")


def may_set_up(tenant: str, agency: str, admin: bool) -> bool:
    """Whether a key of ``tenant`` (``admin``: of the admin role) may change ``agency``'s triage set-up: an agency
    its own; another agency's is for the installation's admins only, since the set-up decides where every message
    of that agency is routed.

    >>> may_set_up("so-a", "so-a", False), may_set_up("default", "so-a", False), may_set_up("default", "so-a", True)
    (True, False, True)
    >>> may_set_up("so-a", "so-b", True)
    False
    """
    return agency == tenant or (admin and tenant == DEFAULT_TENANT)


class UnknownAgency(NotFound):
    code = "unknown_agency"
    default_hint = (
        "Use agency 'default', or create $NONLA_HOME/agencies/<agency>.json (a taxonomy) or train the agency's model "
        "with `nonla civic train --data FILE.csv --agency NAME`."
    )


class BrokenAgencyFile(NonlaError):
    """The agency's own configuration cannot be used: the request is fine, the file it names is not."""

    code = "agency_file_invalid"
    http_status = 422
    exit_code = 2
    default_hint = (
        "Fix the file (the shape of DEFAULT_TAXONOMY in nonla/functions/civic/taxonomy.py, as JSON) or remove it."
    )


class Keywords(BaseModel):
    model_config = ConfigDict(extra="forbid")

    high: list[str] | None = None
    low: list[str] | None = None
    ignore: list[str] | None = Field(None, description="Phrases that hold a danger word but are no danger.")


class CategoryPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(None, min_length=1, max_length=200)
    department: str | None = Field(None, min_length=1, max_length=200)
    deadline_days: int | None = Field(None, ge=1, le=365)
    urgent_deadline_days: int | None = Field(None, ge=1, le=365)
    urgency_keywords: Keywords | None = None


class TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str | None = None
    urgency: Keywords | None = None
    categories: dict[str, CategoryPatch] = Field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    department: str
    deadline_days: int
    urgent_deadline_days: int
    high_keywords: tuple[str, ...]
    low_keywords: tuple[str, ...]
    ignore_keywords: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, Category]
    high_keywords: tuple[str, ...]
    low_keywords: tuple[str, ...]
    ignore_keywords: tuple[str, ...]


def _broken(source: str, problem: str) -> BrokenAgencyFile:
    return BrokenAgencyFile(f"The agency file {source} cannot be used: {problem}.", file=source)


def _parse(raw: Any, source: str) -> TaxonomyFile:
    try:
        parsed = TaxonomyFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise _broken(source, f"'{where}': {first['msg']}") from None
    for key in parsed.categories:
        if not CATEGORY_PATTERN.match(key):
            raise _broken(source, f"category key '{key}' must be lower-case letters, digits and '_'")
    return parsed


def merge(base: dict[str, Any], override: dict[str, Any] | None, source: str) -> Taxonomy:
    """Apply an agency's override (already read from JSON) to the default taxonomy; raise BrokenAgencyFile."""
    default = _parse(base, "the default taxonomy")
    patch = _parse(override, source) if override is not None else TaxonomyFile()
    categories: dict[str, Category] = {}
    for key in list(default.categories) + [k for k in patch.categories if k not in default.categories]:
        fields: dict[str, Any] = {}
        keywords: dict[str, Any] = {}
        for layer in (default.categories.get(key), patch.categories.get(key)):
            if layer is not None:
                fields |= layer.model_dump(exclude_none=True, exclude={"urgency_keywords"})
                if layer.urgency_keywords is not None:
                    keywords |= layer.urgency_keywords.model_dump(exclude_none=True)
        missing = [name for name in ("label", "department", "deadline_days") if name not in fields]
        if missing:
            raise _broken(source, f"the new category '{key}' needs {', '.join(missing)}")
        categories[key] = Category(
            key=key,
            label=fields["label"],
            department=fields["department"],
            deadline_days=fields["deadline_days"],
            urgent_deadline_days=min(fields.get("urgent_deadline_days", 1), fields["deadline_days"]),
            high_keywords=tuple(keywords.get("high", ())),
            low_keywords=tuple(keywords.get("low", ())),
            ignore_keywords=tuple(keywords.get("ignore", ())),
        )
    urgency = (default.urgency or Keywords()).model_dump(exclude_none=True)
    if patch.urgency is not None:
        urgency |= patch.urgency.model_dump(exclude_none=True)
    lists = [tuple(urgency.get(kind, ())) for kind in ("high", "low", "ignore")]
    return Taxonomy(categories, *lists)


def agency_dir() -> Path:
    return settings().home / "agencies"


def agency_files(agency: str) -> tuple[Path, Path]:
    """(taxonomy file, trained head file) of an agency; either may be absent."""
    folder = agency_dir()
    return folder / f"{agency}.json", folder / f"{agency}.head.json"


_cache: dict[tuple[str, int, int], Taxonomy] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _default() -> Taxonomy:
    return merge(DEFAULT_TAXONOMY, None, "the default taxonomy")


def taxonomy(agency: str) -> Taxonomy:
    """The agency's taxonomy (the default one for 'default' or an agency with only a trained head).

    Cached by the file's path, size and modification time, so an edited file takes effect on the next call.
    """
    path, head = agency_files(agency)
    if agency == "default" or (not path.exists() and head.exists()):
        return _default()
    if not path.exists():
        raise UnknownAgency(f"There is no agency named '{agency}'.", agency=agency)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        override = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _broken(path.name, f"it is not valid UTF-8 JSON ({exc})") from None
    result = merge(DEFAULT_TAXONOMY, override, path.name)
    with _lock:
        _cache[key] = result
    return result

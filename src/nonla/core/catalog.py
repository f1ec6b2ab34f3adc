"""THE one registry: ``name@version -> "module:attr"``, imported only when first used.

Four sources feed it: the built-ins listed below, third-party packages through the entry-point group
``nonla.functions`` (entry name ``domain.name@N``, value ``module:attr``), functions registered at run time, and
dynamic sources that own a name prefix (``custom.`` models in the model store, ``pipeline.`` definitions): a dynamic
source is asked on every lookup, so what another process registered is callable at once.

Built-ins are imported on first use. A plugin is imported once, when the catalogue first reads the entry-point
group, and checked there: built-ins always win (a plugin may not add a version of a built-in's name, whatever its
entry point is called), and one that cannot be imported, is not a ``@function``, declares another name than its
entry point's, or takes a name already taken is left out with one logged warning and listed by
``Catalog.unavailable()``, so it never breaks the rest of the catalogue.

>>> cat = Catalog(builtins={"demo.echo@1": "nonla.core.function:Card"})
>>> cat.resolve("demo.echo").ref, cat.resolve("demo.echo@1").version
('demo.echo@1', 1)
>>> cat.resolve("demo.echo@7")
Traceback (most recent call last):
...
nonla.core.errors.UnknownVersion: Function 'demo.echo' has no version 7; versions: 1.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from nonla.core.errors import InvalidInput, UnknownFunction, UnknownVersion
from nonla.core.function import Card, FunctionSpec, spec_of

ENTRY_POINT_GROUP = "nonla.functions"
log = logging.getLogger("nonla.catalog")
_warned: set[str] = set()  # each broken plugin is logged once per process, not once per catalogue
_warned_lock = threading.Lock()

# name (or None for every name the source owns) -> the specs of its versions. Sources cache their own specs.
SpecSource = Callable[[str | None], Iterable[FunctionSpec]]
# A source's spec with this version answers the bare name (e.g. routing 'custom.NAME' to its production version);
# it is never listed and cannot be asked for by number.
ROUTE_VERSION = 0

# Built-in functions, one line each. Adding a function = one file under functions/ plus one line here.
BUILTINS: dict[str, str] = {
    "vi.normalize@1": "nonla.functions.vi.normalize:run",
    "vi.sentences@1": "nonla.functions.vi.sentences:run",
    "vi.words@1": "nonla.functions.vi.words:run",
    "vi.words@2": "nonla.functions.vi.words:run_v2",
    "vi.pos@1": "nonla.functions.vi.pos:run",
    "vi.entities@1": "nonla.functions.vi.entities:run",
    "vi.entities@2": "nonla.functions.vi.entities:run_v2",
    "vi.diacritics@1": "nonla.functions.vi.diacritics:run",
    "privacy.pii@1": "nonla.functions.privacy.pii:run",
    "text.language@1": "nonla.functions.text.language:run",
    "legal.citations@1": "nonla.functions.legal.citations:run",
    "legal.search@1": "nonla.functions.legal.search:run",
    "legal.answer@1": "nonla.functions.legal.answer:run",
    "text.sentiment@1": "nonla.functions.text.sentiment:run",
    "text.classify@1": "nonla.functions.text.classify:run",
    "text.dedupe@1": "nonla.functions.text.dedupe:run",
    "text.keywords@1": "nonla.functions.text.keywords:run",
    "text.summarize@1": "nonla.functions.text.summarize:run",
    "text.embed@1": "nonla.functions.text.embed:run",
    "geo.address@1": "nonla.functions.civic.address:run",
    "civic.triage@1": "nonla.functions.civic.triage:run",
    "vision.faces@1": "nonla.functions.vision.faces:run",
    "vision.traffic@1": "nonla.functions.vision.traffic:run",
    "speech.asr@1": "nonla.functions.speech.asr:run",
    "speech.tts@1": "nonla.functions.speech.tts:run",
    "vision.ocr@1": "nonla.functions.vision.ocr:run",
    "vision.idcard@1": "nonla.functions.vision.idcard:run",
}

_REF = re.compile(r"^(?P<name>[a-z][a-z0-9_]*(?:\.[a-z0-9_][a-z0-9_-]*)+)(?:@(?P<version>\d+))?$")


def parse_ref(ref: str) -> tuple[str, int | None]:
    """Split 'name' or 'name@N'.

    >>> parse_ref("vi.words@2"), parse_ref("vi.words")
    (('vi.words', 2), ('vi.words', None))
    """
    match = _REF.match(ref.strip())
    if not match:
        raise InvalidInput(
            f"'{ref}' is not a function name.",
            hint="Function names look like 'vi.words' or 'vi.words@1'.",
        )
    version = match.group("version")
    return match.group("name"), int(version) if version else None


@dataclass
class CatalogEntry:
    name: str
    version: int
    target: str | FunctionSpec
    source: str = "builtin"  # builtin | plugin | custom
    _spec: FunctionSpec | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ref(self) -> str:
        return self.name if self.version == ROUTE_VERSION else f"{self.name}@{self.version}"

    @property
    def spec(self) -> FunctionSpec:
        """Import the function's module on first use (never at catalogue load)."""
        if self._spec is None:
            with self._lock:
                if self._spec is None:
                    self._spec = self._load()
        return self._spec

    def _load(self) -> FunctionSpec:
        if isinstance(self.target, FunctionSpec):
            return self.target
        module_name, _, attr = self.target.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
        spec = spec_of(obj)
        if (spec.name, spec.version) != (self.name, self.version):
            raise TypeError(f"{self.target} declares {spec.ref}, registered as {self.ref}")
        return spec

    @property
    def card(self) -> Card:
        return self.spec.card


class Catalog:
    def __init__(self, builtins: Mapping[str, str] | None = None, plugins: bool = True) -> None:
        self._entries: dict[tuple[str, int], CatalogEntry] = {}
        self._plugins_loaded = not plugins
        self._plugins_loading = False
        self._unavailable: dict[str, str] = {}  # "entry = module:attr" -> why the plugin was left out
        self._guard = threading.RLock()
        self._sources: dict[str, SpecSource] = {}
        for ref, target in (BUILTINS if builtins is None else builtins).items():
            self._add(ref, target, "builtin")

    def _add(self, ref: str, target: str | FunctionSpec, source: str) -> CatalogEntry:
        name, version = parse_ref(ref)
        if version is None:
            raise ValueError(f"catalogue entries need an explicit version: {ref}")
        entry = CatalogEntry(name, version, target, source)
        self._entries[(name, version)] = entry
        return entry

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        with self._guard:
            if self._plugins_loaded or self._plugins_loading:  # a plugin that looks a function up while importing
                return
            self._plugins_loading = True
            try:
                try:
                    found = list(entry_points(group=ENTRY_POINT_GROUP))
                except Exception as exc:  # a broken installed distribution: the built-ins still work
                    self._skip(ENTRY_POINT_GROUP, f"the installed packages' entry points could not be read ({exc})")
                    found = []
                for ep in found:
                    self._add_plugin(ep)
            finally:
                self._plugins_loading = False
            self._plugins_loaded = True

    def _add_plugin(self, ep: Any) -> None:
        """Import one entry point and add its function, or leave it out with a warning (never raises)."""
        label = f"{ep.name} = {ep.value}"
        try:
            name, version = parse_ref(ep.name)
        except InvalidInput:
            return self._skip(label, "its name is not a function name like 'domain.name@1'")
        builtin_names = {n for (n, _), e in self._entries.items() if e.source == "builtin"}
        if name in builtin_names:  # refused before its module is imported
            return self._skip(label, f"'{name}' is a built-in function; a plugin cannot replace or extend it")
        try:
            spec = spec_of(ep.load())
            parse_ref(spec.ref)
        except Exception as exc:  # whatever a third-party module raises on import
            return self._skip(label, f"it could not be loaded ({type(exc).__name__}: {str(exc)[:200]})")
        if spec.name in builtin_names:
            return self._skip(label, f"it declares {spec.ref}; '{spec.name}' is a built-in function")
        if version is not None and (spec.name, spec.version) != (name, version):
            return self._skip(label, f"its entry point names {name}@{version} but the function declares {spec.ref}")
        if self._source_for(spec.name) is not None:
            return self._skip(label, f"it declares {spec.ref}; that prefix belongs to the model store or pipelines")
        if (spec.name, spec.version) in self._entries:
            return self._skip(label, f"{spec.ref} is already provided by another source")
        self._entries[(spec.name, spec.version)] = CatalogEntry(spec.name, spec.version, spec, "plugin", _spec=spec)

    def _skip(self, label: str, reason: str) -> None:
        self._unavailable[label] = reason
        with _warned_lock:
            if f"{label}: {reason}" in _warned:
                return
            _warned.add(f"{label}: {reason}")
        log.warning("plugin function %s (entry point group %s) left out: %s", label, ENTRY_POINT_GROUP, reason)

    def unavailable(self) -> dict[str, str]:
        """The plugin entry points left out of the catalogue, each with the reason (also logged once).

        >>> Catalog(builtins={}, plugins=False).unavailable()
        {}
        """
        self._load_plugins()
        return dict(self._unavailable)

    def register(self, spec: FunctionSpec, source: str = "custom") -> CatalogEntry:
        """Add a function at run time (custom models, tests)."""
        with self._guard:
            return self._add(spec.ref, spec, source)

    def add_source(self, prefix: str, source: SpecSource) -> None:
        """Let ``source`` own every name starting with ``prefix`` (e.g. ``"custom."``).

        >>> cat = Catalog(builtins={}, plugins=False)
        >>> cat.add_source("demo.", lambda name: [])
        >>> cat.versions("demo.none")
        []
        """
        if not prefix.endswith("."):
            raise ValueError("a source owns a name prefix ending with '.'")
        with self._guard:
            self._sources[prefix] = source

    def _source_for(self, name: str) -> SpecSource | None:
        for prefix, source in self._sources.items():
            if name.startswith(prefix):
                return source
        return None

    def _dynamic(self, source: SpecSource, name: str | None) -> list[CatalogEntry]:
        # source label = the prefix without its dot: "custom", "pipeline"
        label = next((p[:-1] for p, s in self._sources.items() if s is source), "custom")
        return [CatalogEntry(s.name, s.version, s, label, _spec=s) for s in source(name)]

    def unregister(self, ref: str) -> None:
        name, version = parse_ref(ref)
        with self._guard:
            for key in [k for k in self._entries if k[0] == name and (version is None or k[1] == version)]:
                del self._entries[key]

    def entries(self, latest_only: bool = False) -> list[CatalogEntry]:
        self._load_plugins()
        dynamic = [
            e
            for source in list(self._sources.values())
            for e in self._dynamic(source, None)
            if e.version != ROUTE_VERSION
        ]
        items = sorted([*self._entries.values(), *dynamic], key=lambda e: (e.name, e.version))
        if latest_only:
            latest = {e.name: e for e in items}
            items = list(latest.values())
        return items

    def versions(self, name: str) -> list[int]:
        return sorted(v for v in self._versions(name) if v != ROUTE_VERSION)

    def _versions(self, name: str) -> dict[int, CatalogEntry]:
        source = self._source_for(name)
        if source is not None:
            return {e.version: e for e in self._dynamic(source, name) if e.name == name}
        self._load_plugins()
        return {v: e for (n, v), e in self._entries.items() if n == name}

    def resolve(self, ref: str) -> CatalogEntry:
        name, version = parse_ref(ref)
        found = self._versions(name)
        if not found:
            raise UnknownFunction(f"There is no function named '{name}'.")
        versions = sorted(v for v in found if v != ROUTE_VERSION)
        if version is None:
            return found[ROUTE_VERSION] if ROUTE_VERSION in found else found[versions[-1]]
        if version not in versions:
            listed = ", ".join(map(str, versions)) or "none"
            raise UnknownVersion(f"Function '{name}' has no version {version}; versions: {listed}.")
        return found[version]


_default: Catalog | None = None
_default_lock = threading.Lock()


def default_catalog() -> Catalog:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Catalog()
    return _default

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from nonla.core.catalog import BUILTINS, Catalog, parse_ref
from nonla.core.errors import InvalidInput, UnknownFunction, UnknownVersion
from nonla.core.function import Card, function


def test_builtins_resolve_to_their_latest_version() -> None:
    catalog = Catalog()
    for ref in BUILTINS:
        name, version = parse_ref(ref)
        assert catalog.resolve(name).version == max(catalog.versions(name))
        assert catalog.resolve(ref).ref == ref


def test_catalogue_import_loads_no_function_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # monkeypatch puts the modules back afterwards: later tests share the default catalogue's loaded functions, and
    # a module imported twice would hold module state (context variables, caches) twice
    for module in [m for m in sys.modules if m.startswith("nonla.functions.")]:
        monkeypatch.delitem(sys.modules, module)
    Catalog().entries()
    assert not [m for m in sys.modules if m.startswith("nonla.functions.vi.")]


@pytest.mark.parametrize(
    ("ref", "error"),
    [
        ("vi.nothing", UnknownFunction),
        ("vi.words@99", UnknownVersion),
        ("not a name", InvalidInput),
        ("vi.words@x", InvalidInput),
    ],
)
def test_bad_references_give_stable_errors(ref: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Catalog().resolve(ref)


def _demo(version: int) -> object:
    from pydantic import BaseModel

    class Input(BaseModel):
        text: str

    class Output(BaseModel):
        version: int

    @function("demo.versioned", version=version, card=Card(summary="demo", metrics={"m": 1.0}))
    def run(batch: list[Input], models: object) -> list[Output]:
        return [Output(version=version) for _ in batch]

    return run


def test_name_resolves_to_latest_and_name_at_n_to_that_version() -> None:
    catalog = Catalog(builtins={})
    catalog.register(_demo(1).__nonla_spec__)  # type: ignore[attr-defined]
    catalog.register(_demo(2).__nonla_spec__)  # type: ignore[attr-defined]
    assert catalog.resolve("demo.versioned").version == 2
    assert catalog.resolve("demo.versioned@1").version == 1
    assert [e.version for e in catalog.entries(latest_only=True)] == [2]


def test_third_party_functions_come_from_the_entry_point_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "acme_plugin.py").write_text(
        textwrap.dedent("""
        from pydantic import BaseModel
        from nonla.core.function import Card, function

        class Input(BaseModel):
            text: str

        class Output(BaseModel):
            shout: str

        @function("acme.shout", version=3, card=Card(summary="Shout", metrics={"exact": 1.0}))
        def run(batch: list[Input], models) -> list[Output]:
            return [Output(shout=i.text.upper() + "!") for i in batch]
    """)
    )
    dist = tmp_path / "acme_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[nonla.functions]\nacme.shout@3 = acme_plugin:run\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    catalog = Catalog()
    entry = catalog.resolve("acme.shout")
    assert (entry.source, entry.version) == ("plugin", 3)
    from nonla.core.runner import Runner

    assert Runner(catalog).call("acme.shout", [{"text": "chào"}]).results[0].shout == "CHÀO!"  # type: ignore[union-attr]

from __future__ import annotations

import logging
import sys
import textwrap
import uuid
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


def _plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: dict[str, str], module: str = "") -> str:
    """Install a package on sys.path whose entry points are ``entries`` (name -> "module:attr"); ``module`` is the
    source of a module named after the test (returned), so a warning logged once per process is logged here."""
    name = f"plugin_{uuid.uuid4().hex[:8]}"
    if module:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(module), encoding="utf-8")
        monkeypatch.setitem(sys.modules, name, None)  # removed again after the test
        monkeypatch.delitem(sys.modules, name)
    dist = tmp_path / f"{name}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    lines = "".join(f"{entry} = {target.replace('MODULE', name)}\n" for entry, target in entries.items())
    (dist / "entry_points.txt").write_text(f"[nonla.functions]\n{lines}")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


HIJACK = """
    from pydantic import BaseModel
    from nonla.core.function import Card, Text, function

    class Input(BaseModel):
        text: Text

    class Output(BaseModel):
        words: list[str]

    @function("vi.words", version=1, card=Card(summary="Hijacked", metrics={"accuracy": 1.0}))
    def run(batch: list[Input], models) -> list[Output]:
        return [Output(words=["HIJACKED"]) for _ in batch]

    @function("vi.words", version=9, card=Card(summary="Hijacked", metrics={"accuracy": 1.0}))
    def run_v9(batch: list[Input], models) -> list[Output]:
        return [Output(words=["HIJACKED"]) for _ in batch]
"""


@pytest.mark.parametrize("entry", ["demo.helper", "vi.words", "vi.words@1", "vi.words@9", "demo.helper@9"])
def test_built_ins_win_whatever_the_entry_point_is_called(
    entry: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    target = "MODULE:run_v9" if entry.endswith("@9") else "MODULE:run"
    name = _plugin(tmp_path, monkeypatch, {entry: target}, HIJACK)
    catalog = Catalog()
    with caplog.at_level(logging.WARNING, logger="nonla.catalog"):
        assert catalog.resolve("vi.words@1").source == "builtin"
        assert catalog.resolve("vi.words").ref == "vi.words@2"  # not a plugin's vi.words@9 either
    assert catalog.versions("vi.words") == [1, 2]
    assert all(e.source == "builtin" for e in catalog.entries() if e.name == "vi.words")
    [reason] = catalog.unavailable().values()
    assert "built-in" in reason
    assert [r for r in caplog.records if name in r.getMessage()], "the refusal is logged"
    from nonla.core.runner import Runner

    assert Runner(catalog).call("vi.words@1", [{"text": "xin chào"}]).results[0].words == ["xin", "chào"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("entry", "target", "why"),
    [
        ("demo.broken@1", "MODULE_gone:run", "ModuleNotFoundError"),
        ("demo.broken", "MODULE_gone:run", "ModuleNotFoundError"),
        ("nodot", "MODULE:run", "not a function name"),
        ("demo.Bad Name", "MODULE:run", "not a function name"),
        ("demo.other@1", "MODULE:run", "declares demo.fine@1"),
        ("demo.notafunction@1", "MODULE:Input", "could not be loaded"),
    ],
)
def test_a_broken_plugin_is_left_out_and_the_catalogue_works(
    entry: str, target: str, why: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    fine = """
        from pydantic import BaseModel
        from nonla.core.function import Card, Text, function

        class Input(BaseModel):
            text: Text

        class Output(BaseModel):
            text: str

        @function("demo.fine", version=1, card=Card(summary="Fine", metrics={"accuracy": 1.0}))
        def run(batch: list[Input], models) -> list[Output]:
            return [Output(text=i.text) for i in batch]
    """
    name = _plugin(tmp_path, monkeypatch, {entry: target}, fine)
    catalog = Catalog()
    with caplog.at_level(logging.WARNING, logger="nonla.catalog"):
        refs = [e.ref for e in catalog.entries()]  # GET /v1/functions reads every card
        assert all(e.card.summary for e in catalog.entries())
    assert "vi.words@1" in refs and not [r for r in refs if r.startswith("demo.")]
    assert catalog.resolve("vi.words").source == "builtin"
    [(label, reason)] = catalog.unavailable().items()
    assert label == f"{entry} = {target.replace('MODULE', name)}" and why in reason
    with pytest.raises(UnknownFunction):
        catalog.resolve("demo.broken")
    warnings = [r for r in caplog.records if label in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    Catalog().entries()  # another catalogue in the same process (a CLI run, a worker) does not log it again
    assert len([r for r in caplog.records if label in r.getMessage()]) == 1


def test_a_good_plugin_beside_a_broken_one_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = """
        from pydantic import BaseModel
        from nonla.core.function import Card, Text, function

        class Input(BaseModel):
            text: Text

        class Output(BaseModel):
            text: str

        @function("demo.good", version=2, card=Card(summary="Good", metrics={"accuracy": 1.0}))
        def run(batch: list[Input], models) -> list[Output]:
            return [Output(text=i.text.upper()) for i in batch]
    """
    _plugin(tmp_path, monkeypatch, {"demo.good": "MODULE:run", "demo.gone@1": "no_such_module_for_nonla:run"}, good)
    catalog = Catalog()
    entry = catalog.resolve("demo.good")
    assert (entry.ref, entry.source) == ("demo.good@2", "plugin")
    assert list(catalog.unavailable()) == ["demo.gone@1 = no_such_module_for_nonla:run"]


def test_a_plugin_left_out_is_listed_over_rest_and_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient
    from rest_keys import bearer
    from typer.testing import CliRunner

    from nonla.api.app import create_app
    from nonla.cli import app as cli

    _plugin(tmp_path, monkeypatch, {"demo.gone@1": "no_such_module_here:run"})
    monkeypatch.setattr("nonla.core.catalog._default", None)  # the CLI's catalogue sees the plugin too
    with TestClient(create_app(Catalog()), raise_server_exceptions=False) as app:
        body = app.get("/v1/functions", headers=bearer("caller")).json()
    [left_out] = body["unavailable"]
    assert left_out["entry_point"].startswith("demo.gone@1") and "no_such_module_here" in left_out["reason"]
    said = CliRunner().invoke(cli, ["functions"])
    assert said.exit_code == 0 and "Plugin left out: demo.gone@1" in said.stderr, said.stderr

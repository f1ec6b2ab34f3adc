"""`nonla monitor ...` through typer's runner on the local store: baseline, summary, show, thresholds, alerts, ack."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nonla.cli import app
from nonla.core.runner import Runner
from nonla.monitoring.observe import monitor
from nonla.sources import catalog

from .conftest import MARKED, strip_marks

cli = CliRunner()


def _json(args: list[str]) -> object:
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_monitor_commands(baseline_file: Path, tmp_path: Path) -> None:
    made = cli.invoke(app, ["monitor", "baseline", "text.sentiment", "--from", str(baseline_file)])
    assert made.exit_code == 0 and f"{len(MARKED)} inputs (0 skipped)" in made.output, made.output
    runner = Runner(catalog(), observers=[monitor])
    for text in MARKED[:60]:
        runner.call("text.sentiment", [{"text": strip_marks(text)}])

    [row] = _json(["monitor", "summary", "--json"])  # type: ignore[misc]
    assert row["ref"] == "text.sentiment@1" and row["calls"] == 60 and row["status"] == "alert"
    table = cli.invoke(app, ["monitor", "summary"], env={"COLUMNS": "200"})
    assert "text.sentiment@1" in table.output and "alert" in table.output
    shown = _json(["monitor", "show", "text.sentiment", "--json"])
    assert shown["versions"][0]["input_psi_by_feature"]["plain_share"] > 1  # type: ignore[index]

    found = _json(["monitor", "alerts", "--open", "--json"])
    assert "input_drift" in {a["kind"] for a in found}  # type: ignore[union-attr]
    first = found[0]["id"]  # type: ignore[index]
    acked = cli.invoke(app, ["monitor", "ack", str(first)])
    assert acked.exit_code == 0 and f"Alert {first} acknowledged." in acked.output
    assert first not in {a["id"] for a in _json(["monitor", "alerts", "--open", "--json"])}  # type: ignore[union-attr]

    limits = _json(["monitor", "thresholds", "text.sentiment", "--psi", "0.5", "--window-minutes", "30"])
    assert limits["psi"] == 0.5 and limits["window_minutes"] == 30 and limits["error_rate"] == 0.05  # type: ignore[index]
    assert _json(["monitor", "thresholds", "text.sentiment"])["psi"] == 0.5  # type: ignore[index]


def test_monitor_bad_input_is_a_plain_error(tmp_path: Path) -> None:
    for args in (["monitor", "baseline", "text.sentiment", "--from", str(tmp_path / "missing.jsonl")],
                 ["monitor", "thresholds", "text.sentiment", "--psi", "-1"],
                 ["monitor", "show", "vi.nothing"], ["monitor", "ack", "42"]):  # fmt: skip
        result = cli.invoke(app, args)
        assert result.exit_code != 0 and "Traceback" not in result.output, args

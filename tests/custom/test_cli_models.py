"""`nonla train tabular` and `nonla models ...` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nonla.cli import app, main


def test_train_tabular_show_promote(tmp_path: Path, laws_table: bytes) -> None:
    data = tmp_path / "table.csv"
    data.write_bytes(laws_table)
    runner = CliRunner()
    trained = runner.invoke(app, ["train", "tabular", "--data", str(data), "--target", "law", "--name", "law_table"])
    assert trained.exit_code == 0, trained.output
    shown = runner.invoke(app, ["models", "show", "law_table@1"])
    assert shown.exit_code == 0 and json.loads(shown.output)["stage"] == "draft"
    promoted = runner.invoke(app, ["models", "promote", "law_table", "1", "--stage", "staging"])
    assert promoted.exit_code == 0 and json.loads(promoted.output)["stage"] == "staging"
    report = runner.invoke(app, ["models", "report", "law_table"])
    assert report.exit_code == 0 and json.loads(report.output)["calls"] == 0


def test_errors_are_plain_with_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (tmp_path / "model.joblib").write_bytes(b"\x80\x04K\x01.")
    (tmp_path / "schema.json").write_text("{}", encoding="utf-8")
    for argv, code in ((["models", "rollback", "nothing"], 3), (["models", "import", str(tmp_path / "model.joblib"),
                       "--schema", str(tmp_path / "schema.json"), "--name", "x"], 2),
                       (["train", "text-classifier", "--data", str(tmp_path / "none.csv"), "--name", "x"], 2)):  # fmt: skip
        monkeypatch.setattr("sys.argv", ["nonla", *argv])
        with pytest.raises(SystemExit) as exited:
            main()
        assert exited.value.code == code, argv
        assert "Traceback" not in capsys.readouterr().err


def test_ctrl_c_stops_training_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from nonla.cli_models import _with_progress

    def interrupted(progress):  # type: ignore[no-untyped-def]
        progress(0.3, "cross-validating tfidf: fold 2/5")
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as stopped:
        _with_progress(interrupted)
    assert stopped.value.exit_code == 130 and "no version was registered" in capsys.readouterr().err

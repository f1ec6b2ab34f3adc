"""Arguments the `nonla` command cannot use end in its error message and exit code (2 bad input, 3 not found),
never a traceback: output paths that are folders, ids beyond SQLite's integers, input nested too deeply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.test_cli import nonla


def refused(out: object, code: int) -> str:
    assert out.returncode == code, (out.stdout, out.stderr)  # type: ignore[attr-defined]
    assert "Traceback" not in out.stderr and "What to do" in out.stderr  # type: ignore[attr-defined]
    return str(out.stderr)  # type: ignore[attr-defined]


def test_paths_ids_and_inputs_the_command_cannot_use(nonla_home: Path, tmp_path: Path) -> None:
    good = tmp_path / "in.jsonl"
    good.write_text(json.dumps({"text": "Hà Nội"}) + "\n", encoding="utf-8")
    assert "is a folder" in refused(nonla("run", "vi.words", "-i", str(good), "-o", str(tmp_path), home=nonla_home), 2)
    assert "is a folder" in refused(nonla("audit", "export", "-o", str(tmp_path), home=nonla_home), 2)
    refused(nonla("inbox", "show", "9" * 30, home=nonla_home), 3)
    refused(nonla("review", "show", "9" * 30, home=nonla_home), 3)
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert "nested too deeply" in refused(nonla("run", "vi.words", "-i", str(deep), home=nonla_home), 2)
    digits = tmp_path / "digits.jsonl"
    digits.write_text('{"text": "x", "k": ' + "9" * 5000 + "}\n", encoding="utf-8")
    refused(nonla("inbox", "submit", str(digits), home=nonla_home), 2)


@pytest.mark.parametrize("args", [("run", "vi.words", "-t", "x", "--batch-size", "0"),
                                  ("collections", "search", "laws", "x", "-k", "9" * 30)])  # fmt: skip
def test_option_values_out_of_range_are_usage_errors(nonla_home: Path, args: tuple[str, ...]) -> None:
    out = nonla(*args, home=nonla_home)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr


def test_job_inputs_that_are_not_their_format(nonla_home: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\nHà Nội\n".encode() + "Hu\xe9\n".encode("latin-1"))
    parquet = tmp_path / "junk.parquet"
    parquet.write_bytes(b"PAR1 this is no parquet file")
    wide = tmp_path / "wide.csv"
    wide.write_text('text\n"' + "x" * 200_000 + '"\n', encoding="utf-8")
    for source, says in ((latin, "not UTF-8"), (parquet, "Parquet"), (wide, "CSV")):
        out = nonla("jobs", "run", "vi.words", "--input", str(source), "--output", str(tmp_path / "o.jsonl"),
                    home=nonla_home)  # fmt: skip
        assert says in refused(out, 2), source.name

"""CSV cells in and out of jobs: a text as long as a function takes is read (and a data subject's export reads back a
result cell of any size), a quote never closed is refused, and text cells a spreadsheet would run as formulas are
written with a single quote in front (numbers and JSONL results stay exact)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nonla.jobs
from nonla.cli import app
from nonla.governance import subjects
from nonla.jobs import formats, service

LONG = "xin chào " * 16_700  # 150,300 characters: past the csv module's default limit (131,072), within 200,000
RUN = CliRunner()


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_csv_input_with_a_long_text_is_read(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "long.csv", [["id", "text"], ["a", LONG], ["b", "Hà Nội"]])
    default = csv.field_size_limit()
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    assert (job["status"], job["done"], job["errors"]) == ("done", 2, 0), job
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "a" and rows[0]["output"]["words"][:2] == ["xin", "chào"]
    assert csv.field_size_limit() == default, "the csv module's limit is only raised while a job's reader parses"


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolon", "tab"])
def test_a_csv_saved_with_another_separator_is_read(tmp_path: Path, separator: str) -> None:
    """Excel set to Vietnamese regional settings saves CSV with ';' (and a byte-order mark, and CRLF)."""
    lines = [f"id{separator}text", f"1{separator}Xin chào Hà Nội", f'2{separator}"Tòa án{separator} nhân dân"']
    source = tmp_path / "excel.csv"
    source.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    assert (job["status"], job["done"], job["errors"]) == ("done", 2, 0), job
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["1", "2"] and rows[1]["output"]["words"][0] == "Tòa án", rows


def test_the_cli_reads_a_long_csv_text(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "long.csv", [["text"], [LONG]])
    ran = RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(tmp_path / "o.jsonl"), "-w", "1"])
    assert ran.exit_code == 0 and "Done: 1 results" in ran.output, (ran.output, ran.exception)


def test_a_quote_never_closed_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "open.csv"
    source.write_text('text\nHà Nội\n"never closed\n' + "x" * 1000 + "\nHuế\n", encoding="utf-8")
    with pytest.raises(csv.Error, match="never closed: it runs from line 3"):
        service.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    assert service.list_jobs() == []
    lenient = _write_csv(tmp_path / "ok.csv", [["text"], ["a"]])
    lenient.write_text('text\n"Hà" Nội\n', encoding="utf-8")  # read leniently, as before: the quote is kept
    with lenient.open(encoding="utf-8", newline="") as handle:
        assert [r["text"] for r in formats.csv_rows(handle)] == ["Hà Nội"]


def test_a_subjects_export_reads_a_csv_result_cell_past_the_default_limit(database: str) -> None:
    source = service.jobs_dir() / "uploads" / "long.jsonl"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(json.dumps({"text": LONG}, ensure_ascii=False) + "\n", encoding="utf-8")
    job = nonla.jobs.submit("vi.words", source, None, output_format="csv", workers=1, subject_id="cccd-csv")
    assert job["status"] == "done", job
    cell = Path(job["output"]["path"]).read_text(encoding="utf-8").splitlines()[1]
    assert len(cell) > 131_072
    [exported] = subjects.export("cccd-csv")["jobs"]
    assert json.loads(exported["results"][0]["words"])[:1] == ["xin"]
    exported_cli = RUN.invoke(app, ["subjects", "export", "cccd-csv"])
    assert exported_cli.exit_code == 0, (exported_cli.output, exported_cli.exception)


def test_csv_results_neutralise_formulas_but_not_numbers(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    items = [{"id": "=1+2", "text": "=HYPERLINK(\"http://x\")"}, {"id": -7, "text": "@SUM(1)"},
             {"id": "+84", "text": "-5"}, {"id": "\tx", "text": "Hà Nội"}]  # fmt: skip
    source.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    nonla.jobs.submit("vi.normalize", source, tmp_path / "out.csv", workers=1)
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        got = list(csv.DictReader(handle))
    assert [r["id"] for r in got] == ["'=1+2", "-7", "'+84", "'\tx"]  # -7 is a number: written as it is
    assert [r["text"] for r in got] == ['\'=HYPERLINK("http://x")', "'@SUM(1)", "'-5", "Hà Nội"]
    assert not any(cell.startswith(formats.FORMULA_STARTS) for row in got for cell in row.values() if cell != "-7")
    nonla.jobs.submit("vi.normalize", source, tmp_path / "out.jsonl", workers=1)
    exact = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in exact] == ["=1+2", -7, "+84", "\tx"]
    assert [r["output"]["text"] for r in exact] == ['=HYPERLINK("http://x")', "@SUM(1)", "-5", "Hà Nội"]


def test_numbers_in_csv_results_are_never_quoted() -> None:
    data = formats.encode_rows("csv", [{"index": 0, "output": {"score": -0.25, "n": -3, "ok": True}}],
                               ["score", "n", "ok"]).decode()  # fmt: skip
    assert data == "0,,,,,-0.25,-3,True\n"

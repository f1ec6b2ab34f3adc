"""A batch job tagged with a data subject in the CLI (``--subject``) is part of ``nonla subjects export/erase``:
its record, the results it wrote under the jobs folder, and nothing of another person's job."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nonla.cli import app
from nonla.governance import audit
from nonla.jobs import service

RUN = CliRunner()


def test_cli_jobs_of_a_subject_are_exported_and_erased(database: str, tmp_path: Path) -> None:
    source = tmp_path / "don.jsonl"
    source.write_text(json.dumps({"text": "Ông Lê Văn Tám, 5 Hai Bà Trưng"}, ensure_ascii=False) + "\n", "utf-8")
    kept, elsewhere = service.jobs_dir() / "cua-tam.jsonl", tmp_path / "khac.jsonl"
    tagged = RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(kept), "-w", "1",
                              "--subject", " cccd-8 "])  # fmt: skip
    assert tagged.exit_code == 0, tagged.output
    assert (
        RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(elsewhere), "-w", "1"]).exit_code == 0
    )
    too_long = RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(tmp_path / "x.jsonl"),
                                "--subject", "x" * 201])  # fmt: skip
    assert too_long.exit_code != 0 and "at most 200 characters" in f"{too_long.output} {too_long.exception}"

    exported = RUN.invoke(app, ["subjects", "export", "cccd-8"])
    assert exported.exit_code == 0, exported.output
    [job] = json.loads(exported.output)["jobs"]
    assert job["results"][0]["output"]["words"][0] == "Ông"
    assert job["inputs"] == []  # the input file is the user's own, outside the jobs folder: named, not copied
    assert job["input"]["ref"] == str(source.resolve())

    erased = RUN.invoke(app, ["subjects", "erase", "cccd-8", "--yes"])
    assert erased.exit_code == 0, erased.output
    counts = json.loads(erased.output)["erased"]
    assert (counts["jobs"], counts["job_files"]) == (1, 1)
    assert not kept.exists() and elsewhere.exists() and source.exists()
    assert [j["status"] for j in service.list_jobs()] == ["done"]  # the untagged job stays
    [row] = [r for r in audit.export(action="subject.erase") if r["detail"]["store"] == "jobs"]
    assert row["detail"]["counts"] == {"jobs": 1, "job_files": 1} and "cccd-8" not in json.dumps(row)


def test_erasing_a_subject_leaves_another_jobs_results_it_read(tmp_path: Path) -> None:
    """A tagged job whose input is another job's results (under the jobs folder too) takes its own results with it
    when its subject is erased, and leaves the other job's file where it was."""
    source = tmp_path / "don.jsonl"
    source.write_text(json.dumps({"text": "Phản ánh về đèn đường"}, ensure_ascii=False) + "\n", "utf-8")
    results = service.jobs_dir() / "truoc.jsonl"
    first = RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(results), "-w", "1"])
    assert first.exit_code == 0 and results.is_file(), first.output
    mine = service.jobs_dir() / "cua-9.jsonl"
    tagged = RUN.invoke(app, ["jobs", "run", "vi.normalize", "-i", str(results), "-o", str(mine), "-w", "1",
                              "--subject", "cccd-9"])  # fmt: skip
    assert tagged.exit_code == 0, tagged.output
    erased = RUN.invoke(app, ["subjects", "erase", "cccd-9", "--yes"])
    assert erased.exit_code == 0 and json.loads(erased.output)["erased"]["jobs"] == 1, erased.output
    assert results.is_file(), "the earlier job's results are not the subject's job's to delete"
    assert not mine.exists()


def test_what_the_review_queue_keeps_of_a_subjects_job_goes_with_the_subject(tmp_path: Path) -> None:
    from nonla import review

    review.set_policy("vi.words", always=True)
    source = tmp_path / "don.jsonl"
    source.write_text(json.dumps({"text": "Ông Lê Văn Tám"}, ensure_ascii=False) + "\n", "utf-8")
    done = RUN.invoke(app, ["jobs", "run", "vi.words", "-i", str(source), "-o", str(tmp_path / "out.jsonl"), "-w", "1",
                            "--subject", "cccd-5"])  # fmt: skip
    assert done.exit_code == 0, done.output
    [item] = review.items()
    assert item["subject_id"] == "cccd-5"
    erased = RUN.invoke(app, ["subjects", "erase", "cccd-5", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert review.items() == []

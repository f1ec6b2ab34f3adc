"""Every input format (JSONL, CSV, Parquet, a collection's parts) and the Python surface, on both databases."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import nonla.jobs
from nonla.core.errors import Conflict, InvalidInput, NotFound, UnknownFunction
from nonla.jobs import service

TEXTS = ["Tòa án nhân dân tối cao", "", "Ong Nguyen Van A o Ha Noi"]


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_parquet_and_collection_inputs(database: str, tmp_path: Path) -> None:
    table = tmp_path / "in.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text", "note"])  # 'note' is no input of vi.words: left out; 'id' travels along
        writer.writerows([[f"r{i}", text, "x"] for i, text in enumerate(TEXTS)])
    from_csv = nonla.jobs.submit("vi.words", table, tmp_path / "csv.jsonl", workers=1)
    assert (from_csv["status"], from_csv["done"], from_csv["errors"]) == ("done", 3, 1)
    got = rows(tmp_path / "csv.jsonl")
    assert [r["id"] for r in got] == ["r0", "r1", "r2"] and got[1]["error"]["code"] == "invalid_input"

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": [t or "x" for t in TEXTS]}), tmp_path / "in.parquet")
    from_parquet = nonla.jobs.submit("vi.words", tmp_path / "in.parquet", tmp_path / "pq.jsonl", workers=1)
    assert (from_parquet["done"], from_parquet["errors"]) == (3, 0)
    # a timestamp column (nanoseconds: no Python datetime holds it) reaches the function as ISO text
    stamped = pa.table({"text": ["Hà Nội"], "received": pa.array([1_700_000_000_000_000_001], pa.timestamp("ns"))})
    pq.write_table(stamped, tmp_path / "stamped.parquet")
    assert nonla.jobs.submit("vi.words", tmp_path / "stamped.parquet", tmp_path / "st.jsonl", workers=1)["done"] == 1

    from nonla.collections.service import add, create

    create("notes")
    add("notes", [{"id": "a", "text": "Điều 1. Phạm vi điều chỉnh"}, {"id": "b", "text": "Công dân có quyền"}])
    parts = nonla.jobs.submit("vi.words", "notes", tmp_path / "parts.jsonl", input_format="collection", workers=1)
    assert parts["done"] == parts["total"] >= 2
    assert all("key" in r and "output" in r for r in rows(tmp_path / "parts.jsonl"))

    assert [j["id"] for j in nonla.jobs.list_jobs()][:1] == [parts["id"]]
    assert nonla.jobs.status(parts["id"])["rate"] > 0
    with pytest.raises(Conflict):
        nonla.jobs.resume(parts["id"])
    with pytest.raises(Conflict):
        nonla.jobs.cancel(parts["id"])


def test_background_run_and_bad_submissions(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t or "x"}) + "\n" for t in TEXTS * 20), encoding="utf-8")
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1, wait=False, chunk_size=7)
    for _ in range(400):
        if nonla.jobs.status(job["id"])["status"] == "done":
            break
        import time

        time.sleep(0.05)
    assert nonla.jobs.status(job["id"])["done"] == 60
    cases = [
        (lambda: service.submit("vi.nothing", source, tmp_path / "a.jsonl"), UnknownFunction),
        (lambda: service.submit("vi.words", tmp_path / "missing.jsonl", tmp_path / "a.jsonl"), NotFound),
        (lambda: service.submit("vi.words", source, tmp_path / "out.jsonl"), Conflict),  # exists already
        (lambda: service.submit("vi.words", source, source, overwrite=True), InvalidInput),
        (lambda: service.submit("vi.words", source, tmp_path / "a.xml"), InvalidInput),
        (lambda: service.submit("vi.words", source, tmp_path / "no" / "a.jsonl"), NotFound),
        (lambda: service.submit("vi.words", source, tmp_path / "a.jsonl", executor="ray"), InvalidInput),
        (lambda: service.submit("vi.words", source, tmp_path / "a.jsonl", chunk_size=0), InvalidInput),
        (lambda: service.submit("vi.words", "nope", tmp_path / "a.jsonl", input_format="collection"), NotFound),
        (lambda: service.status("nope"), NotFound),
    ]
    for call, error in cases:
        with pytest.raises(error):
            call()


def test_jsonl_files_with_a_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "bom.jsonl"
    source.write_text("\ufeff" + "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS[:1] * 2),
                      encoding="utf-8")  # fmt: skip
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    assert (job["status"], job["errors"]) == ("done", 0), job
    from nonla.inbox.files import read_jsonl

    assert [m["text"] for m in read_jsonl(source)] == TEXTS[:1] * 2


@pytest.mark.parametrize("output", ["out.csv", "out.parquet"])
def test_csv_and_parquet_results_keep_each_inputs_id(tmp_path: Path, output: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False) + "\n"
                              for i, t in enumerate(TEXTS)), encoding="utf-8")  # fmt: skip
    nonla.jobs.submit("vi.words", source, tmp_path / output, workers=1)
    if output.endswith(".csv"):
        with (tmp_path / output).open(encoding="utf-8", newline="") as handle:
            ids = [row["id"] for row in csv.DictReader(handle)]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(tmp_path / output).column("id").to_pylist()
    assert ids == ["r0", "r1", "r2"]


def test_a_chunk_never_exceeds_the_servers_batch_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk is one call of the function: with NONLA_MAX_BATCH_ITEMS below the chunk size every chunk would be
    refused, the job failing at its first chunk and again at each resume."""
    monkeypatch.setenv("NONLA_MAX_BATCH_ITEMS", "10")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"xin chào {i}"}) + "\n" for i in range(25)), encoding="utf-8")
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1, chunk_size=256)
    assert (job["status"], job["done"], job["errors"]) == ("done", 25, 0), job


def test_a_parquet_cell_that_is_not_utf8_fails_its_row_and_whole_float_ids_stay(tmp_path: Path) -> None:
    """One string cell a writer stored unvalidated failed the whole job (and every resume); ids pandas wrote as
    floats (an integer column with a gap) were dropped from the results."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [1.0, 2.0, None], "text": ["xin chào " * 50, "Hà Nội " * 50, "Tòa án " * 50]})
    pq.write_table(table, tmp_path / "ok.parquet", compression="NONE")
    raw = bytearray((tmp_path / "ok.parquet").read_bytes())
    at = raw.find("Hà Nội".encode())
    raw[at : at + 200] = b"\xff" * 200  # the second row's text is no longer UTF-8
    (tmp_path / "bad.parquet").write_bytes(bytes(raw))
    job = nonla.jobs.submit("vi.words", tmp_path / "ok.parquet", tmp_path / "ok.jsonl", workers=1)
    rows = [json.loads(line) for line in (tmp_path / "ok.jsonl").read_text(encoding="utf-8").splitlines()]
    assert job["status"] == "done" and [row.get("id") for row in rows] == [1, 2, None], rows
    job = nonla.jobs.submit("vi.words", tmp_path / "bad.parquet", tmp_path / "out.jsonl", workers=1)
    assert (job["status"], job["done"], job["errors"]) == ("done", 3, 1), job
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[1]["error"]["code"] == "invalid_utf8" and "Row 2" in rows[1]["error"]["message"], rows[1]
    assert rows[0]["output"]["words"][:2] == ["xin", "chào"] and rows[2]["output"]["words"][0] == "Tòa án"

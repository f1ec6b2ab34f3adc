"""What a job reads (JSONL, CSV, Parquet, a collection's parts) and how its results are written (JSONL, CSV, Parquet).

Readers count the items once and then stream them from any position, so a resumed job reads on from its checkpoint.
A line that is not JSON is an item of its own that carries an ``invalid_json`` error; it never stops the job.

Results are one row per input item, in input order: ``{"index": i, "output": {...}}`` or
``{"index": i, "error": {"code": ..., "message": ..., "hint"?: ..., "details"?: ...}}`` (the body of a REST batch
row; or ``"held"``: a result a required review policy holds
back, with its review item's id), with the input's ``id`` (and a collection part's ``key``)
when it has one. CSV flattens that into ``index, id, key, error_code, error_message`` and one column per output
field (non-scalar values as JSON); Parquet is written from the same rows when the job ends
(a Parquet file cannot be appended to, so its rows are checkpointed as JSONL beside it until then).

A CSV result is meant to be opened in a spreadsheet, which would run a text cell beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula: such a cell is written with a single quote in front (OWASP's
advice against CSV injection). Numbers are written as they are, and JSONL and Parquet hold every value exactly.
CSV files are read with a field limit of ``CSV_FIELD_LIMIT`` (the csv module's own default, 131,072 characters, is
below a single text a function takes).

>>> encode_rows("csv", [{"index": 0, "output": {"words": ["xin", "chào"]}}], ["words"], header=True).decode()
'index,id,key,error_code,error_message,words\\n0,,,,,"[""xin"", ""chào""]"\\n'
>>> encode_rows("csv", [{"index": 1, "id": "=1+2", "output": {"label": "@SUM(1)", "score": -0.5}}], ["label", "score"]).decode()
"1,'=1+2,,,,'@SUM(1),-0.5\\n"
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidEncoding, InvalidInput, InvalidJSON, NotFound
from nonla.core.strict_json import loads

INPUTS = ("jsonl", "csv", "parquet", "collection")
OUTPUTS = ("jsonl", "csv", "parquet")
Item = dict[str, Any] | InvalidInput  # an input, or the error that replaces an unreadable one
# The largest CSV cell read back: a result cell is one item's whole output as JSON (a text of up to 200,000
# characters can give several times that), so no smaller bound holds; 2**31 - 1 is the most the csv module takes
# on every platform (a C long). Raised only while these readers parse (the limit is the csv module's, shared by the
# whole process), so the other CSV readers of the project keep the default.
CSV_FIELD_LIMIT = 2**31 - 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a text cell as a formula
_LIMIT = threading.RLock()


def kind_of(path: str | Path) -> str:
    """The format named by a file's suffix.

    >>> kind_of("in.ndjson"), kind_of("out.CSV"), kind_of("x.parquet")
    ('jsonl', 'csv', 'parquet')
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    found = {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv", "parquet": "parquet", "pq": "parquet"}
    if suffix not in found:
        raise InvalidInput(
            f"Cannot tell the format of '{path}' from its suffix.",
            hint="Name files .jsonl, .csv or .parquet (or pass --input-format / --output-format).",
        )
    return found[suffix]


def check_input(kind: str, ref: str) -> None:
    if kind not in INPUTS:
        raise InvalidInput(f"Unknown input format '{kind}'.", hint=f"Use one of: {', '.join(INPUTS)}.")
    if kind != "collection" and not Path(ref).is_file():
        raise NotFound(f"There is no input file at {ref}.", hint="Check the path given as the job's input.")


def _jsonl(path: str) -> Iterator[Item]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:  # the first line may start with a byte-order mark (Windows editors write one); CSV allows it too
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InvalidEncoding(f"Line {number} is not UTF-8 (byte {exc.start}).")
                continue
            if not line.strip():
                continue
            try:
                value = loads(line)
            except json.JSONDecodeError as exc:
                yield InvalidJSON(
                    f"Line {number} is not valid JSON ({exc.msg}).", hint="Write one JSON object per line."
                )
                continue
            yield value if isinstance(value, dict) else InvalidJSON(f"Line {number} is not a JSON object.")


def csv_rows(lines: Iterable[str], delimiter: str = ",") -> Iterator[dict[str, str | None]]:
    """``csv.DictReader`` over ``lines`` with cells of up to ``CSV_FIELD_LIMIT`` characters: what job inputs and
    a data subject's export of CSV results are read with. A quote never closed (it would take the rest of the file
    as one cell) is a ``csv.Error``, as a cell past the limit is.

    >>> [row["text"] for row in csv_rows(["text\\n", '"' + "a" * 150_000 + '"\\n'])] == ["a" * 150_000]
    True
    >>> list(csv_rows(["text\\n", "xin\\n", '"never closed\\n', "chào\\n"]))
    Traceback (most recent call last):
    ...
    _csv.Error: a quoted cell is never closed: it runs from line 3 to the end of the file
    """
    record: list[str] = []  # the lines of the record being read, to check the last one

    def source() -> Iterator[str]:
        for line in lines:
            record.append(line)
            yield line

    reader = csv.DictReader(source(), delimiter=delimiter)
    last: list[str] = []
    while True:
        with _LIMIT:  # a row is parsed under the raised limit; the default is back before anyone else reads
            previous = csv.field_size_limit(CSV_FIELD_LIMIT)
            try:
                row = next(reader, None)
                if row is None:
                    _closed(last, reader.line_num - len(record) - len(last) + 1, delimiter)
            finally:
                csv.field_size_limit(previous)
        if row is None:
            return
        last = record[:]
        record.clear()
        yield row


def _closed(record: list[str], first_line: int, delimiter: str) -> None:
    """Raise if the file's last record ends inside a quoted cell (read leniently, it would swallow the rest)."""
    try:
        for _ in csv.reader(record, strict=True, delimiter=delimiter):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            reason = f"a quoted cell is never closed: it runs from line {first_line} to the end of the file"
            raise csv.Error(reason) from None


def delimiter_of(header: str) -> str:
    """The separator of a CSV file, read from its header: Excel set to Vietnamese (or most European) regional
    settings saves ';', some exports a tab. Column names are plain words, so the candidate that splits the header
    most is the separator; a comma when none does (one column) or on a tie.

    >>> delimiter_of("id;text\\r\\n"), delimiter_of("text\\n"), delimiter_of("id\\ttext\\n"), delimiter_of('id,"a;b"\\n')
    (';', ',', '\\t', ',')
    """
    counts = {candidate: header.count(candidate) for candidate in (",", ";", "\t")}
    best = max(counts, key=lambda candidate: counts[candidate])  # the first of a tie: the comma
    return best if counts[best] else ","


def _csv(path: str) -> Iterator[Item]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        for row in csv_rows(itertools.chain([header] if header else [], handle), delimiter_of(header)):
            # empty cells are absent fields (the function's defaults apply), not empty strings
            yield {key: value for key, value in row.items() if key and value not in (None, "")}


def _parquet(path: str) -> Iterator[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    first = 0  # the row number of the batch's first row
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        # JSON has no dates: a date, time or timestamp column reaches the function as text ("2023-11-14
        # 22:13:20.123456789"), as it would from a CSV; a nanosecond timestamp cannot even become a datetime
        for i, field in enumerate(batch.schema):
            if pa.types.is_timestamp(field.type) or pa.types.is_date(field.type) or pa.types.is_time(field.type):
                batch = batch.set_column(i, field.name, batch.column(i).cast(pa.string()))
        try:
            yield from batch.to_pylist()
        except UnicodeDecodeError:  # a string cell that is not UTF-8 (a writer that skipped validation)
            yield from _rows_one_by_one(batch, first)
        first += batch.num_rows


def _rows_one_by_one(batch: Any, first: int) -> Iterator[Item]:
    """The batch's rows, a row whose text is not UTF-8 as its own error item, as a JSONL line's is: the rest of
    the batch runs, and a resume does not fail on it again."""
    for i in range(batch.num_rows):
        try:
            yield batch.slice(i, 1).to_pylist()[0]
        except UnicodeDecodeError as exc:
            yield InvalidEncoding(f"Row {first + i + 1} holds text that is not UTF-8 (byte {exc.start}).")


def _parts(name: str, tenant: str, after: int = 0, upto: int | None = None) -> Iterator[Item]:
    """The collection's parts in id order, after part id ``after`` and up to ``upto`` (the highest id when the job
    was submitted: documents added since are not the job's). Each item carries its part id (``_part``) so the job
    can record where it is: positions shift when a document is added, replaced or deleted, ids do not."""
    from sqlalchemy import select

    from nonla.collections.service import collection_row
    from nonla.store.db import session
    from nonla.store.schema import Part

    with session() as s:
        collection_id = collection_row(s, name, tenant).id
    last = after
    while True:  # keyset pages: a long job never holds one read transaction open
        query = select(Part.id, Part.key, Part.text).where(Part.collection_id == collection_id, Part.id > last)
        if upto is not None:
            query = query.where(Part.id <= upto)
        with session() as s:
            rows = s.execute(query.order_by(Part.id).limit(1000)).all()
        if not rows:
            return
        for part_id, key, text in rows:
            yield {"text": text, "_key": key, "_part": part_id}
        last = rows[-1][0]


def last_part(name: str, tenant: str) -> int:
    """The highest part id of the collection now (0 when it has none): where a job submitted now stops reading."""
    from sqlalchemy import func, select

    from nonla.collections.service import collection_row
    from nonla.store.db import session
    from nonla.store.schema import Part

    with session() as s:
        collection_id = collection_row(s, name, tenant).id
        return int(s.scalar(select(func.max(Part.id)).where(Part.collection_id == collection_id)) or 0)


def read(kind: str, ref: str, tenant: str = "default", start: int = 0, *, after: int | None = None,
         upto: int | None = None) -> Iterator[Item]:  # fmt: skip
    """The items from position ``start`` on; a collection's from the part after id ``after`` when it is given
    (position ``start`` is then already behind it), up to part id ``upto``."""
    check_input(kind, ref)
    source = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}.get(kind)
    if source is None and after is not None:
        return _parts(ref, tenant, after, upto)
    items = _parts(ref, tenant, upto=upto) if source is None else source(ref)
    return itertools.islice(items, start, None)


def count(kind: str, ref: str, tenant: str = "default", upto: int | None = None) -> int:
    if kind == "parquet":
        import pyarrow.parquet as pq

        check_input(kind, ref)
        return int(pq.ParquetFile(ref).metadata.num_rows)
    return sum(1 for _ in read(kind, ref, tenant, upto=upto))


def staging_path(output_format: str, output_path: str) -> str:
    """Where rows are appended while the job runs: the output itself, except for Parquet."""
    return output_path + ".rows.jsonl" if output_format == "parquet" else output_path


def encode_rows(output_format: str, rows: list[dict[str, Any]], fields: list[str], header: bool = False) -> bytes:
    """The bytes one chunk's rows add to the (staging) output."""
    if output_format != "csv":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(["index", "id", "key", "error_code", "error_message", *fields])
    for row in rows:
        error, output = _error_of(row), row.get("output") or {}
        cells = [_cell(output.get(name)) for name in fields]
        writer.writerow([row["index"], _cell(row.get("id")), _cell(row.get("key")), error.get("code", ""),
                         _cell(error.get("message", "")), *cells])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _error_of(row: dict[str, Any]) -> dict[str, Any]:
    """The row's error; a result held back for review reads as one in the flat formats (it has no output yet)."""
    if "held" in row:
        return {"code": "held_for_review", "message": f"Held until a reviewer decides review item {row['held']['review_id']}."}
    return row.get("error") or {}


def _cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a single quote in front; numbers stay.

    >>> [_cell(v) for v in ("=1+2", "-x", "\\tx", "xin chào", -3, 2.5, None, ["=a"])]
    ["'=1+2", "'-x", "'\\tx", 'xin chào', -3, 2.5, '', '["=a"]']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)


def append_durably(path: str, data: bytes, offset: int) -> int:
    """Write ``data`` at ``offset`` (cutting off anything after it: an uncommitted tail), fsync, return the new end."""
    flags = os.O_WRONLY | os.O_CREAT
    descriptor = os.open(path, flags, 0o644)
    try:
        os.ftruncate(descriptor, offset)
        os.lseek(descriptor, offset, os.SEEK_SET)
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return offset + len(data)


def finish(output_format: str, output_path: str) -> None:
    """Turn the checkpointed rows into the final file (Parquet only; JSONL and CSV are final as written)."""
    if output_format != "parquet":
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    staging = staging_path(output_format, output_path)
    if not os.path.exists(staging) and os.path.exists(output_path):
        return  # finished before a crash, which came before the job's row said so
    rows = []
    with open(staging, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            error = _error_of(row)
            rows.append({"index": row["index"], "id": None if row.get("id") is None else str(row["id"]),
                         "key": row.get("key"), "error_code": error.get("code"), "error_message": error.get("message"),
                         "output": json.dumps(row["output"], ensure_ascii=False) if "output" in row else None})  # fmt: skip
    schema = pa.schema([("index", pa.int64()), ("id", pa.string()), ("key", pa.string()), ("error_code", pa.string()),
                        ("error_message", pa.string()), ("output", pa.string())])  # fmt: skip
    partial = output_path + ".partial"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), partial)
    os.replace(partial, output_path)  # atomic: a crash here leaves the staging rows, and finishing again is safe
    os.remove(staging)

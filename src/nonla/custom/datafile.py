"""Reading a training CSV: UTF-8 (with or without BOM), a header row, clear errors for what is wrong with it.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
>>> _ = path.write_text("text,label\\nxin chào,a\\n", encoding="utf-8")
>>> read_rows(path, ["text", "label"])
[{'text': 'xin chào', 'label': 'a'}]
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from nonla.core.errors import InvalidEncoding, InvalidInput

MAX_ROWS = 200_000
# A tabular model takes at most this many input columns (LightGBM and the card's schema are fine with it; wider
# tables are nearly always an export gone wrong). Text classifiers read two columns whatever the file holds.
MAX_COLUMNS = 1_000
# Every kept row holds one cell per kept column, even where the row is short: rows x kept columns is what training
# holds in memory (a cell costs about 30 bytes before its text), so it is bounded apart from the file's size.
MAX_CELLS = 5_000_000
# Commas in one record (before csv splits it into a list of fields): bounds what a single absurd line can allocate.
MAX_RECORD_COMMAS = 100_000


class TrainingFileTooLarge(InvalidInput):
    """The training file is readable but wider or longer than training here takes (refused before it is loaded)."""

    code = "training_file_too_large"
    default_hint = "Keep only the columns the model needs and at most the allowed number of rows (sample the rest)."


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_rows(data: bytes, required: list[str], all_columns: bool = True) -> list[dict[str, str]]:
    """Rows as {column: stripped text}: every header column, or with ``all_columns=False`` only ``required`` ones.

    The file is read one record at a time and refused as soon as it is too wide or too long, before its rows are
    built: a short row gets an empty cell for each missing column, so a wide header over many short rows would
    otherwise cost far more memory than the file's size.

    >>> parse_rows(b"a,b,c\\n1,2,3\\n4\\n", ["a"]), parse_rows(b"a,b,c\\n1,2,3\\n", ["c"], all_columns=False)
    ([{'a': '1', 'b': '2', 'c': '3'}, {'a': '4', 'b': '', 'c': ''}], [{'c': '3'}])
    >>> parse_rows(("," * 1_000 + "x\\n").encode(), ["x"])
    Traceback (most recent call last):
    ...
    nonla.custom.datafile.TrainingFileTooLarge: The training file has 1,001 columns; the limit is 1,000.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The training file is not UTF-8 text (byte {exc.start}).",
                              hint="Save it as UTF-8 CSV; convert legacy TCVN3/VNI text with vi.normalize.") from None  # fmt: skip
    commas = [0]  # in the record csv is reading now: lines are handed to it one by one, and counted first
    header_read = [False]

    def lines() -> Iterator[str]:
        for line in io.StringIO(text):
            commas[0] += line.count(",")
            if commas[0] > MAX_RECORD_COMMAS:
                where = "its header" if not header_read[0] else f"line {reader.line_num + 1:,}"
                raise TrainingFileTooLarge(f"The training file has too many columns: {where} holds more than "
                                           f"{MAX_RECORD_COMMAS:,} commas; the limit is {MAX_COLUMNS:,} columns.",
                                           field="data")  # fmt: skip
            yield line

    # csv's field size limit is process-wide (batch jobs read CSVs in the same server), so it is left as it is
    reader = csv.reader(lines())
    rows: list[dict[str, str]] = []
    try:
        columns: list[str] = []
        for columns in reader:  # blank lines before the header are skipped (csv.DictReader took one as the header)
            commas[0] = 0
            if columns:
                break
        header_read[0] = True
        if len(columns) > MAX_COLUMNS:
            raise TrainingFileTooLarge(f"The training file has {len(columns):,} columns; the limit is "
                                       f"{MAX_COLUMNS:,}.", field="data")  # fmt: skip
        missing = [c for c in required if c not in columns]
        if missing:
            raise InvalidInput(f"The training file has no column {', '.join(repr(c) for c in missing)}; "
                               f"its columns: {', '.join(columns) or '(none)'}.", field="data")  # fmt: skip
        # as csv.DictReader: a repeated column name keeps its last cell; cells past the header are ignored
        kept = {c: i for i, c in enumerate(columns) if all_columns or c in required}
        max_rows = min(MAX_ROWS, MAX_CELLS // max(1, len(kept)))
        for record in reader:
            commas[0] = 0
            if not record:  # a blank line is no row
                continue
            if len(rows) == max_rows:
                raise _too_long(max_rows, len(kept))
            rows.append({c: record[i].strip() if i < len(record) else "" for c, i in kept.items()})
    except csv.Error as exc:
        raise InvalidInput(f"The training file is not readable CSV (line {reader.line_num}: {exc}).", field="data",
                           hint="Check for a quote that is never closed, or a field over 131,072 characters.") from None  # fmt: skip
    return rows


def _too_long(max_rows: int, columns: int) -> TrainingFileTooLarge:
    if max_rows == MAX_ROWS:
        return TrainingFileTooLarge(f"The training file has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.",
                                    field="data")  # fmt: skip
    return TrainingFileTooLarge(f"The training file has more than {max_rows:,} rows of {columns:,} columns; the "
                                f"limit is {MAX_CELLS:,} cells (rows x columns).", field="data",
                                hint="Drop the columns the model does not need, or sample fewer rows.")  # fmt: skip


def read_bytes(path: Path) -> bytes:
    """A training file's bytes, or a clear error naming the path."""
    if not Path(path).is_file():
        raise InvalidInput(f"There is no file {path}.", field="data")
    return Path(path).read_bytes()


def read_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    return parse_rows(read_bytes(path), required)

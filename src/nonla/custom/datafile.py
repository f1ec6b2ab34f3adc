"""Reading a training CSV: UTF-8 (with or without BOM), a header row, clear errors for what is wrong with it; and
the rows a model is measured on: duplicates dropped, a held-out split that keeps one text on one side.

Text is read in Unicode NFC (macOS and Word export NFD, which looks the same and compares different), so a label,
a column name or a text is one thing whichever form it was typed in. Commas, semicolons (Excel in a Vietnamese or
European locale), tabs and bars separate columns; any line ending (Excel for Mac writes CR alone) ends a line.

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
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nonla.core.errors import InvalidEncoding, InvalidInput

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

MAX_ROWS = 200_000
# A tabular model takes at most this many input columns (LightGBM and the card's schema are fine with it; wider
# tables are nearly always an export gone wrong). Text classifiers read two columns whatever the file holds.
MAX_COLUMNS = 1_000
# Every kept row holds one cell per kept column, even where the row is short: rows x kept columns is what training
# holds in memory (a cell costs about 30 bytes before its text), so it is bounded apart from the file's size.
MAX_CELLS = 5_000_000
# Commas in one record (before csv splits it into a list of fields): bounds what a single absurd line can allocate.
MAX_RECORD_COMMAS = 100_000
DELIMITERS = ",;\t|"
# Enough lines for csv.Sniffer to see a delimiter used the same way on each of them.
SNIFF_CHARS = 20_000


class TrainingFileTooLarge(InvalidInput):
    """The training file is readable but wider or longer than training here takes (refused before it is loaded)."""

    code = "training_file_too_large"
    default_hint = "Keep only the columns the model needs and at most the allowed number of rows (sample the rest)."


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def column_name(name: str) -> str:
    """A column name as a header cell is matched: NFC, without surrounding spaces.

    >>> column_name(" N\\u00f4\\u0323i dung ") == "Nội dung"
    True
    """
    return unicodedata.normalize("NFC", name.strip())


def parse_rows(data: bytes, required: list[str], all_columns: bool = True) -> list[dict[str, str]]:
    """Rows as {column: stripped text}: every header column, or with ``all_columns=False`` only ``required`` ones.

    Columns are named by ``column_name`` of their header cell, so callers look them up by ``column_name`` too.
    The file is read one record at a time and refused as soon as it is too wide or too long, before its rows are
    built: a short row gets an empty cell for each missing column, so a wide header over many short rows would
    otherwise cost far more memory than the file's size.

    >>> parse_rows(b"a,b,c\\n1,2,3\\n4\\n", ["a"]), parse_rows(b"a,b,c\\n1,2,3\\n", ["c"], all_columns=False)
    ([{'a': '1', 'b': '2', 'c': '3'}, {'a': '4', 'b': '', 'c': ''}], [{'c': '3'}])
    >>> parse_rows(b"text ;label\\rxin ch\\xc3\\xa0o;a\\r", ["text", "label"])
    [{'text': 'xin chào', 'label': 'a'}]
    >>> parse_rows(("," * 1_000 + "x\\n").encode(), ["x"])
    Traceback (most recent call last):
    ...
    nonla.custom.datafile.TrainingFileTooLarge: The training file has 1,001 columns; the limit is 1,000.
    """
    text = _decoded(data)
    required = [column_name(c) for c in required]
    delimiter = ","
    reader, columns = _records(text, delimiter)
    missing = [c for c in required if c not in columns]
    if missing and (sniffed := _sniffed_delimiter(text)) != delimiter:
        delimiter = sniffed
        reader, columns = _records(text, delimiter)
        missing = [c for c in required if c not in columns]
    if missing:
        raise _no_column(missing, columns, delimiter)
    # as csv.DictReader: a repeated column name keeps its last cell; cells past the header are ignored
    kept = {c: i for i, c in enumerate(columns) if all_columns or c in required}
    max_rows = min(MAX_ROWS, MAX_CELLS // max(1, len(kept)))
    rows: list[dict[str, str]] = []
    try:
        for record in reader:
            if not record:  # a blank line is no row
                continue
            if len(rows) == max_rows:
                raise _too_long(max_rows, len(kept))
            rows.append({c: record[i].strip() if i < len(record) else "" for c, i in kept.items()})
    except csv.Error as exc:
        raise _unreadable(reader.line_num, exc) from None
    return rows


def _decoded(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The training file is not UTF-8 text (byte {exc.start}).",
                              hint="Save it as UTF-8 CSV; convert legacy TCVN3/VNI text with vi.normalize.") from None  # fmt: skip
    return unicodedata.normalize("NFC", text)


def _records(text: str, delimiter: str) -> tuple[_CountedReader, list[str]]:
    """A csv reader past the header, and the header's column names. Delimiters are counted line by line before csv
    splits a record, so an absurdly wide one is refused before it is allocated."""
    delimiters = [0]  # in the record csv is reading now: lines are handed to it one by one, and counted first
    header_read = [False]

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):  # "\r", "\n" and "\r\n" all end a line, as csv expects
            delimiters[0] += line.count(delimiter)
            if delimiters[0] > MAX_RECORD_COMMAS:
                where = "its header" if not header_read[0] else f"line {reader.line_num + 1:,}"
                raise TrainingFileTooLarge(f"The training file has too many columns: {where} holds more than "
                                           f"{MAX_RECORD_COMMAS:,} {_delimiter_name(delimiter)}s; the limit is "
                                           f"{MAX_COLUMNS:,} columns.", field="data")  # fmt: skip
            yield line

    # csv's field size limit is process-wide (batch jobs read CSVs in the same server), so it is left as it is
    reader = csv.reader(lines(), delimiter=delimiter)
    columns: list[str] = []
    try:
        for columns in reader:  # blank lines before the header are skipped (csv.DictReader took one as the header)
            delimiters[0] = 0
            if columns:
                break
    except csv.Error as exc:
        raise _unreadable(reader.line_num, exc) from None
    header_read[0] = True
    if len(columns) > MAX_COLUMNS:
        raise TrainingFileTooLarge(f"The training file has {len(columns):,} columns; the limit is "
                                   f"{MAX_COLUMNS:,}.", field="data")  # fmt: skip
    return _CountedReader(reader, delimiters), [column_name(c) for c in columns]


class _CountedReader:
    """The csv reader, resetting the delimiter count at each record (the count bounds one record, not the file)."""

    def __init__(self, reader: CsvReader, delimiters: list[int]) -> None:
        self.reader, self.delimiters = reader, delimiters

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        record = next(self.reader)
        self.delimiters[0] = 0
        return record

    @property
    def line_num(self) -> int:
        return self.reader.line_num


def _sniffed_delimiter(text: str) -> str:
    """The delimiter the start of the file is written with: csv.Sniffer's guess among ``DELIMITERS``, or the one its
    first line holds most of when the sniffer cannot tell."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:  # a cut last line would read as differently delimited
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = next((line for line in sample.splitlines() if line.strip()), "")
        return max(DELIMITERS, key=lambda d: (first.count(d), d == ","))


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}[delimiter]


def _no_column(missing: list[str], columns: list[str], delimiter: str) -> InvalidInput:
    seen = ", ".join(repr(c) for c in columns) or "(none)"
    return InvalidInput(f"The training file has no column {', '.join(repr(c) for c in missing)}; its columns: "
                        f"{', '.join(columns) or '(none)'}.", field="data",
                        hint=f"Read with {_delimiter_name(delimiter)}s between columns, its header holds {seen}: "
                        "name one of those columns, or save the file as CSV with a header row holding the "
                        "column.")  # fmt: skip


def _unreadable(line: int, exc: csv.Error) -> InvalidInput:
    return InvalidInput(f"The training file is not readable CSV (line {line}: {exc}).", field="data",
                        hint="Check for a quote that is never closed, or a field over 131,072 characters.")  # fmt: skip


def _too_long(max_rows: int, columns: int) -> TrainingFileTooLarge:
    if max_rows == MAX_ROWS:
        return TrainingFileTooLarge(f"The training file has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.",
                                    field="data")  # fmt: skip
    return TrainingFileTooLarge(f"The training file has more than {max_rows:,} rows of {columns:,} columns; the "
                                f"limit is {MAX_CELLS:,} cells (rows x columns).", field="data",
                                hint="Drop the columns the model does not need, or sample fewer rows.")  # fmt: skip


def same_text(text: str) -> str:
    """What two texts share when a reader sees them as the same: case and runs of spaces aside (already NFC).

    >>> same_text("  Xin   CHÀO ") == same_text("xin chào")
    True
    """
    return " ".join(text.split()).casefold()


def first_occurrences(rows: list[tuple[str, ...]]) -> list[int]:
    """Indices of the rows not seen before: a repeated row would weigh twice in training and, split across training
    and held-out rows, be measured on what the model learned by heart.

    >>> first_occurrences([("a", "x"), ("b", "x"), ("a", "x"), ("a", "y")])
    [0, 1, 3]
    """
    seen: set[tuple[str, ...]] = set()
    kept = []
    for i, row in enumerate(rows):
        if row not in seen:
            seen.add(row)
            kept.append(i)
    return kept


def held_out_split(keys: list[str], strata: list[str] | None, seed: int) -> tuple[list[int], list[int]]:
    """Row indices for training and for the held-out 20 %, the rows sharing a key on the same side (one text is never
    both learned and measured). Groups are stratified by their most common stratum where every stratum has two
    groups; with no key repeated, the split is train_test_split's over the rows.

    >>> train, held_out = held_out_split(["a", "b", "a", "c", "d", "e", "f", "g", "h", "i"], None, 0)
    >>> (0 in train) == (2 in train), len(held_out), sorted(train + held_out) == list(range(10))
    (True, 2, True)
    """
    from sklearn.model_selection import train_test_split

    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    members = list(groups.values())
    stratify = None
    if strata is not None:
        group_strata = [Counter(strata[i] for i in group).most_common(1)[0][0] for group in members]
        if min(Counter(group_strata).values()) >= 2:
            stratify = group_strata
    train_g, test_g = train_test_split(list(range(len(members))), test_size=0.2, random_state=seed,
                                       stratify=stratify)  # fmt: skip
    return [i for g in train_g for i in members[g]], [i for g in test_g for i in members[g]]


def left_out(blank: int, duplicates: int, blank_what: str) -> str:
    """The card's words for the rows a model was not trained or measured on ('' when there are none).

    >>> left_out(15, 1, "a label or text")
    '15 rows without a label or text were left out; 1 duplicate row was dropped.'
    """
    parts = []
    if blank:
        parts.append(f"{blank:,} row{'s' if blank > 1 else ''} without {blank_what} {'were' if blank > 1 else 'was'} "
                     "left out")  # fmt: skip
    if duplicates:
        parts.append(f"{duplicates:,} duplicate row{'s were' if duplicates > 1 else ' was'} dropped")
    return "; ".join(parts) + "." if parts else ""


def read_bytes(path: Path) -> bytes:
    """A training file's bytes, or a clear error naming the path."""
    if not Path(path).is_file():
        raise InvalidInput(f"There is no file {path}.", field="data")
    return Path(path).read_bytes()


def read_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    return parse_rows(read_bytes(path), required)

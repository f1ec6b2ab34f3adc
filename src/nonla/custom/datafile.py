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
from pathlib import Path

from nonla.core.errors import InvalidEncoding, InvalidInput

MAX_ROWS = 200_000


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_rows(data: bytes, required: list[str]) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The training file is not UTF-8 text (byte {exc.start}).",
                              hint="Save it as UTF-8 CSV; convert legacy TCVN3/VNI text with vi.normalize.") from None  # fmt: skip
    # csv's field size limit is process-wide (batch jobs read CSVs in the same server), so it is left as it is
    reader = csv.DictReader(io.StringIO(text))
    try:
        columns = reader.fieldnames or []
        missing = [c for c in required if c not in columns]
        if missing:
            raise InvalidInput(f"The training file has no column {', '.join(repr(c) for c in missing)}; "
                               f"its columns: {', '.join(columns) or '(none)'}.", field="data")  # fmt: skip
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise InvalidInput(f"The training file is not readable CSV (line {reader.line_num}: {exc}).", field="data",
                           hint="Check for a quote that is never closed, or a field over 131,072 characters.") from None  # fmt: skip
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"The training file has {len(rows):,} rows; the limit is {MAX_ROWS:,}.", field="data")
    return rows


def read_bytes(path: Path) -> bytes:
    """A training file's bytes, or a clear error naming the path."""
    if not Path(path).is_file():
        raise InvalidInput(f"There is no file {path}.", field="data")
    return Path(path).read_bytes()


def read_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    return parse_rows(read_bytes(path), required)

"""Messages from files: a CSV with a header (text[,channel,received_at,id,subject_id,contact]) or JSONL lines.

The CSV is what a hotline or a spreadsheet exports: UTF-8 (a byte-order mark from Excel is fine), empty cells mean
"not given". A JSONL line may carry more fields (labels of a test set): only the message's own fields are read.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
>>> _ = path.write_text("text,channel\\nĐèn đường hỏng,hotline\\n", encoding="utf-8-sig")
>>> read_csv(path)
[{'text': 'Đèn đường hỏng', 'channel': 'hotline'}]
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidEncoding, InvalidInput, InvalidJSON, NotFound
from nonla.core.jsonl import read_text, records

COLUMNS = ("text", "channel", "received_at", "id", "subject_id", "contact")


def _exists(path: Path) -> None:
    if not path.is_file():
        raise NotFound(f"There is no file at {path}.", hint="Check the path.")


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    """The messages of a CSV file, one dict per row with the non-empty cells of the known columns."""
    path = Path(path)
    _exists(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            if "text" not in header:
                raise InvalidInput(f"{path.name} has no 'text' column.",
                                   hint=f"The first row names the columns: text[,{','.join(COLUMNS[1:])}].")  # fmt: skip
            unknown = [name for name in header if name not in COLUMNS]
            if unknown:
                raise InvalidInput(f"{path.name} has columns the inbox does not know: {', '.join(unknown)}.",
                                   hint=f"Use only: {', '.join(COLUMNS)}.")  # fmt: skip
            rows = []
            for raw in reader:
                cells = {(key or "").strip(): value for key, value in raw.items()}
                # an empty cell is "not given", except the text: an empty one is reported as empty
                rows.append({key: value.strip() for key, value in cells.items()
                             if key in COLUMNS and isinstance(value, str) and (value.strip() or key == "text")})  # fmt: skip
            return rows
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{path.name} is not UTF-8 (byte {exc.start}).",
                              hint="Save the file as 'CSV UTF-8'; legacy TCVN3/VNI text: convert with vi.normalize.") from None  # fmt: skip
    except csv.Error as exc:
        raise InvalidInput(f"{path.name} is not a readable CSV file ({exc}).") from None


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The messages of a JSONL file: id, text, channel, received_at, subject_id and contact of each line."""
    path = Path(path)
    _exists(path)
    messages = []
    for number, raw in records(read_text(path, path.name), path.name):  # with or without a byte-order mark, as CSV
        if not isinstance(raw, dict):
            raise InvalidJSON(f"Line {number} of {path.name} is not a JSON object.")
        messages.append({key: raw[key] for key in COLUMNS if raw.get(key) is not None})
    return messages

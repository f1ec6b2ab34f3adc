"""Training files as spreadsheets and editors write them: NFD text (macOS, Word), header cells with spaces, CR line
endings (Excel for Mac), semicolons and tabs between columns, repeated rows and rows without a label."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nonla
from nonla import custom
from nonla.cli import app
from nonla.custom.datafile import held_out_split, parse_rows

TOPICS = {
    "Giáo dục": ["trường học", "học sinh", "giáo viên", "kỳ thi", "học phí", "sách giáo khoa"],
    "Y tế": ["bệnh viện", "bác sĩ", "thuốc men", "bảo hiểm y tế", "tiêm chủng", "khám bệnh"],
    "Giao thông": ["đường phố", "xe máy", "đèn tín hiệu", "ùn tắc", "cầu vượt", "xe buýt"],
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def complaints(n: int = 60, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` complaints, the three topics in turn, every text different."""
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for i in range(n):
        topic = list(TOPICS)[i % 3]
        words = TOPICS[topic]
        rows.append((f"Phản ánh số {i} về {rng.choice(words)} và {rng.choice(words)}, cần xử lý sớm", topic))
    return rows


def as_csv(header: list[str], rows: list[tuple[str, str]], delimiter: str = ",", ends: str = "\r\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=ends).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def test_nfd_labels_headers_and_inputs_are_the_nfc_ones(database: str) -> None:
    rows = [(text, nfd(label) if i % 2 else label) for i, (text, label) in enumerate(complaints())]
    data = as_csv([nfd("Nội dung"), nfd("Lĩnh vực")], rows)
    version = custom.train_text_classifier(data, name="topics", text_col="Nội dung", label_col=nfd("Lĩnh vực"),
                                           features="tfidf")  # fmt: skip
    assert version.config["labels"] == sorted(TOPICS)
    assert version.metrics["accuracy %"] == 100.0
    typed = "Học sinh phản ánh học phí trường học quá cao"
    nfc_scores = nonla.run(f"custom.topics@{version.version}", text=typed).scores  # type: ignore[attr-defined]
    nfd_scores = nonla.run(f"custom.topics@{version.version}", text=nfd(typed)).scores  # type: ignore[attr-defined]
    assert nfd_scores == nfc_scores and max(nfc_scores, key=nfc_scores.get) == "Giáo dục"


@pytest.mark.parametrize(("data", "columns"), [
    (b"text ,label \nxin ch\xc3\xa0o,a\n", ["text", "label"]),
    (b"text,label\rxin ch\xc3\xa0o,a\rt\xe1\xba\xa1m bi\xe1\xbb\x87t,b\r", ["text", "label"]),
    (b"text;label\nxin ch\xc3\xa0o, b\xe1\xba\xa1n;a\n", ["text", "label"]),
    (b"text\tlabel\nxin ch\xc3\xa0o, b\xe1\xba\xa1n\ta\n", ["text", "label"]),
    (b"id|text|label\n1|xin ch\xc3\xa0o|a\n", ["text"]),
], ids=["spaces around header cells", "CR line endings", "semicolons", "tabs", "bars"])  # fmt: skip
def test_files_as_spreadsheets_save_them(data: bytes, columns: list[str]) -> None:
    rows = parse_rows(data, columns)
    assert rows[0]["text"].startswith("xin chào") and all(set(columns) <= set(row) for row in rows)
    assert len(rows) == data.count(b"xin") + data.count(b"t\xe1\xba\xa1m")


def test_a_missing_column_names_the_delimiter_and_the_columns_read() -> None:
    with pytest.raises(nonla.NonlaError) as caught:
        parse_rows(b"noi dung;nhan\nxin ch\xc3\xa0o;a\nt\xe1\xba\xa1m bi\xe1\xbb\x87t;b\n", ["text", "label"])
    assert caught.value.http_status == 422
    assert "semicolon" in caught.value.hint and "'noi dung', 'nhan'" in caught.value.hint
    assert "nonla describe" not in caught.value.hint


def test_a_semicolon_file_trains_from_the_command_line(database: str, tmp_path: Path) -> None:
    path = tmp_path / "semicolon.csv"
    path.write_bytes(as_csv(["text", "label"], complaints(), delimiter=";"))
    trained = CliRunner().invoke(app, ["train", "text-classifier", "--data", str(path), "--name", "semi",
                                       "--features", "tfidf"])  # fmt: skip
    assert trained.exit_code == 0, trained.output
    assert nonla.run("custom.semi@1", text="Bệnh viện quá tải, bác sĩ không đủ").label == "Y tế"  # type: ignore[attr-defined]


def test_repeated_rows_are_dropped_before_the_held_out_split(database: str) -> None:
    rng = random.Random(7)
    words = [f"từ{i}" for i in range(400)]
    rows = [(" ".join(rng.sample(words, 6)), rng.choice("ABC")) for _ in range(60)]
    version = custom.train_text_classifier(as_csv(["text", "label"], rows * 4), name="repeated", features="tfidf")
    assert version.report is not None
    assert version.report["rows"] == {"used": 60, "without a text or label": 0, "duplicates dropped": 180}
    assert version.metrics["held-out items"] == 12  # a fifth of the different rows, none of them learned
    assert "180 duplicate rows were dropped" in version.card["evaluation_data"]


def test_one_text_is_never_on_both_sides_of_the_split() -> None:
    texts = [f"văn bản {i}" for i in range(40)]
    keys = [" ".join(t.split()).casefold() for t in texts + [t.upper() for t in texts]]
    train, held_out = held_out_split(keys, ["a", "b"] * 40, seed=0)
    assert {keys[i] for i in train}.isdisjoint(keys[i] for i in held_out)
    assert sorted(train + held_out) == list(range(80)) and len(held_out) == 16


def test_rows_without_a_label_are_counted_on_the_card(database: str) -> None:
    rows = [(text, "" if i % 4 == 3 else label) for i, (text, label) in enumerate(complaints())]
    version = custom.train_text_classifier(as_csv(["text", "label"], rows), name="unlabelled", features="tfidf")
    assert version.report is not None and version.report["rows"]["without a text or label"] == 15
    assert "15 rows without a label or text were left out." in version.card["evaluation_data"]


def test_a_table_drops_repeated_rows_and_counts_rows_without_a_target(database: str) -> None:
    rng = random.Random(3)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["age ", "city", "approved"])
    ages = list(range(18, 78))  # every row different
    table = [[age, rng.choice(["Huế", "Hà Nội"]), "yes" if age > 45 else "no"] for age in ages]
    writer.writerows(table + table[:10] + [[30, "Huế", ""]] * 3)
    version = custom.train_tabular(out.getvalue().encode(), name="loans", target="approved")
    assert version.report is not None
    assert version.report["rows"] == {"used": 60, "without a target value": 3, "duplicates dropped": 10}
    assert "3 rows without a target value were left out; 10 duplicate rows were dropped." in \
        version.card["evaluation_data"]  # fmt: skip
    assert version.metrics["held-out items"] == 12
    assert nonla.run("custom.loans", age=70, city=nfd("Huế")).label == "yes"  # type: ignore[attr-defined]

"""A .docx is read in document order: a table sits in the article that holds it (all tables were appended after the
last paragraph, so the legal parser filed every table row under the last article), a table inside a cell is read
(it was dropped), a cell merged across columns is read once per row (it was repeated in each column), and a cell
merged down several rows is read once, in its first row (it was repeated in each row)."""

from __future__ import annotations

from pathlib import Path

import docx

from nonla.collections import service
from nonla.collections.extract import extract
from nonla.collections.search import bm25_search

HEAD = ["QUỐC HỘI", "Luật số: 98/2020/QH14", "Hà Nội, ngày 13 tháng 11 năm 2020", "LUẬT", "PHÍ THỬ NGHIỆM",
        "Điều 1. Phạm vi điều chỉnh", "Luật này quy định mức lệ phí.", "Điều 2. Mức lệ phí trước bạ",
        "Mức lệ phí trước bạ theo bảng sau:"]  # fmt: skip
TAIL = ["Điều 3. Hiệu lực thi hành", "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2021."]


def _law(path: Path) -> Path:
    document = docx.Document()
    for line in HEAD:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    heading = table.cell(0, 0).merge(table.cell(0, 2))  # one cell across the three columns
    heading.text = "Bảng mức thu"
    for row, (vehicle, rate, note) in enumerate([("Ô tô chở người dưới 10 chỗ", "mười hai phần trăm", "a"),
                                                 ("Xe máy", "năm phần trăm", "b")], 1):  # fmt: skip
        table.cell(row, 0).text, table.cell(row, 1).text, table.cell(row, 2).text = vehicle, rate, note
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Xe máy điện", "miễn lệ phí"
    for line in TAIL:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_tables_are_read_in_place_nested_and_merged_once(tmp_path: Path) -> None:
    lines = extract(_law(tmp_path / "luat.docx")).text.split("\n")
    assert lines == [*HEAD, "Bảng mức thu", "Ô tô chở người dưới 10 chỗ | mười hai phần trăm | a",
                     "Xe máy | năm phần trăm", "Xe máy điện | miễn lệ phí", " | b", *TAIL]  # fmt: skip


def test_a_cell_merged_down_rows_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Điều 1. Mức thu")
    table = document.add_table(rows=3, cols=2)
    group = table.cell(0, 0).merge(table.cell(2, 0))  # one group name beside three rates
    group.text = "Nhóm xe cơ giới"
    for row, rate in enumerate(["năm phần trăm", "hai phần trăm", "miễn"]):
        table.cell(row, 1).text = rate
    document.save(str(tmp_path / "doc.docx"))
    lines = extract(tmp_path / "doc.docx").text.split("\n")
    assert lines == ["Điều 1. Mức thu", "Nhóm xe cơ giới | năm phần trăm", " | hai phần trăm", " | miễn"]


def test_a_document_without_tables_reads_as_before(tmp_path: Path) -> None:
    document = docx.Document()
    for line in [*HEAD, "", *TAIL]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "plain.docx"))
    assert extract(tmp_path / "plain.docx").text == "\n".join([*HEAD, "", *TAIL])


def test_a_table_is_indexed_under_its_article(database: str, tmp_path: Path) -> None:
    service.create("laws")
    service.ingest("laws", _law(tmp_path / "luat.docx"))
    [first, *_] = bm25_search("laws", "ô tô chở người dưới 10 chỗ")
    assert first.key.endswith("/dieu-2") and "mười hai phần trăm" in first.text
    [nested, *_] = bm25_search("laws", "xe máy điện miễn lệ phí")
    assert nested.key.endswith("/dieu-2") and "Xe máy điện | miễn lệ phí" in nested.text
    [last] = [h for h in bm25_search("laws", "hiệu lực thi hành", k=10) if h.key.endswith("/dieu-3")]
    assert "phần trăm" not in last.text

"""The legal structure parser over all 208 laws of the shared corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nonla.collections.judgments import split_judgment
from nonla.collections.legal_structure import parse_legal


@pytest.fixture(scope="module")
def laws(shared_data: Path) -> dict[str, str]:
    folder = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_every_law_splits_into_articles_with_unique_ids(laws: dict[str, str]) -> None:
    assert len(laws) == 208
    doc_ids = set()
    for name, text in laws.items():
        doc = parse_legal(text, name)
        articles = doc.articles()
        assert articles, name
        ids = [u.id for u in doc.units]
        assert len(ids) == len(set(ids)), name
        assert all(u.id.startswith(doc.metadata.doc_id + "/") for u in doc.units)
        assert all(text[u.start : u.end].strip() == u.text for u in articles), name
        doc_ids.add(doc.metadata.doc_id)
    assert len(doc_ids) == 208


def test_metadata_is_read_from_the_header(laws: dict[str, str]) -> None:
    found = [parse_legal(text, name).metadata for name, text in laws.items()]
    # without a số hiệu: the border law (no header), the UN model law and the two 1957 laws ("SỐ 102-SL/L-004")
    assert sum(m.number is not None for m in found) >= 204
    assert sum(m.issued is not None for m in found) >= 208
    assert sum(m.doc_type is not None for m in found) >= 207
    residence = parse_legal(laws["Luat-68-2020-QH14-cu-tru-435315"]).metadata
    assert (residence.doc_id, residence.doc_type, residence.issuer, residence.title) == (
        "luat-68-2020-qh14",
        "Luật",
        "Quốc hội",
        "Luật Cư trú",
    )
    assert (residence.issued, residence.effective) == ("2020-11-13", "2021-07-01")


def test_a_law_without_a_header_takes_no_number_or_date_from_its_legal_basis(laws: dict[str, str]) -> None:
    """The border law has no header: its "Căn cứ ... Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001" names
    the Constitution's amendment, which it used to be filed under (id, number and year). It names itself ("Luật
    này quy định") and says when it was passed."""
    border = parse_legal(laws["Luat-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044"]).metadata
    assert (border.number, border.doc_type, border.issued, border.year) == (None, "Luật", "2003-06-17", 2003)
    assert not any(m.number == "51/2001/QH10" for m in (parse_legal(text).metadata for text in laws.values()))


def test_a_header_date_without_its_space_is_read(laws: dict[str, str]) -> None:
    electricity = parse_legal(laws["Luat-Dien-Luc-2004-28-2004-QH11-18056"]).metadata  # "Hà Nội, ngày03 tháng 12 năm 2004"
    assert (electricity.number, electricity.issued, electricity.year) == ("28/2004/QH11", "2004-12-03", 2004)


def test_titles_are_read_in_every_header_layout(laws: dict[str, str]) -> None:
    """A law's title names it in search passages and resolves citations by name ("Điều 5 Luật giá")."""
    titles = {name: parse_legal(text, name).metadata.title for name, text in laws.items()}
    untitled = sorted(name for name, title in titles.items() if not title)
    # neither has a title line nor an enacting sentence; the UN model law is not a Luật
    assert untitled == ["Luat-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044",
                        "Luat-mau-ve-trong-tai-thuong-mai-quoc-te-cua-Uy-ban-lien-hiep-quoc-ve-Luat-thuong-mai-quoc-te-1985-81043",
                        "Luat-viec-hien-lay-ghep-mo-bo-phan-co-the-nguoi-va-hien-lay-xac-2006-75-2006-QH11-15868"]  # fmt: skip
    assert titles["Luat-gia-2012-142540"] == "Luật Giá"  # "LUẬT GIÁ" on one line
    assert titles["Luat-phong-chay-chua-chay-2001-47923"] == "Luật Phòng cháy và chữa cháy"  # "CỦA QUỐC HỘI ... VỀ"
    assert titles["Luat-Dau-khi-1993-18-L-CTN-38474"] == "Luật Dầu khí"
    assert titles["Luat-thue-Su-dung-Dat-Nong-nghiep-1993-23-L-CTN-38480"] == "Luật Thuế sử dụng đất nông nghiệp"
    assert titles["Bo-luat-dan-su-2015-296215"] == "Bộ luật Dân sự"
    assert not [title for title in titles.values() if title and (len(title) > 120 or re.search(r" số \d", title))]


def test_articles_clauses_and_points_of_the_criminal_code(laws: dict[str, str]) -> None:
    doc = parse_legal(laws["Bo-luat-hinh-su-2015-296661"])
    theft = doc.article("173")
    assert (theft.id, theft.title) == ("bo-luat-100-2015-qh13/dieu-173", "Tội trộm cắp tài sản")
    assert theft.path == ["Phần thứ hai. CÁC TỘI PHẠM", "Chương XVI. CÁC TỘI XÂM PHẠM SỞ HỮU"]
    ids = {u.id for u in doc.units}
    assert {"bo-luat-100-2015-qh13/dieu-173/khoan-1", "bo-luat-100-2015-qh13/dieu-173/khoan-1/diem-a"} <= ids
    assert "bo-luat-100-2015-qh13/dieu-51/khoan-1/diem-dd" in ids  # đ) has its own id, distinct from d)


def test_judgment_parts() -> None:
    text = ("TÒA ÁN NHÂN DÂN HUYỆN X\nBản án số: 05/2024/HS-ST\nNỘI DUNG VỤ ÁN:\nNgày 1/1/2024 bị cáo trộm xe.\n"
            "NHẬN ĐỊNH CỦA HỘI ĐỒNG XÉT XỬ:\n[1] Hành vi của bị cáo đủ yếu tố cấu thành tội.\n"
            "Vì các lẽ trên,\nQUYẾT ĐỊNH:\nTuyên bố bị cáo phạm tội.")  # fmt: skip
    parts = split_judgment(text, "ba-05-2024")
    assert [p.part for p in parts] == ["header", "facts", "reasoning", "decision"]
    assert parts[-1].text.endswith("Tuyên bố bị cáo phạm tội.")
    assert split_judgment("Chỉ có phần đầu.", "x")[0].part == "header"


def test_what_an_amending_law_quotes_belongs_to_the_clause_that_quotes_it() -> None:
    text = ("QUỐC HỘI\nLuật số: 28/2018/QH14\nLUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA 11 LUẬT\n"
            "Điều 1. Sửa đổi, bổ sung một số điều của Luật Giao thông đường bộ\n1. Sửa đổi, bổ sung Điều 5 như sau:\n"
            "“Điều 5. Quy hoạch\n1. Quy hoạch phải phù hợp với chiến lược.\n2. Bộ Giao thông vận tải lập quy hoạch.”\n"
            "2. Bãi bỏ khoản 3 Điều 7.\nĐiều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 "
            "năm 2019.\n")  # fmt: skip
    units = {u.id.split("/", 1)[1]: u.text for u in parse_legal(text).units}
    assert list(units) == ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    assert "Bộ Giao thông vận tải lập quy hoạch" in units["dieu-1/khoan-1"]
    assert units["dieu-1/khoan-2"] == "2. Bãi bỏ khoản 3 Điều 7."
    unclosed = text.replace("quy hoạch.”", "quy hoạch.")  # a quote never closed is a typo: the structure stands
    assert "dieu-2" in {u.id.split("/", 1)[1] for u in parse_legal(unclosed).units}


@pytest.mark.parametrize(
    ("facts", "reasoning", "decision"),
    [("Nội dung vụ án:", "Nhận định của Hội đồng xét xử:", "Quyết định:"),
     ("NỘI DUNG VỤ ÁN:", "Nhận định của Toà án:", "QUYẾT ĐỊNH:"),
     ("NHẬN THẤY:", "XÉT THẤY:", "QUYẾT ĐỊNH:")],
    ids=["title-case", "older-spelling-of-toa", "before-2015"],
)
def test_judgments_in_every_heading_style_split_into_their_parts(facts: str, reasoning: str, decision: str) -> None:
    from nonla.collections.chunking import draft

    text = (f"TÒA ÁN NHÂN DÂN HUYỆN ĐÔNG ANH\nBẢN ÁN 45/2023/HS-ST NGÀY 12/5/2023\n{facts}\nBị cáo lấy trộm xe máy.\n"
            f"{reasoning}\nĐiều 173. Tội trộm cắp tài sản\nHành vi cấu thành tội trộm cắp.\n"
            f"Điều 51. Các tình tiết giảm nhẹ\nBị cáo thành khẩn.\n{decision}\nPhạt bị cáo 02 năm tù.\n")  # fmt: skip
    found = draft(text, key="ba-45")  # quoting two articles does not make it a law
    assert found.kind == "judgment"
    assert [p.key for p in found.parts] == ["ba-45/header", "ba-45/facts", "ba-45/reasoning", "ba-45/decision"]
    assert found.parts[2].text.endswith("Bị cáo thành khẩn.")

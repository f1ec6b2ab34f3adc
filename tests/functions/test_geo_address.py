"""geo.address: old and new addresses in the forms people write, split communes, no network, bad input."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

import nonla
from nonla.core.errors import NonlaError
from nonla.core.models import Models
from nonla.core.runner import Runner
from nonla.functions.civic.address_text import expand

REPO = Path(__file__).resolve().parents[2]
TEST_SET = REPO / "tests" / "data" / "geo_address" / "test.jsonl"
HCM, HANOI = "Thành phố Hồ Chí Minh", "Thành phố Hà Nội"


def read(text: str) -> Any:
    return nonla.run("geo.address", text=text)


def wards(out: Any) -> set[str]:
    return {c.ward for c in out.candidates}


@pytest.mark.parametrize(
    "text",
    ["P. Bến Nghé, Q.1, TP.HCM", "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "phuong ben nghe quan 1 tp hcm",
     "p.ben nghe, q1, tphcm", "Phường Bến Ngé, Quận 1, TP.HCM"],
)  # fmt: skip
def test_an_old_ward_in_every_written_form_becomes_its_2025_ward(text: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status) == ("Phường Sài Gòn", HCM, "converted")
    assert [(c.ward, c.province) for c in out.candidates] == [("Phường Sài Gòn", HCM)]
    assert out.street is None and 0 < out.confidence <= 1


def test_a_2025_address_stays_as_it_is() -> None:
    out = read("123 Nguyễn Văn Linh, Phường Tân Thuận, TP. Hồ Chí Minh")
    assert (out.street, out.ward, out.province, out.status) == ("123 Nguyễn Văn Linh", "Phường Tân Thuận", HCM, "new")
    assert read("phuong sai gon tp ho chi minh").ward == "Phường Sài Gòn"


def test_street_house_number_and_hamlet_are_kept_as_written() -> None:
    out = read("so 10 duong 3/2 phuong 12 quan 10 tphcm")
    assert (out.street, out.ward, out.status) == ("so 10 duong 3/2", "Phường Hoà Hưng", "converted")
    out = read("Thôn Đông Hạ, xã Tân Hòa, huyện Phú Bình, tỉnh Thái Nguyên")
    assert (out.street, out.ward, out.province) == ("Thôn Đông Hạ", "Xã Tân Thành", "Tỉnh Thái Nguyên")
    assert read("87 Nguyễn Thị Minh Khai, Phường Bến Thành, Quận 1, TP.HCM").street == "87 Nguyễn Thị Minh Khai"


def test_a_merged_province_is_given_by_its_2025_name() -> None:
    out = read("Khu phố 2, phường Dĩ An, thành phố Dĩ An, Bình Dương")
    assert (out.street, out.ward, out.province, out.status) == ("Khu phố 2", "Phường Dĩ An", HCM, "converted")
    assert read("Huyện Côn Đảo, Bà Rịa - Vũng Tàu").ward == "Đặc khu Côn Đảo"


@pytest.mark.parametrize(
    ("text", "ward", "province"),
    [
        ("Nhà em ở số 25 hẻm 102 Trần Hưng Đạo, phường 7, quận 5, TP.HCM", "Phường An Đông", HCM),
        ("Gửi về: thôn Phú Mỹ, xã Hòa Phong, huyện Hòa Vang, Đà Nẵng", "Xã Hoà Vang", "Thành phố Đà Nẵng"),
        ("120 Nguyễn Thị Minh Khai P6 Q3", "Phường Xuân Hoà", HCM),
        ("Tổ 5, phường Quang Trung, TP Thái Nguyên", "Phường Phan Đình Phùng", "Tỉnh Thái Nguyên"),
        ("nhà em ở hẻm 51 Lê Văn Sỹ, P.13, Q. Phú Nhuận ạ", "Phường Phú Nhuận", HCM),
        ("Phường Gia Sàng, Thái Nguyên", "Phường Gia Sàng", "Tỉnh Thái Nguyên"),
        ("12 Lê Lợi, Bến Nghé, Q1, HCM", "Phường Sài Gòn", HCM),
        ("12 Lê Lợi, Sài Gòn, TP.HCM", "Phường Sài Gòn", HCM),
    ],
)
def test_addresses_from_citizens_messages(text: str, ward: str, province: str) -> None:
    out = read(text)
    assert (out.ward, out.province) == (ward, province), out


def test_a_ward_written_without_its_unit_word_ends_the_street() -> None:
    out = read("12 Lê Lợi, Bến Nghé, Q1, HCM")
    assert (out.street, out.status) == ("12 Lê Lợi", "converted")
    out = read("số nhà 279, ngõ 19, phố Nguyễn Văn Cừ, X. Nam An Phụ, TP. Hải Phòng")
    assert (out.street, out.ward, out.status) == ("số nhà 279, ngõ 19, phố Nguyễn Văn Cừ", "Xã Nam An Phụ", "new")


def test_a_split_commune_lists_every_successor_and_guesses_none() -> None:
    out = read("Phường Ngọc Hà, Quận Ba Đình, Hà Nội")
    assert (out.ward, out.province, out.status) == (None, HANOI, "split")
    assert wards(out) == {"Phường Ba Đình", "Phường Ngọc Hà"}
    # Without its district 'Phường Ngọc Hà' is the 2025 ward of that name.
    assert (read("Phường Ngọc Hà, Hà Nội").ward, read("Phường Ngọc Hà, Hà Nội").status) == ("Phường Ngọc Hà", "new")
    out = read("dc: 18 ngõ 42 Thịnh Hào 1, P. Hàng Bột, Q. Đống Đa, HN")
    assert out.status == "split" and wards(out) == {"Phường Ô Chợ Dừa", "Phường Văn Miếu - Quốc Tử Giám"}
    assert out.street == "dc: 18 ngõ 42 Thịnh Hào 1"


def test_split_successors_are_exactly_those_of_the_mapping() -> None:
    units = json.loads((REPO / "models" / "geo-units" / "units.json").read_text(encoding="utf-8"))
    name, _, successors = units["old_wards"]["00583"]  # Xã Bát Tràng, Huyện Gia Lâm
    out = read(f"{name}, Huyện Gia Lâm, Hà Nội")
    assert wards(out) == {units["wards"][code][0] for code in successors} and len(successors) == 3


def test_province_only_and_nothing_found() -> None:
    out = read("Quận 1, TP.HCM")
    assert (out.ward, out.province, out.status, out.candidates) == (None, HCM, "province_only", [])
    for text in ("!!!", "xin chào", "Céng hßa x· héi chñ nghÜa ViÖt Nam"):
        out = read(text)
        assert (out.street, out.ward, out.province, out.status, out.confidence) == (None, None, None, "not_found", 0)


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_bad_input_is_a_clear_error(text: str) -> None:
    with pytest.raises(NonlaError) as caught:
        read(text)
    assert 400 <= caught.value.http_status < 500 and caught.value.hint


def test_batch_equals_singles() -> None:
    rows = [json.loads(line) for line in TEST_SET.read_text(encoding="utf-8").splitlines()[::12]]
    items = [{"text": row["text"]} for row in rows] + [{"text": "!!!"}, {"text": "P.7 Q.3 TPHCM"}]
    runner = Runner()
    batch = runner.call("geo.address", items).results
    assert batch == [runner.call("geo.address", [item]).results[0] for item in items]


def test_no_socket_is_opened_while_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split communes with a street are where vietnamadminunits would ask its online geocoder: it must not."""
    from vietnamadminunits.converter import converter_2025

    from nonla.functions.civic.address import run
    from nonla.functions.civic.address_units import CONVERTER_TABLE, load_package

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args[:2]}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    rows = [json.loads(line) for line in TEST_SET.read_text(encoding="utf-8").splitlines()]
    split = [row["text"] for row in rows if row["status"] == "split" and row["street"]]
    texts = [row["text"] for row in rows[::4]] + split + ["12 Lê Lợi, Phường Ngọc Hà, Quận Ba Đình, Hà Nội"]
    assert len(split) >= 10 and len(texts) >= 130

    models = Models()  # a fresh cache: the package is set up (and its geocoder replaced) under the refusing socket
    package = models.load(CONVERTER_TABLE, load_package)
    calls: list[str] = []
    monkeypatch.setattr(converter_2025, "get_geo_location", lambda address: calls.append(address))
    package.convert("12 Lê Lợi, Phường Ngọc Hà, Quận Ba Đình, Hà Nội")
    assert calls, "the package consults its geocoder for a split commune with a street"

    models = Models()
    from nonla.functions.civic.address import Input

    outputs = run([Input(text=text) for text in texts], models)
    assert not calls[1:], "the geocoder was replaced when the package was loaded"
    assert sum(out.status == "split" for out in outputs) >= len(split)


@pytest.mark.parametrize(
    ("text", "ward", "province", "status"),
    [
        # No province written: the parser found one in letters of other words ('quanhoangmai' holds 'quanhoa').
        ("Phường Vĩnh Hưng, Quận Hoàng Mai", None, HANOI, "split"),
        ("Phường Hoàng Văn Thụ, Quận Hoàng Mai", None, HANOI, "split"),
        ("Phường Minh Nông, TP Việt Trì", "Phường Việt Trì", "Tỉnh Phú Thọ", "converted"),  # 'minhnong' holds 'hn'
        ("X.Tân Hiệp H.Hóc Môn", "Xã Hóc Môn", HCM, "converted"),  # 'tanhiephuyen' holds 'phuyen'
        ("Phường Tân Định Quận 1", "Phường Tân Định", HCM, "converted"),  # 'Định Quận' is not Định Quán
        ("117 Nguyễn Huệ, X. Dị Nậu, H. Tam Nông", "Xã Thọ Văn", "Tỉnh Phú Thọ", "converted"),  # two Tam Nông
        # 'phố Huế' is a street and a ward of Hà Nội, not the city of Huế ('thành phố Huế' still is)
        ("25 phố Huế, Phường Phố Huế, Quận Hai Bà Trưng", "Phường Hai Bà Trưng", HANOI, "converted"),
        ("25 pho hue, phuong pho hue, quan hai ba trung", "Phường Hai Bà Trưng", HANOI, "converted"),
    ],
)  # fmt: skip
def test_a_province_not_written_is_the_one_its_district_tells(text: str, ward: Any, province: str, status: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status) == (ward, province, status), out
    assert 0 < out.confidence <= 0.9  # inferred, not read


@pytest.mark.parametrize(
    ("text", "ward", "province"),
    [
        ("Xã Khánh Trung Huyện Yên Khánh Ninh Bình", "Xã Khánh Trung", "Tỉnh Ninh Bình"),  # 'khanhninh' holds 'hn'
        ("phuong dong vinh thanh pho vinh nghe an", "Phường Thành Vinh", "Tỉnh Nghệ An"),
        ("42 Nguyễn Huệ, Xã Hoằng Ngọc, Huyện Hoằng Hóa", "Xã Hoằng Thanh", "Tỉnh Thanh Hoá"),  # Huệ is not Huế
        ("số 5 Hà Nội, Phường 7, Quận 5", "Phường An Đông", HCM),  # a street named after a province
    ],
)
def test_the_province_written_wins_over_one_found_in_other_words(text: str, ward: str, province: str) -> None:
    out = read(text)
    assert (out.ward, out.province) == (ward, province), out


HUE = "Thành phố Huế"


@pytest.mark.parametrize(
    ("text", "ward", "status", "confidence"),
    [
        # a former commune with the 2025 province and no district: that commune, not a new ward one letter away
        ("phường Phú Hội, thành phố Huế", "Phường Thuận Hoá", "converted", 0.9),  # not Xã Phú Hồ
        ("12 Lê Lợi, P. Phú Hội, TP Huế", "Phường Thuận Hoá", "converted", 0.9),
        ("phuong Phu Hoi, thanh pho Hue", "Phường Thuận Hoá", "converted", 0.9),
        ("xã Phú Hồ, thành phố Huế", "Xã Phú Hồ", "new", 0.95),  # the 2025 ward itself still wins
    ],
)
def test_a_former_commune_beats_a_new_ward_one_letter_away(text: str, ward: str, status: str, confidence: float) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status, out.confidence) == (ward, HUE, status, confidence), out


@pytest.mark.parametrize("text", ["Phường Minh Nông", "Phường Tân Định", "Xã Tân An, Huyện Châu Thành",
                                  "truong tieu hoc o phuong Binh Thanh thu quy"])  # not Xã Phương Bình, Cần Thơ
def test_no_province_at_all_is_not_found_rather_than_guessed(text: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status, out.confidence) == (None, None, "not_found", 0), out


def test_english_unit_words_are_not_the_street() -> None:
    out = read("Ward 5, District 3, HCMC")
    assert (out.street, out.ward, out.province) == (None, "Phường Bàn Cờ", HCM)
    out = read("12 Lê Lợi, Ben Nghe Ward, District 1, Ho Chi Minh City")
    assert (out.street, out.ward, out.province) == ("12 Lê Lợi", "Phường Sài Gòn", HCM)


@pytest.mark.parametrize("text", ["xã " * 100 + "Hà Nội", "xa " * 160 + ", ha noi", "phuong " * 68 + ", ha noi"])
def test_a_long_run_of_unit_words_costs_linear_work(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each word is asked whether it is a unit word a few times per text, not once per following word per name."""
    from nonla.functions.civic import address_text

    for cached in (address_text.unit_word_starts, address_text.units_start):
        getattr(cached, "cache_clear", lambda: None)()
    asked, words, unit_word_at = [0], len(text.split()), address_text._unit_word_at

    def counted(*args: Any) -> int:
        asked[0] += 1
        assert asked[0] <= 20 * words, "asked again and again: quadratic in the words"
        return unit_word_at(*args)

    monkeypatch.setattr(address_text, "_unit_word_at", counted)
    assert read(text).province in (None, HANOI)


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("thị xã Hương Thủy, tỉnh Thừa Thiên Huế", HUE),  # not Phường Hương Thuỷ, one of its three successors
        ("TX. Hương Thủy, Thừa Thiên Huế", HUE),
        ("t.x. Hương Thủy, Thừa Thiên Huế", HUE),
        ("tx Huong Thuy, Thua Thien Hue", HUE),
        ("thi xa huong thuy thua thien hue", HUE),
        ("thị xã Sơn Tây, Hà Nội", HANOI),
        ("thị xã Dĩ An, Bình Dương", HCM),
        ("thị xã Ninh Hòa, Khánh Hòa", "Tỉnh Khánh Hoà"),
        ("huyện Phú Vang, tỉnh Thừa Thiên Huế", HUE),  # as a district ('huyện') is read
    ],
)
def test_a_former_town_thi_xa_alone_is_a_district_not_a_ward(text: str, province: str) -> None:
    """A 'thị xã' was a district: its wards went to several 2025 ones, so only the province is known."""
    out = read(text)
    assert (out.ward, out.province, out.status, out.candidates) == (None, province, "province_only", []), out
    assert out.confidence == 0.5


@pytest.mark.parametrize(
    ("text", "street", "ward", "province"),
    [
        ("123 Nguyễn Tất Thành, phường Phú Bài, thị xã Hương Thủy, Thừa Thiên Huế", "123 Nguyễn Tất Thành",
         "Phường Phú Bài", HUE),
        ("xã Thủy Tân, TX Hương Thủy, Thừa Thiên Huế", None, "Phường Hương Thuỷ", HUE),
        ("xã Ninh Xuân, thị xã Ninh Hòa, Khánh Hòa", None, "Xã Tân Định", "Tỉnh Khánh Hoà"),
        ("Phường Ngô Quyền, thị xã Sơn Tây, Hà Nội", None, "Phường Sơn Tây", HANOI),
    ],
)  # fmt: skip
def test_a_former_commune_of_a_thi_xa_is_converted(text: str, street: Any, ward: str, province: str) -> None:
    out = read(text)
    assert (out.street, out.ward, out.province, out.status) == (street, ward, province, "converted"), out
    assert out.confidence == 0.95


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Quận 3, Sài Gòn", None),
        ("12 Lê Lợi, Quận 3, Sài Gòn", "12 Lê Lợi"),
        ("Quận 3, sai gon", None),
        ("Quận 3, Sài Gòn, Việt Nam", None),
        ("Sài Gòn", None),
    ],
)
def test_sai_gon_written_last_is_the_city_not_phuong_sai_gon(text: str, street: Any) -> None:
    """The city's old name is also a 2025 ward's, which covers only the old centre: the city is all it tells."""
    out = read(text)
    assert (out.street, out.ward, out.province, out.status, out.candidates) == (street, None, HCM, "province_only", [])
    assert out.confidence == 0.5


def test_sai_gon_after_another_place_is_the_city() -> None:
    out = read("Gò Vấp, Sài Gòn")
    assert out.ward != "Phường Sài Gòn" and out.province == HCM and out.confidence < 0.95
    out = read("p da kao, q1, sai gon")  # Phường Đa Kao was split: Sài Gòn here is the city, not the successor
    assert (out.ward, out.province, out.status) == (None, HCM, "split")
    assert wards(out) == {"Phường Sài Gòn", "Phường Tân Định"}


@pytest.mark.parametrize(
    "text", ["Phường Sài Gòn, Sài Gòn", "P. Sài Gòn, TP.HCM", "12 Lê Lợi, Sài Gòn, TP.HCM", "phuong sai gon"]
)
def test_sai_gon_written_as_the_ward_is_still_phuong_sai_gon(text: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status) == ("Phường Sài Gòn", HCM, "new"), out


@pytest.mark.parametrize("text", ["12 Lê Lợi, Vũng Tàu", "12 Lê Lợi, Bà Rịa"])
def test_other_short_forms_of_a_province_are_not_the_ward_of_that_name(text: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status) == (None, HCM, "province_only"), out
    assert read("12 Lê Lợi, Phường Bà Rịa").ward == "Phường Bà Rịa"


@pytest.mark.parametrize(
    ("text", "ward"),
    [
        ("p ben nghe, q1, hcm", "Phường Sài Gòn"),
        ("p ben nghe, quan 1, hcm", "Phường Sài Gòn"),
        ("p tan dinh, q1, hcm", "Phường Tân Định"),
        ("f. ben nghe, q.1, tphcm", "Phường Sài Gòn"),
        ("12 Lê Lợi, P Bến Nghé, Q.1, TP.HCM", "Phường Sài Gòn"),
    ],
)
def test_p_or_f_opening_a_part_is_the_ward_unit_word(text: str, ward: str) -> None:
    out = read(text)
    assert (out.ward, out.province, out.status) == (ward, HCM, "converted"), out
    assert out.street == ("12 Lê Lợi" if text.startswith("12") else None)


def test_a_lone_p_inside_a_part_is_left_to_the_street() -> None:
    assert expand("Lô P Lê Lợi, Q.1") == "Lô P Lê Lợi, Quận 1"


@pytest.mark.parametrize("text", ["12 Lê Lợi, Hà Nội", "45 Trần Phú, Hà Nội", "12/3 Trần Phú, Hà Nội", "số 5 Lê Lợi, Hà Nội"])
def test_a_street_after_its_house_number_is_no_ward_of_that_name(text: str) -> None:
    """Hà Nội has a Xã Trần Phú and had a Xã Lê Lợi; a name after a house number is the street's, not theirs."""
    out = read(text)
    assert (out.street, out.ward, out.province, out.status) == (text.split(",")[0], None, "Thành phố Hà Nội",
                                                                 "province_only")  # fmt: skip


@pytest.mark.parametrize("text", ["Lô P Lê Lợi, Hà Nội", "đường Trần Phú, Hà Nội", "phố Lê Lợi, Hà Nội",
                                  "Số 5 Lô P, đường Lê Lợi, Hà Nội", "duong tran phu, ha noi"])  # fmt: skip
def test_a_name_after_a_street_word_or_a_blocks_letter_is_no_ward_of_that_name(text: str) -> None:
    out = read(text)
    assert (out.street, out.ward, out.province, out.status) == (text.rsplit(",", 1)[0], None, "Thành phố Hà Nội",
                                                                 "province_only")  # fmt: skip


def test_the_ward_of_a_street_name_is_still_read_when_written_as_the_ward() -> None:
    assert read("Trần Phú, Hà Nội").ward == "Xã Trần Phú"
    assert (read("45 Trần Phú, Xã Trần Phú, Hà Nội").street, read("45 Trần Phú, Xã Trần Phú, Hà Nội").ward) == (
        "45 Trần Phú", "Xã Trần Phú")


@pytest.mark.parametrize("text", ["12 le loi p ben nghe q1 hcm", "12 Lê Lợi P Bến Nghé Q1 HCM", "12 le loi p ben nghe, q1, hcm"])
def test_a_lone_p_after_the_street_is_the_ward_without_commas_too(text: str) -> None:
    out = read(text)
    assert (out.street.lower(), out.ward, out.status) == ("12 le loi" if "le loi" in text else "12 lê lợi",
                                                          "Phường Sài Gòn", "converted")  # fmt: skip


def test_a_lone_letter_that_names_no_ward_stays_in_the_street() -> None:
    out = read("so 5 ngo 3 p xyz q1 hcm")
    assert (out.street, out.ward, out.status) == ("so 5 ngo 3 p xyz", None, "province_only")

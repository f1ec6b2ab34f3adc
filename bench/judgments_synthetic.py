"""Synthetic Vietnamese court judgments for the scale benchmark: realistic shape, varied vocabulary, reproducible.

Every judgment has the four parts the splitter finds in real ones (header, facts, reasoning, decision), a court
(provincial courts and the 2025 regional courts), a case number, parties with generated Vietnamese names, a place
from the 2025 administrative units of ../shared/data, one of thirty kinds of case with its own facts and the articles
it cites, amounts and dates. A fixed seed gives the same corpus every run.

Text is assembled from fragments whose word segmentation is computed once (by vi.words@1, as ingestion does), so
generating 1.4 million judgments costs minutes, not the hours that segmenting them afresh would: this benchmark
measures the index, bench/words.py measures the segmenter.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Lâm Mai Tạ Cao Hà Lưu Tô".split()
MIDDLE = "Văn Thị Hữu Minh Thanh Quốc Đức Ngọc Hoàng Xuân Kim Thu Gia Bảo Công Đình Phương".split()
GIVEN = ("An Bình Cường Dũng Giang Hà Hải Hạnh Hiếu Hòa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Ngọc Nhung "
         "Phong Phúc Quân Quang Sơn Tâm Thảo Thắng Thủy Trang Trung Tuấn Tùng Uyên Vân Việt Vinh Xuân Yến").split()  # fmt: skip

# (kind code, case type, title, facts, reasoning articles, decision)
CASES = [
    ("HS", "hình sự", "trộm cắp tài sản", "lén lút lấy trộm {item} trị giá {money} của {victim} tại {place}",
     "khoản 1 Điều 173 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "cướp giật tài sản", "dùng xe máy áp sát giật {item} của {victim} khi đang đi trên đường tại {place}",
     "điểm d khoản 2 Điều 171 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "lừa đảo chiếm đoạt tài sản", "đưa ra thông tin gian dối về việc xin việc làm để chiếm đoạt {money} của {victim}",
     "khoản 2 Điều 174 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "cố ý gây thương tích", "dùng gậy gỗ đánh vào đầu {victim} gây thương tích với tỷ lệ tổn thương cơ thể {pct}%",
     "khoản 2 Điều 134 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "vi phạm quy định về tham gia giao thông đường bộ", "điều khiển xe ô tô không chú ý quan sát, va chạm với xe máy do {victim} điều khiển tại {place}",
     "khoản 1 Điều 260 Bộ luật Hình sự", "{years} năm tù cho hưởng án treo"),
    ("HS", "hình sự", "tàng trữ trái phép chất ma túy", "bị bắt quả tang đang cất giấu {grams} gam ma túy loại methamphetamine tại {place}",
     "điểm c khoản 1 Điều 249 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "đánh bạc", "cùng đồng phạm đánh bạc dưới hình thức ghi số đề với tổng số tiền {money} tại {place}",
     "khoản 1 Điều 321 Bộ luật Hình sự", "phạt tiền {money}"),
    ("HS", "hình sự", "tham ô tài sản", "lợi dụng chức vụ kế toán chiếm đoạt {money} của công ty nơi làm việc",
     "khoản 2 Điều 353 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "hủy hoại rừng", "tự ý chặt phá {area} mét vuông rừng phòng hộ để trồng cây keo tại {place}",
     "khoản 1 Điều 243 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "chống người thi hành công vụ", "dùng vũ lực chống lại tổ công tác đang kiểm tra nồng độ cồn tại {place}",
     "khoản 1 Điều 330 Bộ luật Hình sự", "{years} năm tù"),
    ("DS", "dân sự", "tranh chấp hợp đồng vay tài sản", "vay của {victim} số tiền {money} có lãi suất nhưng đến hạn không trả",
     "Điều 463, Điều 466 và Điều 468 Bộ luật Dân sự", "buộc trả nợ gốc và lãi {money}"),
    ("DS", "dân sự", "tranh chấp quyền sử dụng đất", "lấn chiếm {area} mét vuông đất của {victim} tại thửa đất số {n} tờ bản đồ số {m} ở {place}",
     "Điều 166 Bộ luật Dân sự và Điều 236 Luật Đất đai", "buộc trả lại {area} mét vuông đất"),
    ("DS", "dân sự", "tranh chấp thừa kế tài sản", "cha mẹ chết không để lại di chúc, các đồng thừa kế không thỏa thuận được việc chia nhà đất tại {place}",
     "Điều 649, Điều 650 và Điều 651 Bộ luật Dân sự", "chia di sản thừa kế theo pháp luật"),
    ("DS", "dân sự", "tranh chấp hợp đồng mua bán nhà ở", "đã nhận {money} tiền đặt cọc nhưng không giao nhà và không làm thủ tục sang tên",
     "Điều 328 và Điều 430 Bộ luật Dân sự", "buộc trả lại tiền đặt cọc và phạt cọc {money}"),
    ("DS", "dân sự", "yêu cầu bồi thường thiệt hại ngoài hợp đồng", "để cây xanh đổ đè lên xe ô tô của {victim} gây thiệt hại {money}",
     "Điều 584 và Điều 589 Bộ luật Dân sự", "buộc bồi thường {money}"),
    ("HNGĐ", "hôn nhân và gia đình", "ly hôn, tranh chấp nuôi con", "vợ chồng thường xuyên mâu thuẫn, sống ly thân từ năm {year0}, có {kids} con chung",
     "Điều 51, Điều 56 và Điều 81 Luật Hôn nhân và gia đình", "cho ly hôn, giao con chung cho người mẹ trực tiếp nuôi dưỡng"),
    ("HNGĐ", "hôn nhân và gia đình", "chia tài sản chung sau ly hôn", "không thỏa thuận được việc chia căn nhà và {area} mét vuông đất tạo lập trong thời kỳ hôn nhân",
     "Điều 33 và Điều 59 Luật Hôn nhân và gia đình", "chia đôi tài sản chung"),
    ("HNGĐ", "hôn nhân và gia đình", "cấp dưỡng nuôi con", "sau ly hôn không thực hiện nghĩa vụ cấp dưỡng {money} mỗi tháng cho con chung",
     "Điều 82 và Điều 110 Luật Hôn nhân và gia đình", "buộc cấp dưỡng {money} mỗi tháng"),
    ("KDTM", "kinh doanh, thương mại", "tranh chấp hợp đồng mua bán hàng hóa", "công ty bên mua nhận {tons} tấn thép nhưng chậm thanh toán {money}",
     "Điều 50 và Điều 306 Luật Thương mại", "buộc thanh toán {money} và tiền lãi chậm trả"),
    ("KDTM", "kinh doanh, thương mại", "tranh chấp hợp đồng tín dụng", "ngân hàng cho vay {money} có thế chấp quyền sử dụng đất, bên vay vi phạm nghĩa vụ trả nợ",
     "Điều 95 Luật Các tổ chức tín dụng và Điều 299 Bộ luật Dân sự", "buộc trả nợ, xử lý tài sản thế chấp"),
    ("KDTM", "kinh doanh, thương mại", "tranh chấp hợp đồng thuê kho bãi", "bên thuê chấm dứt hợp đồng trước thời hạn và không trả {money} tiền thuê",
     "Điều 472 và Điều 481 Bộ luật Dân sự", "buộc trả tiền thuê {money}"),
    ("LĐ", "lao động", "tranh chấp về đơn phương chấm dứt hợp đồng lao động", "công ty cho người lao động nghỉ việc không báo trước sau {years} năm làm việc",
     "Điều 36, Điều 39 và Điều 41 Bộ luật Lao động", "buộc nhận trở lại làm việc và trả lương những ngày không được làm việc"),
    ("LĐ", "lao động", "tranh chấp về tiền lương", "công ty nợ {months} tháng tiền lương với tổng số tiền {money}",
     "Điều 94 và Điều 97 Bộ luật Lao động", "buộc trả tiền lương còn nợ {money}"),
    ("LĐ", "lao động", "tranh chấp về bảo hiểm xã hội", "người sử dụng lao động không đóng bảo hiểm xã hội trong {months} tháng",
     "Điều 168 Bộ luật Lao động và Điều 21 Luật Bảo hiểm xã hội", "buộc đóng bổ sung bảo hiểm xã hội"),
    ("HC", "hành chính", "khiếu kiện quyết định thu hồi đất", "Ủy ban nhân dân ban hành quyết định thu hồi {area} mét vuông đất nhưng không bồi thường thỏa đáng",
     "Điều 75 Luật Tố tụng hành chính và Điều 91 Luật Đất đai", "hủy một phần quyết định thu hồi đất"),
    ("HC", "hành chính", "khiếu kiện quyết định xử phạt vi phạm hành chính", "bị xử phạt {money} về hành vi xây dựng không phép tại {place}",
     "Điều 30 Luật Tố tụng hành chính và Luật Xử lý vi phạm hành chính", "bác yêu cầu khởi kiện"),
    ("HC", "hành chính", "khiếu kiện việc cấp giấy chứng nhận quyền sử dụng đất", "cơ quan có thẩm quyền cấp giấy chứng nhận chồng lấn lên {area} mét vuông đất của người khởi kiện",
     "Điều 193 Luật Tố tụng hành chính và Điều 133 Luật Đất đai", "hủy giấy chứng nhận đã cấp"),
    ("HS", "hình sự", "giết người", "do mâu thuẫn trong lúc uống rượu đã dùng dao đâm {victim} tử vong tại {place}",
     "điểm n khoản 1 Điều 123 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "mua bán người", "lừa đưa {victim} sang biên giới để bán lấy {money}",
     "khoản 2 Điều 150 Bộ luật Hình sự", "{years} năm tù"),
    ("HS", "hình sự", "buôn lậu", "vận chuyển {tons} tấn đường cát qua biên giới không khai báo hải quan tại {place}",
     "khoản 2 Điều 188 Bộ luật Hình sự", "{years} năm tù"),
]  # fmt: skip
ITEMS = ["điện thoại di động", "xe máy Honda Wave", "máy tính xách tay", "dây chuyền vàng", "ví da", "két sắt",
         "xe đạp điện", "đồng hồ đeo tay", "bò giống", "máy cắt cỏ"]  # fmt: skip


@dataclass(frozen=True)
class Judgment:
    key: str
    number: int
    year: int
    court: str
    case_type: str
    parts: list[tuple[str, list[str]]]  # (part name, its text as pieces that recur: template words, slot values)


def pieces(template: str, slots: dict[str, object]) -> list[str]:
    """The template cut at its slots, with each slot's value as a piece of its own.

    >>> pieces("lấy trộm {item} của {victim}.", {"item": "ví da", "victim": "bà Lê Thị An"})
    ['lấy trộm', 'ví da', 'của', 'bà Lê Thị An', '.']
    """
    out: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        out += [literal.strip()] if literal.strip() else []
        if field is not None:
            out.append(str(slots[field]))
    return out


def text_of(part: list[str]) -> str:
    """The pieces as running text: no space before punctuation."""
    out = ""
    for piece in part:
        out += piece if not out or piece[:1] in ".,:;" else (" " + piece)
    return out


def places(shared_data: Path) -> tuple[list[str], list[str]]:
    """(['Phường Sài Gòn, Thành phố Hồ Chí Minh', ...], provinces) from the 2025 units."""
    folder = shared_data / "vn_admin_units_2025_thanglequoc" / "json"
    units = json.loads(next(folder.glob("full_json_*.json")).read_text(encoding="utf-8"))
    wards = [f"{w['FullName']}, {p['FullName']}" for p in units for w in p["Wards"]]
    return wards, [p["Name"] for p in units]


def judgments(count: int, shared_data: Path, seed: int = 2025) -> Iterator[Judgment]:
    rng = random.Random(seed)
    wards, provinces = places(shared_data)
    courts = [f"Tòa án nhân dân tỉnh {p}" for p in provinces] + [f"Tòa án nhân dân khu vực {n} - {p}" for p in provinces
                                                                for n in range(1, 13)]  # fmt: skip

    def person() -> str:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    for n in range(1, count + 1):
        code, case_type, title, facts, articles, decision = rng.choice(CASES)
        year = rng.randint(2015, 2025)
        court = rng.choice(courts)
        level = rng.choice(["ST", "PT"])
        slots = {"item": rng.choice(ITEMS), "money": f"{rng.randint(2, 950) * 1_000_000:,} đồng".replace(",", "."),
                 "victim": f"ông {person()}" if rng.random() < 0.5 else f"bà {person()}", "place": rng.choice(wards),
                 "pct": rng.randint(11, 60), "years": rng.randint(1, 15), "grams": round(rng.uniform(0.1, 30), 2),
                 "area": rng.randint(20, 3000), "n": rng.randint(1, 900), "m": rng.randint(1, 60),
                 "year0": year - rng.randint(1, 5), "kids": rng.randint(1, 3), "tons": rng.randint(1, 400),
                 "months": rng.randint(2, 24)}  # fmt: skip
        defendant, day = person(), f"ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}"
        role = "Bị cáo" if code == "HS" else "Bị đơn"
        header = [court.upper(), ".", "BẢN ÁN", f"{n % 9000 + 1}/{year}/{code}-{level}", ".", day, ".", "V/v", title,
                  ".", role, ":", defendant, ", sinh năm", str(rng.randint(1955, 2005)), ", cư trú tại",
                  rng.choice(wards), "."]  # fmt: skip
        body = [role, defendant, "đã", *pieces(facts, slots), ".", "Sự việc xảy ra vào", day, ".",
                rng.choice(["Tại phiên tòa, bị cáo thừa nhận hành vi.", "Đương sự không thừa nhận toàn bộ yêu cầu.",
                            "Các bên không hòa giải được.", "Người làm chứng xác nhận sự việc."])]  # fmt: skip
        reasoning = ["Hành vi của", defendant, "là", case_type, ", thuộc trường hợp quy định tại", articles, ".",
                     rng.choice(["Có căn cứ chấp nhận yêu cầu.", "Cần xử phạt nghiêm để răn đe.",
                                 "Xét tình tiết giảm nhẹ là thành khẩn khai báo."])]  # fmt: skip
        verdict = ["Tuyên", defendant, ":", *pieces(decision, slots), ".", "Án phí theo quy định của pháp luật."]
        yield Judgment(f"ba-{n}-{year}-{code.lower()}", n, year, court, case_type,
                       [("header", header), ("facts", ["NỘI DUNG VỤ ÁN:", *body]),
                        ("reasoning", ["NHẬN ĐỊNH CỦA TÒA ÁN:", *reasoning]), ("decision", ["QUYẾT ĐỊNH:", *verdict])])  # fmt: skip

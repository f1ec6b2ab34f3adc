"""Word lists and value generators for the privacy.pii evaluation set (see build.py).

Checksums and code tables are written out here independently of src/nonla/functions/privacy, so the gold labels
do not depend on the code they evaluate.
"""

from __future__ import annotations

import json
import os
import random
import unicodedata
from pathlib import Path

SHARED = Path(os.environ.get("NONLA_SHARED_DATA", Path(__file__).resolve().parents[4] / "shared" / "data"))
UNITS_2025 = SHARED / "vn_admin_units_2025_thanglequoc" / "json"

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + "Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đoàn Lâm Trương Phùng Tạ Lưu Hà Mai Cao Tô Châu Quách Lương".split()  # fmt: skip
MIDDLE_M = ["Văn"] * 5 + "Đức Minh Quốc Hữu Công Thành Xuân Ngọc Anh Tuấn Gia".split()
MIDDLE_F = ["Thị"] * 5 + "Ngọc Thu Thanh Kim Mỹ Phương Minh Bích Hồng".split()
GIVEN_M = "An Bình Cường Dũng Hùng Hải Long Nam Phong Quân Sơn Thắng Tuấn Việt Khoa Đạt Hiếu Trung Kiên Tài Lực Phúc Hưng Toàn Thịnh Khải Tâm Vinh Quang".split()  # fmt: skip
GIVEN_F = "Lan Hoa Hương Mai Ngọc Thảo Trang Linh Nhung Yến Hạnh Thủy Hà Vy Nga Oanh Huyền Loan Dung Phượng Tuyết Nhi Châu Giang".split()  # fmt: skip
STREETS = ("Lê Lợi|Nguyễn Trãi|Trần Hưng Đạo|Hai Bà Trưng|Lý Thường Kiệt|Điện Biên Phủ|Cách Mạng Tháng 8|Nguyễn Văn Cừ|"
           "Lê Văn Sỹ|Phan Đình Phùng|Hoàng Hoa Thám|Nguyễn Huệ|Võ Văn Tần|Trường Chinh|Giải Phóng|Kim Mã|Láng Hạ|"
           "Xuân Thủy|Bạch Đằng|Hùng Vương|Quang Trung|Lạc Long Quân|Tôn Đức Thắng|Nguyễn Thị Minh Khai|"
           "Đinh Tiên Hoàng|Phạm Văn Đồng|3 Tháng 2|Lý Tự Trọng|Trần Phú|Ngô Quyền|Hàng Bông|Bà Triệu|Nguyễn Du|"
           "Lê Duẩn|Nguyễn Văn Linh|Phan Chu Trinh|Hoàng Diệu|Lê Thánh Tông|Nguyễn Tất Thành").split("|")  # fmt: skip
HAMLET_NAMES = "Đông Hạ|Bình Thạnh|Tân Lập|Chùa|Thượng|Phú Mỹ|Nà Mười|Hòa Bình|An Phú|Tây|3|5|12|Bắc Sơn|Mỹ Lợi".split("|")  # fmt: skip
OLD_DISTRICTS = [("Quận 1", "TP.HCM"), ("Quận 3", "TP. Hồ Chí Minh"), ("quận Bình Thạnh", "TP.HCM"),
                 ("quận Gò Vấp", "Thành phố Hồ Chí Minh"), ("quận Ba Đình", "Hà Nội"), ("quận Đống Đa", "TP Hà Nội"),
                 ("quận Cầu Giấy", "Hà Nội"), ("quận Hải Châu", "TP Đà Nẵng"), ("quận Ninh Kiều", "TP. Cần Thơ"),
                 ("huyện Phú Bình", "tỉnh Thái Nguyên"), ("huyện Hóc Môn", "TP.HCM"), ("thị xã Sơn Tây", "Hà Nội"),
                 ("thành phố Vinh", "tỉnh Nghệ An"), ("huyện Đức Cơ", "tỉnh Gia Lai")]  # fmt: skip
BANKS = "Vietcombank|Techcombank|BIDV|Agribank|VietinBank|MB Bank|ACB|TPBank|Sacombank|VPBank|ngân hàng Quân đội|Ngân hàng TMCP Ngoại thương".split("|")  # fmt: skip
MAIL_DOMAINS = "gmail.com gmail.com gmail.com yahoo.com outlook.com fpt.com.vn hcmut.edu.vn moet.gov.vn".split()
MOBILE = [f"03{d}" for d in "23456789"] + ["056", "058", "059", "070", "076", "077", "078", "079"] + [f"08{d}" for d in "1234589"] + [f"09{d}" for d in "0123468"]  # fmt: skip
CCCD_PLACES = ("001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 "
               "038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 "
               "080 082 083 084 086 087 089 091 092 093 094 095 096").split()  # fmt: skip
NOT_PLACES = (
    "003 005 007 009 013 016 018 021 023 028 029 032 039 041 043 047 050 053 055 057 059 061 063 097 099".split()
)
BHYT_CODES = "DN HC CH HT TB NO XB CC CK CB TE HN DT HS SV GD CN HG".split()
MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def strip_marks(text: str) -> str:
    """Tone marks and đ removed, case kept, one character per character (offsets carry over)."""
    out = []
    for ch in text:
        base = "d" if ch == "đ" else "D" if ch == "Đ" else unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out)


def wards() -> list[tuple[str, str]]:
    """(ward or commune full name, province name) pairs of the 2025 units."""
    path = sorted(UNITS_2025.glob("simplified_json_*.json"))[0]
    units = json.loads(path.read_text(encoding="utf-8"))
    return [(w["FullName"], p["FullName"]) for p in units for w in p["Wards"]]


class Values:
    """Random but reproducible personal data, one rng for the whole build."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.wards = wards()

    def person(self, sex: str) -> list[str]:
        r = self.rng
        middle = MIDDLE_M if sex == "M" else MIDDLE_F
        given = GIVEN_M if sex == "M" else GIVEN_F
        words = [r.choice(FAMILY), r.choice(middle), r.choice(given)]
        if r.random() < 0.15:
            words.insert(2, r.choice(["Thu", "Minh", "Ngọc", "Hoài", "Bảo"]))
        return words

    def phone(self) -> str:
        r = self.rng
        d = r.choice(MOBILE) + "".join(r.choice("0123456789") for _ in range(7))
        return r.choice([d, d, f"{d[:4]}.{d[4:7]}.{d[7:]}", f"{d[:4]} {d[4:7]} {d[7:]}", f"{d[:4]}-{d[4:7]}-{d[7:]}",
                         f"{d[:3]} {d[3:6]} {d[6:]}", f"+84 {d[1:4]} {d[4:7]} {d[7:]}", f"+84{d[1:]}", f"84{d[1:]}",
                         f"{d[:3]}.{d[3:6]}.{d[6:]}"])  # fmt: skip

    def landline(self) -> str:
        r = self.rng
        area = r.choice(["024", "028", "0236", "0251", "0292", "0203"])
        rest = "".join(r.choice("0123456789") for _ in range(11 - len(area) - 1))
        rest = r.choice("2345678") + rest
        half = len(rest) // 2
        return r.choice([f"({area}) {rest[:half]} {rest[half:]}", f"{area}.{rest[:half]}.{rest[half:]}",
                         f"{area} {rest[:half]} {rest[half:]}", area + rest])  # fmt: skip

    def cccd(self, year: int, sex: str, place: str | None = None) -> str:
        century = {1900: 0, 2000: 2}[year // 100 * 100] + (1 if sex == "F" else 0)
        place = place or self.rng.choice(CCCD_PLACES)
        return f"{place}{century}{year % 100:02d}" + "".join(self.rng.choice("0123456789") for _ in range(6))

    def bad_cccd(self, year: int, sex: str) -> tuple[str, str]:
        """An invalid CCCD and why: an unissued place code, an impossible century digit, or the wrong birth year."""
        kind = self.rng.choice(["place", "century", "year"])
        good = self.cccd(year, sex)
        if kind == "place":
            return self.rng.choice(NOT_PLACES) + good[3:], kind
        if kind == "century":
            return good[:3] + self.rng.choice("456789") + good[4:], kind
        other = year + self.rng.choice([-7, -3, -1, 1, 2, 5])
        return good[:4] + f"{other % 100:02d}" + good[6:], kind

    def mst(self, valid: bool = True) -> str:
        while True:
            head = self.rng.choice(["01", "02", "03", "04", "05", "06", "08", "10", "22", "27", "31", "36", "40", "48"])
            body = head + "".join(self.rng.choice("0123456789") for _ in range(7))
            check = 10 - sum(int(a) * w for a, w in zip(body, MST_WEIGHTS, strict=True)) % 11
            if check < 10:
                break
        if valid:
            return body + str(check)
        return body + self.rng.choice([str(d) for d in range(10) if d != check])

    def bhyt(self) -> str:
        r = self.rng
        return r.choice(BHYT_CODES) + r.choice("12345") + r.choice(CCCD_PLACES)[1:] + "".join(r.choice("0123456789") for _ in range(10))  # fmt: skip

    def passport(self) -> str:
        return self.rng.choice("BCCCN") + "".join(self.rng.choice("0123456789") for _ in range(7))

    def plate(self) -> str:
        r = self.rng
        p = r.choice(["29", "30", "51", "59", "43", "92", "36", "37", "47", "61", "74", "88"])
        letter = r.choice("ABCDEFGHKLMNPSTUVXYZ")
        n = "".join(r.choice("0123456789") for _ in range(5))
        return r.choice([f"{p}{letter}-{n[:3]}.{n[3:]}", f"{p}{letter}{r.randint(1, 9)}-{n[:3]}.{n[3:]}",
                         f"{p}{letter} {n}", f"{p}-{letter}{r.randint(1, 9)} {n[:3]}.{n[3:]}", f"{p}{letter}-{n}"])  # fmt: skip

    def account(self) -> str:
        r = self.rng
        n = r.randint(9, 16)
        d = r.choice("0123456789") + "".join(r.choice("0123456789") for _ in range(n - 1))
        return d if r.random() < 0.8 else f"{d[:4]} {d[4:8]} {d[8:]}"

    def email(self, words: list[str] | None) -> str:
        r = self.rng
        if words:
            w = [strip_marks(x).lower() for x in words]
            user = r.choice(["".join(w), ".".join([w[-1], w[0]]), w[-1] + "".join(x[0] for x in w[:-1]),
                             "".join(w) + str(r.randint(70, 99))])  # fmt: skip
        else:
            user = r.choice(["lienhe", "hotro", "info", "contact.vn", "ketoan2023"])
        return f"{user}@{r.choice(MAIL_DOMAINS)}"

    def dob(self, year: int) -> str:
        r = self.rng
        d, m = r.randint(1, 28), r.randint(1, 12)
        return r.choice([f"{d:02d}/{m:02d}/{year}", f"{d}/{m}/{year}", f"{d:02d}-{m:02d}-{year}",
                         f"{d:02d} tháng {m:02d} năm {year}", f"{d:02d}.{m:02d}.{year}"])  # fmt: skip

    def street_address(self) -> str:
        r = self.rng
        street = r.choice(STREETS)
        n = str(r.randint(1, 350))
        return r.choice([f"số {n} đường {street}", f"{n}/{r.randint(1, 40)} {street}", f"ngõ {r.randint(2, 200)} phố {street}",
                         f"hẻm {r.randint(2, 400)} {street}", f"số {n} {street}", f"{n}{r.choice('ABC')} {street}",
                         f"số {n}, ngõ {r.randint(2, 90)}, đường {street}", f"số nhà {n} đường {street}",
                         f"{r.choice(['thôn', 'ấp', 'xóm', 'bản'])} {r.choice(HAMLET_NAMES)}",
                         f"tổ {r.randint(1, 30)}, khu phố {r.randint(1, 9)}"])  # fmt: skip

    def address(self) -> str:
        r = self.rng
        street = self.street_address()
        rural = street.split()[0] in ("thôn", "ấp", "xóm", "bản")
        if rural or r.random() < 0.5:
            ward, province = r.choice([w for w in self.wards if w[0].startswith("Xã")] if rural else self.wards)
            ward = ward[0].lower() + ward[1:] if r.random() < 0.6 else ward
            return f"{street}, {ward}, {province if r.random() < 0.5 else province.split(' ', 1)[1] if province.startswith('Tỉnh') else province}"
        district, province = r.choice(OLD_DISTRICTS)
        return f"{street}, phường {r.choice(['7', '12', 'Bến Nghé', 'Tân Định', 'Cống Vị', 'Dịch Vọng'])}, {district}, {province}"

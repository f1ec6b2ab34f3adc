"""Mock fronts of chip-based citizen identity cards (CCCD), drawn from made-up people: for tests, the evaluation
and demos. No real person's data: names are drawn from common name parts, numbers are random but valid.

>>> from nonla.functions.privacy.provinces import CCCD_PROVINCE_CODES
>>> person = fake_person(random.Random(1))
>>> len(person["number"]), person["number"][:3] in CCCD_PROVINCE_CODES
(12, True)
"""

from __future__ import annotations

import io
import random
from typing import Any

from nonla.functions.privacy.provinces import OLD_PROVINCES

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]  # fmt: skip
MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Hoài", "Gia", "Bảo", "Khánh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hùng", "Hương", "Khoa", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Quyên", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]  # fmt: skip
COMMUNES = ["Xã Yên Phong", "Xã Tân Lập", "Phường Láng Hạ", "Phường Bến Nghé", "Xã Hòa Bình", "Phường Phú Hội",
            "Xã Đông Hưng", "Phường Trung Hòa", "Xã Quảng Điền", "Thị trấn Phú Lộc"]  # fmt: skip
DISTRICTS = ["Huyện Yên Phong", "Quận Đống Đa", "Quận 1", "Huyện Gia Lâm", "Thành phố Huế", "Huyện Tân Yên",
             "Quận Cầu Giấy", "Huyện Thủy Nguyên"]  # fmt: skip
STREETS = ["Số 12, ngõ 34, phố Láng Hạ", "Số 5, đường Lê Lợi", "Thôn Đông, xóm 3", "Tổ 7, khu phố 2",
           "Số 88, đường Trần Hưng Đạo", "Ấp Phú Hòa"]  # fmt: skip
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/freefont/FreeSans.ttf"]
BOLD = {FONTS[0]: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        FONTS[1]: "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"}  # fmt: skip


def fake_person(rng: random.Random) -> dict[str, str]:
    """A made-up card holder whose number agrees with the birth place, sex and year (Circular 07/2016/TT-BCA)."""
    year, month, day = rng.randint(1945, 2005), rng.randint(1, 12), rng.randint(1, 28)
    female = rng.random() < 0.5
    province = rng.choice(sorted(OLD_PROVINCES))
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    number = f"0{province}{century}{year % 100:02d}{rng.randrange(10**6):06d}"
    middle = "Thị" if female and rng.random() < 0.6 else rng.choice(MIDDLE)
    name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}".upper()
    age_2021 = 2021 - year
    limit = next((age for age in (25, 40, 60) if age_2021 < age - 2), None)
    expiry = f"{day:02d}/{month:02d}/{year + limit}" if limit else "Không thời hạn"
    origin = f"{rng.choice(COMMUNES)}, {rng.choice(DISTRICTS)}, {OLD_PROVINCES[province]}"
    residence_1 = rng.choice(STREETS)
    residence_2 = f"{rng.choice(COMMUNES)}, {rng.choice(DISTRICTS)}, {OLD_PROVINCES[rng.choice(sorted(OLD_PROVINCES))]}"
    return {"number": number, "full_name": name, "date_of_birth": f"{day:02d}/{month:02d}/{year}",
            "sex": "Nữ" if female else "Nam", "nationality": "Việt Nam", "place_of_origin": origin,
            "place_of_residence": f"{residence_1}, {residence_2}", "date_of_expiry": expiry,
            "_residence_lines": f"{residence_1}\n{residence_2}"}  # fmt: skip


def render_card(person: dict[str, str], rng: random.Random, width: int = 1000, hard: bool = True) -> bytes:
    """JPEG bytes of the card's front; ``hard`` adds a tinted background, noise, blur and a slight rotation."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    scale = width / 1000
    height = round(630 * scale)
    font_path = rng.choice(FONTS) if hard else FONTS[0]

    def font(size: float, bold: bool = False) -> Any:
        return ImageFont.truetype(BOLD[font_path] if bold else font_path, round(size * scale))

    tint = tuple(rng.randint(215, 245) for _ in range(3)) if hard else (240, 244, 248)
    card = Image.new("RGB", (width, height), tint)
    draw = ImageDraw.Draw(card)

    def at(x: float, y: float) -> tuple[int, int]:
        return round(x * scale), round(y * scale)

    ink = (20, 20, 30)
    draw.text(at(250, 22), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font(26, True), fill=ink)
    draw.text(at(370, 58), "Độc lập - Tự do - Hạnh phúc", font=font(22, True), fill=ink)
    draw.text(at(330, 100), "CĂN CƯỚC CÔNG DÂN", font=font(36, True), fill=(170, 20, 20))
    draw.text(at(380, 146), "Citizen Identity Card", font=font(22), fill=ink)
    draw.rectangle((*at(40, 190), *at(250, 460)), fill=(150, 150, 150))  # the photo
    rows = [
        (190, f"Số / No.: {person['number']}", True),
        (240, "Họ và tên / Full name:", False),
        (275, person["full_name"], True),
        (320, f"Ngày sinh / Date of birth: {person['date_of_birth']}", False),
        (360, f"Giới tính / Sex: {person['sex']}      Quốc tịch / Nationality: {person['nationality']}", False),
        (400, "Quê quán / Place of origin:", False),
        (438, person["place_of_origin"], False),
        (480, "Nơi thường trú / Place of residence: " + person["_residence_lines"].split("\n")[0], False),
        (518, person["_residence_lines"].split("\n")[1], False),
    ]
    for y, text, bold in rows:
        draw.text(at(290, y), text, font=font(27 if bold else 22, bold), fill=ink)
    draw.text(at(40, 560), f"Có giá trị đến: {person['date_of_expiry']}", font=font(18), fill=ink)
    draw.text(at(40, 588), "Date of expiry", font=font(16), fill=ink)
    image = card.convert("L")
    if hard:
        noise = np.random.default_rng(rng.randrange(2**32))
        pixels = np.asarray(image, dtype=np.float32) + noise.normal(0, rng.uniform(4, 14), (height, width))
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.0) * scale))
        image = image.rotate(rng.uniform(-2, 2), Image.Resampling.BICUBIC, expand=True, fillcolor=rng.randint(60, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80 if hard else 70)
    return buffer.getvalue()

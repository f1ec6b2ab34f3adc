"""Vietnam's provinces: the 63 pre-2025 codes (used in citizen-ID numbers) and names old and new, for matching.

CCCD numbers start with a 3-digit place-of-birth code: "0" + the 2-digit GSO code of one of the 63 provinces that
existed when the numbers were issued (Circular 07/2016/TT-BCA). The 2025 merger left 34 provinces but did not
re-number issued cards, so validation uses the 63 old codes. Names come from
/work/shared/data/vn_admin_units_2025_mapping_dvhcvn (old) and vn_admin_units_2025_thanglequoc (new);
tests/functions/test_privacy_pii.py checks this table against those files.

>>> "079" in CCCD_PROVINCE_CODES, "003" in CCCD_PROVINCE_CODES
(True, False)
>>> province_of("ho chi minh"), province_of("TP.HCM", plain=False)
('Hồ Chí Minh', 'Hồ Chí Minh')
"""

from __future__ import annotations

import re

from nonla.functions.privacy.spans import fold

OLD_PROVINCES: dict[str, str] = {
    "01": "Hà Nội", "02": "Hà Giang", "04": "Cao Bằng", "06": "Bắc Kạn", "08": "Tuyên Quang", "10": "Lào Cai",
    "11": "Điện Biên", "12": "Lai Châu", "14": "Sơn La", "15": "Yên Bái", "17": "Hoà Bình", "19": "Thái Nguyên",
    "20": "Lạng Sơn", "22": "Quảng Ninh", "24": "Bắc Giang", "25": "Phú Thọ", "26": "Vĩnh Phúc", "27": "Bắc Ninh",
    "30": "Hải Dương", "31": "Hải Phòng", "33": "Hưng Yên", "34": "Thái Bình", "35": "Hà Nam", "36": "Nam Định",
    "37": "Ninh Bình", "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Bình", "45": "Quảng Trị",
    "46": "Huế", "48": "Đà Nẵng", "49": "Quảng Nam", "51": "Quảng Ngãi", "52": "Bình Định", "54": "Phú Yên",
    "56": "Khánh Hòa", "58": "Ninh Thuận", "60": "Bình Thuận", "62": "Kon Tum", "64": "Gia Lai", "66": "Đắk Lắk",
    "67": "Đắk Nông", "68": "Lâm Đồng", "70": "Bình Phước", "72": "Tây Ninh", "74": "Bình Dương", "75": "Đồng Nai",
    "77": "Bà Rịa - Vũng Tàu", "79": "Hồ Chí Minh", "80": "Long An", "82": "Tiền Giang", "83": "Bến Tre",
    "84": "Trà Vinh", "86": "Vĩnh Long", "87": "Đồng Tháp", "89": "An Giang", "91": "Kiên Giang", "92": "Cần Thơ",
    "93": "Hậu Giang", "94": "Sóc Trăng", "95": "Bạc Liêu", "96": "Cà Mau",
}  # fmt: skip

# The 34 provinces of 2025 all keep one of the old names, so OLD_PROVINCES already holds every current name.
NEW_PROVINCE_CODES = ("01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
                      "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91",
                      "92", "96")  # fmt: skip

CCCD_PROVINCE_CODES = frozenset("0" + code for code in OLD_PROVINCES)

# Everyday spellings people write instead of the official name.
_ALIASES = {
    "TP.HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh", "HCM": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh", "Thừa Thiên Huế": "Huế", "Thừa Thiên - Huế": "Huế", "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu", "BRVT": "Bà Rịa - Vũng Tàu", "HN": "Hà Nội", "Daklak": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk", "Bắc Cạn": "Bắc Kạn",
}  # fmt: skip
_NAMES = {name: name for name in OLD_PROVINCES.values()} | _ALIASES
_BY_FOLDED = {fold(spelling): name for spelling, name in _NAMES.items()}
# Old and new tone-mark placement are both in use: 'Hoà' and 'Hòa', 'Thuỷ' and 'Thủy'.
_PLACEMENT = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ",
              "ũy": "uỹ", "ụy": "uỵ"}  # fmt: skip
_PLACEMENT_RE = re.compile("|".join(_PLACEMENT))


def _exact(spelling: str) -> str:
    key = " ".join(spelling.casefold().replace("–", "-").split())
    return _PLACEMENT_RE.sub(lambda m: _PLACEMENT[m.group()], key)


_BY_EXACT = {_exact(spelling): name for spelling, name in _NAMES.items()}
LONGEST_NAME_TOKENS = 5  # "bà rịa - vũng tàu" is the longest, counting the dash


def province_of(name: str, plain: bool = True) -> str | None:
    """The official name of the province ``name`` denotes, else None. With ``plain`` (a text typed without tone
    marks) names are compared folded; otherwise with their marks, so 'Thanh Hoa' (a person) is not 'Thanh Hóa'.

    >>> province_of("Thanh Hoa"), province_of("Thanh Hoa", plain=False), province_of("Khánh Hoà", plain=False)
    ('Thanh Hóa', None, 'Khánh Hòa')
    """
    table, key = (_BY_FOLDED, " ".join(fold(name).replace("–", "-").split())) if plain else (_BY_EXACT, _exact(name))
    return table.get(key) or table.get(key.replace(" - ", " ").replace("-", " "))

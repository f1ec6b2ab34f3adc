"""Checks that tell a real Vietnamese identifier from a number that merely has the right length.

>>> tax_code_valid("0100109106"), tax_code_valid("0100109107")
(True, False)
>>> cccd_birth_year("001090012345"), cccd_birth_year("003090012345"), cccd_birth_year("001590012345")
(1990, None, None)
>>> phone_national("84912345678"), phone_national("0283822123"), phone_national("02838221234")
('0912345678', None, '02838221234')
"""

from __future__ import annotations

from nonla.functions.privacy.provinces import CCCD_PROVINCE_CODES

# Mobile prefixes in use since the 2018 renumbering (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile, iTel, Reddi).
MOBILE_PREFIXES = frozenset(
    [f"03{d}" for d in "23456789"] + ["052", "055", "056", "058", "059", "070", "076", "077", "078", "079"]
    + [f"08{d}" for d in "123456789"] + [f"09{d}" for d in "0123456789"]
)  # fmt: skip

TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

# Century and sex digit of a CCCD (Circular 07/2016/TT-BCA, art. 7): even = male, odd = female. Only 0–3
# (born 1900–2099) can be on a card issued today; 4–9 stand for 2100–2399 and the 1800s.
CCCD_CENTURY = {"0": 1900, "1": 1900, "2": 2000, "3": 2000}

# BHYT card object codes (Decision 1351/QĐ-BHXH, 2015): the first two letters of the 15-character card number.
BHYT_OBJECT_CODES = frozenset(
    "DN HX CH NN TK HC XK CA HT TB NO CT XB TN CS QN CC CK CB KC HD TE BT HN DT DK XD TS TC TQ TA TY HG LS PV CN "
    "HS SV GB GD ND TL XN MS HK TV QT CY CD XV TD NT".split()
)


def phone_national(digits: str) -> str | None:
    """The number in national form (0…) when ``digits`` is a Vietnamese mobile or landline number, else None.

    Mobiles have 10 digits (0 + a prefix from MOBILE_PREFIXES), landlines 11 (02 + area code + subscriber);
    the international forms drop the 0 after 84.
    """
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits[:3] in MOBILE_PREFIXES:
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits
    return None


def cccd_birth_year(digits: str) -> int | None:
    """The birth year a 12-digit CCCD encodes, or None when its province or century digit cannot be real."""
    if len(digits) != 12 or not digits.isdigit() or digits[:3] not in CCCD_PROVINCE_CODES:
        return None
    century = CCCD_CENTURY.get(digits[3])
    return None if century is None else century + int(digits[4:6])


def tax_code_valid(code: str) -> bool:
    """A 10-digit MST, or 13-digit 'XXXXXXXXXX-YYY', whose 10th digit is the official mod-11 check digit.

    Check digit = 10 − (Σ digit × weight mod 11) over the first nine digits; a result of 10 is never issued.
    """
    head, _, branch = code.partition("-")
    if len(head) != 10 or not head.isdigit() or (branch and (len(branch) != 3 or not branch.isdigit())):
        return False
    if branch == "000":
        return False
    check = 10 - sum(int(d) * w for d, w in zip(head, TAX_WEIGHTS, strict=False)) % 11
    return check < 10 and check == int(head[9])


def bhyt_plausible(code: str) -> bool:
    """A 15-character health-insurance card number: object code, benefit level 1–5, 2-digit place, 10-digit id."""
    return len(code) == 15 and code[:2].isalpha() and code[2] in "12345" and code[3:].isdigit()

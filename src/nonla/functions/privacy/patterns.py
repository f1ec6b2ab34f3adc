"""Pattern detectors: EMAIL, HEALTH_INSURANCE (BHYT), PASSPORT, PLATE and DOB.

Each returns Candidates; cue words are matched in the folded text (see spans.fold), shapes in the original.

>>> from nonla.functions.privacy.cues import CueIndex
>>> from nonla.functions.privacy.spans import fold
>>> text = "Xe biển số 59-X1 123.45 của anh Tùng, sinh ngày 02/09/1991, thẻ BHYT DN4797915123456."
>>> folded = fold(text); cues = CueIndex(folded)
>>> [(c.type, text[c.start:c.end]) for c in (*find_plates(text, cues), *find_dobs(text, folded), *find_bhyt(text, cues))]
[('PLATE', '59-X1 123.45'), ('DOB', '02/09/1991'), ('HEALTH_INSURANCE', 'DN4797915123456')]
>>> text = "Ngày sinh: 1985-02-01, hộ chiếu số B 1234567."
>>> folded = fold(text)
>>> [(text[c.start:c.end], c.info) for c in find_dobs(text, folded)], [text[c.start:c.end] for c in find_passports(text, CueIndex(folded))]
([('1985-02-01', {'year': '1985'})], ['B 1234567'])
"""

from __future__ import annotations

import re

from nonla.functions.privacy.cues import CueIndex
from nonla.functions.privacy.spans import Candidate
from nonla.functions.privacy.validators import BHYT_OBJECT_CODES, bhyt_plausible

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w@-])")  # fmt: skip
_BHYT = re.compile(r"(?<![\w.\-/])([A-Za-z]{2})[ -]?([1-5])[ -]?(\d{2})[ -]?(\d{10})(?![\w])")
# Only read after a passport cue (see find_passports), so a space after the letter ('B 1234567') is safe to allow.
_PASSPORT = re.compile(r"(?<![\w.\-/])([A-Za-z] ?\d{7,8})(?![\w])")
_PLATE = re.compile(r"(?<![\w.\-/])(\d{2}) ?-? ?([A-Za-z]{1,2}\d?) ?[-. ]? ?(\d{3}\.\d{2}|\d{4,5})(?![\w])(?![.,]\d)")
_DOB_CUE = (
    r"(?<![a-z0-9])(?:ngay thang nam sinh|ngay sinh|sinh ngay|sinh nam|nam sinh|sinh thang|sinh|sn|dob|"
    r"d\.o\.b|date of birth|birthday|born)(?![a-z0-9])"
)
_DOB = re.compile(
    _DOB_CUE + r"\s*(?:[:\-]\s*)?(?:(?:la|vao|on)\s+)?(?:(?:ngay|thang|nam)\s+)?"
    r"(?P<date>(?P<d>\d{1,2})(?:\s*[/.\-]\s*|\s+thang\s+)(?P<m>\d{1,2})(?:\s*[/.\-]\s*|\s+nam\s+)(?P<y>\d{4}|\d{2})"
    r"|(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4})"
    r"|(?P<y4>\d{4})(?P<sep>[/.\-])(?P<m4>\d{1,2})(?P=sep)(?P<d4>\d{1,2})"  # ISO order: '1985-02-01'
    r"|(?P<y3>\d{4}))(?![\d/.\-]\d|\w)"
)


def find_emails(text: str) -> list[Candidate]:
    return [Candidate("EMAIL", m.start(), m.end(), 0.99) for m in _EMAIL.finditer(text)]


def find_bhyt(text: str, cues: CueIndex) -> list[Candidate]:
    """'DN4797915123456': object code, benefit level 1–5, 2-digit place code, 10-digit social-insurance number."""
    found = []
    for m in _BHYT.finditer(text):
        code = "".join(m.groups())
        cued = cues.before(m.start(), ("HEALTH_INSURANCE",)) is not None
        if not bhyt_plausible(code) or (not code[:2].isupper() and not cued):
            continue
        known = code[:2].upper() in BHYT_OBJECT_CODES
        found.append(Candidate("HEALTH_INSURANCE", m.start(), m.end(), 0.97 if known or cued else 0.85))
    return found


def find_passports(text: str, cues: CueIndex) -> list[Candidate]:
    """A letter and 7 (new cards: 8) digits, only after a passport cue: the shape alone is too common."""
    return [Candidate("PASSPORT", m.start(), m.end(), 0.95) for m in _PASSPORT.finditer(text)
            if cues.before(m.start(), ("PASSPORT",)) is not None]  # fmt: skip


def find_plates(text: str, cues: CueIndex) -> list[Candidate]:
    """'29A-123.45', '51F1-234.56', '30E 12345', '59-X1 123.45': province 11–99, series, 4–5 digits."""
    found = []
    for m in _PLATE.finditer(text):
        province, series, _ = m.groups()
        cued = cues.before(m.start(), ("PLATE",)) is not None
        if not 11 <= int(province) <= 99 or (not series.isupper() and not cued):
            continue
        found.append(Candidate("PLATE", m.start(), m.end(), 0.97 if cued else 0.88))
    return found


def find_dobs(text: str, folded: str) -> list[Candidate]:
    """Dates right after 'sinh ngày', 'ngày sinh', 'sinh năm', 'SN', …; the span is the date, its year in info."""
    found = []
    for m in _DOB.finditer(folded):
        day, month = int(m["d"] or m["d4"] or 1), int(m["m"] or m["m2"] or m["m4"] or 1)
        year_text = m["y"] or m["y2"] or m["y4"] or m["y3"]
        year = int(year_text) if len(year_text) == 4 else 1900 + int(year_text)
        if len(year_text) == 2 and year < 1930:
            year += 100  # 'sinh 05/06/07' is 2007, not 1907
        if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2099):
            continue
        found.append(Candidate("DOB", m.start("date"), m.end("date"), 0.95, {"year": str(year)}))
    return found

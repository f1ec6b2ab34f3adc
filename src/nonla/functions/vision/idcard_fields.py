"""Reading the fields of a CCCD front from OCR lines: find the printed labels, take what follows them.

Labels are matched on folded text (lower case, no tone marks) so OCR slips in diacritics do not lose a field; the
value is cut from the original line at the same offsets.

>>> lines = [("Số / No.: 001090012345", 0.9), ("Họ và tên / Full name:", 0.9), ("NGUYỄN VĂN AN", 0.8),
...          ("Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam", 0.9)]
>>> found = read_fields(lines)
>>> found["number"], found["full_name"], found["sex"], found["nationality"]
(('001090012345', 0.9), ('NGUYỄN VĂN AN', 0.8), ('Nam', 0.9), ('Việt Nam', 0.9))
"""

from __future__ import annotations

import re

from nonla.functions.privacy.spans import fold

FIELDS = ("number", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin", "place_of_residence",
          "date_of_expiry")  # fmt: skip

# Vietnamese label (folded), then the English one the card prints after a slash: the English part is optional
# because OCR often drops it, and alone it still marks the field when OCR garbled the Vietnamese ("Gi nh / Sex").
_LABELS = {
    "number": r"\bs[o0]\s*[/|l1]\s*n[o0]\b\.?",
    "full_name": r"\bh[o0]\s*v[a@]\s*ten\b(?:\s*[/|]?\s*full\s*nam[e]?)?|[/|]\s*full\s*name\b",
    "date_of_birth": r"\bngay\s*sinh\b(?:\s*[/|]?\s*date\s*of\s*birth)?|[/|]\s*date\s*of\s*birth\b",
    "sex": r"\bgi[o0]i\s*tinh\b(?:\s*[/|]?\s*sex)?|[/|]\s*sex\b",
    "nationality": r"\bqu[o0]c\s*tich\b(?:\s*[/|]?\s*nationa[l1]ity)?|[/|]\s*nationa[l1]ity\b",
    "place_of_origin": r"\bque\s*quan\b(?:\s*[/|]?\s*p[l1]ace\s*of\s*origin)?|[/|]\s*p[l1]ace\s*of\s*origin\b",
    "place_of_residence": r"\bn[o0]i\s*thuong\s*tru\b(?:\s*[/|]?\s*p[l1]ace\s*of\s*residence)?|[/|]\s*p[l1]ace\s*of\s*residence\b",
    "date_of_expiry": r"\bg[i1]a\s*tr[i1]\s*den\b",
    "_ignore": r"\bdate\s*of\s*expiry\b|\bcitizen\s*identity\s*card\b|\bcan\s*cuoc\s*cong\s*dan\b",
}
_LABEL = re.compile("|".join(f"(?P<{name.strip('_') or 'x'}>{pattern})" for name, pattern in _LABELS.items()))
_DATE = re.compile(r"([0-3O]?[0-9O])\s*[/.\-]\s*([01O]?[0-9O])\s*[/.\-]\s*((?:19|20)[0-9O]{2})")
_DIGITLIKE = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2"})
_ENGLISH_LABEL = re.compile(r"^\s*[/|][^:\d]{0,30}:")
_MULTILINE = {"place_of_origin": 1, "place_of_residence": 1}  # continuation lines a value may take

Found = dict[str, tuple[str, float]]


def _clean(value: str) -> str:
    value = re.sub(r"^[\s:;.,/|_—-]+|[\s:;.,/|_—-]+$", "", value)
    return " ".join(value.split())


def number_in(text: str) -> str | None:
    """A 12-digit run, forgiving the letters OCR reads for digits.

    >>> number_in("Số / No.: 0O109OO12345"), number_in("Số: 123")
    ('001090012345', None)
    """
    for token in re.findall(r"[0-9OoDIl|SBZ ]{12,20}", text):
        digits = token.replace(" ", "").translate(_DIGITLIKE)
        match = re.search(r"(?<!\d)\d{12}(?!\d)", digits)
        if match:
            return match.group()
    return None


def date_in(text: str) -> str | None:
    """dd/mm/yyyy from a date OCR may have spaced or misread.

    >>> date_in("Ngày sinh: 01 / O2 /1 990"), date_in("31/02/1990")
    ('01/02/1990', None)
    """
    match = _DATE.search(re.sub(r"(?<=\d) (?=\d)", "", text))  # "17/12/1 950": OCR split a number
    if not match:
        return None
    day, month, year = (int(part.replace("O", "0")) for part in match.groups())
    import datetime

    try:
        return datetime.date(year, month, day).strftime("%d/%m/%Y")
    except ValueError:
        return None


def _segments(text: str) -> list[tuple[str | None, str]]:
    """(label or None, the text that follows it up to the next label) along one line."""
    folded = fold(text)
    matches = [m for m in _LABEL.finditer(folded)]
    if not matches:
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    if matches[0].start() > 0 and text[: matches[0].start()].strip():
        out.append((None, text[: matches[0].start()]))
    for match, following in zip(matches, matches[1:] + [None], strict=True):
        name = match.lastgroup if match.lastgroup != "x" else "_ignore"
        out.append((name, text[match.end() : following.start() if following else len(text)]))
    return out


def _value(field: str, raw: str) -> str | None:
    raw = _ENGLISH_LABEL.sub("", raw, count=1)  # an English label OCR garbled past the pattern ("/ Full narne:")
    if field == "number":
        return number_in(raw)
    if field in ("date_of_birth", "date_of_expiry"):
        if field == "date_of_expiry" and "khong thoi han" in fold(raw):
            return "Không thời hạn"
        return date_in(raw)
    if field == "sex":
        word = fold(_clean(raw)).split()
        return {"nam": "Nam", "nu": "Nữ"}.get(word[0]) if word else None
    value = _clean(raw)
    return value or None


def read_fields(lines: list[tuple[str, float]]) -> Found:
    """field -> (value, the OCR confidence of the lines it came from), for the fields found."""
    found: Found = {}
    pending: str | None = None  # a label whose value is on the next line
    open_field: str | None = None  # a value that may continue on the next line
    extra = 0
    for text, confidence in lines:
        segments = _segments(text)
        if segments == [(None, text)]:
            if pending and (value := _value(pending, text)):
                found[pending] = (value, confidence)
                open_field, extra, pending = (pending if pending in _MULTILINE else None), 0, None
            elif open_field and extra < _MULTILINE[open_field] and _clean(text):
                value, score = found[open_field]
                found[open_field] = (f"{value}, {_clean(text)}", min(score, confidence))
                extra += 1
            elif number_in(text) and "number" not in found:
                found["number"] = (number_in(text) or "", confidence)
            continue
        pending = open_field = None
        for label, following in segments:
            if label is None or label == "_ignore" or label in found:
                continue
            value = _value(label, following)
            if value:
                found[label] = (value, confidence)
                open_field, extra = (label if label in _MULTILINE else None), 0
            else:
                pending = label
    return found

"""Digit runs → PHONE, ID (CCCD/CMND), TAX_CODE or BANK_ACCOUNT, decided by validators and the nearest cue.

A run is digits in groups joined by spaces, a dot or a dash, spaced or not ("0912 345 678", "(028) 3822 1234",
"0101234567-001", "0912 - 345 - 678"). Consecutive groups are tried longest first, so one run can hold several numbers
("0912345678 0987654321") and the groups of one number are never split.

>>> from nonla.functions.privacy.cues import CueIndex
>>> from nonla.functions.privacy.spans import fold
>>> text = "SĐT 0912.345.678, CCCD 001090012345, MST 0100109107"
>>> [(c.type, text[c.start:c.end]) for c in find_numbers(text, CueIndex(fold(text)), [])]
[('PHONE', '0912.345.678'), ('ID', '001090012345')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nonla.functions.privacy.cues import CueIndex
from nonla.functions.privacy.spans import Candidate
from nonla.functions.privacy.validators import cccd_birth_year, phone_national, tax_code_valid

_GROUP = r"(?:\(\+?\d+\)|\+?\d+)"  # '0912', '+84', '(028)', '(+84)'; a ')' only closes a '('
# Between groups: spaces, a dash with or without spaces around it, or a dot with none ('12. 345' ends a sentence).
_SEP = r"(?:[ \t]*-[ \t]*|[ \t]+|\.)"
_RUN = re.compile(rf"(?<![\w.,/+\-]){_GROUP}(?:{_SEP}{_GROUP})*")
_PIECE = re.compile(_GROUP)
MAX_GROUPS = 6
DOB_DISTANCE = 300  # a date of birth further away than this belongs to someone else's record
_INVALID = ("", 0.0)  # a number its cue names but that fails that type's check: flag nothing, try nothing shorter


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    plus: bool


def _groups(text: str, start: int, end: int) -> list[_Group]:
    return [_Group(m.start(), m.end(), re.sub(r"\D", "", m.group()), "+" in m.group())
            for m in _PIECE.finditer(text, start, end)]  # fmt: skip


def _between(text: str, first: _Group, second: _Group) -> str:
    """What joins two groups: '.', '-' (spaces around it ignored) or ' '."""
    return text[first.end : second.start].strip() or " "


def _money_like(groups: list[_Group], text: str) -> bool:
    """'20.000.000' is an amount of money, never an account number."""
    seps = {_between(text, a, b) for a, b in zip(groups, groups[1:], strict=False)}
    return (
        len(groups) > 1 and seps <= {"."} and len(groups[0].digits) <= 3 and all(len(g.digits) == 3 for g in groups[1:])
    )


def _dob_agrees(year: int, start: int, dobs: list[Candidate]) -> bool:
    near = [d for d in dobs if abs(d.start - start) <= DOB_DISTANCE and d.info.get("year")]
    if not near:
        return True
    nearest = min(near, key=lambda d: abs(d.start - start))
    return int(nearest.info["year"]) == year


def _classify(groups: list[_Group], text: str, cue: str | None, dobs: list[Candidate]) -> tuple[str, float] | None:
    digits = "".join(g.digits for g in groups)
    n = len(digits)
    if groups[0].plus and not digits.startswith("84"):
        return None  # a foreign number: not in scope
    branch = (
        len(groups) == 2
        and _between(text, *groups) == "-"
        and (len(groups[0].digits), len(groups[1].digits)) == (10, 3)
    )
    year = cccd_birth_year(digits)
    cccd_ok = year is not None and _dob_agrees(year, groups[0].start, dobs)
    if cue == "TAX_CODE" and n in (10, 13):
        return ("TAX_CODE", 0.97) if tax_code_valid(f"{digits[:10]}-{digits[10:]}" if branch else digits) else _INVALID
    if cue == "ID" and n in (9, 12):
        return ("ID", 0.97) if n == 9 or cccd_ok else _INVALID
    if cue == "BANK_ACCOUNT" and 8 <= n <= 19 and not _money_like(groups, text):
        return "BANK_ACCOUNT", 0.95
    if phone_national(digits):
        return "PHONE", 0.97 if cue == "PHONE" else 0.9
    if n == 12 and cccd_ok:
        return "ID", 0.8
    if branch and tax_code_valid(f"{digits[:10]}-{digits[10:]}"):
        return "TAX_CODE", 0.9
    return None  # a bare 10-digit number is a tax code only after a cue: order and transaction numbers look the same


def find_numbers(text: str, cues: CueIndex, dobs: list[Candidate]) -> list[Candidate]:
    """PHONE, ID, TAX_CODE and BANK_ACCOUNT candidates in ``text``; ``dobs`` are DOB candidates (for CCCD years).

    A phone number right after another one and a '/' or ',' ("ĐT: 0912345678/0987654321") is a second phone:
    runs start only after a space or punctuation that cannot join them to a number (12/2023, 1,5), so those
    are looked for next to each phone found.
    """
    found = _runs(text, [(m.start(), m.end()) for m in _RUN.finditer(text)], cues, dobs)
    queue = [c for c in found if c.type == "PHONE"]
    while queue:
        after = _NEXT_PHONE.match(text, queue.pop().end)
        if after is None:
            continue
        more = [c for c in _runs(text, [(after.start(1), after.end(1))], cues, dobs) if c.type == "PHONE"]
        found += more
        queue += more
    return sorted(found, key=lambda c: c.start)


_NEXT_PHONE = re.compile(rf"\s*[/,;]\s*({_GROUP}(?:{_SEP}{_GROUP})*)")


def _runs(text: str, runs: list[tuple[int, int]], cues: CueIndex, dobs: list[Candidate]) -> list[Candidate]:
    found: list[Candidate] = []
    for start, end in runs:
        groups = _groups(text, start, end)
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + MAX_GROUPS) - 1, i - 1, -1):
                part = groups[i : j + 1]
                if sum(len(g.digits) for g in part) > 19:
                    continue
                after = text[part[-1].end : part[-1].end + 1]
                if after.isalnum():
                    continue  # '1990s', '45B': the number runs on into a word
                kind = _classify(part, text, cues.before(part[0].start), dobs)
                if kind is None:
                    continue
                if kind != _INVALID:
                    found.append(Candidate(kind[0], part[0].start, part[-1].end, kind[1]))
                i = j
                break
            i += 1
    return found

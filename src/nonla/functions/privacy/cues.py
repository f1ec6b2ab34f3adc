"""Cue words that say what a nearby number is, matched in folded text (lower case, no tone marks).

"SĐT 0912…", "số tài khoản 0071…", "CCCD số 0010…": the nearest cue before a number decides between a phone,
a bank account, an ID and a tax code when the digits alone could be several of them.

>>> folded = "sdt: 0912, stk vietcombank 0071"
>>> [(kind, folded[s:e]) for kind, s, e in find_cues(folded)]
[('PHONE', 'sdt'), ('BANK_ACCOUNT', 'stk'), ('BANK_ACCOUNT', 'vietcombank')]
"""

from __future__ import annotations

import bisect
import re

BANKS = (
    "vietcombank|vcb|techcombank|tcb|bidv|agribank|vietinbank|vietin bank|mbbank|mb bank|mb|acb|tpbank|tp bank|"
    "sacombank|vpbank|vp bank|shb|hdbank|ocb|msb|seabank|vib|eximbank|lpbank|lienvietpostbank|bac a bank|scb|"
    "nam a bank|abbank|pvcombank|kienlongbank|vietbank|baoviet bank|bvbank|dong a bank|dongabank|cake|timo|"
    "ngan hang|nh tmcp|ubank|vikki"
)
_CUES = {
    "PHONE": r"so dien thoai|dien thoai|sdt|s\.d\.t|dtdd|dt|di dong|lien he|lien lac|hotline|zalo|phone|tel|"
    r"mobile|goi|nhan tin|sms|viber|fax|telegram",
    "BANK_ACCOUNT": r"so tai khoan|tai khoan ngan hang|tai khoan|so tk|stk|tk|account|a/c|chuyen khoan|ck|" + BANKS,
    "ID": r"can cuoc cong dan|the can cuoc|can cuoc|cccd|cmnd|cmt|chung minh nhan dan|chung minh thu|chung minh|"
    r"so dinh danh ca nhan|so dinh danh|dinh danh|ddcn",
    "TAX_CODE": r"ma so thue|mst|ma so doanh nghiep|msdn|ma so dn|tax code|tax id",
    "PASSPORT": r"ho chieu|passport|so hc|hc so",
    "HEALTH_INSURANCE": r"bao hiem y te|bhyt|the bao hiem|ma the",
    "PLATE": r"bien so xe|bien so|bien kiem soat|bks|bsx|xe may|xe o to|o to|xe",
}
_CUE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _CUES.items()) + r")(?![a-z0-9])"
)
WINDOW = 50  # a cue further back than this (in characters) says nothing about a number


def find_cues(folded: str) -> list[tuple[str, int, int]]:
    """Every cue in the folded text as (type, start, end), in order."""
    return [(m.lastgroup or "", m.start(), m.end()) for m in _CUE.finditer(folded)]


class CueIndex:
    """Nearest cue before a position, answered in log time (texts may be long)."""

    def __init__(self, folded: str) -> None:
        self.cues = find_cues(folded)
        self.ends = [end for _, _, end in self.cues]

    def before(self, position: int, kinds: tuple[str, ...] | None = None, window: int = WINDOW) -> str | None:
        """The type of the nearest cue ending at most ``window`` characters before ``position`` (of ``kinds``)."""
        index = bisect.bisect_right(self.ends, position) - 1
        while index >= 0 and position - self.ends[index] <= window:
            kind = self.cues[index][0]
            if kinds is None or kind in kinds:
                return kind
            index -= 1
        return None

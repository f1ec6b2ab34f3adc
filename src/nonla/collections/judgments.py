"""Split a Vietnamese court judgment (bản án) into its parts: header, facts, reasoning, decision.

Ids read ``<judgment id>/header``, ``/facts``, ``/reasoning``, ``/decision``; a part missing from the text is left out.

>>> parts = split_judgment("TÒA ÁN NHÂN DÂN TỈNH A\\nBẢN ÁN 12/2024/HS-ST\\nNỘI DUNG VỤ ÁN:\\nBị cáo lấy trộm xe.\\n"
...                        "NHẬN ĐỊNH CỦA TÒA ÁN:\\nHành vi cấu thành tội trộm cắp.\\nQUYẾT ĐỊNH:\\nPhạt 2 năm tù.", "ba-12-2024")
>>> [(p.id, p.text.splitlines()[-1]) for p in parts]
[('ba-12-2024/header', 'BẢN ÁN 12/2024/HS-ST'), ('ba-12-2024/facts', 'Bị cáo lấy trộm xe.'), ('ba-12-2024/reasoning', 'Hành vi cấu thành tội trộm cắp.'), ('ba-12-2024/decision', 'Phạt 2 năm tù.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Headings as courts write them: in capitals or not, "Tòa" or the older "Toà"; judgments before 2015 open their
# facts with "NHẬN THẤY" and their reasoning with "XÉT THẤY" (capitals only: "Xét thấy" also opens sentences).
MARKERS = (
    ("facts", re.compile(r"^\s*(?:NỘI DUNG VỤ ÁN|NỘI DUNG VỤ VIỆC|Nội dung vụ án|Nội dung vụ việc|NHẬN THẤY)\s*:?",
                         re.MULTILINE)),
    ("reasoning", re.compile(r"^\s*(?:NHẬN ĐỊNH CỦA (?:TÒA ÁN|TOÀ ÁN|HỘI ĐỒNG XÉT XỬ)"
                             r"|Nhận định của (?:Tòa án|Toà án|Hội đồng xét xử)|XÉT THẤY)\s*:?", re.MULTILINE)),
    ("decision", re.compile(r"^\s*(?:Vì các lẽ trên,?\s*)?(?:QUYẾT ĐỊNH|TUYÊN XỬ|Quyết định|Tuyên xử)\s*:?\s*$|^\s*(?:QUYẾT ĐỊNH|TUYÊN XỬ)\s*:", re.MULTILINE)),
)  # fmt: skip


@dataclass(frozen=True)
class JudgmentPart:
    id: str
    part: str  # header | facts | reasoning | decision
    text: str
    start: int
    end: int


def is_judgment(text: str) -> bool:
    """A judgment has a decision and its facts or reasoning under their headings (whatever else it quotes)."""
    marker = dict(MARKERS)
    return bool(marker["decision"].search(text)) and bool(marker["facts"].search(text) or marker["reasoning"].search(text))


def split_judgment(text: str, judgment_id: str) -> list[JudgmentPart]:
    starts: list[tuple[int, str]] = [(0, "header")]
    cursor = 0
    for part, marker in MARKERS:
        match = marker.search(text, cursor)
        if match:
            starts.append((match.start(), part))
            cursor = match.end()
    bounds = [*starts, (len(text), "")]
    parts = []
    for (start, part), (end, _) in zip(bounds, bounds[1:], strict=False):
        body = text[start:end].strip()
        if body:
            parts.append(JudgmentPart(f"{judgment_id}/{part}", part, body, start, end))
    return parts

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

MARKERS = (
    ("facts", re.compile(r"^\s*(?:NỘI DUNG VỤ ÁN|NỘI DUNG VỤ VIỆC|Nội dung vụ án)\s*:?", re.MULTILINE)),
    ("reasoning", re.compile(r"^\s*(?:NHẬN ĐỊNH CỦA (?:TÒA ÁN|TOÀ ÁN|HỘI ĐỒNG XÉT XỬ)|Nhận định của (?:Tòa án|Hội đồng xét xử))\s*:?", re.MULTILINE)),
    ("decision", re.compile(r"^\s*(?:Vì các lẽ trên,?\s*)?(?:QUYẾT ĐỊNH|TUYÊN XỬ)\s*:?\s*$|^\s*(?:QUYẾT ĐỊNH|TUYÊN XỬ)\s*:", re.MULTILINE)),
)  # fmt: skip


@dataclass(frozen=True)
class JudgmentPart:
    id: str
    part: str  # header | facts | reasoning | decision
    text: str
    start: int
    end: int


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

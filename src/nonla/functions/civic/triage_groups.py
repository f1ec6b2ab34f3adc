"""Near-duplicate groups among the messages of one call and the earlier messages it brings (text.dedupe@1).

A group's id is stable: the id of its earliest message from ``recent`` when it has one (the smallest id), otherwise
'dup-' and the first 12 hex digits of the smallest sha256 of its members' texts, so the same messages get the same
id whatever the order or the batch they arrive in.

>>> groups(["Rác ở đầu ngõ 66 Thái Hà ba ngày chưa thu gom", "rac o dau ngo 66 Thai Ha 3 ngay chua thu gom",
...         "Mất điện cả khu phố 3"], [])
['dup-022747fb9ad7', 'dup-022747fb9ad7', None]
>>> groups(["Đèn đường ngõ 5 phố Huế bị hỏng"], [("PA-2026-0141", "Đèn đường ở ngõ 5 phố Huế hỏng rồi")])
['PA-2026-0141']
"""

from __future__ import annotations

import hashlib
import unicodedata

from nonla.core.runner import subcall

DEDUPE = "text.dedupe@1"
# Chosen on the train split of tests/data/civic: every near-duplicate pair found at 0.4 and no false pair; at 0.5 two
# of 24 pairs were missed (reports of one problem share fewer words than copies of one document do).
THRESHOLD = 0.4
MAX_TEXTS = 10_000  # text.dedupe's limit


def _digest(text: str) -> str:
    key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def groups(texts: list[str], recent: list[tuple[str, str]]) -> list[str | None]:
    """The group id of each text (None when it has no near-duplicate); recent = (id, text) of earlier messages."""
    pool = texts + [text for _, text in recent][: MAX_TEXTS - len(texts)]
    if len(pool) < 2:
        return [None] * len(texts)
    result = subcall(DEDUPE, [{"texts": pool, "threshold": THRESHOLD}])[0]
    found = getattr(result, "groups", None)
    if found is None:  # an error: grouping is a hint, never a reason to fail the triage
        return [None] * len(texts)
    out: list[str | None] = [None] * len(texts)
    for members in found:
        earlier = sorted(recent[i - len(texts)][0] for i in members if i >= len(texts))
        name = earlier[0] if earlier else "dup-" + min(_digest(pool[i]) for i in members)[:12]
        for i in members:
            if i < len(texts):
                out[i] = name
    return out

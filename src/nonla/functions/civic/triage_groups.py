"""Near-duplicate groups among the messages of one call and the earlier messages it brings (text.dedupe@1).

A group's id is stable: the id of its earliest message from ``recent`` when it has one (the smallest id, numbers
compared as numbers), otherwise 'dup-' and the first 12 hex digits of the smallest sha256 of its members' texts, so
the same messages get the same id whatever the order or the batch they arrive in.

Messages are compared masked, where every address reads '[ADDRESS]': two reports of one problem at two places look
alike. So a group whose members name different places (``where``: province and ward as resolved) is split by place.

>>> groups(["Rác ở đầu ngõ 66 Thái Hà ba ngày chưa thu gom", "rac o dau ngo 66 Thai Ha 3 ngay chua thu gom",
...         "Mất điện cả khu phố 3"], [])
['dup-022747fb9ad7', 'dup-022747fb9ad7', None]
>>> groups(["Đèn đường ngõ 5 phố Huế bị hỏng"], [("PA-2026-0141", "Đèn đường ở ngõ 5 phố Huế hỏng rồi")])
['PA-2026-0141']
>>> places = {0: ("Thành phố Hà Nội", None), 1: ("Thành phố Hồ Chí Minh", "Phường Sài Gòn")}
>>> groups(["Hố ga ở [ADDRESS] bị mất nắp", "Hố ga ở [ADDRESS] bị mất nắp"], [], lambda asked: places)
[None, None]
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

from nonla.core.runner import subcall

DEDUPE = "text.dedupe@1"
# Chosen on the train split of tests/data/civic: every near-duplicate pair found at 0.4 and no false pair; at 0.5 two
# of 24 pairs were missed (reports of one problem share fewer words than copies of one document do).
THRESHOLD = 0.4
MAX_TEXTS = 10_000  # text.dedupe's limit

Place = tuple[str | None, str | None]  # (province, ward) as resolved; None where unknown
PlaceOf = Callable[[int], Place | None]  # the place of a pool member: the texts first, then the recent messages
# The places of the pool members asked, all in one call: finding a recent message's place may cost a geo.address call
Where = Callable[[list[int]], dict[int, Place | None]]


def _digest(text: str) -> str:
    key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def id_order(message_id: str) -> tuple[int, int, str]:
    """Sort key of message ids: numbers as numbers ('9' before '10'), before any other id.

    >>> sorted(["10", "9", "PA-2", "PA-10"], key=id_order)
    ['9', '10', 'PA-10', 'PA-2']
    """
    plain_number = message_id.isascii() and message_id.isdigit()  # '²' is a digit to isdigit, not to int
    return (0, int(message_id), "") if plain_number else (1, 0, message_id)


def _same_place(a: Place, b: Place) -> bool:
    """No part known on both sides differs (a message naming only the province fits any ward of it)."""
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def by_place(members: list[int], where: PlaceOf) -> list[list[int]]:
    """A group split so that no two members name different places.

    Members with a place go, the most precise first, to the first part whose members are all at their place;
    members without one stay with the others only when all those are at one place.

    >>> where = {0: ("Hà Nội", "Phường Thượng Đình"), 1: ("TP HCM", None), 2: None, 3: ("Hà Nội", None)}.get
    >>> by_place([0, 1, 2, 3], where), by_place([0, 2, 3], where)
    ([[0, 3], [1], [2]], [[0, 3, 2]])
    """
    placed: list[tuple[int, Place]] = []
    unknown = []
    for member in members:
        place = where(member)
        if place is None or place == (None, None):
            unknown.append(member)
        else:
            placed.append((member, place))
    placed.sort(key=lambda item: (-sum(part is not None for part in item[1]), str(item[1]), item[0]))
    parts: list[list[tuple[int, Place]]] = []
    for member, place in placed:
        home = next((part for part in parts if all(_same_place(place, other) for _, other in part)), None)
        if home is None:
            parts.append([(member, place)])
        else:
            home.append((member, place))
    split = [[member for member, _ in part] for part in parts]
    if len(split) <= 1:
        return [(split[0] if split else []) + unknown]
    return split + ([unknown] if unknown else [])


def members(texts: list[str], recent: list[tuple[str, str]], where: Where | None = None) -> list[list[int]]:
    """The near-duplicate groups (of two members or more) as indices into texts + recent."""
    pool = texts + [text for _, text in recent][: MAX_TEXTS - len(texts)]
    if len(pool) < 2:
        return []
    result = subcall(DEDUPE, [{"texts": pool, "threshold": THRESHOLD}])[0]
    found = getattr(result, "groups", None)
    if found is None:  # an error: grouping is a hint, never a reason to fail the triage
        return []
    if where is None:
        return [list(group) for group in found]
    known = where(sorted({member for group in found for member in group}))
    return [part for group in found for part in by_place(list(group), known.get) if len(part) > 1]


def groups(texts: list[str], recent: list[tuple[str, str]], where: Where | None = None) -> list[str | None]:
    """The group id of each text (None when it has no near-duplicate); recent = (id, text) of earlier messages."""
    out: list[str | None] = [None] * len(texts)
    for group in members(texts, recent, where):
        earlier = sorted((recent[i - len(texts)][0] for i in group if i >= len(texts)), key=id_order)
        digests = (_digest(texts[i] if i < len(texts) else recent[i - len(texts)][1]) for i in group)
        name = earlier[0] if earlier else "dup-" + min(digests)[:12]
        for i in group:
            if i < len(texts):
                out[i] = name
    return out

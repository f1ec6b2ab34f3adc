"""Numbers in text.dedupe: one token per number however it is written, and no group whose members disagree on one.

A house number, an amount, a date, a phone or a case number is one token among many, so two reports that differ
only there still share most of their syllables; yet they come from different households or cases. So a number is
read as one canonical token ("500.000", "500,000" and "500000" are all "500000"; "0912 345 678" and
"+84 912-345-678" are one phone; "05/03/2024" and "5-3-2024" are one date, "123/2024" one case number; leading
zeros go), and two texts disagree when each mentions a number the other does not. Mentioning fewer numbers is not
disagreeing: a copy that drops the house number still matches.

>>> [canonical(t) for t in TOKEN.findall("Phạt 500.000đ, gọi +84 912-345-678 trước 05/03, hồ sơ 12-QĐ")]
['Phạt', '500000', 'đ', 'gọi', '912345678', 'trước', '5/3', 'hồ', 'sơ', '12', 'QĐ']
>>> disagree(frozenset({"12", "5"}), frozenset({"48", "5"})), disagree(frozenset({"12", "5"}), frozenset({"5"}))
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

# Numbers, in order: a phone (its groups, however separated, are one number), digits grouped by thousands
# ("1.500.000", "1,500"), digits joined by / - : (a date, a time, a case number: one number whose parts keep their
# order, so "12/5" is not "5/12" and its day cannot pass for a house number 12), digits around one symbol that means
# nothing inside a number (a slip: "6%5" is the 65 of "65%", its digits in the same order), any other run of
# digits. The other tokens are runs of letters, split from digits ("5km" is "5", "km") so "5km" and "5 km" read alike.
# A "." or "," before fewer or more than 3 digits is a decimal or a list: "1,5" is "1" and "5", and so is "1.5".
# Digits are 0-9: other scripts' digits (and "²") are read as letters, so a text without 0-9 has no numbers.
_PHONE = r"(?:\+84[ .-]?|0)[0-9]{2,3}(?:[ .-]?[0-9]{3,4}){2}(?![.,]?[0-9])"
_THOUSANDS = r"[0-9]{1,3}(?:[.,][0-9]{3})+(?![.,]?[0-9])"
_JOINED = r"[0-9]+(?:[/:-][0-9]+)+"
_SLIPPED = r"[0-9]+(?:[^\w\s.,/:+*×-][0-9]+)+"  # not + * ×: "5*3" is a size
NUMBER = re.compile(rf"{_PHONE}|{_THOUSANDS}|{_JOINED}|{_SLIPPED}|[0-9]+")
# Letters first, possessive, and numbers tried only where one can start: the same tokens, a third faster.
TOKEN = re.compile(rf"[^\W0-9]++|(?=[0-9+])(?:{NUMBER.pattern})")
_ONE_FIGURE = re.compile(rf"{_PHONE}|{_THOUSANDS}|{_SLIPPED}")
_NOT_DIGITS = re.compile(r"[^0-9]+")


def has_digit(text: str) -> bool:
    # Ten substring scans are a third of the time of one regular expression search, once per text of millions.
    return (
        "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
        or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
    )  # fmt: skip


def is_number(token: str) -> bool:
    return "0" <= token[-1:] <= "9"  # a token is all digits and separators, or has none


@functools.lru_cache(maxsize=1 << 16)  # texts repeat their tokens; normalise asks once per token
def canonical(token: str) -> str:
    """A number without leading zeros: a phone, a grouped or a slipped figure as its digits (no +84), a date or a case
    number as its parts joined by "/"; any other token as it is."""
    if not is_number(token):
        return token
    if _ONE_FIGURE.fullmatch(token):
        digits = _NOT_DIGITS.sub("", token)
        return (digits[2:] if token[0] == "+" else digits).lstrip("0") or "0"
    return "/".join(part.lstrip("0") or "0" for part in _NOT_DIGITS.split(token))


def numbers(text: str) -> frozenset[str]:
    """The canonical numbers a text mentions: its number tokens, found without reading its words."""
    return frozenset(map(canonical, NUMBER.findall(text)))


def disagree(one: frozenset[str], other: frozenset[str]) -> bool:
    return not (one <= other or other <= one)


def keep_numbers_apart(
    labels: Any,
    pairs: Any,
    similarity: Any,
    keys: Any,
    numbers_of: Callable[[int], frozenset[str]],
    components: Callable[[int, Any], Any],
) -> Any:
    """Group labels with no two members of a group disagreeing on numbers.

    ``labels`` are the connected components of the confirmed ``pairs``, as ``components(n, pairs)`` labels them;
    ``keys`` hold a hash of each text's numbers (0: none). A component whose texts mention at most one set of numbers
    is kept as it is, found with numpy alone. Any other is rebuilt: texts with the same numbers (or none) cannot
    disagree, so their links are all kept; then the other links, from the most similar down, unless one would put two
    disagreeing texts in one group. A report without a house number joins the household it is closest to (of two
    equally close, the same one in any order of the input).
    """
    import numpy as np

    mixed = _mixed(labels, keys)
    if not mixed.any():
        return labels
    n = len(labels)
    inside = mixed[labels[pairs[:, 0]]]
    pairs, similarity = pairs[inside], similarity[inside]
    same = keys[pairs[:, 0]] == keys[pairs[:, 1]]
    node = components(n, pairs[same])  # texts that share their numbers, linked, as one
    pairs, similarity = pairs[~same], similarity[~same]
    # Equally similar links are taken in the order of their texts' numbers (hashes of their sets, not their places
    # in the input): a report without a house number, as close to house 12 as to house 48, joins the same one
    # whatever order the texts came in.
    one, other = keys[pairs[:, 0]], keys[pairs[:, 1]]
    lower, upper = np.minimum(one, other), np.maximum(one, other)
    order = np.lexsort((pairs[:, 1], pairs[:, 0], upper, lower, -similarity))
    members = np.flatnonzero(mixed[labels])
    nodes, first = np.unique(node[members], return_index=True)
    parent = {v: v for v in nodes.tolist()}
    chain = {v: [numbers_of(i)] for v, i in zip(nodes.tolist(), members[first].tolist(), strict=True)}

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = v = parent[parent[v]]
        return v

    for i, j in node[pairs[order]].tolist():
        a, b = root(i), root(j)
        if a != b and (merged := _nested(chain[a], chain[b])) is not None:
            parent[b], chain[a] = a, merged  # a group's distinct sets of numbers, each within the next
            del chain[b]
    roots = np.array([root(v) for v in nodes.tolist()], dtype=np.int64)
    labels = labels.copy()
    labels[members] = n + roots[np.searchsorted(nodes, node[members])]  # fresh labels, apart from the others
    return labels


def _mixed(labels: Any, keys: Any) -> Any:
    """Per label, whether its texts mention more than one set of numbers (texts with none aside)."""
    import numpy as np

    numbered = np.flatnonzero(keys)
    label, key = labels[numbered], keys[numbered]
    order = np.lexsort((key, label))
    label, key = label[order], key[order]
    first = np.concatenate(([True], (label[1:] != label[:-1]) | (key[1:] != key[:-1])))[: len(label)]
    return np.bincount(label[first], minlength=len(labels)) > 1


def _nested(one: list[frozenset[str]], other: list[frozenset[str]]) -> list[frozenset[str]] | None:
    """The union of two chains of sets if it is still a chain (no two members disagree), else None."""
    sets = sorted(set(one) | set(other), key=len)  # if each is within the next, no two disagree
    return None if any(disagree(small, large) for small, large in zip(sets, sets[1:], strict=False)) else sets

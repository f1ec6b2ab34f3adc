"""Combine the vi.entities@2 recognisers and the CRF into one flat list of entities.

Every recogniser proposes candidates with a rank (``entities_text.RANK``); the merge keeps the highest-ranked, then
the longest, and drops whatever overlaps a span already kept: LAW > ORG > DATE/MONEY > PER > LOC, so a place inside
an organisation or a year inside a law title stays inside it. The CRF (underthesea's NER) only fills the gaps.

>>> from nonla.functions.vi.entities_gazetteer import Gazetteer
>>> g = Gazetteer.from_lists(["Gia Lai", "Nghệ An"], [], ["bộ luật hình sự"])
>>> t = "Tòa án nhân dân tỉnh Gia Lai xử bị cáo Trần Văn Bình theo khoản 1 Điều 173 Bộ luật Hình sự tại Nghệ An."
>>> [(c.type, t[c.start:c.end]) for c in recognise(t, g, frozenset(), lambda wanted: [("PER", 35, 52)])]
[('ORG', 'Tòa án nhân dân tỉnh Gia Lai'), ('PER', 'Trần Văn Bình'), ('LAW', 'khoản 1 Điều 173 Bộ luật Hình sự'), ('LOC', 'Nghệ An')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

from nonla.functions.vi.entities_gazetteer import Gazetteer
from nonla.functions.vi.entities_law import laws
from nonla.functions.vi.entities_numbers import dates, money
from nonla.functions.vi.entities_orgs import organisations
from nonla.functions.vi.entities_people import TRIGGER, people
from nonla.functions.vi.entities_places import PLACE_WORDS, PLAIN_WORDS, places
from nonla.functions.vi.entities_text import RANK, Candidate, Word, is_cap, is_upper, lookup_key, starts_sentence, words
from nonla.functions.vi.tone_marks import is_vietnamese_syllable

NOT_NAMES = frozenset("Điều Khoản Điểm Chương Mục Phần Tội Luật Bộ Nghị Thông Quyết".split())
CrfTagger = Callable[[Callable[[int, int], bool]], Iterable[tuple[str, int, int]]]
CRF_TYPES = ("PER",)  # on the dev set its LOC spans added only errors and its ORG spans miss our guidelines


def from_crf(text: str, spans: Iterable[tuple[str, int, int]], compounds: frozenset[str]) -> list[Candidate]:
    """The CRF's spans, trimmed to their capitalised part (it often keeps "tỉnh" in "tỉnh Nghệ An", or "ông"),
    without those that look like a common word: a capitalised first word of a sentence ("Bị cáo …"), a syllable
    that forms a dictionary word with its neighbour ("Tặng Bằng khen"), a code ("QĐ-UBND")."""
    out = []
    for kind, start, end in spans:
        if kind not in CRF_TYPES or re.search(r"[\d/-]", text[max(0, start - 1) : end + 1]):
            continue
        inside = words(text, start, end)
        lead = next((k for k, w in enumerate(inside) if is_cap(w.text)), len(inside))
        if lead and not _droppable(inside[:lead], kind):
            continue  # "dân tộc Mông", "năm 1996": not a place word the CRF kept, a span it got wrong
        inside = inside[lead:]
        if not inside or not all(is_cap(w.text) for w in inside):
            continue
        if lookup_key(text[inside[0].start : end]) in compounds:
            continue  # "Phó Trưởng": a capitalised common word
        if not all(is_vietnamese_syllable(w.text) for w in inside):
            continue  # "Agribank": a brand; names the CRF alone finds are Vietnamese
        before, after = words(text, max(0, inside[0].start - 16), inside[0].start), words(text, end, end + 16)
        if len(inside) == 1 and starts_sentence(text, inside[0].start):
            continue
        if any(is_upper(w.text) for w in inside) or inside[0].text in NOT_NAMES:
            continue  # headings in capitals ("NGƯỜI", "Chương XV"): the rules handle names written in capitals
        if _in_compound(inside[0].text, [w.text for w in before if not is_cap(w.text)][-2:], compounds, left=True):
            continue
        if _in_compound(inside[-1].text, [w.text for w in after[:2] if not is_cap(w.text)], compounds, left=False):
            continue
        out.append(Candidate(kind, inside[0].start, end, RANK["CRF"]))
    return out


def _in_compound(word: str, neighbours: list[str], compounds: frozenset[str], left: bool) -> bool:
    """Does ``word`` make a dictionary word with the one or two lower-case words beside it ("Giấy chứng nhận")?"""
    for size in (1, 2):
        if len(neighbours) >= size:
            parts = [*neighbours[-size:], word] if left else [word, *neighbours[:size]]
            if lookup_key(" ".join(parts)) in compounds:
                return True
    return False


def _droppable(lead: list[Word], kind: str) -> bool:
    """May these lower-case words before a CRF span be cut off? Place words before a LOC, titles before a PER."""
    keyed = tuple(w.text.lower() for w in lead)
    if kind == "LOC":
        return keyed in PLACE_WORDS or keyed in PLAIN_WORDS
    return TRIGGER.fullmatch(" ".join(keyed) + " ") is not None


def merge(candidates: Iterable[Candidate], length: int) -> list[Candidate]:
    taken = bytearray(length)
    kept = []
    for cand in sorted(candidates, key=lambda c: (-c.rank, c.start - c.end, c.start, c.type)):
        if cand.end > cand.start and not any(taken[cand.start : cand.end]):
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _open_capitals(text: str, kept: list[Candidate]) -> list[int]:
    """Starts of capitalised words no kept entity explains (and not first in a sentence): where the CRF may help."""
    taken = bytearray(len(text))
    for cand in kept:
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    return [
        w.start for w in words(text) if is_cap(w.text) and not taken[w.start] and not starts_sentence(text, w.start)
    ]


def recognise(text: str, gazetteer: Gazetteer, compounds: frozenset[str], crf: CrfTagger) -> list[Candidate]:
    """Entities of ``text``. ``crf(wanted)`` tags the sentence pieces ``wanted(start, end)`` accepts: the CRF is the
    slow part, so it only sees sentences with a capitalised word the rules left unexplained (its spans can only
    survive the merge there, since they rank last)."""
    rules = [
        *laws(text, gazetteer),
        *organisations(text, gazetteer, compounds),
        *dates(text),
        *money(text),
        *people(text, gazetteer),
        *places(text, gazetteer, compounds),
    ]
    kept = merge(rules, len(text))
    open_starts = _open_capitals(text, kept)
    if not open_starts:
        return kept

    def wanted(start: int, end: int) -> bool:
        at = bisect.bisect_left(open_starts, start)
        return at < len(open_starts) and open_starts[at] < end

    return merge([*rules, *from_crf(text, crf(wanted), compounds)], len(text))

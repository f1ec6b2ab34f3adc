"""LOC spans for vi.entities@2: a name after a place word, or a known place (gazetteer) standing alone.

One orthographic rule (GUIDELINES.md): the place word belongs to the LOC only when it is capitalised
(``Thành phố Thủ Đức``, ``TP.HCM``) or the name is a number (``Quận 1``, ``phường 22``, ``p.6``);
``tỉnh Nghệ An`` gives ``Nghệ An``.

>>> from nonla.functions.vi.entities_gazetteer import Gazetteer
>>> g = Gazetteer.from_lists(["Đà Nẵng", "Cần Thơ"], ["Hòa Phong"], [])
>>> t = "xã Hòa Phong, huyện Hòa Vang, thành phố Đà Nẵng; Phường 2, quận Phú Nhuận, TP.HCM và Hàn Quốc, TP Cần Thơ"
>>> [t[c.start:c.end] for c in sorted(places(t, g))]  # the merge later keeps 'TP Cần Thơ' over 'Cần Thơ'
['Hòa Phong', 'Hòa Vang', 'Đà Nẵng', 'Phường 2', 'Phú Nhuận', 'TP.HCM', 'Hàn Quốc', 'TP Cần Thơ', 'Cần Thơ']
"""

from __future__ import annotations

import re

from nonla.functions.vi.entities_gazetteer import Gazetteer
from nonla.functions.vi.entities_text import (
    RANK,
    Candidate,
    Word,
    is_cap,
    is_upper,
    joined,
    lookup_key,
    starts_sentence,
    words,
)

# Administrative units: also the place words an organisation name may contain ("UBND phường 5").
ADMIN_WORDS = frozenset({("tỉnh",), ("thành", "phố"), ("tp",), ("quận",), ("huyện",), ("thị", "xã"), ("phường",),
                         ("xã",), ("thị", "trấn"), ("đặc", "khu"), ("thủ", "đô"), ("p",), ("q",)})  # fmt: skip
OTHER_WORDS = frozenset(
    tuple(w.split())
    for w in """thôn|ấp|bản|buôn|làng|xóm|sóc|đường|phố|sông|kênh|rạch|cầu|chợ|hồ|chung cư|khu dân cư|khu đô thị|
    khu tái định cư|khu công nghiệp|khu vực|tổ dân phố|đại lộ|quốc lộ|tỉnh lộ|hương lộ|đường tỉnh|vùng biển|đảo|
    quần đảo|núi|đèo|vịnh|suối|bãi biển|cảng|bến xe|sân bay|ga|công viên|quảng trường""".split("|")
)
# Unmarked spellings, trusted only before a name that is unmarked too (complaints typed without diacritics).
PLAIN_WORDS = frozenset(tuple(w.split()) for w in "tinh|thanh pho|quan|huyen|thi xa|phuong|xa|thi tran|thon|duong|"
                        "pho|song|kenh|chung cu|khu dan cu".split("|"))  # fmt: skip
# Capitalised, these words are part of the name; others (Cầu, Chợ, Hồ …) are too often a family name or an
# organisation's first word to be trusted.
CAPITAL_KEPT = ADMIN_WORDS | {("đại", "lộ"), ("quốc", "lộ"), ("tỉnh", "lộ"), ("khu", "dân", "cư"), ("chung", "cư"),
                              ("khu", "đô", "thị")}  # fmt: skip
NUMBERED = frozenset({("quận",), ("phường",), ("p",), ("q",), ("quan",), ("phuong",), ("quốc", "lộ"), ("tỉnh", "lộ"),
                      ("hương", "lộ"), ("đường", "tỉnh"), ("xã",)})  # fmt: skip
PLACE_WORDS = ADMIN_WORDS | OTHER_WORDS
REPUBLIC = re.compile(r"Cộng\s+h(?:òa|oà)\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam")
SHORT = frozenset({("tp",), ("p",), ("q",)})  # abbreviations: "TP.HCM", "p.6", "Q. 3"
_NUMBER = re.compile(r"\d+[A-Z]?")
MAX_NAME = 6


def place_word(tokens: list[Word], i: int, words_: frozenset[tuple[str, ...]]) -> int:
    """Length of the place word starting at token i (longest of ``words_``), 0 if none."""
    for size in (3, 2, 1):
        if tuple(w.text.lower() for w in tokens[i : i + size]) in words_:
            return size
    return 0


def name_after(text: str, tokens: list[Word], i: int) -> int:
    """How many tokens from i form a capitalised place name (words joined by spaces or ' - ')."""
    size = 0
    while i + size < len(tokens) and size < MAX_NAME:
        word = tokens[i + size]
        if not is_cap(word.text) or (size and text[tokens[i + size - 1].end : word.start] not in (" ", " - ", " – ")):
            break
        if size and place_word(tokens, i + size, ADMIN_WORDS):
            break  # "phường Bến Nghé Quận 1": the next unit starts
        size += 1
    return size


def _after_word(text: str, tokens: list[Word], i: int, size: int, gazetteer: Gazetteer) -> Candidate | None:
    head, j = tokens[i : i + size], i + size
    if j >= len(tokens):
        return None
    word_gap = text[head[-1].end : tokens[j].start]
    keyed = tuple(w.text.lower() for w in head)
    capital = is_cap(head[0].text)
    if capital and keyed not in CAPITAL_KEPT:
        return None  # "Nam Sông Hinh", "Bệnh viện Chợ Rẫy": part of a name, not a place word
    if _NUMBER.fullmatch(tokens[j].text) and keyed in NUMBERED and word_gap in (" ", ".", ". "):
        return Candidate("LOC", head[0].start, tokens[j].end, RANK["LOC_WORD"])
    if word_gap not in (" ", ".", ". ") or (word_gap != " " and keyed not in SHORT):
        return None
    size_name = name_after(text, tokens, j)
    if not size_name:
        return None
    end = tokens[j + size_name - 1].end
    if keyed not in PLACE_WORDS and not text[tokens[j].start : end].isascii():
        return None
    if is_upper(head[0].text) and keyed not in SHORT and not gazetteer.place(text[tokens[j].start : end]):
        return None  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA …": a heading in capitals, not "xã Hội Chủ Nghĩa"
    return Candidate("LOC", head[0].start if capital else tokens[j].start, end, RANK["LOC_WORD"])


def _split_known(text: str, cand: Candidate, gazetteer: Gazetteer) -> list[Candidate]:
    """ "vùng biển Hải Phòng – Quảng Ninh" names two known places; "kênh Nhiêu Lộc - Thị Nghè" one canal."""
    parts = list(re.finditer(r"[^-–]+", text[cand.start : cand.end]))
    if len(parts) < 2 or gazetteer.place(text[cand.start : cand.end]):
        return [cand]
    if not all(gazetteer.place(p.group().strip()) for p in parts):
        return [cand]
    found = []
    for part in parts:
        lead = len(part.group()) - len(part.group().lstrip())
        start, end = cand.start + part.start() + lead, cand.start + part.start() + len(part.group().rstrip())
        found.append(Candidate("LOC", start, end, cand.rank))
    return found


def places(text: str, gazetteer: Gazetteer, compounds: frozenset[str] = frozenset()) -> list[Candidate]:
    tokens = words(text)
    found = [Candidate("LOC", m.start(), m.end(), RANK["LOC"]) for m in REPUBLIC.finditer(text)]
    i = 0
    while i < len(tokens):
        size = place_word(tokens, i, PLACE_WORDS) or place_word(tokens, i, PLAIN_WORDS)
        found_here = _after_word(text, tokens, i, size, gazetteer) if size else None
        if found_here:
            found.extend(_split_known(text, found_here, gazetteer))
        i += 1
    found.extend(c for at, c in _known(text, tokens, gazetteer) if not _common_word(text, tokens, at, c, compounds))
    best: dict[tuple[int, int], Candidate] = {}
    for cand in found:  # one candidate per span, the best-ranked
        if (cand.start, cand.end) not in best or best[cand.start, cand.end].rank < cand.rank:
            best[cand.start, cand.end] = cand
    return list(best.values())


def _common_word(text: str, tokens: list[Word], at: int, cand: Candidate, compounds: frozenset[str]) -> bool:
    """Is this known place here rather a common word? A one-syllable name ("Anh", "Pháp", "Nga") first in its
    sentence, before a name ("Anh Tuấn") or inside a dictionary word ("Pháp nhân"); a commune named after a word
    ("Dân Chủ", "Tự Do"); a name in a heading written in capitals."""
    name = text[cand.start : cand.end]
    if cand.rank == RANK["LOC_GUESS"] and (name.isupper() or lookup_key(name) in compounds):
        return True
    if tokens[at].end != cand.end:
        return False
    if starts_sentence(text, cand.start):
        return True
    nxt = tokens[at + 1] if at + 1 < len(tokens) else None
    if nxt and joined(text, tokens[at], nxt):
        if is_cap(nxt.text) or lookup_key(f"{tokens[at].text} {nxt.text}") in compounds:
            return True
    prev = tokens[at - 1] if at else None
    return bool(prev and joined(text, prev, tokens[at]) and lookup_key(f"{prev.text} {tokens[at].text}") in compounds)


def _known(text: str, tokens: list[Word], gazetteer: Gazetteer) -> list[tuple[int, Candidate]]:
    """Known places inside capitalised runs, longest first from each position, with the index of their first word."""
    found = []
    i = 0
    while i < len(tokens):
        if not is_cap(tokens[i].text):
            i += 1
            continue
        best = 0
        for size in range(1, MAX_NAME + 1):
            if i + size > len(tokens) or not is_cap(tokens[i + size - 1].text):
                break
            if size > 1 and not joined(text, tokens[i + size - 2], tokens[i + size - 1]):
                break
            kind = gazetteer.place(text[tokens[i].start : tokens[i + size - 1].end])
            if kind and (kind != "commune" or size > 1):
                best = size
                rank = RANK["LOC_GUESS" if kind == "commune" else "LOC"]
        if best:
            found.append((i, Candidate("LOC", tokens[i].start, tokens[i + best - 1].end, rank)))
        i += max(1, best)
    return found

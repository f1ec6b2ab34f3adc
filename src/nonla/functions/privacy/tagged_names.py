"""Which of a tagger's PER spans to keep: vi.entities is trained on news, and on forms, judgments and text typed
without tone marks it also calls acronyms, form labels and sentence-initial words people ('CCCD', 'Phiếu', 'Danh').

>>> text = "Phiếu khám: Lê Văn Hùng. Hùng khai rằng CCCD bị mất."
>>> [text[c.start:c.end] for c in tagged_persons([(0, 5), (25, 29), (40, 44)], text, False, [])]
[]
>>> from nonla.functions.privacy.spans import Candidate
>>> [text[c.start:c.end] for c in tagged_persons([(25, 29)], text, False, [Candidate("PERSON", 12, 23, .95)])]
['Hùng']
"""

from __future__ import annotations

import re

from nonla.functions.privacy.address import tokenize
from nonla.functions.privacy.name_words import (
    TITLE_FIRST,
    after_title,
    in_company,
    is_place,
    shape,
    starts_sentence,
    vietnamese,
)
from nonla.functions.privacy.names import (
    ADMIN_WORDS,
    COMPOUNDS_AFTER_TITLE,
    NOT_NAMES,
    ONLY_SURNAMES,
    PLACE_MARKERS,
    Lexicon,
    is_surname,
)
from nonla.functions.privacy.spans import Candidate, fold

_WORD_AFTER = re.compile(r"[ \t]+(\w+)")
_COMPOUNDS = Lexicon(sorted(COMPOUNDS_AFTER_TITLE))


def _word_before(text: str, position: int) -> tuple[str, int] | None:
    r"""The word that ends just before the spaces or tabs in front of ``position``, and where it starts; None when
    no such word is there. A line break right before ``position`` is passed over, as a regular expression's '$'
    would. Walks back from ``position`` only, so calling it at every span of a long text stays linear.

    >>> _word_before("sân bay  Tân", 9), _word_before("Ký:\nAn", 4), _word_before("Nam \nAn", 5)
    (('bay', 4), None, ('Nam', 0))
    """
    end = position - 1 if text[position - 1 : position] == "\n" else position
    gap = end
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    start = gap
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    if gap == end or start == gap:
        return None
    return text[start:gap], start


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what '\w' matches in a str pattern


def _inside_name(text: str, word: str, start: int) -> bool:
    """Whether ``word`` (at ``start``) before a span makes it the tail of a longer capitalised name: 'Nghe An',
    'Bà Trưng' mid-sentence; a title in lower case ('anh Hùng') or opening the sentence ('Anh Hùng nói') does not."""
    if not word[:1].isupper():
        return False
    return word.lower() not in TITLE_FIRST or not starts_sentence(text, start)


def _looks_like_a_name(words: list[str], flat: bool) -> bool:
    shapes = {shape(w) for w in words}
    if not all(vietnamese(w) for w in words):
        return False
    if shapes <= {"title", "letter"} and "title" in shapes:
        return True
    return shapes <= {"caps", "letter"} and len(words) > 1 and is_surname(words[0])


def tagged_persons(spans: list[tuple[int, int]], text: str, flat: bool, ruled: list[Candidate]) -> list[Candidate]:
    """The tagger's spans (start, end) that look like names; ``ruled`` are PERSON candidates the rules found.

    A lone word opening a sentence is kept only when the text names that person in full elsewhere
    ('… bị cáo Lê Văn Hùng. Hùng khai …'): the tagger takes many sentence-initial words for names.
    """
    known = {fold(text[c.start : c.end].split()[-1]) for c in ruled if len(text[c.start : c.end].split()) > 1}
    found = []
    for start, end in spans:
        piece = text[start:end]
        toks = [t for t in tokenize(piece) if t.text.isalpha()]
        while len(toks) > 1 and after_title(toks, 0) is not None:
            toks = toks[1:]
        if not toks or NOT_NAMES.has(toks[0].text, flat) or is_place(toks, 0, len(toks), piece, flat):
            continue
        words, begin = [t.text for t in toks], start + toks[0].start
        if ADMIN_WORDS.has(words[0], flat) and (len(words) > 1 or not flat):
            continue  # 'Tỉnh Tây Ninh', 'Xa Hung Ha'
        if len(words) == 1 and ONLY_SURNAMES.has(words[0], flat):
            continue  # 'Nguyen don' (nguyên đơn) typed without tone marks
        before = _word_before(text, begin)
        if before and (PLACE_MARKERS.has(before[0], flat) or _inside_name(text, *before)):
            continue  # part of a place ('sân bay Tân Sơn Nhất') or of a longer capitalised name ('Nghe An')
        if len(words) == 1 and starts_sentence(text, begin) and fold(words[0]) not in known:
            continue  # 'Phiếu khám bệnh', 'Nam, nữ bình đẳng', 'Danh sach'
        after = _WORD_AFTER.match(text, start + toks[-1].end)
        if len(words) == 1 and after and _COMPOUNDS.has(f"{words[0]} {after.group(1)}", flat):
            continue  # 'Cong an' (công an) is the police
        if _looks_like_a_name(words, flat) and not in_company(text, begin):
            found.append(Candidate("PERSON", begin, start + toks[-1].end, 0.7))
    return found

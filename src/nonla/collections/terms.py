"""What the BM25 index stores and what a query looks for: words and syllables, with and without diacritics.

A part is indexed under its syllables and its multi-syllable words (joined by '_', so "tòa_án" is one term that
matches only the word); the same again without marks serves queries typed without diacritics, where adjacent
query syllables are tried as words ("toa an" → "toa_an").

Marked terms carry their tone mark in one place: texts write "hòa" and "hoà", "Tòa án" and "Toà án" for the same
word (the 2008 civil judgment law has "Toà án", the 2015 codes "Tòa án"), and both are indexed and looked for in
the old style, which most of the laws use. Stores indexed before hold some terms in the other style until
``nonla collections reindex``; ``with_other_placements`` lets a search find those too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nonla.core.errors import NonlaError
from nonla.core.runner import subcall
from nonla.functions.vi.tone_marks import set_tone_style, strip_diacritics

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Function words that match nearly every article; dropping them from queries keeps OR queries fast and sharp.
STOPWORDS = frozenset(
    "và của là các có được cho trong theo với những này đó không một thì để khi về từ do tại bị hay hoặc như "
    "nào gì ai sao thế nếu mà vì lại đã đang sẽ ra vào lên phải nên cũng rất tôi mấy đâu vậy nhé ạ".split()
)
# How people ask, not what they ask about: rare in statutes, so BM25 would weigh them high and match noise.
QUESTION_PHRASES = frozenset(
    "bao_nhiêu bao_lâu thế_nào như_thế_nào ra_sao làm_sao làm_gì là_gì được_không hay_không có_phải "
    "thì_sao xin_hỏi cho_hỏi".split()
)
# A tone on the o or u of oa, oe, uy or on the vowel after it: the only places where the styles may differ.
_PLACEMENT_DIFFERS = re.compile("(?:[òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ][aeyAEY]|[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])")
_WORD_REST = re.compile(r"\w*")
_PLAIN_STOP = frozenset(strip_diacritics(w) for w in STOPWORDS | QUESTION_PHRASES)


def segmented(texts: list[str]) -> list[list[str]]:
    """Words of each text via vi.words@1 (the fast segmenter: indexing millions of parts must stay cheap).

    The segmenter is given the new tone placement, the one it knows the compounds of: it reads "hoà giải" as one
    word and "hòa giải" as two.
    """
    out: list[list[str]] = []
    for start in range(0, len(texts), 256):
        batch = [{"text": _new_placement(t) if t.strip() else "."} for t in texts[start : start + 256]]
        for result in subcall("vi.words@1", batch):
            out.append([] if isinstance(result, NonlaError) else [w.lower() for w in result.words])  # type: ignore[attr-defined]
    return out


@lru_cache(maxsize=1 << 16)
def _old_style(syllable: str) -> str:
    return set_tone_style(syllable, "old")


@lru_cache(maxsize=1 << 16)
def _new_style(syllable: str) -> str:
    return set_tone_style(syllable, "new")


def _new_placement(text: str) -> str:
    """The text with open oa, oe and uy toned in the new style. Only the words around a tone that may move are
    looked at: a regular expression finds those far faster than a pass over every word would.

    >>> _new_placement("Hòa giải tại TÒA ÁN, sức khỏe, hoàng, quý")
    'Hoà giải tại TOÀ ÁN, sức khoẻ, hoàng, quý'
    """
    pieces, done = [], 0
    for found in _PLACEMENT_DIFFERS.finditer(text):
        start = found.start()
        if start < done:
            continue  # inside the word just restyled
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        end = _WORD_REST.match(text, found.end()).end()  # type: ignore[union-attr]
        pieces += [text[done:start], _new_style(text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def one_placement(term: str) -> str:
    """The term (a syllable or a compound joined by '_') with every tone mark where the old style puts it.

    Cached per syllable: indexing millions of parts calls this for every syllable, and unmarked ones cost nothing.

    >>> one_placement("hoà_giải"), one_placement("toà"), one_placement("thuỷ_lợi"), one_placement("khoẻ")
    ('hòa_giải', 'tòa', 'thủy_lợi', 'khỏe')
    """
    return "_".join(s if s.isascii() else _old_style(s) for s in term.split("_"))


def _in_one_placement(words: list[str]) -> list[str]:
    """Segmented words (syllables joined by spaces) with every syllable in the one tone placement."""
    return [" ".join(one_placement(s) for s in w.split()) for w in words]


def with_other_placements(terms: list[str]) -> list[str]:
    """The terms and, where it differs, each one in the new style of tone placement: what a store indexed before
    terms had one placement holds for some words (the extra terms match nothing in a store indexed since).

    >>> with_other_placements(["hòa_giải", "tòa", "án"])
    ['hòa_giải', 'tòa', 'án', 'hoà_giải', 'toà']
    """
    other = ["_".join(s if s.isascii() else _new_style(s) for s in t.split("_")) for t in terms]
    return list(dict.fromkeys(terms + other))


def index_terms(words: list[str]) -> tuple[str, str]:
    """(terms with marks, terms without marks) for one part; the marked ones in one tone placement.

    >>> index_terms(["toà án", "nhân dân", "xét xử", "."])
    ('tòa án nhân dân xét xử tòa_án nhân_dân xét_xử', 'toa an nhan dan xet xu toa_an nhan_dan xet_xu')
    """
    words = _in_one_placement(words)
    syllables = [s for w in words for s in w.split() if _TOKEN.fullmatch(s)]
    compounds = [w.replace(" ", "_") for w in words if " " in w and all(_TOKEN.fullmatch(s) for s in w.split())]
    marked = " ".join(syllables + compounds)
    return marked, strip_diacritics(marked)


def context_of(law_title: str, part_meta: dict[str, object]) -> str:
    """What a part sits under: its document's title and the headings of its chapter, section, ...

    >>> context_of("Bộ luật Hình sự", {"path": ["Chương XVI. CÁC TỘI XÂM PHẠM SỞ HỮU"]})
    'Bộ luật Hình sự. chương xvi. các tội xâm phạm sở hữu'
    """
    path = part_meta.get("path")
    # headings set mostly in capitals are lowered: the segmenter reads capitals as names
    headings = [_mostly_capitals(str(h)) for h in path] if isinstance(path, list) else []
    return ". ".join(h for h in [law_title, *headings] if h.strip())


def _mostly_capitals(heading: str) -> str:
    letters = [c for c in heading if c.isalpha()]
    return heading.lower() if 2 * sum(c.isupper() for c in letters) > len(letters) else heading


def has_marks(text: str) -> bool:
    return strip_diacritics(text) != text


def query_terms(query: str) -> tuple[list[str], bool]:
    """(terms, plain): plain is True when the query was typed without diacritics. Marked terms are in the one
    tone placement the index uses (``one_placement``).

    >>> query_terms("hoà giải")
    (['hòa', 'giải', 'hòa_giải'], False)
    >>> query_terms("toa an nhan dan xet xu vu an the nao")
    (['toa', 'an', 'nhan', 'dan', 'xet', 'xu', 'vu', 'toa_an', 'an_nhan', 'nhan_dan', 'dan_xet', 'xet_xu', 'xu_vu', 'vu_an', 'an_the'], True)
    """
    if has_marks(query):
        words = _in_one_placement(segmented([query])[0])
        terms = [s for w in words for s in w.split() if _TOKEN.fullmatch(s) and s not in STOPWORDS]
        terms += [w.replace(" ", "_") for w in words if " " in w and w.replace(" ", "_") not in QUESTION_PHRASES]
        return list(dict.fromkeys(terms)), False
    syllables = [s.lower() for s in _TOKEN.findall(query)]
    kept = [s for s in syllables if s not in _PLAIN_STOP]
    bigrams = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)
               if f"{a}_{b}" not in _PLAIN_STOP and not (a in _PLAIN_STOP and b in _PLAIN_STOP)]  # fmt: skip
    return list(dict.fromkeys(kept + bigrams)), True

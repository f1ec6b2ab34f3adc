"""Tone-mark placement, diacritic stripping and syllable checks for Vietnamese.

Vietnamese has two accepted conventions for where the tone mark goes in the
rhymes ``oa``, ``oe`` and ``uy`` when no final consonant follows them. The
traditional ("old") style puts it on the first vowel (``hòa``, ``thủy``) and
the modern ("new") style on the second (``hoà``, ``thuỷ``). Every other
syllable has one correct position, and both styles use it.

>>> set_tone_style("Hòa bình, thủy lợi", "new")
'Hoà bình, thuỷ lợi'
>>> strip_diacritics("Đường Trường Sơn")
'Duong Truong Son'
>>> is_vietnamese_syllable("nghiêng"), is_vietnamese_syllable("strength")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["is_vietnamese_syllable", "set_tone_style", "strip_diacritics"]

# Index = tone number: 0 ngang (unmarked), 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = "aăâeêioôơuưy"
_HATTED = "ăâêôơư"  # vowels with a breve, circumflex or horn; they win the tone
# Build the 60 toned vowels by normalisation, so there is no hand-typed table to get wrong.
_SPLIT: dict[str, tuple[str, int]] = {
    unicodedata.normalize("NFC", v + _TONE_MARKS[t]): (v, t) for v in _VOWELS for t in range(1, 6)
}
_JOIN = {pair: ch for ch, pair in _SPLIT.items()}
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxy" + _HATTED)  # no f, j, w, z in native words
_PLAIN = str.maketrans("ăâêôơưđ", "aaeooud")

# Longest first, so that "ngh" is tried before "ng" and "ng" before "n".
_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_STOPS = frozenset({"c", "ch", "p", "t"})  # these finals allow only sắc and nặng

# Every rhyme (optional glide + vowel nucleus + optional final), written with
# its vowel marks but no tone. "iê" is spelled "yê" when no initial precedes it.
_RHYMES = frozenset(
    """
    a ai ao au ay ac ach am an ang anh ap at  ăc ăm ăn ăng ăp ăt
    âu ây âc âm ân âng âp ât  e eo ec em en eng ep et  ê êu êch êm ên ênh êp êt
    i ia iu ich im in inh ip it  iêu iêc iêm iên iêng iêp iêt  yêu yêm yên yêng yêt
    o oi oc om on ong op ot oong ooc  ô ôi ôc ôm ôn ông ôp ôt  ơ ơi ơm ơn ơp ơt
    u ua ui uc um un ung up ut  uôi uôc uôm uôn uông uôt
    ư ưa ưi ưu ưc ưm ưng ưt  ươi ươu ươc ươm ươn ương ươp ươt  y
    oa oai oao oay oac oach oam oan oang oanh oap oat  oăc oăm oăn oăng oăt
    oe oeo oem oen oet  uê uêch uênh  uy uya uyu uych uyn uynh uyp uyt uyên uyêt
    uơ uân uâng uât uây
    """.split()
)
# After "qu" the u already is the glide: rhymes without a glide of their own
# may follow, plus the u-glide rhymes with that u dropped (quy, quân, quyên).
_QU_RHYMES = frozenset(
    {r for r in _RHYMES if r[0] not in "ouư"}
    | {r[1:] for r in _RHYMES if r[0] == "u" and r[1:2] in ("y", "ê", "â", "ơ")}
)


def _by_plain(rhymes: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Group rhymes by their unmarked spelling, to look up text typed without marks."""
    groups: dict[str, list[str]] = {}
    for rhyme in sorted(rhymes):
        groups.setdefault(rhyme.translate(_PLAIN), []).append(rhyme)
    return {plain: tuple(group) for plain, group in groups.items()}


_RHYMES_BY_PLAIN = _by_plain(_RHYMES)
_QU_RHYMES_BY_PLAIN = _by_plain(_QU_RHYMES)


class _Syllable(NamedTuple):
    onset: int  # letters before the vowel cluster (the u of qu and i of gi count)
    vowels: str  # vowel cluster of the fully marked rhyme, without tone
    final: str  # final consonant, "" for open syllables
    tone: int  # 0..5, see _TONE_MARKS
    tone_at: int  # index of the toned letter in the word, -1 when tone == 0


def _match_rhyme(rest: str, after_qu: bool, plain: bool) -> str | None:
    """Return the marked rhyme spelled by ``rest`` (typed without any marks if ``plain``)."""
    if not plain:
        # Half-marked spellings are refused: "muò" is no syllable, and letting it
        # pass would make German "muß" read as TCVN3.
        return rest if rest in (_QU_RHYMES if after_qu else _RHYMES) else None
    groups = _QU_RHYMES_BY_PLAIN if after_qu else _RHYMES_BY_PLAIN
    candidates = groups.get(rest, ())  # "iet" stands for "iêt"; any candidate will do
    return candidates[0] if candidates else None


def _spelling_ok(initial: str, rhyme: str) -> bool:
    """Apply the orthographic rules that tie an initial to the rhyme after it."""
    if rhyme.startswith("iê") and not initial:
        return False  # written "yê" then: yên, yêu
    if rhyme.startswith("yê") and initial:
        return False  # written "iê" then: tiên, kiêu
    if initial in ("c", "g", "ng"):
        return rhyme[0] not in "eêiy"  # front vowels take k, gh, ngh
    if initial == "k":
        return rhyme[0] in "eêiy"
    if initial in ("gh", "ngh"):
        return rhyme[0] in "eêi"
    return True


def _onsets(bare: str) -> Iterator[tuple[str, int]]:
    """Yield (initial, letters before the rhyme) for every initial ``bare`` starts with."""
    for initial in _INITIALS:
        if bare.startswith(initial):
            yield initial, len(initial)
            if initial == "gi":
                yield initial, 1  # gìn, giếng: the i of gi is also the nucleus


def _parse(word: str) -> _Syllable | None:
    """Split a lowercase NFC word into syllable parts; None if it is not shaped like one."""
    tone, tone_at, letters = 0, -1, []
    for i, ch in enumerate(word):
        base, t = _SPLIT.get(ch, (ch, 0))
        if t:
            if tone:
                return None  # a syllable carries at most one tone
            tone, tone_at = t, i
        letters.append(base)
    bare = "".join(letters)
    if not bare or not _LETTERS.issuperset(bare):
        return None
    plain = word.isascii()  # typed without any diacritics at all
    for initial, onset in _onsets(bare):
        rhyme = _match_rhyme(bare[onset:], initial == "qu", plain)
        if rhyme is None or (initial != "qu" and not _spelling_ok(initial, rhyme)):
            continue
        if initial == "gi" and onset == 2 and rhyme[0] in "iy":
            continue  # that spelling belongs to the merged reading tried next
        vowels = rhyme.rstrip("cghmnpt")
        final = rhyme[len(vowels) :]
        if final in _STOPS and tone in (1, 2, 3):
            continue
        return _Syllable(onset, vowels, final, tone, tone_at)
    return None


def _tone_index(vowels: str, final: str, style: str) -> int:
    """Return the index in ``vowels`` of the vowel that carries the tone."""
    hatted = [i for i, v in enumerate(vowels) if v in _HATTED]
    if hatted:
        return hatted[-1]  # ươ, uô, iê, uyê: the last hatted vowel (người, thuyền)
    if len(vowels) == 1 or final:
        return len(vowels) - 1  # hoàng, huỳnh, xoóc
    if len(vowels) == 3:
        return 1  # ngoài, khuya, khuỷu
    if style == "new" and vowels in ("oa", "oe", "uy"):
        return 1  # hoà, khoẻ, thuỷ: the only rhymes where the styles differ
    return 0  # hài, mùa, kìa, hòa (old style)


def is_vietnamese_syllable(token: str) -> bool:
    """Tell whether ``token`` is shaped like one Vietnamese syllable.

    The check is structural: an initial consonant cluster allowed before the
    rhyme (``c``/``k``, ``g``/``gh``, ``ng``/``ngh`` and ``qu``/``gi`` rules),
    a known rhyme (glide, vowel nucleus, final consonant), at most one tone,
    no grave/hook/tilde tone on a syllable ending in c, ch, p or t, and the
    tone on the vowel where the old or the new style would put it. Text
    typed without any diacritics passes ("Viet" like "Việt"), and so does a
    missing tone ("Viêt"), but not half the vowel marks ("Viét", "muò").
    Case is ignored and NFD input is accepted. It says nothing about whether
    the word exists.

    >>> [is_vietnamese_syllable(w) for w in ("Việt", "NGHĨA", "hoà", "hòa", "quý")]
    [True, True, True, True, True]
    >>> [is_vietnamese_syllable(w) for w in ("Café", "kan", "hàt", "hoá-học", "")]
    [False, False, False, False, False]
    """
    syllable = _parse(unicodedata.normalize("NFC", token).lower())
    if syllable is None:
        return False
    if not syllable.tone:
        return True
    offset = syllable.tone_at - syllable.onset
    return offset in {_tone_index(syllable.vowels, syllable.final, s) for s in ("old", "new")}


_WORD = re.compile(r"\w+")


def _restyle(word: str, style: str) -> str:
    """Move the tone of one word to its ``style`` position; keep non-syllables as they are."""
    lower = word.lower()
    syllable = _parse(lower) if len(lower) == len(word) else None
    if syllable is None or not syllable.tone:
        return word
    target = syllable.onset + _tone_index(syllable.vowels, syllable.final, style)
    if target == syllable.tone_at:
        return word
    chars = []
    for i, (orig, low) in enumerate(zip(word, lower, strict=True)):
        base = _SPLIT.get(low, (low, 0))[0]
        if i == target:
            base = _JOIN[base, syllable.tone]
        chars.append(base.upper() if orig.isupper() else base)  # keep each letter's case
    return "".join(chars)


def set_tone_style(text: str, style: str) -> str:
    """Place every tone mark in ``text`` by the ``"old"`` or ``"new"`` convention.

    Only open ``oa``, ``oe`` and ``uy`` differ between the styles
    (hòa/hoà, khỏe/khoẻ, thủy/thuỷ); marks elsewhere in the wrong place are
    moved too ("gìa" becomes "già", "qúy" becomes "quý", "ngòai" becomes
    "ngoài"), so the result is canonical. Letter case is kept, words that are
    not Vietnamese syllables are left alone, and the text is returned in NFC
    (NFD input is accepted).

    >>> set_tone_style("HÒA thuận, khỏe, hoàng, quý", "new")
    'HOÀ thuận, khoẻ, hoàng, quý'
    >>> set_tone_style("Thuỷ gìa qúy", "old")
    'Thủy già quý'
    """
    if style not in ("old", "new"):
        raise ValueError(f"style must be 'old' or 'new', not {style!r}")
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda m: _restyle(m.group(), style), text)


# Combining marks Vietnamese uses: five tones, then circumflex, breve and horn.
_VI_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_D_STROKE = {"đ": "d", "Đ": "D"}


def _strip_slowly(text: str) -> str:
    """strip_diacritics one character at a time, following which base letter each combining mark sits on."""
    out: list[str] = []
    latin_base = False  # does the last base character take Vietnamese marks?
    for ch in text:
        if ch in _VI_MARKS:
            if not latin_base:
                out.append(ch)  # a combining mark on some other script: keep it
            continue
        if unicodedata.combining(ch):
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        latin_base = decomposed[0].isascii() and decomposed[0].isalpha()
        if latin_base and any(m in _VI_MARKS for m in decomposed[1:]):
            kept = decomposed[0] + "".join(m for m in decomposed[1:] if m not in _VI_MARKS)
            ch = unicodedata.normalize("NFC", kept)
        out.append(_D_STROKE.get(ch, ch))
    return "".join(out)


# Every precomposed letter that carries a Vietnamese mark lies in Latin-1 Supplement, Latin Extended A/B or Latin
# Extended Additional; the others map to themselves. Without a loose combining mark in the text, each character
# strips on its own, so one str.translate does the whole text (tests compare it with the slow path on every
# character of the Basic Multilingual Plane).
_STRIP_TABLE = {
    code: stripped
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if (stripped := _strip_slowly(chr(code))) != chr(code)
}
_LOOSE_MARK = re.compile("[" + "".join(sorted(_VI_MARKS)) + "]")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks and map đ/Đ to d/D.

    Only the marks Vietnamese uses (grave, acute, tilde, hook, dot below,
    circumflex, breve, horn) are removed, and only from Latin letters, so
    "é" becomes "e" but "ü", "ç", Cyrillic "й" and other scripts are kept.
    Works on NFC and NFD input alike.

    >>> strip_diacritics("Tiếng Việt có dấu, ĐẸP!")
    'Tieng Viet co dau, DEP!'
    >>> strip_diacritics("Café müller")
    'Cafe müller'
    """
    if _LOOSE_MARK.search(text):  # NFD or stray combining marks: which letter each one sits on matters
        return _strip_slowly(text)
    return text.translate(_STRIP_TABLE)

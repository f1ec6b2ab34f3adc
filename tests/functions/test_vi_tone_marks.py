"""Tests for nonla.functions.vi.tone_marks: tone styles, stripping, syllable checks."""

from __future__ import annotations

import doctest
import unicodedata

import pytest

from nonla.functions.vi import tone_marks
from nonla.functions.vi.tone_marks import is_vietnamese_syllable, set_tone_style, strip_diacritics

# Rhymes written independently of the module, with "_" before the vowel that
# carries the tone in the old style. The new style differs only for open oa, oe, uy.
RHYMES = """
_a _ai _ao _au _ay _ac _ach _am _an _ang _anh _ap _at _ăc _ăm _ăn _ăng _ăp _ăt
_âu _ây _âc _âm _ân _âng _âp _ât _e _eo _ec _em _en _eng _ep _et
_ê _êu _êch _êm _ên _ênh _êp _êt _i _ia _iu _ich _im _in _inh _ip _it
i_êu i_êc i_êm i_ên i_êng i_êp i_êt y_êu y_êm y_ên y_êng y_êt
_o _oi _oc _om _on _ong _op _ot o_ong o_oc _ô _ôi _ôc _ôm _ôn _ông _ôp _ôt
_ơ _ơi _ơm _ơn _ơp _ơt _u _ua _ui _uc _um _un _ung _up _ut
u_ôi u_ôc u_ôm u_ôn u_ông u_ôt _ư _ưa _ưi _ưu _ưc _ưm _ưng _ưt
ư_ơi ư_ơu ư_ơc ư_ơm ư_ơn ư_ơng ư_ơp ư_ơt _y
_oa o_ai o_ao o_ay o_ac o_ach o_am o_an o_ang o_anh o_ap o_at o_ăc o_ăm o_ăn o_ăng o_ăt
_oe o_eo o_em o_en o_et u_ê u_êch u_ênh _uy u_ya u_yu u_ych u_yn u_ynh u_yp u_yt uy_ên uy_êt
u_ơ u_ân u_âng u_ât u_ây
""".split()
INITIALS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m",
    "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang huyền hỏi ngã sắc nặng
VOWELS = set("aăâeêioôơuưy")


def spell(initial: str, marked: str) -> tuple[str, int, int] | None:
    """Return (toneless word, old carrier index, new carrier index), or None if not spellable."""
    carrier = marked.index("_")
    rhyme = marked.replace("_", "")
    if initial == "qu":
        if rhyme[0] == "u" and rhyme[1:2] in ("y", "ê", "â", "ơ"):
            rhyme, carrier = rhyme[1:], max(carrier - 1, 0)  # qu + uy = quy, tone on y
        elif rhyme[0] in "ouưiy":
            return None
    elif rhyme.startswith("iê") and not initial or rhyme.startswith("yê") and initial:
        return None
    if initial in ("c", "g", "ng") and rhyme[0] in "eêiy":
        return None
    if initial == "k" and rhyme[0] not in "eêiy" or initial in ("gh", "ngh") and rhyme[0] not in "eêi":
        return None
    prefix = initial
    if initial == "gi":
        if rhyme[0] == "y" or rhyme in ("ia", "iu"):
            return None  # "gia", "giu" spell gi + a, gi + u
        if rhyme[0] == "i":
            prefix = "g"  # gi + in = gin
    new = carrier + 1 if rhyme in ("oa", "oe", "uy") and initial != "qu" else carrier
    return prefix + rhyme, len(prefix) + carrier, len(prefix) + new


def with_tone(word: str, index: int, tone: int) -> str:
    return word[:index] + unicodedata.normalize("NFC", word[index] + MARKS[tone]) + word[index + 1 :]


def syllables(initial: str) -> list[tuple[str, str, str]]:
    """All (toneless, old style, new style) syllables starting with ``initial``."""
    out = []
    for marked in RHYMES:
        spelled = spell(initial, marked)
        if spelled is None:
            continue
        word, old, new = spelled
        stop = word.endswith(("c", "ch", "p", "t"))
        for tone in (0, 4, 5) if stop else range(6):
            out.append((word, with_tone(word, old, tone), with_tone(word, new, tone)))
    return out


def test_generator_covers_many_syllables() -> None:
    total = sum(len(syllables(i)) for i in INITIALS)
    assert total > 10_000


@pytest.mark.parametrize("initial", INITIALS)
def test_every_generated_syllable_is_accepted(initial: str) -> None:
    for bare, old, new in syllables(initial):
        for word in (bare, old, new, old.upper(), new.title(), unicodedata.normalize("NFD", new)):
            assert is_vietnamese_syllable(word), word
        assert is_vietnamese_syllable(strip_diacritics(old)), old


@pytest.mark.parametrize("initial", INITIALS)
def test_styles_convert_both_ways_and_are_idempotent(initial: str) -> None:
    for _, old, new in syllables(initial):
        assert set_tone_style(old, "new") == new
        assert set_tone_style(new, "old") == old
        assert set_tone_style(old, "old") == old
        assert set_tone_style(new, "new") == new
        assert set_tone_style(old.upper(), "new") == new.upper()
        assert set_tone_style(new.capitalize(), "old") == old.capitalize()
        assert set_tone_style(unicodedata.normalize("NFD", old), "new") == new


@pytest.mark.parametrize("initial", INITIALS)
def test_misplaced_tones_are_moved(initial: str) -> None:
    for bare, old, new in syllables(initial):
        tone = next((t for t in range(1, 6) if MARKS[t] in unicodedata.normalize("NFD", old)), 0)
        if not tone:
            continue
        for i, ch in enumerate(bare):
            if ch in VOWELS:
                misplaced = with_tone(bare, i, tone)
                assert set_tone_style(misplaced, "old") == old, misplaced
                assert set_tone_style(misplaced, "new") == new, misplaced


@pytest.mark.parametrize("initial", INITIALS)
def test_styles_differ_only_for_open_oa_oe_uy(initial: str) -> None:
    for bare, old, new in syllables(initial):
        rhyme = bare[len(initial) :]
        differs = rhyme in ("oa", "oe", "uy") and initial != "qu" and old != bare
        assert (old != new) == differs, (old, new)
        assert strip_diacritics(old) == strip_diacritics(new) == strip_diacritics(bare)
        assert strip_diacritics(old).isascii()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("hõa", "hoã"), ("họa", "hoạ"),
        ("thủy", "thuỷ"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("xòe", "xoè"), ("ủy", "uỷ"),
        ("òa", "oà"), ("HÒA", "HOÀ"), ("Hòa", "Hoà"), ("THỦY", "THUỶ"), ("Khỏe", "Khoẻ"),
        ("Hòa bình", "Hoà bình"), ("Thời khóa biểu", "Thời khoá biểu"),
        ("Chính phủ ủy quyền cho Bộ Y tế.", "Chính phủ uỷ quyền cho Bộ Y tế."),
        ("(hòa), [thủy]; khỏe!", "(hoà), [thuỷ]; khoẻ!"),
    ],
)  # fmt: skip
def test_known_style_pairs(old: str, new: str) -> None:
    assert set_tone_style(old, "new") == new
    assert set_tone_style(new, "old") == old


@pytest.mark.parametrize(
    "text",
    [
        "hoàng hôn", "thuyền", "quý", "quà", "quỳnh", "giữ gìn", "già", "gì", "giếng",
        "khuya", "khuỷu tay", "ngoài", "người", "thuở", "xoáy", "ngoẹo", "huỳnh", "khoảng",
        "Café müller señor", "hello world 123", "https://example.com/a?b=1", "Привет мир",
        "日本語", "", "   ", "hòa2", "Đắk Lắk",
    ],
)  # fmt: skip
@pytest.mark.parametrize("style", ["old", "new"])
def test_text_that_both_styles_leave_alone(text: str, style: str) -> None:
    assert set_tone_style(text, style) == text


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("gìa", "già"), ("qúy", "quý"), ("qùa", "quà"), ("ngòai", "ngoài"), ("khủyu", "khuỷu"),
        ("ngừơi", "người"), ("thủơ", "thuở"), ("tìên", "tiền"), ("ngọeo", "ngoẹo"),
        ("hòang", "hoàng"), ("thùyên", "thuyền"), ("GÌA", "GIÀ"), ("Qúy", "Quý"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("style", ["old", "new"])
def test_misplaced_marks_are_fixed(wrong: str, right: str, style: str) -> None:
    assert set_tone_style(wrong, style) == right


def test_nfd_input_gives_nfc_output() -> None:
    text = unicodedata.normalize("NFD", "Hòa bình và thủy lợi")
    assert set_tone_style(text, "new") == "Hoà bình và thuỷ lợi"
    assert set_tone_style(text, "old") == "Hòa bình và thủy lợi"


@pytest.mark.parametrize("style", ["", "modern", "OLD", "traditional"])
def test_unknown_style_is_rejected(style: str) -> None:
    with pytest.raises(ValueError):
        set_tone_style("hòa", style)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiếng Việt", "Tieng Viet"), ("Đường Trường Sơn", "Duong Truong Son"),
        ("ĐẠI HỌC", "DAI HOC"), ("ăâêôơư đ", "aaeoou d"), ("ĂÂÊÔƠƯ Đ", "AAEOOU D"),
        ("người ở, khuỷu!", "nguoi o, khuyu!"), ("Café müller señor", "Cafe müller senor"),
        ("façade Ångström", "façade Ångström"), ("Привет й", "Привет й"), ("日本語 123", "日本語 123"),
        ("", ""), ("plain ascii", "plain ascii"),
    ],
)  # fmt: skip
def test_strip_diacritics(text: str, expected: str) -> None:
    assert strip_diacritics(text) == expected
    assert strip_diacritics(unicodedata.normalize("NFD", text)) == unicodedata.normalize("NFD", expected)


def test_strip_diacritics_handles_every_letter() -> None:
    for vowel in "aăâeêioôơuưy":
        for mark in MARKS:
            letter = unicodedata.normalize("NFC", vowel + mark)
            assert strip_diacritics(letter) in "aeiouy"
            assert strip_diacritics(letter.upper()) in "AEIOUY"


def test_strip_diacritics_fast_path_agrees_with_the_slow_one_on_every_character() -> None:
    """The one-call translate table must strip each character of the Basic Multilingual Plane exactly as the
    character-by-character walk does (surrogates cannot stand alone in a str and are skipped)."""
    every = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]
    loose = [ch for ch in every if tone_marks._LOOSE_MARK.match(ch)]
    assert len(loose) == 8  # the eight Vietnamese combining marks take the slow path
    fast = [strip_diacritics(ch) for ch in every]
    assert fast == [tone_marks._strip_slowly(ch) for ch in every]
    sample = "".join(every[0xC0:0x250] + every[0x1E00:0x1F00]) + " Hà Nội, Đà Nẵng, ĐẸP, façade, Привет"
    assert strip_diacritics(sample) == tone_marks._strip_slowly(sample)


@pytest.mark.parametrize(
    "word",
    [
        "a", "ạ", "ỷ", "y", "yên", "yêu", "ia", "ca", "ke", "ky", "kìa", "ghe", "ghi", "nghe",
        "nghiêng", "gà", "gi", "gì", "gìn", "giữ", "già", "giếng", "qua", "quý", "quốc", "quyên",
        "hoà", "hòa", "thuỷ", "thủy", "khoẻ", "khỏe", "hoàng", "hát", "hạt", "hat", "Việt", "VIỆT",
        "ViỆt", "Viet", "Viêt", "Nguyễn", "người", "đường", "khuỷu", "xoong", "thuở", "uỷ", "ủy",
    ],
)  # fmt: skip
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    [
        "", " ", "strength", "Café", "müller", "señor", "kan", "ce", "gha", "nge", "ngha", "ghia2",
        "qa", "quu", "hàt", "hảt", "hãp", "hòá", "maò", "muò", "iên", "tyên", "fan", "jazz", "world",
        "123", "a1", "hoá-học", "gìa", "qúy", "ngòai", "đ", "ng", "hm", "Đắk", "ViÖt", "Coäng", "Viét", "thúe",
    ],
)  # fmt: skip
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_doctests() -> None:
    assert doctest.testmod(tone_marks).failed == 0

"""Tests for nonla.functions.vi.legacy_encodings: TCVN3 / VNI decoding and detection."""

from __future__ import annotations

import doctest
import functools
import random
import unicodedata

import pytest

from nonla.functions.vi import legacy_encodings, legacy_tables
from nonla.functions.vi.legacy_encodings import (
    decode_tcvn3,
    decode_vni,
    detect_encoding,
    encode_tcvn3,
    encode_vni,
    to_unicode,
)
from nonla.functions.vi.legacy_tables import TCVN3_ENCODE, VI_LETTERS, VNI_DECODE, VNI_ENCODE

INITIALS = "- b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()
RHYMES = """
a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âu ây âc âm ân âng âp ât
e eo ec em en eng ep et ê êu êch êm ên ênh êp êt i ia iu ich im in inh ip it
iêu iêc iêm iên iêng iêp iêt yêu yêm yên yêt o oi oc om on ong op ot oong ooc
ô ôi ôc ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt u ua ui uc um un ung up ut
uôi uôc uôm uôn uông uôt ư ưa ưi ưu ưc ưng ưt ươi ươu ươc ươm ươn ương ươp ươt y
oa oai oao oay oac oach oam oan oang oanh oap oat oăc oăn oăng oăt oe oeo oen oet
uê uêch uênh uy uya uyu uych uynh uyt uyên uyêt uơ uân uâng uât uây
""".split()
MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = set("aăâeêioôơuưy")


def toned_words(initial: str) -> list[str]:
    """initial + rhyme, with each tone on each vowel: a superset of real syllables."""
    head = initial.strip("-")
    out = []
    for rhyme in RHYMES:
        word = head + rhyme
        out.append(word)
        for i, ch in enumerate(word):
            if ch in VOWELS:
                out += [word[:i] + unicodedata.normalize("NFC", ch + m) + word[i + 1 :] for m in MARKS]
    return out


@functools.cache
def all_toned_words() -> list[str]:
    return [w for i in INITIALS for w in toned_words(i)]


def test_tables_are_complete_and_unambiguous() -> None:
    assert len(VI_LETTERS) == len(set(VI_LETTERS)) == 134
    assert len(VNI_ENCODE) == 134 and len(set(VNI_ENCODE.values())) == 134
    assert len(TCVN3_ENCODE) == 67 + 7 and len(set(TCVN3_ENCODE.values())) == 74
    assert all(0xA1 <= ord(code) <= 0xFE for code in TCVN3_ENCODE.values())
    assert all(ch.isascii() or 0xC0 <= ord(ch) <= 0xFF for code in VNI_ENCODE.values() for ch in code)
    for letter in VI_LETTERS:
        assert decode_vni(encode_vni(letter)) == letter
        assert decode_tcvn3(encode_tcvn3(letter)) == (letter if letter in TCVN3_ENCODE else letter.lower())


# Code points checked against published TCVN3 / VNI charts, independently of how the tables are built.
@pytest.mark.parametrize(
    ("code", "letter"),
    [
        ("\xb5", "à"), ("\xb6", "ả"), ("\xb7", "ã"), ("\xb8", "á"), ("\xb9", "ạ"), ("\xbe", "ắ"),
        ("\xc6", "ặ"), ("\xca", "ấ"), ("\xcb", "ậ"), ("\xd0", "é"), ("\xd5", "ế"), ("\xd6", "ệ"),
        ("\xdc", "ĩ"), ("\xdd", "í"), ("\xdf", "ò"), ("\xe3", "ó"), ("\xe9", "ộ"), ("\xed", "ớ"),
        ("\xf1", "ủ"), ("\xf9", "ự"), ("\xfd", "ý"), ("\xfe", "ỵ"), ("\xa8", "ă"), ("\xa9", "â"),
        ("\xaa", "ê"), ("\xab", "ô"), ("\xac", "ơ"), ("\xad", "ư"), ("\xae", "đ"), ("\xa1", "Ă"),
        ("\xa2", "Â"), ("\xa3", "Ê"), ("\xa4", "Ô"), ("\xa5", "Ơ"), ("\xa6", "Ư"), ("\xa7", "Đ"),
    ],
)  # fmt: skip
def test_known_tcvn3_codes(code: str, letter: str) -> None:
    assert decode_tcvn3(code) == letter
    assert encode_tcvn3(letter) == code


@pytest.mark.parametrize(
    ("code", "letter"),
    [
        ("aù", "á"), ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aï", "ạ"), ("aâ", "â"), ("aê", "ă"),
        ("aá", "ấ"), ("aà", "ầ"), ("aå", "ẩ"), ("aã", "ẫ"), ("aä", "ậ"), ("aé", "ắ"), ("aè", "ằ"),
        ("aú", "ẳ"), ("aü", "ẵ"), ("aë", "ặ"), ("eâ", "ê"), ("eä", "ệ"), ("oâ", "ô"), ("ô", "ơ"),
        ("ôù", "ớ"), ("ö", "ư"), ("öï", "ự"), ("ñ", "đ"), ("í", "í"), ("ì", "ì"), ("æ", "ỉ"),
        ("ó", "ĩ"), ("ò", "ị"), ("yù", "ý"), ("î", "ỵ"), ("AÙ", "Á"), ("EÄ", "Ệ"), ("ÔØ", "Ờ"),
        ("ÖÏ", "Ự"), ("Ñ", "Đ"), ("Ó", "Ĩ"), ("Î", "Ỵ"), ("AÊ", "Ă"),
    ],
)  # fmt: skip
def test_known_vni_codes(code: str, letter: str) -> None:
    assert decode_vni(code) == letter
    assert encode_vni(letter) == code


def test_vni_mark_case_follows_the_base_letter() -> None:
    assert decode_vni("aØ AÙ") == "à Á"
    assert VNI_DECODE["Aø"] == "À"


UNICODE_TEXTS = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Trường Đại học Bách khoa Hà Nội",
    "Tiếng Việt có dấu",
    "Người dân thủ đô đón Tết Nguyên đán trong không khí ấm áp.",
    "Quốc hội thông qua luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự.",
    "Chủ tịch Ủy ban nhân dân tỉnh Quảng Nam yêu cầu khẩn trương khắc phục hậu quả.",
    "Giữ gìn sự trong sáng của tiếng Việt là trách nhiệm của mỗi người.",
]
TCVN3_TEXTS = [
    "Céng hßa x· héi chñ nghÜa ViÖt Nam",
    "§éc lËp - Tù do - H¹nh phóc",
    "Tr\xadêng §¹i häc B¸ch khoa Hµ Néi",
    "TiÕng ViÖt cã dÊu",
]
VNI_TEXTS = [
    "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
    "Ñoäc laäp - Töï do - Haïnh phuùc",
    "Tröôøng Ñaïi hoïc Baùch khoa Haø Noäi",
    "Tieáng Vieät coù daáu",
]


@pytest.mark.parametrize(("legacy", "expected"), list(zip(TCVN3_TEXTS, UNICODE_TEXTS[:4], strict=True)))
def test_hand_written_tcvn3(legacy: str, expected: str) -> None:
    assert decode_tcvn3(legacy) == expected
    assert encode_tcvn3(expected) == legacy
    assert detect_encoding(legacy) == "tcvn3"
    assert to_unicode(legacy) == (expected, "tcvn3")


@pytest.mark.parametrize(("legacy", "expected"), list(zip(VNI_TEXTS, UNICODE_TEXTS[:4], strict=True)))
def test_hand_written_vni(legacy: str, expected: str) -> None:
    assert decode_vni(legacy) == expected
    assert encode_vni(expected) == legacy
    assert detect_encoding(legacy) == "vni"
    assert to_unicode(legacy) == (expected, "vni")


def test_tcvn3_capitals_follow_their_words() -> None:
    assert decode_tcvn3("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert decode_vni("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert decode_tcvn3("Hµ Néi") == "Hà Nội"  # "Hµ" alone cannot tell; "Néi" has a lowercase letter
    assert decode_tcvn3("Hµ NéI") == "HÀ NỘI"
    assert decode_tcvn3("UBND Hµ Néi") == "UBND Hà Nội"  # an ASCII acronym does not vote
    assert decode_tcvn3("Hµ NéI\nHµ Néi") == "HÀ NỘI\nHà Nội"  # a heading does not leak into the next line
    assert decode_tcvn3("ë ®©y") == "ở đây"


@pytest.mark.parametrize("initial", INITIALS)
def test_round_trip_every_syllable(initial: str) -> None:
    for word in toned_words(initial):
        assert decode_vni(encode_vni(word)) == word
        assert decode_vni(encode_vni(word.upper())) == word.upper()
        assert decode_vni(encode_vni(word.capitalize())) == word.capitalize()
        assert decode_tcvn3(encode_tcvn3(word)) == word
        caps = f"VIỆT {word.upper()} VIỆT"  # a lone capital word needs neighbours to show it is one
        assert decode_tcvn3(encode_tcvn3(caps)) == caps
        if word[0].isascii() or word[0].upper() in TCVN3_ENCODE:  # a toned capital has no code
            assert decode_tcvn3(encode_tcvn3(word.capitalize())) == word.capitalize()


@pytest.mark.parametrize("seed", range(40))
def test_random_passages_are_detected_and_decoded(seed: int) -> None:
    rng = random.Random(seed)
    words = all_toned_words()
    text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 60)))
    for encode, name in ((encode_tcvn3, "tcvn3"), (encode_vni, "vni")):
        legacy = encode(text)
        if legacy == text:
            continue
        assert to_unicode(legacy, name) == (text, name)
    assert detect_encoding(text) == "unicode"


@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_real_sentences_round_trip_and_detect(text: str) -> None:
    # TCVN3 has no code for a capital with a tone: "Ủy" was typed as "ủy" in a .VnTime font.
    for encode, name, expected in ((encode_tcvn3, "tcvn3", text.replace("Ủy", "ủy")), (encode_vni, "vni", text)):
        legacy = encode(text)
        assert detect_encoding(legacy) == name
        assert to_unicode(legacy) == (expected, name)
        assert to_unicode(encode(text.upper())) == (text.upper(), name)
    assert to_unicode(text) == (text, "unicode")


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "hello", "Café müller señor", "The quick brown fox jumps over the lazy dog.",
        "1234 5,678.90 -3e10", "https://example.com/path?q=caf%C3%A9&x=1", "user@example.org",
        "Tôi là ai", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Việt Nam", "Hà Nội, ngày 2 tháng 9",
        unicodedata.normalize("NFD", "Tiếng Việt có dấu"), "Ủy ban nhân dân", "Đà Nẵng",
        "Où est le dû ? Il est où, déjà ?", "À côté de la fenêtre, ça sent le café crème.",
        "L'été dernier, nous sommes allés à Noël chez ma mère près de Besançon.",
        "Hélène a été très déçue par la qualité du thé qu'on lui a servi à l'hôtel.",
        "Größe, Mädchen, schön, über, für, Fuß, muß, heiß, Öl, Tür, Bär, Spaß",
        "Der Müller fährt mit dem Fahrrad über die Brücke zur Bäckerei.",
        "El niño comió mañana en España; aún así, el señor está allí.",
        "¿Dónde está la canción? Sí, también él sabe qué pasó aquí.",
        "A mãe e o pão; não, são irmãs; você está lá até às três.",
        "Perché più città è così? Però ciò può essere già accaduto.",
        "Crème brûlée, naïve, façade, jalapeño, résumé, Zoë, Björk",
        "“Smart quotes” — and an ellipsis… in Windows-1252",
        "Hur mår du? Så bra, då går vi. Nå, gå!", "Jeg går på skole i Århus.", "Aún no, Raúl.",
        "日本語のテキスト", "Привет, мир", "😀 emoji 🎉", "C:\\Users\\Ñandú\\Música",
    ],
)  # fmt: skip
def test_detect_never_flags_ordinary_text(text: str) -> None:
    assert detect_encoding(text) == "unicode"
    assert to_unicode(text) == (unicodedata.normalize("NFC", text), "unicode")


@pytest.mark.parametrize("word", ["ViÖt", "Vieät", "hßa", "hoøa"])
def test_a_single_legacy_word_is_not_enough(word: str) -> None:
    assert detect_encoding(word) == "unicode"


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("\x93Xin chaøo\x94 \x96 \x85", "“Xin chào” – …"),  # Latin-1 reading: C1 controls
        ("“Xin chaøo” – …", "“Xin chào” – …"),  # Windows-1252 reading
    ],
)
def test_vni_bytes_0x80_to_0x9f_in_both_readings(legacy: str, expected: str) -> None:
    assert decode_vni(legacy) == expected


def test_tcvn3_bytes_0x80_to_0x9f_in_both_readings() -> None:
    assert decode_tcvn3("\x93Xin chµo\x94") == decode_tcvn3("“Xin chµo”") == "“Xin chào”"
    assert decode_tcvn3("\x81") == "\x81"  # unassigned in Windows-1252: kept


def test_decoders_leave_unicode_vietnamese_letters_alone() -> None:
    assert decode_tcvn3("ạ ư đ Ử") == "ạ ư đ Ử"
    assert decode_vni("ạ ư đ Ử") == "ạ ư đ Ử"


def test_mixed_document_is_detected() -> None:
    body = "\n".join(encode_tcvn3(t) for t in UNICODE_TEXTS)
    text = "Report 2024 (v1.2) - Microsoft Word\n" + body + "\nhttps://example.com"
    assert detect_encoding(text) == "tcvn3"
    decoded = to_unicode(text)[0].splitlines()
    assert decoded[1:-1] == [t.replace("Ủy", "ủy") for t in UNICODE_TEXTS]
    assert decoded[0] == "Report 2024 (v1.2) - Microsoft Word"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("TCVN3", "tcvn3"), ("abc", "tcvn3"), ("vn3", "tcvn3"), ("VNI-Windows", "vni"), (" vni ", "vni")],
)
def test_encoding_names(name: str, expected: str) -> None:
    assert to_unicode("x", name) == ("x", expected)


def test_unicode_is_only_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "Việt")
    assert to_unicode(nfd, "unicode") == ("Việt", "unicode")
    assert to_unicode(nfd) == ("Việt", "unicode")


@pytest.mark.parametrize("name", ["", "utf-8", "viscii", "latin-1"])
def test_unknown_encoding_is_rejected(name: str) -> None:
    with pytest.raises(ValueError):
        to_unicode("x", name)


def test_doctests() -> None:
    assert doctest.testmod(legacy_encodings).failed == 0
    assert doctest.testmod(legacy_tables).failed == 0

"""vi.diacritics, vi.sentences and vi.normalize on file names, English, compound titles, links and mixed encodings."""

from __future__ import annotations

import pytest

import nonla
from nonla.core.errors import NonlaError
from nonla.functions.vi.legacy_encodings import detect_encoding, to_unicode

# A Unicode heading above a paragraph typed in a legacy font, as pasted from an old document.
HEADING = "Kính gửi: Ủy ban nhân dân"
TCVN3_BODY = "Céng hßa x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"
VNI_BODY = "Noäi dung: Ngöôøi daân ñöôïc höôûng trôï caáp."
BODY = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"


def restored(text: str) -> str:
    return nonla.run("vi.diacritics", text=text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Gui anh file bien_ban_hop.doc nhe", "bien_ban_hop.doc"),
        ("Gui file (bien_ban.doc), nhe", "bien_ban.doc"),
        ("mo tai_lieu/don.docx nhe", "tai_lieu/don.docx"),
        ("mo C:\\Users\\nam\\tai_lieu\\don.docx nhe", "C:\\Users\\nam\\tai_lieu\\don.docx"),
        ("gui ke_hoach_2024.xlsx nhe", "ke_hoach_2024.xlsx"),
        ("mo /home/nam/tai_lieu roi gui", "/home/nam/tai_lieu"),
    ],
)
def test_diacritics_leave_file_names_and_paths_as_written(text: str, kept: str) -> None:
    out = restored(text)
    assert kept in out
    assert out.replace(kept, "") != text.replace(kept, "")  # the words around the name are still restored


@pytest.mark.parametrize(
    ("text", "expected"),
    [("di lam.", "đi làm."), ("lai suat 0,03%/ngay", "lãi suất 0,03%/ngày")],
)
def test_diacritics_still_restore_sentence_ends_and_slashes(text: str, expected: str) -> None:
    assert restored(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please don't call me after 5pm, I can't answer.",
        "He said: I don't know where the ban is.",
        "I don't know",
    ],
)
def test_diacritics_leave_english_sentences_alone(text: str) -> None:
    assert restored(text) == text


def test_diacritics_restore_vietnamese_around_an_english_title() -> None:
    assert restored("Toi thich bai Love You, no rat hay.") == "Tôi thích bài Love You, nó rất hay."


@pytest.mark.parametrize("title", ["PGS.TS.", "GS.TS.", "ThS.BS."])
def test_sentences_keep_a_compound_title_with_its_name(title: str) -> None:
    text = f"Hội thảo do {title} Lê Văn C chủ trì. Mọi người đến đông."
    assert nonla.run("vi.sentences", text=text).sentences == [
        f"Hội thảo do {title} Lê Văn C chủ trì.",
        "Mọi người đến đông.",
    ]


def test_sentences_still_end_after_a_dotted_place_name() -> None:
    text = "Tôi sống ở TP.HCM. Sau đó tôi về."
    assert nonla.run("vi.sentences", text=text).sentences == ["Tôi sống ở TP.HCM.", "Sau đó tôi về."]


@pytest.mark.parametrize(
    "link",
    ["www.example.com/tim?tinh=ha,noi", "dichvucong.gov.vn/a;b=c", "WWW.EXAMPLE.COM/a,b", "https://x.vn/a?b=c,d"],
)
def test_normalize_leaves_links_without_a_scheme_whole(link: str) -> None:
    assert nonla.run("vi.normalize", text=f"Xem  {link} ngay ,nhé").text == f"Xem {link} ngay, nhé"


def test_normalize_still_spaces_a_comma_after_a_bare_domain() -> None:
    assert nonla.run("vi.normalize", text="Xem abc.vn,rồi về").text == "Xem abc.vn, rồi về"


@pytest.mark.parametrize("encoding", ["auto", "tcvn3"])
def test_normalize_converts_a_tcvn3_paragraph_under_a_unicode_heading(encoding: str) -> None:
    out = nonla.run("vi.normalize", text=f"{HEADING}\n{TCVN3_BODY}", encoding=encoding)
    assert (out.text, out.encoding) == (f"{HEADING}\n{BODY}", "tcvn3")


@pytest.mark.parametrize("encoding", ["auto", "vni"])
def test_normalize_converts_a_vni_paragraph_under_a_unicode_heading(encoding: str) -> None:
    out = nonla.run("vi.normalize", text=f"Tiêu đề: Báo cáo năm 2024\n{VNI_BODY}", encoding=encoding)
    assert out.text == "Tiêu đề: Báo cáo năm 2024\nNội dung: Người dân được hưởng trợ cấp."
    assert out.encoding == "vni"


def test_a_named_encoding_converts_a_legacy_word_inside_a_unicode_line() -> None:
    assert to_unicode("Kính gửi ViÖt Nam", "tcvn3") == ("Kính gửi Việt Nam", "tcvn3")
    assert to_unicode("Kính gửi ViÖt Nam") == ("Kính gửi ViÖt Nam", "unicode")


def test_unicode_lines_without_unicode_only_letters_stay_in_a_mixed_text() -> None:
    text = f"Tôi là Hà\n{HEADING}\n{TCVN3_BODY}"
    assert to_unicode(text) == (f"Tôi là Hà\n{HEADING}\n{BODY}", "tcvn3")


def test_unicode_text_is_still_unicode() -> None:
    assert detect_encoding(f"{HEADING}\n{BODY}") == "unicode"
    assert to_unicode(f"{HEADING}\n{BODY}") == (f"{HEADING}\n{BODY}", "unicode")


def test_pii_refuses_a_legacy_paragraph_under_a_unicode_heading() -> None:
    with pytest.raises(NonlaError) as refused:
        nonla.run("privacy.pii", text=f"{HEADING}\n¤ng NguyÔn V¨n B×nh, sinh ngµy 12/03/1990.")
    assert refused.value.code == "legacy_encoding"

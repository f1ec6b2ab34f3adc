"""vi.diacritics: marks come back on unaccented syllables and nothing else in the text changes."""

from __future__ import annotations

import time

import pytest

import nonla
from nonla.functions.vi.diacritics_text import segments
from nonla.functions.vi.tone_marks import strip_diacritics


def restore(text: str) -> str:
    return nonla.run("vi.diacritics", text=text).text


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("toi yeu Viet Nam", "tôi yêu Việt Nam"),
        ("Toa an nhan dan toi cao", "Tòa án nhân dân tối cao"),
        ("Ong ay noi rang tieng Viet rat kho.", "Ông ấy nói rằng tiếng Việt rất khó."),
        ("Quoc hoi ban hanh Bo luat dan su.", "Quốc hội ban hành Bộ luật dân sự."),
    ],
)
def test_known_sentences(plain: str, expected: str) -> None:
    assert restore(plain) == expected


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("toi bi mat xe may o phuong Ben Nghe", "tôi bị mất xe máy ở phường Bến Nghé"),
        ("nha toi o xa Hoa An, tinh Dong Thap", "nhà tôi ở xã Hòa An, tỉnh Đồng Tháp"),
    ],
)
def test_citizens_feedback_with_addresses(plain: str, expected: str) -> None:
    """What citizens type to a public-service desk: the unit word (phường, xã, tỉnh) and the unit's name come from
    the administrative units the model was trained with, not from the laws' 'bí mật' or 'phương án'."""
    assert restore(plain) == expected


def test_only_letters_of_syllables_change() -> None:
    plain = 'Ngay 12/3/2024 , ong A noi : " Toi se den luc 7h30 ! " (theo bao Tuoi Tre)'
    out = restore(plain)
    assert strip_diacritics(out) == plain  # same spacing, punctuation, numbers and letters once marks are removed
    assert "12/3/2024" in out and "7h30" in out and '" ' in out


def test_case_is_kept() -> None:
    assert restore("HA NOI") == "HÀ NỘI"
    assert restore("Ha Noi") == "Hà Nội"
    assert restore("ha noi") == "hà nội"


def test_accented_words_stay_as_written_and_are_context() -> None:
    out = nonla.run("vi.diacritics", text="Tòa án nhan dan tối cao")
    assert out.text == "Tòa án nhân dân tối cao"
    assert out.changed == 2
    already = "Hòa bình, thuỷ lợi và phát triển"  # new-style "thuỷ" is the writer's choice: kept
    assert restore(already) == already


def test_urls_emails_numbers_and_codes_stay_untouched() -> None:
    text = (
        "Xem https://dichvucong.gov.vn/thu-tuc?ma=abc hoac gui thu toi tiep.dan@hanoi.gov.vn, so 0912.345.678, ma H5N1"
    )
    out = restore(text)
    for kept in ("https://dichvucong.gov.vn/thu-tuc?ma=abc", "tiep.dan@hanoi.gov.vn", "0912.345.678", "H5N1"):
        assert kept in out
    assert out.startswith("Xem https://dichvucong.gov.vn/thu-tuc?ma=abc hoặc gửi thư")


@pytest.mark.parametrize(
    "link",
    ["facebook.com/ubnd.quan1", "zalo.me/0912345678", "tiktok.com/@ubnd", "dichvucong.gov.vn", "@an_nguyen",
     "VNEXPRESS.NET"],
)  # fmt: skip
def test_links_without_a_scheme_and_handles_stay_untouched(link: str) -> None:
    out = restore(f"lien he {link} hoac goi dien")
    assert out == f"liên hệ {link} hoặc gọi điện"


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("o TP.HCM, Ha Noi, v.v. deu co", "ở TP.HCM, Hà Nội, v.v. đều có"),
        ("gia 1.000.000 dong", "giá 1.000.000 đồng"),
        ("toi o nha.Toi di hoc", "tôi ở nhà.Tôi đi học"),
        ("an com.Me toi", "ăn cơm.Mẹ tôi"),
    ],
)
def test_dots_in_ordinary_text_are_not_links(plain: str, expected: str) -> None:
    """Abbreviations, numbers and a missing space after a full stop are text: their syllables get marks."""
    assert restore(plain) == expected


def test_english_is_left_alone() -> None:
    english = "I love you so much and the cat is on the table"
    assert restore(english) == english
    assert nonla.run("vi.diacritics", text=english).changed == 0


def test_unknown_names_stay_unaccented() -> None:
    assert restore("Anh Zyx va chi Vy").endswith("Vy")


def test_garbage_and_control_characters_pass_through() -> None:
    for text in ("🙂🙂 toi 🙂", "\x00\x01 toi \x7f", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "\u0301\u0300 a", "Đ"):
        out = restore(text)
        assert strip_diacritics(out) == strip_diacritics(text)


def test_long_text_is_fast_and_complete() -> None:
    text = "Toi yeu Viet Nam. Nguoi dan o phuong Ben Nghe phan anh tinh trang ngap ung keo dai.\n" * 2000
    assert len(text) > 150_000
    started = time.perf_counter()
    out = nonla.run("vi.diacritics", text=text)
    assert time.perf_counter() - started < 30
    assert strip_diacritics(out.text) == text
    assert out.text.startswith("Tôi yêu Việt Nam. Người dân ở phường")


def test_long_line_without_full_stops_is_decoded_in_slices() -> None:
    text = "toi yeu Viet Nam " * 2000
    assert max(len(s) for s in segments(text)) <= 400
    out = restore(text)
    assert out.count("tôi yêu Việt Nam") >= 1900


def test_batch_equals_singles() -> None:
    texts = ["toi yeu Viet Nam", "Toa an nhan dan toi cao", "Xem https://a.vn", "ba ba ba", "HA NOI"]
    batch = nonla.run_batch("vi.diacritics", [{"text": t} for t in texts])
    assert [b.text for b in batch] == [restore(t) for t in texts]  # type: ignore[union-attr]


def test_recent_texts_are_decoded_once_and_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.functions.vi import diacritics_decode
    from nonla.functions.vi.diacritics import DIACRITICS_MODEL, _load

    restorer = _load(DIACRITICS_MODEL.path())  # a restorer of its own: the shared one keeps its memory
    decoded: list[str] = []
    real = restorer._restore
    monkeypatch.setattr(restorer, "_restore", lambda texts: decoded.extend(texts) or real(texts))
    monkeypatch.setattr(diacritics_decode, "RECENT_TEXTS", 3)
    first = restorer.restore(["dieu 173 blhs", "toi yeu Viet Nam"])
    assert restorer.restore(["toi yeu Viet Nam", "dieu 173 blhs"]) == first[::-1]
    assert decoded == ["dieu 173 blhs", "toi yeu Viet Nam"]  # the second call read both from memory
    long_text = "toi yeu Viet Nam " * 100  # longer than RECENT_MAX_CHARS: decoded every time, never kept
    assert restorer.restore([long_text]) == restorer.restore([long_text])
    assert decoded.count(long_text) == 2
    restorer.restore(["a", "b", "c"])
    assert len(restorer._recent) == 3 and "dieu 173 blhs" not in restorer._recent  # the oldest went first

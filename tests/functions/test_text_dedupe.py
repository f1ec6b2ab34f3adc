"""text.dedupe and its MinHash/LSH engine: groups, exact Jaccard confirmation, options, scale."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

import nonla
from nonla.core.errors import InvalidInput, TextTooLong
from nonla.functions.text.dedupe import Output
from nonla.functions.text.minhash import band_keys, candidate_pairs, jaccard, lsh_bands, normalise, shingle_sets

COMPLAINT = "Đèn đường trước nhà số 12 ngõ 5 phố Huế bị hỏng đã hai tuần nay, buổi tối rất tối và nguy hiểm."
OTHER = "Rác thải sinh hoạt không được thu gom đúng giờ tại khu tập thể Thành Công khiến người dân bức xúc."


def dedupe(texts: list[str], **options: object) -> Output:
    return nonla.run("text.dedupe", texts=texts, **options)  # type: ignore[return-value]


def test_copies_typed_differently_form_one_group() -> None:
    texts = [
        COMPLAINT,
        OTHER,
        "den duong truoc nha so 12 ngo 5 pho hue bi hong da hai tuan nay, buoi toi rat toi va nguy hiem",
        "Đèn đường trước nhà số 12 ngõ 5 phố Huế bị hỏng đã hai tuần nay buổi tối rất tối và nguy hiểm!!!",
        "Hôm nay trời đẹp.",
    ]
    out = dedupe(texts)
    assert out.groups == [[0, 2, 3]]
    assert out.group_of == [0, None, 0, 0, None]


def test_without_stripping_diacritics_the_unmarked_copy_stands_apart() -> None:
    unmarked = "den duong truoc nha so 12 ngo 5 pho hue bi hong da hai tuan nay, buoi toi rat toi va nguy hiem"
    assert dedupe([COMPLAINT, unmarked], strip_diacritics=False).groups == []
    assert dedupe([COMPLAINT, unmarked], strip_diacritics=True).groups == [[0, 1]]


def test_the_threshold_is_exact_jaccard_of_syllable_sets() -> None:
    base = "một hai ba bốn năm sáu bảy tám chín mười"
    eight = "một hai ba bốn năm sáu bảy tám"  # 8 of 10 syllables: Jaccard 0.8 exactly
    assert dedupe([base, eight], threshold=0.8).groups == [[0, 1]]
    assert dedupe([base, eight], threshold=0.81).groups == []


def test_longer_shingles_see_word_order() -> None:
    reversed_ = " ".join(reversed(COMPLAINT.split()))
    assert dedupe([COMPLAINT, reversed_], shingle=1).groups == [[0, 1]]
    assert dedupe([COMPLAINT, reversed_], shingle=2).groups == []
    # two halves swapped break only the shingles at the seams: 18 of 22 three-syllable shingles survive (0.82)
    swapped = "buổi tối rất tối và nguy hiểm, đèn đường trước nhà số 12 ngõ 5 phố Huế bị hỏng đã hai tuần nay"
    assert dedupe([COMPLAINT, swapped], shingle=3).groups == [[0, 1]]


def test_groups_are_linked_chains_sorted_by_first_member() -> None:
    words = [f"từ{chr(ord('a') + i)}" for i in range(20)]  # letters, not numbers: those must agree
    chain = [" ".join(words[i : i + 18]) for i in range(3)]  # neighbours share 17/19, ends 16/20 = 0.8
    out = dedupe([OTHER, chain[2], chain[0], COMPLAINT, chain[1], OTHER], threshold=0.85)
    assert out.groups == [[0, 5], [1, 2, 4]]
    assert out.group_of == [0, 1, 1, None, 1, 0]


def test_text_without_words_groups_only_with_its_equal() -> None:
    assert dedupe(["🙂🙂", "🙂🙂", "!!!", "🙂"]).groups == [[0, 1]]


def test_engine_jaccard_equals_python_sets() -> None:
    rng = random.Random(1)
    texts = [" ".join(rng.choice("abcdefghij") for _ in range(rng.randrange(1, 15))) for _ in range(300)]
    sets = shingle_sets(texts, 1, strip_diacritics=False)
    pairs = np.array([(i, j) for i in range(0, 300, 7) for j in range(i + 1, 300, 11)], dtype=np.int64)
    python = [set(normalise(texts[i], False)) for i in range(300)]
    expected = [len(python[i] & python[j]) / len(python[i] | python[j]) for i, j in pairs]
    assert np.allclose(jaccard(sets, pairs), expected)


def test_lsh_proposes_nearly_every_pair_at_the_threshold() -> None:
    rng = random.Random(2)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts, expected = [], []
    for _ in range(400):
        words = rng.sample(vocabulary, 40)
        texts += [" ".join(words), " ".join(words[:36] + rng.sample(vocabulary, 0))]  # Jaccard 0.9
        expected.append((len(texts) - 2, len(texts) - 1))
    sets = shingle_sets(texts, 1, strip_diacritics=False)
    found = {tuple(p) for p in candidate_pairs(band_keys(sets, *lsh_bands(0.8))).tolist()}
    assert sum(p in found for p in expected) / len(expected) >= 0.99


def test_ten_thousand_texts_in_a_few_seconds() -> None:
    rng = random.Random(3)
    words = COMPLAINT.split() + OTHER.split()
    texts = [" ".join(rng.sample(words, 12)) + f" {i}" for i in range(9_990)] + [COMPLAINT] * 10
    started = time.perf_counter()
    out = dedupe(texts)
    assert time.perf_counter() - started < 30
    assert [9_990 + i for i in range(10)] in out.groups


@pytest.mark.parametrize(
    ("texts", "error"),
    [([], InvalidInput), (["ok", ""], InvalidInput), (["x" * 20_001], TextTooLong), (["ok"] * 10_001, InvalidInput)],
)
def test_bad_input_is_a_clear_error(texts: list[str], error: type[Exception]) -> None:
    with pytest.raises(error):
        dedupe(texts)


CRACKED = "Nhà số 12 ngõ 5 Láng Hạ bị nứt tường do công trình bên cạnh"
FINED = "Quán karaoke trên phố Huế bị phạt 500.000 đồng vì gây ồn sau 23 giờ"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param(CRACKED, CRACKED.replace("12", "48"), id="house number"),
        pytest.param(CRACKED, CRACKED.replace("12", "21"), id="same digits, another house"),
        pytest.param(FINED, FINED.replace("500.000", "5.000.000"), id="amount"),
        pytest.param(f"Ngày 12/5/2024 {CRACKED}", f"Ngày 13/5/2024 {CRACKED}", id="date"),
        pytest.param("Họp ngày 12/5/2024 tại phường", "Họp ngày 5/12/2024 tại phường", id="day and month"),
        pytest.param(f"{FINED}, gọi 0912 345 678", f"{FINED}, gọi 0912 345 679", id="phone"),
        pytest.param(f"Hồ sơ 123/2024/QĐ-UBND: {CRACKED}", f"Hồ sơ 124/2024/QĐ-UBND: {CRACKED}", id="case number"),
    ],
)
def test_texts_that_differ_in_a_number_stay_apart(one: str, other: str) -> None:
    assert dedupe([one, other]).groups == []


@pytest.mark.parametrize(
    ("one", "other"),
    [  # short texts, where one token more or less would fall below the threshold
        pytest.param("Bị phạt 500.000 đồng", "bi phat 500000 dong", id="thousands dots"),
        pytest.param("Bị phạt 500,000 đồng", "Bị phạt 500.000 đồng.", id="thousands commas"),
        pytest.param("Gọi 0912 345 678 báo cháy", "Gọi 0912345678 báo cháy", id="phone spaced"),
        pytest.param("Gọi 0912.345.678 báo cháy", "Gọi +84 912-345-678 báo cháy", id="phone dotted, +84"),
        pytest.param("Họp ngày 05/03/2024 tại phường", "Họp ngày 5-3-2024 tại phường", id="date written two ways"),
        pytest.param(CRACKED, CRACKED.replace("12 ", "12   ") + " !", id="spacing"),
        pytest.param(CRACKED, CRACKED.replace("Láng Hạ ", ""), id="dropped words"),
        pytest.param(CRACKED, CRACKED.replace("số 12 ", ""), id="dropped number"),
        pytest.param("Sở hữu trên 65% vốn điều lệ", "Sở hữu trên 6%5 vốn điều lệ", id="symbol slipped into a number"),
    ],
)
def test_texts_that_differ_only_in_how_numbers_are_written_group(one: str, other: str) -> None:
    assert dedupe([one, other]).groups == [[0, 1]]


def test_a_text_without_the_number_joins_one_household_not_both() -> None:
    # The report without a house number is closer to number 48 (13/15) than to number 12 (13/16): linked through
    # it, the two households would form one group.
    number_12 = CRACKED.replace("bên cạnh", "xây bên cạnh")
    unnumbered = CRACKED.replace("số 12 ", "")
    number_48 = CRACKED.replace("12", "48")
    out = dedupe([number_12, unnumbered, number_48, number_48 + "."])
    assert out.groups == [[1, 2, 3]]
    assert out.group_of == [None, 0, 0, 0]


def test_no_group_holds_two_texts_that_disagree_on_numbers() -> None:
    rng = random.Random(4)
    words = CRACKED.split()[5:]
    places = [rng.sample(["số 12", "số 48", "ngõ 5", "ngõ 7", "", ""], 2) for _ in range(300)]
    mentioned = [{part.split()[1] for part in chosen if part} for chosen in places]
    out = dedupe([" ".join(words + chosen) for chosen in places])
    assert len(out.groups) >= 4  # texts that agree on their numbers still group
    for group in out.groups:
        for i in group:
            assert all(mentioned[i] <= mentioned[j] or mentioned[j] <= mentioned[i] for j in group)


def test_soft_hyphens_inside_words_do_not_keep_copies_apart() -> None:
    text = "Đường Lê Lợi phường Bến Thành bị ngập nước nặng sau cơn mưa chiều nay, đề nghị xử lý"
    hyphenated = text.replace("ngập", "ng\xadập").replace("Lợi", "L\xadợi").replace("phường", "phư\xadờng")
    assert dedupe([text, hyphenated]).groups == [[0, 1]]
    assert normalise("ng\xadập nước", strip_diacritics=False) == ["ngập", "nước"]


def test_a_zero_width_space_still_separates_words() -> None:
    assert normalise("Tôi\u200bđi học", strip_diacritics=False) == ["tôi", "đi", "học"]

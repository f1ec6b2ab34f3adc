"""Features of the Vietnamese CRF POS tagger and the CoNLL-U reader it is trained and evaluated with."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from nonla.functions.vi.conllu import parse_conllu, read_conllu, read_conllu_sentences
from nonla.functions.vi.pos_features import sentence_features, word_shape

UD_VTB = (
    Path(os.environ.get("NONLA_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
    / "ud_vietnamese_vtb"
)
needs_ud_vtb = pytest.mark.skipif(
    not UD_VTB.is_dir() and not os.environ.get("CI"), reason="UD Vietnamese-VTB is not here"
)

SAMPLE = (
    "# sent_id = train-s1\n"
    "# text =Tôi nhớ lời anh chủ tịch xã Bùi Văn Luyến .\n"
    "1\tTôi\ttôi\tPRON\tPro\t_\t2\tnsubj\t_\t_\n"
    "2\tnhớ\tnhớ\tVERB\tV\t_\t0\troot\t_\t_\n"
    "3\tlời\tlời\tNOUN\tN\t_\t2\tobj\t_\t_\n"
    "4\tanh\tanh\tNOUN\tNc\t_\t5\tclf:det\t_\t_\n"
    "5\tchủ tịch\tchủ tịch\tNOUN\tN\t_\t3\tnmod\t_\t_\n"
    "6\txã\txã\tNOUN\tN\t_\t5\tnmod\t_\t_\n"
    "7\tBùi Văn Luyến\tBùi Văn Luyến\tPROPN\tNNP\t_\t5\tappos\t_\t_\n"
    "8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# sent_id = train-s2\n"
    "# text = Chào .\n"
    "1-2\tChào .\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tChào\tchào\tVERB\tV\t_\t0\troot\t_\t_\n"
    "1.1\tem\tem\tPRON\tPro\t_\t_\t_\t_\t_\n"
    "2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
)


def test_reader_keeps_multi_syllable_words_text_and_xpos() -> None:
    first, second = parse_conllu(SAMPLE)
    assert first.sent_id == "train-s1"
    assert first.text == "Tôi nhớ lời anh chủ tịch xã Bùi Văn Luyến ."  # "# text =X" without a space after "="
    assert first.tagged()[4] == ("chủ tịch", "NOUN")
    assert [w.xpos for w in first.words][:4] == ["Pro", "V", "N", "Nc"]
    assert second.text == "Chào ."
    assert second.tagged() == [("Chào", "VERB"), (".", "PUNCT")]  # ranges and empty nodes skipped


def test_reader_rejects_a_malformed_word_line() -> None:
    with pytest.raises(ValueError, match="10 tab-separated columns"):
        parse_conllu("1 Tôi tôi PRON\n")


def test_read_conllu_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "sample.conllu"
    path.write_text(SAMPLE, encoding="utf-8")
    assert read_conllu(path) == [s.tagged() for s in parse_conllu(SAMPLE)]
    assert [s.sent_id for s in read_conllu_sentences(path)] == ["train-s1", "train-s2"]


@needs_ud_vtb
@pytest.mark.parametrize(
    ("split", "sentences", "words"), [("train", 1400, 20215), ("dev", 1123, 26162), ("test", 800, 11692)]
)
def test_ud_vtb_counts(split: str, sentences: int, words: int) -> None:
    assert UD_VTB is not None
    parsed = read_conllu_sentences(UD_VTB / f"vi_vtb-ud-{split}.conllu")
    assert len(parsed) == sentences
    assert sum(len(s.words) for s in parsed) == words
    assert all(s.text == " ".join(w.form for w in s.words) for s in parsed)


def test_one_feature_dict_per_word_with_the_word_and_its_neighbours() -> None:
    words = ["Tôi", "nhớ", "chủ tịch", "Bùi Văn Luyến", "."]
    features = sentence_features(words)
    assert len(features) == len(words)
    chairman = features[2]
    assert chairman["w"] == "chủ tịch"
    assert (chairman["syl0"], chairman["syl-1"], chairman["nsyl"]) == ("chủ", "tịch", "2")
    assert chairman["multi"] is True
    assert (chairman["-2:w"], chairman["-1:w"], chairman["+1:w"], chairman["+2:w"]) == (
        "tôi",
        "nhớ",
        "bùi văn luyến",
        ".",
    )
    assert chairman["-1|0"] == "nhớ|chủ tịch" and chairman["0|+1"] == "chủ tịch|bùi văn luyến"
    assert (chairman["p2"], chairman["s2"]) == ("ch", "ch")
    assert features[0]["-1:w"] == "<s1>" and features[-1]["+2:w"] == "</s2>"


def test_shape_flags() -> None:
    name, number, punct, upper, plain = sentence_features(["Bùi Văn Luyến", "1.500", "!", "UBND", "nhà"])
    assert name["shape"] == "Xx_Xx_Xx" and name["all_title"] is True and name["nsyl"] == "3"
    assert name["BOS"] is True and "title_mid" not in name
    assert number["digit"] is True and number["has_digit"] is True
    assert punct["punct"] is True
    assert upper["upper"] is True and upper["title_mid"] is True
    assert plain["EOS"] is True
    assert not {"title", "upper", "digit", "punct", "multi"} & plain.keys()  # false flags are left out
    assert word_shape("Covid-19") == "Xx-d"


def test_values_are_crfsuite_types_and_pure() -> None:
    words = ["Hà Nội", "mưa", "to", "."]
    first = sentence_features(words)
    assert first == sentence_features(list(words))
    assert words == ["Hà Nội", "mưa", "to", "."]
    for item in first:
        assert all(isinstance(value, float | str | bool) for value in item.values())


def test_composed_and_decomposed_text_give_the_same_features() -> None:
    words = ["Tiếng", "Việt"]
    decomposed = [unicodedata.normalize("NFD", w) for w in words]
    assert sentence_features(decomposed) == sentence_features(words)


def test_empty_sentence() -> None:
    assert sentence_features([]) == []

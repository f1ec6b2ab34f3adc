"""The linear-time cascade gives exactly underthesea's ner() output, on real sentences and on odd ones."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from underthesea import ner
from underthesea.pipeline.chunking import tagged_feature as chunk_features
from underthesea.pipeline.ner import tagged_feature as ner_features
from underthesea.pipeline.pos_tag import tagged_feature as pos_features

from nonla.functions.vi.conllu import read_conllu_sentences
from nonla.functions.vi.uts_cascade import Cascade, features, parse

ODD = ["", " ", "a", "...", "Ông  Nguyễn   Văn An", "HÀ NỘI, 12/3/2020 ÔNG A", "x" * 300, "1 2 3 4 5 6 7",
       "Email: an@example.com, ĐT 0912.345.678", "\"Tôi\" (bị cáo) - ông B -"]  # fmt: skip


@pytest.fixture(scope="module")
def cascade() -> Cascade:
    return Cascade()


def test_same_tags_as_underthesea_on_ud_test_and_a_law(cascade: Cascade, shared_data: Path) -> None:
    ud = read_conllu_sentences(shared_data / "ud_vietnamese_vtb" / "vi_vtb-ud-test.conllu")
    law = sorted((shared_data / "vn_laws_corpus_underthesea_vlc" / "processed").glob("*"))[5].read_text("utf-8")
    sentences = [s.text for s in ud[:120]] + [line for line in law.splitlines() if line.strip()][:40] + ODD
    differing = [s for s in sentences if cascade.ner(s) != [tuple(row) for row in ner(s)]]
    assert differing == []


def test_the_three_feature_modules_share_one_set_of_functions() -> None:
    # The cascade uses the NER module's functions for every stage: that is only exact while they are the same code.
    for name in ("text_lower", "text_istitle", "text_isallcap", "text_isdigit", "text_is_in_dict"):
        source = inspect.getsource(getattr(ner_features, name))
        assert (
            source == inspect.getsource(getattr(pos_features, name)) == inspect.getsource(getattr(chunk_features, name))
        )


def test_features_match_underthesea_for_every_template_shape() -> None:
    syntaxes = ["T[-2].lower", "T[0].istitle", "T[2]", "T[-1,0]", "T[1,2]", "T[-3,-2][1]", "T[0,1][1]", "T[-1][2]",
                "T[0].isdigit", "T[0].is_in_dict", "T[0].isallcap"]  # fmt: skip
    functions = {"lower": ner_features.text_lower, "istitle": ner_features.text_istitle,
                 "isallcap": ner_features.text_isallcap, "isdigit": ner_features.text_isdigit,
                 "is_in_dict": ner_features.text_is_in_dict}  # fmt: skip
    rows = [("Ông", "Nc", "X"), ("Nguyễn Văn An", "Np", "X"), ("sống", "V", "X"), ("tại", "E", "X"), ("12", "M", "X")]
    expected = [ner_features.word2features(rows, i, syntaxes) for i in range(len(rows))]
    assert features(rows, [parse(s, functions) for s in syntaxes]) == expected


def test_parse_reads_ranges_columns_and_functions() -> None:
    template = parse("T[-3,-2][1]", {})
    assert (template.first, template.last, template.column, template.function) == (-3, -2, 1, None)
    assert parse("T[0]", {}).last is None

"""Training refuses what it cannot measure or afford with a clear error, and a cancel either stops it with nothing
left behind or comes after the version is stored (and then says nothing was lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonla.core.errors import InvalidInput
from nonla.custom import registry
from nonla.custom.errors import TrainingCancelled
from nonla.custom.tabular import train_tabular
from nonla.custom.train_text import MAX_LABELS, train_text_classifier

TABLE = "x,y,target\n" + "".join(f"{i},{i * 7 % 13},{'ab'[i % 2]}\n" for i in range(40))


def test_more_classes_than_the_held_out_rows_can_hold() -> None:
    table = "x,target\n" + "".join(f"{i},{i % 10}\n" for i in range(20))
    with pytest.raises(InvalidInput, match="10 classes need at least 50 rows"):
        train_tabular(table.encode(), name="many", target="target", task="classification")


def test_more_labels_than_a_classifier_takes() -> None:
    rows = "".join(f"văn bản số {i} nhãn {i % (MAX_LABELS + 1)},nhan{i % (MAX_LABELS + 1)}\n"
                   for i in range(5 * (MAX_LABELS + 1)))  # fmt: skip
    with pytest.raises(InvalidInput, match=f"{MAX_LABELS + 1} labels"):
        train_text_classifier(("text,label\n" + rows).encode(), name="many", features="tfidf", folds=2)


@pytest.mark.parametrize("at", ["registering the version", "registered"])
def test_a_cancel_at_the_end(at: str, nonla_home: Path) -> None:
    said: list[str] = []
    cancel = {"now": False}

    def progress(_: float, message: str) -> None:
        said.append(message)
        cancel["now"] = cancel["now"] or message.startswith(at)

    if at == "registered":  # too late: the version is stored, and training says so
        version = train_tabular(TABLE.encode(), name="late", target="target", progress=progress,
                                cancelled=lambda: cancel["now"])  # fmt: skip
        assert [v.ref for v in registry.versions("late")] == [version.ref]
    else:
        with pytest.raises(TrainingCancelled):
            train_tabular(TABLE.encode(), name="late", target="target", progress=progress,
                          cancelled=lambda: cancel["now"])  # fmt: skip
        assert registry.versions("late") == []
    assert not list(nonla_home.rglob(".incoming*")), "a cancelled training leaves no files behind"


def test_a_wide_header_over_short_rows_is_refused_before_the_rows_are_built() -> None:
    """The audit's file: 1,000,000 header columns over 200 one-cell rows (7.9 MB) took a server to 3 GB."""
    import tracemalloc

    from nonla.custom.datafile import TrainingFileTooLarge

    data = (",".join(f"c{i}" for i in range(1_000_000)) + ",text,label\n" + "x\n" * 200).encode()
    tracemalloc.start()
    try:
        with pytest.raises(TrainingFileTooLarge, match="too many columns") as refused:
            train_tabular(data, name="wide", target="label")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(data), f"{peak / 1e6:.0f} MB to refuse a {len(data) / 1e6:.0f} MB file"
    assert refused.value.http_status == 422 and refused.value.code == "training_file_too_large"
    assert refused.value.hint and refused.value.details == {"field": "data"}


def test_more_columns_than_a_model_takes() -> None:
    from nonla.custom.datafile import MAX_COLUMNS, TrainingFileTooLarge, parse_rows

    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS - 1))
    assert parse_rows(f"{header},label\n1,a\n".encode(), ["label"])[0]["label"] == ""  # the limit itself is fine
    with pytest.raises(TrainingFileTooLarge, match=f"{MAX_COLUMNS + 1:,} columns; the limit is {MAX_COLUMNS:,}"):
        parse_rows(f"{header},x,label\n1,a\n".encode(), ["label"])
    with pytest.raises(TrainingFileTooLarge, match="too many columns"):  # one absurd data row
        parse_rows(b"text,label\n" + b"," * 200_000 + b"\n", ["text"])


def test_rows_are_counted_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.custom import datafile

    monkeypatch.setattr(datafile, "MAX_ROWS", 10)
    assert len(datafile.parse_rows(b"text,label\n" + b"a,b\n" * 10, ["text"])) == 10
    with pytest.raises(datafile.TrainingFileTooLarge, match="more than 10 rows; the limit is 10"):
        datafile.parse_rows(b"text,label\n" + b"a,b\n" * 11, ["text"])


def test_short_rows_under_a_wide_header_are_bounded_in_cells() -> None:
    """Each row gets a cell per column even when it is short: rows x columns is bounded, not only the rows."""
    from nonla.custom.datafile import MAX_CELLS, TrainingFileTooLarge, parse_rows

    columns = 1_000
    header = ",".join(f"c{i}" for i in range(columns - 1)) + ",label\n"
    rows = MAX_CELLS // columns
    assert len(parse_rows((header + "x\n" * rows).encode(), ["label"])) == rows
    with pytest.raises(TrainingFileTooLarge, match=f"more than {rows:,} rows of 1,000 columns"):
        parse_rows((header + "x\n" * (rows + 1)).encode(), ["label"])
    # a text classifier keeps only its two columns, so the same file's rows all fit
    assert len(parse_rows((header + "x\n" * (rows + 1)).encode(), ["c0", "label"], all_columns=False)) == rows + 1


def test_rows_read_as_before() -> None:
    """Blank lines, short and long rows and repeated columns read as csv.DictReader read them."""
    from nonla.custom.datafile import parse_rows

    data = b"text,label,text\n\n a ,b,c\nd\ne,f,g,extra\n"
    expected = [{"text": "c", "label": "b"}, {"text": "", "label": ""}, {"text": "g", "label": "f"}]
    assert parse_rows(data, ["text", "label"]) == expected
    assert parse_rows(b"\n" + data, ["text", "label"]) == expected  # a blank first line is no longer the header

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

"""A blank cell in a numeric column is a missing value, not a category: the column stays a number in training, and a
caller may give it as a number, as text, or leave it out (the model learned what missing means)."""

from __future__ import annotations

import csv
import io
import math
import random

import pytest

import nonla
from nonla import custom


def table(blanks: int) -> bytes:
    rng = random.Random(1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["age", "income", "approved"])
    for i in range(200):
        age, income = rng.randint(18, 80), round(rng.uniform(1, 100), 1)
        writer.writerow(["" if i < blanks else age, income, "yes" if income > 50 else "no"])
    return out.getvalue().encode()


def test_one_blank_cell_keeps_a_numeric_column_numeric() -> None:
    version = custom.train_tabular(table(blanks=1), name="loan", target="approved")
    assert version.config["fields"] == [{"name": "age", "type": "number", "optional": True},
                                        {"name": "income", "type": "number"}]  # fmt: skip
    assert nonla.run("custom.loan", age=45, income=80).label == "yes"  # type: ignore[attr-defined]
    assert nonla.run("custom.loan", age="45.5", income=80).label == "yes"  # type: ignore[attr-defined]
    for missing in ({"age": None}, {"age": " "}, {}):
        assert nonla.run("custom.loan", income=10, **missing).label == "no", missing  # type: ignore[attr-defined]
    with pytest.raises(nonla.NonlaError) as caught:
        nonla.run("custom.loan", age="old", income=10)
    assert caught.value.http_status == 422
    assert math.isfinite(version.card["examples"][0]["age"] or math.nan)


def test_a_complete_column_stays_required() -> None:
    version = custom.train_tabular(table(blanks=0), name="loan", target="approved")
    assert version.config["fields"][0] == {"name": "age", "type": "number"}
    with pytest.raises(nonla.NonlaError) as caught:
        nonla.run("custom.loan", income=10)
    assert caught.value.http_status == 422

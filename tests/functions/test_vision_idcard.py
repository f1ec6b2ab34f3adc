"""vision.idcard on mock card fronts drawn here: fields, the number's checks, per-field confidence, bad input."""

from __future__ import annotations

import base64
import random

import pytest

from nonla.core.errors import InvalidInput
from nonla.core.runner import Runner
from nonla.functions.vision.idcard import _problems
from nonla.functions.vision.idcard_fields import FIELDS
from nonla.functions.vision.idcard_render import fake_person, render_card

pytest.importorskip("tesserocr")


def read(person: dict[str, str], seed: int = 0, hard: bool = False) -> object:
    raw = render_card(person, random.Random(seed), width=1000, hard=hard)
    [out] = Runner().call("vision.idcard", [{"data": base64.b64encode(raw).decode()}]).results
    return out


def test_every_field_of_a_card_is_read_and_checked() -> None:
    person = fake_person(random.Random(4))
    out = read(person)
    for name in FIELDS:
        field = getattr(out, name)
        assert field.value == person[name], name
        assert 0.5 < field.confidence <= 1
    assert out.valid and out.problems == []  # type: ignore[attr-defined]


def test_a_number_that_disagrees_with_the_card_is_flagged() -> None:
    person = fake_person(random.Random(5))
    number = person["number"]
    wrong_sex = number[:3] + str(int(number[3]) ^ 1) + number[4:]  # flips the sex, keeps the century
    out = read({**person, "number": wrong_sex})
    assert not out.valid and any("sex digit" in p for p in out.problems)  # type: ignore[attr-defined]
    bad_province = "003" + number[3:]
    out = read({**person, "number": bad_province})
    assert not out.valid and any("province code" in p for p in out.problems)  # type: ignore[attr-defined]


def test_problems_name_each_inconsistency() -> None:
    found = {"number": ("001090012345", 0.9), "date_of_birth": ("15/03/1991", 0.9), "sex": ("Nữ", 0.9),
             "date_of_expiry": ("01/01/1980", 0.9)}  # fmt: skip
    problems = _problems(found)
    assert "number encodes birth year 1990, the card says 1991" in problems
    assert any("sex digit (0)" in p for p in problems) and "date of expiry is before the date of birth" in problems
    assert "full_name not found" in problems


def test_a_noisy_rotated_photo_still_reads() -> None:
    person = fake_person(random.Random(11))
    out = read(person, seed=11, hard=True)
    assert out.number.value == person["number"] and out.full_name.value == person["full_name"]  # type: ignore[attr-defined]


def test_not_an_image_is_a_4xx_error() -> None:
    [out] = Runner().call("vision.idcard", [{"data": base64.b64encode(b"hello").decode()}]).results
    assert isinstance(out, InvalidInput) and out.http_status == 422

"""vision.idcard — the fields of the front of a chip-based citizen identity card (CCCD), checked against each other.

>>> import nonla
>>> from nonla.functions.vision.ocr_examples import IDCARD_JPEG
>>> out = nonla.run("vision.idcard", data=IDCARD_JPEG)
>>> out.number.value, out.full_name.value, out.date_of_birth.value, out.sex.value, out.valid
('001090012345', 'NGUYỄN VĂN AN', '15/03/1990', 'Nam', True)
"""

from __future__ import annotations

import datetime

from pydantic import BaseModel, Field

from nonla.core.errors import NonlaError
from nonla.core.function import Card, Risk, function
from nonla.core.models import Models
from nonla.core.runner import subcall
from nonla.functions.privacy.validators import CCCD_CENTURY, cccd_birth_year
from nonla.functions.vision.idcard_fields import FIELDS, Found, read_fields
from nonla.functions.vision.ocr_engine import TESSDATA
from nonla.functions.vision.ocr_examples import IDCARD_JPEG
from nonla.functions.vision.ocr_pages import MAX_DATA_CHARS


class Input(BaseModel):
    data: str = Field(json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_DATA_CHARS,
                      description="A photo or scan of the card's front, base64-encoded (PNG, JPEG, TIFF, ...).")  # fmt: skip
    media_type: str | None = Field(None, max_length=100, description="Informative only: the bytes are sniffed.")


class IdField(BaseModel):
    value: str | None = None
    confidence: float = Field(0.0, ge=0, le=1, description="OCR confidence of the line(s) it was read from.")


class Output(BaseModel):
    number: IdField = Field(description="Số / No.: the 12-digit personal identification number.")
    full_name: IdField
    date_of_birth: IdField = Field(description="dd/mm/yyyy.")
    sex: IdField = Field(description="'Nam' or 'Nữ'.")
    nationality: IdField
    place_of_origin: IdField
    place_of_residence: IdField
    date_of_expiry: IdField = Field(description="dd/mm/yyyy, or 'Không thời hạn'.")
    valid: bool = Field(description="Every field was read and the number agrees with the province, sex and birth year.")
    problems: list[str]


CARD = Card(
    summary="Fields of a CCCD (chip-based citizen identity card) front from a photo or scan, with the number checked "
    "against birth place code, sex and birth year.",
    licence="Apache-2.0 (code); OCR by vision.ocr (tesseract, Apache-2.0)",
    models=[TESSDATA["vie"], TESSDATA["eng"], TESSDATA["osd"]],
    metrics={
        "accuracy % number": 100.0,
        "accuracy % full_name": 99.17,
        "accuracy % date_of_birth": 100.0,
        "accuracy % sex": 100.0,
        "accuracy % nationality": 100.0,
        "accuracy % place_of_origin": 99.17,
        "accuracy % place_of_residence": 90.83,
        "accuracy % date_of_expiry": 93.33,
        "accuracy % whole card": 83.33,
    },
    peers={
        "trueocr + same parser accuracy % number": 100.0,
        "trueocr + same parser accuracy % full_name": 54.17,
        "trueocr + same parser accuracy % date_of_birth": 100.0,
        "trueocr + same parser accuracy % sex": 63.33,
        "trueocr + same parser accuracy % nationality": 100.0,
        "trueocr + same parser accuracy % place_of_origin": 53.33,
        "trueocr + same parser accuracy % place_of_residence": 36.67,
        "trueocr + same parser accuracy % date_of_expiry": 99.17,
        "trueocr + same parser accuracy % whole card": 13.33,
    },
    evaluation="python evaluation/vision_idcard.py",
    evaluation_data="120 mock card fronts rendered by the evaluation (seeded): made-up names, random valid numbers, a grey "
    "photo box, tinted backgrounds, noise, blur and ±2° rotation; no real person's card",
    risk=Risk.HIGH,
    intended_use="Pre-filling forms from a card a person hands over, with a clerk checking every field before it is used. "
    "Personal data: the card holds identity data of a natural person (Decree 13/2023/NĐ-CP); process it only with "
    "a legal basis or consent, keep only what the procedure needs, and send the X-Subject-Id header so the audit "
    "and review queue can be exported or erased per person. Inputs are not stored; the audit log keeps digests.",
    limitations="Front of the chip-based CCCD only (not the back, the older 9/12-digit CMND, the 2024 'Căn cước' layout or "
    "passports); measured on rendered mock cards, not on photos of real cards: glare, holograms, perspective and "
    "low light lower accuracy; a `valid` card is only consistent, not proven genuine (no chip or database check).",
    examples=[{"data": IDCARD_JPEG}],
)


def _problems(found: Found) -> list[str]:
    problems = [f"{name} not found" for name in FIELDS if name not in found]
    number = found.get("number", ("", 0))[0]
    birth = found.get("date_of_birth", ("", 0))[0]
    if number:
        year = cccd_birth_year(number)
        if year is None:
            problems.append("number: its province code or century digit does not exist")
        else:
            if birth and int(birth[-4:]) != year:
                problems.append(f"number encodes birth year {year}, the card says {birth[-4:]}")
            sex = found.get("sex", ("", 0))[0]
            if sex and sex != ("Nam" if int(number[3]) % 2 == 0 else "Nữ"):
                problems.append(f"number's sex digit ({number[3]}) does not match the sex printed ({sex})")
            if number[3] not in CCCD_CENTURY:
                problems.append("number: century digit out of range")
    expiry = found.get("date_of_expiry", ("", 0))[0]
    if birth and expiry[:1].isdigit():
        born, ends = (datetime.datetime.strptime(d, "%d/%m/%Y").date() for d in (birth, expiry))
        if ends <= born:
            problems.append("date of expiry is before the date of birth")
    return problems


@function("vision.idcard", version=1, card=CARD, batch_size=4)
def run(batch: list[Input], models: Models) -> list[Output]:
    read = subcall("vision.ocr", [{"data": item.data} for item in batch])
    outputs = []
    for result in read:
        if isinstance(result, NonlaError):
            raise result
        page = result.pages[0]  # type: ignore[attr-defined]
        found = read_fields([(line.text, line.confidence) for line in page.lines])
        fields = {name: IdField(value=value, confidence=confidence) for name, (value, confidence) in found.items()}
        problems = _problems(found)
        outputs.append(Output(**{name: fields.get(name, IdField()) for name in FIELDS}, valid=not problems,
                              problems=problems))  # fmt: skip
    return outputs

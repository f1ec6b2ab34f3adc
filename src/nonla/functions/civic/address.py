"""geo.address — a Vietnamese address, as people write it, read into street, ward and province of the 2025 units.

Old addresses (63 provinces, with districts) are converted to the 34 provinces and 3,321 wards/communes in force since
1 July 2025. An old commune that was split between several new ones is not guessed: every successor is listed in
``candidates``, ``ward`` is None and ``status`` is "split" (first the successor vietnamadminunits picks by default).

>>> import nonla
>>> out = nonla.run("geo.address", text="12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
>>> out.street, out.ward, out.province, out.status
('12 Lê Lợi', 'Phường Sài Gòn', 'Thành phố Hồ Chí Minh', 'converted')
>>> out = nonla.run("geo.address", text="phuong ngoc ha, quan ba dinh, ha noi")
>>> out.status, out.ward, [c.ward for c in out.candidates]
('split', None, ['Phường Ba Đình', 'Phường Ngọc Hà'])
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.civic.address_resolve import Resolver, Status
from nonla.functions.civic.address_units import (
    CONVERTER_TABLE,
    GEO_UNITS,
    LEGACY_TABLE,
    NEW_TABLE,
    load_package,
    load_units,
)

MAX_CHARS = 500
Address = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CHARS), *Text.__metadata__[1:]]


class Input(BaseModel):
    text: Address = Field(
        description="One address: old or new units, with or without tone marks, abbreviations (P., Q., TP., TX., H., "
        "X., TT., F7) and commas.",
    )


class Candidate(BaseModel):
    ward: str
    province: str


class Output(BaseModel):
    street: str | None = Field(description="House number, alley, hamlet and street, as written; None when absent.")
    ward: str | None = Field(description="Official 2025 name ('Phường Sài Gòn'); None when split, unknown or absent.")
    province: str | None = Field(description="Official 2025 name ('Thành phố Hồ Chí Minh'); None when not found.")
    status: Status = Field(
        description="new: already a 2025 address; converted: an old address, one successor; split: the old commune "
        "went to several wards, all in candidates; province_only: no ward found; not_found: no unit found."
    )
    candidates: list[Candidate] = Field(description="The possible 2025 wards: one, or every successor of a split.")
    confidence: float = Field(
        ge=0, le=1, description="0.95 exact, 0.9 province inferred, 0.7 typo corrected, 0.5 province only, 0 not found."
    )


CARD = Card(
    summary="Vietnamese addresses (old or new, abbreviated, without tone marks or commas) read into street, ward and "
    "province, and converted to the 2025 units; a split commune returns every successor.",
    languages=["vi"],
    licence="Apache-2.0 (code); vietnamadminunits 1.0.4 (MIT); 2025 units thanglequoc/vietnamese-provinces-database "
    "(MIT); old → new mapping dvhcvn/20250701 (MIT)",
    models=[GEO_UNITS, CONVERTER_TABLE, LEGACY_TABLE, NEW_TABLE],
    metrics={
        "new official (60) correct %": 100.0,
        "new abbreviated (30) correct %": 100.0,
        "old with district (60) correct %": 100.0,
        "old abbreviated (50) correct %": 100.0,
        "no diacritics (50) correct %": 100.0,
        "lower case (40) correct %": 100.0,
        "no commas (40) correct %": 97.5,
        "typo in one syllable (40) correct %": 100.0,
        "house number and street (40) correct %": 100.0,
        "split ward (50) correct %": 100.0,
        "province only (20) correct %": 100.0,
        "all correct %": 99.79,
        "all ward+province %": 99.79,
        "all street exact %": 100.0,
    },
    peers={
        "vietnamadminunits new official (60) correct %": 0.0,
        "vietnamadminunits new abbreviated (30) correct %": 0.0,
        "vietnamadminunits old with district (60) correct %": 100.0,
        "vietnamadminunits old abbreviated (50) correct %": 100.0,
        "vietnamadminunits no diacritics (50) correct %": 34.0,
        "vietnamadminunits lower case (40) correct %": 32.5,
        "vietnamadminunits no commas (40) correct %": 50.0,
        "vietnamadminunits typo in one syllable (40) correct %": 5.0,
        "vietnamadminunits house number and street (40) correct %": 47.5,
        "vietnamadminunits split ward (50) correct %": 0.0,
        "vietnamadminunits province only (20) correct %": 100.0,
        "vietnamadminunits all correct %": 41.88,
        "vietnamadminunits all ward+province %": 54.58,
        "vietnamadminunits all street exact %": 48.33,
    },
    evaluation="python evaluation/geo_address.py",
    evaluation_data="tests/data/geo_address/test.jsonl: 480 addresses written from the mapping data by "
    "evaluation/build_geo_address_set.py (11 written forms, 62 split communes), gold from the mapping; the rules were "
    "worked out on dev.jsonl, drawn alike with another seed",
    risk=Risk.LIMITED,
    intended_use="Normalising addresses in citizens' requests, forms and records to the 2025 units; routing a request "
    "to the ward that now serves it; flagging old addresses whose commune was split so a person can choose.",
    limitations="Offline: a split commune is never resolved from the street (that needs a map); choose among the "
    "candidates. The old → new mapping is curated from the 2025 resolutions (dvhcvn), not an official release. An "
    "address without a province is read only when its ward or district name is unique in the country. One mistyped "
    "syllable is corrected; more typos, or a mistyped province, are not. The test set is generated from the unit "
    "tables themselves, so it measures reading the written forms, not coverage of every real-world spelling.",
    examples=[
        {"text": "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"},
        {"text": "Phường Sài Gòn, Thành phố Hồ Chí Minh"},
        {"text": "so 5 ngo 10 pho hue, phuong bui thi xuan, quan hai ba trung, ha noi"},
        {"text": "Thôn Đông Hạ, xã Tân Hòa, huyện Phú Bình, tỉnh Thái Nguyên"},
    ],
)


@function("geo.address", version=1, card=CARD, batch_size=256)
def run(batch: list[Input], models: Models) -> list[Output]:
    for table in (LEGACY_TABLE, NEW_TABLE):  # the package reads these itself; checked so the card's digests hold
        models.load(table, lambda path: path)
    resolver = Resolver(models.load(GEO_UNITS, load_units), models.load(CONVERTER_TABLE, load_package))
    outputs = []
    for item in batch:
        found = resolver.resolve(item.text)
        candidates = [Candidate(ward=ward, province=province) for ward, province in found.candidates]
        outputs.append(Output(street=found.street, ward=found.ward, province=found.province, status=found.status,
                              candidates=candidates, confidence=found.confidence))  # fmt: skip
    return outputs

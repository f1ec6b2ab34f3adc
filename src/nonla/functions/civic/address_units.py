"""The unit tables behind geo.address: the 2025 units with the old → new mapping, and vietnamadminunits, offline.

Both load once per process through the model cache, never at import. vietnamadminunits (MIT) parses free-text
addresses against its own tables; for an old commune split between several new ones it would ask an online
geocoder (ArcGIS) where the street lies. That call is replaced when the package is loaded, so the package picks its
default successor offline and geo.address lists every successor from the mapping instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable
from nonla.core.models import ModelRef
from nonla.functions.civic.address_text import fold
from nonla.functions.civic.address_typos import Names

GEO_UNITS = ModelRef("geo-units", "2026.11", sha256="0920815ef0e213956612a10a0fac45061830bec016d3e644664ed3168619ecaf",
                     file="geo-units/units.json", licence="MIT (2025 units: thanglequoc/vietnamese-provinces-database; "
                     "old → new mapping: dvhcvn/20250701)")  # fmt: skip
_PACKAGE = "package:vietnamadminunits"
_PACKAGE_LICENCE = "MIT (vietnamadminunits 1.0.4, Tran Ngoc Minh Hieu)"
CONVERTER_TABLE = ModelRef("vietnamadminunits-converter", "1.0.4", file="data/converter_2025.json", source=_PACKAGE,
                           sha256="84f0848bf401b047775cbb49768c181a9271f77e4a4ec706d293b09bcb4faddd",
                           licence=_PACKAGE_LICENCE)  # fmt: skip
LEGACY_TABLE = ModelRef("vietnamadminunits-legacy", "1.0.4", file="data/parser_legacy.json", source=_PACKAGE,
                        sha256="ce24b836c937b967a6a71ac922c5d3bdbbec776bcfb8892bf6b4ab1813da5d9c",
                        licence=_PACKAGE_LICENCE)  # fmt: skip
NEW_TABLE = ModelRef("vietnamadminunits-2025", "1.0.4", file="data/parser_from_2025.json", source=_PACKAGE,
                     sha256="4666b999b369b19e0a0c84fa864e8447f271b70586bc05d41a72b6ea0e71903a",
                     licence=_PACKAGE_LICENCE)  # fmt: skip
_UNIT_WORD = re.compile(r"^(?:Thành phố|Tỉnh|Phường|Xã|Thị trấn|Đặc khu)\s+", re.IGNORECASE)


def short_name(full: str) -> str:
    """'Phường Bến Nghé' → 'Bến Nghé'."""
    return _UNIT_WORD.sub("", full)


@dataclass(frozen=True)
class Units:
    provinces: dict[str, str]  # 2025 province code → official name
    wards: dict[str, tuple[str, str]]  # 2025 ward code → (official name, province code)
    old_provinces: dict[str, tuple[str, str]]  # old province code → (name, 2025 province code)
    old_wards: dict[str, tuple[str, str, tuple[str, ...]]]  # old code → (name, old province code, successor codes)
    new_names: dict[str, Names] = field(default_factory=dict)  # 2025 province code → its wards' names
    old_names: dict[str, Names] = field(default_factory=dict)  # old province code → its communes' names

    def ward_names(self, code: str) -> tuple[str, str]:
        """(ward, province) official names of a 2025 ward code."""
        name, province = self.wards[code]
        return name, self.provinces[province]


def _spellings(full: str, code: str) -> tuple[tuple[str, ...], str, str]:
    name = " ".join(short_name(full).split())
    return tuple(fold(name).split()), name.lower(), code


def load_units(path: Path) -> Units:
    data = json.loads(path.read_text(encoding="utf-8"))
    units = Units(
        provinces=data["provinces"],
        wards={code: (name, province) for code, (name, province) in data["wards"].items()},
        old_provinces={code: (name, new) for code, (name, new) in data["old_provinces"].items()},
        old_wards={code: (name, province, tuple(codes)) for code, (name, province, codes) in data["old_wards"].items()},
    )
    for code, (name, province) in sorted(units.wards.items()):
        units.new_names.setdefault(province, []).append(_spellings(name, code))
    for code, (name, province, _) in sorted(units.old_wards.items()):
        units.old_names.setdefault(province, []).append(_spellings(name, code))
    return units


def _offline(address: str) -> None:
    """Stands in for the package's online geocoder: 'location unknown', so it keeps its default successor."""
    return None


class Package:
    """vietnamadminunits with its geocoder removed: a parser of old (63-province) and 2025 (34-province) addresses."""

    def __init__(self) -> None:
        try:
            from vietnamadminunits.converter import converter_2025  # type: ignore[import-untyped]
            from vietnamadminunits.parser import (  # type: ignore[import-untyped]
                parse_address,
                parser_from_2025,
                parser_legacy,
                utils,
            )
        except ImportError as exc:  # pragma: no cover - the 'geo' extra is part of every install we test
            raise ModelUnavailable(
                "geo.address needs the package 'vietnamadminunits', which is not installed.",
                hint="Install it: pip install 'nonla[geo]'.",
            ) from exc
        converter_2025.get_geo_location = _offline
        utils.get_geo_location = _offline
        utils.geolocator = None  # any other way to the online geocoder now fails instead of going online
        self._convert = converter_2025.convert_address_2025
        self._parse = parse_address
        self._district_tables = (parser_legacy.DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED,
                                 parser_legacy.DICT_PROVINCE_DISTRICT_WARD_ACCENTED,
                                 parser_legacy.DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED)  # fmt: skip
        provinces = parser_legacy.DICT_PROVINCE
        # (full name, old province code) of every old district, to see which province a written district is in.
        self.districts = [(d["district"], provinces[key]["provinceCode"])
                          for key, districts in parser_legacy.DICT_PROVINCE_DISTRICT.items()
                          for d in districts.values()]  # fmt: skip
        # Names the parser may find a province from when the text writes none: each is the only one in the country.
        self._unique_districts = set(parser_legacy.DICT_UNIQUE_DISTRICT_PROVINCE)
        self._unique_wards = {*parser_from_2025.DICT_UNIQUE_WARD_PROVINCE_NO_ACCENTED,
                              *parser_from_2025.DICT_UNIQUE_WARD_PROVINCE_ACCENTED}  # fmt: skip

    def convert(self, text: str) -> Any:
        """The package's reading of an old address; ``.OldAdminUnit`` holds the old units it found."""
        return self._convert(text)

    def parse_new(self, text: str) -> Any:
        return self._parse(text, mode="FROM_2025", keep_street=False, level=2)

    def unique_district(self, key: str | None) -> bool:
        """Is this old district (the parser's key) the only one of its name in the country?"""
        return key in self._unique_districts

    def unique_ward(self, key: str | None) -> bool:
        """Is this 2025 ward (the parser's key) the only one of its name in the country?"""
        return key in self._unique_wards

    def district_ward_codes(self, province_key: str | None, district_key: str | None) -> set[str]:
        """The old commune codes of one old district (empty when the package did not find the district)."""
        codes: set[str] = set()
        for table in self._district_tables:
            wards = table.get(province_key or "", {}).get(district_key or "", {})
            codes.update(w["wardCode"] for w in wards.values() if isinstance(w["wardCode"], str))
        return codes


def load_package(path: Path) -> Package:
    return Package()

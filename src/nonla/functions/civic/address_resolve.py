"""From a written address to its 2025 ward and province: read as an old address, as a new one, or with a typo.

An address that names an old commune together with its district ('P. Bến Nghé, Q.1') is old: its successors come
from the mapping, and a commune split between several new wards returns all of them (status 'split', ward None).
Otherwise the 2025 parser reads it as a new address. When neither finds a ward, the names of the province's units
are compared allowing one mistyped syllable. Confidence: 0.95 for an exact reading, 0.9 when the province was
inferred from the ward alone, 0.7 after a typo was corrected, 0.5 for the province alone, 0 when nothing was found.

The province the parser reads is used only when the text writes it (address_places): else it is read again with
the province written, or with the one its district or its ward's unique name tells (at most 0.9), and when nothing
tells it the address is not found rather than put in a province it does not name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from nonla.functions.civic.address_places import places_of
from nonla.functions.civic.address_text import (
    clean,
    cut_name,
    expand,
    find_words,
    fold,
    has_marks,
    name_part,
    street_before_units,
    trim,
    units_start,
)
from nonla.functions.civic.address_typos import Names, best_match
from nonla.functions.civic.address_units import Package, Units, short_name

Status = Literal["new", "converted", "split", "province_only", "not_found"]
EXACT, INFERRED, CORRECTED, PROVINCE_ONLY = 0.95, 0.9, 0.7, 0.5
_LARGER_UNIT = re.compile(r"(?:quan|huyen|thi xa|thanh pho|tinh)\W*$")
_PROVINCE_ALIASES = ("HCM", "Sài Gòn", "SG", "HN", "BRVT", "Vũng Tàu", "Bà Rịa", "Thừa Thiên Huế")
# A ward's unit word as a whole word: the 'xã' of 'thị xã' (a district-level town) is not one, or 'thị xã Hương
# Thủy' would read as Phường Hương Thuỷ, one of the town's three successors.
_WARD_UNIT = re.compile(r"(?:^|[^\w])(?<!thi )(?:phuong|xa|thi tran|dac khu)\W*$")
_COMMUNE_BEFORE = re.compile(r"(?:^|[^\w])(?<!thi )(?:phuong|xa|thi tran)\W*$")  # 'thị xã' is a district's word
_UNIT_FIRST = re.compile(r"(?:phuong|xa|quan|huyen|tinh) ")  # names that open with a unit's word: Phương Bình, Xà Phiên
# Nothing after a name but the country: the name is the address's last part ('Quận 3, Sài Gòn, Việt Nam').
_LAST_PART = re.compile(r"[\s,.;-]*(?:viet\s*nam[\s,.;-]*)?$")
# A house number opening the part the name is in ('12 Lê Lợi', 'số 5A Trần Phú', '12/3 Lê Lợi'): that name is the
# street's, whatever ward shares it (Hà Nội has a Xã Trần Phú; '45 Trần Phú, Hà Nội' is a street in Hà Nội).
# A lone 'p' (or 'f') after a house number and its street, in the same part: '12 le loi p ben nghe q1 hcm'. Not after
# other words ('Lô P Lê Lợi' is a block's letter), where the street is all the part may hold.
_BARE_WARD_LETTER = re.compile(
    r"((?:^|[,;])\s*(?:(?:số|so|nhà|nha)\s+)?\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*\s+[^,;]*?[^\W\d_])\s+[pPfF]\s+(?=[^\W\d_])",
    re.IGNORECASE,
)
_HOUSE_STREET = re.compile(r"\s*(?:(?:số|so|nhà|nha)\s+)?\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*\s+\w", re.IGNORECASE)
# A street's word, or a block's letter, right before the name: 'đường Lê Lợi', 'phố Trần Phú', 'Lô P Lê Lợi' write a
# street, whatever ward shares its name ('thành phố' is a city's word, not a street's).
_STREET_WORD = re.compile(r"(?:^|[^\w])(?:(?<!thanh )pho|duong|ngo|ngach|hem|kiet|dai lo|quoc lo|lo \w{1,3})\W*$")
# A part that opens with a street's word or a block's letter ('đường Lê Lợi', 'Lô P Lê Lợi') is a street's too.
_STREET_PART = re.compile(r"\s*(?:đường|duong|phố|pho|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|đại lộ|dai lo|quốc lộ|"
                          r"quoc lo|lô \w{1,3}|lo \w{1,3})\s+\w", re.IGNORECASE)  # fmt: skip
_HOUSE_NUMBER = re.compile(r"(?:^|[,;])\s*(?:(?:so|nha)\s+)?\d+[a-z]?(?:[/-]\d+[a-z]?)*\s+$")
_MOST_PROVINCES = 10  # 'Huyện Châu Thành' is in ten: a district in more is not one a person wrote


@dataclass(frozen=True)
class Resolved:
    street: str | None = None
    ward: str | None = None
    province: str | None = None
    status: Status = "not_found"
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (ward, province)
    confidence: float = 0.0


def _code(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None  # the package's tables hold NaN for a few units


def _street(written: str, names: list[str]) -> str | None:
    """The street part: before the first unit word, or before the unit's name when no unit word is written."""
    for name in names:
        part = name_part(written, name)
        if part is not None:
            return trim(written[:part])
    if units_start(written) is None:
        folded = fold(written)
        for name in names:
            at = folded.rfind(fold(name))
            if at > 0 and not folded[at - 1].isalnum():
                return trim(written[:at])
        return None
    street = street_before_units(written)
    for name in names:
        street = cut_name(written, street, name)
    return street


def _without_house_streets(prepared: str) -> str:
    """The text with each part that opens with a house number, a street's word or a block's letter and holds no unit
    word made commas: '12 Lê Lợi' or 'đường Lê Lợi' is a street, never a mistyped ward ('12 Lê Lợi, Hà Nội' is not
    Xã Lê Lợi). Same length: offsets hold.

    >>> _without_house_streets("12 Lê Lợi, Hà Nội"), _without_house_streets("12 Lê Lợi phường Bến Nghé, Q.1")
    (',,,,,,,,,, Hà Nội', '12 Lê Lợi phường Bến Nghé, Q.1')
    """
    parts = re.split(r"([,;])", prepared)
    return "".join("," * len(part) if _street_part(part) and units_start(part) is None else part
                   for part in parts)  # fmt: skip


def _street_part(part: str) -> bool:
    return bool(_HOUSE_STREET.match(part) or _STREET_PART.match(part))


def names_ward(prepared: str, name: str, provinces: set[str]) -> bool:
    """Does the text name this ward, not only a district or province of the same name, nor a word of its street?

    'Xã Di Linh, Lâm Đồng' names Xã Di Linh; 'Xã Hia Ninh, Huyện Di Linh' and '12 Lê Lợi, Phú Thọ' (the province) do
    not, and neither does 'Trần Hưng Đạo' name Xã An Hưng, nor '45 Trần Phú, Hà Nội' Xã Trần Phú. ``provinces``: the folded names and short forms of the
    province read; written last without a ward's unit word, such a name is the province's ('Quận 3, Sài Gòn' is Hồ
    Chí Minh city, not Phường Sài Gòn).
    """
    if name_part(prepared, short_name(name)) is not None:
        return True
    folded, key = fold(prepared), " ".join(fold(short_name(name)).split())
    start = units_start(prepared) or 0
    for at, end in find_words(prepared, short_name(name)):  # with its marks: 'Phường Sơn Đông' is not 'Phượng Sơn'
        if at < start:
            continue
        before, after = folded[:at], folded[end:]
        if _WARD_UNIT.search(before):
            return True
        if _HOUSE_NUMBER.search(before) or _STREET_WORD.search(before):
            continue
        if _UNIT_FIRST.match(key) and not has_marks(prepared):
            continue  # typed without marks, 'phuong Binh Thanh' is Phường Bình Thạnh, not a ward named Phương Bình
        if not _LARGER_UNIT.search(before) and not (
            any(p.endswith(key) for p in provinces) and _LAST_PART.match(after)
        ):
            return True
    return False


def _occurrences(prepared: str, name: str) -> list[int]:
    key = " ".join(fold(short_name(name)).split())
    return [m.start() for m in re.finditer(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", fold(prepared))]


def only_in_street(prepared: str, name: str) -> bool:
    """Is the name written, but only in the street part ('244 Hoàng Văn Thụ, X. Xun Phú' names no ward Hoàng Văn Thụ)?

    A name not written at all is a former name the parser knows ('P.7, Q.3' is now Phường Võ Thị Sáu): kept.
    """
    end, at = units_start(prepared), _occurrences(prepared, name)
    return bool(at and end and all(a < end for a in at)) and name_part(prepared, short_name(name)) is None


def names_district(prepared: str, district: str) -> bool:
    """Is the old district the package found written as whole words ('Huyện Gio Linh', not 'Xã Gio Linhh'), with its
    tone marks where the text has them ('Tân Định Quận 1' does not write Định Quán)?"""
    return bool(find_words(prepared, short_name_of_district(district)))


def short_name_of_district(full: str) -> str:
    return re.sub(r"^(?:Quận|Huyện|Thị xã|Thành phố)\s+", "", full)


class Resolver:
    def __init__(self, units: Units, package: Package) -> None:
        self.units = units
        self.package = package
        self.places = places_of(units, package)

    def old(self, code: str, written: str, old_name: str, default: str | None, confidence: float) -> Resolved:
        """An old commune: its one successor ('converted') or all of them ('split', the package's default first)."""
        _, _, successors = self.units.old_wards[code]
        ordered = sorted(successors, key=lambda c: (c != default, c))
        candidates = [self.units.ward_names(c) for c in ordered]
        province = candidates[0][1]
        street = _street(written, [short_name(old_name)])
        if len(candidates) == 1:
            return Resolved(street, candidates[0][0], province, "converted", candidates, confidence)
        return Resolved(street, None, province, "split", candidates, confidence)

    def new(self, code: str, written: str, confidence: float) -> Resolved:
        ward, province = self.units.ward_names(code)
        return Resolved(_street(written, [short_name(ward)]), ward, province, "new", [(ward, province)], confidence)

    def resolve(self, text: str) -> Resolved:
        written = clean(text)
        if not any(ch.isalpha() for ch in written):
            return Resolved()
        found = self._resolve(written, expand(written), hinted=False)
        if found.ward is None and _BARE_WARD_LETTER.search(written):
            # '12 le loi p ben nghe q1 hcm': a lone 'p' (or 'f') inside a part may be Phường; kept only if a ward is read
            spelt = _BARE_WARD_LETTER.sub(r"\1 phường ", written)
            again = self._resolve(spelt, expand(spelt), hinted=False)
            if again.ward is not None or again.status == "split":
                return again
        return found

    def _resolve(self, written: str, prepared: str, hinted: bool) -> Resolved:
        converted = self.package.convert(prepared)
        old, fresh = converted.OldAdminUnit, self.package.parse_new(prepared)
        province, _ = self._new_province(old, fresh)
        named = self.places.provinces(prepared)
        if province in {place.province for _, _, place in named} or (province is None and not named):
            return self._read(written, prepared, converted, fresh, named=bool(named))
        if hinted:
            return Resolved()  # even with the province written out, the parser reads another one
        return self._elsewhere(written, prepared, converted, fresh, province, named)

    def _elsewhere(
        self, written: str, prepared: str, converted: Any, fresh: Any, province: str | None, named: list[Any]
    ) -> Resolved:
        """The parser's province is not written as such: the one that is, or that its district or ward tells."""
        old = converted.OldAdminUnit
        if named:
            # Written, but not where the parser looks: its name as the last part of its own ('…Yên Khánh, Ninh Bình').
            start, end, place = named[-1]
            return self._resolve(written, f"{prepared[:start].rstrip(' ,')}, {place.hint}{prepared[end:]}", True)
        districts = self.places.district_provinces(prepared)
        if {code for code, _ in districts} == {province}:
            return self._read(written, prepared, converted, fresh, named=False)
        if len(districts) == 1:
            return self._inferred(written, f"{prepared}, {next(iter(districts))[1]}")
        if 1 < len(districts) <= _MOST_PROVINCES:  # 'Huyện Tam Nông', in two: the one where the commune is in it
            readings = [self._inferred(written, f"{prepared}, {hint}") for hint in sorted(h for _, h in districts)]
            found = [r for r in readings if r.status in ("converted", "split") and r.confidence == INFERRED]
            if len({r.province for r in found}) == 1:
                return found[0]
        if (
            not districts
            and self.package.unique_district(old.district_key)
            and names_district(prepared, old.district or "")
        ):
            return self._read(written, prepared, converted, fresh, named=False)
        ward = _code(fresh.ward_code)
        if self.package.unique_ward(fresh.ward_key) and ward in self.units.wards:
            if names_ward(prepared, fresh.ward, self._province_words(old, fresh)):
                return self._inferred(written, f"{prepared}, {short_name(self.units.ward_names(ward)[1])}")
        return Resolved()  # no province the text names: better none than one it holds only in letters of other words

    def _inferred(self, written: str, prepared: str) -> Resolved:
        """Read with the province its district or ward tells written after it: not more sure than an inference."""
        found = self._resolve(written, prepared, hinted=True)
        return replace(found, confidence=min(found.confidence, INFERRED))

    def _read(self, written: str, prepared: str, converted: Any, fresh: Any, named: bool) -> Resolved:
        """The parser's reading, its province trusted; ``named``: the text writes that province."""
        old = converted.OldAdminUnit
        old_code, default = _code(old.ward_code), _code(converted.ward_code)
        if (
            old_code
            and old.district_key
            and old_code in self.units.old_wards
            and not only_in_street(prepared, old.ward)
        ):
            return self.old(old_code, written, old.ward, default, EXACT)
        if default in self.units.wards and old.district_key and not old_code and "dac khu" not in fold(prepared):
            # An old island district ('Huyện Côn Đảo') had no commune: it is one special zone (đặc khu) now.
            zone = self.units.ward_names(default)
            return Resolved(_street(written, []), zone[0], zone[1], "converted", [zone], EXACT)
        new_code = _code(fresh.ward_code)
        province, _ = self._new_province(old, fresh)
        if (
            new_code in self.units.wards
            and self.units.wards[new_code][1] == (province or self.units.wards[new_code][1])
            and names_ward(prepared, fresh.ward, self._province_words(old, fresh))
        ):
            return self.new(new_code, written, EXACT if named else INFERRED)
        if old.province and not old.district_key:
            # 'phường Quang Trung, TP Thái Nguyên', not a 2025 ward: the old city was taken for the province.
            again = self.package.convert(f"{prepared}, {short_name(old.province)}")
            found, again_code = again.OldAdminUnit, _code(again.OldAdminUnit.ward_code)
            if (
                again_code in self.units.old_wards
                and found.district
                and names_district(prepared, found.district)
                and any(at >= (units_start(prepared) or 0) for at in _occurrences(prepared, found.ward))
            ):
                return self.old(again_code, written, found.ward, _code(again.ward_code), EXACT)
        return self.rescue(written, prepared, old, fresh)

    def _former_commune(self, written: str, prepared: str, province: str, old_province: str | None) -> Resolved | None:
        """A former commune written exactly after its unit word, the only one of that name in the old province
        written (else in the old provinces now in ``province``).

        'phường Phú Hội, thành phố Huế' writes a 2025 province and a commune that is not a 2025 ward: the former
        phường Phú Hội of Huế (now Phường Thuận Hóa), not Xã Phú Hồ with one mistyped letter. Only a name written
        right after a commune's unit word counts; without its district the commune is inferred.
        """
        former = [old_province] if old_province else [c for c, (_, new) in self.units.old_provinces.items() if new == province]
        folded = fold(prepared)
        found = {c for p in former for _, spelt, c in self.units.old_names.get(p, [])
                 if any(_COMMUNE_BEFORE.search(folded[:at]) for at, _ in find_words(prepared, spelt))}  # fmt: skip
        if len(found) != 1:
            return None
        code = found.pop()
        return replace(self.old(code, written, self.units.old_wards[code][0], None, INFERRED), confidence=INFERRED)

    def _old_names(self, code: str) -> tuple[str, None, float]:
        return self.units.old_wards[code][0], None, EXACT

    @staticmethod
    def _province_names(old: Any, fresh: Any) -> set[str]:
        return {" ".join(fold(short_name(n)).split()) for n in (old.province, fresh.province) if isinstance(n, str)}

    def _province_words(self, old: Any, fresh: Any) -> set[str]:
        """The province's names and the short forms people write for it ('sai gon' for Hồ Chí Minh city), folded."""
        province, _ = self._new_province(old, fresh)
        return self._province_names(old, fresh) | (self.places.aliases(province) if province else set())

    def _new_province(self, old: Any, fresh: Any) -> tuple[str | None, str | None]:
        """(2025 province code, old province code) the text names, old names mapped to their 2025 province."""
        old_province = _code(old.province_code)
        if old_province in self.units.old_provinces:
            return self.units.old_provinces[old_province][1], old_province
        fresh_province = _code(fresh.province_code)
        return (fresh_province if fresh_province in self.units.provinces else None), None

    def _without_provinces(self, prepared: str) -> str:
        """The text with the province's own words made commas: 'Hà Nội' is not a mistyped 'Hà Hồi'."""
        for start, end, _ in self.places.provinces(prepared):
            prepared = prepared[:start] + "," * (end - start) + prepared[end:]
        return prepared

    def rescue(self, written: str, prepared: str, old: Any, fresh: Any) -> Resolved:
        """No exact ward: look for a unit name with one mistyped syllable, else give the province alone."""
        province, old_province = self._new_province(old, fresh)
        if province is None:
            return Resolved()
        district: set[str] = set()
        if old.district and names_district(prepared, old.district):
            district = self.package.district_ward_codes(old.province_key, old.district_key)
        scopes: list[tuple[str, Names]] = []
        old_names = self.units.old_names.get(old_province or "", [])
        if district:
            scopes.append(("old", [n for n in old_names if n[2] in district]))
        scopes.append(("new", self.units.new_names.get(province, [])))
        if old_province and not district:
            scopes.append(("old", old_names))
        for kind, names in scopes:  # a part that is exactly a unit's name: '12 Lê Lợi, Bến Nghé, Q.1'
            code = next((c for _, spelt, c in names if name_part(prepared, spelt) is not None), None)
            if code:
                return (
                    self.old(code, written, *self._old_names(code)) if kind == "old" else self.new(code, written, EXACT)
                )
        if not district:
            found = self._former_commune(written, prepared, province, old_province)
            if found is not None:
                return found
        start = units_start(prepared) or 0  # names in the street do not count
        text = _without_house_streets(self._without_provinces(prepared))
        for kind, names in scopes:
            match = best_match(text[start:], names, frozenset(self._province_names(old, fresh)))
            if match is None:
                continue
            code, at = match[0], start + match[1]
            if kind == "old":
                found = self.old(code, written, self.units.old_wards[code][0], None, CORRECTED)
            else:
                found = self.new(code, written, CORRECTED)
            # The mistyped name is not in the text as such: the street ends at the first unit word or at the name.
            street = street_before_units(written) if units_start(written) is not None else trim(prepared[:at])
            return Resolved(street, found.ward, found.province, found.status, found.candidates, found.confidence)
        name = self.units.provinces[province]
        written_names = [short_name(n) for n in (name, old.province) if isinstance(n, str)]
        if not district and not any(_occurrences(prepared, n) for n in [*written_names, *_PROVINCE_ALIASES]):
            return Resolved()  # the parser read a province into letters of other words ('chñ nghÜa' holds 'hn')
        return Resolved(_street(written, written_names), None, name, "province_only", [], PROVINCE_ONLY)

"""Which province an address really writes: as whole words, or through a district named with its unit word.

vietnamadminunits looks for its province keywords inside the text run together, so letters of other words make a
province: 'Minh Nông' holds 'hn' (Hà Nội), 'Tân Hiệp Huyện' holds 'phuyen' (Phú Yên), and 'Quận Hoàng Mai' holds
the district 'Quan Hoa' (Thanh Hoá). A province counts as written only when its name, an old name or a common
short form is there as words ('Hà Nội', 'ha noi', 'hanoi', 'HN', 'TP.HCM', 'Sài Gòn'), with the same tone marks
where the text has them, and not as the name of a ward or district ('Phường Hoà Bình'). An old district written
with its unit word ('Quận Hoàng Mai', 'Huyện Hóc Môn', 'TP Việt Trì') tells the province when only one has it.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from dataclasses import dataclass

from nonla.functions.civic.address_text import fold, has_marks, same_word, unit_word_starts, units_start, words_of
from nonla.functions.civic.address_units import Package, Units, short_name

# Short forms people write for a province (the old province they mean, by code).
_ALIASES = {"HCM": "79", "TPHCM": "79", "Sài Gòn": "79", "SG": "79", "HN": "01", "BRVT": "77", "Vũng Tàu": "77",
            "Bà Rịa": "77", "Thừa Thiên Huế": "46"}  # fmt: skip
# Unit words that make the next words a ward's or a district's name, not the province's.
_NOT_PROVINCE = re.compile(r"(?<![^\W_])(?:phuong|xa|thi tran|dac khu|quan|huyen|thi xa) $")
# Street words: 'phố Huế' is a street (and a ward) of Hà Nội, 'đường Hà Nội' a street of many cities; but the 'phố'
# of 'thành phố Huế' names the province.
_STREET = re.compile(r"(?<![^\W_])(?<!thanh )(?:pho|duong) $")


@dataclass(frozen=True)
class Place:
    words: tuple[str, ...]  # the name's words, with their tone marks
    province: str  # 2025 province code
    hint: str  # the province's name as the parser knows it, to write after the text


def _index(places: list[Place]) -> dict[str, list[Place]]:
    """Places by their first word, folded; a name of several words also by all of them run together ('hanoi')."""
    index: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        index[fold(place.words[0])].append(place)
        if len(place.words) > 1:
            joined = "".join(fold(w) for w in place.words)
            index[joined].append(Place((joined,), place.province, place.hint))
    return index


def _split(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[^\W_]+", name))


def _written(words: list[re.Match[str]], place: Place) -> bool:
    return len(words) == len(place.words) and all(map(same_word, (w.group() for w in words), place.words))


class Places:
    def __init__(self, units: Units, package: Package) -> None:
        old = units.old_provinces
        provinces = [Place(_split(short_name(name)), code, short_name(name)) for code, name in units.provinces.items()]
        provinces += [Place(_split(short_name(name)), new, short_name(name)) for name, new in old.values()]
        provinces += [Place(_split(alias), old[code][1], short_name(old[code][0])) for alias, code in _ALIASES.items()]
        self._provinces = _index(provinces)
        districts = [Place(_split(name), old[code][1], short_name(old[code][0])) for name, code in package.districts]
        self._districts = _index([place for place in districts if place.words])
        self._aliases: dict[str, set[str]] = defaultdict(set)
        for alias, code in _ALIASES.items():
            self._aliases[old[code][1]].add(" ".join(fold(alias).split()))

    def aliases(self, province: str) -> frozenset[str]:
        """The short forms people write for this 2025 province, folded ('sai gon', 'vung tau'): some are also the
        name of one of its wards (Phường Sài Gòn), which the city's old name does not mean."""
        return frozenset(self._aliases.get(province, ()))

    @staticmethod
    def _found(text: str, index: dict[str, list[Place]]) -> list[tuple[int, int, Place]]:
        """(start, end, place) of each place written as words."""
        words = words_of(text)
        found = []
        for i, word in enumerate(words):
            for place in index.get(fold(word.group()), []):
                if _written(words[i : i + len(place.words)], place):
                    found.append((word.start(), words[i + len(place.words) - 1].end(), place))
        return found

    def provinces(self, text: str) -> list[tuple[int, int, Place]]:
        """(start, end, place) of each province written as words, in the text's order, after the street; not as a
        ward's or a district's name ('Phường Hoà Bình')."""
        folded, units, marked, street = fold(text), unit_word_starts(text), has_marks(text), units_start(text) or 0
        found = []
        for start, end, place in self._found(text, self._provinces):
            unit = _NOT_PROVINCE.search(folded[:start])
            # A unit word written without marks in a text that has them is a name's word ('Xã Bến Quan Quảng Trị').
            if unit and unit.start() in units and (not marked or has_marks(text[unit.start() : unit.end()])):
                continue
            road = _STREET.search(folded[:start])
            if road and (not marked or has_marks(text[road.start() : road.end()])):
                continue
            if start >= street:  # the street part is no province: '123 Điện Biên Phủ, Phường 15, Quận Bình Thạnh'
                found.append((start, end, place))
        return found

    def district_provinces(self, text: str) -> set[tuple[str, str]]:
        """(2025 code, old name) of the provinces of the old districts written with their unit word ('Quận 1')."""
        return {(place.province, place.hint) for _, _, place in self._found(text, self._districts)}


_BUILT: weakref.WeakKeyDictionary[Package, tuple[Units, Places]] = weakref.WeakKeyDictionary()


def places_of(units: Units, package: Package) -> Places:
    """The index for these tables, built once: a batch of one address should not pay for it every time."""
    built = _BUILT.get(package)
    if built is None or built[0] is not units:
        built = _BUILT[package] = (units, Places(units, package))
    return built[1]

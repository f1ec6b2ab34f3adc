"""Write tests/data/geo_address/{dev,test}.jsonl: Vietnamese addresses as people write them, with gold answers.

Gold wards and provinces come from the redistributable mapping data in the shared data folder (MIT):
vn_admin_units_2025_thanglequoc (official 2025 names) and vn_admin_units_2025_mapping_dvhcvn (each old commune's
successors). Old district names, which neither lists, come from the unit tables shipped in the vietnamadminunits
wheel (MIT). Every line: id, form, text, and the gold street, ward, province, status and candidates. An old commune
with several successors is gold "split" with ward None and every successor in candidates.

Forms: new official names; new abbreviated; old with district; old abbreviated (P./Q./TP./TX./H./X./TT.); no
diacritics; lower case; no commas; a typo in one syllable of the ward; house number and street prefixes; split
wards; province only. The two files are drawn alike with different seeds: dev.jsonl is for working on the rules,
test.jsonl only for the figures on the card. Deterministic: fixed seeds and sorted sources, so a rerun writes the
same bytes.

    python evaluation/build_geo_address_set.py
"""

from __future__ import annotations

import json
import random
import unicodedata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from _common import REPO, SHARED_DATA

OUT = REPO / "tests" / "data" / "geo_address"
SEEDS = {"dev": 20250701, "test": 20251231}
STREETS = ["Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Huệ", "Phan Đình Phùng", "Lê Duẩn",
           "Võ Văn Tần", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Nguyễn Văn Cừ", "Hoàng Văn Thụ", "Bà Triệu",
           "Nguyễn Thị Minh Khai", "Pasteur", "Tôn Đức Thắng", "Lạc Long Quân", "Âu Cơ", "Nguyễn Du", "Kim Mã"]  # fmt: skip
TONES = str.maketrans("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
                      "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")  # fmt: skip
NEARBY = {"a": "s", "n": "m", "h": "g", "o": "i", "i": "o", "u": "y", "t": "r", "g": "h", "c": "x", "m": "n",
          "e": "r", "y": "u", "l": "k", "r": "t", "d": "s", "s": "d", "b": "v", "v": "b", "k": "l", "p": "o"}  # fmt: skip
UNIT_ABBREVIATIONS = {"Phường": "P.", "Xã": "X.", "Thị trấn": "TT.", "Quận": "Q.", "Huyện": "H.", "Thị xã": "TX.",
                      "Thành phố": "TP.", "Đặc khu": "Đặc khu"}  # fmt: skip


def strip_marks(text: str) -> str:
    lower = unicodedata.normalize("NFC", text)
    return "".join(ch.translate(TONES) if ch.islower() else ch.lower().translate(TONES).upper() for ch in lower)


def split_unit(full: str) -> tuple[str, str]:
    """'Thị trấn Ba Tơ' → ('Thị trấn', 'Ba Tơ')."""
    for unit in sorted(UNIT_ABBREVIATIONS, key=len, reverse=True):
        if full.startswith(unit + " "):
            return unit, full[len(unit) + 1 :]
    return "", full


def load_units() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str]]:
    new_file = next((SHARED_DATA / "vn_admin_units_2025_thanglequoc" / "json").glob("full_json_generated_*.json"))
    new = json.loads(new_file.read_text(encoding="utf-8"))
    provinces = {p["Code"]: p["FullName"] for p in new}
    wards = {w["Code"]: (w["FullName"], p["Code"]) for p in new for w in p["Wards"]}
    by_name = {(w[0].casefold(), w[1]): code for code, w in wards.items()}
    mapping = json.loads((SHARED_DATA / "vn_admin_units_2025_mapping_dvhcvn/mapping/splits.json").read_text("utf-8"))
    old: dict[str, Any] = {}
    for province in mapping["data"]:
        new_province = province["splits"][0]["new_id"]
        for ward in province["level3s"]:
            codes = []
            for s in ward["splits"]:  # two successors were renumbered after the mapping was made: match by name
                code = s["new_id"] if s["new_id"] in wards else by_name[(s["name"].strip().casefold(), new_province)]
                if code not in codes:
                    codes.append(code)
            old[ward["level3_id"]] = (ward["name"].strip(), province["name"], new_province, codes)
    return provinces, wards, old, old_districts()


def old_districts() -> dict[str, str]:
    """Old ward code → the full name of its district, from the vietnamadminunits wheel's legacy tables."""
    spec = find_spec("vietnamadminunits")
    assert spec and spec.submodule_search_locations, "pip install vietnamadminunits (the 'geo' extra)"
    tables = json.loads((Path(next(iter(spec.submodule_search_locations))) / "data/parser_legacy.json").read_text())
    districts = tables["DICT_PROVINCE_DISTRICT"]
    out = {}
    for table in ("NO_ACCENTED", "ACCENTED", "SHORT_ACCENTED"):
        for province, by_district in tables[f"DICT_PROVINCE_DISTRICT_WARD_{table}"].items():
            for district, wards in by_district.items():
                for ward in wards.values():
                    if district in districts.get(province, {}) and isinstance(ward["wardCode"], str):
                        out.setdefault(ward["wardCode"], districts[province][district]["district"])
    return out


class Writer:
    def __init__(self, seed: int, units: tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str]]) -> None:
        self.rng = random.Random(seed)
        self.provinces, self.wards, self.old, self.districts = units
        old_codes = sorted(c for c in self.old if c in self.districts)
        self.old_single = [c for c in old_codes if len(self.old[c][3]) == 1]
        self.old_split = [c for c in old_codes if len(self.old[c][3]) > 1]
        self.new_codes = sorted(self.wards)
        self.rows: list[dict[str, Any]] = []

    def street(self, rich: bool = False) -> str:
        n, m, name = self.rng.randint(1, 350), self.rng.randint(1, 60), self.rng.choice(STREETS)
        plain = [f"{n} {name}", f"số {n} đường {name}", f"{n}/{m} {name}", f"Số {n} {name}"]
        fancy = [f"số nhà {n}, ngõ {m}, phố {name}", f"hẻm {m}/{n} {name}", f"{n}A {name}", f"tổ {m}, ấp {n % 9 + 1}",
                 f"Số {n}, hẻm {m} đường {name}", f"ngõ {m} {name}", f"thôn {n % 12 + 1}", f"Lô B{m}, KCN số {n}"]  # fmt: skip
        return self.rng.choice(fancy if rich else plain)

    def province_text(self, full: str, abbreviated: bool) -> str:
        unit, name = split_unit(full) if not full.startswith("Tỉnh ") else ("Tỉnh", full[5:])
        if name == "Hồ Chí Minh":
            return self.rng.choice(
                ["TP.HCM", "TP. Hồ Chí Minh", "Tp HCM"] if abbreviated else [full, "TP. Hồ Chí Minh"]
            )
        if abbreviated:
            return self.rng.choice([f"TP. {name}", f"Tp {name}", name] if unit == "Thành phố" else [f"T. {name}", name])
        return self.rng.choice([full, name])

    def unit_text(self, full: str, abbreviated: bool) -> str:
        unit, name = split_unit(full)
        if not abbreviated or not unit:
            return full
        short = UNIT_ABBREVIATIONS[unit]
        joiner = "" if name.isdigit() and self.rng.random() < 0.5 else " "
        return f"{short}{joiner}{name}"

    def gold_new(self, code: str) -> dict[str, Any]:
        ward, province = self.wards[code][0], self.provinces[self.wards[code][1]]
        return {
            "ward": ward,
            "province": province,
            "status": "new",
            "candidates": [{"ward": ward, "province": province}],
        }

    def gold_old(self, code: str) -> dict[str, Any]:
        _, _, new_province, successors = self.old[code]
        province = self.provinces[new_province]
        candidates = [{"ward": self.wards[c][0], "province": province} for c in successors]
        if len(successors) > 1:
            return {"ward": None, "province": province, "status": "split", "candidates": candidates}
        return {"ward": candidates[0]["ward"], "province": province, "status": "converted", "candidates": candidates}

    def new_parts(self, code: str, abbreviated: bool) -> list[str]:
        ward, province = self.wards[code][0], self.provinces[self.wards[code][1]]
        return [self.unit_text(ward, abbreviated), self.province_text(province, abbreviated)]

    def old_parts(self, code: str, abbreviated: bool) -> list[str]:
        ward, province, _, _ = self.old[code]
        district = self.districts[code]
        return [self.unit_text(ward, abbreviated), self.unit_text(district, abbreviated),
                self.province_text(province, abbreviated)]  # fmt: skip

    def add(self, form: str, parts: list[str], gold: dict[str, Any], street: str | None = None,
            transform: str = "") -> None:  # fmt: skip
        street_text = street
        if street is not None:
            parts = [street, *parts]
        text = ", ".join(parts)
        if transform == "no_marks":
            text, street_text = strip_marks(text), street and strip_marks(street)
        elif transform == "lower":
            text, street_text = text.lower(), street and street.lower()
        elif transform == "no_commas":
            text, street_text = text.replace(",", ""), street and street.replace(",", "")
        self.rows.append({"id": f"{form.replace(' ', '_')}-{len(self.rows):04d}", "form": form, "text": text,
                          "street": street_text, **gold})  # fmt: skip

    def typo(self, full: str) -> str | None:
        unit, name = split_unit(full)
        syllables = name.split()
        choices = [i for i, s in enumerate(syllables) if len(s) >= 3 and s.isalpha()]
        if not choices:
            return None
        i = self.rng.choice(choices)
        s, j = syllables[i], self.rng.randrange(1, len(syllables[i]))
        kind = self.rng.choice(["drop", "double", "swap", "near"])
        if kind == "drop":
            s = s[:j] + s[j + 1 :]
        elif kind == "double":
            s = s[:j] + s[j] + s[j:]
        elif kind == "swap" and j < len(s) - 1:
            s = s[:j] + s[j + 1] + s[j] + s[j + 2 :]
        else:
            s = s[:j] + NEARBY.get(strip_marks(s[j]), "a") + s[j + 1 :]
        if strip_marks(s).lower() == strip_marks(syllables[i]).lower():
            return None
        syllables[i] = s
        return f"{unit} {' '.join(syllables)}".strip()

    def old_or_new(self, abbreviated: bool) -> tuple[list[str], dict[str, Any]]:
        if self.rng.random() < 0.5:
            code = self.rng.choice(self.new_codes)
            return self.new_parts(code, abbreviated), self.gold_new(code)
        code = self.rng.choice(self.old_single if self.rng.random() < 0.9 else self.old_split)
        return self.old_parts(code, abbreviated), self.gold_old(code)

    def maybe_street(self, share: float = 0.5) -> str | None:
        return self.street() if self.rng.random() < share else None

    def write(self) -> None:
        rng = self.rng
        for _ in range(60):
            code = rng.choice(self.new_codes)
            self.add("new official", self.new_parts(code, False), self.gold_new(code), self.maybe_street(0.6))
        for _ in range(30):
            code = rng.choice(self.new_codes)
            self.add("new abbreviated", self.new_parts(code, True), self.gold_new(code), self.maybe_street())
        for _ in range(60):
            code = rng.choice(self.old_single)
            self.add("old with district", self.old_parts(code, False), self.gold_old(code), self.maybe_street())
        for _ in range(50):
            code = rng.choice(self.old_single)
            self.add("old abbreviated", self.old_parts(code, True), self.gold_old(code), self.maybe_street())
        for form, transform in (("no diacritics", "no_marks"), ("lower case", "lower"), ("no commas", "no_commas")):
            for _ in range(50 if form == "no diacritics" else 40):
                parts, gold = self.old_or_new(rng.random() < 0.5)
                self.add(form, parts, gold, self.maybe_street(), transform)
        typos = 0
        while typos < 40:
            parts, gold = self.old_or_new(rng.random() < 0.3)
            wrong = self.typo(parts[0])
            if wrong:
                self.add("typo in one syllable", [wrong, *parts[1:]], gold, self.maybe_street())
                typos += 1
        for _ in range(40):
            parts, gold = self.old_or_new(rng.random() < 0.5)
            self.add("house number and street", parts, gold, self.street(rich=True))
        for _ in range(50):
            code = rng.choice(self.old_split)
            transform = rng.choice(["", "", "no_marks", "lower"])
            self.add("split ward", self.old_parts(code, rng.random() < 0.5), self.gold_old(code), self.maybe_street(),
                     transform)  # fmt: skip
        old_provinces = sorted({(name, new) for _, name, new, _ in self.old.values()})
        for i in range(20):
            name, new = rng.choice(old_provinces) if i % 2 else (None, rng.choice(sorted(self.provinces)))
            gold = {"ward": None, "province": self.provinces[new], "status": "province_only", "candidates": []}
            written = self.province_text(name or self.provinces[new], rng.random() < 0.5)
            self.add("province only", [written], gold, self.street() if i % 3 == 0 else None)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in self.rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{path.relative_to(REPO)}: {len(lines)} addresses")


if __name__ == "__main__":
    units = load_units()
    for split, seed in SEEDS.items():
        writer = Writer(seed, units)
        writer.write()
        writer.save(OUT / f"{split}.jsonl")

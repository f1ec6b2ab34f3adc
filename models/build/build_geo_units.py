"""Build ``geo-units``: the 2025 administrative units and the old → new ward mapping behind geo.address@1.

Sources (shared data folder; both MIT, notices kept in the file's ``sources`` field):

- the 2025 units, names and codes (34 provinces, 3,321 communes/wards): thanglequoc/vietnamese-provinces-database;
- the units before 1 July 2025 and their successors (63 provinces, 10,047 communes): dvhcvn/20250701
  ``mapping/splits.json``. A commune with several successors was split between them.

The names are the official ones of the first source (``Tỉnh Thanh Hoá``, ``Thành phố Đồng Nai``); the mapping only
contributes codes. Two successor codes of the mapping were renumbered later (Xã Ba Chẽ, Xã Ia Mơ): they are matched by
name within their province. Deterministic: sorted keys, fixed JSON formatting, so a rerun writes the same bytes.

    python models/build/build_geo_units.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from typing import Any

from manifest import REPO, SHARED_DATA, recorded, update_manifest

NEW_UNITS = SHARED_DATA / "vn_admin_units_2025_thanglequoc" / "json"
SPLITS = SHARED_DATA / "vn_admin_units_2025_mapping_dvhcvn" / "mapping" / "splits.json"
NAME, VERSION = "geo-units", "2026.11"
FILE = f"{NAME}/units.json"
# Old and new tone-mark placement are both in use ('Hòa' and 'Hoà'); compare names in one of them.
_PLACEMENT = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ",
              "ũy": "uỹ", "ụy": "uỵ"}  # fmt: skip


def canonical(name: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", name).replace("’", "'").split()).casefold()
    return re.sub("|".join(_PLACEMENT), lambda m: _PLACEMENT[m.group()], text)


def new_units() -> tuple[dict[str, str], dict[str, list[str]]]:
    source = next(NEW_UNITS.glob("full_json_generated_data_vn_units_*.json"))
    provinces, wards = {}, {}
    for province in json.loads(source.read_text(encoding="utf-8")):
        provinces[province["Code"]] = unicodedata.normalize("NFC", province["FullName"])
        for ward in province["Wards"]:
            wards[ward["Code"]] = [unicodedata.normalize("NFC", ward["FullName"]), province["Code"]]
    return provinces, wards


def old_units(wards: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[Any]]]:
    by_name = {(canonical(name), province): code for code, (name, province) in wards.items()}
    old_provinces, old_wards = {}, {}
    for province in json.loads(SPLITS.read_text(encoding="utf-8"))["data"]:
        (successor,) = province["splits"]  # every old province went whole into one new province
        new_province = successor["new_id"]
        old_provinces[province["level1_id"]] = [unicodedata.normalize("NFC", province["name"]), new_province]
        for ward in province["level3s"]:
            codes = []
            for split in ward["splits"]:
                code = split["new_id"]
                if code not in wards:  # renumbered after the mapping was made
                    code = by_name[(canonical(split["name"]), new_province)]
                if code not in codes:
                    codes.append(code)
            old_wards[ward["level3_id"]] = [unicodedata.normalize("NFC", ward["name"]).strip(), province["level1_id"],
                                            sorted(codes)]  # fmt: skip
    return old_provinces, old_wards


def build() -> bytes:
    provinces, wards = new_units()
    old_provinces, old_wards = old_units(wards)
    data = {
        "provinces": provinces,
        "wards": wards,
        "old_provinces": old_provinces,
        "old_wards": old_wards,
        "sources": {
            "provinces, wards": "thanglequoc/vietnamese-provinces-database @cd58063 json/ (MIT, Copyright (c) 2021 "
            "Thang Le Quoc)",
            "old_provinces, old_wards": "dvhcvn/20250701 @dd94887 mapping/splits.json (MIT, Copyright (c) 2025 dvhcvn)",
        },
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the built bytes differ from the manifest")
    opts = parser.parse_args()
    payload = build()
    digest = hashlib.sha256(payload).hexdigest()
    if opts.check:
        return 0 if recorded(NAME).get("sha256") == digest else 1
    target = REPO / "models" / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    data = json.loads(payload)
    split = sum(len(successors) > 1 for _, _, successors in data["old_wards"].values())
    entry = {"version": VERSION, "file": FILE, "sha256": digest, "bytes": len(payload),
             "data": "Vietnamese administrative units 2025 (thanglequoc, MIT) and the old -> new ward mapping "
                     "(dvhcvn/20250701, MIT)",
             "command": "python models/build/build_geo_units.py",
             "metrics": {"provinces": len(data["provinces"]), "wards": len(data["wards"]),
                         "old provinces": len(data["old_provinces"]), "old wards": len(data["old_wards"]),
                         "old wards split": split}}  # fmt: skip
    update_manifest(NAME, entry)
    print(f"{FILE}: {len(payload):,} bytes, sha256 {digest}, {entry['metrics']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build ``vi-gazetteer``: the place and law-title lists behind vi.entities@2, as one small deterministic JSON file.

Sources (all in the shared data folder, licences kept in the file's ``sources`` field):

- the 2025 administrative units (34 provinces, 3,321 communes/wards; thanglequoc/vietnamese-provinces-database, MIT);
- the units before 1 July 2025 (63 provinces, 10,047 communes; dvhcvn/20250701 ``splits.json``, MIT);
- the titles of the 208 laws and codes of underthesea's VLC corpus (their headings, plus the title list in its
  README; statutes are outside copyright).

Names are stored without their unit word (``Tỉnh Nghệ An`` → ``Nghệ An``), law titles in lower case with their head
(``bộ luật hình sự``); the function compares them case- and mark-insensitively, so ``Thanh Hoá`` = ``Thanh Hóa``.
Deterministic: sorted lists, fixed JSON formatting, so a rerun writes the same bytes.

    python models/build/build_gazetteer.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata

from manifest import REPO, SHARED_DATA, recorded, update_manifest  # noqa: E402

SHARED = SHARED_DATA
NEW_UNITS = SHARED / "vn_admin_units_2025_thanglequoc" / "json"
OLD_UNITS = SHARED / "vn_admin_units_2025_mapping_dvhcvn" / "mapping" / "splits.json"
LAWS = SHARED / "vn_laws_corpus_underthesea_vlc"
NAME, VERSION = "vi-gazetteer", "2026.11"
FILE = f"{NAME}/gazetteer.json"
UNIT_WORD = re.compile(r"^(?:Thành phố|Tỉnh|Phường|Xã|Thị trấn|Đặc khu)\s+", re.IGNORECASE)
# Heading noise around a law's title: "LUẬT CỦA QUỐC HỘI ... SỐ 23/2004/QH11 NGÀY ... VỀ <title>", "... KHÓA XII, ...".
TITLE_PREFIX = re.compile(r"^(BỘ LUẬT|LUẬT)\s+(?:(?:CỦA|SỐ)\s.*?\sVỀ\s+)?")
TITLE_SUFFIX = re.compile(r"\s+(?:SỐ\s+\d|CỦA QUỐC HỘI|QUỐC HỘI KHÓA|QUỐC HỘI KHOÁ).*$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unit_name(full: str) -> str:
    return re.sub(r"\s+", " ", UNIT_WORD.sub("", nfc(full).strip()))


def admin_units() -> tuple[list[str], list[str]]:
    provinces: set[str] = set()
    communes: set[str] = set()
    new_file = next(NEW_UNITS.glob("full_json_generated_data_vn_units_*.json"))
    for province in json.loads(new_file.read_text(encoding="utf-8")):
        provinces.add(unit_name(province["FullName"]))
        communes.update(unit_name(ward["FullName"]) for ward in province["Wards"])
    for province in json.loads(OLD_UNITS.read_text(encoding="utf-8"))["data"]:
        provinces.add(unit_name(province["name"]))
        communes.update(unit_name(unit["name"]) for unit in province["level3s"])
    return sorted(provinces), sorted(communes - provinces)


def heading_title(text: str) -> str | None:
    """The title under a law's heading (``BỘ LUẬT`` / ``DÂN SỰ`` → ``bộ luật dân sự``), or None."""
    lines = [line.strip() for line in text.splitlines()[:40]]
    for i, line in enumerate(lines):
        if line == line.upper() and re.fullmatch(r"(?:BỘ )?LUẬT(?: .*)?", line):
            parts = [line]
            for nxt in lines[i + 1 : i + 4]:
                if not nxt or nxt != nxt.upper() or not re.search(r"[A-ZĐ]", nxt) or nxt.startswith("CĂN CỨ"):
                    break
                parts.append(nxt)
            title = re.sub(r"\s+", " ", " ".join(parts)).replace("NGHĨAVIỆT", "NGHĨA VIỆT")
            if "MẪU" in title or "SẮC LỆNH" in title:
                return None  # a UN model law and two 1957 decrees: no title a Vietnamese text would cite
            title = TITLE_SUFFIX.sub("", TITLE_PREFIX.sub(r"\1 ", title)).strip(" ,:")
            return title.lower() if len(title.split()) > 1 else None
    return None


def law_titles() -> list[str]:
    titles = set()
    for path in sorted((LAWS / "processed").glob("*.txt")):
        title = heading_title(nfc(path.read_text(encoding="utf-8")))
        if title:
            titles.add(title)
    for line in nfc((LAWS / "README.md").read_text(encoding="utf-8")).splitlines():
        match = re.match(r"\d+\.\s+((?:Bộ )?[Ll]uật\s.+)$", line.strip())
        if match and "sửa đổi" not in match.group(1).lower():
            titles.add(re.sub(r"\s+", " ", match.group(1)).lower())
    return sorted(titles)


def build() -> bytes:
    provinces, communes = admin_units()
    data = {
        "provinces": provinces,
        "communes": communes,
        "laws": law_titles(),
        "sources": {
            "provinces, communes": "thanglequoc/vietnamese-provinces-database @cd58063 (MIT, Copyright (c) 2021 "
            "Thang Le Quoc); dvhcvn/20250701 @dd94887 mapping/splits.json (MIT, Copyright (c) 2025 dvhcvn)",
            "laws": "undertheseanlp/underthesea @2b39b62 datasets/CP_Vietnamese-VLC (statutes, not copyrighted)",
        },
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n").encode("utf-8")


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
    entry = {"version": VERSION, "file": FILE, "sha256": digest, "bytes": len(payload),
                      "data": "Vietnamese administrative units 2025 and before (MIT); titles of the 208 laws of the "
                              "VLC corpus (statutes)",
                      "command": "python models/build/build_gazetteer.py",
                      "metrics": {key: len(data[key]) for key in ("provinces", "communes", "laws")}}  # fmt: skip
    update_manifest(NAME, entry)
    print(f"{FILE}: {len(payload):,} bytes, sha256 {digest}, {entry['metrics']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

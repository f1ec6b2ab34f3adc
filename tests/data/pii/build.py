"""Build the privacy.pii evaluation set (dev.jsonl, test.jsonl) deterministically.

Two sources: hand-written sentences (handwritten.py, annotated inline as {TYPE|surface}) and templates by genre
(templates.py) whose slots are filled with generated values (vocab.py; ids made valid or invalid on purpose, ward
and province names from the 2025 administrative units in /work/shared/data). About a quarter of the templated
sentences, and every chat template, lose their tone marks as people type them. Gold offsets are computed from the
markup. See GUIDELINES.md for what is annotated.

    python tests/data/pii/build.py          # rewrites dev.jsonl and test.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from handwritten import HELD_OUT as HELD_OUT_SENTENCES  # noqa: E402
from handwritten import SENTENCES  # noqa: E402
from templates import HELD_OUT, TEMPLATES  # noqa: E402
from vocab import Values, strip_marks  # noqa: E402

TYPES = ("PERSON", "ID", "PHONE", "EMAIL", "BANK_ACCOUNT", "TAX_CODE", "HEALTH_INSURANCE", "PASSPORT", "PLATE", "DOB",
         "ADDRESS")  # fmt: skip
MARK = re.compile(r"\{(" + "|".join(TYPES) + r"|XID|XTAX)\|([^{}|]+)\}")  # XID, XTAX: invalid ids, never entities
SLOT = re.compile(r"<([A-Z0-9]+)>")
SIZES = {"dev": 150, "test": 330}  # templated sentences per split; hand-written ones are added half and half
SEEDS = {"dev": 7, "test": 20250701}


def parse(marked: str) -> tuple[str, list[dict[str, object]], list[dict[str, object]]]:
    """Markup → (text, entities with offsets, invalid ids with offsets)."""
    text, entities, invalid, cursor = "", [], [], 0
    for m in MARK.finditer(marked):
        text += marked[cursor : m.start()]
        span = {"type": m.group(1), "start": len(text), "end": len(text) + len(m.group(2)), "text": m.group(2)}
        (invalid if m.group(1).startswith("X") else entities).append(span)
        text += m.group(2)
        cursor = m.end()
    text += marked[cursor:]
    assert "{" not in text and "<" not in text, text  # templates may carry fixed entities as markup too
    return text, entities, invalid


class Filler:
    """Fills one template: persons and their records stay the same across the slots of one sentence."""

    def __init__(self, values: Values, template: str) -> None:
        self.v, self.rng, self.template = values, values.rng, template
        self.people: dict[str, dict[str, object]] = {}

    def person(self, n: str, sex: str | None = None) -> dict[str, object]:
        if n not in self.people:
            sex = sex or self.rng.choice("MF")
            words = self.v.person(sex)
            while any(p["words"][-1] == words[-1] for p in self.people.values()):
                words = self.v.person(sex)
            self.people[n] = {"sex": sex, "words": words, "year": self.rng.randint(1950, 2008)}
        return self.people[n]

    def slot(self, name: str) -> str:
        v, r = self.v, self.rng
        kind, n = re.fullmatch(r"([A-Z]+?)(\d*)", name).groups()  # type: ignore[union-attr]
        n = n or "1"
        if kind in ("P", "PM", "PF", "PC"):
            p = self.person(n, {"PM": "M", "PF": "F"}.get(kind))
            words = " ".join(p["words"])  # type: ignore[arg-type]
            return "{PERSON|" + (words.upper() if kind == "PC" else words) + "}"
        if kind == "G":
            return "{PERSON|" + self.person(n)["words"][-1] + "}"  # type: ignore[index]
        record = self.person(n)
        year, sex = int(record["year"]), str(record["sex"])  # type: ignore[call-overload]
        simple = {
            "DOB": lambda: "{DOB|" + v.dob(year) + "}",
            "DOBY": lambda: "{DOB|" + str(year) + "}",
            "CCCD": lambda: "{ID|" + v.cccd(year, sex) + "}",
            "BADCCCD": lambda: self.bad_cccd(year, sex),
            "CMND": lambda: "{ID|" + r.choice("0123") + "".join(r.choice("0123456789") for _ in range(8)) + "}",
            "PHONE": lambda: "{PHONE|" + v.phone() + "}",
            "LAND": lambda: "{PHONE|" + v.landline() + "}",
            "EMAIL": lambda: "{EMAIL|" + v.email(record["words"]) + "}",  # type: ignore[arg-type]
            "EMAILX": lambda: "{EMAIL|" + v.email(None) + "}",
            "STK": lambda: "{BANK_ACCOUNT|" + v.account() + "}",
            "BANK": lambda: r.choice(
                [
                    "Vietcombank",
                    "Techcombank",
                    "BIDV",
                    "Agribank",
                    "VietinBank",
                    "MB Bank",
                    "ACB",
                    "TPBank",
                    "Sacombank",
                    "VPBank",
                ]
            ),
            "MST": lambda: "{TAX_CODE|" + v.mst() + "}",
            "MSTT": lambda: "{TAX_CODE|" + v.mst() + f"-{r.randint(1, 30):03d}" + "}",
            "BADMST": lambda: "{XTAX|" + v.mst(valid=False) + "}",
            "BHYT": lambda: "{HEALTH_INSURANCE|" + v.bhyt() + "}",
            "PASSPORT": lambda: "{PASSPORT|" + v.passport() + "}",
            "PLATE": lambda: "{PLATE|" + v.plate() + "}",
            "ADDR": lambda: "{ADDRESS|" + v.address() + "}",
            "STREETADDR": lambda: "{ADDRESS|" + v.street_address() + "}",
            "MONEY": lambda: r.choice(
                ["5.000.000 đồng", "20 triệu đồng", "1.500.000đ", "350.000.000 đồng", "12.000.000 VNĐ"]
            ),
            "CASENO": lambda: r.choice(
                [
                    "Bản án số 12/2023/HS-ST",
                    "Quyết định số 123/QĐ-XPHC",
                    "Bản án số 88/2024/DS-PT",
                    "Quyết định số 2045/QĐ-UBND",
                ]
            ),
            "LAW": lambda: r.choice(
                [
                    "điểm a khoản 1 Điều 173 Bộ luật Hình sự",
                    "Nghị định số 168/2024/NĐ-CP",
                    "khoản 2 Điều 174 Bộ luật Hình sự năm 2015",
                    "Luật Đất đai năm 2024",
                ]
            ),
            "DATE": lambda: r.choice(
                [
                    f"{r.randint(1, 28)}/{r.randint(1, 12)}/{r.randint(2019, 2025)}",
                    f"{r.randint(1, 28):02d} tháng {r.randint(1, 12):02d} năm {r.randint(2019, 2025)}",
                ]
            ),
            "WARD": lambda: "{}, {}".format(*r.choice(v.wards)).replace("Phường ", "phường ").replace("Xã ", "xã "),
            "STREET": lambda: (
                r.choice(["đường ", "phố "])
                + r.choice(["Lê Lợi", "Nguyễn Trãi", "Trần Phú", "Quang Trung", "Hùng Vương"])
            ),
            "TXN": lambda: r.choice("123456789") + "".join(r.choice("0123456789") for _ in range(9)),
        }
        simple["ADDR2"], simple["PHONE2"], simple["MST13"], simple["PLATE2"] = (
            simple["ADDR"],
            simple["PHONE"],
            simple["MSTT"],
            simple["PLATE"],
        )
        return simple[name]() if name in simple else simple[kind]()

    def bad_cccd(self, year: int, sex: str) -> str:
        # a birth-year mismatch is only detectable when the sentence gives a date of birth
        has_dob = "<DOB" in self.template
        while True:
            number, why = self.v.bad_cccd(year, sex)
            if why != "year" or has_dob:
                return "{XID|" + number + "}"

    def fill(self) -> str:
        return SLOT.sub(lambda m: self.slot(m.group(1)), self.template)


def templated(split: str, count: int) -> list[dict[str, object]]:
    values = Values(random.Random(SEEDS[split]))
    genres = sorted(TEMPLATES)
    out = []
    for i in range(count):
        genre = genres[i % len(genres)]
        # the test split draws half its sentences from templates written after the rules were tuned on dev
        template = values.rng.choice(HELD_OUT[genre] if split == "test" and i % 2 else TEMPLATES[genre])
        marked = Filler(values, template).fill()
        plain = template.isascii() or values.rng.random() < 0.25
        text, entities, invalid = parse(strip_marks(marked) if plain else marked)
        out.append({"id": f"{split}-{genre}-{i:03d}", "source": genre, "diacritics": not plain, "text": text,
                    "entities": entities, "invalid": invalid})  # fmt: skip
    return out


def handwritten(split: str) -> list[dict[str, object]]:
    rows = []
    lines = list(enumerate(SENTENCES)) + ([(len(SENTENCES) + i, s) for i, s in enumerate(HELD_OUT_SENTENCES)]
                                          if split == "test" else [])  # fmt: skip
    for i, line in lines:
        if i < len(SENTENCES) and (i % 2 == 0) != (split == "test"):
            continue
        text, entities, invalid = parse(unicodedata.normalize("NFC", line))
        rows.append({"id": f"{split}-hand-{i:03d}", "source": "handwritten", "diacritics": text != strip_marks(text),
                     "text": text, "entities": entities, "invalid": invalid})  # fmt: skip
    return rows


def main() -> None:
    seen: set[str] = set()
    for split in ("test", "dev"):
        rows = [r for r in handwritten(split) + templated(split, SIZES[split]) if r["text"] not in seen]
        seen.update(str(r["text"]) for r in rows)
        with (HERE / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for row in rows:
            for e in row["entities"]:  # type: ignore[attr-defined]
                counts[e["type"]] = counts.get(e["type"], 0) + 1
        bad = sum(len(row["invalid"]) for row in rows)  # type: ignore[arg-type]
        print(split, len(rows), "sentences", dict(sorted(counts.items())), "invalid ids:", bad)


if __name__ == "__main__":
    main()

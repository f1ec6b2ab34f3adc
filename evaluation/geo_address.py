"""geo.address: reading and converting Vietnamese addresses, per written form, against vietnamadminunits alone.

tests/data/geo_address/test.jsonl holds 480 addresses written by evaluation/build_geo_address_set.py from the
mapping data, with gold street, ward, province, status and candidates. An answer is **correct** when its status is
the gold one, its province is right and its ward is right; for a split commune every successor must be among the
candidates. **ward+province** ignores the status: for a split commune one successor as the ward also counts (all a
converter that picks one can do). **street exact** compares the street part as written.

The peer is vietnamadminunits 1.0.4 used alone: its plain ``convert_address`` with the online geocoder disabled
(as geo.address runs it), names mapped to the official 2025 names by code. It has no notion of "new" or "split":
its status is "converted" when it gives a ward, "province_only" with a province alone, else "not_found".

    python evaluation/geo_address.py [--json]
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import REPO, args, report, run_all

DATA = REPO / "tests" / "data" / "geo_address" / "test.jsonl"
PEER = "vietnamadminunits"


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def peer_answers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """vietnamadminunits.convert_address on each text, offline, as an answer shaped like geo.address's."""
    from nonla.core.models import shared_models
    from nonla.functions.civic.address_units import CONVERTER_TABLE, GEO_UNITS, load_package, load_units

    units = shared_models().load(GEO_UNITS, load_units)
    shared_models().load(CONVERTER_TABLE, load_package)  # imports the package with its geocoder replaced
    from vietnamadminunits import convert_address

    answers = []
    for row in rows:
        unit = convert_address(row["text"])
        code = unit.ward_code if isinstance(unit.ward_code, str) else None
        province = units.provinces.get(unit.province_code) if isinstance(unit.province_code, str) else None
        ward = units.wards[code][0] if code in units.wards else None
        status = "converted" if ward else "province_only" if province else "not_found"
        answers.append({"street": unit.street, "ward": ward, "province": province, "status": status,
                        "candidates": [(ward, province)] if ward else []})  # fmt: skip
    return answers


def ours(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    outputs = run_all("geo.address", [{"text": row["text"]} for row in rows])
    return [{"street": o.street, "ward": o.ward, "province": o.province, "status": o.status,
             "candidates": [(c.ward, c.province) for c in o.candidates]} for o in outputs]  # fmt: skip


def judge(row: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(correct, ward+province right, street exact) of one answer."""
    gold = {(c["ward"], c["province"]) for c in row["candidates"]}
    province = answer["province"] == row["province"]
    if row["status"] == "split":
        covered = gold <= set(answer["candidates"])
        correct = province and answer["status"] == "split" and covered
        place = province and (covered or (answer["ward"], answer["province"]) in gold)
    else:
        place = province and answer["ward"] == row["ward"]
        correct = place and answer["status"] == row["status"]
    return correct, place, answer["street"] == row["street"]


def score(rows: list[dict[str, Any]], answers: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    by_form: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for row, answer in zip(rows, answers, strict=True):
        by_form[row["form"]].append(judge(row, answer))
    by_form["all"] = [verdict for verdicts in list(by_form.values()) for verdict in verdicts]
    table = {}
    for form, verdicts in by_form.items():
        n = len(verdicts)
        table[f"{form} ({n})"] = {
            "correct %": round(100 * sum(v[0] for v in verdicts) / n, 2),
            "ward+province %": round(100 * sum(v[1] for v in verdicts) / n, 2),
            "street exact %": round(100 * sum(v[2] for v in verdicts) / n, 2),
        }
    return table


def main() -> None:
    opts = args(__doc__ or "")
    rows = load(DATA)[: opts.limit or None]
    mine, theirs = score(rows, ours(rows)), score(rows, peer_answers(rows))
    table = {f"geo.address: {form}": row for form, row in mine.items()}
    table |= {f"{PEER}: {form}": row for form, row in theirs.items()}
    overall = next(form for form in mine if form.startswith("all "))

    def figures(scored: dict[str, dict[str, float]], prefix: str) -> dict[str, float]:
        out = {f"{prefix}{form} correct %": row["correct %"] for form, row in scored.items() if form != overall}
        out |= {f"{prefix}all correct %": scored[overall]["correct %"],
                f"{prefix}all ward+province %": scored[overall]["ward+province %"],
                f"{prefix}all street exact %": scored[overall]["street exact %"]}  # fmt: skip
        return out

    report("geo.address on tests/data/geo_address/test.jsonl", table, opts.json, extra={"addresses": len(rows)},
           card=figures(mine, ""), peers=figures(theirs, f"{PEER} "))  # fmt: skip


if __name__ == "__main__":
    main()

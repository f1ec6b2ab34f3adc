"""Validate the Vietnamese NER evaluation set and print its counts.

Usage: ``python tests/data/entities/check.py [--lint] [FILE.jsonl ...]`` (default: dev.jsonl and test.jsonl here).

Checks every line: it is a JSON object with exactly the keys id/source/text/entities; ids are unique across all
files; source and entity types are valid; offsets are in range, ``text[start:end] == entity["text"]``, entities are
sorted and do not overlap, and spans carry no surrounding whitespace or punctuation. When build.py sits next to the
files, it also checks that the files are exactly what build.py generates. ``--lint`` additionally lists places where
a string annotated somewhere in the set occurs unannotated (candidates for missed entities; not errors).
Exits 1 when any check fails.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TYPES = ("PER", "LOC", "ORG", "DATE", "MONEY", "LAW")
SOURCES = ("law", "complaint", "judgment", "news")
RECORD_KEYS = {"id", "source", "text", "entities"}
ENTITY_KEYS = {"type", "start", "end", "text"}
EDGE_PUNCT = set(" \t\n,;:.!?\"'“”‘’-–—(")


def check_record(rec: Any, where: str) -> list[str]:
    """Return the problems found in one parsed line.

    >>> check_record({"id": "x", "source": "news", "text": "Ở Huế.",
    ...               "entities": [{"type": "LOC", "start": 2, "end": 5, "text": "Huế"}]}, "t:1")
    []
    >>> check_record({"id": "x", "source": "news", "text": "Ở Huế.",
    ...               "entities": [{"type": "LOC", "start": 1, "end": 5, "text": "Huế"}]}, "t:1")
    ["t:1: entity 0 text[1:5] is ' Huế', not 'Huế'"]
    """
    errs: list[str] = []
    if not isinstance(rec, dict):
        return [f"{where}: not a JSON object"]
    if set(rec) != RECORD_KEYS:
        errs.append(f"{where}: keys {sorted(rec)} != {sorted(RECORD_KEYS)}")
        return errs
    rid, source, text, ents = rec["id"], rec["source"], rec["text"], rec["entities"]
    if not isinstance(rid, str) or not rid:
        errs.append(f"{where}: bad id {rid!r}")
    if source not in SOURCES:
        errs.append(f"{where}: bad source {source!r}")
    if not isinstance(text, str) or not text.strip():
        return errs + [f"{where}: empty or non-string text"]
    if text != text.strip():
        errs.append(f"{where}: text has surrounding whitespace")
    if unicodedata.normalize("NFC", text) != text:
        errs.append(f"{where}: text is not NFC")
    if not isinstance(ents, list):
        return errs + [f"{where}: entities is not a list"]
    prev_end = -1
    for i, e in enumerate(ents):
        if not isinstance(e, dict) or set(e) != ENTITY_KEYS:
            errs.append(f"{where}: entity {i} must have exactly the keys {sorted(ENTITY_KEYS)}")
            continue
        t, s, end, surf = e["type"], e["start"], e["end"], e["text"]
        if t not in TYPES:
            errs.append(f"{where}: entity {i} has bad type {t!r}")
        if not (isinstance(s, int) and isinstance(end, int)) or isinstance(s, bool) or isinstance(end, bool):
            errs.append(f"{where}: entity {i} offsets are not integers")
            continue
        if not 0 <= s < end <= len(text):
            errs.append(f"{where}: entity {i} offsets [{s}, {end}) out of range for length {len(text)}")
            continue
        if text[s:end] != surf:
            errs.append(f"{where}: entity {i} text[{s}:{end}] is {text[s:end]!r}, not {surf!r}")
        if surf[0] in EDGE_PUNCT or (surf[-1] in EDGE_PUNCT) or (surf.endswith(")") and "(" not in surf):
            errs.append(f"{where}: entity {i} {surf!r} starts or ends with whitespace/punctuation")
        if s < prev_end:
            errs.append(f"{where}: entity {i} overlaps the previous one or is out of order")
        prev_end = max(prev_end, end)
    return errs


def load(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    errs: list[str] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                errs.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errs.append(f"{where}: invalid JSON ({exc})")
                continue
            problems = check_record(rec, where)
            errs.extend(problems)
            if not problems:
                rows.append(rec)
    return rows, errs


def against_build(files: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Compare dev/test with what build.py would write now."""
    build_py = HERE / "build.py"
    if not build_py.exists() or set(files) != {"dev.jsonl", "test.jsonl"}:
        return []
    spec = importlib.util.spec_from_file_location("_entities_build", build_py)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    dev, test = mod.split(mod.records())
    errs = []
    for name, expected in (("dev.jsonl", dev), ("test.jsonl", test)):
        if files[name] != expected:
            errs.append(f"{name}: differs from what build.py generates; run build.py")
    return errs


def lint(rows: list[dict[str, Any]]) -> list[str]:
    """Strings annotated somewhere but left unannotated elsewhere (whole-word matches, 4+ characters)."""
    surfaces: dict[str, str] = {}
    for r in rows:
        for e in r["entities"]:
            if len(e["text"]) >= 4:
                surfaces.setdefault(e["text"], e["type"])
    notes = []
    for r in rows:
        covered = [(e["start"], e["end"]) for e in r["entities"]]
        for surf, typ in surfaces.items():
            for m in re.finditer(r"(?<!\w)" + re.escape(surf) + r"(?!\w)", r["text"]):
                if not any(s <= m.start() and m.end() <= e for s, e in covered):
                    notes.append(f"{r['id']}: unannotated {surf!r} (annotated as {typ} elsewhere)")
    return notes


def report(name: str, rows: list[dict[str, Any]]) -> None:
    types = Counter(e["type"] for r in rows for e in r["entities"])
    sources = Counter(r["source"] for r in rows)
    no_per = sum(1 for r in rows if not any(e["type"] == "PER" for e in r["entities"]))
    no_ent = sum(1 for r in rows if not r["entities"])
    total = sum(types.values())
    print(f"{name}: {len(rows)} sentences, {total} entities")
    print("  sources: " + ", ".join(f"{s}={sources[s]}" for s in SOURCES))
    print("  types:   " + ", ".join(f"{t}={types[t]}" for t in TYPES))
    share = no_per / len(rows) if rows else 0.0
    print(f"  sentences without PER: {no_per} ({share:.0%}); without any entity: {no_ent}")


def main(argv: list[str]) -> int:
    do_lint = "--lint" in argv
    paths = [Path(a) for a in argv if a != "--lint"] or [HERE / "dev.jsonl", HERE / "test.jsonl"]
    errs: list[str] = []
    files: dict[str, list[dict[str, Any]]] = {}
    seen: dict[str, str] = {}
    for p in paths:
        rows, problems = load(p)
        errs.extend(problems)
        files[p.name] = rows
        for r in rows:
            if r["id"] in seen:
                errs.append(f"{p.name}: duplicate id {r['id']!r} (also in {seen[r['id']]})")
            seen[r["id"]] = p.name
    if not errs:
        errs.extend(against_build(files))
    for name, rows in files.items():
        report(name, rows)
    if len(files) > 1:
        report("all", [r for rows in files.values() for r in rows])
    if do_lint:
        notes = lint([r for rows in files.values() for r in rows])
        print(f"lint: {len(notes)} note(s)")
        for n in notes:
            print("  " + n)
    for e in errs:
        print("ERROR " + e)
    print("OK" if not errs else f"{len(errs)} error(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Validate the legal search evaluation sets (dev.jsonl, test.jsonl) and the Q&A knowledge base (knowledge_base.jsonl).

Usage: ``python tests/data/legal_qa/check.py [--corpus DIR] [--quiet]``

``DIR`` is the folder of law texts; by default ``$NONLA_SHARED_DATA/vn_laws_corpus_underthesea_vlc/processed`` with
``NONLA_SHARED_DATA`` defaulting to ``<repo>/../shared/data``. Every law there is parsed with
``nonla.collections.legal_structure.parse_legal`` and every ``gold`` / ``sources`` id must be one of its article ids.

Checks every line: it is a JSON object with exactly the expected keys; ids are well formed and unique across both
files; text is NFC without surrounding whitespace; ``gold`` / ``sources`` hold 1-3 distinct article ids that exist in
the parsed corpus; ``style`` is citizen | judge | lawyer; ``diacritics`` matches the question (false means no
Vietnamese tone or vowel marks at all); a question is not an article's title copied verbatim (``--lint`` also lists questions that merely contain a
gold title); knowledge-base answers
have 2-4 sentences and no knowledge-base question repeats a dev question. Prints counts per law, style and
diacritics. Exits 1 when any check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEV = HERE / "dev.jsonl"
TEST = HERE / "test.jsonl"  # written apart from the ranking; never tuned on
KB = HERE / "knowledge_base.jsonl"
STYLES = ("citizen", "judge", "lawyer")
DEV_KEYS = {"id", "question", "gold", "style", "diacritics"}
KB_KEYS = {"id", "question", "answer", "sources"}
ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*/dieu-\d+[a-zđ]?(?:~\d+)?$")
SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def default_corpus() -> Path:
    shared = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))
    return shared / "vn_laws_corpus_underthesea_vlc" / "processed"


def fold(text: str) -> str:
    """Lower-case, drop Vietnamese diacritics and punctuation, collapse spaces.

    >>> fold("Thủ tục  đăng ký THƯỜNG TRÚ?")
    'thu tuc dang ky thuong tru'
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^\w%]+", " ", text).split())


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (tone, breve, circumflex, horn) or đ.

    >>> has_diacritics("thu tuc dang ky tam tru"), has_diacritics("thủ tục"), has_diacritics("đi")
    (False, True, True)
    """
    return fold(text) != " ".join(re.sub(r"[^\w%]+", " ", text.lower()).split())


def sentences(text: str) -> int:
    """Count sentences by terminal punctuation followed by a space or the end.

    >>> sentences("Được. Theo Điều 20, người đủ 18 tuổi là 10.000.000 đồng. Xong!")
    3
    """
    return len(SENTENCE_END.findall(text.strip()))


def load_corpus(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Parse every law in ``folder``; return {article id: title} and {doc id: law title}."""
    if str(REPO / "src") not in sys.path:
        sys.path.insert(0, str(REPO / "src"))
    from nonla.collections.legal_structure import parse_legal

    articles: dict[str, str] = {}
    laws: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        doc = parse_legal(path.read_text(encoding="utf-8"), fallback_id=path.stem)
        doc_id = doc.metadata.doc_id
        if doc_id in laws:
            raise SystemExit(f"{path.name}: doc id {doc_id!r} is used by two files; article ids would be ambiguous")
        laws[doc_id] = doc.metadata.title or path.stem
        for unit in doc.articles():
            articles[unit.id] = unit.title
    return articles, laws


def check_text(value: Any, name: str, where: str) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: {name} is empty or not a string"]
    errs = []
    if value != value.strip():
        errs.append(f"{where}: {name} has surrounding whitespace")
    if unicodedata.normalize("NFC", value) != value:
        errs.append(f"{where}: {name} is not NFC")
    return errs


def check_ids(value: Any, name: str, where: str, articles: dict[str, str]) -> list[str]:
    if not isinstance(value, list) or not 1 <= len(value) <= 3:
        return [f"{where}: {name} must be a list of 1-3 article ids"]
    errs = []
    if len(set(value)) != len(value):
        errs.append(f"{where}: {name} repeats an id")
    for art in value:
        if not isinstance(art, str) or not ARTICLE_ID.match(art):
            errs.append(f"{where}: {name} entry {art!r} is not an article id like 'luat-68-2020-qh14/dieu-22'")
        elif art not in articles:
            errs.append(f"{where}: {name} entry {art!r} is not an article of the parsed corpus")
    return errs


def title_overlap(question: str, ids: list[str], articles: dict[str, str]) -> tuple[list[str], list[str]]:
    """Return (copies, contains): gold articles whose title *is* the question (at most two extra words around it,
    an error) and those whose title of three or more words merely appears inside it (reported by ``--lint``).

    >>> arts = {"x/dieu-1": "Thời hạn kháng cáo", "x/dieu-2": "Án treo"}
    >>> title_overlap("Thời hạn kháng cáo là bao lâu?", ["x/dieu-1"], arts)
    ([], ['x/dieu-1'])
    >>> title_overlap("thoi han khang cao?", ["x/dieu-1", "x/dieu-2"], arts)
    (['x/dieu-1'], [])
    """
    copies, contains = [], []
    q = fold(question)
    for art in ids:
        title = fold(articles.get(art) or "")
        if not title or title not in q:
            continue
        if len(q.split()) - len(title.split()) <= 2:
            copies.append(art)
        elif len(title.split()) >= 3:
            contains.append(art)
    return copies, contains


def read_jsonl(path: Path, errs: list[str]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    if not path.exists():
        errs.append(f"{path.name}: missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        if not line.strip():
            errs.append(f"{where}: blank line")
            continue
        try:
            rows.append((where, json.loads(line)))
        except json.JSONDecodeError as exc:
            errs.append(f"{where}: invalid JSON ({exc})")
    return rows


def law_of(article_id: str) -> str:
    return article_id.split("/", 1)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="folder of law .txt files")
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary line")
    ap.add_argument("--lint", action="store_true", help="also list questions that contain a gold article's title")
    args = ap.parse_args(argv)

    corpus = args.corpus or default_corpus()
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        print(f"law corpus not found at {corpus} (set NONLA_SHARED_DATA or pass --corpus)", file=sys.stderr)
        return 1
    articles, laws = load_corpus(corpus)

    errs: list[str] = []
    lint: list[str] = []
    seen_ids: dict[str, str] = {}
    dev_rows = read_jsonl(DEV, errs)
    test_rows = read_jsonl(TEST, errs)
    kb_rows = read_jsonl(KB, errs)

    def claim_id(rec_id: Any, pattern: str, where: str) -> None:
        if not isinstance(rec_id, str) or not re.fullmatch(pattern, rec_id):
            errs.append(f"{where}: bad id {rec_id!r} (expected {pattern})")
        elif rec_id in seen_ids:
            errs.append(f"{where}: id {rec_id!r} already used at {seen_ids[rec_id]}")
        else:
            seen_ids[rec_id] = where

    dev_questions: dict[str, str] = {}  # every evaluation question, dev and test: none may repeat another

    def check_questions(rows: list[tuple[str, Any]], id_pattern: str) -> list[dict[str, Any]]:
        valid: list[dict[str, Any]] = []
        for where, rec in rows:
            if not isinstance(rec, dict) or set(rec) != DEV_KEYS:
                errs.append(f"{where}: must be an object with exactly the keys {sorted(DEV_KEYS)}")
                continue
            claim_id(rec["id"], id_pattern, where)
            e = check_text(rec["question"], "question", where)
            e += check_ids(rec["gold"], "gold", where, articles)
            if rec["style"] not in STYLES:
                e.append(f"{where}: style {rec['style']!r} not in {STYLES}")
            if not isinstance(rec["diacritics"], bool):
                e.append(f"{where}: diacritics must be true or false")
            elif isinstance(rec["question"], str) and has_diacritics(rec["question"]) != rec["diacritics"]:
                e.append(f"{where}: diacritics={rec['diacritics']} but the question says otherwise")
            if not e:
                copies, contains = title_overlap(rec["question"], rec["gold"], articles)
                e += [f"{where}: question copies the title of {a} ({articles[a]!r})" for a in copies]
                lint.extend(f"{where}: question contains the title of {a} ({articles[a]!r})" for a in contains)
                key = fold(rec["question"])
                if key in dev_questions:
                    e.append(f"{where}: same question as {dev_questions[key]}")
                dev_questions[key] = where
            errs.extend(e)
            if not e:
                valid.append(rec)
        return valid

    dev_ok = check_questions(dev_rows, r"q\d{3,}")
    test_ok = check_questions(test_rows, r"t\d{3,}")

    kb_ok: list[dict[str, Any]] = []
    kb_questions: dict[str, str] = {}
    for where, rec in kb_rows:
        if not isinstance(rec, dict) or set(rec) != KB_KEYS:
            errs.append(f"{where}: must be an object with exactly the keys {sorted(KB_KEYS)}")
            continue
        claim_id(rec["id"], r"kb\d{3,}", where)
        e = check_text(rec["question"], "question", where) + check_text(rec["answer"], "answer", where)
        e += check_ids(rec["sources"], "sources", where, articles)
        if not e:
            n = sentences(rec["answer"])
            if not 2 <= n <= 4:
                e.append(f"{where}: answer has {n} sentences, expected 2-4")
            if not has_diacritics(rec["answer"]):
                e.append(f"{where}: answer must be written with diacritics")
            key = fold(rec["question"])
            if key in dev_questions:
                e.append(f"{where}: question repeats dev question at {dev_questions[key]}")
            if key in kb_questions:
                e.append(f"{where}: same question as {kb_questions[key]}")
            kb_questions[key] = where
            copies, contains = title_overlap(rec["question"], rec["sources"], articles)
            e += [f"{where}: question copies the title of {a} ({articles[a]!r})" for a in copies]
            lint += [f"{where}: question contains the title of {a} ({articles[a]!r})" for a in contains]
        errs += e
        if not e:
            kb_ok.append(rec)

    for msg in errs + (lint if args.lint else []):
        print(msg)

    dev_laws_q = Counter(law for r in dev_ok for law in {law_of(a) for a in r["gold"]})
    kb_laws_q = Counter(law for r in kb_ok for law in {law_of(a) for a in r["sources"]})
    if not args.quiet:
        print(f"corpus: {len(laws)} laws, {len(articles)} articles ({corpus})")
        print(f"\ndev.jsonl: {len(dev_ok)}/{len(dev_rows)} valid questions over {len(dev_laws_q)} laws")
        styles = Counter(r["style"] for r in dev_ok)
        print("  style: " + ", ".join(f"{s} {styles[s]}" for s in STYLES))
        nd = sum(1 for r in dev_ok if not r["diacritics"])
        print(f"  diacritics: with {len(dev_ok) - nd}, without {nd} ({nd / max(len(dev_ok), 1):.0%})")
        sizes = Counter(len(r["gold"]) for r in dev_ok)
        print("  gold ids per question: " + ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes)))
        print(f"  distinct gold articles: {len({a for r in dev_ok for a in r['gold']})}")
        print(f"  questions containing a gold title (--lint lists them): {sum(1 for m in lint if m.startswith('dev'))}")
        print("  questions per law:")
        for law, n in dev_laws_q.most_common():
            print(f"    {n:3d}  {law}  {laws.get(law, '?')}")
        test_laws = {law for r in test_ok for law in {law_of(a) for a in r["gold"]}}
        nd = sum(1 for r in test_ok if not r["diacritics"])
        print(f"\ntest.jsonl: {len(test_ok)}/{len(test_rows)} valid questions over {len(test_laws)} laws, {nd} without diacritics")
        print(f"\nknowledge_base.jsonl: {len(kb_ok)}/{len(kb_rows)} valid entries over {len(kb_laws_q)} laws")
        print("  entries per law:")
        for law, n in kb_laws_q.most_common():
            print(f"    {n:3d}  {law}  {laws.get(law, '?')}")
    print(
        f"\n{'FAILED' if errs else 'OK'}: {len(errs)} problem(s); dev {len(dev_ok)} questions / {len(dev_laws_q)} laws, "
        f"test {len(test_ok)} questions, knowledge base {len(kb_ok)} entries / {len(kb_laws_q)} laws"
    )
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())

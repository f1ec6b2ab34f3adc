"""The same judgments, terms and queries in a bare tantivy index, without the product's search path around it: what
the library alone costs, read beside the figures of our own tantivy backend in legal_scale.py."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any


def build(home: Path) -> tuple[Any, dict[str, float]]:
    import tantivy
    from sqlalchemy import text

    from nonla.store.db import session

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, fast=True, indexed=True)
    for field in ("words", "plain", "title_words", "title_plain"):
        sb.add_text_field(field, stored=False, tokenizer_name="whitespace")
    sb.add_text_field("issuer", stored=False, tokenizer_name="raw")
    sb.add_text_field("doc_type", stored=False, tokenizer_name="raw")
    sb.add_integer_field("year", fast=True, indexed=True)
    schema = sb.build()
    folder = home / "tantivy"
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    started, last = time.perf_counter(), 0
    sql = ("SELECT p.id, p.words, p.plain, p.title_words, p.title_plain, p.issuer, p.doc_type, p.year FROM parts p "
           "WHERE p.id > :last ORDER BY p.id LIMIT 50000")  # fmt: skip
    while True:
        with session() as s:
            rows = s.execute(text(sql), {"last": last}).all()
        if not rows:
            break
        for pid, w, p, tw, tp, issuer, doc_type, year in rows:
            writer.add_document(tantivy.Document(id=pid, words=w, plain=p, title_words=tw, title_plain=tp,
                                                 issuer=issuer or "", doc_type=doc_type or "", year=year or 0))  # fmt: skip
        last = rows[-1][0]
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e9
    return (index, schema), {"build_s": round(time.perf_counter() - started, 1), "disk_GB": round(disk, 2)}


def latency(handle: Any, queries: list[str], courts: list[str], count: int) -> dict[str, dict[str, float]]:
    import tantivy
    from tantivy import Occur, Query

    from nonla.collections.search import _hits
    from nonla.collections.terms import query_terms
    from nonla.functions.vi.tone_marks import strip_diacritics
    from nonla.store.db import session

    index, schema = handle
    searcher = index.searcher()
    rng = random.Random(7)
    out = {}
    for label in ("no filter", "court + year", "document type + year"):
        for marks in (True, False):
            times = []
            for _ in range(count // 6):
                query = rng.choice(queries)
                query = query if marks else strip_diacritics(query)
                musts = []
                if label == "court + year":
                    musts = [Query.term_query(schema, "issuer", rng.choice(courts))]
                if label != "no filter":
                    y = rng.randint(2015, 2025)
                    musts.append(Query.range_query(schema, "year", tantivy.FieldType.Integer, y, y))
                if label == "document type + year":
                    musts.append(Query.term_query(schema, "doc_type", "Bản án"))
                t = time.perf_counter()
                terms, plain = query_terms(query)
                body, title = ("plain", "title_plain") if plain else ("words", "title_words")
                should = [(Occur.Should, Query.term_query(schema, body, term)) for term in terms]
                should += [
                    (Occur.Should, Query.boost_query(Query.term_query(schema, title, term), 3.0)) for term in terms
                ]
                q = Query.boolean_query([(Occur.Must, Query.boolean_query(should)), *((Occur.Must, m) for m in musts)])
                found = searcher.search(q, 10).hits
                ranked = [(searcher.doc(addr)["id"][0], score) for score, addr in found]
                with session() as s:
                    _hits(s, ranked)
                times.append(1000 * (time.perf_counter() - t))
            times.sort()
            out[f"{label}, {'with' if marks else 'without'} diacritics"] = {
                "p50 ms": round(statistics.median(times), 1),
                "p95 ms": round(times[int(0.95 * (len(times) - 1))], 1),
            }
    return out

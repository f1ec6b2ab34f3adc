"""legal.search at court scale: 1.4 million synthetic judgments in the embedded store, one machine, both BM25 backends.

Measures what an operator plans for: index build time, disk, peak RAM, and p50/p95 latency of BM25 search with and
without filters (court, year, document type), queries typed with and without diacritics, through the same search
path legal.search uses — once with the SQLite FTS5 table (NONLA_BM25=fts5) and once with the tantivy index (the
embedded default), built from the same term columns. Dense vectors for a corpus this size go through batch jobs:
the embedding rate of this machine is measured on a sample and the time for the whole corpus is stated for 1, 2 and
16 worker processes.

Judgments come from bench/judgments_synthetic.py (seeded; four parts each) and are written with the product's own
tables and index (nonla.collections: Document, Part, Bm25.add, index_terms) in transactions of BATCH judgments;
the tantivy index is then built from the stored terms by Bm25.rebuild (what `nonla collections reindex` runs).

    python bench/legal_scale.py [--judgments 1400000] [--queries 600] [--home DIR] [--keep] [--peer]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))
BATCH = 5_000
QUERIES = [
    "trộm cắp xe máy", "lừa đảo chiếm đoạt tài sản xin việc làm", "cố ý gây thương tích tỷ lệ tổn thương",
    "tranh chấp quyền sử dụng đất lấn chiếm", "ly hôn nuôi con chung", "cấp dưỡng nuôi con sau ly hôn",
    "đơn phương chấm dứt hợp đồng lao động", "nợ tiền lương", "không đóng bảo hiểm xã hội",
    "thu hồi đất bồi thường", "tàng trữ trái phép chất ma túy", "vi phạm quy định tham gia giao thông",
    "chia di sản thừa kế không có di chúc", "hợp đồng vay tài sản lãi suất", "tiền đặt cọc mua bán nhà",
    "hủy hoại rừng phòng hộ", "chống người thi hành công vụ nồng độ cồn", "buôn lậu đường cát qua biên giới",
    "hợp đồng tín dụng thế chấp", "xây dựng không phép xử phạt", "Điều 173 Bộ luật Hình sự",
    "khoản 2 Điều 174 Bộ luật Hình sự", "Điều 59 Luật Hôn nhân và gia đình", "án treo", "đánh bạc ghi số đề",
]  # fmt: skip


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(count: int) -> dict[str, float]:
    """Write `count` judgments; returns timings. Segmentation of each recurring piece is computed once."""
    from judgments_synthetic import judgments, text_of
    from sqlalchemy import insert

    from nonla.collections import service
    from nonla.collections.bm25 import Bm25, PartTerms
    from nonla.collections.terms import index_terms, segmented
    from nonla.core.events import utc_now
    from nonla.store.db import session
    from nonla.store.schema import Document, Part

    service.create("judgments")
    with session() as s:
        collection_id = service.collection_row(s, "judgments", "default").id
    words_of: dict[str, list[str]] = {}
    title_terms = {name: index_terms([name]) for name in ("header", "facts", "reasoning", "decision")}
    started, part_id, segmenting = time.perf_counter(), 0, 0.0
    stream = judgments(count, SHARED)
    done = 0
    while done < count:
        batch = [next(stream) for _ in range(min(BATCH, count - done))]
        fresh = sorted({p for j in batch for _, part in j.parts for p in part if p not in words_of})
        t = time.perf_counter()
        words_of.update(zip(fresh, segmented(fresh), strict=True))
        segmenting += time.perf_counter() - t
        docs, parts, fts, now = [], [], [], utc_now()
        for j in batch:
            texts = [(name, text_of(part), [w for p in part for w in words_of[p]]) for name, part in j.parts]
            body = "\n".join(t for _, t, _ in texts)
            meta = {"court": j.court, "year": j.year, "case_type": j.case_type, "doc_type": "Bản án"}
            docs.append({"id": j.number, "collection_id": collection_id, "key": j.key, "title": j.key, "kind": "judgment",
                         "sha256": hashlib.sha256(body.encode()).hexdigest(), "source": "", "text": body,
                         "meta": meta, "created_at": now})  # fmt: skip
            for name, text, words in texts:
                part_id += 1
                parts.append({"id": part_id, "document_id": j.number, "collection_id": collection_id, "kind": name,
                              "key": f"{j.key}/{name}", "title": name, "text": text, "meta": {}, "doc_type": "Bản án",
                              "issuer": j.court, "year": j.year})  # fmt: skip
                fts.append(PartTerms(part_id, *index_terms(words), *title_terms[name]))
        with session(write=True) as s:
            s.execute(insert(Document), docs)
            s.execute(insert(Part), parts)
            Bm25(s).add(collection_id, fts)
        done += len(batch)
        if done % 100_000 < BATCH or done == count:
            rate = done / (time.perf_counter() - started)
            print(f"  {done:>9,} judgments  {rate:,.0f}/s  RSS peak {rss_mb():,.0f} MB", flush=True)
    built = time.perf_counter() - started
    return {"build_s": round(built, 1), "segmenting_s": round(segmenting, 1), "pieces_segmented": len(words_of)}


def optimize() -> float:
    """Merge FTS5's segments once after a bulk load (what `nonla collections` does after a large ingest)."""
    from sqlalchemy import text

    from nonla.store.db import session

    started = time.perf_counter()
    with session(write=True) as s:
        s.execute(text("INSERT INTO parts_fts(parts_fts) VALUES ('optimize')"))
    return round(time.perf_counter() - started, 1)


def tantivy_index() -> dict[str, float]:
    """Build the tantivy index of the collection from the stored terms; its build time and size."""
    from nonla.collections.bm25 import Bm25
    from nonla.collections.bm25_tantivy import TantivyIndex
    from nonla.collections.service import collection_row
    from nonla.store.db import session

    os.environ["NONLA_BM25"] = "tantivy"
    started = time.perf_counter()
    with session() as s:
        collection_id = collection_row(s, "judgments", "default").id
        Bm25(s).rebuild(collection_id)
    folder = TantivyIndex(collection_id).path
    disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e9
    return {"build_s": round(time.perf_counter() - started, 1), "disk_GB": round(disk, 2)}


def latency(queries: int, courts: list[str]) -> dict[str, dict[str, float]]:
    from nonla.collections.bm25 import Filters
    from nonla.collections.search import bm25_search
    from nonla.functions.vi.tone_marks import strip_diacritics

    rng = random.Random(7)
    kinds = {"no filter": lambda: Filters(), "court + year": lambda: Filters(issuer=rng.choice(courts),
             year=rng.randint(2015, 2025)), "document type + year": lambda: Filters(doc_type="Bản án", year=rng.randint(2015, 2025))}  # fmt: skip
    bm25_search("judgments", "khởi động", 10)  # load the segmenter outside the timing
    out = {}
    for label, make in kinds.items():
        for marks in (True, False):
            times, empty = [], 0
            for _ in range(queries // 6):
                query = rng.choice(QUERIES)
                query = query if marks else strip_diacritics(query)
                t = time.perf_counter()
                hits = bm25_search("judgments", query, 10, make())
                times.append(1000 * (time.perf_counter() - t))
                empty += not hits
            times.sort()
            out[f"{label}, {'with' if marks else 'without'} diacritics"] = {
                "p50 ms": round(statistics.median(times), 1),
                "p95 ms": round(times[int(0.95 * (len(times) - 1))], 1),
                "queries": len(times),
                "no result": empty,
            }
    return out


def embedding_rate(sample: int) -> tuple[float, float]:
    """(vectors/s of e5 on judgment parts, one process — what one batch-job worker does; vectors per part: its
    passage and the windows of the rest of a long part)."""
    from judgments_synthetic import judgments, text_of

    from nonla.collections.passages import passage, windows
    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    parts = [(j.key, text_of(part)) for j in judgments(sample // 4 + 1, SHARED, seed=99) for _, part in j.parts]
    pieces = [[passage(title, text), *windows(title, text)] for title, text in parts]
    texts = [t for piece in pieces for t in piece]
    e5 = embedder(shared_models())
    e5.embed(texts[:2], kind="passage", max_chars=None)
    started = time.perf_counter()
    e5.embed(texts[:sample], kind="passage", max_chars=None)
    return sample / (time.perf_counter() - started), len(texts) / len(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--judgments", type=int, default=1_400_000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--embed-sample", type=int, default=128)
    parser.add_argument("--home", type=Path, default=None, help="store folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--peer", action="store_true", help="also time the bare tantivy peer (bench/tantivy_peer.py)")
    opts = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "bench"))
    home = opts.home or Path(tempfile.mkdtemp(prefix="nonla-scale-"))
    os.environ["NONLA_HOME"] = str(home)
    os.environ.pop("NONLA_DATABASE_URL", None)
    os.environ["NONLA_BM25"] = "fts5"
    print(f"{opts.judgments:,} synthetic judgments into {home} (SQLite FTS5, {os.cpu_count()} cores)", flush=True)
    report: dict[str, object] = build(opts.judgments)
    report["optimize_s"] = optimize()
    report["disk_GB"] = round(sum(f.stat().st_size for f in home.rglob("*") if f.is_file()) / 1e9, 2)
    report["peak_RSS_MB_build"] = round(rss_mb())
    from judgments_synthetic import places

    provinces = places(SHARED)[1]
    courts = [f"Tòa án nhân dân tỉnh {p}" for p in provinces]
    report["latency"] = latency(opts.queries, courts)
    report["peak_RSS_MB"] = round(rss_mb())
    built = tantivy_index()  # the embedded default, through the same interface and search path
    report["tantivy"] = {**built, "latency": latency(opts.queries, courts)}
    report["p95 ratio FTS5 / tantivy"] = {
        label: round(report["latency"][label]["p95 ms"] / max(0.1, row["p95 ms"]), 1)  # type: ignore[index]
        for label, row in report["tantivy"]["latency"].items()  # type: ignore[index]
    }
    if opts.peer:  # the bare library on the same terms, without our search path around it
        import tantivy_peer

        handle, built = tantivy_peer.build(home / "peer")
        report["tantivy peer"] = {**built, "latency": tantivy_peer.latency(handle, QUERIES, courts, opts.queries)}
    rate, per_part = embedding_rate(opts.embed_sample)
    parts = 4 * opts.judgments
    vectors = round(parts * per_part)
    report["embedding"] = {
        "vectors/s, one process": round(rate, 1),
        "parts": parts,
        "vectors (passages and windows)": vectors,
        **{f"hours for all vectors, {w} worker processes": round(vectors / rate / w / 3600, 1) for w in (1, 2, 16, 64)},
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not opts.keep and opts.home is None:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

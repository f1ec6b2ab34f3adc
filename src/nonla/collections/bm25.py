"""BM25 over parts: SQLite FTS5 (embedded default) or PostgreSQL full-text search, behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Filters:
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    in_force_on: str | None = None  # ISO date: effective_from <= D and (no end or end > D)

    def sql(self) -> tuple[str, dict[str, object]]:
        clauses, params = [], {}
        if self.doc_type:
            clauses.append("lower(p.doc_type) = lower(:doc_type)")
            params["doc_type"] = self.doc_type
        if self.issuer:
            clauses.append("lower(p.issuer) = lower(:issuer)")
            params["issuer"] = self.issuer
        if self.year:
            clauses.append("p.year = :year")
            params["year"] = self.year
        if self.in_force_on:
            clauses.append(
                "(p.effective_from IS NULL OR p.effective_from <= :on) AND (p.effective_to IS NULL OR p.effective_to > :on)"
            )
            params["on"] = self.in_force_on
        return "".join(f" AND {c}" for c in clauses), params


def _fts_query(terms: list[str]) -> str:
    return " OR ".join('"' + t.replace('"', "") + '"' for t in terms)


class Bm25:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"

    def add(self, rows: list[tuple[int, str, str, str, str]]) -> None:
        """rows: (part id, body terms with marks, without marks, title terms with marks, without marks)."""
        if not rows:
            return
        values = [{"id": i, "w": w, "p": p, "tw": tw, "tp": tp} for i, w, p, tw, tp in rows]
        if self.sqlite:
            self.s.execute(text("INSERT INTO parts_fts(rowid, words, plain, title_words, title_plain) "
                                "VALUES (:id, :w, :p, :tw, :tp)"), values)  # fmt: skip
        else:
            self.s.execute(text("UPDATE parts SET words = :w, plain = :p, title_words = :tw, title_plain = :tp "
                                "WHERE id = :id"), values)  # fmt: skip

    def delete(self, part_ids: list[int]) -> None:
        if part_ids and self.sqlite:
            for start in range(0, len(part_ids), 500):
                chunk = part_ids[start : start + 500]
                self.s.execute(text(f"DELETE FROM parts_fts WHERE rowid IN ({','.join(map(str, chunk))})"))

    def search(
        self, collection_id: int, terms: list[str], plain: bool, k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        where, params = filters.sql()
        params |= {"c": collection_id, "k": k}
        if self.sqlite:
            columns = "plain title_plain" if plain else "words title_words"
            weights = "0, 1, 0, 3" if plain else "1, 0, 3, 0"  # a match in the title counts three times
            params["q"] = f"{{{columns}}} : ({_fts_query(terms)})"
            sql = (f"SELECT p.id, -bm25(parts_fts, {weights}) AS score FROM parts_fts JOIN parts p ON p.id = parts_fts.rowid "
                   f"WHERE parts_fts MATCH :q AND p.collection_id = :c{where} ORDER BY bm25(parts_fts, {weights}) LIMIT :k")  # fmt: skip
        else:
            params["q"] = " | ".join(t.replace("'", "").replace("_", " <-> ") for t in terms if t.replace("_", ""))
            sql = (f"SELECT p.id, ts_rank_cd(p.tsv, q, 1) AS score FROM parts p, to_tsquery('simple', :q) q "
                   f"WHERE p.tsv @@ q AND p.collection_id = :c{where} ORDER BY score DESC LIMIT :k")  # fmt: skip
        return [(int(row[0]), float(row[1])) for row in self.s.execute(text(sql), params)]

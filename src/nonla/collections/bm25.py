"""BM25 over parts behind one small interface: tantivy (embedded default), SQLite FTS5, or PostgreSQL full-text.

The index terms of every part live in the parts table (words, titles and context, with and without marks); an
index is a view of them and ``reindex`` rebuilds it. SQLite stores search with tantivy unless ``NONLA_BM25=fts5``
asks for the FTS5 table (slower past a few hundred thousand parts: it scores every match); PostgreSQL searches its
own tsvector column, kept in step with the term columns by the database, and orders what it finds by BM25
(nonla.collections.bm25_postgres).

The backend is read from the environment by each process, while an index outlives it: a collection indexed under
one SQLite backend is not in the other's index until ``reindex``. tantivy rebuilds a directory that is missing, and
writes under FTS5 drop the collection's directory for that reason; an FTS5 search of a collection whose oldest or
newest part has no FTS5 row refuses with IndexBackendChanged rather than answer as if nothing matched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from nonla.collections.terms import with_other_placements

BACKENDS = ("tantivy", "fts5")
# Field weights of the tantivy index (chosen on the tuning half of evaluation/legal_search.py): body 1, title and
# context (law title, chapter and section headings) less, so a long title cannot outweigh the body.
BOOST_TITLE, BOOST_CONTEXT = 0.5, 0.3


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
            clauses.append("lower(p.issuer) IN (lower(:issuer), lower(:issuer_new))")
            params["issuer"], params["issuer_new"] = issuer_spellings(self.issuer)
        if self.year:
            clauses.append("p.year = :year")
            params["year"] = self.year
        if self.in_force_on:
            clauses.append(
                "(p.effective_from IS NULL OR p.effective_from <= :on) AND (p.effective_to IS NULL OR p.effective_to > :on)"
            )
            params["on"] = self.in_force_on
        return "".join(f" AND {c}" for c in clauses), params


def issuer_spellings(issuer: str) -> tuple[str, str]:
    """The issuer in the old and the new tone placement: a header may write "Uỷ ban" where the ids' issuers and
    most documents write "Ủy ban", and a filter in either spelling names the same body.

    >>> issuer_spellings("Uỷ ban Thường vụ Quốc hội")
    ('Ủy ban Thường vụ Quốc hội', 'Uỷ ban Thường vụ Quốc hội')
    """
    from nonla.functions.vi.tone_marks import set_tone_style

    return set_tone_style(issuer, "old"), set_tone_style(issuer, "new")


class PartTerms(NamedTuple):
    """The index terms of one part (terms.index_terms of its body, title and context)."""

    part_id: int
    words: str
    plain: str
    title_words: str
    title_plain: str
    context_words: str = ""
    context_plain: str = ""


def backend(s: Session) -> str:
    """'postgres', or on SQLite 'tantivy' (default) or 'fts5' (NONLA_BM25=fts5)."""
    if s.get_bind().dialect.name != "sqlite":
        return "postgres"
    chosen = os.environ.get("NONLA_BM25", "tantivy").strip().lower() or "tantivy"
    if chosen not in BACKENDS:
        from nonla.core.errors import InvalidInput

        raise InvalidInput(f"NONLA_BM25={chosen} is not a BM25 backend.", hint="Use 'tantivy' (default) or 'fts5'.")
    return chosen


def _fts_query(terms: list[str]) -> str:
    return " OR ".join('"' + t.replace('"', "") + '"' for t in terms)


class Bm25:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.kind = backend(session)

    @staticmethod
    def _forget(collection_id: int) -> None:
        from nonla.collections import bm25_postgres

        bm25_postgres.forget(collection_id)

    def _tantivy(self, collection_id: int) -> object:
        from nonla.collections.bm25_tantivy import TantivyIndex

        return TantivyIndex(collection_id)

    @staticmethod
    def _outdate_tantivy(collection_id: int) -> None:
        """A change made under FTS5 leaves the collection's tantivy directory behind the store: without it, a
        process back on tantivy rebuilds the directory from the store instead of missing these parts."""
        from nonla.collections.bm25_tantivy import TantivyIndex

        TantivyIndex(collection_id).drop()

    def _check_fts5_holds(self, collection_id: int) -> None:
        """Refuse when the collection's oldest or newest part has no FTS5 row: those parts were indexed by tantivy,
        and an FTS5 search would miss them without a word. Every write under either backend deletes its parts'
        FTS5 rows, so a part the FTS5 table holds is one that is still in the collection."""
        ends = self.s.execute(text("SELECT min(id), max(id) FROM parts WHERE collection_id = :c"),
                              {"c": collection_id}).one()  # fmt: skip
        if ends[0] is None:
            return
        for part_id in dict.fromkeys(ends):
            if self.s.scalar(text("SELECT 1 FROM parts_fts WHERE rowid = :p"), {"p": part_id}) is None:
                raise _backend_changed(self.s, collection_id, built="tantivy", now="fts5")

    def add(self, collection_id: int, rows: list[PartTerms]) -> None:
        """Store the terms of these (flushed) parts in their rows and index them."""
        if not rows:
            return
        values = self.store(rows)
        if self.kind == "postgres":
            self._forget(collection_id)
        elif self.kind == "fts5":
            self.s.execute(text("INSERT INTO parts_fts(rowid, words, plain, title_words, title_plain) "
                                "VALUES (:part_id, :words, :plain, :title_words, :title_plain)"), values)  # fmt: skip
            self._outdate_tantivy(collection_id)
        elif self.kind == "tantivy":
            self._tantivy(collection_id).add(self.s, [row.part_id for row in rows])  # type: ignore[attr-defined]

    def store(self, rows: list[PartTerms]) -> list[dict[str, object]]:
        """Write the terms into the parts' rows (the source every index is built from)."""
        values = [row._asdict() for row in rows]
        self.s.execute(text("UPDATE parts SET words = :words, plain = :plain, title_words = :title_words, "
                            "title_plain = :title_plain, context_words = :context_words, "
                            "context_plain = :context_plain WHERE id = :part_id"), values)  # fmt: skip
        return values

    def delete(self, collection_id: int, part_ids: list[int]) -> None:
        """Before the rows go: an index entry without its part is skipped by search, never the reverse."""
        self.delete_rows(part_ids)
        self.unindex(collection_id, part_ids)

    def delete_rows(self, part_ids: list[int]) -> None:
        """The parts' FTS5 rows, in the transaction that deletes the parts (they commit or roll back together)."""
        if self.kind == "postgres":  # its index is a column of the rows themselves
            return
        for start in range(0, len(part_ids), 500):  # the FTS5 table too: it may hold rows from before a switch
            chunk = part_ids[start : start + 500]
            self.s.execute(text(f"DELETE FROM parts_fts WHERE rowid IN ({','.join(map(str, chunk))})"))

    def unindex(self, collection_id: int, part_ids: list[int]) -> None:
        """The parts' entries in what lives outside the database's transaction: tantivy's directory, or the
        cached statistics of PostgreSQL's ranking."""
        if self.kind == "postgres":
            self._forget(collection_id)
            return
        if not part_ids:
            return
        if self.kind == "tantivy":
            self._tantivy(collection_id).remove(self.s, part_ids)  # type: ignore[attr-defined]
        else:
            self._outdate_tantivy(collection_id)

    def restore(self, collection_id: int, part_ids: list[int]) -> None:
        """Index again parts whose rows a rolled-back transaction brought back. Only tantivy lives outside the
        database: the FTS5 and PostgreSQL entries came back with the rollback."""
        if self.kind == "tantivy" and part_ids:
            self._tantivy(collection_id).add(self.s, part_ids)  # type: ignore[attr-defined]

    def drop(self, collection_id: int) -> None:
        """Forget the whole collection (its parts are about to be deleted)."""
        if self.kind == "postgres":
            self._forget(collection_id)
            return
        self.s.execute(text("DELETE FROM parts_fts WHERE rowid IN (SELECT id FROM parts WHERE collection_id = :c)"),
                       {"c": collection_id})  # fmt: skip
        from nonla.collections.bm25_tantivy import TantivyIndex

        TantivyIndex(collection_id).drop()

    def rebuild(self, collection_id: int) -> int:
        """Rebuild the collection's index from the term columns; returns the number of parts indexed."""
        if self.kind == "tantivy":
            return int(self._tantivy(collection_id).rebuild(self.s))  # type: ignore[attr-defined]
        if self.kind == "postgres":
            self._forget(collection_id)
        if self.kind == "fts5":
            params = {"c": collection_id}
            self.s.execute(text("DELETE FROM parts_fts WHERE rowid IN (SELECT id FROM parts WHERE collection_id = :c)"),
                           params)  # fmt: skip
            self.s.execute(text("INSERT INTO parts_fts(rowid, words, plain, title_words, title_plain) "
                                "SELECT id, coalesce(words, ''), coalesce(plain, ''), coalesce(title_words, ''), "
                                "coalesce(title_plain, '') FROM parts WHERE collection_id = :c"), params)  # fmt: skip
            self.s.execute(text("INSERT INTO parts_fts(parts_fts) VALUES ('optimize')"))  # no delete markers left
        count = self.s.scalar(text("SELECT count(*) FROM parts WHERE collection_id = :c"), {"c": collection_id})
        return int(count or 0)

    def search(
        self, collection_id: int, terms: list[str], plain: bool, k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        if not plain:  # a part indexed before terms had one tone placement may hold the other
            terms = with_other_placements(terms)
        if self.kind == "tantivy":
            suffix = "plain" if plain else "words"
            boosts = {suffix: 1.0, f"title_{suffix}": BOOST_TITLE, f"context_{suffix}": BOOST_CONTEXT}
            return self._tantivy_search(collection_id, terms, plain, k, filters, boosts)
        where, params = filters.sql()
        params |= {"c": collection_id, "k": k}
        if self.kind == "fts5":
            self._check_fts5_holds(collection_id)
            columns = "plain title_plain" if plain else "words title_words"
            weights = "0, 1, 0, 3" if plain else "1, 0, 3, 0"  # a match in the title counts three times
            params["q"] = f"{{{columns}}} : ({_fts_query(terms)})"
            sql = (f"SELECT p.id, -bm25(parts_fts, {weights}) AS score FROM parts_fts JOIN parts p ON p.id = parts_fts.rowid "
                   f"WHERE parts_fts MATCH :q AND p.collection_id = :c{where} ORDER BY bm25(parts_fts, {weights}) LIMIT :k")  # fmt: skip
        else:
            from nonla.collections import bm25_postgres

            return bm25_postgres.search(self.s, collection_id, terms, plain, k, filters,
                                        (1.0, BOOST_TITLE, BOOST_CONTEXT))  # fmt: skip
        return [(int(row[0]), float(row[1])) for row in self.s.execute(text(sql), params)]

    def _tantivy_search(self, collection_id: int, terms: list[str], plain: bool, k: int, filters: Filters,
                        boosts: dict[str, float]) -> list[tuple[int, float]]:  # fmt: skip
        """tantivy's best k entries that are parts of the collection in the store now. Its directory commits
        before the store does, so a writer killed in between leaves entries of parts that never were (or of a
        delete, parts that are gone): those are skipped, and tantivy is asked further until k parts are found or
        it has no more."""
        index = self._tantivy(collection_id)
        asked = k
        while True:
            found = index.search(self.s, terms, plain, asked, filters, boosts)  # type: ignore[attr-defined]
            live = live_parts(self.s, collection_id, [part_id for part_id, _ in found], filters)
            kept = [(part_id, score) for part_id, score in found if part_id in live]
            if len(kept) >= k or len(found) < asked:
                return kept[:k]
            asked *= 2


def live_parts(s: Session, collection_id: int, part_ids: list[int], filters: Filters | None = None) -> set[int]:
    """Those of these ids that are parts of the collection in the store (and pass the filters): what an index
    outside the database may answer is only ever read through this."""
    where, params = (filters or Filters()).sql()
    live: set[int] = set()
    for start in range(0, len(part_ids), 500):
        chunk = ",".join(str(int(p)) for p in part_ids[start : start + 500])
        live.update(s.scalars(text(f"SELECT p.id FROM parts p WHERE p.id IN ({chunk}) AND p.collection_id = :c{where}"),
                              {**params, "c": collection_id}))  # fmt: skip
    return live


def _backend_changed(s: Session, collection_id: int, built: str, now: str) -> Exception:
    from nonla.core.errors import IndexBackendChanged

    name = s.scalar(text("SELECT name FROM collections WHERE id = :c"), {"c": collection_id}) or "NAME"
    return IndexBackendChanged(
        f"The keyword index of collection '{name}' was built with {built}; the server now uses {now} "
        f"(NONLA_BM25={now}).",
        hint=f"Run `nonla collections reindex {name}` to build the {now} index, or set NONLA_BM25 back.",
        collection=name,
        built_with=built,
        now_uses=now,
    )

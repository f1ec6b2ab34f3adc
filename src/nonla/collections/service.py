"""Collections as users see them: create, add documents, ingest files and folders, delete — every index kept in step.

Re-adding the same content is a no-op (sha256 of the text); a changed document under the same id replaces the old
one; deleting a document removes its parts from the store and, once that has committed, from the indexes beside it
(Leaving), whose files that still hold its words are then rewritten (nonla.collections.purge).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from nonla.collections.bm25 import Bm25, PartTerms
from nonla.collections.chunking import draft
from nonla.collections.document_check import checked
from nonla.collections.extract import MAX_FILE_BYTES, SUFFIXES, extract
from nonla.collections.purge import purge
from nonla.collections.terms import context_of, index_terms, segmented
from nonla.collections.vectors import index_for
from nonla.core.errors import Conflict, InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.governance import incidents  # noqa: F401  (suspensions hold for the functions indexing calls)
from nonla.governance.audit import append
from nonla.governance.review import subject_forms
from nonla.store.db import session
from nonla.store.schema import Collection, Document, Part

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


def collection_row(s: Session, name: str, tenant: str) -> Collection:
    found = s.scalar(select(Collection).where(Collection.name == name, Collection.tenant == tenant))
    if found is None:
        raise NotFound(
            f"There is no collection named '{name}'.", hint="Create it first: nonla collections create NAME."
        )
    return found


def create(name: str, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    if not NAME.match(name):
        raise InvalidInput(
            f"'{name}' is not a valid collection name.", hint="Use lower-case letters, digits, '-' and '_'."
        )
    with session(write=True) as s:
        if s.scalar(select(Collection).where(Collection.name == name, Collection.tenant == tenant)):
            raise Conflict(f"A collection named '{name}' already exists.", hint="Pick another name or add to it.")
        row = Collection(name=name, tenant=tenant, created_at=utc_now())
        s.add(row)
        s.flush()
        # SQLite reuses a deleted collection's id: a vector file an embedding job wrote after that deletion must
        # not become this collection's
        index_for(s, row.id).drop()
        append(s, Changed(actor=actor, action="collection.create", target=name))
    return {"name": name, "documents": 0}


def list_collections(tenant: str = "default") -> list[dict[str, Any]]:
    with session() as s:
        rows = s.scalars(select(Collection).where(Collection.tenant == tenant).order_by(Collection.name)).all()
        return [{"name": c.name, "created_at": c.created_at,
                 "documents": len(s.scalars(select(Document.id).where(Document.collection_id == c.id)).all())} for c in rows]  # fmt: skip


class Leaving:
    """Index entries of the parts a transaction deletes, removed from the indexes outside the database (tantivy's
    directory, the usearch file) once it has committed. Those indexes commit on their own: emptied before the
    store's commit, a process killed in between left the document in the store but missing from every search until
    a reindex; emptied after, it leaves entries of parts that are gone, which search skips (bm25.live_parts) and the
    next reindex drops. A transaction that fails has taken nothing out, so there is nothing to put back."""

    def __init__(self) -> None:
        self.items: list[tuple[int, list[int]]] = []

    def remove(self) -> None:
        """Run after the commit; a failure here leaves the delete done and only skipped entries behind."""
        if not self.items:
            return
        try:
            with session(write=True) as s:
                s.execute(select(1))  # the store's write lock before tantivy's file lock, as every writer takes them
                for collection_id, part_ids in self.items:
                    Bm25(s).unindex(collection_id, part_ids)
                    index_for(s, collection_id).remove(part_ids)
        except (OperationalError, OSError) as exc:
            log.warning("index entries of deleted parts stay until `nonla collections reindex` (%s)", exc)


def _remove_document(s: Session, doc: Document, *, leaving: Leaving | None, actor: str = "local",
                     knowledge: bool = True) -> set[str]:  # fmt: skip
    """Remove a document's rows; with ``knowledge``, also the knowledge-base entries that rested on its articles
    alone (_drop_knowledge). Returns its parts' keys, for a caller that drops those entries later.

    Its entries in the index files outside the database are left for ``leaving.remove()`` after the commit, so a
    rolled-back removal keeps them; ``leaving`` None is a whole collection going, which drops its indexes at once."""
    rows = s.execute(select(Part.id, Part.key).where(Part.document_id == doc.id)).all()
    part_ids, keys = [r[0] for r in rows], {r[1] for r in rows}
    if leaving is not None:
        Bm25(s).delete_rows(part_ids)
        leaving.items.append((doc.collection_id, part_ids))
    s.execute(delete(Part).where(Part.document_id == doc.id))
    s.delete(doc)
    if knowledge:
        _drop_knowledge(s, doc.collection_id, keys, doc.key, actor)
    return keys


def _drop_knowledge(s: Session, collection_id: int, gone: set[str], document: str, actor: str) -> None:
    """Delete and audit the knowledge-base entries citing only articles that left with a document (``gone``, its
    parts' keys): their answers quote its text (after a replacement, only articles the new text lacks count)."""
    from nonla.collections.knowledge import drop_orphans  # circular import

    dropped = drop_orphans(s, collection_id, gone)
    if not dropped:
        return
    name = s.get_one(Collection, collection_id).name
    for key, sources in dropped:
        append(s, Changed(actor=actor, action="kb.delete", target=f"{name}/{key}",
                          detail={"document": document, "sources": sources}))  # fmt: skip


def add(name: str, documents: Iterable[dict[str, Any]], tenant: str = "default", progress: Progress | None = None,
        actor: str = "local", purge_replaced: bool = True) -> dict[str, int]:  # fmt: skip
    """Add documents ({"id"?, "text", "title"?, "metadata"?, "subject_id"?}); returns counts. The old text of a
    replaced document is purged from the index files at the end, unless the caller purges once for many calls.

    Every document is checked before the first is stored: a call refused for one bad document stores none of them
    (each document is then stored in a transaction of its own, so a store failure half-way keeps those before it)."""
    docs = [checked(number, item) for number, item in enumerate(documents, 1)]
    counts = {"added": 0, "unchanged": 0, "replaced": 0, "parts": 0}
    for number, item in enumerate(docs, 1):
        _add_one(name, item, tenant, counts, actor)
        if progress:
            progress(number, len(docs))
    if counts["replaced"] and purge_replaced:
        _purge(name, tenant)
    return counts


def _purge(name: str, tenant: str) -> dict[str, int]:
    with session() as s:
        collection_id = collection_row(s, name, tenant).id
    return purge({collection_id})


def _add_one(name: str, item: dict[str, Any], tenant: str, counts: dict[str, int], actor: str) -> None:
    text = item["text"]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    doc = draft(text, key=item.get("id"), title=item.get("title", ""), meta=item.get("metadata") or {})
    # Outside the write transaction: segmentation takes time. Bodies, titles, then each distinct context once.
    contexts = [context_of(doc.meta.get("title") or doc.title, p.meta) for p in doc.parts]
    distinct = list(dict.fromkeys(contexts))
    segments = segmented([p.text for p in doc.parts] + [p.title for p in doc.parts] + distinct)
    n = len(doc.parts)
    words, titles = segments[:n], segments[n : 2 * n]
    context_terms = {c: index_terms(w) for c, w in zip(distinct, segments[2 * n :], strict=True)}
    subject = item["subject_id"]  # checked and trimmed with the rest of the document (document_check)
    leaving = Leaving()  # the replaced document's index entries, removed once the new text has committed
    replacing = False
    with session(write=True) as s:
        collection = collection_row(s, name, tenant)
        query = select(Document).where(Document.collection_id == collection.id, Document.sha256 == digest)
        named = bool(item.get("id"))  # the same text under another id is another document; without one, a copy
        if named:
            query = query.where(Document.key == doc.key)
        same = s.scalar(query)
        if same is not None and (not named or _described_alike(same, doc)):
            _tag_subject(s, same, subject, name, actor)
            counts["unchanged"] += 1
            return
        old = s.scalar(select(Document).where(Document.collection_id == collection.id, Document.key == doc.key))
        if old is not None:
            replacing = True
            gone = _remove_document(s, old, knowledge=False, leaving=leaving)  # the new text may keep its articles
            s.flush()
        _insert(s, collection.id, name, item, doc, digest, subject, (words, titles, contexts, context_terms),
                counts, actor, replacing)  # fmt: skip
        if replacing:
            _drop_knowledge(s, collection.id, gone, doc.key, actor)
    leaving.remove()
    counts["replaced" if replacing else "added"] += 1


def _described_alike(row: Document, doc: Any) -> bool:
    """Same title and metadata: a corrected year or expiry date under the same text is a change to store."""
    as_stored = json.loads(json.dumps(doc.meta, default=str))  # what the JSON column gives back
    return bool(row.title == doc.title and (row.meta or {}) == as_stored)


def _insert(s: Session, collection_id: int, name: str, item: dict[str, Any], doc: Any, digest: str,
            subject: str | None, terms: tuple[Any, ...], counts: dict[str, int], actor: str, replacing: bool) -> None:
    """The document's row, its parts' rows and their BM25 entries, and the audit row, in the caller's transaction."""  # fmt: skip
    words, titles, contexts, context_terms = terms
    meta = doc.meta
    row = Document(collection_id=collection_id, key=doc.key, sha256=digest, title=doc.title, kind=doc.kind,
                   source=str(item.get("source", "")), text=item["text"], meta=meta, subject_id=subject,
                   created_at=utc_now())  # fmt: skip
    s.add(row)
    s.flush()
    parts = [Part(document_id=row.id, collection_id=collection_id, key=p.key, kind=p.kind, title=p.title, text=p.text,
                  meta=p.meta, doc_type=meta.get("doc_type"), issuer=meta.get("issuer"), year=meta.get("year"),
                  # no effective date read: in force from its issue, never before (a text unknown then is None)
                  effective_from=meta.get("effective") or meta.get("issued"), effective_to=meta.get("expired"))
             for p in doc.parts]  # fmt: skip
    s.add_all(parts)
    s.flush()
    Bm25(s).add(collection_id, [PartTerms(p.id, *index_terms(w), *index_terms(t), *context_terms[c])
                                for p, w, t, c in zip(parts, words, titles, contexts, strict=True)])  # fmt: skip
    counts["parts"] += len(parts)
    append(s, Changed(actor=actor, action="document.add", target=f"{name}/{doc.key}",
                      detail={"sha256": digest, "parts": len(parts), "replaced": replacing}))  # fmt: skip


def _tag_subject(s: Session, doc: Document, subject: str | None, name: str, actor: str) -> None:
    """The same text added again for a data subject: an untagged document takes the tag, so the subject's export
    and erase find it; one tagged for another subject is refused rather than left out of this subject's."""
    if subject is None or doc.subject_id in subject_forms(subject):  # stored in any form an older server wrote
        return
    if doc.subject_id is not None:
        raise Conflict(f"Collection '{name}' already holds this text as document '{doc.key}', tagged with another "
                       "data subject.", hint="A document carries one data subject: add this person's copy under its "
                       "own id with its own text, or erase the other subject first.")  # fmt: skip
    doc.subject_id = subject
    append(s, Changed(actor=actor, action="document.subject", target=f"{name}/{doc.key}"))


def ingest(name: str, path: str | Path, tenant: str = "default", progress: Progress | None = None,
           actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Ingest one file or every supported file under a folder (the file name, without suffix, is the default id).

    One file that cannot be read is an error. In a folder such a file, or one that would take the id of a file
    before it, is skipped and listed under 'skipped' with the reason, and the others go in: one damaged file among
    thousands should not stop the rest, and ingesting the folder again once it is fixed leaves the rest unchanged.
    """
    root = Path(path)
    if not root.exists():
        raise NotFound(f"There is no file or folder at {root}.")
    if not root.is_dir():
        return {**ingest_files(name, [(root, root.name)], tenant, actor), "skipped": []}
    with session() as s:
        collection_row(s, name, tenant)  # before reading any file
    unreadable: list[dict[str, str]] = []
    files = _files_under(root, unreadable)
    counts: dict[str, Any] = {"added": 0, "unchanged": 0, "replaced": 0, "parts": 0, "files": len(files),
                              "scanned_pages": 0, "skipped": unreadable}  # fmt: skip
    owners: dict[str, tuple[str, str]] = {}  # document id -> (file, digest of its text)
    for number, file in enumerate(files, 1):
        shown = printable(str(file.relative_to(root)))
        try:
            item, scanned = _document(file, shown)
            counts["scanned_pages"] += scanned
            if item is not None:
                _claim(owners, item, shown)
            elif not scanned:  # an empty file: said, not silently counted as ingested
                counts["skipped"].append({"file": shown, "error": f"{shown} holds no text."})
        except (NonlaError, OSError, UnicodeError) as err:  # unreadable, a clash, OCR not installed: the rest go on
            opened = f"{shown} cannot be opened ({getattr(err, 'strerror', None) or 'unreadable'})."
            counts["skipped"].append({"file": shown, "error": err.message if isinstance(err, NonlaError) else opened})
            item = None
        if item is not None:
            result = add(name, [item], tenant, actor=actor, purge_replaced=False)
            for key in ("added", "unchanged", "replaced", "parts"):
                counts[key] += result[key]
        if progress:
            progress(number, len(files))
    if counts["replaced"]:
        _purge(name, tenant)
    return counts


def _files_under(root: Path, unreadable: list[dict[str, str]]) -> list[Path]:
    """The supported files under ``root``, sorted; a folder that cannot be listed goes into ``unreadable`` (a plain
    rglob passes over it without a word, and its files would silently be missing)."""
    import os

    def refused(err: OSError) -> None:
        shown = printable(os.path.relpath(err.filename, root) if err.filename else str(root))
        unreadable.append({"file": shown, "error": f"{shown} cannot be opened ({err.strerror or 'unreadable'})."})

    found = []
    for folder, _, names in os.walk(root, onerror=refused):
        for file in (Path(folder) / n for n in names if Path(n).suffix.lower() in SUFFIXES):
            shown = printable(str(file.relative_to(root)))
            reason = _not_readable(file, root)
            if reason:
                unreadable.append({"file": shown, "error": f"{shown} {reason}"})
            else:
                found.append(file)
    unreadable.sort(key=lambda skip: skip["file"])
    return sorted(found)


def _not_readable(file: Path, root: Path) -> str | None:
    """Why a listed file is not read (None: it is read). Only plain files inside the folder: a link to /etc/passwd
    would store a file the folder's owner never put there, a link to /dev/zero never ends, a FIFO blocks forever."""
    import os
    import stat

    try:
        if file.is_symlink() and not file.resolve().is_relative_to(root.resolve()):
            return "is a link to a file outside the folder and was not read."
        info = os.stat(file)
    except (OSError, RuntimeError) as err:  # a dangling link or a loop of links
        return f"cannot be opened ({getattr(err, 'strerror', None) or 'a broken link'})."
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, pipe or socket) and was not read."
    if info.st_size > MAX_FILE_BYTES:
        return f"has {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}."
    return None


def ingest_files(name: str, files: Sequence[tuple[Path, str]], tenant: str = "default",
                 actor: str = "local", uploaded: bool = False) -> dict[str, int]:  # fmt: skip
    """Ingest the files of one request ((path, the name its sender knows it by)), all or nothing: every file is
    read and checked, and their document ids compared, before any is stored, so a file that cannot be read or two
    files that would be one document store nothing, and the error names them. ``uploaded``: the paths are the
    server's temporary copies, so a document's source is the name it was sent by."""
    with session() as s:
        collection_row(s, name, tenant)  # a 404 before reading any file
    items: list[dict[str, Any]] = []
    problems: list[tuple[str, InvalidInput]] = []
    owners: dict[str, tuple[str, str]] = {}
    unread = 0
    for file, shown in files:
        try:
            item, scanned = _document(file, shown, shown if uploaded else None)
            unread += scanned
            if item is not None:
                _claim(owners, item, shown)
                items.append(item)
            elif not scanned:  # an empty file sent on its own was "ingested" with nothing added and no word said
                raise InvalidInput(f"{shown} holds no text.", hint="Send the file that holds the document's text.")
        except InvalidInput as err:
            problems.append((shown, err))
    if problems:
        raise _refusal(problems, len(files))
    return {**add(name, items, tenant, actor=actor), "files": len(files), "scanned_pages": unread}


def _document(file: Path, shown: str, source: str | None = None) -> tuple[dict[str, Any] | None, int]:
    """The document a file holds, checked as add() will (None when it holds no text), and its pages left unread."""
    extracted = extract(file)
    if not extracted.text.strip():
        return None, len(extracted.scanned_pages)
    # an uploaded file is named by what its sender called it, never by the server's shortened temporary copy
    title = Path(source).stem if source else file.stem
    item = {"text": extracted.text, "source": printable(source or str(file)), "title": printable(title)}
    try:
        item = checked(1, item)
    except InvalidInput as err:  # its message counts documents; here there are files
        err.message = f"{shown}: {err.message.replace('Document 1', 'the text')}"
        raise
    return item, len(extracted.scanned_pages)


def printable(name: str) -> str:
    """A file name as it can be stored and shown: bytes of a path that are not UTF-8 (a folder copied from an old
    Windows disk or a zip written in Windows-1258) are written as escapes instead of lone surrogates.

    >>> printable("Lu\\udce2t/cu-tru.txt"), printable("Luật.txt")
    ('Lu\\\\xe2t/cu-tru.txt', 'Luật.txt')
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system byte stands for
        return name.encode("utf-8", "replace").decode("utf-8")


def _claim(owners: dict[str, tuple[str, str]], item: dict[str, Any], shown: str) -> None:
    """Refuse a second file with the id of an earlier one (one would silently replace the other); a copy of the
    same text is harmless: it is stored once."""
    key = draft(item["text"], title=item["title"]).key
    digest = hashlib.sha256(item["text"].encode("utf-8", "surrogatepass")).hexdigest()
    first = owners.setdefault(key, (shown, digest))
    if first[1] != digest:
        raise InvalidInput(f"{first[0]} and {shown} would both be stored as document '{key}', and the second "
                           "would replace the first.", hint="Leave one out or rename it: a file's name without its "
                           "extension is its document id (a legal text's id is its number, số hiệu).")  # fmt: skip


def _refusal(problems: list[tuple[str, InvalidInput]], sent: int) -> InvalidInput:
    nothing = " Nothing from this request was stored." if sent > 1 else ""
    if len(problems) == 1:
        err = problems[0][1]
        err.message += nothing
        return err
    names = ", ".join(shown for shown, _ in problems[:5])
    if len(problems) > 5:
        names += f" and {len(problems) - 5} more"
    return InvalidInput(f"{len(problems)} of {sent} files cannot be stored: {names}.{nothing}",
                        hint="Fix or leave out those files and send the request again; 'details' says what is wrong "
                        "with each.", files=[{"file": shown, "code": err.code, "message": err.message, "hint": err.hint}
                                             for shown, err in problems])  # fmt: skip


def delete_document(name: str, key: str, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """{'deleted': key, 'purge_pending': whether its words wait in a large index's files for a reindex}."""
    leaving = Leaving()  # a delete that does not commit leaves the document in the store and in every index
    with session(write=True) as s:
        collection = collection_row(s, name, tenant)
        doc = s.scalar(select(Document).where(Document.collection_id == collection.id, Document.key == key))
        if doc is None:
            raise NotFound(f"Collection '{name}' has no document '{key}'.")
        append(s, Changed(actor=actor, action="document.delete", target=f"{name}/{key}"))
        _remove_document(s, doc, actor=actor, leaving=leaving)  # and the answers quoting it alone (kb.delete rows)
        collection_id = collection.id
    leaving.remove()
    return {"deleted": key, "purge_pending": bool(purge({collection_id})["pending"])}


def delete_collection(name: str, tenant: str = "default", actor: str = "local") -> None:
    with session(write=True) as s:
        collection = collection_row(s, name, tenant)
        Bm25(s).drop(collection.id)
        for doc in s.scalars(select(Document).where(Document.collection_id == collection.id)).all():
            _remove_document(s, doc, leaving=None, knowledge=False)  # drop_entries takes them all below
        from nonla.collections.knowledge import drop_entries  # its answered questions go with it (circular import)

        drop_entries(s, collection.id)
        index_for(s, collection.id).drop()
        s.delete(collection)
        append(s, Changed(actor=actor, action="collection.delete", target=name))
    purge(set())  # its indexes are gone; the FTS5 tables and the log still hold its words

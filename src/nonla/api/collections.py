"""/v1/collections: create, list, add documents, upload files, delete, search and embed.

Searching runs what legal.search runs, embedding runs text.embed and reading a scan (an image, a PDF's pages without
text) runs vision.ocr, so a key needs those in its scopes too."""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import require
from nonla.api.jobs import MAX_UPLOAD_BYTES, UploadTooLarge
from nonla.collections import service
from nonla.collections.bm25 import Filters
from nonla.collections.extract import IMAGE_SUFFIXES, MAX_FILE_BYTES, MAX_TEXT_CHARS, SUFFIXES
from nonla.collections.search import search as search_parts
from nonla.core.errors import InvalidInput
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/collections", tags=["collections"])
log = logging.getLogger("nonla.api")


class NewCollection(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class NewDocument(BaseModel):
    id: str | None = Field(None, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)
    subject_id: str | None = Field(None, max_length=200, description="The data subject the document is about (trimmed).")


class NewDocuments(BaseModel):
    documents: list[NewDocument] = Field(min_length=1, max_length=1000)


@router.get("")
def list_collections(who: Principal = Depends(require("collections.read"))) -> dict[str, Any]:
    return {"collections": service.list_collections(who.tenant)}


@router.post("", status_code=201)
def create_collection(body: NewCollection, who: Principal = Depends(require("collections.write"))) -> dict[str, Any]:
    return service.create(body.name, who.tenant, actor=who.actor)


@router.delete("/{name}")
def delete_collection(name: str, who: Principal = Depends(require("collections.write"))) -> dict[str, Any]:
    service.delete_collection(name, who.tenant, actor=who.actor)
    return {"deleted": name}


@router.post("/{name}/documents")
async def add_documents(
    name: str, body: NewDocuments, who: Principal = Depends(require("collections.write"))
) -> dict[str, int]:
    docs = [d.model_dump() for d in body.documents]
    return await run_in_threadpool(service.add, name, docs, who.tenant, None, who.actor)


MAX_NAME_BYTES = 240


def _shortened(filename: str) -> str:
    """A name the file system takes for the temporary copy, still telling two long names apart."""
    suffix, digest = Path(filename).suffix[:16], hashlib.sha256(filename.encode("utf-8", "surrogatepass")).hexdigest()
    stem = Path(filename).stem.encode("utf-8")[: MAX_NAME_BYTES - 40].decode("utf-8", "ignore")
    return f"{stem}-{digest[:12]}{suffix}"


@router.post("/{name}/files")
async def upload_files(
    name: str, files: list[UploadFile] = File(...), who: Principal = Depends(require("collections.write"))
) -> dict[str, int]:
    """Store the files as documents, all or nothing: a file that cannot be read, or two files that would be one
    document (a.txt twice, x/c.txt and y/c.txt, b.txt and b.md), is a 4xx naming them and nothing is stored."""
    sent_names = [_cleaned(upload.filename or "upload") for upload in files]
    if any(Path(sent).suffix.lower() in (".pdf", *IMAGE_SUFFIXES) for sent in sent_names):
        who.require_scope("vision.ocr")  # a scan is read by vision.ocr: a key scoped away from it may not have it run
    with tempfile.TemporaryDirectory() as tmp:
        saved: list[tuple[Path, str]] = []
        room = MAX_UPLOAD_BYTES  # all the files of one request together
        for number, (upload, sent) in enumerate(zip(files, sent_names, strict=True)):
            filename = Path(sent).name
            if len(filename.encode("utf-8")) > MAX_NAME_BYTES:  # the file system's limit is 255 bytes
                filename = _shortened(filename)
            if Path(filename).suffix.lower() not in SUFFIXES:
                raise InvalidInput(
                    f"{sent}: this type of file cannot be ingested.", hint=f"Use one of: {', '.join(SUFFIXES)}."
                )
            # a folder of its own: two files of one name must not overwrite each other before they are compared
            path = Path(tmp) / str(number) / filename
            path.parent.mkdir()
            room -= await _save(upload, path, sent, min(MAX_FILE_BYTES, room))
            saved.append((path, sent))
        return await run_in_threadpool(service.ingest_files, name, saved, who.tenant, who.actor, uploaded=True)


def _cleaned(sent: str) -> str:
    """The name a file was sent by, without control characters (a NUL cannot be in a path, nor a line break in a
    title); the document's title and id are taken from it.

    >>> _cleaned("a\\x00b.txt"), _cleaned("Luật\\nCư trú.txt")
    ('ab.txt', 'LuậtCư trú.txt')
    """
    kept = "".join(char for char in sent if unicodedata.category(char) != "Cc")
    return kept if Path(kept).stem else "upload" + Path(kept).suffix


async def _save(upload: UploadFile, path: Path, sent: str, limit: int) -> int:
    """Copy one upload a chunk at a time, refused as soon as it passes the limit (never held whole in memory);
    its size."""
    written = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise UploadTooLarge(f"{sent} is larger than the limit of {limit:,} bytes.", limit=limit,
                                     hint="Split the document into smaller files, or ask the operator to raise "
                                     "NONLA_MAX_UPLOAD_BYTES when the request's files together pass it.")  # fmt: skip
            out.write(chunk)
    return written


def _day(value: str | None) -> str | None:
    """A date that exists: the pattern alone lets 2024-02-30 and 2024-13-45 through, to match nothing or anything."""
    if value is not None:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"in_force_on: {value} is not a date that exists.", field="in_force_on",
                               hint="Write the date as YYYY-MM-DD, for example 2024-02-29.") from None  # fmt: skip
    return value


def _nfc(value: str | None) -> str | None:
    """The stored values are NFC: a filter typed in decomposed form (NFD, as macOS sends it) must match them."""
    return unicodedata.normalize("NFC", value) if value is not None else None


@router.delete("/{name}/documents/{document_id:path}")
def delete_document(
    name: str, document_id: str, who: Principal = Depends(require("collections.write"))
) -> dict[str, Any]:
    return service.delete_document(name, document_id, who.tenant, actor=who.actor)


@router.get("/{name}/search")
def search(
    name: str,
    q: str = Query(..., min_length=1, max_length=2000),
    k: int = Query(10, ge=1, le=100),
    doc_type: str | None = None,
    issuer: str | None = None,
    year: int | None = Query(None, ge=1, le=9999),
    in_force_on: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    mode: str = Query("hybrid", pattern="^(hybrid|bm25|dense)$"),
    who: Principal = Depends(require("collections.read")),
) -> dict[str, Any]:
    # the search legal.search runs (every mode, BM25 alone too): a key scoped away from it may not have it run here
    who.require_scope("legal.search")
    if not q.strip():  # blank is no query, as nonla.collections.search and the CLI have it
        raise InvalidInput("The query must be 1 to 2,000 characters of text.", field="q")
    filters = Filters(_nfc(doc_type), _nfc(issuer), year, _day(in_force_on))
    hits, used = search_parts(name, q, k, filters, who.tenant, mode=mode)  # type: ignore[arg-type]
    return {"mode": used, "results": [{"id": h.key, "score": round(h.score, 4), "title": h.title, "document": h.document,
                         "snippet": h.text[:300], "metadata": h.metadata} for h in hits]}  # fmt: skip


_embedding: dict[tuple[str, str], threading.Thread] = {}
_embedding_lock = threading.Lock()


@router.post("/{name}/reindex")
def reindex_collection(name: str, who: Principal = Depends(require("collections.write"))) -> dict[str, Any]:
    """Rebuild the collection's keyword (BM25) index from the store."""
    from nonla.collections.reindex import reindex

    return reindex(name, who.tenant)


@router.post("/{name}/embed", status_code=202)
def embed_collection(name: str, who: Principal = Depends(require("collections.write"))) -> dict[str, Any]:
    """Start embedding the parts that have no vector (in the background; poll GET /{name}/vectors)."""
    from nonla.collections.vectors import embed, vector_status

    who.require_scope("text.embed")  # a key scoped away from text.embed may not have it run over a collection
    status = vector_status(name, who.tenant)  # 404 for an unknown collection before anything starts
    with _embedding_lock:
        job = _embedding.get((who.tenant, name))
        running = job is not None and job.is_alive()
        if not running:
            job = threading.Thread(target=_embed_quietly, args=(embed, name, who.tenant), daemon=True)
            _embedding[(who.tenant, name)] = job
            job.start()
    return {"collection": name, "embedding": True, "already_running": running, **status}


def _embed_quietly(embed: Any, name: str, tenant: str) -> None:
    try:
        embed(name, tenant)
    except Exception:  # the next POST retries; what was saved is kept
        log.exception("embedding collection %s failed", name)


@router.get("/{name}/vectors")
def collection_vectors(name: str, who: Principal = Depends(require("collections.read"))) -> dict[str, Any]:
    from nonla.collections.vectors import vector_status

    job = _embedding.get((who.tenant, name))
    return {"collection": name, "embedding": bool(job and job.is_alive()), **vector_status(name, who.tenant)}

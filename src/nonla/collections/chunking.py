"""Turn a document into searchable parts: law articles, judgment parts, or passages of plain text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from nonla.collections.judgments import is_judgment, split_judgment
from nonla.collections.legal_metadata import UNNAMED, slug
from nonla.collections.legal_structure import ARTICLE, parse_legal

PASSAGE_CHARS = 1500


@dataclass
class PartDraft:
    key: str
    kind: str
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocumentDraft:
    key: str
    kind: str  # legal | judgment | text
    title: str
    meta: dict[str, Any]
    parts: list[PartDraft]


def _is_legal(text: str) -> bool:
    return sum(1 for line in text.splitlines()[:400] if ARTICLE.match(line.strip())) >= 2




def passages(text: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """Paragraphs packed into passages of at most ``limit`` characters (a longer paragraph is its own passage)."""
    out: list[str] = []
    current = ""
    for para in (p.strip() for p in re.split(r"\n\s*\n|\n", text)):
        if not para:
            continue
        if current and len(current) + len(para) + 1 > limit:
            out.append(current)
            current = ""
        current = f"{current}\n{para}" if current else para
    if current:
        out.append(current)
    return out


KEY_CHARS = 200  # a document's id (documents.key); its parts' ids add at most "/dieu-N/khoan-N/diem-x"
COLUMN_CHARS = {"doc_type": 40, "issuer": 120}  # the filter columns of parts (store.schema.Part)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def fitting_key(key: str) -> str:
    """An id made from a title, cut to KEY_CHARS with a hash of the whole so two long titles stay apart.

    >>> len(fitting_key("a" * 500)), fitting_key("luat-1-2020-qh14")
    (200, 'luat-1-2020-qh14')
    """
    if len(key) <= KEY_CHARS:
        return key
    return f"{key[: KEY_CHARS - 13]}-{_digest(key)}"


def draft(text: str, key: str | None = None, title: str = "", meta: dict[str, Any] | None = None) -> DocumentDraft:
    """Split a document. ``key`` defaults to the số hiệu slug for legal texts.

    >>> d = draft("Luật số: 1/2020/QH14\\nLUẬT\\nTHỬ\\nĐiều 1. Một\\n1. Khoản một.\\nĐiều 2. Hai\\nNội dung.")
    >>> (d.key, d.kind, [p.key for p in d.parts])
    ('luat-1-2020-qh14', 'legal', ['luat-1-2020-qh14/dieu-1', 'luat-1-2020-qh14/dieu-2'])
    """
    meta = dict(meta or {})
    if _is_legal(text) and not is_judgment(text):  # a judgment quotes articles ("Điều 173. Tội trộm cắp tài sản")
        doc = parse_legal(text, key or "")
        info = {k: v for k, v in doc.metadata.as_dict().items() if v is not None and k != "doc_id"}
        # a header line read as the issuer or type that is longer than any real one is not one
        info = {k: v for k, v in info.items() if not isinstance(v, str) or len(v) <= COLUMN_CHARS.get(k, len(v))}
        meta = {**info, **meta}
        if not key and doc.metadata.doc_id == UNNAMED:  # no số hiệu, no title: two such texts must not share an id
            key = fitting_key(slug(title)) if title else f"{UNNAMED}-{_digest(text)}"
        key = key or fitting_key(doc.metadata.doc_id)
        if key != doc.metadata.doc_id:
            doc = parse_legal(text, key)
        parts = []
        for article in doc.articles():
            part_key = article.id if key == doc.metadata.doc_id else f"{key}/{article.id.split('/', 1)[1]}"
            # a clause's id goes on from its article's as stored (the caller's id, not the số hiệu): results and
            # answers cite "law/dieu-5/khoan-2" beside "law/dieu-5", never another document's id
            inner = [(part_key + u.id[len(article.id):], u.kind, u.start - article.start, u.end - article.start)
                     for u in doc.units if u.id.startswith(article.id + "/")]  # fmt: skip
            parts.append(PartDraft(part_key, "article", f"Điều {article.number}. {article.title}".strip(". "),
                                   article.text, {"path": article.path, "units": inner}))  # fmt: skip
        return DocumentDraft(key, "legal", title or meta.get("title") or key, meta, parts)
    # untitled and without an id: named by its text, so two such documents never replace each other
    key = key or fitting_key(slug(title) if title else "") or f"document-{_digest(text)}"
    if is_judgment(text):
        parts = [PartDraft(p.id, p.part, p.part, p.text) for p in split_judgment(text, key)]
        return DocumentDraft(key, "judgment", title or key, meta, parts)
    chunks = passages(text)
    parts = [
        PartDraft(f"{key}/p{i + 1}" if len(chunks) > 1 else key, "passage", "", chunk) for i, chunk in enumerate(chunks)
    ]
    return DocumentDraft(key, "text", title or key, meta, parts)

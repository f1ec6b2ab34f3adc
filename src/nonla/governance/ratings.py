"""Ratings of legal answers: how helpful people found them, by collection, for the people who keep the law base.

A rating names the answer by its ``answer_id`` (legal.answer's digest) and keeps only a digest of the question unless
the caller opts in to storing its text. Every rating is audited in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator
from sqlalchemy import case, distinct, func, select

from nonla.core.errors import InvalidInput
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.governance.review import check_subject
from nonla.store.db import session
from nonla.store.schema import AnswerRating


class RatingIn(BaseModel):
    """One rating: 1..5 stars, helpful yes/no, or both."""

    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="The answer_id legal.answer returned.")
    # strict: JSON true is not one star, nor "yes" a helpful answer
    rating: StrictInt | None = Field(None, ge=1, le=5)
    helpful: StrictBool | None = None
    comment: str | None = Field(None, max_length=2000)
    collection: str = Field("laws", min_length=1, max_length=100)
    question: str | None = Field(None, max_length=2000, description="Only its digest is kept unless store_question.")
    store_question: bool = Field(False, description="Keep the question's text (the caller consents).")
    subject_id: str | None = Field(None, max_length=200, description="Data subject the comment or question is about.")

    @model_validator(mode="after")
    def _something(self) -> RatingIn:
        if self.rating is None and self.helpful is None:
            raise ValueError("give a rating (1 to 5), helpful (true or false), or both")
        return self


def question_digest(question: str) -> str:
    """SHA-256 of the question with spacing and case evened out, so retyped questions match.

    >>> question_digest("Gia hạn  tạm trú?") == question_digest("gia hạn tạm trú?")
    True
    """
    return hashlib.sha256(" ".join(question.lower().split()).encode("utf-8", "surrogatepass")).hexdigest()


def rate(
    raw: dict[str, Any] | RatingIn, key_id: str, tenant: str = "default", actor: str | None = None
) -> dict[str, Any]:
    """Store one rating and its audit row; returns what was stored (never the question's text)."""
    try:
        item = raw if isinstance(raw, RatingIn) else RatingIn.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in problem["loc"]) or "rating"
        message = re.sub(r"^Value error, ", "", problem["msg"])
        if where == "answer_id":
            message = "this is not an answer id (32 hexadecimal characters, as legal.answer returns it)"
        raise InvalidInput(f"{where}: {message}.", hint="A rating is {answer_id, rating 1-5 and/or helpful}.") from None
    keep = item.question if item.store_question else None
    row = AnswerRating(tenant=tenant, collection=item.collection, answer_id=item.answer_id,
                       question_digest=question_digest(item.question) if item.question else None, question=keep,
                       rating=item.rating, helpful=item.helpful, comment=item.comment, key_id=key_id[:64],
                       subject_id=check_subject(item.subject_id), created_at=utc_now())  # fmt: skip
    from nonla.collections.service import collection_row  # collections import governance

    with session(write=True) as s:
        collection_row(s, item.collection, tenant)  # NotFound: a rating of no collection would skew the report
        s.add(row)
        s.flush()
        append(s, Changed(actor=actor or key_id, action="rating.add", target=item.answer_id,
                          detail={"collection": item.collection, "rating": item.rating, "helpful": item.helpful,
                                  "comment": item.comment is not None, "question_stored": keep is not None}))  # fmt: skip
    return {"id": row.id, "answer_id": row.answer_id, "collection": row.collection, "rating": row.rating,
            "helpful": row.helpful, "question_digest": row.question_digest, "created_at": row.created_at}  # fmt: skip


def _summary(
    ratings: int, answers: int, rated: int, stars: int, voted: int, helpful: int, comments: int
) -> dict[str, Any]:
    """One report line from the counts.

    >>> _summary(3, 2, 2, 9, 1, 1, 0)["mean_rating"], _summary(0, 0, 0, 0, 0, 0, 0)["helpful_share"]
    (4.5, None)
    """
    return {"ratings": ratings, "answers": answers, "rated": rated,
            "mean_rating": round(stars / rated, 2) if rated else None, "voted": voted,
            "helpful_share": round(helpful / voted, 4) if voted else None, "comments": comments}  # fmt: skip


def report(tenant: str = "default", collection: str | None = None) -> dict[str, Any]:
    """Counts, mean rating and share helpful, overall and per collection (aggregated in the database)."""
    r = AnswerRating
    query = select(r.collection, func.count(), func.count(distinct(r.answer_id)), func.count(r.rating),
                   func.coalesce(func.sum(r.rating), 0), func.count(r.helpful),
                   func.sum(case((r.helpful.is_(True), 1), else_=0)), func.count(r.comment))  # fmt: skip
    query = query.where(r.tenant == tenant).group_by(r.collection).order_by(r.collection)
    if collection:
        query = query.where(r.collection == collection)
    with session() as s:
        rows = {name: [int(v or 0) for v in counts] for name, *counts in s.execute(query)}
    totals = [sum(column) for column in zip(*rows.values(), strict=True)] if rows else [0] * 7
    return {**_summary(*totals), "collections": {name: _summary(*counts) for name, counts in rows.items()}}

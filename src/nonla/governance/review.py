"""The human review queue, the same for every function.

The runner hands each call's results to ``queue_results``; when the caller's agency has a policy for the function
(see review_policy.py), the matching results are stored with their input and output (never privacy.pii's reversible
mapping) and wait for a person with the ``review.decide`` permission, who accepts or corrects each. A correction
becomes a training example (review_examples.py). Queueing, every decision and every policy change are audited in
the same transaction.

Where the policy says ``required``, a queued result is held: ``released`` is False and ``releasable`` leaves it out
until a reviewer has acted, so nothing reaches a department first.

>>> released({"status": "pending", "required": True}), released({"status": "pending", "required": False})
(False, True)
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import BigInteger, literal, select
from sqlalchemy.orm import Session

from nonla.core.context import tenant_scope
from nonla.core.errors import Conflict, InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.function import fields_marked
from nonla.core.runner import canonical_digest
from nonla.governance.audit import append
from nonla.governance.call_digest import stored_call_digest
from nonla.governance.revealed import revealed_field, withheld
from nonla.governance.review_policy import confidence_fields, confidence_of, policy_for
from nonla.store.db import session
from nonla.store.schema import ReviewItem, TrainingExample

if TYPE_CHECKING:
    from nonla.core.runner import CallResult

Status = Literal["pending", "accepted", "corrected", "released", "all"]
STATUSES = ("pending", "accepted", "corrected", "released", "all")
MAX_ID = 2**63 - 1  # the store's integers: a larger ``after`` is refused as it is read
_subject: ContextVar[str | None] = ContextVar("nonla_review_subject", default=None)
# (input as kept, output) -> the input to keep instead: a surface that keeps less of an item than the call read
_kept_input: ContextVar[Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] | None] = ContextVar(
    "nonla_review_kept_input", default=None
)
# output -> the output to keep instead (the inbox keeps no house address it does not keep itself)
_kept_output: ContextVar[Callable[[dict[str, Any]], dict[str, Any]] | None] = ContextVar(
    "nonla_review_kept_output", default=None
)
# the batch job a chunk's calls run for: its results are queued only while the job's record stands
_job: ContextVar[str | None] = ContextVar("nonla_review_job", default=None)


def check_subject(value: str | None) -> str | None:
    """A data-subject id as callers send it: trimmed, in NFC (the same name typed on any keyboard is one person), at
    most 200 characters; empty means none.

    >>> check_subject("  cccd-001 "), check_subject(""), check_subject("Nguye\u0302\u0303n A") == "Nguyễn A"
    ('cccd-001', None, True)
    """
    if value is None or not value.strip():
        return None
    subject = unicodedata.normalize("NFC", value.strip())
    if len(subject) > 200:
        raise InvalidInput("A data-subject id has at most 200 characters.", field="subject_id")
    return subject


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def subject_forms(subject: str) -> tuple[str, ...]:
    """Every form one subject id may be stored in, for lookups to match with ``.in_(...)``: NFC, as this nonla
    stores it; NFD and the tone marks apart from the letter (as Vietnamese keyboards type "tổ hợp"), as a server
    older than the store's NFC migration (0021) kept them, still running beside a newer one.

    >>> subject_forms("cccd-001"), [len(f) for f in subject_forms("Ấn")]
    (('cccd-001',), [2, 4, 3])
    """
    nfc = unicodedata.normalize("NFC", subject)
    return tuple(dict.fromkeys((nfc, unicodedata.normalize("NFD", nfc), _tones_apart(nfc))))


def _tones_apart(text: str) -> str:
    """The letters composed with their other marks, each tone mark after its letter (Windows-1258's spelling)."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if letters and unicodedata.combining(char):
            letters[-1] += char
        else:
            letters.append(char)
    return "".join(unicodedata.normalize("NFC", "".join(c for c in letter if c not in TONE_MARKS))
                   + "".join(c for c in letter if c in TONE_MARKS) for letter in letters)  # fmt: skip


@contextmanager
def subject(subject_id: str) -> Iterator[None]:
    """Tag results queued by calls inside the block with a data subject, so their export and erasure find them."""
    token = _subject.set(check_subject(subject_id))
    try:
        yield
    finally:
        _subject.reset(token)


@contextmanager
def keeping(
    shape: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
    shape_output: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Iterator[None]:
    """Results queued by calls inside the block keep ``shape(input, output)`` as their input and, when given,
    ``shape_output(output)`` as their output: the inbox keeps a citizen's words (and house address) masked unless
    they come with a data-subject id, and its review items keep no more than it does."""
    token, output_token = _kept_input.set(shape), _kept_output.set(shape_output)
    try:
        yield
    finally:
        _kept_input.reset(token)
        _kept_output.reset(output_token)


@contextmanager
def for_job(job_id: str | None) -> Iterator[None]:
    """Queue results of calls inside the block only while batch job ``job_id`` has its record: an erasure of the
    job's data subject deletes the record first, so a chunk still running never queues after it. The check is in
    the queue's own write transaction, and writers take turns on both stores (nonla.store.db): an erasure that
    starts while a queue is under way deletes the record after the queue committed, and its review step finds the
    items."""
    token = _job.set(job_id)
    try:
        yield
    finally:
        _job.reset(token)


def _job_stands(s: Session, job_id: str) -> bool:
    from nonla.store.schema_jobs import Job

    return s.scalar(select(Job.id).where(Job.id == job_id)) is not None


def _input(spec_input: type[BaseModel], raw: Any) -> dict[str, Any]:
    """The item as the review queue keeps it: without fields marked ``context_only`` (other people's messages sent
    along for comparison), which are not this person's data and would outlive their own erasure here."""
    item = raw if isinstance(raw, spec_input) else spec_input.model_validate(raw)
    context = fields_marked(spec_input, "context_only")
    return item.model_dump(mode="json", exclude=context or None)


def queue_results(
    call: CallResult, items: Sequence[Any], tenant: str = "default", subject_id: str | None = None
) -> list[dict[str, Any]]:
    """The runner's review hook: queue the results the tenant's policy names; returns {index, id, reason, held}."""
    policy = policy_for(tenant, call.entry.name)
    if policy is None:
        return []
    spec = call.entry.spec
    fields = confidence_fields(spec.output)
    subject_id = check_subject(subject_id) or _subject.get()
    shape, shape_output = _kept_input.get(), _kept_output.get()
    now, queued = utc_now(), []
    for index, result in enumerate(call.results):
        if isinstance(result, NonlaError):
            continue
        confidence = confidence_of(result, fields)
        reason = policy.reason(confidence)
        if reason is None:
            continue
        # never the originals a reversible call got back: the item outlives the call, and its reader corrects
        # what was detected, not which names the placeholders stand for (nonla.governance.revealed)
        output = withheld(result.model_dump(mode="json"), revealed_field(call.entry.name))
        kept = _input(spec.input, items[index])
        output = output if shape_output is None else shape_output(output)
        row = ReviewItem(tenant=tenant, function=call.entry.name, version=call.entry.version,
                         model_sha256=call.event.model_sha256, reason=reason, confidence=confidence,
                         threshold=policy.threshold, required=policy.required, status="pending",
                         input=kept if shape is None else shape(kept, output), output=output,
                         caller=call.event.actor[:64], call_digest=stored_call_digest(call.event.input_digest),
                         subject_id=subject_id, created_at=now)  # fmt: skip
        queued.append((index, row))
    if not queued:
        return []
    job_id = _job.get()
    with session(write=True) as s:
        if job_id is not None and not _job_stands(s, job_id):
            return []  # its subject was erased while the chunk ran: the chunk stops on finding the record gone
        s.add_all([row for _, row in queued])
        s.flush()
        detail = {"tenant": tenant, "ids": [row.id for _, row in queued],
                  "reasons": dict(Counter(row.reason for _, row in queued)), "required": policy.required}  # fmt: skip
        append(s, Changed(actor=call.event.actor, action="review.queue", target=call.entry.ref, detail=detail))
    # held: a required policy keeps the result from the caller until a reviewer acts (nonla.governance.held)
    return [{"index": index, "id": row.id, "reason": row.reason, "held": policy.required} for index, row in queued]


def released(item: ReviewItem | dict[str, Any]) -> bool:
    """May this result go out? Yes once a reviewer acted, or while pending when its policy did not require review."""
    status = item.status if isinstance(item, ReviewItem) else item["status"]
    required = item.required if isinstance(item, ReviewItem) else item["required"]
    return status != "pending" or not required


def view(item: ReviewItem) -> dict[str, Any]:
    """An item as every surface shows it; ``result`` is the output that counts (the correction, once made)."""
    return {"id": item.id, "function": f"{item.function}@{item.version}", "status": item.status,
            "reason": item.reason, "confidence": item.confidence, "threshold": item.threshold,
            "required": bool(item.required), "released": released(item), "input": item.input, "output": item.output,
            "correction": item.correction,
            "result": item.correction if item.status == "corrected" else item.output, "note": item.note,
            "caller": item.caller, "subject_id": item.subject_id, "model_sha256": item.model_sha256,
            "created_at": item.created_at, "decided_by": item.decided_by, "decided_at": item.decided_at}  # fmt: skip


def items(
    status: Status | None = None,
    function: str | None = None,
    tenant: str = "default",
    limit: int = 50,
    after: int = 0,
) -> list[dict[str, Any]]:
    """The tenant's items, oldest first; status 'released' lists the results that may go out now, None or 'all'
    every item."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status}'.", hint=f"Use one of: {', '.join(STATUSES)}.")
    if not 0 <= after <= MAX_ID:
        raise InvalidInput(f"after is an item id, 0 to {MAX_ID}.", field="after", hint="Send the last id you read.")
    # as a bigint: PostgreSQL's ids are 4-byte integers, and any larger ``after`` simply has no item past it
    query = select(ReviewItem).where(ReviewItem.tenant == tenant, ReviewItem.id > literal(after, BigInteger()))
    if status == "released":
        query = query.where((ReviewItem.status != "pending") | ReviewItem.required.is_(False))
    elif status not in (None, "all"):
        query = query.where(ReviewItem.status == status)
    if function:
        query = query.where(ReviewItem.function == function.split("@", 1)[0])
    with session() as s:
        return [view(row) for row in s.scalars(query.order_by(ReviewItem.id).limit(max(1, min(limit, 1000))))]


def pending(function: str | None = None, limit: int = 50, tenant: str = "default") -> list[dict[str, Any]]:
    return items("pending", function, tenant, limit)


def releasable(function: str | None = None, limit: int = 50, tenant: str = "default") -> list[dict[str, Any]]:
    return items("released", function, tenant, limit)


def get(item_id: int, tenant: str = "default") -> dict[str, Any]:
    with session() as s:
        return view(_find(s, item_id, tenant))


def _find(s: Session, item_id: int, tenant: str, lock: bool = False) -> ReviewItem:
    row = s.get(ReviewItem, item_id, with_for_update=lock)
    if row is None or row.tenant != tenant:  # another agency's item does not exist for this one
        raise NotFound(f"There is no review item {item_id}.", hint="List the queue with `nonla review list`.")
    return row


def _validated(ref: str, correction: Any, produced: dict[str, Any], item_input: dict[str, Any]) -> dict[str, Any]:
    from nonla.sources import catalog as surface_catalog

    output = surface_catalog().resolve(ref).spec.output
    hint = f"Send the whole corrected output, as output_schema of GET /v1/functions/{ref} (or nonla describe) shows."
    if not isinstance(correction, dict):
        raise InvalidInput("A correction must be a JSON object: the function's whole output.", hint=hint)
    try:
        fixed = output.model_validate(correction).model_dump(mode="json")
        json.dumps(fixed, allow_nan=False)  # NaN or Infinity would be stored, then break every export of examples
    except ValueError as exc:
        if not isinstance(exc, ValidationError):
            raise InvalidInput("The correction holds NaN or Infinity, which JSON cannot carry.", hint=hint) from None
        first = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "output"
        raise InvalidInput(
            f"The correction is not a valid output of {ref}: field '{field}': {first['msg']}.", hint=hint, field=field
        ) from None
    function, _, version = ref.rpartition("@")
    if function.startswith("custom."):  # a custom classifier's schema takes any label: only its own are right
        from nonla.custom.corrections import check_correction

        check_correction(function, int(version), fixed)
    if function == "civic.triage":  # its schema takes any words: the inbox's rules say which are a triage
        from nonla.inbox.triage_decision import reviewed

        fixed = reviewed(produced, fixed, item_input)
    return fixed


def decide(
    item_id: int,
    accept: bool = False,
    correction: dict[str, Any] | None = None,
    actor: str = "local",
    tenant: str = "default",
    note: str | None = None,
) -> dict[str, Any]:
    """Accept a pending result as it is, or replace it with a correction (stored as a training example)."""
    fixed = checked_decision(item_id, accept, correction, tenant, note)
    with session(write=True) as s:
        return view(record_decision(s, item_id, fixed, actor, tenant, note))


def checked_decision(
    item_id: int, accept: bool, correction: dict[str, Any] | None, tenant: str, note: str | None
) -> dict[str, Any] | None:
    """The correction a decision makes, validated against the item's function (None: it accepts); reads only."""
    if accept == (correction is not None):
        raise InvalidInput(
            "A decision either accepts the result or corrects it.",
            hint='Send {"accept": true}, or {"correction": {...the whole corrected output...}}.',
        )
    if note is not None and len(note) > 2000:
        raise InvalidInput("A note has at most 2,000 characters.", field="note")
    with session() as s:
        found = _find(s, item_id, tenant)
        ref, output, item_input = f"{found.function}@{found.version}", found.output, found.input
    with tenant_scope(tenant):  # the item's function as its agency names it (its own custom model or pipeline)
        return None if correction is None else _validated(ref, correction, output, item_input)


def record_decision(
    s: Session, item_id: int, fixed: dict[str, Any] | None, actor: str, tenant: str, note: str | None
) -> ReviewItem:
    """Record a checked decision in the caller's write transaction: the item, locked, must still be pending.

    The inbox decides a message's item in the transaction that holds the message locked and open (triage_decision)."""
    row = _find(s, item_id, tenant, lock=True)
    if row.status != "pending":
        raise Conflict(f"Review item {item_id} was already {row.status} by {row.decided_by}.")
    ref = f"{row.function}@{row.version}"
    row.status, row.correction, row.note = ("accepted" if fixed is None else "corrected"), fixed, note
    row.decided_by, row.decided_at = actor[:64], utc_now()
    if fixed is not None:
        s.add(TrainingExample(tenant=tenant, function=row.function, version=row.version, input=row.input,
                              output=fixed, original=row.output, review_id=row.id, subject_id=row.subject_id,
                              created_by=actor[:64], created_at=row.decided_at))  # fmt: skip
    final = row.output if fixed is None else fixed
    append(s, Changed(actor=actor, action=f"review.{'accept' if fixed is None else 'correct'}",
                      target=f"review:{row.id}",
                      detail={"tenant": tenant, "function": ref, "reason": row.reason,
                              "output_digest": stored_call_digest(canonical_digest(final), s),
                              "note": note is not None}))  # fmt: skip
    return row


def withdraw(item_ids: Sequence[int], tenant: str, actor: str, reason: str) -> int:
    """Delete pending items whose result went nowhere (the message they were queued for could not be stored), so
    that no item waits for a reviewer on behalf of nothing; audited. Returns how many went."""
    ids = sorted(set(item_ids))
    if not ids:
        return 0
    with session(write=True) as s:
        rows = list(s.scalars(select(ReviewItem).where(ReviewItem.tenant == tenant, ReviewItem.id.in_(ids),
                                                       ReviewItem.status == "pending")))  # fmt: skip
        for row in rows:
            s.delete(row)
        if rows:
            append(s, Changed(actor=actor, action="review.withdraw", target=f"review:{tenant}",
                              detail={"tenant": tenant, "ids": [row.id for row in rows], "reason": reason}))  # fmt: skip
        return len(rows)

"""Submitting citizens' messages: each is triaged by civic.triage through the runner, then stored.

The call goes through an audited runner with the review hook, so the agency's review policy for civic.triage applies
as to any call: a queued result's review item id is kept on the message, and a message whose result a ``required``
policy holds is stored as ``awaiting_review`` (see reviews.py for what happens once a reviewer acts).

What is stored: the redacted text (civic.triage's ``redacted``) for display; the original text and the citizen's
contact only when the message carries a data-subject id, so they can be found, exported and erased with that
person's data. The review queue keeps no more than the inbox does: a message's review item (and a training example
made from it) holds the redacted text, or the original tagged with the subject. A message sent again under the same
id is not stored twice. A chunk that cannot be stored takes its review items with it: none waits for a message
that is not there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from nonla.core.errors import InvalidInput, NonlaError
from nonla.core.events import Changed, utc_now
from nonla.core.runner import Runner, input_error
from nonla.core.strict_json import has_nul
from nonla.core.times import stored_text
from nonla.functions.civic.triage import place_of
from nonla.functions.civic.triage_groups import members
from nonla.governance import review
from nonla.governance.audit import append
from nonla.governance.review import check_subject, released
from nonla.inbox.model import MessageIn, local_day, parse_time
from nonla.inbox.reviews import columns
from nonla.store.db import session
from nonla.store.schema import InboxEvent, InboxMessage, ReviewItem

TRIAGE = "civic.triage@1"  # pinned: the inbox stores its output fields
CHUNK = 64  # messages triaged and stored together: one call, one transaction, one audit row
RECENT_DAYS = 30  # a message is compared for duplicates with the agency's messages of the month before and after it
RECENT_LIMIT = 300  # on each side: a message filed late (a hotline log imported a day on) meets those stored since

Progress = Callable[[int, int], None]


class _Pending:
    """One valid message on its way: its input, when it came, and (once triaged) its result."""

    def __init__(self, index: int, message: MessageIn) -> None:
        self.index, self.message = index, message
        moment = parse_time(message.received_at)
        if moment > datetime.now(UTC) + timedelta(minutes=5):
            raise InvalidInput("received_at is in the future.", hint="Leave it out to use the time of submission.",
                               field="received_at")  # fmt: skip
        self.received = stored_text(moment)
        self.result: dict[str, Any] | None = None
        self.review_id: int | None = None
        self.agency = "default"


def _parse(index: int, raw: Any) -> _Pending:
    try:
        message = raw if isinstance(raw, MessageIn) else MessageIn.model_validate(raw)
    except ValidationError as exc:
        raise input_error(exc) from None
    if has_nul(message.model_dump()):  # PostgreSQL cannot store it, and SQLite should not keep what REST refuses
        raise InvalidInput("The message holds the NUL character (U+0000), which cannot be stored.",
                           hint="Remove NUL characters (a file saved as UTF-16 read as UTF-8 is full of them).")  # fmt: skip
    subject = check_subject(message.subject_id)
    if message.contact and not subject:
        raise InvalidInput("A citizen's contact is personal data: it needs a subject_id.",
                           hint="Send the data-subject id (e.g. the citizen's case number) with the contact, "
                                "so it can be exported or erased; or leave the contact out.", field="contact")  # fmt: skip
    return _Pending(index, message.model_copy(update={"subject_id": subject}))


class _Stored:
    """A stored message a new one may repeat: its id, its (masked) text and its place."""

    def __init__(self, message_id: int, text: str, province: str | None, ward: str | None) -> None:
        self.id, self.text, self.place = message_id, text, (province, ward)


def _days_from(moment: datetime, days: int) -> datetime:
    """``days`` after ``moment`` (before, when negative), kept inside the calendar: a message may be dated in year 1."""
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if days < 0 else datetime.max.replace(tzinfo=UTC)


def _recent(tenant: str, chunk: list[_Pending]) -> list[_Stored]:
    """The duplicates' candidates: the agency's messages received up to RECENT_DAYS days before or after those of
    the chunk, the closest RECENT_LIMIT on each side of its latest one."""
    earliest, latest = min(p.received for p in chunk), max(p.received for p in chunk)
    since = stored_text(_days_from(parse_time(earliest), -RECENT_DAYS))
    until = stored_text(_days_from(parse_time(latest), RECENT_DAYS))
    columns = select(InboxMessage.id, InboxMessage.text, InboxMessage.province, InboxMessage.ward)
    mine = InboxMessage.tenant == tenant
    # ordered by time, then id: the same candidates on both stores
    before = (
        columns.where(mine, InboxMessage.received_at >= since, InboxMessage.received_at <= latest)
        .order_by(InboxMessage.received_at.desc(), InboxMessage.id.desc())
        .limit(RECENT_LIMIT)
    )
    after = (
        columns.where(mine, InboxMessage.received_at > latest, InboxMessage.received_at <= until)
        .order_by(InboxMessage.received_at, InboxMessage.id)
        .limit(RECENT_LIMIT)
    )
    with session() as s:
        return [_Stored(*row) for query in (before, after) for row in s.execute(query)]


def _triage(runner: Runner, chunk: list[_Pending], tenant: str, actor: str, errors: dict[int, NonlaError]) -> None:
    """Triage a chunk in one call per data subject (the review queue tags what it keeps with the subject).

    The agency's own taxonomy is used when it has one; an agency without one gets the default taxonomy. The
    near-duplicates are found afterwards for the whole chunk at once (see _groups): the calls never meet."""
    by_subject: dict[str | None, list[_Pending]] = {}
    for pending in chunk:
        by_subject.setdefault(pending.message.subject_id, []).append(pending)
    agencies = (tenant, "default") if tenant != "default" else ("default",)
    for subject, todo in by_subject.items():
        for agency in agencies:
            items: list[dict[str, Any]] = [
                {"text": p.message.text, "agency": agency, "received_on": local_day(p.received)} for p in todo
            ]
            if subject is None:  # the review queue keeps the masked text and no house address, as the inbox does
                with review.keeping(_masked, without_house):
                    call = runner.call(TRIAGE, items, actor, tenant=tenant, subject_id=subject)
            else:
                call = runner.call(TRIAGE, items, actor, tenant=tenant, subject_id=subject)
            queued = {q["index"]: q["id"] for q in call.review}
            retry = []
            for position, (pending, result) in enumerate(zip(todo, call.results, strict=True)):
                if isinstance(result, NonlaError):
                    if result.code == "unknown_agency" and agency != "default":
                        retry.append(pending)
                    else:
                        errors[pending.index] = result
                    continue
                pending.result, pending.agency = result.model_dump(mode="json"), agency
                pending.review_id = queued.get(position)
            todo = retry
            if not todo:
                break


class _Group:
    """Near-duplicates found for a chunk: its messages among them, and the stored messages they repeat."""

    def __init__(self, pending: list[_Pending], stored: list[int]) -> None:
        self.pending, self.stored = pending, stored


def _groups(chunk: list[_Pending], tenant: str) -> list[_Group]:
    """The near-duplicate groups of a triaged chunk, among its messages and the stored ones around them.

    Compared as civic.triage compares them (its grouping, on the masked texts, split by place), once for the whole
    chunk: messages of different data subjects are triaged in different calls, yet may well repeat each other."""
    triaged = [p for p in chunk if p.result is not None]
    if not triaged:
        return []
    recent = _recent(tenant, triaged)
    texts = [(p.result or {}).get("redacted") or p.message.text for p in triaged]
    places = [place_of((p.result or {}).get("location")) for p in triaged] + [m.place for m in recent]
    found = members(texts, [(str(m.id), m.text) for m in recent], lambda asked: {i: places[i] for i in asked})
    size = len(triaged)
    return [_Group([triaged[i] for i in g if i < size], [recent[i - size].id for i in g if i >= size]) for g in found]


def without_house(result: dict[str, Any]) -> dict[str, Any]:
    """The triage without the house-level part of its place (``location.street``: house number, lane, street),
    which privacy.pii masks in the text as [ADDRESS]: kept only with the original, under a data-subject id. Ward and
    province stay, so the message still reaches the right office.

    >>> without_house({"location": {"street": "nhà số 45 ngõ 12 phố Huế", "ward": "Phường Hai Bà Trưng"}})
    {'location': {'ward': 'Phường Hai Bà Trưng'}}
    """
    location = result.get("location")
    if not isinstance(location, dict) or "street" not in location:
        return result
    return {**result, "location": {k: v for k, v in location.items() if k != "street"}}


def _masked(kept: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    """A review item's input without a subject id: the text as the inbox keeps it (see _store)."""
    return {**kept, "text": output.get("redacted") or kept.get("text")}


def _stored(chunk: list[_Pending], tenant: str, actor: str) -> dict[int, tuple[int, str, bool]]:
    """Store a triaged chunk; a chunk that fails takes its review items with it, then its error goes on."""
    try:
        found = _groups(chunk, tenant)
        try:
            return _store(chunk, tenant, actor, found)
        except IntegrityError:  # another process stored some of these ids meanwhile: keep theirs
            return _store(chunk, tenant, actor, found)
    except BaseException:
        queued = [p.review_id for p in chunk if p.review_id is not None]
        try:
            review.withdraw(queued, tenant, actor, "inbox.submit failed")
        except Exception:  # the store that failed may fail again: the first error is the one to report
            pass
        raise


def _store(chunk: list[_Pending], tenant: str, actor: str, found: list[_Group]) -> dict[int, tuple[int, str, bool]]:
    """Insert the triaged messages not stored yet, in their near-duplicate groups; {index: (id, status, created)}
    for each triaged one."""
    triaged = [p for p in chunk if p.result is not None]
    with session(write=True) as s:
        keys = [p.message.id for p in triaged if p.message.id]
        query = select(InboxMessage).where(InboxMessage.tenant == tenant, InboxMessage.key.in_(keys))
        known = {row.key: row for row in s.scalars(query)}
        review_ids = [p.review_id for p in triaged if p.review_id]
        reviews = {r.id: r for r in s.scalars(select(ReviewItem).where(ReviewItem.id.in_(review_ids)))}
        now = utc_now()
        links: list[tuple[_Pending, InboxMessage, bool]] = []
        for pending in triaged:
            message, result = pending.message, pending.result or {}
            if message.id in known:  # stored before, or earlier in this batch under the same id
                links.append((pending, known[message.id], False))
                continue
            item = reviews.get(pending.review_id) if pending.review_id else None
            held = item is not None and not released(item)
            row = InboxMessage(tenant=tenant, key=message.id, channel=message.channel, received_at=pending.received,
                               received_on=local_day(pending.received), text=result.get("redacted") or message.text,
                               original=message.text if message.subject_id else None,
                               contact=message.contact if message.subject_id else None, subject_id=message.subject_id,
                               agency=pending.agency, **{**columns(result), "duplicate_group": None},
                               triage=result if message.subject_id else without_house(result), review_id=pending.review_id,
                               review_status=None if item is None else item.status,
                               status="awaiting_review" if held else "new", created_by=actor[:64], created_at=now,
                               updated_at=now)  # fmt: skip
            s.add(row)
            if message.id:
                known[message.id] = row
            links.append((pending, row, True))
        s.flush()
        row_of = {id(pending): row for pending, row, _ in links}
        for group in found:
            _join_group(s, tenant, [row_of[id(p)] for p in group.pending if id(p) in row_of], group.stored)
        created = [row for _, row, new in links if new]
        for row in created:
            s.add(InboxEvent(message_id=row.id, tenant=tenant, at=now, actor=actor[:64], action="submit",
                             from_status=None, to_status=row.status,
                             detail={"channel": row.channel, "review_id": row.review_id}))  # fmt: skip
        if created:
            held_count = sum(row.status == "awaiting_review" for row in created)
            append(s, Changed(actor=actor, action="inbox.submit", target=f"inbox:{tenant}",
                              detail={"tenant": tenant, "ids": [row.id for row in created], "held": held_count}))  # fmt: skip
        return {pending.index: (row.id, row.status, new) for pending, row, new in links}


def _join_group(s: Any, tenant: str, rows: list[InboxMessage], stored: list[int]) -> None:
    """Put near-duplicates in one group with the groups of the stored messages among them, named after the group's
    first message (the smallest id).

    A new message may repeat stored messages of different groups (or of none): it joins them all, so the groups do
    not depend on the order the messages came in."""
    everyone = {row.id: row for row in rows}
    for message_id in stored:
        row = s.get(InboxMessage, message_id)
        if row is not None and row.tenant == tenant:
            everyone[row.id] = row
    names = {row.duplicate_group for row in everyone.values() if row.duplicate_group is not None}
    if names:
        query = select(InboxMessage).where(InboxMessage.tenant == tenant, InboxMessage.duplicate_group.in_(names))
        everyone.update((row.id, row) for row in s.scalars(query))
    if len(everyone) < 2:
        return
    name = str(min(everyone))
    for row in everyone.values():
        row.duplicate_group = name


def submit_many(
    messages: Sequence[Any],
    tenant: str = "default",
    actor: str = "local",
    runner: Runner | None = None,
    progress: Progress | None = None,
    raise_errors: bool = False,
) -> list[dict[str, Any]]:
    """Triage and store messages; one result per message, in order: {index, id, key, status, created} or
    {index, key, error}. A message whose id is already in the inbox is not triaged again (created: False).

    With ``raise_errors`` the first message that could not be stored raises its NonlaError instead."""
    if runner is None:
        from nonla.local import runner as local_runner

        runner = local_runner()
    errors: dict[int, NonlaError] = {}
    valid: list[_Pending] = []
    for index, raw in enumerate(messages):
        try:
            valid.append(_parse(index, raw))
        except NonlaError as exc:
            errors[index] = exc
    stored: dict[int, tuple[int, str, bool]] = {}
    stored.update(_already_there(valid, tenant))
    todo = [p for p in valid if p.index not in stored]
    finished = len(messages) - len(todo)
    if progress:
        progress(finished, len(messages))
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        _triage(runner, chunk, tenant, actor, errors)
        stored.update(_stored(chunk, tenant, actor))
        finished += len(chunk)
        if progress:
            progress(finished, len(messages))
    results = []
    for index in range(len(messages)):
        raw = messages[index]
        key = raw.id if isinstance(raw, MessageIn) else raw.get("id") if isinstance(raw, dict) else None
        if index in stored:
            message_id, status, created = stored[index]
            results.append({"index": index, "id": message_id, "key": key, "status": status, "created": created})
        else:
            failure = errors.get(index) or InvalidInput("This message was not stored.")
            if raise_errors:
                raise failure
            results.append({"index": index, "key": key, "error": failure.to_dict()})
    return results


def _already_there(valid: list[_Pending], tenant: str) -> dict[int, tuple[int, str, bool]]:
    """Messages whose id the inbox holds already: nothing to triage (re-running an import is a no-op)."""
    keys = sorted({p.message.id for p in valid if p.message.id})
    found: dict[str, tuple[int, str]] = {}
    with session() as s:
        for start in range(0, len(keys), 500):
            query = select(InboxMessage.key, InboxMessage.id, InboxMessage.status).where(
                InboxMessage.tenant == tenant, InboxMessage.key.in_(keys[start : start + 500]))  # fmt: skip
            found.update({str(key): (message_id, status) for key, message_id, status in s.execute(query)})
    return {p.index: (*found[p.message.id], False) for p in valid if p.message.id in found}

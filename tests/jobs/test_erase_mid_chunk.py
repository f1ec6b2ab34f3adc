"""Erasing a data subject in the middle of one of their job's chunks, with a review policy that queues every result:
wherever in the chunk the erasure lands, no review item and no training example of the subject is left once the
erasure and the job have ended, and the job ends ``erased``.

The erasure is run from inside the chunk (the runner's review hook), so each interleaving is forced, not timed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from job_uploads import kept_upload
from sqlalchemy import func, select

from nonla import review
from nonla.core.errors import NotFound
from nonla.core.events import utc_now
from nonla.governance import audit, subjects
from nonla.jobs import engine, service
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import ReviewItem, TrainingExample

SUBJECT = "cccd-079200005555"


def _upload(count: int) -> Path:
    return kept_upload(count, "Hồ sơ số {i} của công dân tại phường Bến Nghé")


def _left() -> tuple[int, int]:
    """How many review items and training examples the store holds (of anyone: only the job queues any here)."""
    with session() as s:
        return s.scalar(select(func.count()).select_from(ReviewItem)), s.scalar(
            select(func.count()).select_from(TrainingExample)
        )


Hook = Callable[..., list[dict[str, Any]]]


def _erase_in_second_chunk(monkeypatch: pytest.MonkeyPatch, during: Callable[[Hook, tuple[Any, ...]], Any]) -> None:
    """Make the second chunk's review step run ``during(queue, args)`` instead of queueing its results plainly."""
    queue: Hook = runner().review  # type: ignore[assignment]
    calls: list[int] = []

    def hook(*args: Any) -> Any:
        calls.append(1)
        return during(queue, args) if len(calls) == 2 else queue(*args)

    monkeypatch.setattr(runner(), "review", hook)


def _erase() -> None:
    assert subjects.erase(SUBJECT)["erased"]["jobs"] == 1


def _erase_then_queue(queue: Hook, args: tuple[Any, ...]) -> Any:
    """The erasure lands while the chunk computes: the review queue, reached after the erasure returned, finds the
    job's record gone and takes none of the chunk's results."""
    _erase()
    queued = queue(*args)
    assert queued == [] and _left() == (0, 0), "nothing of the subject's was stored after the erasure"
    return queued


def _queue_then_erase(queue: Hook, args: tuple[Any, ...]) -> Any:
    """The erasure lands after the chunk's results were queued, before the chunk checks on its job."""
    queued = queue(*args)
    _erase()
    return queued


@pytest.mark.parametrize("during", [_erase_then_queue, _queue_then_erase], ids=["erased-first", "queued-first"])
def test_a_chunk_that_outlives_its_subjects_erasure_leaves_no_review_item(
    database: str, monkeypatch: pytest.MonkeyPatch, during: Callable[[Hook, tuple[Any, ...]], Any]
) -> None:
    review.set_policy("vi.words", always=True)
    job = service.submit("vi.words", _upload(40), None, workers=1, chunk_size=10, subject_id=SUBJECT)
    _erase_in_second_chunk(monkeypatch, during)
    seen: list[int] = []
    ended = engine.execute(job["id"], progress=lambda state: seen.append(state["done"]))
    assert ended["status"] == "erased", ended
    assert seen == [10], "the first chunk checkpointed; the job stopped in the second"
    assert _left() == (0, 0), "nothing the job queued for the erased subject is left"
    assert subjects.export(SUBJECT)["review_items"] == [] and audit.verify().ok


def test_a_process_killed_right_after_queueing_leaves_nothing_either(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No step comes after the queue: a chunk whose process dies the instant its results are queued (the erasure
    having landed before) leaves nothing, because the queue took nothing."""
    review.set_policy("vi.words", always=True)
    job = service.submit("vi.words", _upload(40), None, workers=1, chunk_size=10, subject_id=SUBJECT)

    class Killed(BaseException):
        pass

    def erase_queue_and_die(queue: Hook, args: tuple[Any, ...]) -> Any:
        _erase()
        queue(*args)
        raise Killed

    _erase_in_second_chunk(monkeypatch, erase_queue_and_die)
    with pytest.raises(Killed):
        engine.execute(job["id"])
    assert _left() == (0, 0)
    assert list(audit.export(action="review.queue"))[-1]["detail"]["ids"] != [], "the first chunk did queue"


def test_the_erasure_waits_for_a_queue_under_way_and_then_deletes_what_it_took(database: str) -> None:
    """The queue checks the job's record in its own write transaction, and writers take turns: an erasure started
    meanwhile deletes the record only after the queue committed, and its review step then finds the items. Checked
    in a separate transaction, the erasure's review step could run before the queue committed, and miss them."""
    import threading

    from nonla.governance.review import _job_stands

    job = service.submit("vi.words", _upload(3), None, workers=1, subject_id=SUBJECT)
    erased: list[dict[str, Any]] = []
    with session(write=True) as s:
        assert _job_stands(s, job["id"])
        eraser = threading.Thread(target=lambda: erased.append(subjects.erase(SUBJECT)))
        eraser.start()
        eraser.join(timeout=1.5)
        assert eraser.is_alive(), "the erasure waited for the queue's transaction"
        s.add(ReviewItem(tenant="default", function="vi.words", version=1, reason="always", status="pending",
                         input={}, output={}, caller="t", subject_id=SUBJECT, created_at=utc_now()))  # fmt: skip
    eraser.join(timeout=60)
    assert erased and erased[0]["erased"]["jobs"] == 1
    assert _left() == (0, 0), "the erasure's review step found the item queued under the lock"


def test_a_chunk_of_a_job_erased_before_it_started_runs_nothing(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    review.set_policy("vi.words", always=True)
    job = service.submit("vi.words", _upload(40), None, workers=1, chunk_size=10, subject_id=SUBJECT)
    ran: list[int] = []
    original = runner().call
    monkeypatch.setattr(runner(), "call", lambda *a, **k: (ran.append(1), original(*a, **k))[1])

    def erase_after_first_chunk(state: dict[str, Any]) -> None:
        if state["done"] == 10:
            _erase()

    assert engine.execute(job["id"], progress=erase_after_first_chunk)["status"] == "erased"
    assert len(ran) == 1, "the chunk after the erasure did not run the function over the subject's items"
    assert _left() == (0, 0)


def test_a_pool_job_erased_while_chunks_are_in_flight_leaves_no_review_item(database: str) -> None:
    """Worker processes run several chunks at once: whichever instant each one is at when the erasure lands (any
    interleaving, so no hook), none leaves an item behind."""
    review.set_policy("vi.words", always=True)
    job = service.submit("vi.words", _upload(200), None, workers=2, chunk_size=10, subject_id=SUBJECT)

    def erase_after_first_chunk(state: dict[str, Any]) -> None:
        if state["done"] == 10:
            _erase()

    assert engine.execute(job["id"], progress=erase_after_first_chunk)["status"] == "erased"
    assert _left() == (0, 0)


def test_the_erasure_deletes_the_jobs_before_the_review_items_and_the_inbox(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other half of the argument: a chunk that found its job's record did so before the erasure deleted it, so
    the review items it queued are there for the erasure's review step, which must therefore come after the jobs."""
    job = service.submit("vi.words", _upload(3), None, workers=1, subject_id=SUBJECT)
    checked: list[str] = []

    def after_the_jobs(step: Callable[[str, str, str], dict[str, int]]) -> Callable[[str, str, str], dict[str, int]]:
        def check(subject: str, tenant: str, actor: str) -> dict[str, int]:
            with pytest.raises(NotFound):
                service.status(job["id"])
            checked.append(step.__name__)
            return step(subject, tenant, actor)

        return check

    for name in ("_erase_inbox", "_erase_review"):
        monkeypatch.setattr(subjects, name, after_the_jobs(getattr(subjects, name)))
    _erase()
    assert sorted(checked) == ["_erase_inbox", "_erase_review"]

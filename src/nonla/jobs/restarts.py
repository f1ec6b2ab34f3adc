"""Which unfinished jobs a starting server runs again, and which it fails instead.

A job with one local worker runs in the server's own process, so an item that makes a native library abort (an
image OpenCV or MediaPipe cannot take) kills the server. Picked up again at every start, that job would kill every
new server within seconds. Each start that finds a job interrupted counts one restart; a checkpoint (a chunk
committed) sets the count back to none. At MAX_RESTARTS in a row the job fails with code ``crashed`` and says
where it stopped; resuming it by hand tries again.
"""

from __future__ import annotations

from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.jobs.service import is_running_somewhere, unfinished
from nonla.store.db import session
from nonla.store.schema_jobs import Job

MAX_RESTARTS = 3


def to_restart() -> list[str]:
    """Ids of the unfinished jobs to run again, oldest first; counts the interrupted ones, failing those at the limit."""
    again = []
    for job_id in unfinished():
        with session(write=True) as s:
            job = s.get(Job, job_id)
            if job is None or job.status not in ("queued", "running"):
                continue
            if job.status == "running" and not is_running_somewhere(job_id):  # its process died mid-run
                job.restarts += 1
                if job.restarts >= MAX_RESTARTS:
                    job.status, job.updated_at = "failed", utc_now()
                    job.failure = {"code": "crashed", "message": (
                        f"The server stopped while running this job {job.restarts} times in a row, each time after "
                        f"item {job.done} of {job.total}: one of the next {job.chunk_size} items may stop it. Resume "
                        "the job to try again, or submit one without those items."),
                        "hint": f"Resume it (`nonla jobs resume {job_id}`, POST /v1/jobs/{job_id}/resume) to try "
                                "again, or submit a job without those items."}  # fmt: skip
                    append(s, Changed(actor="server", action="job.crashed", target=job_id,
                                      detail={"done": job.done, "restarts": job.restarts}))  # fmt: skip
                    continue
        again.append(job_id)
    return again

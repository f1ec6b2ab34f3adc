"""privacy.pii's reversible mapping goes only to a key whose role holds pii.reveal (admin): another key of the agency
reading an admin's batch job gets the results with the mapping empty, and the review queue never stores it."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from sqlalchemy import select

from nonla import review
from nonla.api.app import create_app
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import ReviewItem

ORIGINALS = ("Lò Văn Pấng", "014085066633", "0966 333 444")
ITEM = {"text": "Ông Lò Văn Pấng, CCCD 014085066633, SĐT 0966 333 444", "mode": "pseudonym", "reversible": True}


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def _done_job(app: TestClient, headers: dict[str, str], output_format: str) -> str:
    body = {"function": "privacy.pii", "items": [ITEM, {"text": ""}], "output_format": output_format}
    created = app.post("/v1/jobs", headers=headers, json=body)
    assert created.status_code == 202, created.text
    job_id = str(created.json()["id"])
    for _ in range(600):
        status = app.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if status["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.05)
    assert status["status"] == "done", status
    return job_id


def _outputs(content: bytes, output_format: str) -> list[dict[str, Any] | None]:
    """Each row's output as the file holds it (None for an error row; an empty CSV cell reads as None)."""
    if output_format == "jsonl":
        return [json.loads(line).get("output") for line in content.decode("utf-8").splitlines()]
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        fixed = ("index", "id", "key", "error_code", "error_message")
        return [None if row["error_code"] else {k: v or None for k, v in row.items() if k not in fixed} for row in rows]
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(content)).to_pylist()
    return [None if row["output"] is None else json.loads(row["output"]) for row in table]


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_only_the_admin_reads_the_mapping_in_a_jobs_results(app: TestClient, output_format: str) -> None:
    """A caller key of the agency saw an admin's privacy.pii job and downloaded its results with the mapping."""
    admin, caller = bearer("admin"), bearer("caller")
    job_id = _done_job(app, admin, output_format)
    assert job_id in [job["id"] for job in app.get("/v1/jobs", headers=caller).json()["jobs"]]
    shown = app.get(f"/v1/jobs/{job_id}/results", headers=admin)
    assert shown.status_code == 200, shown.text
    [with_mapping, error] = _outputs(shown.content, output_format)
    assert with_mapping is not None and error is None
    assert all(original in str(with_mapping["mapping"]) for original in ORIGINALS)  # a CSV cell holds it as JSON
    for role in ("caller", "developer"):
        read = app.get(f"/v1/jobs/{job_id}/results", headers=bearer(role))
        assert read.status_code == 200, read.text
        assert read.headers["content-type"] == shown.headers["content-type"]
        assert read.headers["content-disposition"] == shown.headers["content-disposition"]
        [output, error] = _outputs(read.content, output_format)
        assert output is not None and error is None and output["mapping"] is None
        assert output == {**with_mapping, "mapping": None}  # everything else is kept


def test_a_caller_reads_its_own_pii_job_as_before(app: TestClient) -> None:
    """Other jobs, and a caller's job without reversible, are served as written."""
    caller = bearer("caller")
    created = app.post("/v1/jobs", headers=caller, json={"function": "vi.words", "items": [{"text": "Hà Nội"}]})
    job_id = created.json()["id"]
    for _ in range(600):
        if app.get(f"/v1/jobs/{job_id}", headers=caller).json()["status"] == "done":
            break
        time.sleep(0.05)
    read = app.get(f"/v1/jobs/{job_id}/results", headers=caller)
    assert read.status_code == 200 and json.loads(read.text.splitlines()[0])["output"]["words"] == ["Hà Nội"]


def _stored_outputs() -> list[dict[str, Any]]:
    with session() as s:
        return [dict(row.output) for row in s.scalars(select(ReviewItem).order_by(ReviewItem.id))]


def test_the_review_queue_never_stores_the_mapping(app: TestClient) -> None:
    """With privacy.pii always reviewed, an admin's reversible call put the originals in the queue, where a
    reviewer (no pii.reveal) read them."""
    review.set_policy("privacy.pii", always=True, actor="local:admin")
    called = app.post("/v1/functions/privacy.pii", headers=bearer("admin"), json=ITEM)
    assert called.status_code == 200, called.text
    answered = called.json()["output"]
    assert answered["mapping"] and "Lò Văn Pấng" in answered["mapping"].values()  # the caller's own answer has it
    runner().call("privacy.pii", [ITEM], actor="local:test")  # the local operator's calls are queued alike
    listed = app.get("/v1/review", headers=bearer("reviewer"), params={"status": "pending"})
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert len(items) == 2
    for item in items:
        assert item["output"]["mapping"] is None and item["result"]["mapping"] is None
        assert item["output"]["text"] == answered["text"] and item["output"]["entities"] == answered["entities"]
        one = app.get(f"/v1/review/{item['id']}", headers=bearer("reviewer")).json()
        assert one["output"]["mapping"] is None
    stored = _stored_outputs()
    assert len(stored) == 2 and all(output["mapping"] is None for output in stored)
    assert all("Lò Văn Pấng" not in json.dumps(output["text"], ensure_ascii=False) for output in stored)

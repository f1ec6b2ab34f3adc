"""/v1/jobs over REST on both databases: roles and scopes, submit, progress, results, cancel/resume, restart."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.jobs import service

ITEMS = [{"text": f"Tòa án nhân dân tối cao {i}"} for i in range(25)] + [{"text": ""}]


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def wait_done(app: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(600):
        body = app.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if body["status"] in ("done", "failed", "cancelled"):
            return body
        time.sleep(0.05)
    raise AssertionError(body)


def test_submit_poll_download(app: TestClient) -> None:
    caller = bearer("caller")
    created = app.post("/v1/jobs", headers=caller, json={"function": "vi.words", "items": ITEMS, "chunk_size": 10})
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]
    assert "path" not in json.dumps(created.json())  # the server's paths stay on the server
    body = wait_done(app, job_id, caller)
    assert (body["status"], body["done"], body["total"], body["errors"], body["percent"]) == ("done", 26, 26, 1, 100.0)
    assert body["rate"] > 0
    results = app.get(f"/v1/jobs/{job_id}/results", headers=caller)
    assert results.status_code == 200 and results.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in results.text.splitlines()]
    assert [r["index"] for r in rows] == list(range(26))
    assert rows[0]["output"]["words"][:2] == ["Tòa án", "nhân dân"] and rows[25]["error"]["code"] == "empty_text"
    assert [j["id"] for j in app.get("/v1/jobs", headers=caller).json()["jobs"]] == [job_id]
    assert app.get("/v1/jobs", headers=bearer("caller", tenant="other")).json()["jobs"] == []
    assert app.get(f"/v1/jobs/{job_id}", headers=bearer("caller", tenant="other")).status_code == 404


def test_csv_output_and_resume_after_cancel(app: TestClient) -> None:
    developer = bearer("developer")
    job = service.submit("vi.words", _items_file(), None, output_format="csv", workers=1, chunk_size=5)
    service.cancel(job["id"])  # cancelled before the worker picked it up
    assert app.get(f"/v1/jobs/{job['id']}/results", headers=developer).json()["error"]["code"] == "conflict"
    assert app.post(f"/v1/jobs/{job['id']}/cancel", headers=developer).status_code == 409
    resumed = app.post(f"/v1/jobs/{job['id']}/resume", headers=developer)
    assert resumed.status_code == 202, resumed.text
    assert wait_done(app, job["id"], developer)["status"] == "done"
    text = app.get(f"/v1/jobs/{job['id']}/results", headers=developer).text
    assert text.splitlines()[0].startswith("index,id,key,error_code,error_message,words") and len(text.splitlines()) == 27
    assert app.post(f"/v1/jobs/{job['id']}/resume", headers=developer).status_code == 409


def _items_file() -> str:
    path = service.jobs_dir() / "items.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8")
    return str(path)


def test_unfinished_jobs_resume_when_the_server_starts(database: str) -> None:
    job = service.submit("vi.words", _items_file(), None, workers=1, chunk_size=10)  # queued, no server running
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        assert wait_done(client, job["id"], bearer("admin"))["done"] == 26


def test_roles_scopes_and_bad_input(app: TestClient) -> None:
    body = {"function": "vi.words", "items": ITEMS}
    assert app.post("/v1/jobs", json=body).status_code == 401
    for role in ("reviewer", "auditor"):
        assert app.post("/v1/jobs", headers=bearer(role), json=body).status_code == 403
        assert app.get("/v1/jobs", headers=bearer(role)).status_code == 403
    scoped = app.post("/v1/jobs", headers=bearer("caller", scopes=["privacy.*"]), json=body)
    assert scoped.status_code == 403 and "vi.words" in scoped.json()["error"]["message"]
    caller = bearer("caller")
    cases = [
        ({"function": "vi.nothing", "items": ITEMS}, 404, "unknown_function"),
        ({"function": "vi.words"}, 422, "invalid_input"),
        ({"function": "vi.words", "items": []}, 422, "invalid_input"),
        ({"function": "vi.words", "items": ITEMS, "collection": "laws"}, 422, "invalid_input"),
        ({"function": "vi.words", "collection": "nope"}, 404, "not_found"),
        ({"function": "vi.words", "items": ITEMS, "output_format": "xml"}, 422, "invalid_input"),
        ({"function": "vi.words", "items": ITEMS, "chunk_size": 0}, 422, "invalid_input"),
    ]
    for payload, status, code in cases:
        response = app.post("/v1/jobs", headers=caller, json=payload)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), payload
    assert app.get("/v1/jobs/nope", headers=caller).status_code == 404
    assert app.post("/v1/jobs/nope/cancel", headers=caller).status_code == 404


SENTENCES = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Tòa án nhân dân tối cao ban hành nghị quyết mới.",
    "Hôm nay trời mưa rất to, đường phố ngập nước.",
    "Sinh viên đại học đang chuẩn bị cho kỳ thi cuối kỳ.",
    "Thành phố Hồ Chí Minh có dân số đông nhất cả nước.",
    "Chính phủ yêu cầu các bộ, ngành đẩy nhanh giải ngân vốn đầu tư công.",
    "Tôi muốn mua một chiếc xe máy điện.",
    "Quốc hội thông qua luật đất đai sửa đổi.",
    "Bệnh viện Bạch Mai tiếp nhận nhiều bệnh nhân nặng.",
    "Giá xăng dầu tăng nhẹ từ chiều nay.",
    "Doanh nghiệp nhỏ và vừa cần được hỗ trợ vay vốn.",
    "Học sinh tiểu học được nghỉ hè từ tháng sáu.",
    "Người dân phản ánh tình trạng ô nhiễm tiếng ồn.",
    "Ngân hàng Nhà nước điều chỉnh lãi suất điều hành.",
    "Đội tuyển bóng đá Việt Nam giành chiến thắng.",
    "Cà phê sữa đá là thức uống quen thuộc của người Sài Gòn.",
    "Bộ Y tế khuyến cáo người dân tiêm vắc xin đầy đủ.",
    "Nông dân miền Tây thu hoạch lúa vụ đông xuân.",
    "Hợp đồng lao động phải được lập thành văn bản.",
    "Cảm ơn bạn đã đọc bài viết này.",
]


def _upload(app: TestClient, headers: dict[str, str], name: str, content: bytes, **form: Any) -> Any:
    data = {"function": "vi.words", **{k: str(v) for k, v in form.items()}}
    return app.post("/v1/jobs/files", headers=headers, data=data, files={"file": (name, content)})


def _csv_bytes(texts: list[str]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text"])
    writer.writerows([t] for t in texts)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_upload_file_poll_download(app: TestClient, kind: str) -> None:
    caller = bearer("caller")
    if kind == "jsonl":
        content = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in SENTENCES).encode("utf-8")
    else:
        content = _csv_bytes(SENTENCES)
    created = _upload(app, caller, f"cau.{kind}", content, chunk_size=6)
    assert created.status_code == 202, created.text
    body = created.json()
    assert body["input"] == {"format": kind} and "path" not in json.dumps(body) and "uploads" not in json.dumps(body)
    done = wait_done(app, body["id"], caller)
    assert (done["status"], done["done"], done["total"], done["errors"]) == ("done", 20, 20, 0)
    results = app.get(f"/v1/jobs/{body['id']}/results", headers=caller)
    assert results.status_code == 200
    rows = [json.loads(line) for line in results.text.splitlines()]
    assert [r["index"] for r in rows] == list(range(len(SENTENCES)))
    for row, text in zip(rows, SENTENCES, strict=True):  # each result is its own sentence, in order
        assert "".join(row["output"]["words"]).replace(" ", "") == text.replace(" ", "")
    assert rows[0]["output"]["words"][:2] == ["Hà Nội", "là"]
    assert not list((service.jobs_dir() / "uploads").iterdir()), "the uploaded file goes once the job is done"


def test_upload_file_with_named_format_and_csv_output(app: TestClient) -> None:
    caller = bearer("caller")
    content = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in SENTENCES[:5]).encode("utf-8")
    created = _upload(app, caller, "inputs.txt", content, format="jsonl", output_format="csv")
    assert created.status_code == 202, created.text
    assert wait_done(app, created.json()["id"], caller)["status"] == "done"
    text = app.get(f"/v1/jobs/{created.json()['id']}/results", headers=caller).text
    assert text.splitlines()[0].startswith("index,id,key,error_code,error_message,words") and len(text.splitlines()) == 6


def test_upload_file_bad_input(app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.api import jobs as jobs_api

    good = _csv_bytes(SENTENCES[:3])
    assert app.post("/v1/jobs/files", data={"function": "vi.words"}, files={"file": ("a.csv", good)}).status_code == 401
    assert _upload(app, bearer("reviewer"), "a.csv", good).status_code == 403
    scoped = _upload(app, bearer("caller", scopes=["privacy.*"]), "a.csv", good)
    assert scoped.status_code == 403 and "vi.words" in scoped.json()["error"]["message"]
    caller = bearer("caller")
    cases = [
        (app.post("/v1/jobs/files", headers=caller, data={"function": "vi.words"}), 422, "invalid_input"),
        (app.post("/v1/jobs/files", headers=caller, files={"file": ("a.csv", good)}), 422, "invalid_input"),
        (_upload(app, caller, "a.csv", b""), 422, "invalid_input"),
        (_upload(app, caller, "a.txt", good), 422, "invalid_input"),
        (_upload(app, caller, "a.csv", good, format="xml"), 422, "invalid_input"),
        (_upload(app, caller, "a.csv", good, output_format="xml"), 422, "invalid_input"),
        (_upload(app, caller, "a.csv", good, chunk_size=0), 422, "invalid_input"),
        (_upload(app, caller, "a.csv", "text\nHà Nam mùa thu\n".encode("cp1258")), 400, "invalid_utf8"),
        (_upload(app, caller, "a.csv", b'text\n"never closed\x00' + b"x" * 200_000), 422, "invalid_input"),
        (_upload(app, caller, "a.parquet", b"this is not parquet"), 422, "invalid_input"),
        (app.post("/v1/jobs/files", headers=caller, data={"function": "vi.nothing"}, files={"file": ("a.csv", good)}),
         404, "unknown_function"),
    ]  # fmt: skip
    monkeypatch.setattr(jobs_api, "MAX_UPLOAD_BYTES", len(good) - 1)
    cases.append((_upload(app, caller, "a.csv", good), 413, "upload_too_large"))
    for number, (response, status, code) in enumerate(cases):
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), (number, response.text)
        assert str(service.jobs_dir()) not in response.text
    assert list((service.jobs_dir() / "uploads").iterdir()) == []  # rejected uploads leave nothing behind
    assert service.list_jobs() == []


def test_a_key_limited_to_some_functions_sees_only_their_jobs(app: TestClient) -> None:
    admin, limited = bearer("admin"), bearer("caller", scopes=["vi.*"])
    pii = app.post("/v1/jobs", headers=admin, json={"function": "privacy.pii", "items": ITEMS[:3]}).json()["id"]
    words = app.post("/v1/jobs", headers=limited, json={"function": "vi.words", "items": ITEMS[:3]}).json()["id"]
    wait_done(app, pii, admin)
    wait_done(app, words, limited)
    for method, path in (("get", ""), ("get", "/results"), ("post", "/cancel"), ("post", "/resume")):
        response = getattr(app, method)(f"/v1/jobs/{pii}{path}", headers=limited)
        assert response.status_code == 404, (path, response.text)
    assert [j["id"] for j in app.get("/v1/jobs", headers=limited).json()["jobs"]] == [words]
    assert {j["id"] for j in app.get("/v1/jobs", headers=admin).json()["jobs"]} == {pii, words}
    assert app.get("/v1/jobs", params={"status": "bogus"}, headers=admin).status_code == 422


def test_worker_processes_and_schedulers_are_the_servers_to_choose(
    app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    caller = bearer("caller")
    many = app.post("/v1/jobs", headers=caller, json={"function": "vi.words", "items": ITEMS, "workers": 256})
    assert many.status_code == 422 and "worker processes" in many.json()["error"]["message"]
    dial = {"function": "vi.words", "items": ITEMS, "executor": "dask", "scheduler": "tcp://203.0.113.5:8786"}
    assert app.post("/v1/jobs", headers=caller, json=dial).status_code == 403
    assert not service.list_jobs(), "nothing was queued"


def _stored() -> set[str]:
    """Every file and folder under the jobs folder."""
    return {str(path.relative_to(service.jobs_dir())) for path in service.jobs_dir().rglob("*")}


def test_a_refused_job_stores_nothing(app: TestClient) -> None:
    caller = bearer("caller")
    before = _stored()
    body = {"function": "privacy.pii", "items": [{"text": "Lê Văn Khoa, CCCD 079201001234, gọi 0909888777"}]}
    long_subject = app.post("/v1/jobs", headers={**caller, "X-Subject-Id": "c" * 201}, json=body)
    assert long_subject.status_code == 422 and "200 characters" in long_subject.json()["error"]["message"]
    missing = app.post("/v1/jobs", headers=caller, json={"function": "vi.words", "collection": "nope"})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert _stored() - before - {"uploads"} == set(), "no upload, no empty job folder"
    assert service.list_jobs() == []


def test_a_scheduler_that_cannot_be_used_is_refused_before_anything_is_stored(
    app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        down = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    bad = "nonsense://??"
    monkeypatch.setenv("NONLA_DASK_SCHEDULERS", f"{down},{bad}")
    caller = bearer("caller")
    before = _stored()
    for scheduler, status, code in ((down, 503, "scheduler_unavailable"), (bad, 422, "invalid_input")):
        job = {"function": "vi.words", "items": ITEMS, "executor": "dask", "scheduler": scheduler}
        response = app.post("/v1/jobs", headers={**caller, "X-Subject-Id": "cccd-1"}, json=job)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.text
        assert response.json()["error"]["hint"] and scheduler in response.json()["error"]["message"]
    assert _stored() - before - {"uploads"} == set() and service.list_jobs() == []


def test_a_key_that_may_not_run_a_pipelines_steps_does_not_see_its_jobs(app: TestClient) -> None:
    """A pipeline job's results are its steps' output: a key scoped to 'pipeline.*' but not to privacy.pii may
    neither submit a job of a pipeline of privacy.pii nor list, read, cancel or resume one."""
    admin = bearer("admin")
    added = app.post("/v1/pipelines", headers={**admin, "Content-Type": "application/yaml"},
                     content="name: pii_scan\nsteps:\n  - function: privacy.pii\n    inputs: {text: $input.text}\n")  # fmt: skip
    assert added.status_code in (200, 201), added.text
    items = [{"text": "Ông Nguyễn Văn Bình, số điện thoại 0912345678."}]
    job_id = app.post("/v1/jobs", headers=admin, json={"function": "pipeline.pii_scan", "items": items}).json()["id"]
    assert wait_done(app, job_id, admin)["status"] == "done"
    outside, inside = bearer("caller", scopes=["pipeline.*"]), bearer("caller", scopes=["pipeline.*", "privacy.*"])
    assert app.post("/v1/jobs", headers=outside, json={"function": "pipeline.pii_scan", "items": items}).status_code == 403
    assert job_id not in [job["id"] for job in app.get("/v1/jobs", headers=outside).json()["jobs"]]
    for method, path in (("GET", ""), ("GET", "/results"), ("POST", "/cancel"), ("POST", "/resume")):
        answer = app.request(method, f"/v1/jobs/{job_id}{path}", headers=outside)
        assert answer.status_code == 404 and "0912345678" not in answer.text, (path, answer.text[:200])
    assert job_id in [job["id"] for job in app.get("/v1/jobs", headers=inside).json()["jobs"]]
    assert "0912345678" in app.get(f"/v1/jobs/{job_id}/results", headers=inside).text

"""An agency's triage set-up over REST: taxonomy read and replaced (validated, audited), its model trained."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import audit

MESSAGES = Path(__file__).resolve().parents[1] / "data" / "civic" / "messages.jsonl"


def history_csv(path: Path, per_label: int, labels: tuple[str, ...]) -> Path:
    """The first per_label train messages of each label, as an agency's CSV with its own column names."""
    import csv
    import json

    rows = [json.loads(line) for line in MESSAGES.read_text(encoding="utf-8").splitlines()]
    picked = {label: [r["text"] for r in rows if r["split"] == "train" and r["category"] == label][:per_label]
              for label in labels}  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["noi_dung", "linh_vuc"])
        writer.writerows((text, label) for label in labels for text in picked[label])
    return path


def test_taxonomy_and_training_per_agency(app: TestClient, tmp_path: Path) -> None:
    admin, caller = bearer("admin"), bearer("caller")
    shipped = app.get("/v1/civic/agencies/default/taxonomy", headers=caller).json()
    assert shipped["categories"]["health"]["department"] == "Sở Y tế"
    override = {"categories": {"health": {"department": "Sở Y tế thành phố Đà Nẵng"}}}
    assert app.put("/v1/civic/agencies/da-nang/taxonomy", headers=caller, json=override).status_code == 403
    saved = app.put("/v1/civic/agencies/da-nang/taxonomy", headers=admin, json=override)
    assert saved.status_code == 200 and saved.json()["categories"]["health"]["department"].endswith("Đà Nẵng")
    broken = app.put("/v1/civic/agencies/da-nang/taxonomy", headers=admin,
                     json={"categories": {"new_area": {"label": "Mới"}}})  # fmt: skip
    assert broken.status_code == 422 and "new_area" in broken.json()["error"]["message"]
    assert app.get("/v1/civic/agencies/da-nang/taxonomy", headers=caller).json() == saved.json(), "nothing lost"
    assert app.get("/v1/civic/agencies/..%2Fetc/taxonomy", headers=caller).status_code in (404, 422)
    triaged = app.post("/v1/functions/civic.triage", headers=caller,
                       json={"text": "Trạm y tế phường không có thuốc cho trẻ em.", "agency": "da-nang"}).json()  # fmt: skip
    assert triaged["output"]["department"] == "Sở Y tế thành phố Đà Nẵng"
    labels = ("traffic_roads", "health", "education")
    data = history_csv(tmp_path / "history.csv", 8, labels)
    with data.open("rb") as fh:
        trained = app.post("/v1/civic/agencies/da-nang/train", headers=admin, files={"data": ("h.csv", fh)},
                           data={"text_col": "noi_dung", "label_col": "linh_vuc"})  # fmt: skip
    assert trained.status_code == 200, trained.text
    assert trained.json()["labels"] == dict.fromkeys(labels, 8)
    empty = app.post("/v1/civic/agencies/da-nang/train", headers=admin, files={"data": ("h.csv", b"")})
    assert empty.status_code == 422
    actions = [row["action"] for row in audit.export() if row.get("action", "").startswith("civic.")]
    assert actions == ["civic.taxonomy", "civic.train"]


def test_an_agency_sets_up_and_runs_only_its_own_triage(app: TestClient) -> None:
    """so-a's keys neither read nor change so-b's taxonomy, routing table or model, nor triage with them; the
    installation's admins set up any agency, and so-b's auditors see it done."""
    root, a_admin, a_caller = bearer("admin"), bearer("admin", tenant="so-a"), bearer("caller", tenant="so-a")
    b_auditor = bearer("auditor", tenant="so-b")
    override = {"categories": {"health": {"department": "Sở Y tế tỉnh B"}}}
    assert app.put("/v1/civic/agencies/so-b/taxonomy", headers=root, json=override).status_code == 200
    hacked = {"categories": {"health": {"department": "đổi bởi so-a"}}}
    refused = app.put("/v1/civic/agencies/so-b/taxonomy", headers=a_admin, json=hacked)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert app.get("/v1/civic/agencies/so-b/taxonomy", headers=a_caller).status_code == 403
    assert app.post("/v1/civic/agencies/so-b/train", headers=a_admin, files={"data": ("h.csv", b"a,b\n")}).status_code == 403
    message = {"text": "Trạm y tế phường không có thuốc cho trẻ em."}
    assert app.post("/v1/functions/civic.triage", headers=a_caller, json={**message, "agency": "so-b"}).status_code == 403
    assert app.get("/v1/civic/agencies/default/taxonomy", headers=a_caller).status_code == 200
    assert app.put("/v1/civic/agencies/so-a/taxonomy", headers=a_admin, json=hacked).status_code == 200
    own = app.post("/v1/functions/civic.triage", headers=a_caller, json={**message, "agency": "so-a"})
    assert own.status_code == 200 and own.json()["output"]["department"] == "đổi bởi so-a"
    shown = app.get("/v1/civic/agencies/so-b/taxonomy", headers=root).json()
    assert shown["categories"]["health"]["department"] == "Sở Y tế tỉnh B", "nothing of so-b's changed"
    seen = app.get("/v1/audit", headers=b_auditor, params={"action": "civic.taxonomy"}).json()["rows"]
    assert [r["target"] for r in seen] == ["so-b"]


def test_taxonomy_saved_by_many_requests_at_once_is_never_read_half_written(app: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    admin, caller = bearer("admin"), bearer("caller")

    def save(days: int) -> tuple[int, int]:
        answer = app.put("/v1/civic/agencies/so-y-te/taxonomy", headers=admin,
                         json={"categories": {"health": {"deadline_days": days}}})  # fmt: skip
        return answer.status_code, answer.json()["categories"]["health"]["deadline_days"]

    def triage(_: int) -> int:
        return app.post("/v1/functions/civic.triage", headers=caller,
                        json={"text": "Trạm y tế phường đóng cửa", "agency": "so-y-te"}).status_code  # fmt: skip

    with ThreadPoolExecutor(8) as pool:  # saves and calls interleaved
        saving = [pool.submit(save, days) for days in range(1, 33)]
        reading = [pool.submit(triage, i) for i in range(32)]
        saved, read = [f.result() for f in saving], [f.result() for f in reading]
    assert saved == [(200, days) for days in range(1, 33)]  # each answer shows what that request saved
    assert set(read) == {200}


def test_a_date_received_too_late_for_a_deadline_is_a_clear_error(app: TestClient) -> None:
    late = app.post("/v1/functions/civic.triage", headers=bearer("caller"),
                    json={"text": "ổ gà đường Lê Lợi", "received_on": "9999-12-31"})  # fmt: skip
    assert late.status_code == 422 and late.json()["error"]["details"]["field"] == "received_on", late.text

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

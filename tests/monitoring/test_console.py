"""The console's monitoring page through TestClient: menu by role, the table per function, acknowledging an alert
with the CSRF form, and refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from console_session import csrf, sign_in
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.monitoring import alerts
from nonla.sources import catalog


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def test_admin_sees_figures_and_acknowledges(client: TestClient) -> None:
    sign_in(client, "admin")
    assert 'href="/console/monitoring"' in client.get("/console/functions").text
    for text in ("xin chào", "tạm biệt"):
        client.app.state.runner.call("vi.words", [{"text": text}])  # type: ignore[attr-defined]
    version = catalog().resolve("vi.words").version
    [alert] = alerts.raise_alerts("default", "vi.words", version, [("error_rate", 0.2, 0.05)], ("s", "e", 60))
    page = client.get("/console/monitoring")
    assert page.status_code == 200 and "Giám sát" in page.text
    assert f'id="fn-vi.words@{version}"' in page.text and "Có cảnh báo" in page.text
    assert "2 (2 mục)" in page.text
    assert f'id="alert-{alert["id"]}"' in page.text and "Tỉ lệ lỗi" in page.text

    refused = client.post(f"/console/monitoring/alerts/{alert['id']}/ack", data={"csrf": "wrong"})
    assert refused.status_code == 403 and alerts.alerts("default", open_only=True)
    done = client.post(f"/console/monitoring/alerts/{alert['id']}/ack", data={"csrf": csrf(page.text)})
    assert done.status_code == 200 and f"Đã xác nhận cảnh báo {alert['id']}." in done.text
    assert alerts.alerts("default", open_only=True) == [] and "Không có cảnh báo nào đang mở." in done.text


def test_auditor_reads_without_acting_and_caller_is_refused(client: TestClient) -> None:
    alerts.raise_alerts("default", "vi.words", 1, [("error_rate", 0.2, 0.05)], ("s", "e", 60))
    sign_in(client, "auditor")
    page = client.get("/console/monitoring")
    assert page.status_code == 200 and "alert-" in page.text and "/ack" not in page.text
    client.cookies.clear()
    sign_in(client, "caller")
    assert 'href="/console/monitoring"' not in client.get("/console/functions").text
    denied = client.get("/console/monitoring")
    assert denied.status_code == 403 and "Traceback" not in denied.text

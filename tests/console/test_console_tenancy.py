"""The console for several agencies: failed sign-ins are limited per client address (429 with the wait), and the
audit page of an agency's key shows only that agency's rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from console_session import csrf
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.console import signin_limit
from nonla.governance import keys
from nonla.governance.quotas import windows


@pytest.fixture
def make_client(database: str) -> Iterator[object]:
    app, opened = create_app(), []

    def make(address: str) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False, client=(address, 50000))
        opened.append(client.__enter__())
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def attempt(client: TestClient, key: str) -> object:
    page = client.get("/console/signin")
    return client.post("/console/signin", data={"csrf": csrf(page.text), "key": key}, follow_redirects=False)


def test_failed_sign_ins_are_limited_per_address(make_client, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    guesser, colleague = make_client("203.0.113.7"), make_client("198.51.100.2")
    key, _ = keys.create_key("admin", "console admin")
    for _ in range(signin_limit.MAX_FAILURES):
        assert attempt(guesser, "nonla_abc_wrong").status_code == 401
    blocked = attempt(guesser, key)  # even the right key waits: the address is refused before any key is checked
    assert blocked.status_code == 429 and "Traceback" not in blocked.text
    seconds = int(blocked.headers["Retry-After"])
    assert 1 <= seconds <= 60 and f"Hãy đợi {seconds} giây" in blocked.text and "rate_limited" in blocked.text
    assert attempt(colleague, key).status_code == 303  # another address is not affected
    guesser.post("/console/lang", data={"csrf": csrf(guesser.get("/console/signin").text), "lang": "en",
                                        "back": "/console/signin"})  # fmt: skip
    english = attempt(guesser, "nonla_abc_wrong")
    assert english.status_code == 429 and "Too many failed sign-in attempts" in english.text

    later = datetime(2031, 1, 1, 8, 0, 30)  # the next window: the address may try again
    monkeypatch.setattr(signin_limit, "windows", lambda now: windows(later))
    assert attempt(guesser, key).status_code == 303


def test_audit_page_shows_an_agency_only_its_rows(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client("192.0.2.1")
    key_a, record_a = keys.create_key("admin", "a admin", tenant="so-xay-dung")
    key_b, record_b = keys.create_key("admin", "b admin", tenant="so-y-te")
    for key in (key_a, key_b):
        called = client.post("/v1/functions/vi.words", headers={"Authorization": f"Bearer {key}"},
                             json={"text": "xin chào"})  # fmt: skip
        assert called.status_code == 200
    assert attempt(client, key_b).status_code == 303
    page = client.get("/console/audit")
    assert page.status_code == 200 and f"key:{record_b.id}" in page.text and f"key:{record_a.id}" not in page.text


def test_models_page_lists_only_the_agencys_models(make_client) -> None:  # type: ignore[no-untyped-def]
    from nonla import custom
    from nonla.core.context import tenant_scope

    table = "so_tang,muc_do\n" + "".join(f"{n},{'cao' if n > 20 else 'thap'}\n" for n in range(1, 41))  # no repeats
    with tenant_scope("so-xay-dung"):
        custom.train_tabular(table.encode(), name="muc_do_xd", target="muc_do")
    key_a, _ = keys.create_key("admin", "a admin", tenant="so-xay-dung")
    key_b, _ = keys.create_key("admin", "b admin", tenant="so-y-te")
    agency_b, agency_a = make_client("192.0.2.2"), make_client("192.0.2.3")
    assert attempt(agency_b, key_b).status_code == 303 and attempt(agency_a, key_a).status_code == 303
    assert "muc_do_xd" not in agency_b.get("/console/models").text
    assert agency_b.get("/console/models/muc_do_xd/report").status_code == 404
    assert "muc_do_xd" in agency_a.get("/console/models").text


def test_a_hand_edited_audit_row_is_listed_and_named_not_a_500(make_client, database: str) -> None:  # type: ignore[no-untyped-def]
    """An audit row whose detail someone edited by hand is the case the page exists for: it lists the rows and
    its check names the edited one, for the installation and for an agency."""
    from sqlalchemy import text

    from nonla.store.db import session

    installation, _ = keys.create_key("admin", "installation admin")
    agency, _ = keys.create_key("admin", "agency admin", tenant="so-y-te")
    caller = make_client("192.0.2.9")
    for key in (installation, agency):
        called = caller.post("/v1/functions/vi.words", headers={"Authorization": f"Bearer {key}"},
                             json={"text": "xin chào"})  # fmt: skip
        assert called.status_code == 200, called.text
    # SQLite keeps any text; PostgreSQL's JSON column only JSON, so there the detail becomes a string, not an object
    edited = "'{broken'" if database == "sqlite" else "'\"edited by hand\"'"
    with session(write=True) as s:
        s.execute(text(f"UPDATE audit_log SET detail = {edited} WHERE seq = 2"))
    for address, key in (("192.0.2.10", installation), ("192.0.2.11", agency)):
        client = make_client(address)
        assert attempt(client, key).status_code == 303
        assert client.get("/console/audit").status_code == 200
        checked = client.get("/console/audit?verify=1")
        assert checked.status_code == 200 and "row 2" in checked.text, checked.text[-500:]
        listed = client.get("/v1/audit", headers={"Authorization": f"Bearer {key}"})
        assert listed.status_code == 200, listed.text[:300]

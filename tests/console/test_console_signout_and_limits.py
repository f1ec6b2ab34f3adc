"""Limits on the console: a key that used up its quota can still sign out or switch keys, pages refused for a quota
say when to come back (Retry-After, as REST does), and the sign-in limit per address holds against guesses sent in
parallel, on both stores."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from console_session import csrf
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.console import signin_limit
from nonla.console.session import COOKIE
from nonla.governance import keys, quotas


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def sign_in_with(client: TestClient, key: str) -> None:
    form = client.get("/console/signin")
    signed = client.post("/console/signin", data={"csrf": csrf(form.text), "key": key}, follow_redirects=False)
    assert signed.status_code == 303, signed.text[-500:]


def spend_quota(client: TestClient) -> str:
    """Open pages until the key's quota refuses one; that page."""
    for _ in range(5):
        page = client.get("/console/functions")
        if page.status_code == 429:
            return page.text
    raise AssertionError("the quota never refused a page")


def test_a_key_that_used_its_quota_can_still_sign_out(client: TestClient) -> None:
    key, record = keys.create_key("caller", "limited")
    quotas.set_quota(record.id, per_minute=2)
    sign_in_with(client, key)
    refused = spend_quota(client)
    copied = client.cookies.get(COOKIE)
    out = client.post("/console/signout", data={"csrf": csrf(refused)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/console/signin"
    quotas.set_quota(record.id)  # lifted: the copy of the cookie from before signing out must not be live again
    with TestClient(client.app) as other:
        other.cookies.set(COOKIE, copied or "")
        assert other.get("/console/functions", follow_redirects=False).status_code == 303


def test_a_key_that_used_its_quota_can_switch_to_another_key(client: TestClient) -> None:
    key, record = keys.create_key("caller", "limited")
    quotas.set_quota(record.id, per_minute=2)
    sign_in_with(client, key)
    spend_quota(client)
    assert client.get("/console/signin").status_code == 200
    other, _ = keys.create_key("admin", "another")
    sign_in_with(client, other)
    assert client.get("/console/audit").status_code == 200


def test_a_page_refused_for_the_quota_says_when_to_come_back(client: TestClient) -> None:
    key, record = keys.create_key("caller", "limited")
    quotas.set_quota(record.id, per_minute=2)
    sign_in_with(client, key)
    for _ in range(5):
        page = client.get("/console/functions")
        if page.status_code == 429:
            break
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    assert 1 <= int(page.headers["retry-after"]) <= 60


def test_wrong_keys_sent_in_parallel_are_checked_no_more_often_than_the_limit(client: TestClient) -> None:
    token = csrf(client.get("/console/signin").text)
    guesses, start = 24, threading.Barrier(24)
    statuses: list[int] = []

    def guess(i: int) -> None:
        start.wait()
        sent = client.post("/console/signin", data={"csrf": token, "key": f"nonla_000000000000_wrong{i}"})
        statuses.append(sent.status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = Counter(statuses)
    assert counted[401] <= signin_limit.MAX_FAILURES and counted[401] + counted[429] == guesses, counted


def test_attempts_are_taken_one_at_a_time_on_the_store(database: str) -> None:
    start, taken, refused = threading.Barrier(16), [], []

    def attempt() -> None:
        start.wait()
        try:
            taken.append(signin_limit.take("198.51.100.4", "en"))
        except Exception as err:  # noqa: BLE001 - every refusal is kept to be checked below
            refused.append(err)

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == signin_limit.MAX_FAILURES and len(refused) == 16 - signin_limit.MAX_FAILURES
    assert {err.code for err in refused} == {"rate_limited"}  # type: ignore[attr-defined]


def test_signing_in_correctly_does_not_use_up_the_addresss_attempts(client: TestClient) -> None:
    key, _ = keys.create_key("caller", "often used")
    for _ in range(signin_limit.MAX_FAILURES + 2):
        client.cookies.clear()
        sign_in_with(client, key)
    client.cookies.clear()
    token = csrf(client.get("/console/signin").text)
    wrong = [client.post("/console/signin", data={"csrf": token, "key": "nonla_0_wrong"}).status_code
             for _ in range(signin_limit.MAX_FAILURES + 1)]  # fmt: skip
    assert wrong == [401] * signin_limit.MAX_FAILURES + [429]

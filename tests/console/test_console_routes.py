"""The console's routes through TestClient: sign-in, cookie flags, CSRF, menus by role, plain-word errors (4xx,
never a traceback), the playground through the runner (audit + review), inbox, review queue and audit pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_session import csrf, sign_in
from fastapi.testclient import TestClient

from nonla import jobs
from nonla.api.app import create_app
from nonla.console import i18n
from nonla.console.session import COOKIE
from nonla.governance import audit, keys, review_policy

MENU_LABELS = {"functions": "Danh mục chức năng", "legal": "Trợ lý pháp luật", "inbox": "Hộp thư phản ánh",
               "review": "Hàng chờ duyệt", "audit": "Nhật ký kiểm toán"}  # fmt: skip


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


@pytest.fixture
def client_any_db(database: str) -> Iterator[TestClient]:
    """The same, once on SQLite and once on PostgreSQL."""
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def nav(page: str) -> str:
    found = re.search(r'<nav aria-label="[^"]+" class="menu">(.*?)</nav>', page, re.S)
    return found.group(1) if found else ""


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_clears_it(client: TestClient) -> None:
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/console/signin"
    page = client.get("/console/signin")
    assert page.status_code == 200 and "Đăng nhập" in page.text and 'lang="vi"' in page.text
    bad = client.post("/console/signin", data={"csrf": csrf(page.text), "key": "nonla_x_y"})
    assert bad.status_code == 401 and "The API key is not valid." in bad.text and "Traceback" not in bad.text

    key, _ = keys.create_key("admin", "console admin")
    signed = client.post("/console/signin", data={"csrf": csrf(page.text), "key": key, "next": "https://evil.example/"},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303 and signed.headers["location"] == "/console/functions"  # never off-site
    cookie = signed.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert key not in cookie and key.split("_", 2)[2] not in cookie  # the secret never travels in the cookie
    home = client.get("/console/functions")
    assert home.status_code == 200 and "privacy.pii@1" in home.text
    assert (home.headers["cache-control"], home.headers["x-frame-options"]) == ("no-store", "DENY")
    token = csrf(home.text)
    assert token != csrf(page.text)  # a fresh token after sign-in

    out = client.post("/console/signout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/console/signin"
    after = client.get("/console/functions", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/console/signin")


def test_a_sign_in_ends_eight_hours_after_it_however_often_the_cookie_is_rewritten(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from nonla.console import session

    now = [time.time()]
    monkeypatch.setattr(session.time, "time", lambda: now[0])
    token = sign_in(client, "admin")
    for hours in (4, 7):  # each language switch writes the cookie again, with a new issue time
        now[0] += 3600 * (hours - (4 if hours == 7 else 0))
        client.post("/console/lang", data={"csrf": token, "lang": "en", "back": "/console/functions"})
        assert client.get("/console/audit", follow_redirects=False).status_code == 200, hours
    now[0] += 3600 * 2  # nine hours after signing in
    assert client.get("/console/audit", follow_redirects=False).status_code == 303


def test_forms_without_the_session_token_are_rejected(client: TestClient) -> None:
    page = client.get("/console/signin")
    key, _ = keys.create_key("admin", "console admin")
    for data in ({"key": key}, {"key": key, "csrf": "forged"}):
        rejected = client.post("/console/signin", data=data)
        assert rejected.status_code == 403 and "csrf_rejected" in rejected.text
    old = csrf(page.text)
    token = sign_in(client, "admin")
    for path, data in (("/console/functions/vi.words", {"text": "xin chào"}), ("/console/signout", {}),
                       ("/console/lang", {"lang": "en"}), ("/console/inbox/messages", {"text": "Đường hỏng"})):  # fmt: skip
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf": old}).status_code == 403, path  # the pre-sign-in token
    assert client.post("/console/functions/vi.words", data={"text": "xin chào", "csrf": token}).status_code == 200


def test_a_forged_or_revoked_session_is_signed_out(client: TestClient) -> None:
    sign_in(client, "caller")
    value = client.cookies.get(COOKIE)
    assert value
    client.cookies.clear()
    client.cookies.set(COOKIE, value[:-2] + ("00" if not value.endswith("00") else "11"))
    assert client.get("/console/functions", follow_redirects=False).status_code == 303
    key, record = keys.create_key("caller", "soon revoked")
    client.cookies.clear()
    form = client.get("/console/signin")
    client.post("/console/signin", data={"csrf": csrf(form.text), "key": key})
    assert client.get("/console/functions", follow_redirects=False).status_code == 200
    keys.revoke_key(record.id)
    assert client.get("/console/functions", follow_redirects=False).status_code == 303


def test_signing_out_ends_every_copy_of_the_session(client_any_db: TestClient) -> None:
    from sqlalchemy import select

    from nonla.store.db import session as db_session
    from nonla.store.schema_governance import ConsoleSession

    client = client_any_db
    token = sign_in(client, "admin")
    copied = client.cookies.get(COOKIE)
    assert copied
    with db_session() as s:  # the store holds a digest of the sign-in's token, never the token
        digests = s.scalars(select(ConsoleSession.digest)).all()
    assert digests and not any(digest in copied for digest in digests)
    other = TestClient(client.app)
    sign_in(other, "admin")
    client.post("/console/signout", data={"csrf": token}, follow_redirects=False)
    with TestClient(client.app) as thief:  # the cookie as it was before signing out, in another browser
        thief.cookies.set(COOKIE, copied)
        assert thief.get("/console/audit", follow_redirects=False).status_code == 303
    with db_session() as s:
        assert len(s.scalars(select(ConsoleSession.digest)).all()) == len(digests)  # the other one's row
    assert other.get("/console/audit", follow_redirects=False).status_code == 200  # another person's sign-in


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("admin", {"functions", "legal", "inbox", "review", "audit"}, set()),
        ("caller", {"functions", "legal", "inbox"}, {"review", "audit"}),
        ("reviewer", {"functions", "legal", "inbox", "review"}, {"audit"}),
        ("auditor", {"functions", "audit"}, {"legal", "inbox", "review"}),
    ],
)
def test_menus_show_only_what_the_role_may_open(
    client: TestClient, role: str, shown: set[str], hidden: set[str]
) -> None:
    sign_in(client, role)
    menu = nav(client.get("/console/functions").text)
    for page in shown:
        assert MENU_LABELS[page] in menu, page
        assert client.get(f"/console/{page}").status_code == 200, page
    for page in hidden:
        assert MENU_LABELS[page] not in menu, page
        denied = client.get(f"/console/{page}")
        assert denied.status_code == 403 and "forbidden" in denied.text and "Traceback" not in denied.text


def test_playground_runs_through_the_runner_with_labels_and_snippets(client: TestClient) -> None:
    token = sign_in(client, "admin")
    form = client.get("/console/functions/privacy.pii")
    assert form.status_code == 200 and '<textarea id="f-text"' in form.text and '<select id="f-mode"' in form.text
    assert 'type="checkbox" id="f-reversible"' in form.text and "multiple size=" in form.text
    done = client.post("/console/functions/privacy.pii", data={"csrf": token, "text": "Gọi anh Minh số 0912345678",
                                                               "mode": "mask", "types": ["PHONE"]})  # fmt: skip
    assert done.status_code == 200
    assert '<mark class="span" data-type="PHONE">0912345678' in done.text
    assert "Kết quả do AI tạo ra — privacy.pii@1" in done.text
    assert "curl -X POST http://testserver/v1/functions/privacy.pii@1" in done.text and "nonla.Client(" in done.text
    calls = list(audit.export(action="function.call"))
    assert calls and calls[-1]["target"] == "privacy.pii@1" and calls[-1]["actor"].startswith("key:")
    assert audit.verify().ok

    review_policy.set_policy("vi.words", always=True)
    queued = client.post("/console/functions/vi.words", data={"csrf": token, "text": "Hà Nội mùa thu"})
    assert queued.status_code == 200 and "/console/review/" in queued.text
    english = client.post("/console/lang", data={"csrf": token, "lang": "en", "back": "/console/functions/vi.words"},
                          follow_redirects=True)  # fmt: skip
    assert english.status_code == 200 and 'lang="en"' in english.text and "Playground" in english.text
    again = client.post("/console/functions/vi.words", data={"csrf": token, "text": "Hà Nội"})
    assert "AI-generated — vi.words@" in again.text


def test_an_uploaded_photo_comes_back_with_its_faces_boxed(client: TestClient) -> None:
    """Binary inputs (photos, scans, audio, video) are file fields; boxes found are drawn over the photo."""
    import base64

    from nonla.functions.vision.faces_examples import FACE_JPEG

    token = sign_in(client, "admin")
    form = client.get("/console/functions/vision.faces")
    assert 'type="file" id="f-data"' in form.text and 'type="file" id="f-other"' in form.text
    done = client.post("/console/functions/vision.faces", data={"csrf": token, "task": "detect"},
                       files={"data": ("face.jpg", base64.b64decode(FACE_JPEG), "image/jpeg")})  # fmt: skip
    assert done.status_code == 200 and '<figure class="boxed"><svg viewBox="0 0 120 120"' in done.text
    assert done.text.count('class="box"') == 1 and "Kết quả do AI tạo ra — vision.faces@1" in done.text


def test_a_forged_cookie_or_token_with_other_letters_is_refused_not_a_500(client: TestClient) -> None:
    sign_in(client, "admin")
    assert client.post("/console/signout", data={"csrf": "é"}).status_code == 403
    client.cookies.clear()
    forged = client.get("/console/functions", headers={"Cookie": "nonla_console=abc.é".encode()})
    assert forged.status_code < 500 and "Traceback" not in forged.text  # read as no session at all


@pytest.mark.parametrize(
    ("path", "data", "status", "code"),
    [
        ("/console/functions/vi.words", {"text": ""}, 422, "empty_text"),
        ("/console/functions/vi.words", {"text": "x" * 200_001}, 422, "text_too_long"),
        ("/console/functions/text.classify", {"text": "Giá xăng tăng", "labels": "[oops"}, 422, "invalid_input"),
        ("/console/functions/legal.search", {"query": "thuế", "k": "nhiều"}, 422, "invalid_input"),
        ("/console/functions/vi.nothing", {"text": "x"}, 404, "unknown_function"),
        ("/console/inbox/999999/assign", {"department": "Sở Y tế"}, 404, "not_found"),
        ("/console/inbox/1/explode", {}, 422, "invalid_input"),
        ("/console/review/999999", {"decision": "accept"}, 404, "not_found"),
        ("/console/review/1", {"decision": "correct", "correction": "{not json"}, 422, "invalid_input"),
        ("/console/review/1", {"decision": "correct", "correction": "null"}, 422, "invalid_input"),  # not an accept
        ("/console/functions/text.dedupe", {"texts": "[" * 50_000}, 422, "invalid_input"),
        ("/console/functions/text.dedupe", {"texts": "9" * 5000}, 422, "invalid_input"),
        ("/console/functions/text.dedupe", {"texts": '["\\ud800"]'}, 422, "invalid_input"),
        ("/console/legal/ratings", {"answer_id": "nope", "rating": "5"}, 422, "invalid_input"),
    ],
)
def test_bad_input_is_a_plain_4xx_page(client: TestClient, path: str, data: dict[str, str], status: int,
                                       code: str) -> None:  # fmt: skip
    token = sign_in(client, "admin")
    response = client.post(path, data={**data, "csrf": token})
    assert response.status_code == status, response.text[:500]
    assert f"<code>{code}</code>" in response.text and "Traceback" not in response.text
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/console/legal?q=thuế&year=abc",
        "/console/inbox?status=lost",
        "/console/inbox?page=0",
        "/console/inbox/stats?by=colour",
        "/console/review?status=maybe",
        "/console/audit?from=yesterday",
        "/console/inbox/abc",
        "/console/legal/articles/nowhere/dieu-1",
    ],
)
def test_bad_query_is_a_plain_4xx_page(client: TestClient, path: str) -> None:
    sign_in(client, "admin")
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert 'class="error"' in response.text and "Traceback" not in response.text


def test_inbox_review_and_audit_pages(client_any_db: TestClient) -> None:
    client = client_any_db
    token = sign_in(client, "admin")
    review_policy.set_policy("civic.triage", always=True, required=True)
    sent = client.post("/console/inbox/messages", data={"csrf": token, "text": "Cống thoát nước đường Lê Lợi bị tắc, "
                       "nước tràn vào nhà dân.", "channel": "app"}, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    message = client.get(sent.headers["location"])
    assert 'data-status="awaiting_review"' in message.text and "Kết quả do AI tạo ra — civic.triage@1" in message.text
    item = re.search(r'href="/console/review/(\d+)"', message.text)
    assert item
    queue = client.get("/console/review")
    assert f'href="/console/review/{item.group(1)}"' in queue.text
    accepted = client.post(f"/console/review/{item.group(1)}", data={"csrf": token, "decision": "accept"},
                           follow_redirects=False)  # fmt: skip
    assert accepted.status_code == 303
    assert 'data-status="new"' in client.get(sent.headers["location"]).text
    mid = sent.headers["location"].rsplit("/", 1)[1]
    for action, data in (("assign", {"department": "Sở Xây dựng"}), ("answer", {"text": "Đã thông cống."}),
                         ("close", {"reason": "resolved"})):  # fmt: skip
        done = client.post(f"/console/inbox/{mid}/{action}", data={"csrf": token, **data}, follow_redirects=True)
        assert done.status_code == 200, action
    assert 'data-status="closed"' in done.text
    late = client.post(f"/console/inbox/{mid}/answer", data={"csrf": token, "text": "Lại"})
    assert late.status_code == 409 and "conflict" in late.text
    listing = client.get("/console/inbox?status=closed")
    assert f'href="/console/inbox/{mid}"' in listing.text
    stats = client.get("/console/inbox/stats?by=status")
    assert stats.status_code == 200 and "<svg" in stats.text and "<rect" in stats.text

    rows = client.get("/console/audit?action=review&verify=1")
    assert rows.status_code == 200 and i18n.text("vi", "audit.ok") in rows.text and "review.accept" in rows.text
    assert "function.call" not in client.get("/console/audit?action=review").text


def test_static_files_are_served_locally(client: TestClient) -> None:
    assert client.get("/console/static/console.css").headers["content-type"].startswith("text/css")
    assert client.get("/console/static/console.js").status_code == 200
    assert client.get("/console/static/..%2Fweb.py").status_code == 404


def test_models_and_jobs_pages(client: TestClient, tmp_path: Path) -> None:
    sign_in(client, "admin")
    assert "Chưa có mô hình tuỳ chỉnh nào." in client.get("/console/models").text
    assert "Chưa có tác vụ nào." in client.get("/console/jobs").text
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "xin chào"}) + "\n", encoding="utf-8")
    job = jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    page = client.get("/console/jobs")
    assert job["id"][:12] in page.text and "1/1" in page.text and 'http-equiv="refresh"' not in page.text
    sign_in(client, "auditor")
    assert client.get("/console/jobs").status_code == 403
    assert client.get("/console/models").status_code == 200


def test_every_catalogued_function_has_a_playground(client: TestClient) -> None:
    sign_in(client, "developer")
    listing = client.get("/console/functions").text
    names = sorted(set(re.findall(r'href="/console/functions/([a-z0-9_.-]+)"', listing)))
    assert len(names) >= 20
    for name in names:
        page = client.get(f"/console/functions/{name}")
        assert page.status_code == 200, name
        assert "<form" in page.text and "Thẻ mô tả" in page.text, name
        for field_id in re.findall(r'<(?:input|textarea|select)[^>]* id="(f-[^"]+)"', page.text):
            assert f'for="{field_id}"' in page.text, (name, field_id)  # every field has its label


LAWS = ("Bo-Luat-lao-dong-2019-333670", "Bo-luat-hang-hai-Viet-Nam-2015-298374", "Bo-luat-hinh-su-2015-296661")


def law_articles_csv(shared_data: Path, per_law: int = 12) -> bytes:
    """A small, real training file: the first articles of three laws (../shared/data), labelled by law."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "law"])
    for law in LAWS:
        text = (shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{law}.txt").read_text("utf-8")
        starts = [m.start() for m in re.finditer(r"^Điều \d+[a-z]?\.", text, re.M)] + [len(text)]
        bodies = [" ".join(text[a:b].split())[:600] for a, b in zip(starts, starts[1:], strict=False)]
        for body in [b for b in bodies if len(b) > 80][:per_law]:
            writer.writerow([body, law.rsplit("-", 1)[0]])
    return out.getvalue().encode("utf-8")


def stages(page: str) -> dict[str, str]:
    """Version -> stage, as the models table shows them."""
    return dict(re.findall(r'<li>@(\d+) <span class="badge" data-stage="(\w+)">', page))


def test_models_page_promotes_canaries_and_rolls_back(client: TestClient, shared_data: Path) -> None:
    from nonla.custom import show, train_text_classifier

    data = law_articles_csv(shared_data)
    for _ in range(2):
        train_text_classifier(data, name="law_console", text_col="text", label_col="law", features="tfidf", folds=2)
    sign_in(client, "developer")
    page = client.get("/console/models")
    assert page.status_code == 200 and stages(page.text) == {"1": "draft", "2": "draft"}
    assert 'action="/console/models/law_console/promote"' in page.text
    for field_id in re.findall(r'<(?:input|select)[^>]* id="((?:stage|percent)-[^"]+)"', page.text):
        assert f'for="{field_id}"' in page.text, field_id  # every action field has its label
    token = csrf(page.text)

    def act(action: str, **data: str) -> str:
        done = client.post(f"/console/models/law_console/{action}", data={"csrf": token, **data},
                           follow_redirects=False)  # fmt: skip
        assert done.status_code == 303, done.text[:800]
        assert done.headers["location"] == "/console/models#model-law_console"
        return client.get("/console/models").text

    shown = act("promote", version="1", stage="staging")
    assert "Đã chuyển custom.law_console@1 sang giai đoạn Thử nghiệm (staging)." in shown
    assert stages(shown) == {"1": "staging", "2": "draft"}
    assert 'id="done"' not in client.get("/console/models").text  # said once
    assert stages(act("promote", version="1", stage="production"))["1"] == "production"
    assert show("law_console", 1)["stage"] == "production"

    shown = act("canary", version="2", percent="25")
    assert "custom.law_console@2 đang trả lời 25% lượt gọi (canary)." in shown and "canary @2 (25%)" in shown
    assert 'action="/console/models/law_console/stop"' in shown
    questions = [{"text": "Tàu biển Việt Nam phải đăng ký vào Sổ đăng ký tàu biển quốc gia."},
                 {"text": "Người lao động có quyền đơn phương chấm dứt hợp đồng lao động."}] * 4  # fmt: skip
    client.app.state.runner.call("custom.law_console", questions)  # type: ignore[attr-defined]
    report = client.get("/console/models/law_console/report")
    assert report.status_code == 200 and "Báo cáo so sánh" in report.text and 'data-stage="production"' in report.text
    assert '<dd id="report-calls">8</dd>' in report.text and '<th scope="row">@1</th>' in report.text
    assert "mọi lượt gọi do @1 trả lời" in act("stop")
    assert "shadow" in act("shadow", version="2") and show("law_console")["mode"] == "shadow"
    act("stop")

    assert stages(act("promote", version="2", stage="production")) == {"1": "archived", "2": "production"}
    shown = act("rollback")
    assert "Đã quay lại: custom.law_console@1 lại là bản Chính thức (production)." in shown
    assert stages(shown) == {"1": "production", "2": "archived"}
    audit_actions = {row["action"] for row in audit.export()}
    assert {"model.rollout.canary", "model.rollout.stop"} <= audit_actions

    refused = client.post("/console/models/law_console/archive", data={"csrf": token, "version": "1"})
    assert refused.status_code == 409 and "<code>conflict</code>" in refused.text and "is in production" in refused.text
    assert 'action="/console/models/law_console/promote"' in refused.text  # still on the page, forms and all

    third = train_text_classifier(data, name="law_console", text_col="text", label_col="law", features="tfidf",
                                  folds=2)  # fmt: skip
    (third.folder / "model.skops").write_bytes(b"not the trained model")  # its sha256 no longer matches
    refused = client.post("/console/models/law_console/promote", data={"csrf": token, "version": "3"})
    assert refused.status_code == 409 and "<code>promotion_refused</code>" in refused.text
    assert "Các kiểm tra chưa đạt" in refused.text and "<b>schema_round_trip</b>: failed" in refused.text
    assert "Traceback" not in refused.text and show("law_console", 3)["stage"] == "draft"

    english = client.post("/console/lang", data={"csrf": token, "lang": "en", "back": "/console/models"},
                          follow_redirects=True)  # fmt: skip
    assert "Roll back to the previous production version" in english.text and "Comparison report" in english.text


def test_model_actions_need_the_role_and_the_form_token(client: TestClient, shared_data: Path) -> None:
    from nonla.custom import show, train_text_classifier

    train_text_classifier(law_articles_csv(shared_data, 8), name="law_roles", text_col="text", label_col="law",
                          features="tfidf", folds=2)  # fmt: skip
    token = sign_in(client, "caller")
    page = client.get("/console/models")
    assert page.status_code == 200 and "custom.law_roles" in page.text
    assert 'action="/console/models/' not in page.text and "Roll back" not in page.text  # no action forms
    denied = client.post("/console/models/law_roles/promote", data={"csrf": token, "version": "1"})
    assert denied.status_code == 403 and "<code>forbidden</code>" in denied.text
    assert show("law_roles", 1)["stage"] == "draft"

    token = sign_in(client, "admin")
    for data in ({"version": "1"}, {"version": "1", "csrf": "forged"}):
        rejected = client.post("/console/models/law_roles/promote", data=data)
        assert rejected.status_code == 403 and "<code>csrf_rejected</code>" in rejected.text
    assert show("law_roles", 1)["stage"] == "draft"
    for action, data, code in (("promote", {"version": "one"}, "invalid_input"),
                               ("promote", {"version": "1", "stage": "archived"}, "invalid_input"),
                               ("canary", {"version": "1", "percent": "150"}, "invalid_input"),
                               ("canary", {"version": "1", "percent": "lots"}, "invalid_input"),
                               ("archive", {}, "invalid_input"), ("explode", {"version": "1"}, "invalid_input"),
                               ("rollback", {}, "conflict"), ("stop", {}, "conflict")):  # fmt: skip
        response = client.post(f"/console/models/law_roles/{action}", data={"csrf": token, **data})
        assert 400 <= response.status_code < 500, (action, data, response.status_code)
        assert f"<code>{code}</code>" in response.text and "Traceback" not in response.text, (action, data)
    for path in ("/console/models/Bad-Name!/promote", "/console/models/nobody/archive"):
        response = client.post(path, data={"csrf": token, "version": "1"})
        assert 400 <= response.status_code < 500 and "Traceback" not in response.text, path
    assert client.get("/console/models/nobody/report").status_code == 404


def test_a_held_result_is_shown_as_held_not_as_its_output(client: TestClient) -> None:
    from nonla import review

    review.set_policy("vi.words", always=True, required=True)
    token = sign_in(client, "caller")
    page = client.post("/console/functions/vi.words", data={"text": "Tòa án nhân dân tối cao", "csrf": token})
    assert page.status_code == 202, page.text
    assert "Tòa án nhân dân" not in page.text.split('id="result"', 1)[1], "the output waits for the reviewer"
    assert "#" + str(review.pending()[0]["id"]) in page.text


def test_scoped_keys_see_and_change_only_their_models_and_jobs(client: TestClient, shared_data: Path,
                                                               tmp_path: Path) -> None:  # fmt: skip
    """As over REST: a developer key limited to vi.* promoted any custom model from the console, and a caller key
    limited to vi.* listed a privacy.pii job."""
    from nonla.custom import show, train_text_classifier

    train_text_classifier(law_articles_csv(shared_data, 8), name="law_scoped", text_col="text", label_col="law",
                          features="tfidf", folds=2)  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Ông Nguyễn Văn An, SĐT 0912345678"}) + "\n", encoding="utf-8")
    job = jobs.submit("privacy.pii", source, tmp_path / "out.jsonl", workers=1)
    token = sign_in(client, "developer", scopes=["vi.*"])
    assert "custom.law_scoped" not in client.get("/console/models").text
    assert client.get("/console/models/law_scoped/report").status_code == 403
    denied = client.post("/console/models/law_scoped/promote", data={"csrf": token, "version": "1", "stage": "staging"})
    assert denied.status_code == 403 and show("law_scoped", 1)["stage"] == "draft"
    assert job["id"][:12] not in client.get("/console/jobs").text
    token = sign_in(client, "developer", scopes=["custom.law_scoped", "privacy.*"])
    assert "custom.law_scoped" in client.get("/console/models").text and job["id"][:12] in client.get("/console/jobs").text


def test_the_legal_assistant_shows_held_results_as_held(client: TestClient, shared_data: Path) -> None:
    from nonla import review
    from nonla.collections import service

    service.create("laws")
    service.add("laws", [{"id": "luat-thue", "text": "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về thuế thu nhập "
                          "cá nhân và Điều 2 Luật Cư trú."}])  # fmt: skip
    for name in ("legal.search", "legal.answer"):
        review.set_policy(name, always=True, required=True)
    token = sign_in(client, "caller")
    searched = client.get("/console/legal", params={"q": "thuế thu nhập"})
    assert searched.status_code == 202 and 'class="hits"' not in searched.text, searched.text[-2000:]
    answered = client.post("/console/legal/answer", data={"csrf": token, "question": "Luật quy định về thuế gì?"})
    assert answered.status_code == 202 and "<blockquote>" not in answered.text
    held = [item["id"] for item in review.pending()]
    assert len(held) == 2 and all(f"#{i}" in page.text for i, page in zip(held, (searched, answered), strict=True))


def test_console_pages_count_against_the_keys_rate_limit(client: TestClient) -> None:
    from nonla.governance import keys, quotas

    key, record = keys.create_key("caller", "limited")
    quotas.set_quota(record.id, per_minute=3)
    form = client.get("/console/signin")
    client.post("/console/signin", data={"csrf": csrf(form.text), "key": key, "next": "/console/functions"})
    statuses = [client.get("/console/functions").status_code for _ in range(5)]
    assert 429 in statuses and statuses[0] == 200, statuses


def test_a_pipeline_job_shows_only_to_keys_that_cover_its_steps(client: TestClient, tmp_path: Path) -> None:
    """As over REST: a key scoped to 'pipeline.*' but not privacy.pii does not see a pipeline job of privacy.pii."""
    from nonla.jobs import pipeline_store

    pipeline_store.add("name: pii_scan\nsteps:\n  - function: privacy.pii\n    inputs: {text: $input.text}\n")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Ông Nguyễn Văn An, SĐT 0912345678"}) + "\n", encoding="utf-8")
    job = jobs.submit("pipeline.pii_scan", source, tmp_path / "out.jsonl", workers=1)
    sign_in(client, "caller", scopes=["pipeline.*"])
    assert job["id"][:12] not in client.get("/console/jobs").text
    sign_in(client, "caller", scopes=["pipeline.*", "privacy.*"])
    assert job["id"][:12] in client.get("/console/jobs").text


@pytest.mark.parametrize(("method", "path", "referer", "back"), [
    ("POST", "/console/legal/answer", None, "/console/legal"),
    ("POST", "/console/inbox/1/answer", None, "/console/inbox/1"),
    ("POST", "/console/models/demo/promote", None, "/console/models"),
    ("POST", "/console/inbox/1/answer", "http://testserver/console/inbox?status=new", "/console/inbox?status=new"),
    ("POST", "/console/legal/answer", "http://testserver/console/legal/answer", "/console/legal"),  # an answer page
    ("POST", "/console/legal/answer", "https://evil.example/elsewhere", "/console/legal"),
    ("GET", "/console/inbox?status=new", None, "/console/inbox?status=new"),
])  # fmt: skip
def test_signing_in_again_leads_back_to_the_page_not_to_a_form_action(
    client: TestClient, method: str, path: str, referer: str | None, back: str
) -> None:
    from urllib.parse import parse_qs, urlsplit

    token = csrf(client.get("/console/signin").text)  # signed out, as after the session ended
    headers = {"Referer": referer} if referer else {}
    sent = client.request(method, path, data={"csrf": token, "question": "x", "text": "x"} if method == "POST" else None,
                          headers=headers, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303, sent.text[-500:]
    location = urlsplit(sent.headers["location"])
    assert location.path == "/console/signin" and parse_qs(location.query)["next"] == [back]
    key, _ = keys.create_key("admin", "back again")
    form = client.get(sent.headers["location"])
    signed = client.post("/console/signin", data={"csrf": csrf(form.text), "key": key, "next": back},
                         follow_redirects=False)  # fmt: skip
    assert signed.headers["location"] == back
    assert client.get(back).status_code in (200, 404)  # the page itself (inbox message 1 does not exist here)

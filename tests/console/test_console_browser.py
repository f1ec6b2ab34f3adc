"""The console in a real browser: Debian's chromium, driven headless by Playwright, against `nonla serve` on a free
port with a fresh home, three laws and a few inbox messages. Screenshots go to tests/artifacts/console/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "console"
LAWS = ("Luat-68-2020-QH14-cu-tru-435315", "Luat-thue-bao-ve-moi-truong-2010-115247",
        "Luat-quyen-lap-hoi-1957-102-SL-L-004-36792")  # fmt: skip
MESSAGES = [
    '{"id": "demo-1", "text": "Đèn đường trên quốc lộ 1A đoạn qua xã Hoằng Châu hỏng cả tuần nay.", "channel": "app"}',
    '{"id": "demo-2", "text": "Rac thai tap ket o dau hem 12 duong Le Loi boc mui hoi thoi.", "channel": "hotline"}',
    '{"id": "demo-3", "text": "Nước máy khu phố 3 bị đục và có mùi lạ từ hôm qua.", "channel": "portal"}',
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {what} (.ci/run installs chromium)")
    pytest.skip(what)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = shutil.which("chromium")
    if path is None:
        _missing("Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=path, args=FLAGS)
        yield launched
        launched.close()


def _wait(check: Any, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("console")
    laws = root / "laws"
    laws.mkdir()
    for name in LAWS:
        shutil.copy(shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{name}.txt", laws)
    inbox = root / "inbox.jsonl"
    inbox.write_text("\n".join(MESSAGES) + "\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NONLA_HOME": str(root / "home")}
    env.pop("NONLA_DATABASE_URL", None)
    log = (root / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "nonla.cli", "serve", "--port", str(port), "--demo-laws", str(laws),
                             "--demo-inbox", str(inbox)], env=env, stdout=subprocess.PIPE, stderr=log, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        key, url = proc.stdout.readline().strip(), f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {key}"}
        _wait(lambda: httpx.get(f"{url}/healthz", timeout=1).status_code == 200, "the server")
        _wait(lambda: any(c["documents"] == len(LAWS) for c in
                          httpx.get(f"{url}/v1/collections", headers=headers).json()["collections"]), "the laws")  # fmt: skip
        _wait(lambda: httpx.get(f"{url}/v1/inbox/messages", headers=headers).json()["total"] == len(MESSAGES),
              "the inbox")  # fmt: skip
        # every new triage waits for a person: the walk-through reviews its own message
        policy = httpx.put(
            f"{url}/v1/review/policies/civic.triage", headers=headers, json={"always": True, "required": True}
        )
        assert policy.status_code == 200, policy.text
        yield url, key
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)


def _sign_in(page: Any, url: str, key: str) -> None:
    page.goto(f"{url}/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_label("Khoá API").fill(key)
    page.get_by_label("Khoá API").press("Enter")
    page.wait_for_url("**/console/functions")


def _run(page: Any, url: str, name: str, text: str) -> None:
    page.goto(f"{url}/console/functions/{name}")
    page.locator("#f-text").fill(text)
    page.get_by_role("button", name="Chạy").click()
    page.wait_for_selector("#result")


def test_walk_through_at_desk_size(browser: Any, server: tuple[str, str]) -> None:
    url, key = server
    page = browser.new_page(viewport=DESKTOP, locale="vi-VN")
    page.goto(f"{url}/")
    _shot(page, "signin")
    _sign_in(page, url, key)
    menu = page.get_by_role("navigation", name="Trình đơn chính").inner_text()
    assert "Nhật ký kiểm toán" in menu and "Hàng chờ duyệt" in menu
    assert page.locator("table a", has_text="privacy.pii@1").count() == 1
    _shot(page, "catalogue")

    _run(page, url, "vi.words", "Hà Nội là thủ đô của Việt Nam")
    assert "Kết quả do AI tạo ra — vi.words@" in page.locator("#result .ai").inner_text()
    assert "Hà Nội" in page.locator("#panel-view .chips").inner_text()
    _shot(page, "playground-words")

    _run(page, url, "privacy.pii", "Anh Nguyễn Văn An, điện thoại 0912345678, email an.nguyen@example.vn")
    assert page.locator("mark[data-type=PHONE]").inner_text().startswith("0912345678")
    assert page.locator("mark[data-type=EMAIL]").count() == 1
    page.get_by_role("tab", name="JSON").click()
    assert '"entities"' in page.locator("#panel-json").inner_text()
    page.get_by_role("tab", name="curl").click()
    assert "/v1/functions/privacy.pii@1" in page.locator("#panel-curl").inner_text()
    page.get_by_role("tab", name="Dạng dễ đọc").click()
    _shot(page, "playground-pii")

    page.goto(f"{url}/console/functions/vi.words")
    page.locator("#f-text").fill("")
    page.get_by_role("button", name="Chạy").click()  # the required field is empty: the browser stops the form
    assert page.locator("#result").count() == 0

    page.goto(f"{url}/console/legal")
    page.get_by_label("Nội dung cần tìm").fill("đăng ký thường trú")
    page.get_by_label("Năm ban hành").fill("2020")
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_selector("#hits")
    hits = page.locator("#hits ol li")
    assert hits.count() >= 1 and "thường trú" in hits.first.inner_text().lower()
    assert hits.first.locator("mark").count() >= 1  # the matched words are highlighted
    _shot(page, "legal-search")
    hits.first.locator("a").click()
    page.wait_for_selector("article.law-text")
    assert "Kết quả do AI tạo ra — legal.citations@1" in page.inner_text("aside")
    _shot(page, "legal-article")

    page.goto(f"{url}/console/legal")
    page.get_by_label("Câu hỏi").fill("Điều kiện đăng ký thường trú là gì?")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    page.wait_for_selector("#answer")
    assert "legal.answer@1" in page.locator("#answer .ai").inner_text()
    _shot(page, "legal-answer")
    page.get_by_label("Không có ích").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn bạn đã đánh giá" in page.inner_text("main")

    page.goto(f"{url}/console/inbox")
    assert page.locator("#total").inner_text() == "3"
    page.get_by_label("Nội dung phản ánh").fill("Cống thoát nước đường Trần Phú bị tắc, nước tràn vào nhà dân.")
    page.get_by_role("button", name="Gửi và phân loại").click()
    page.wait_for_url("**/console/inbox/*")
    assert page.locator("h1 .badge").get_attribute("data-status") == "awaiting_review"
    assert page.locator("h1 .badge").inner_text() == "Chờ duyệt"
    assert "Kết quả do AI tạo ra — civic.triage@1" in page.inner_text("main")
    message_url = page.url
    _shot(page, "inbox-message")

    page.locator("a[href^='/console/review/']").click()
    page.wait_for_selector("text=civic.triage@1")
    _shot(page, "review-item")
    page.get_by_role("button", name="Chấp nhận").click()
    page.wait_for_url("**/console/review")
    page.goto(message_url)
    assert page.locator("h1 .badge").get_attribute("data-status") == "new"
    page.get_by_label("Đơn vị xử lý").fill("Sở Xây dựng")
    page.get_by_role("button", name="Giao xử lý").click()
    assert page.locator("h1 .badge").get_attribute("data-status") == "assigned"
    page.get_by_label("Mức khẩn").select_option("high")  # correct the triage on the message itself
    page.get_by_role("button", name="Sửa phân loại").click()
    card = page.locator("dl.card").inner_text()
    assert "Cao" in card and "high" not in card and "Sở Xây dựng" in card  # codes are shown in words
    assert any("Phân loại" in item for item in page.locator("ol li").all_inner_texts())

    page.goto(f"{url}/console/inbox")
    assert page.locator("#total").inner_text() == "4"
    _shot(page, "inbox")
    page.goto(f"{url}/console/inbox/stats")
    assert page.locator("svg.bars rect").count() >= 1
    _shot(page, "inbox-stats")

    page.goto(f"{url}/console/audit")
    page.get_by_role("button", name="Kiểm tra chuỗi").click()
    assert "Chuỗi nhật ký toàn vẹn" in page.locator("#verdict").inner_text()
    assert page.locator("#audit-rows tbody tr").count() > 5
    _shot(page, "audit")

    page.get_by_role("button", name="Ngôn ngữ: English").click()
    assert page.locator("h1").inner_text() == "Audit log"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Tiếng Việt").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/console/signin")
    page.goto(f"{url}/console/audit")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.close()


def test_phone_size(browser: Any, server: tuple[str, str]) -> None:
    url, key = server
    page = browser.new_page(viewport=PHONE, locale="vi-VN")
    _sign_in(page, url, key)

    def fits() -> bool:
        return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))

    assert fits()
    _shot(page, "catalogue")
    _run(page, url, "privacy.pii", "Chị Trần Thị Bình, số 0987654321")
    assert page.locator("mark[data-type=PHONE]").count() == 1 and fits()
    _shot(page, "playground-pii")
    for path, name in (("/console/legal?q=thue+bao+ve+moi+truong", "legal-search"), ("/console/inbox", "inbox"),
                       ("/console/inbox/stats", "inbox-stats"), ("/console/review?status=all", "review"),
                       ("/console/audit", "audit"), ("/console/models", "models"), ("/console/jobs", "jobs")):  # fmt: skip
        page.goto(f"{url}{path}")
        assert fits(), path
        _shot(page, name)
    page.close()

"""Errors in the console's Vietnamese pages: every error code nonla raises has a Vietnamese message and hint, a page
shows them with the English it replaced as a smaller detail line, English pages show the error's own words as
before, and a code without Vietnamese words keeps its English."""

from __future__ import annotations

import ast
import html
import importlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient

import nonla
from nonla.api import errors as api_errors
from nonla.api.app import create_app
from nonla.console import i18n_errors, web
from nonla.core import errors

SOURCE = Path(nonla.__file__).resolve().parent
# the code of a routing refusal whose status has no code of its own (nonla.api.errors, its HTTPException handler)
HTTP_FALLBACK = "http_error"
VIETNAMESE_LETTERS = re.compile("[đăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def _subclasses(cls: type[errors.NonlaError]) -> Iterator[type[errors.NonlaError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def live_codes() -> set[str]:
    """The codes of every NonlaError class nonla defines, once its areas, its API and its console are imported."""
    importlib.import_module("nonla.client")
    for module in errors.DEFINED_ELSEWHERE:
        importlib.import_module(module)
    create_app()  # imports every route module, the console's pages among them
    found = {cls.code for cls in _subclasses(errors.NonlaError) if cls.__module__.startswith("nonla.")}
    return found | {errors.NonlaError.code, HTTP_FALLBACK, *api_errors._HTTP_CODES.values()}


def written_codes() -> set[str]:
    """The codes written in nonla's source: `code = "..."` in a class, and {"code": "..."} bodies (a job's failure,
    the API's own JSON errors), so an error class in a module nothing imports yet is not missed either."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found |= {item.value.value for item in node.body if isinstance(item, ast.Assign)
                          and [getattr(t, "id", None) for t in item.targets] == ["code"]
                          and isinstance(item.value, ast.Constant) and isinstance(item.value.value, str)}  # fmt: skip
            elif isinstance(node, ast.Dict):
                found |= {value.value for key, value in zip(node.keys, node.values, strict=True)
                          if isinstance(key, ast.Constant) and key.value == "code"
                          and isinstance(value, ast.Constant) and isinstance(value.value, str)}  # fmt: skip
    return found


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def test_every_error_code_has_vietnamese_words() -> None:
    codes = live_codes() | written_codes()
    assert len(codes) > 45 and {"csrf_rejected", "internal_error", "store_unavailable", "too_large"} <= codes
    assert sorted(codes - i18n_errors.VI.keys()) == []
    for code in codes:
        for sentence in i18n_errors.VI[code]:
            assert sentence == unicodedata.normalize("NFC", sentence), (code, sentence)
            assert VIETNAMESE_LETTERS.search(sentence) and i18n_errors.in_vietnamese(sentence), (code, sentence)
            assert sentence.strip() == sentence and sentence[-1] in ".)", (code, sentence)


def error_block(page: str, hint_label: str = "What to do", code_label: str = "Error code") -> tuple[str, str, str]:
    """The message, hint and code of the page's error, shown without a detail line."""
    found = re.search(r'<div class="error" role="alert">\n  <p class="message">(.*)</p>\n'
                      rf"  <p><b>{re.escape(hint_label)}:</b> (.*)</p>\n"
                      rf'  <p class="code">{re.escape(code_label)}: <code>([a-z_]+)</code></p>\n</div>', page)  # fmt: skip
    assert found, page[:2000]
    message, hint, code = found.groups()
    return message, hint, code


def vietnamese_block(code: str, english: str) -> str:
    message, hint = (html.escape(words) for words in i18n_errors.VI[code])
    return (f'<div class="error" role="alert">\n  <p class="message">{message}</p>\n'
            f"  <p><b>Cách xử lý:</b> {hint}</p>\n"
            f'  <p class="detail"><small>Chi tiết: <span lang="en">{english}</span></small></p>\n'
            f'  <p class="code">Mã lỗi: <code>{code}</code></p>\n</div>')  # fmt: skip


@pytest.mark.parametrize(("method", "path", "form", "status", "code"), [
    ("GET", "/console/inbox/99999999999999999999", None, 404, "not_found"),  # an error page (error_page)
    ("POST", "/console/functions/legal.search", {"query": "thuế", "k": "nhiều"}, 422, "invalid_input"),  # playground
    ("POST", "/console/functions/vi.nothing", {"text": "x"}, 404, "unknown_function"),
])  # fmt: skip
def test_an_error_shows_vietnamese_words_with_the_english_as_detail(
    client: TestClient, method: str, path: str, form: dict[str, str] | None, status: int, code: str
) -> None:
    token = sign_in(client)
    data = None if form is None else {**form, "csrf": token}
    vietnamese = client.request(method, path, data=data)
    client.post("/console/lang", data={"csrf": token, "lang": "en", "back": "/console/functions"})
    english = client.request(method, path, data=data)
    assert vietnamese.status_code == english.status_code == status, vietnamese.text[:500]
    message, hint, shown_code = error_block(english.text)  # the English page: the error's own words, as before
    assert shown_code == code and "Details" not in english.text and 'class="detail"' not in english.text
    assert not i18n_errors.in_vietnamese(html.unescape(message)) and not i18n_errors.in_vietnamese(html.unescape(hint))
    assert vietnamese_block(code, f"{message} {hint}") in vietnamese.text
    assert 'lang="vi"' in vietnamese.text and "What to do" not in vietnamese.text


def test_a_form_refused_in_vietnamese_keeps_its_vietnamese_message(client: TestClient) -> None:
    sign_in(client)
    refused = client.post("/console/inbox/messages", data={"csrf": "forged", "text": "Đường hỏng"})
    assert refused.status_code == 403 and "<code>csrf_rejected</code>" in refused.text
    assert f'<p class="message">{web.i18n.text("vi", "error.csrf")}</p>' in refused.text  # already Vietnamese
    assert f"<b>Cách xử lý:</b> {i18n_errors.VI['csrf_rejected'][1]}</p>" in refused.text
    assert '<span lang="en">Reload the page and send the form again.</span>' in refused.text


def test_a_code_without_vietnamese_words_keeps_its_english(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(i18n_errors.VI, "not_found")
    sign_in(client)
    page = client.get("/console/inbox/99999999999999999999")
    assert page.status_code == 404 and 'lang="vi"' in page.text
    message, hint, code = error_block(page.text, "Cách xử lý", "Mã lỗi")
    assert code == "not_found" and message and hint and "Chi tiết" not in page.text
    unknown = {"code": "no_such_code", "message": "It broke.", "hint": "Try later."}
    assert i18n_errors.shown("vi", unknown) == i18n_errors.Shown("It broke.", "Try later.")

"""Console flows as people use them: rating a legal answer (helpful, not helpful or no vote), a playground that
sends only what the person chose, audio results as a player, and stored codes shown in words."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.governance import ratings, review_policy


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def _answered(client: TestClient, token: str) -> str:
    from nonla.collections import service

    service.create("laws")
    service.add("laws", [{"id": "luat-cu-tru", "text": "Điều 20. Điều kiện đăng ký thường trú\nCông dân có chỗ ở "
                          "hợp pháp thuộc quyền sở hữu của mình thì được đăng ký thường trú tại chỗ ở đó."}])  # fmt: skip
    page = client.post("/console/legal/answer", data={"csrf": token, "question": "Điều kiện đăng ký thường trú?"})
    assert page.status_code == 200, page.text[-2000:]
    return page.text


def test_a_rating_left_untouched_is_no_vote_and_not_helpful_is_a_vote(client: TestClient) -> None:
    token = sign_in(client, "caller")
    page = _answered(client, token)
    assert 'type="radio" id="helpful-none" name="helpful" value="" checked' in page
    assert re.search(r'id="helpful-(yes|no)"[^>]*checked', page) is None  # no vote is chosen for the person
    answer_id = re.search(r'name="answer_id" value="([0-9a-f]{32})"', page)
    assert answer_id
    form = {"csrf": token, "answer_id": answer_id.group(1), "collection": "laws", "rating": "4"}

    assert client.post("/console/legal/ratings", data={**form, "helpful": ""}).status_code == 200
    untouched = ratings.report()
    assert (untouched["ratings"], untouched["voted"]) == (1, 0)
    assert client.post("/console/legal/ratings", data={**form, "helpful": "no"}).status_code == 200
    after_no = ratings.report()
    assert (after_no["ratings"], after_no["voted"], after_no["helpful_share"]) == (2, 1, 0.0)
    assert client.post("/console/legal/ratings", data={**form, "helpful": "yes"}).status_code == 200
    assert ratings.report()["helpful_share"] == 0.5

    odd = client.post("/console/legal/ratings", data={**form, "helpful": "maybe"})
    assert odd.status_code == 422 and "invalid_input" in odd.text and ratings.report()["ratings"] == 3


def _field(page: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]* id="f-{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def test_the_playground_holds_defaults_and_shows_the_example_only_as_a_hint(client: TestClient) -> None:
    sign_in(client, "admin")
    page = client.get("/console/functions/text.summarize").text
    assert 'value="5"' in _field(page, "max_sentences") and 'placeholder="1"' in _field(page, "max_sentences")
    text = re.search(r'<textarea id="f-text"[^>]*>([^<]*)</textarea>', page)
    assert text and text.group(1) == ""  # typed text is not appended to the example
    assert 'placeholder="Luật này quy định về cư trú.' in text.group(0)
    assert 'href="/console/functions/text.summarize?example=1"' in page and "Điền ví dụ" in page

    filled = client.get("/console/functions/text.summarize?example=1").text
    assert 'value="1"' in _field(filled, "max_sentences")
    assert re.search(r'<textarea id="f-text"[^>]*>Luật này quy định về cư trú\.', filled)


def test_documents_sent_from_the_untouched_form_are_summarised_with_the_schema_default(client: TestClient) -> None:
    """What a browser sends from the form as it opens, with only the documents filled in."""
    token = sign_in(client, "admin")
    page = client.get("/console/functions/text.summarize").text
    sent = {"csrf": token, "text": "", "max_sentences": re.findall(r'value="([^"]*)"', _field(page, "max_sentences"))[0],
            "restore_diacritics": "on",
            "documents": '[{"id": "a", "text": "Văn bản thứ nhất nói về đất đai. Người dân được cấp giấy chứng nhận '
                         'quyền sử dụng đất."}, {"id": "b", "text": "Văn bản thứ hai nói về thuế. Thuế thu nhập cá '
                         'nhân phải nộp đúng hạn."}]'}  # fmt: skip
    done = client.post("/console/functions/text.summarize", data=sent)
    assert done.status_code == 200, done.text[-2000:]
    body = html.unescape(done.text)
    assert '"max_sentences": 5' in body and "Văn bản thứ hai" in body


def test_speech_comes_back_as_a_player_with_a_download(client: TestClient) -> None:
    token = sign_in(client, "admin")
    done = client.post("/console/functions/speech.tts", data={"csrf": token, "text": "Xin chào."})
    assert done.status_code == 200, done.text[-2000:]
    view = done.text.split('id="panel-view"', 1)[1].split('id="panel-json"', 1)[0]
    assert '<audio controls src="data:audio/wav;base64,UklGR' in view and 'download="data.wav"' in view
    assert "<dd>UklGR" not in view  # not the base64 text itself


def test_stored_codes_are_shown_in_words(client: TestClient) -> None:
    token = sign_in(client, "admin")
    review_policy.set_policy("civic.triage", always=True)
    sent = client.post("/console/inbox/messages", data={"csrf": token, "text": "Cống thoát nước đường Lê Lợi bị tắc, "
                       "nước tràn vào nhà dân.", "channel": "app"}, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    message = client.get(sent.headers["location"]).text
    assert "Kênh: Ứng dụng" in message and "Tiếp nhận" in message and "— submit" not in message
    assert '<option value="resolved">Đã giải quyết</option>' in message
    assert '<option value="high">Cao</option>' in message and ">dup<" not in message

    listing = client.get("/console/inbox").text
    assert '<option value="app">Ứng dụng</option>' in listing
    row = re.search(r'<tr><td><a href="/console/inbox/\d+">.*?</tr>', listing, re.S)
    assert row and re.search(r"<td>(Thấp|Bình thường|Cao)</td>", row.group(0))
    assert not re.search(r"<td>(low|normal|high|other|traffic_roads|utilities)</td>", row.group(0))

    stats = client.get("/console/inbox/stats?by=channel").text
    assert '<option value="channel" selected>Kênh</option>' in stats and '<th scope="col">Kênh</th>' in stats
    assert "<td>Ứng dụng</td>" in stats and ">Ứng dụng</text>" in stats

    assert "<td>Luôn duyệt theo quy định</td>" in client.get("/console/review").text
    assert ">Hạn chế</span>" in client.get("/console/functions").text
    client.post("/console/lang", data={"csrf": token, "lang": "en", "back": "/console/inbox"})
    assert '<option value="app">App</option>' in client.get("/console/inbox").text

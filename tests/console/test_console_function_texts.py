"""The functions' own texts in the console's language: every built-in function's summary, card and field help in
Vietnamese, shown on the Vietnamese pages; the English pages, and functions nobody translated, keep their own words."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from nonla.api.app import create_app
from nonla.console import forms
from nonla.console.i18n_functions import VI, FunctionWords
from nonla.core.catalog import Catalog, CatalogEntry
from nonla.core.function import Card, function

VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def builtins() -> list[CatalogEntry]:
    return [entry for entry in Catalog(plugins=False).entries() if entry.source == "builtin"]


def described_fields(entry: CatalogEntry) -> list[forms.Field]:
    return [f for f in forms.fields(entry.spec.input.model_json_schema()) if f.description]


def test_every_builtin_function_has_its_summary_card_and_field_help_in_vietnamese() -> None:
    entries = builtins()
    assert len(entries) >= 20
    for entry in entries:
        card = entry.spec.card
        texts = VI.get(entry.ref)
        assert texts is not None, f"{entry.ref} has no Vietnamese texts"
        assert texts.summary, entry.ref
        assert bool(texts.intended_use) == bool(card.intended_use), entry.ref
        assert bool(texts.limitations) == bool(card.limitations), entry.ref
        missing = [f.name for f in described_fields(entry) if f.name not in texts.fields]
        assert not missing, f"{entry.ref}: no Vietnamese help for {missing}"
        stray = set(texts.fields) - {f.name for f in described_fields(entry)}
        assert not stray, f"{entry.ref}: Vietnamese help for fields it does not describe: {stray}"


def all_texts() -> Iterator[tuple[str, str]]:
    for ref, texts in VI.items():
        yield ref, texts.summary
        yield ref, texts.intended_use
        yield ref, texts.limitations
        yield from ((f"{ref} {name}", text) for name, text in texts.fields.items())
        for name, meanings in texts.options.items():
            yield from ((f"{ref} {name}={value}", text) for value, text in meanings.items())


def test_the_vietnamese_texts_are_nfc_and_written_in_vietnamese() -> None:
    for where, text in all_texts():
        assert unicodedata.is_normalized("NFC", text), where
        assert VIETNAMESE_LETTERS & set(text.lower()), (where, text)
        assert text == text.strip() and "  " not in text, where


def test_options_are_explained_only_for_values_the_field_offers() -> None:
    for entry in builtins():
        offered = {f.name: set(f.options) for f in forms.fields(entry.spec.input.model_json_schema())}
        for name, meanings in VI[entry.ref].options.items():
            assert set(meanings) <= offered.get(name, set()), (entry.ref, name)


def hints(page: str) -> dict[str, str]:
    """Each field's help text on a function page, by field name."""
    found = re.findall(r'<p class="hint" id="f-([^"]+)-d">(.*?)</p>', page, re.S)
    return {name: html.unescape(text) for name, text in found}


def card_text(page: str) -> str:
    found = re.search(r'<section class="card".*?</section>', page, re.S)
    assert found, "the page has no card"
    return html.unescape(found.group(0))


def switch_to(client: TestClient, token: str, lang: str) -> None:
    client.post("/console/lang", data={"csrf": token, "lang": lang, "back": "/console/functions"})


def test_the_catalogue_and_a_function_page_speak_the_visitors_language(client: TestClient) -> None:
    token = sign_in(client, "developer")
    pii = Catalog(plugins=False).resolve("privacy.pii@1").spec
    english = {f.name: f.description for f in described_fields(Catalog(plugins=False).resolve("privacy.pii@1"))}
    vietnamese = VI["privacy.pii@1"]

    listing = html.unescape(client.get("/console/functions").text)  # Vietnamese is the default
    assert vietnamese.summary in listing and pii.card.summary not in listing
    assert VI["vi.words@2"].summary in listing  # the catalogue lists the latest version
    page = client.get("/console/functions/privacy.pii")
    assert page.status_code == 200
    assert hints(page.text) == {name: vietnamese.fields[name] for name in english}
    card = card_text(page.text)
    for text in (vietnamese.summary, vietnamese.intended_use, vietnamese.limitations):
        assert text in card
    assert pii.card.limitations not in card
    assert '<option value="pseudonym">pseudonym — bí danh</option>' in page.text  # the value sent stays the code
    assert '<option value="PHONE">PHONE</option>' in page.text

    switch_to(client, token, "en")
    listing = html.unescape(client.get("/console/functions").text)
    assert pii.card.summary in listing and vietnamese.summary not in listing
    page = client.get("/console/functions/privacy.pii")
    assert hints(page.text) == english
    card = card_text(page.text)
    assert pii.card.summary in card and pii.card.intended_use in card and pii.card.limitations in card
    assert '<option value="pseudonym">pseudonym</option>' in page.text


def test_an_older_version_shows_its_own_vietnamese_texts(client: TestClient) -> None:
    sign_in(client, "developer")
    card = card_text(client.get("/console/functions/vi.words@1").text)
    assert VI["vi.words@1"].summary in card and VI["vi.words@2"].summary not in card


class EchoInput(BaseModel):
    text: str = Field(min_length=1, description="Any text to send back.")


class EchoOutput(BaseModel):
    text: str


ECHO_CARD = Card(summary="Sends the text back.", intended_use="Trying the console.", limitations="Does nothing else.")


@function("agency.echo", version=1, card=ECHO_CARD)
def echo(batch: list[EchoInput], models: Any) -> list[EchoOutput]:
    return [EchoOutput(text=item.text) for item in batch]


@pytest.fixture
def client_with_echo() -> Iterator[TestClient]:
    """The console of a catalogue that also holds a function of an agency's own, in English only."""
    catalog = Catalog(plugins=False)
    catalog.register(echo.__nonla_spec__, source="plugin")  # type: ignore[attr-defined]
    with TestClient(create_app(catalog), raise_server_exceptions=False) as found:
        yield found


def test_a_function_without_vietnamese_texts_shows_its_own(client_with_echo: TestClient) -> None:
    client = client_with_echo
    sign_in(client, "developer")
    listing = client.get("/console/functions").text
    assert "Sends the text back." in listing and VI["privacy.pii@1"].summary in listing
    page = client.get("/console/functions/agency.echo")
    assert page.status_code == 200
    assert hints(page.text) == {"text": "Any text to send back."}
    card = card_text(page.text)
    assert all(text in card for text in ("Sends the text back.", "Trying the console.", "Does nothing else."))

    words = FunctionWords("vi")
    assert words.summary("agency.echo@1", "Sends the text back.") == "Sends the text back."
    assert words.field_help("vi.words@2", "a_field_added_later", "Its own help.") == "Its own help."
    assert words.option("speech.asr@1", "format", "pcm_s16le") == "pcm_s16le"
    assert words.intended_use("vi.words@2", "") == ""  # a card without one shows none


SOURCES = Path(__file__).with_name("function_texts_sources.json")


def english_digest(entry: CatalogEntry) -> str:
    """A short digest of the English words a function's Vietnamese texts translate: its card's summary, intended
    use and limitations, and its described fields' help."""
    card = entry.spec.card
    words = {"summary": card.summary, "intended_use": card.intended_use, "limitations": card.limitations,
             "fields": {f.name: f.description for f in described_fields(entry)}}  # fmt: skip
    return hashlib.sha256(json.dumps(words, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def test_the_vietnamese_texts_translate_the_english_as_it_now_stands() -> None:
    """An edited English card or field help makes its Vietnamese text stale: this names the function, so its text in
    console/i18n_functions.py is brought up to date. Then record the new English with
    ``NONLA_RECORD_TRANSLATION_SOURCES=1 python -m pytest tests/console/test_console_function_texts.py``."""
    now = {entry.ref: english_digest(entry) for entry in builtins()}
    if os.environ.get("NONLA_RECORD_TRANSLATION_SOURCES"):
        SOURCES.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(SOURCES.read_text(encoding="utf-8"))
    stale = sorted(ref for ref in now if recorded.get(ref) != now[ref])
    assert not stale, f"English texts changed since their Vietnamese was written: {stale}"

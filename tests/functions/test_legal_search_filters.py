"""legal.search filters: a day that never was (2024-02-30) is refused naming the field, not searched as if it
matched; a document type or issuer typed decomposed (NFD, as macOS sends it) finds what its NFC form finds."""

from __future__ import annotations

import unicodedata

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.collections import service
from nonla.core.errors import InvalidInput

DECREE = {"text": "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về đăng ký tạm trú.",
          "metadata": {"doc_type": "Nghị định", "issuer": "Chính phủ", "effective_from": "2021-07-01"}}  # fmt: skip


@pytest.fixture
def decrees(database: str) -> str:
    service.create("decrees")
    service.add("decrees", [DECREE])
    return "decrees"


@pytest.mark.parametrize("day", ["2024-02-30", "2024-13-45", "2023-02-29"])
def test_a_day_that_never_was_is_refused(decrees: str, day: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        nonla.run("legal.search", query="tạm trú", collection=decrees, in_force_on=day)
    assert "in_force_on" in str(refused.value.to_dict())
    assert nonla.run("legal.search", query="tạm trú", collection=decrees, in_force_on="2024-02-29").results


def test_the_rest_search_refuses_a_day_that_never_was(decrees: str) -> None:
    from nonla.api.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as app:
        admin = bearer("admin")
        for day in ("2024-02-30", "2024-13-45"):
            answer = app.get("/v1/collections/decrees/search", headers=admin, params={"q": "tạm trú", "in_force_on": day})
            assert answer.status_code == 422 and "in_force_on" in answer.text, answer.text
        kept = app.get("/v1/collections/decrees/search", headers=admin,
                       params={"q": "tạm trú", "in_force_on": "2024-02-29", "mode": "bm25"})  # fmt: skip
        assert kept.status_code == 200 and kept.json()["results"]
        nfd = {"q": "tạm trú", "mode": "bm25", "doc_type": unicodedata.normalize("NFD", "Nghị định"),
               "issuer": unicodedata.normalize("NFD", "Chính phủ")}  # fmt: skip
        assert app.get("/v1/collections/decrees/search", headers=admin, params=nfd).json()["results"]


def test_a_decomposed_doc_type_or_issuer_finds_what_its_composed_form_finds(decrees: str) -> None:
    for field, value in (("doc_type", "Nghị định"), ("issuer", "Chính phủ")):
        decomposed = unicodedata.normalize("NFD", value)
        assert decomposed != value
        found = nonla.run("legal.search", query="tạm trú", collection=decrees, mode="bm25", **{field: decomposed})
        assert found.results, field  # type: ignore[attr-defined]

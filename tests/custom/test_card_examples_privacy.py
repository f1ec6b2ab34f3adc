"""A trained model's card is public to every caller (GET /v1/functions/custom.NAME): its example inputs come from
held-out training rows, so they must not carry the names, phone numbers and ID numbers in those rows. Rows in which
privacy.pii finds nothing are preferred; otherwise the examples are masked, and the checks run on what is shown."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.custom import public_examples
from nonla.custom.conformance import run_checks
from nonla.custom.public_examples import public_rows
from nonla.custom.tabular import train_tabular
from nonla.custom.train_text import train_text_classifier

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Hải", "Vũ Thị Lan"]
TOPICS = {
    "tau_bien": ["hỏi về đăng ký tàu biển", "muốn biết thủ tục cho tàu cá", "khiếu nại về cảng biển"],
    "cu_tru": ["hỏi về đăng ký thường trú", "muốn đăng ký tạm trú cho con", "hỏi thủ tục chuyển hộ khẩu"],
}
DIGITS = re.compile(r"\d{6,}")


def _phone(i: int) -> str:
    return f"09{12345670 + i * 7919 % 10_000_000:08d}"


def _personal_texts(clean_every: int = 0) -> tuple[bytes, set[str]]:
    """A text,label CSV whose texts name a person with a phone number and an ID (every row, or all but every
    ``clean_every``-th, which has no personal data); also the personal values written into it."""
    out, personal = io.StringIO(), set()
    writer = csv.writer(out)
    writer.writerow(["text", "label"])
    for label, phrases in TOPICS.items():
        for i in range(30):
            phrase = phrases[i % len(phrases)]
            if clean_every and i % clean_every == 0:
                writer.writerow([f"Người dân {phrase} lần {i}", label])
                continue
            name, phone, cccd = NAMES[i % len(NAMES)], _phone(i), f"0010900{i:05d}"
            personal |= {name, phone, cccd}
            writer.writerow([f"Ông {name}, SĐT {phone}, CCCD {cccd}, {phrase}", label])
    return out.getvalue().encode("utf-8"), personal


def _assert_nothing_personal(examples: list[dict[str, object]], personal: set[str]) -> None:
    shown = json.dumps(examples, ensure_ascii=False)
    assert not [value for value in personal if value in shown], shown
    assert not DIGITS.search(shown), shown


def test_text_classifier_card_examples_are_masked() -> None:
    data, personal = _personal_texts()
    version = train_text_classifier(data, name="complaints", features="tfidf", folds=2)
    examples = version.card["examples"]
    assert len(examples) == 3
    _assert_nothing_personal(examples, personal)
    assert all("[PHONE]" in e["text"] and "[ID]" in e["text"] for e in examples), examples
    # what the card shows is what anyone sees over REST, and the checks run on it
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        shown = client.get(f"/v1/functions/{version.ref}", headers=bearer("caller"))
    assert shown.status_code == 200, shown.text
    _assert_nothing_personal(shown.json()["card"]["examples"], personal)
    result = run_checks(version.ref)
    assert result["passed"], result


def test_rows_with_nothing_personal_are_preferred() -> None:
    data, personal = _personal_texts(clean_every=2)
    version = train_text_classifier(data, name="complaints_mixed", features="tfidf", folds=2)
    examples = version.card["examples"]
    assert len(examples) == 3
    assert all(e["text"].startswith("Người dân ") for e in examples), examples  # whole rows, not masked ones
    _assert_nothing_personal(examples, personal)


def test_tabular_card_example_masks_string_cells_and_personal_numbers() -> None:
    out, personal = io.StringIO(), set()
    writer = csv.writer(out)
    writer.writerow(["ho_ten", "so_dien_thoai", "tuoi", "khu_vuc", "ket_qua"])
    for i in range(60):
        name, phone = NAMES[i % len(NAMES)], _phone(i)
        personal |= {name, phone, str(int(phone))}
        writer.writerow([name, phone, 20 + i % 40, ["Hà Nội", "Huế", "Đà Nẵng"][i % 3], "dat" if i % 2 else "khong"])
    version = train_tabular(out.getvalue().encode("utf-8"), name="applicants", target="ket_qua")
    [example] = version.card["examples"]
    assert set(example) == {"ho_ten", "so_dien_thoai", "tuoi", "khu_vuc"}
    assert example["ho_ten"] == "[PERSON]", example
    shown = json.dumps(example, ensure_ascii=False)
    assert not [value for value in personal if value in shown], example
    assert example["so_dien_thoai"] not in {float(p) for p in personal if p.isdigit()}  # the column's mean instead
    assert isinstance(example["tuoi"], float) and example["khu_vuc"] in {"Hà Nội", "Huế", "Đà Nẵng"}
    result = run_checks(version.ref)
    assert result["passed"], result


def test_a_cell_privacy_pii_cannot_check_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ref: str, items: list[object]) -> list[object]:
        raise RuntimeError("the PII tagger is not installed")

    monkeypatch.setattr("nonla.core.runner.subcall", broken)
    [(row, changed)] = public_examples.public_rows([{"text": "Ông Nguyễn Văn An, SĐT 0912345678"}], 1)
    assert row == {"text": public_examples.REDACTED} and changed == {"text"}


def test_public_rows_prefers_clean_rows_and_keeps_their_order() -> None:
    rows = [{"text": "Gọi 0912345678"}, {"text": "Tàu biển số một"}, {"text": "Tàu biển số hai"}]
    chosen = public_rows(rows, 3)
    assert [row["text"] for row, _ in chosen] == ["Tàu biển số một", "Tàu biển số hai", "Gọi [PHONE]"]

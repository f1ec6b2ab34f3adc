"""Stored rows name a call's input and output by the runner's digest keyed with the installation's secret: an auditor
who digests every candidate CCCD number cannot find the one a call was made with, while a review item still names
its call's audit row and the chain still verifies."""

from __future__ import annotations

import re

from kserve_stub import SCHEMA, kserve
from sqlalchemy import select

import nonla
from nonla import custom, review
from nonla.core.runner import canonical_digest
from nonla.custom import add_http_model, routing
from nonla.governance import audit, subjects
from nonla.governance.call_digest import DIGEST_SECRET, stored_call_digest
from nonla.store.db import dispose_all, session
from nonla.store.installation_secrets import InstallationSecret
from nonla.store.schema import ReviewItem
from nonla.store.schema_custom import CustomRoutedCall

CCCD = "079200123456"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _call_rows(function: str) -> list[dict[str, object]]:
    return [r for r in audit.export(action="function.call") if str(r["target"]).startswith(f"{function}@")]


def _reversed(digest: object) -> str | None:
    """What an auditor finds by digesting the CCCD numbers of one province, century, sex and birth year."""
    for n in range(123_000, 124_000):  # a slice of the 10^6 candidates, the one holding the number
        guess = f"079200{n:06d}"
        if canonical_digest([{"text": guess}]) == digest:
            return guess
    return None


def test_a_calls_audit_row_does_not_give_back_a_short_personal_input(database: str) -> None:
    output = nonla.run("privacy.pii", text=CCCD)
    [row] = _call_rows("privacy.pii")
    assert HEX64.match(str(row["input_digest"])) and HEX64.match(str(row["output_digest"]))
    assert _reversed(row["input_digest"]) is None
    assert row["input_digest"] == stored_call_digest(canonical_digest([{"text": CCCD}]))
    assert row["output_digest"] == stored_call_digest(canonical_digest([output.model_dump(mode="json")]))
    assert audit.verify().ok


def test_the_key_is_the_stores_and_not_the_subject_digests(database: str) -> None:
    nonla.run("privacy.pii", text=CCCD)
    subjects.subject_digest(CCCD)
    digest = stored_call_digest(canonical_digest([{"text": CCCD}]))
    dispose_all()  # as another server opening the same database: nothing remembered in this process
    assert stored_call_digest(canonical_digest([{"text": CCCD}])) == digest
    with session() as s:
        keys = {name: value for name, value in s.execute(select(InstallationSecret.name, InstallationSecret.value))}
    assert keys.keys() == {DIGEST_SECRET, subjects.DIGEST_SECRET} and len(set(keys.values())) == 2


def test_a_review_item_names_its_calls_audit_row(database: str) -> None:
    review.set_policy("vi.words", always=True)
    nonla.run("vi.words", text=CCCD)
    [row] = _call_rows("vi.words")
    with session() as s:
        [item] = s.scalars(select(ReviewItem)).all()
    assert item.call_digest == row["input_digest"] != canonical_digest([{"text": CCCD}])
    assert audit.verify().ok


def test_the_routed_call_log_keys_its_input_digest(database: str) -> None:
    with kserve() as base:
        for _ in range(2):
            add_http_model("kserve", base + "/good", SCHEMA, name="cd", model="m", timeout=5, retries=0)
        custom.promote("cd", 1)
        custom.canary("cd", 2, 50)
        nonla.run("custom.cd", x=7.0)
    with session() as s:
        [logged] = s.scalars(select(CustomRoutedCall)).all()
    unkeyed = canonical_digest({"x": 7.0})
    assert logged.input_digest == stored_call_digest(unkeyed) != unkeyed
    # the canary splits on the unkeyed digest, which depends on the input alone: a rerun reproduces the split
    assert logged.mode == ("canary" if routing.canary_bucket(unkeyed) < 50 else "production")


def test_a_review_decision_and_an_inbox_answer_are_named_by_keyed_digests(database: str) -> None:
    """A corrected result and a reply can be as short as a number: their audit rows key their digests too."""
    from nonla import inbox

    review.set_policy("vi.words", always=True)
    nonla.run("vi.words", text=CCCD)
    [item] = review.pending()
    review.correct(item["id"], {**item["output"], "words": [CCCD[:6], CCCD[6:]]})
    fixed = review.get(item["id"])["correction"]
    [decided] = [r for r in audit.export() if r["action"] == "review.correct"]
    assert decided["detail"]["output_digest"] == stored_call_digest(canonical_digest(fixed))

    mid = inbox.submit("Đề nghị sửa đường liên xã.")["id"]
    inbox.assign(mid, "Phòng Hạ tầng", "lan", actor="lan")
    inbox.answer(mid, CCCD, actor="minh")
    [answered] = [r for r in audit.export() if r["action"] == "inbox.answer"]
    assert answered["detail"]["answer_digest"] == stored_call_digest(canonical_digest(CCCD))
    assert inbox.history(mid)[-1]["detail"]["answer_digest"] == answered["detail"]["answer_digest"]
    assert audit.verify().ok

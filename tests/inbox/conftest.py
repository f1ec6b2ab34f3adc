"""Messages of the civic test set, by id: real citizens' wording, with and without diacritics."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

MESSAGES = Path(__file__).resolve().parents[1] / "data" / "civic" / "messages.jsonl"


@pytest.fixture(scope="session")
def civic() -> Callable[[str], str]:
    """The text of a message of tests/data/civic/messages.jsonl by its id (civic-0003, ...)."""
    rows = {row["id"]: row for row in map(json.loads, MESSAGES.read_text(encoding="utf-8").splitlines())}
    return lambda message_id: rows[message_id]["text"]

"""Root pytest hooks. Doctests in src/ and every test run against a throw-away store, never the user's ~/.nonla."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    os.environ["NONLA_HOME"] = tempfile.mkdtemp(prefix="nonla-test-home-")
    os.environ.pop("NONLA_DATABASE_URL", None)

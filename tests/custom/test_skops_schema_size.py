"""A skops file whose schema.json unpacks far beyond any real model's (a few hundred KB) is refused from its zip
header, before it is parsed: a 1 MiB file could otherwise ask json.loads for gigabytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

import nonla
from nonla.custom import import_skops, zip_limits

ONE = {"task": "regression", "fields": [{"name": "x", "type": "number"}], "examples": [{"x": 1.0}]}


def linear(path: Path, padding: int) -> Path:
    """A real skops file whose schema.json ends in ``padding`` spaces (still valid JSON, and it compresses to
    almost nothing)."""
    from sklearn.linear_model import LinearRegression
    from skops.io import dump

    dump(LinearRegression().fit(np.arange(3.0)[:, None], np.arange(3.0)), path.with_suffix(".raw"))
    with zipfile.ZipFile(path.with_suffix(".raw")) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in source.namelist():
            data = source.read(name)
            z.writestr(name, data + b" " * padding if name == "schema.json" else data)
    return path


def test_a_schema_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_limits, "MAX_SCHEMA_BYTES", 100_000)
    bomb = linear(tmp_path / "bomb.skops", padding=200_000)
    assert bomb.stat().st_size < 20_000, "small on disk, large unpacked"
    with pytest.raises(nonla.NonlaError) as caught:
        import_skops(bomb, ONE, name="bomb")
    assert (caught.value.code, caught.value.http_status) == ("model_too_large", 422), caught.value
    assert "schema.json" in caught.value.message


def test_a_schema_under_the_limit_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_limits, "MAX_SCHEMA_BYTES", 100_000)
    import_skops(linear(tmp_path / "padded.skops", padding=50_000), ONE, name="padded")
    assert nonla.run("custom.padded", x=2.0).value == pytest.approx(2.0)  # type: ignore[attr-defined]

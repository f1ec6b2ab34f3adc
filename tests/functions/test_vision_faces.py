"""vision.faces on real photos with the real models, and `nonla faces` / `nonla consent` as a person runs them."""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.functions.vision.faces_examples import FACE_JPEG, FACE_MIRRORED_JPEG, NO_FACE_PNG
from nonla.functions.vision.faces_run import THRESHOLD


def test_detect_gives_a_box_six_landmarks_and_a_score() -> None:
    out = nonla.run("vision.faces", task="detect", data=FACE_JPEG)
    assert (out.width, out.height) == (120, 120) and len(out.faces) == 1
    face = out.faces[0]
    x0, y0, x1, y1 = face.box
    assert 0 <= x0 < x1 <= 120 and 0 <= y0 < y1 <= 120 and face.score > 0.8
    assert len(face.landmarks) == 6
    right, left = face.landmarks["right_eye"], face.landmarks["left_eye"]
    assert right[0] < left[0] and x0 < face.landmarks["nose_tip"][0] < x1  # the person's right eye is on our left
    assert nonla.run("vision.faces", task="detect", data=NO_FACE_PNG).faces == []


def test_verify_and_embed() -> None:
    same = nonla.run("vision.faces", task="verify", data=FACE_JPEG, other=FACE_MIRRORED_JPEG)
    assert same.same_person and same.distance is not None and same.distance < THRESHOLD == same.threshold
    embedded = nonla.run("vision.faces", task="embed", data="data:image/jpeg;base64," + FACE_JPEG)
    assert len(embedded.faces[0].embedding or []) == 128


def test_bad_images_are_clear_errors() -> None:
    cases = {
        "not base64 ✓": "invalid_input",
        base64.b64encode(b"GIF89a....").decode(): "invalid_input",
        base64.b64encode(b"\x89PNG\r\n\x1a\n truncated").decode(): "invalid_input",
    }
    for data, code in cases.items():
        with pytest.raises(InvalidInput) as bad:
            nonla.run("vision.faces", task="detect", data=data)
        assert bad.value.code == code and bad.value.http_status == 422
    with pytest.raises(InvalidInput) as no_face:
        nonla.run("vision.faces", task="verify", data=FACE_JPEG, other=NO_FACE_PNG)
    assert no_face.value.code == "no_face" and "'other'" in no_face.value.message
    with pytest.raises(InvalidInput):
        nonla.run("vision.faces", task="verify", data=FACE_JPEG)


def png_header(width: int, height: int) -> bytes:
    """A PNG that states its size but holds almost no pixel data (its one row is all there is)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_huge_image_is_refused_from_its_header(monkeypatch: pytest.MonkeyPatch) -> None:
    import cv2

    def never(*args: object) -> None:
        raise AssertionError("decoded: a 20000x20000 PNG of a few hundred KB takes 2.4 GB once decoded")

    monkeypatch.setattr(cv2, "imdecode", never)
    for width, height in ((7000, 7000), (20000, 20000)):  # above the 40 megapixels, and above Pillow's own guard
        data = base64.b64encode(png_header(width, height)).decode()
        with pytest.raises(InvalidInput) as bad:
            nonla.run("vision.faces", task="detect", data=data)
        assert bad.value.code == "invalid_input" and bad.value.details["problem"] == "too_large"


@pytest.mark.parametrize("size", [(32767, 1), (1, 32767), (16385, 2)])
def test_a_side_past_the_detectors_limit_is_refused_not_a_crash(size: tuple[int, int], nonla_home: Path) -> None:
    """MediaPipe aborts the process on a side of 32,767 pixels: run in a child, so a crash fails only the test."""
    import cv2
    import numpy as np

    ok, png = cv2.imencode(".png", np.zeros((size[1], size[0], 3), dtype=np.uint8))
    assert ok
    code = ("import sys, nonla\n"
            "[out] = nonla.run_batch('vision.faces', [{'task': 'detect', 'data': sys.argv[1]}])\n"
            "print(out.code, out.message)")  # fmt: skip
    child = subprocess.run([sys.executable, "-c", code, base64.b64encode(png.tobytes()).decode()], capture_output=True,
                           text=True, env={**os.environ, "NONLA_HOME": str(nonla_home)}, timeout=300)  # fmt: skip
    assert child.returncode == 0 and child.stdout.startswith("invalid_input"), child.stderr[-500:]
    assert "16,384" in child.stdout


def nonla_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NONLA_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "nonla.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600)  # fmt: skip


def test_cli_consent_enrol_search_delete(nonla_home: Path, tmp_path: Path) -> None:
    photo, probe = tmp_path / "a.jpg", tmp_path / "b.jpg"
    photo.write_bytes(base64.b64decode(FACE_JPEG))
    probe.write_bytes(base64.b64decode(FACE_MIRRORED_JPEG))
    refused = nonla_cli("faces", "enroll", "crew", "a-01", str(photo), "--purpose", "access", home=nonla_home)
    assert refused.returncode == 4 and "consent_required" in refused.stderr
    granted = nonla_cli("consent", "grant", "a-01", "--purpose", "access", "--granted-by", "a-01", home=nonla_home)
    assert granted.returncode == 0, granted.stderr
    enrolled = nonla_cli("faces", "enroll", "crew", "a-01", str(photo), "--purpose", "access", home=nonla_home)
    assert enrolled.returncode == 0, enrolled.stderr
    found = json.loads(nonla_cli("faces", "search", "crew", str(probe), home=nonla_home).stdout)
    assert found["matches"][0]["subject_id"] == "a-01" and found["matches"][0]["same_person"]
    erased = json.loads(nonla_cli("faces", "delete", "a-01", home=nonla_home).stdout)
    assert erased["faces_erased"] == 1
    listed = json.loads(nonla_cli("consent", "list", "--subject", "a-01", home=nonla_home).stdout)
    revoked = nonla_cli("consent", "revoke", str(listed[0]["id"]), home=nonla_home)
    assert revoked.returncode == 0 and json.loads(revoked.stdout)["active"] is False
    missing = nonla_cli("faces", "search", "crew", str(tmp_path / "none.jpg"), home=nonla_home)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr

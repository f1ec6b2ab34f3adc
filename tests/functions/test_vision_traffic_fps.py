"""vision.traffic on videos whose header states a frame rate no camera records at, and the data: URLs it reads."""

from __future__ import annotations

import base64
import os
import struct
import tempfile

import pytest

import nonla
from nonla.functions.vision.traffic_examples import CLIP_MP4
from nonla.functions.vision.traffic_report import per_minute
from nonla.functions.vision.traffic_synth import render
from nonla.functions.vision.traffic_track import Track


def mjpg_avi(frames_per_second_scale: int) -> bytes:
    """A 30-frame MJPG AVI whose header states a frame rate of 1 / frames_per_second_scale."""
    import cv2

    video = render(seed=3, objects=10, frames=30, width=160, height=120)
    handle, path = tempfile.mkstemp(suffix=".avi")
    os.close(handle)
    try:
        writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), 1.0, (160, 120))
        for frame in video.frames:
            writer.write(frame)
        writer.release()
        with open(path, "rb") as file:
            data = bytearray(file.read())
    finally:
        os.unlink(path)
    stream_header = data.find(b"strh")
    struct.pack_into("<II", data, stream_header + 28, frames_per_second_scale, 1)  # dwScale, dwRate
    return bytes(data)


@pytest.mark.parametrize("scale", [1_000_000, 4_000_000_000])
def test_a_frame_rate_no_camera_records_at_counts_as_unknown(scale: int) -> None:
    out = nonla.run("vision.traffic", data=base64.b64encode(mjpg_avi(scale)).decode(), keyframes=True)
    assert out.frames == 30 and out.fps == 0.0
    assert len(out.per_minute) == 1 and out.per_minute[0].minute == 0
    assert out.per_minute[0].forward + out.per_minute[0].backward == out.counts["total"]
    assert all(k.seconds is None for k in out.keyframes or [])


def test_the_per_minute_table_never_outgrows_the_frames_read() -> None:
    crossing = Track(1, [(20, 0.0, 0.0)], crossed="forward", crossed_frame=20, areas=[100.0])
    rows = per_minute([crossing], fps=1e-9, frames=30)
    assert len(rows) <= 30 and sum(r["forward"] for r in rows) == 1


@pytest.mark.parametrize("prefix", ["DATA:video/mp4;base64,", "  data:video/mp4;base64,", "Data:;base64,"])
def test_data_urls_are_read_as_vision_ocr_reads_them(prefix: str) -> None:
    out = nonla.run("vision.traffic", data=prefix + CLIP_MP4 + "\n")
    assert out.counts == {"forward": 1, "backward": 1, "total": 2}

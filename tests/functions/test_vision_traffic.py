"""vision.traffic on rendered clips with known counts, tracks on request, and bad videos as clear errors."""

from __future__ import annotations

import base64

import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.functions.vision.traffic import count
from nonla.functions.vision.traffic_examples import CLIP_MP4
from nonla.functions.vision.traffic_synth import render


def test_the_example_clip_counts_one_each_way_with_tracks() -> None:
    out = nonla.run("vision.traffic", data=CLIP_MP4, tracks=True)
    assert out.counts == {"forward": 1, "backward": 1, "total": 2}
    assert (out.frames, out.width, out.height, out.fps) == (48, 160, 120, 15.0)
    crossed = sorted(t.crossed for t in out.tracks or [] if t.crossed)
    assert crossed == ["backward", "forward"]
    assert nonla.run("vision.traffic", data=CLIP_MP4).tracks is None


def test_a_line_nobody_crosses_counts_nothing() -> None:
    assert nonla.run("vision.traffic", data=CLIP_MP4, line=[0.02, 0.0, 0.02, 1.0]).counts["total"] == 0


def test_counts_a_steady_scene_closely() -> None:
    video = render(seed=3, objects=10, frames=150)
    counts = count(video.frames, [0.0, 0.5, 1.0, 0.5], 0.002)[0]
    assert abs(counts["forward"] - video.forward) + abs(counts["backward"] - video.backward) <= 1


def test_bad_videos_are_clear_errors() -> None:
    for data in ("không phải base64", base64.b64encode(b"\x00" * 500).decode(), "QUJD"):
        with pytest.raises(InvalidInput) as bad:
            nonla.run("vision.traffic", data=data)
        assert bad.value.http_status == 422 and bad.value.hint
    with pytest.raises(InvalidInput):
        nonla.run("vision.traffic", data=CLIP_MP4, line=[0, 0.5, 1])

"""vision.traffic on rendered clips with known counts, tracks on request, per-minute counts, approximate size
classes, keyframes, and bad videos as clear errors."""

from __future__ import annotations

import base64

import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.functions.vision.traffic import TWO_WHEELER_AREA, Output, analyse, count
from nonla.functions.vision.traffic_examples import CLIP_MP4
from nonla.functions.vision.traffic_report import kind_of, per_minute
from nonla.functions.vision.traffic_synth import render
from nonla.functions.vision.traffic_track import Track


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


def test_counts_come_per_minute_and_by_approximate_size_class() -> None:
    out = nonla.run("vision.traffic", data=CLIP_MP4, tracks=True)
    assert [m.model_dump() for m in out.per_minute] == [{"minute": 0, "forward": 1, "backward": 1}]
    for direction in ("forward", "backward"):
        assert sum(out.classes[direction].values()) == out.counts[direction]
        assert set(out.classes[direction]) == {"two_wheeler", "car_truck"}
    assert "approximate, by blob size" in Output.model_fields["classes"].description.lower()
    assert "no vehicle classifier weights are available offline" in Output.model_fields["classes"].description
    crossed = [t for t in out.tracks or [] if t.crossed]
    assert all(t.crossed_frame is not None and t.kind in ("two_wheeler", "car_truck") for t in crossed)
    everything_small = nonla.run("vision.traffic", data=CLIP_MP4, two_wheeler_area=0.5).classes
    assert everything_small["forward"] == {"two_wheeler": 1, "car_truck": 0}


def test_size_classes_match_the_rendered_cars_and_motorbikes() -> None:
    video = render(seed=2, objects=10, frames=150)
    found = analyse(video.frames, [0.0, 0.5, 1.0, 0.5], 0.002, fps=video.fps)
    truth = sorted((c.direction, c.kind) for c in video.crossings)
    assert len(truth) == video.forward + video.backward
    guessed = sorted((t.crossed, kind_of(t, 320 * 240, TWO_WHEELER_AREA)) for t in found.tracks if t.crossed)
    assert guessed == truth


def test_minutes_follow_video_time() -> None:
    late = Track(1, [(1900, 0.0, 0.0)], crossed="backward", crossed_frame=1900, areas=[100.0])
    rows = per_minute([late], fps=15.0, frames=2000)
    assert [r["minute"] for r in rows] == [0, 1, 2] and rows[2]["backward"] == 1
    assert per_minute([late], fps=0.0, frames=2000) == [{"minute": 0, "forward": 0, "backward": 1}]


def test_keyframes_are_capped_annotated_jpegs() -> None:
    import cv2
    import numpy as np

    assert nonla.run("vision.traffic", data=CLIP_MP4).keyframes is None
    out = nonla.run("vision.traffic", data=CLIP_MP4, keyframes=True)
    assert [(k.forward + k.backward) for k in out.keyframes or []] == [1, 2]
    image = cv2.imdecode(np.frombuffer(base64.b64decode(out.keyframes[0].jpeg), np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (120, 160, 3)
    assert out.keyframes[0].seconds == round(out.keyframes[0].frame / 15.0, 2)
    capped = nonla.run("vision.traffic", data=CLIP_MP4, keyframes=True, max_keyframes=1).keyframes
    assert capped is not None and len(capped) == 1
    with pytest.raises(InvalidInput):
        nonla.run("vision.traffic", data=CLIP_MP4, keyframes=True, max_keyframes=0)


def test_wide_keyframes_are_scaled_down() -> None:
    video = render(seed=4, objects=6, frames=90, width=960, height=540)
    found = analyse(video.frames, [0.0, 0.5, 1.0, 0.5], 0.002, fps=video.fps, keyframes=1)
    assert len(found.keyframes) == 1
    jpeg = base64.b64decode(found.keyframes[0]["jpeg"])
    assert jpeg[:2] == b"\xff\xd8" and len(jpeg) < 200_000


def test_the_default_min_area_keeps_motorbikes_on_larger_frames() -> None:
    video = render(seed=101, objects=10, frames=150, width=640, height=360)
    assert sum(c.kind == "two_wheeler" for c in video.crossings) >= 3
    counts = count(video.frames, [0.0, 0.5, 1.0, 0.5], None)[0]
    assert abs(counts["forward"] - video.forward) + abs(counts["backward"] - video.backward) <= 1
    fixed_share = count(video.frames, [0.0, 0.5, 1.0, 0.5], 0.002)[0]  # 0.2 % of 640x360 is more than a motorbike
    assert fixed_share["total"] < counts["total"]

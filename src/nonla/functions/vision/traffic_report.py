"""From counted tracks to the report's extras: counts per minute, size classes, and annotated keyframes.

Classes are told apart by blob size only (no vehicle classifier weights can be had offline): a crossing whose
track's median blob area, as a share of the frame, is below the threshold is a two-wheeler, otherwise a car or truck.

>>> from nonla.functions.vision.traffic_track import Track
>>> small = Track(1, [(30, 0.0, 0.0)], crossed="forward", crossed_frame=30, areas=[200.0, 220.0, 240.0])
>>> large = Track(2, [(1000, 0.0, 0.0)], crossed="backward", crossed_frame=1000, areas=[1100.0])
>>> kind_of(small, 76800, 0.006), kind_of(large, 76800, 0.006)
('two_wheeler', 'car_truck')
>>> per_minute([small, large], fps=15.0, frames=1200)
[{'minute': 0, 'forward': 1, 'backward': 0}, {'minute': 1, 'forward': 0, 'backward': 1}]
>>> classes([small, large], 76800, 0.006)["backward"]
{'two_wheeler': 0, 'car_truck': 1}
"""

from __future__ import annotations

import base64
import math
from typing import Any

from nonla.functions.vision.traffic_track import LineCounter, Track

KINDS = ("two_wheeler", "car_truck")
DIRECTIONS = ("forward", "backward")
KEYFRAME_WIDTH = 640  # keyframes wider than this are scaled down, to keep the reply small
KEYFRAME_QUALITY = 75


def kind_of(track: Track, frame_area: float, two_wheeler_area: float) -> str:
    """'two_wheeler' when the track's median blob area is below two_wheeler_area of the frame, else 'car_truck'."""
    return "two_wheeler" if track.median_area() < two_wheeler_area * frame_area else "car_truck"


def classes(tracks: list[Track], frame_area: float, two_wheeler_area: float) -> dict[str, dict[str, int]]:
    table = {direction: dict.fromkeys(KINDS, 0) for direction in DIRECTIONS}
    for track in tracks:
        if track.crossed in table:
            table[track.crossed][kind_of(track, frame_area, two_wheeler_area)] += 1
    return table


def per_minute(tracks: list[Track], fps: float, frames: int) -> list[dict[str, int]]:
    """Crossings in each minute of video time, from minute 0 to the video's last (all in minute 0 without an fps)."""

    def minute(frame: float) -> int:
        return int(frame / fps // 60) if fps > 0 else 0

    last = minute(max(frames - 1, 0))
    rows = [{"minute": m, "forward": 0, "backward": 0} for m in range(last + 1)]
    for track in tracks:
        if track.crossed in DIRECTIONS and track.crossed_frame is not None:
            rows[min(minute(track.crossed_frame), last)][track.crossed] += 1
    return rows


def keyframe(frame: Any, index: int, fps: float, counter: LineCounter, tracks: list[Track],
             crossed: list[Track]) -> dict[str, Any]:  # fmt: skip
    """The frame as a JPEG (base64) with the line, the boxes of the objects seen in it and the running counts."""
    import cv2

    image = frame.copy()
    x0, y0, x1, y1 = (int(round(v)) for v in counter.line)
    cv2.line(image, (x0, y0), (x1, y1), (0, 255, 255), 2)
    crossing = {track.id for track in crossed}
    for track in tracks:
        if track.missing or track.box is None:
            continue
        x, y, w, h = track.box
        colour = (0, 0, 255) if track.id in crossing else (0, 200, 0)
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, 2)
        label = f"#{track.id} {track.crossed}" if track.id in crossing else f"#{track.id}"
        cv2.putText(image, label, (x, max(y - 4, 10)), cv2.FONT_HERSHEY_SIMPLEX, 0.4, colour, 1, cv2.LINE_AA)
    text = f"forward {counter.counts['forward']}  backward {counter.counts['backward']}"
    (text_width, text_height), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
    cv2.rectangle(image, (0, 0), (text_width + 12, text_height + 12), (0, 0, 0), -1)  # readable on any scene
    cv2.putText(image, text, (6, text_height + 6), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1, cv2.LINE_AA)
    height, width = image.shape[:2]
    if width > KEYFRAME_WIDTH:
        scale = KEYFRAME_WIDTH / width
        image = cv2.resize(image, (KEYFRAME_WIDTH, max(1, math.floor(height * scale))), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, KEYFRAME_QUALITY])
    return {
        "frame": index,
        "seconds": round(index / fps, 2) if fps > 0 else None,
        "forward": counter.counts["forward"],
        "backward": counter.counts["backward"],
        "jpeg": base64.b64encode(jpeg.tobytes()).decode("ascii") if ok else "",
    }

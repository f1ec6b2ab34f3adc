"""Synthetic traffic videos with known counts: vehicle-sized blobs crossing a counting line on a textured road.

Used by the card's example, the tests and evaluation/vision_traffic.py. Objects (car-sized rectangles,
motorbike-sized ellipses: smaller and narrower) drive down or up their lane at their own speed; the truth is how
many cross the middle line each way while the video runs, and which of them are cars and which two-wheelers.
Noise and a slow or sudden change of light make it harder, as a street camera does.

>>> video = render(seed=1, objects=4, frames=60)
>>> len(video.frames), video.frames[0].shape, video.forward + video.backward <= 4
(60, (240, 320, 3), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Crossing:
    direction: str  # forward (down) | backward (up)
    kind: str  # car_truck | two_wheeler
    frame: float  # when the object's centre is on the middle line
    x: int  # its lane, in pixels


@dataclass
class SyntheticVideo:
    frames: list[Any] = field(default_factory=list)
    forward: int = 0  # moving down across the middle line (the default line's forward direction)
    backward: int = 0
    fps: float = 15.0
    crossings: list[Crossing] = field(default_factory=list)  # one per counted crossing, in the movers' order


def _background(rng: Any, width: int, height: int) -> Any:
    import cv2
    import numpy as np

    texture = rng.normal(110, 18, (height, width)).astype(np.float32)
    texture = cv2.GaussianBlur(texture, (0, 0), 1.2)
    for x in range(width // 4, width, width // 4):  # lane markings
        texture[:, x - 1 : x + 1] = 200
    grey = np.clip(texture, 0, 255).astype(np.uint8)
    return cv2.merge([grey, grey, grey])


def render(seed: int, objects: int = 8, frames: int = 150, width: int = 320, height: int = 240, noise: float = 4.0,
           light: str = "steady") -> SyntheticVideo:  # fmt: skip
    """light: steady | drift (slowly brighter) | step (a sudden change of light at the middle of the video)."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    road = _background(rng, width, height)
    count = max(2, width // 40)  # lanes 40 px apart: wide enough for a car and a gap
    lanes = [int(width * (i + 0.5) / count) for i in range(count)]
    movers = []
    for i in range(objects):
        car = rng.random() < 0.5
        size = (int(rng.integers(22, 30)), int(rng.integers(36, 50))) if car else (int(rng.integers(10, 14)), int(rng.integers(20, 26)))  # fmt: skip
        down = bool(rng.random() < 0.5)
        speed = float(rng.uniform(2.5, 6.0)) * (1 if down else -1)
        start = int(rng.integers(0, max(1, frames - int(height / abs(speed)) // 2)))
        colour = tuple(int(c) for c in rng.choice([30, 60, 170, 220, 240], 3))
        movers.append({"x": lanes[i % count], "y0": -size[1] if down else height + size[1], "speed": speed, "start": start,
                       "size": size, "car": car, "colour": colour})  # fmt: skip
    video = SyntheticVideo()
    middle = height / 2
    for t in range(frames):
        frame = road.copy()
        for m in movers:
            if t < m["start"]:
                continue
            y = m["y0"] + m["speed"] * (t - m["start"])
            half_w, half_h = m["size"][0] // 2, m["size"][1] // 2
            if m["car"]:
                cv2.rectangle(
                    frame, (m["x"] - half_w, int(y) - half_h), (m["x"] + half_w, int(y) + half_h), m["colour"], -1
                )
            else:
                cv2.ellipse(frame, (m["x"], int(y)), (half_w, half_h), 0, 0, 360, m["colour"], -1)
        gain = 1.0 + (0.4 * t / frames if light == "drift" else 0.35 if light == "step" and t >= frames // 2 else 0.0)
        noisy = frame.astype(np.float32) * gain + rng.normal(0, noise, frame.shape)
        video.frames.append(np.clip(noisy, 0, 255).astype(np.uint8))
    for m in movers:
        end = m["y0"] + m["speed"] * (frames - 1 - m["start"])
        if m["start"] < frames and min(m["y0"], end) < middle < max(m["y0"], end):
            if m["speed"] > 0:
                video.forward += 1
            else:
                video.backward += 1
            kind = "car_truck" if m["car"] else "two_wheeler"
            at = m["start"] + (middle - m["y0"]) / m["speed"]
            video.crossings.append(Crossing("forward" if m["speed"] > 0 else "backward", kind, at, m["x"]))
    return video


def encode(video: SyntheticVideo, path: str) -> None:
    """Write the frames as an MJPG .avi (OpenCV reads it back without any codec of the system)."""
    import cv2

    height, width = video.frames[0].shape[:2]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), video.fps, (width, height))
    for frame in video.frames:
        writer.write(frame)
    writer.release()

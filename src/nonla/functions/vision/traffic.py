"""vision.traffic — count the moving objects that cross a counting line in a short video, each way.

>>> import nonla
>>> from nonla.functions.vision.traffic_examples import CLIP_MP4
>>> nonla.run("vision.traffic", data=CLIP_MP4).counts
{'forward': 1, 'backward': 1, 'total': 2}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, function
from nonla.core.models import Models
from nonla.functions.vision.traffic_examples import CLIP_MP4
from nonla.functions.vision.traffic_track import CentroidTracker, LineCounter, blobs
from nonla.functions.vision.traffic_video import MAX_VIDEO_CHARS, Mog2Foreground, frames, video_bytes

WARM_UP_FRAMES = 5  # the background model flags everything in its first frames


class Input(BaseModel):
    data: str = Field(min_length=1, max_length=MAX_VIDEO_CHARS,
                      description="The video's bytes, base64 (a data: URL works too): MP4 or MJPG AVI, at most 50 MB.")  # fmt: skip
    line: list[float] = Field([0.0, 0.5, 1.0, 0.5], min_length=4, max_length=4,
                              description="The counting line [x0, y0, x1, y1] as fractions of the width and height.")  # fmt: skip
    min_area: float = Field(0.002, gt=0, le=0.5, description="Smallest moving blob, as a fraction of the frame area.")
    max_frames: int = Field(3000, ge=2, le=20_000, description="Read at most this many frames.")
    tracks: bool = Field(False, description="Also return every track's centroids, frame by frame.")


class TrackOut(BaseModel):
    id: int
    crossed: Literal["forward", "backward"] | None
    points: list[list[float]] = Field(description="[frame, x, y] of the blob's centroid in pixels.")


class Output(BaseModel):
    counts: dict[str, int] = Field(description="forward: crossings from the left of the line to its right, looking "
                                   "from its first point to its second (for the default line: moving down); "
                                   "backward: the other way; total.")  # fmt: skip
    frames: int
    fps: float
    width: int
    height: int
    tracks: list[TrackOut] | None = None


CARD = Card(
    summary="Counts moving objects (vehicles, people) crossing a line in a short video, per direction.",
    languages=["*"],
    licence="Apache-2.0 (code); OpenCV (Apache-2.0)",
    models=[],
    metrics={"count accuracy %": 93.16, "exact videos %": 50.0},
    peers={"frame difference count accuracy %": 13.25, "frame difference exact videos %": 0.0},
    evaluation="python evaluation/vision_traffic.py",
    evaluation_data="24 synthetic videos rendered by nonla (320x240, 150 frames, 10 car- or motorbike-sized "
    "objects each on a textured road with noise; steady, drifting and suddenly changing light), 234 known "
    "crossings; synthetic, not street footage",
    risk=Risk.LIMITED,
    intended_use="Traffic and footfall counts at a fixed camera: how many pass a gate or a stop line each way.",
    limitations="No vehicle classifier weights can be had offline, so it counts moving blobs, not cars or "
    "motorbikes: classes are not told apart, objects that move together count once, a parked object that starts "
    "moving counts, and camera shake or sudden light changes can add or lose counts (85.9 % accuracy with a sudden change of light, "
    "97.4 % in steady light). Measured on rendered videos only. The camera must not move.",
    examples=[{"data": CLIP_MP4}, {"data": CLIP_MP4, "line": [0.0, 0.6, 1.0, 0.6], "tracks": True}],
)


def count(frame_list: Iterable[Any], line: list[float], min_area: float,
          make_mask: Callable[[], Callable[[Any], Any]] = Mog2Foreground) -> tuple[dict[str, int], int, int, int, list[Any]]:  # fmt: skip
    """(counts, frames, width, height, tracks) for frames (BGR arrays); make_mask builds the foreground model."""
    mask_of = make_mask()
    tracker: CentroidTracker | None = None
    counter: LineCounter | None = None
    width = height = seen = 0
    for index, frame in enumerate(frame_list):
        if tracker is None:
            height, width = frame.shape[:2]
            tracker = CentroidTracker(max_distance=0.12 * max(width, height), max_missing=4)
            counter = LineCounter((line[0] * width, line[1] * height, line[2] * width, line[3] * height))
        mask = mask_of(frame)
        seen = index + 1
        if index < WARM_UP_FRAMES:
            continue
        area = width * height
        assert counter is not None
        counter.update(tracker.update(blobs(mask, min_area * area, 0.25 * area), index))
    if tracker is None or counter is None:
        return {"forward": 0, "backward": 0, "total": 0}, 0, 0, 0, []
    counts = {**counter.counts, "total": sum(counter.counts.values())}
    return counts, seen, width, height, tracker.tracks()


def _one(item: Input) -> Output:
    fps, frame_list = frames(video_bytes(item.data), item.max_frames)
    counts, seen, width, height, tracks = count(frame_list, item.line, item.min_area)
    listed = None
    if item.tracks:
        listed = [TrackOut(id=t.id, crossed=t.crossed, points=[[f, round(x, 1), round(y, 1)] for f, x, y in t.points])
                  for t in tracks]  # fmt: skip
    return Output(counts=counts, frames=seen, fps=round(fps, 3), width=width, height=height, tracks=listed)


@function("vision.traffic", version=1, card=CARD, batch_size=1)
def run(batch: list[Input], models: Models) -> list[Output]:
    return [_one(item) for item in batch]

"""Reading a short video from base64 bytes, and turning frames into foreground masks (MOG2, or frame differences).

OpenCV reads the container from a temporary file (its readers take paths); the file is removed at once.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.functions.vision.base64_data import base64_bytes

MAX_VIDEO_BYTES = 50 * 1024 * 1024
MAX_VIDEO_CHARS = (MAX_VIDEO_BYTES + 2) // 3 * 4 + 200
# A decoded frame takes 3 bytes a pixel, so a small MJPG file of huge frames is refused before its first frame is
# read; 8K UHD passes.
MAX_FRAME_PIXELS = 7680 * 4320
# Frames larger than this are analysed scaled down: the background model keeps about 100 bytes of state per pixel
# (over 3 GB at 8K), and 1280x720 still shows a vehicle with plenty of pixels.
WORK_PIXELS = 1280 * 720
# A frame rate a container declares outside this range is a damaged or hand-edited header, not a camera's (a
# time-lapse of one frame in 10 s cannot be tracked anyway); such a video is reported as having no frame rate.
MIN_FPS, MAX_FPS = 0.1, 1000.0


def video_bytes(encoded: str) -> bytes:
    """The video's bytes from base64 or a data: URL, read as vision.ocr reads its files."""
    data = base64_bytes(encoded)
    if not data and encoded.strip():
        raise InvalidInput("Field 'data' is not base64: send the video's bytes base64-encoded.",
                           hint="Encode the file, e.g. `base64 -w0 clip.mp4`.", field="data")  # fmt: skip
    if len(data) < 64:
        raise InvalidInput("Field 'data' is too short to be a video.", field="data")
    return data


def frames(data: bytes, max_frames: int) -> tuple[float, Iterator[Any]]:
    """(fps, frames as BGR arrays); a file OpenCV cannot read is the caller's to fix."""
    import cv2

    handle, path = tempfile.mkstemp(suffix=".video")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    capture = cv2.VideoCapture(path)
    ok, first = False, None
    try:
        if capture.isOpened():
            _check_size(int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
            ok, first = capture.read()
            if ok and first is not None:  # a container may state a smaller size than its frames have
                _check_size(first.shape[1], first.shape[0])
        if not ok or first is None:
            raise InvalidInput("The video could not be read.", hint="Send an MP4 (H.264 or MPEG-4) or MJPG AVI file.",
                               field="data")  # fmt: skip
    except InvalidInput:
        capture.release()
        os.unlink(path)
        raise
    fps = plausible_fps(float(capture.get(cv2.CAP_PROP_FPS) or 0.0))

    def read() -> Iterator[Any]:
        try:
            yield first
            for _ in range(max_frames - 1):
                ok, frame = capture.read()
                if not ok:
                    return
                yield frame
        finally:
            capture.release()
            os.unlink(path)

    return fps, read()


def plausible_fps(declared: float) -> float:
    """The declared frame rate, or 0.0 (unknown) when it is not finite or outside MIN_FPS to MAX_FPS.

    >>> plausible_fps(25.0), plausible_fps(1e-6), plausible_fps(float("nan")), plausible_fps(90000.0)
    (25.0, 0.0, 0.0, 0.0)
    """
    return declared if math.isfinite(declared) and MIN_FPS <= declared <= MAX_FPS else 0.0


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_FRAME_PIXELS:
        raise InvalidInput(f"The video's frames are {width:,}×{height:,} pixels; the limit is {MAX_FRAME_PIXELS:,} "
                           "pixels (8K UHD).", hint="Scale the video down, e.g. `ffmpeg -i in.mp4 -vf scale=1280:-2 "
                           "out.mp4`.", field="data", problem="too_large")  # fmt: skip


def work_size(width: int, height: int) -> tuple[int, int]:
    """(width, height) frames are analysed at: their own up to WORK_PIXELS, scaled down to about that above.

    >>> work_size(640, 360), work_size(2560, 1440)
    ((640, 360), (1280, 720))
    """
    scale = min(1.0, (WORK_PIXELS / max(1, width * height)) ** 0.5)
    return max(1, round(width * scale)), max(1, round(height * scale))


def resized(frame: Any, size: tuple[int, int]) -> Any:
    """The frame at size (width, height); any frame of another size is brought to it, as the models need one size."""
    import cv2

    height, width = frame.shape[:2]
    return frame if (width, height) == size else cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


class Mog2Foreground:
    """MOG2 background model; shadows (grey in its mask) are dropped, small holes closed."""

    def __init__(self) -> None:
        import cv2

        self._cv2 = cv2
        self._model = cv2.createBackgroundSubtractorMOG2(history=300, varThreshold=32, detectShadows=True)
        self._open = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
        self._close = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))

    def __call__(self, frame: Any) -> Any:
        cv2 = self._cv2
        mask = self._model.apply(frame)
        _, mask = cv2.threshold(mask, 200, 255, cv2.THRESH_BINARY)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, self._open)
        return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, self._close)


class FrameDifference:
    """The baseline: pixels that changed since the previous frame."""

    def __init__(self) -> None:
        import cv2

        self._cv2 = cv2
        self._previous: Any = None
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))

    def __call__(self, frame: Any) -> Any:
        cv2 = self._cv2
        grey = cv2.GaussianBlur(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), (5, 5), 0)
        previous, self._previous = self._previous, grey
        if previous is None:
            return grey * 0
        _, mask = cv2.threshold(cv2.absdiff(grey, previous), 25, 255, cv2.THRESH_BINARY)
        return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, self._kernel)

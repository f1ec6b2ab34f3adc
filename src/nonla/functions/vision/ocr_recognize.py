"""One page image to lines: turn it upright (90/180/270), straighten a small skew, then recognise.

Orientation comes from tesseract's OSD when its language file is installed and sure enough; otherwise, or when
OSD cannot tell, a page read with low confidence is read again at the other three quarter turns and the most
confident reading is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nonla.functions.vision.ocr_engine import Engines, Line

MIN_OSD_CONFIDENCE = 2.0  # tesseract's orient_conf: full pages score 10–20, a wrong guess on noise below 1
MIN_SKEW, MAX_SKEW = 0.3, 10.0  # degrees: below, straightening costs more than it gives; above, it is not skew
LINE_HEIGHT, MAX_LINE_HEIGHT = 18, 24  # px of the inked band of a line (about its x-height): read best, read as is
LOW_CONFIDENCE = 0.6  # below this a page is tried at the other quarter turns (when OSD did not decide)


@dataclass(frozen=True)
class Reading:
    lines: list[Line]
    width: int
    height: int
    rotation: int  # degrees the page was turned clockwise to read it
    skew: float  # degrees the page was straightened by (counter-clockwise positive)

    @property
    def confidence(self) -> float:
        return mean_confidence(self.lines)


def mean_confidence(lines: list[Line]) -> float:
    """Confidence of a page: each line's weighted by its length (0 when nothing was read).

    >>> mean_confidence([Line("abc", (0, 0, 1, 1), 0.9), Line("a", (0, 0, 1, 1), 0.5)])
    0.8
    """
    chars = sum(len(line.text) for line in lines)
    return round(sum(line.confidence * len(line.text) for line in lines) / chars, 4) if chars else 0.0


def _turn(image: Any, counter_clockwise: int) -> Any:
    from PIL import Image

    turns = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    return image.transpose(turns[counter_clockwise]) if counter_clockwise in turns else image


def estimate_layout(image: Any) -> tuple[float, float]:
    """(skew, line height): the degrees (counter-clockwise positive) by which the lines of text lean, found as the
    shear that makes the horizontal profile of dark pixels sharpest (0.5° steps over ±MAX_SKEW, then 0.1°), and the
    median height in pixels of the inked bands of that profile (0 when the page shows no lines)."""
    import numpy as np

    scale = min(1.0, 1000 / max(image.width, 1))
    small = (
        image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale)))) if scale < 1 else image
    )
    pixels = np.asarray(small, dtype=np.int16)
    low, high = np.percentile(pixels, (1, 99))
    if high - low < 40:  # a blank or flat page
        return 0.0, 0.0
    ys, xs = np.nonzero(pixels < (low + high) / 2)
    if len(ys) < 200:
        return 0.0, 0.0

    def profile(degrees: float) -> Any:
        shifted = ys + np.round(xs * np.tan(np.radians(degrees))).astype(np.int64)
        return np.bincount(shifted - shifted.min()).astype(np.float64)

    def sharpness(degrees: float) -> float:
        rows = profile(degrees)
        return float(np.sum(rows * rows))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness))
    inked = profile(fine) > 0.1 * np.percentile(profile(fine), 95)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(np.int8), [0]))))
    bands = edges[1::2] - edges[0::2]
    bands = bands[bands >= 3]  # specks are not lines
    height = float(np.median(bands)) / scale if len(bands) >= 2 else 0.0
    return round(fine, 2), round(height, 1)


def _straighten(image: Any) -> tuple[Any, float, float]:
    from PIL import Image

    skew, height = estimate_layout(image)
    if not MIN_SKEW <= abs(skew) <= MAX_SKEW:
        return image, 0.0, height
    return image.rotate(-skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), skew, height


def _read(image: Any, engines: Engines, langs: str, counter_clockwise: int) -> Reading:
    from PIL import Image

    turned = _turn(image, counter_clockwise)
    straight, skew, height = _straighten(turned)
    # Tesseract's layout analysis loses lines of very large print (a 12 pt page scanned at 300 dpi and up): read
    # such pages at a size where a line is LINE_HEIGHT pixels, and give the boxes back at the page's own size.
    factor = LINE_HEIGHT / height if height > MAX_LINE_HEIGHT else 1.0
    read = straight
    if factor < 1:
        read = straight.resize(
            (round(straight.width * factor), round(straight.height * factor)), Image.Resampling.LANCZOS
        )
    lines = [Line(line.text, tuple(round(v / factor) for v in line.box), line.confidence)  # type: ignore[misc]
             for line in engines.lines(read, langs)]  # fmt: skip
    return Reading(lines, straight.width, straight.height, (360 - counter_clockwise) % 360, skew)


def sideways(lines: list[Line]) -> bool:
    """Whether most of the text lies in lines taller than wide: tesseract can read a page turned a quarter, but
    then the page was not turned upright (OSD guesses wrong on a page of one or two lines).

    >>> sideways([Line("Cộng hòa", (64, 84, 108, 665), 0.9)]), sideways([Line("Cộng hòa", (82, 64, 662, 97), 0.9)])
    (True, False)
    """
    words = [line for line in lines if len(line.text) >= 3]  # a lone digit or letter may well be taller than wide
    upright = sum(len(line.text) for line in words if line.box[2] - line.box[0] >= line.box[3] - line.box[1])
    return sum(len(line.text) for line in words) > 2 * upright


def _better(other: Reading, best: Reading) -> bool:
    """A reading with its lines across the page beats a sideways one; otherwise the clearly more confident wins."""
    if sideways(other.lines) != sideways(best.lines):
        return not sideways(other.lines) and other.confidence > 0
    return other.confidence > best.confidence + 0.05


def recognise(image: Any, engines: Engines, langs: str, use_osd: bool) -> Reading:
    """Read one grey page image the right way up."""
    decided = None
    if use_osd:
        found = engines.osd(image)
        if found is not None and found[1] >= MIN_OSD_CONFIDENCE:
            decided = found[0] % 360
    first = decided or 0
    best = _read(image, engines, langs, first)
    if not sideways(best.lines) and (decided is not None or best.confidence >= LOW_CONFIDENCE):
        return best
    for quarter in (0, 90, 180, 270):
        if quarter != first:
            other = _read(image, engines, langs, quarter)
            if _better(other, best):
                best = other
    return best

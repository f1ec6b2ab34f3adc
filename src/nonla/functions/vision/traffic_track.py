"""From foreground masks to counts: blobs, a centroid tracker, and the crossings of a counting line.

A track crosses when its centroid moves from one side of the line to the other within the segment's extent; each
track counts at most once. 'forward' is crossing from the left of the line to its right, looking from its first
point to its second: for a line drawn left to right across the image, that is moving down.

>>> counter = LineCounter((0, 50, 100, 50))
>>> tracker = CentroidTracker(max_distance=30, max_missing=3)
>>> for y in (30, 40, 48, 55, 62):
...     newly = counter.update(tracker.update([(20.0, float(y))], frame=y))
>>> counter.counts, tracker.tracks()[0].crossed_frame
({'forward': 1, 'backward': 0}, 55)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Point = tuple[float, float]
Box = tuple[int, int, int, int]  # x, y, width, height in pixels


@dataclass
class Region:
    centroid: Point
    area: float
    box: Box


@dataclass
class Track:
    id: int
    points: list[tuple[int, float, float]] = field(default_factory=list)  # (frame, x, y)
    missing: int = 0
    crossed: str | None = None
    crossed_frame: int | None = None
    areas: list[float] = field(default_factory=list)  # blob area in pixels, one per frame seen
    box: Box | None = None  # where it was last seen

    def median_area(self) -> float:
        ordered = sorted(self.areas)
        if not ordered:
            return 0.0
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def regions(mask: Any, min_area: float, max_area: float) -> list[Region]:
    """The foreground's connected regions whose area is within [min_area, max_area], left to right."""
    import cv2

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if min_area <= area <= max_area:
            moments = cv2.moments(contour)
            if moments["m00"] > 0:
                centroid = (moments["m10"] / moments["m00"], moments["m01"] / moments["m00"])
                box = tuple(int(v) for v in cv2.boundingRect(contour))
                found.append(Region(centroid, float(area), box))  # type: ignore[arg-type]
    return sorted(found, key=lambda r: r.centroid)


def blobs(mask: Any, min_area: float, max_area: float) -> list[Point]:
    """Centroids of the foreground's connected regions whose area is within [min_area, max_area]."""
    return [r.centroid for r in regions(mask, min_area, max_area)]


class CentroidTracker:
    """Greedy nearest-centroid matching frame to frame; a track ends after max_missing frames unseen."""

    def __init__(self, max_distance: float, max_missing: int = 5) -> None:
        self.max_distance = max_distance
        self.max_missing = max_missing
        self.active: list[Track] = []
        self.finished: list[Track] = []
        self._next = 1

    def update(self, centroids: list[Point], frame: int, found: list[Region] | None = None) -> list[Track]:
        """found: the regions behind the centroids, in the same order, so tracks keep their sizes and boxes."""
        pairs = sorted(((((t.points[-1][1] - x) ** 2 + (t.points[-1][2] - y) ** 2) ** 0.5, ti, ci)
                        for ti, t in enumerate(self.active) for ci, (x, y) in enumerate(centroids)))  # fmt: skip
        used_tracks: set[int] = set()
        used_points: set[int] = set()
        for gap, ti, ci in pairs:
            if gap > self.max_distance or ti in used_tracks or ci in used_points:
                continue
            used_tracks.add(ti)
            used_points.add(ci)
            track = self.active[ti]
            track.points.append((frame, *centroids[ci]))
            track.missing = 0
            self._measure(track, found, ci)
        for ti, track in enumerate(self.active):
            if ti not in used_tracks:
                track.missing += 1
        for ci, point in enumerate(centroids):
            if ci not in used_points:
                self.active.append(Track(self._next, [(frame, *point)]))
                self._measure(self.active[-1], found, ci)
                self._next += 1
        self.finished += [t for t in self.active if t.missing > self.max_missing]
        self.active = [t for t in self.active if t.missing <= self.max_missing]
        return self.active

    @staticmethod
    def _measure(track: Track, found: list[Region] | None, index: int) -> None:
        if found is not None:
            track.areas.append(found[index].area)
            track.box = found[index].box

    def tracks(self) -> list[Track]:
        return sorted(self.finished + self.active, key=lambda t: t.id)


class LineCounter:
    def __init__(self, line: tuple[float, float, float, float]) -> None:
        self.line = line
        self.counts = {"forward": 0, "backward": 0}

    def side(self, x: float, y: float) -> float:
        x0, y0, x1, y1 = self.line
        return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)

    def _within(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.line
        length = (x1 - x0) ** 2 + (y1 - y0) ** 2
        along = ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / length if length else 0.0
        return -0.05 <= along <= 1.05

    def update(self, tracks: list[Track]) -> list[Track]:
        """Count the tracks that crossed since their previous point; returns those, newly counted."""
        crossed = []
        for track in tracks:
            if track.crossed or len(track.points) < 2 or track.missing:
                continue
            (_, xa, ya), (_, xb, yb) = track.points[-2], track.points[-1]
            before, after = self.side(xa, ya), self.side(xb, yb)
            direction = "forward" if before < 0 <= after else "backward" if before > 0 >= after else None
            if direction and self._within((xa + xb) / 2, (ya + yb) / 2):
                track.crossed = direction
                track.crossed_frame = track.points[-1][0]
                self.counts[direction] += 1
                crossed.append(track)
        return crossed

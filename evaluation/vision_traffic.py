"""vision.traffic on rendered videos with known counts, against a frame-difference baseline with the same tracker.

24 videos, 320x240 at 15 fps, 150 frames each (traffic_synth.render, seeds 1-8, each with steady light, slowly
brightening light and a sudden change of light): 10 car- or motorbike-sized objects per video drive down or up
their lanes on a textured road with sensor noise. The truth is how many cross the middle line each way.
Each video is encoded as MPEG-4 and sent through vision.traffic as base64; the baseline reads the same file.

count accuracy % = 100 x (1 - sum of |counted - true| over videos and directions / sum of true counts);
exact videos % = videos where both directions are counted exactly.
class accuracy % = of the true crossings matched to a counted one (same direction, lane within 20 px, within 8
frames), the share whose size class (two_wheeler for the rendered motorbikes, car_truck for the cars) is right; its
peer gives the same matched crossings all the most common true class (frame-difference blobs match too few).
At 640x360: 2 further videos (150 frames, 15 fps, the same pixel-sized objects, so a motorbike covers a third of
the share of the frame it covers at 320x240) through vision.traffic with its defaults: counts and classes scored
as above, and the speed: frames processed per second
divided by the video's fps, decoding included (above 1 is faster than real time). It is a timing, so it is printed,
not put on the card. These are synthetic scenes: on real streets, where objects overlap, shadows fall and the
camera shakes, expect less.

python evaluation/vision_traffic.py [--json]
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from _common import Timer, args, report, run_all

SEEDS = range(1, 9)
LIGHTS = ("steady", "drift", "step")
LINE = [0.0, 0.5, 1.0, 0.5]
SPEED_SEEDS = (101, 102)
Crossed = tuple[str, float, float, str]  # direction, frame, x, kind


def class_hits(truth: list, counted: list[Crossed]) -> tuple[int, int]:  # type: ignore[type-arg]
    """(matched crossings, rightly classed among them): greedy nearest matches of true and counted crossings."""
    pairs = sorted((abs(t.frame - c[1]) + abs(t.x - c[2]), ti, ci) for ti, t in enumerate(truth)
                   for ci, c in enumerate(counted)
                   if t.direction == c[0] and abs(t.x - c[2]) <= 20 and abs(t.frame - c[1]) <= 8)  # fmt: skip
    used_truth: set[int] = set()
    used_counted: set[int] = set()
    right = 0
    for _, ti, ci in pairs:
        if ti in used_truth or ci in used_counted:
            continue
        used_truth.add(ti)
        used_counted.add(ci)
        right += truth[ti].kind == counted[ci][3]
    return len(used_truth), right


def class_accuracy(truth: list, counted: list[list[Crossed]]) -> float:  # type: ignore[type-arg]
    hits = [class_hits(t, c) for t, c in zip(truth, counted, strict=True)]
    return round(100 * sum(r for _, r in hits) / max(1, sum(m for m, _ in hits)), 2)


def at_640x360() -> tuple[float, dict[str, float], int]:
    """(frames processed per second over the video's fps, scores, true crossings) at 640x360, with the default
    min_area and size classes (run after the main pass: imports are warm)."""
    import time

    from nonla.functions.vision.traffic_synth import render

    frames_done, seconds, fps = 0, 0.0, 15.0
    truth, counted, crossings, crossed = [], [], [], []
    for seed in SPEED_SEEDS:
        video = render(seed, objects=10, frames=150, width=640, height=360)
        with tempfile.TemporaryDirectory() as tmp:
            payload = encode_mp4(video.frames, Path(tmp) / f"speed-{seed}.mp4", video.fps)
        item = {"data": base64.b64encode(payload).decode("ascii"), "line": LINE, "tracks": True}
        start = time.perf_counter()
        out = run_all("vision.traffic", [item], batch=1)[0]
        seconds += time.perf_counter() - start
        frames_done, fps = frames_done + out.frames, video.fps
        truth.append((video.forward, video.backward))
        counted.append((out.counts["forward"], out.counts["backward"]))
        crossings.append(video.crossings)
        crossed.append(crossed_of(out))
    found = scores(truth, counted)
    found["class accuracy %"] = class_accuracy(crossings, crossed)
    return round(frames_done / seconds / fps, 1), found, sum(a + b for a, b in truth)


def crossed_of(out) -> list[Crossed]:  # type: ignore[no-untyped-def]
    return [(t.crossed, t.crossed_frame, next(p[1] for p in t.points if p[0] == t.crossed_frame), t.kind)
            for t in out.tracks or [] if t.crossed]  # fmt: skip


def encode_mp4(frames: list, path: Path, fps: float) -> bytes:  # type: ignore[type-arg]
    import cv2

    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path.read_bytes()


def scores(truth: list[tuple[int, int]], counted: list[tuple[int, int]]) -> dict[str, float]:
    errors = sum(abs(c[0] - t[0]) + abs(c[1] - t[1]) for t, c in zip(truth, counted, strict=True))
    total = sum(t[0] + t[1] for t in truth)
    exact = sum(t == c for t, c in zip(truth, counted, strict=True))
    return {
        "count accuracy %": round(100 * (1 - errors / total), 2),
        "exact videos %": round(100 * exact / len(truth), 2),
    }


def main() -> None:
    from nonla.functions.vision.traffic import count
    from nonla.functions.vision.traffic_synth import render
    from nonla.functions.vision.traffic_video import FrameDifference, frames

    options = args(__doc__.splitlines()[0])
    truth, crossings, payloads = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            for light in LIGHTS:
                video = render(seed, objects=10, frames=150, light=light)
                truth.append((video.forward, video.backward))
                crossings.append(video.crossings)
                payloads.append(encode_mp4(video.frames, Path(tmp) / f"{seed}-{light}.mp4", video.fps))
    items = [{"data": base64.b64encode(p).decode("ascii"), "line": LINE, "tracks": True} for p in payloads]
    with Timer() as timer:
        outputs = run_all("vision.traffic", items, batch=1)
    ours = [(o.counts["forward"], o.counts["backward"]) for o in outputs]
    ours_crossed = [crossed_of(o) for o in outputs]
    baseline = []
    for payload in payloads:
        counts = count(frames(payload, 3000)[1], LINE, 0.002, FrameDifference)[0]
        baseline.append((counts["forward"], counts["backward"]))
    kinds = [c.kind for video in crossings for c in video]
    common = max(sorted(set(kinds)), key=kinds.count)
    as_common = [[(d, f, x, common) for d, f, x, _ in video] for video in ours_crossed]
    speed, large, large_truth = at_640x360()
    card, peer = scores(truth, ours), scores(truth, baseline)
    card["class accuracy %"] = class_accuracy(crossings, ours_crossed)
    card["count accuracy % at 640x360"] = large["count accuracy %"]
    card["class accuracy % at 640x360"] = large["class accuracy %"]
    peers = {f"frame difference {k}": v for k, v in peer.items()}
    peers["most common class accuracy %"] = class_accuracy(crossings, as_common)
    rows = {
        "vision.traffic (MOG2)": card,
        "frame difference (baseline)": peer,
        f"all {common} (class baseline)": {"class accuracy %": peers["most common class accuracy %"]},
    }
    for light in LIGHTS:
        picked = [i for i in range(len(truth)) if LIGHTS[i % len(LIGHTS)] == light]
        rows[f"  MOG2, light {light}"] = scores([truth[i] for i in picked], [ours[i] for i in picked])
    rows["  MOG2 at 640x360 (2 videos, default min_area)"] = large
    matched = sum(class_hits(t, c)[0] for t, c in zip(crossings, ours_crossed, strict=True))
    extra = {"videos": len(truth), "true crossings": sum(a + b for a, b in truth), "seconds": round(timer.seconds, 1),
             "crossings matched for the class accuracy": matched, "true crossings at 640x360": large_truth,
             "real-time ratio at 640x360 (timing, not on the card)": speed}  # fmt: skip
    report("vision.traffic: crossings counted on rendered videos", rows, options.json, extra, card, peers)


if __name__ == "__main__":
    main()

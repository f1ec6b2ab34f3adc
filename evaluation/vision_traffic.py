"""vision.traffic on rendered videos with known counts, against a frame-difference baseline with the same tracker.

24 videos, 320x240 at 15 fps, 150 frames each (traffic_synth.render, seeds 1-8, each with steady light, slowly
brightening light and a sudden change of light): 10 car- or motorbike-sized objects per video drive down or up
their lanes on a textured road with sensor noise. The truth is how many cross the middle line each way.
Each video is encoded as MPEG-4 and sent through vision.traffic as base64; the baseline reads the same file.

count accuracy % = 100 x (1 - sum of |counted - true| over videos and directions / sum of true counts);
exact videos % = videos where both directions are counted exactly. These are synthetic scenes: on real streets,
where objects overlap, shadows fall and the camera shakes, expect less.

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
    truth, payloads = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            for light in LIGHTS:
                video = render(seed, objects=10, frames=150, light=light)
                truth.append((video.forward, video.backward))
                payloads.append(encode_mp4(video.frames, Path(tmp) / f"{seed}-{light}.mp4", video.fps))
    items = [{"data": base64.b64encode(p).decode("ascii"), "line": LINE} for p in payloads]
    with Timer() as timer:
        outputs = run_all("vision.traffic", items, batch=1)
    ours = [(o.counts["forward"], o.counts["backward"]) for o in outputs]
    baseline = []
    for payload in payloads:
        counts = count(frames(payload, 3000)[1], LINE, 0.002, FrameDifference)[0]
        baseline.append((counts["forward"], counts["backward"]))
    card, peer = scores(truth, ours), scores(truth, baseline)
    peers = {f"frame difference {k}": v for k, v in peer.items()}
    rows = {"vision.traffic (MOG2)": card, "frame difference (baseline)": peer}
    for light in LIGHTS:
        picked = [i for i in range(len(truth)) if LIGHTS[i % len(LIGHTS)] == light]
        rows[f"  MOG2, light {light}"] = scores([truth[i] for i in picked], [ours[i] for i in picked])
    extra = {"videos": len(truth), "true crossings": sum(a + b for a, b in truth), "seconds": round(timer.seconds, 1)}
    report("vision.traffic: crossings counted on rendered videos", rows, options.json, extra, card, peers)


if __name__ == "__main__":
    main()

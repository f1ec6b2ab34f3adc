"""vision.faces verification: false accepts and false rejects on the face photos that ship in scikit-image.

Identities: the 'astronaut' and 'camera' photos and the first 40 faces of 'lfw_subset' (Labeled Faces in the Wild,
25x25 crops, upscaled to 150x150 and padded so the detector sees a whole head). Each photo is also changed five
ways (mirrored, brighter, blurred, turned 10°, shrunk to 60 %): the copies of one photo are its genuine pairs,
photos of different identities the impostor pairs. Every image goes through vision.faces (task embed), detector
included. FAR and FRR count the pairs whose two faces were found; images where no face was found are counted
apart (faces found %), and once more in an FRR that includes them.

The threshold is the distance at which false accepts equal false rejects (equal error rate) on these pairs,
rounded to 2 decimals; FAR and FRR are given at that threshold and, as the peer, at dlib's usual 0.6.
This is few faces, and genuine pairs are copies of one photo (easier than two photos taken on different days).

python evaluation/vision_faces.py [--json]
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from _common import Timer, args, report, run_all

LFW_FACES = 40
AUGMENTATIONS = ("original", "mirrored", "brighter", "blurred", "rotated 10°", "shrunk 60%")
DLIB_THRESHOLD = 0.6


def skimage_data() -> Path:
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("scikit-image is not installed: pip install 'nonla[faces]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def identities() -> list[np.ndarray]:
    import cv2

    folder = skimage_data()
    photos = [
        cv2.cvtColor(cv2.imread(str(folder / name)), cv2.COLOR_BGR2RGB) for name in ("astronaut.png", "camera.png")
    ]
    for face in np.load(folder / "lfw_subset.npy")[:LFW_FACES]:
        big = cv2.resize((face * 255).astype(np.uint8), (150, 150), interpolation=cv2.INTER_CUBIC)
        photos.append(cv2.cvtColor(cv2.copyMakeBorder(big, 75, 75, 75, 75, cv2.BORDER_REPLICATE), cv2.COLOR_GRAY2RGB))
    return photos


def augmented(rgb: np.ndarray) -> list[np.ndarray]:
    import cv2

    height, width = rgb.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), 10, 1.0)
    return [
        rgb,
        cv2.flip(rgb, 1),
        cv2.convertScaleAbs(rgb, alpha=1.25, beta=25),
        cv2.GaussianBlur(rgb, (5, 5), 1.5),
        cv2.warpAffine(rgb, turn, (width, height), borderMode=cv2.BORDER_REPLICATE),
        cv2.resize(rgb, (int(width * 0.6), int(height * 0.6)), interpolation=cv2.INTER_AREA),
    ]


def rates(genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> tuple[float, float]:
    """(FAR %, FRR %) where a pair is accepted at distance ≤ threshold (a missing face: distance inf)."""
    return 100 * float(np.mean(impostor <= threshold)), 100 * float(np.mean(genuine > threshold))


def equal_error_threshold(genuine: np.ndarray, impostor: np.ndarray) -> float:
    grid = np.round(np.arange(0.30, 0.80, 0.01), 2)
    gaps = [abs(np.subtract(*rates(genuine, impostor, t))) for t in grid]
    return float(grid[int(np.argmin(gaps))])


def main() -> None:
    from nonla.functions.vision.faces_image import encode_png
    from nonla.functions.vision.faces_run import THRESHOLD

    options = args(__doc__.splitlines()[0])
    images, owner = [], []
    for identity, photo in enumerate(identities()):
        for copy in augmented(photo):
            images.append(encode_png(np.ascontiguousarray(copy)))
            owner.append(identity)
    with Timer() as timer:
        outputs = run_all("vision.faces", [{"task": "embed", "data": d, "max_faces": 1} for d in images], batch=8)
    vectors = [np.asarray(o.faces[0].embedding) if o.faces else None for o in outputs]
    genuine, impostor = [], []
    for i in range(len(images)):
        for j in range(i + 1, len(images)):
            a, b = vectors[i], vectors[j]
            gap = float(np.linalg.norm(a - b)) if a is not None and b is not None else float("inf")
            (genuine if owner[i] == owner[j] else impostor).append(gap)
    every_genuine = np.asarray(genuine)
    g, im = every_genuine[np.isfinite(every_genuine)], np.asarray(impostor)
    im = im[np.isfinite(im)]
    threshold = equal_error_threshold(g, im)
    far, frr = rates(g, im, threshold)
    dlib_far, dlib_frr = rates(g, im, DLIB_THRESHOLD)
    found = 100 * sum(v is not None for v in vectors) / len(vectors)
    card = {
        "threshold (equal error rate, 2 decimals)": threshold,
        "FAR % at threshold": round(far, 2),
        "FRR % at threshold": round(frr, 2),
        "faces found % (originals and copies)": round(found, 2),
        "FRR % at threshold, missed faces included": round(100 * float(np.mean(every_genuine > threshold)), 2),
    }
    peers = {"FAR % at dlib's 0.6": round(dlib_far, 2), "FRR % at dlib's 0.6": round(dlib_frr, 2)}
    rows = {f"threshold {threshold}": {"FAR %": card["FAR % at threshold"], "FRR %": card["FRR % at threshold"]},
            "dlib's usual 0.6": {"FAR %": peers["FAR % at dlib's 0.6"], "FRR %": peers["FRR % at dlib's 0.6"]}}  # fmt: skip
    extra = {"identities": len(set(owner)), "images": len(images), "genuine pairs": len(genuine),
             "impostor pairs": len(im), "genuine pairs, both faces found": len(g), "threshold in code": THRESHOLD,
             "seconds": round(timer.seconds, 1)}  # fmt: skip
    report("vision.faces verification (scikit-image faces + augmented copies)", rows, options.json, extra, card, peers)


if __name__ == "__main__":
    main()

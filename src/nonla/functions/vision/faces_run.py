"""The work of vision.faces on decoded images: detect, embed the best face, compare two faces.

Distances are euclidean between dlib descriptors; ``THRESHOLD`` is chosen by evaluation/vision_faces.py (the
distance with equal false accepts and false rejects on its pairs, rounded to 2 decimals), see the card.
"""

from __future__ import annotations

from typing import Any

from nonla.core.errors import InvalidInput
from nonla.core.models import Models
from nonla.functions.vision.faces_models import (
    DETECTOR_MODEL,
    EMBEDDER_MODEL,
    LANDMARKS_MODEL,
    Detection,
    FaceDetector,
    FaceEmbedder,
    load_landmarks,
    load_network,
)

THRESHOLD = 0.53  # evaluation/vision_faces.py: equal error rate on its pairs (dlib suggests 0.6)
EMBEDDING_MODEL_KEY = f"{EMBEDDER_MODEL.key}+{LANDMARKS_MODEL.key}"


class NoFaceFound(InvalidInput):
    code = "no_face"
    default_hint = "Send a photo in which one face is clearly visible, looking at the camera, within about 2 metres."


def detector(models: Models) -> FaceDetector:
    return models.load(DETECTOR_MODEL, FaceDetector)


def embedder(models: Models) -> FaceEmbedder:
    landmarks = models.load(LANDMARKS_MODEL, load_landmarks)
    network = models.load(EMBEDDER_MODEL, load_network)
    return FaceEmbedder(landmarks, network)


def detect(models: Models, rgb: Any, min_score: float, max_faces: int) -> list[Detection]:
    return [d for d in detector(models).detect(rgb) if d.score >= min_score][:max_faces]


def best_face(models: Models, rgb: Any, min_score: float, field: str) -> Detection:
    found = detect(models, rgb, min_score, 1)
    if not found:
        raise NoFaceFound(f"No face was found in '{field}'.", field=field)
    return found[0]


def distance(a: Any, b: Any) -> float:
    """Euclidean distance between two descriptors, rounded so equal inputs give equal outputs.

    >>> distance([0.0, 3.0], [4.0, 0.0])
    5.0
    """
    import numpy as np

    return round(float(np.linalg.norm(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))), 6)

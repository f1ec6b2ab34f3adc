"""The two models behind vision.faces: BlazeFace (MediaPipe Tasks) finds faces, dlib's ResNet embeds them.

BlazeFace short-range gives a box and 6 keypoints (eyes, nose tip, mouth, ear tragions) for faces within about
two metres of the camera; dlib's 5-point shape predictor aligns each box to a 150x150 chip and the ResNet turns
the chip into 128 numbers, where two photos of one person lie closer than ~0.5 (euclidean).
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable
from nonla.core.models import ModelRef

DETECTOR_MODEL = ModelRef("face-detector", "blazeface-short-range-0.10.21", file="face-detector/face_detection_short_range.tflite",
                          sha256="bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8",
                          licence="Apache-2.0 (MediaPipe BlazeFace, copied from the mediapipe 0.10.21 wheel)")  # fmt: skip
LANDMARKS_MODEL = ModelRef("dlib-shape-predictor-5", "0.3.0", file="models/shape_predictor_5_face_landmarks.dat",
                           sha256="c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
                           source="package:face_recognition_models", licence="CC0 (dlib 5-point face landmarks)")  # fmt: skip
EMBEDDER_MODEL = ModelRef("dlib-face-resnet", "v1", file="models/dlib_face_recognition_resnet_model_v1.dat",
                          sha256="55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
                          source="package:face_recognition_models", licence="CC0 (dlib face recognition ResNet)")  # fmt: skip
KEYPOINTS = ("right_eye", "left_eye", "nose_tip", "mouth", "right_ear", "left_ear")


@dataclass(frozen=True)
class Detection:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    score: float
    keypoints: tuple[tuple[float, float], ...]  # pixels, in KEYPOINTS order


def _need(module: str, extra: str = "faces") -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ModelUnavailable(f"vision.faces needs the '{module}' package, which is not installed.",
                               hint=f"pip install 'nonla[{extra}]'") from None  # fmt: skip


class FaceDetector:
    """MediaPipe's Tasks FaceDetector in image mode; one graph, so calls are serialised."""

    def __init__(self, path: Path) -> None:
        mp = _need("mediapipe")
        from mediapipe.tasks.python import vision
        from mediapipe.tasks.python.core.base_options import BaseOptions

        self._mp = mp
        options = vision.FaceDetectorOptions(base_options=BaseOptions(model_asset_buffer=path.read_bytes()),
                                             min_detection_confidence=0.3, min_suppression_threshold=0.3)  # fmt: skip
        self._detector = vision.FaceDetector.create_from_options(options)
        self._lock = threading.Lock()
        # MediaPipe closes through a thread pool that Python shuts down before atexit handlers run; close the
        # graph just before that pool goes, or interpreter exit prints a traceback.
        register = getattr(threading, "_register_atexit", atexit.register)
        register(self.close)

    def close(self) -> None:
        with self._lock:
            if self._detector is not None:
                self._detector.close()
                self._detector = None

    def detect(self, rgb: Any) -> list[Detection]:
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
        height, width = rgb.shape[:2]
        with self._lock:
            result = self._detector.detect(image)
        found = []
        for d in result.detections:
            b = d.bounding_box
            box = (max(0, b.origin_x), max(0, b.origin_y), min(width, b.origin_x + b.width),
                   min(height, b.origin_y + b.height))  # fmt: skip
            points = tuple((round(k.x * width, 1), round(k.y * height, 1)) for k in d.keypoints)
            found.append(Detection(box, round(float(d.categories[0].score), 4), points))
        return sorted(found, key=lambda f: (-f.score, f.box))


class FaceEmbedder:
    """dlib: 5-point alignment then the ResNet's 128-d descriptor (dlib is not thread-safe per model)."""

    def __init__(self, landmarks: Any, network: Any) -> None:
        self._landmarks = landmarks
        self._network = network
        self._lock = threading.Lock()

    def embed(self, rgb: Any, box: tuple[int, int, int, int]) -> Any:
        import dlib
        import numpy as np

        x0, y0, x1, y1 = box
        with self._lock:
            shape = self._landmarks(rgb, dlib.rectangle(int(x0), int(y0), int(x1), int(y1)))
            vector = self._network.compute_face_descriptor(rgb, shape, 0)
        return np.asarray(vector, dtype=np.float32)


def load_landmarks(path: Path) -> Any:
    dlib = _need("dlib")
    return dlib.shape_predictor(str(path))


def load_network(path: Path) -> Any:
    dlib = _need("dlib")
    return dlib.face_recognition_model_v1(str(path))

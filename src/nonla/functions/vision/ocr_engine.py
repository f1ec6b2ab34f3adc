"""Tesseract through tesserocr: the Debian language files, one engine per thread, lines with boxes and confidence.

The traineddata files come from Debian's tesseract-ocr-vie / -eng / -osd packages (Apache-2.0). Their sha256 is
recorded like any model's, so the audit log names the bytes that ran. tesserocr's PyTessBaseAPI is not
thread-safe, so each thread gets its own engine (created on first use, kept for the life of the thread).

>>> TESSDATA["vie"].file
'vie.traineddata'
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable
from nonla.core.models import ModelRef, Models

# Where Debian (5.x and 4.x layouts) and most other systems put the language files; TESSDATA_PREFIX comes first.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata")


def need(module: str) -> Any:
    """Import an optional dependency of the vision extra; its absence is a 503 with the install line, not a crash."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ModelUnavailable(f"The Python package '{module}' needed for OCR is not installed.",
                               hint="Install it: pip install 'nonla[vision]'.") from None  # fmt: skip


class TessdataRef(ModelRef):
    """A tesseract language file installed by the system's package manager (not a Python package)."""

    def path(self) -> Path:
        prefix = os.environ.get("TESSDATA_PREFIX")
        for folder in ([prefix] if prefix else []) + list(TESSDATA_DIRS):
            candidate = Path(folder) / self.file
            if candidate.is_file():
                return candidate
        package = self.source.split(":", 1)[-1]
        raise ModelUnavailable(
            f"The tesseract language file {self.file} is not installed.",
            hint=f"Install it: sudo apt-get install {package} (or set TESSDATA_PREFIX to a folder holding it).",
        )


def _ref(lang: str, sha256: str) -> TessdataRef:
    return TessdataRef(f"tesseract-{lang}", "4.1.0", sha256=sha256, file=f"{lang}.traineddata",
                       source=f"debian:tesseract-ocr-{lang}", licence="Apache-2.0 (tesseract-ocr tessdata_fast)")  # fmt: skip


TESSDATA = {
    "vie": _ref("vie", "79df64caf7bcfb2a27df5042ecb6121e196eada34da774956995747636d5bfa1"),
    "eng": _ref("eng", "7d4322bd2a7749724879683fc3912cb542f19906c83bcc1a52132556427170b2"),
    "osd": _ref("osd", "9cf5d576fcc47564f11265841e5ca839001e7e6f38ff7f7aacf46d15a96b00ff"),
}


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[int, int, int, int]
    confidence: float  # 0..1


class Engines:
    """One PyTessBaseAPI per (thread, languages); the language files were checked by the model cache."""

    def __init__(self, folder: Path) -> None:
        # One OpenMP thread per engine: faster on small machines and the same output on every run.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        tesserocr = need("tesserocr")

        self.tesserocr = tesserocr
        self.folder = str(folder) + os.sep
        self._local = threading.local()

    def api(self, langs: str, psm: int | None = None) -> Any:
        engines: dict[tuple[str, int | None], Any] = self._local.__dict__.setdefault("engines", {})
        key = (langs, psm)
        if key not in engines:
            mode = self.tesserocr.PSM.AUTO if psm is None else psm
            engines[key] = self.tesserocr.PyTessBaseAPI(path=self.folder, lang=langs, psm=mode)
        return engines[key]

    def osd(self, image: Any) -> tuple[int, float] | None:
        """(degrees counter-clockwise that make the page upright, confidence), or None when OSD cannot tell."""
        api = self.api("osd", self.tesserocr.PSM.OSD_ONLY)
        api.SetImage(image)
        try:
            found = api.DetectOrientationScript()
        except RuntimeError:  # too little text to decide
            return None
        finally:
            api.Clear()
        if not found:
            return None
        return int(found["orient_deg"]), float(found["orient_conf"])

    def lines(self, image: Any, langs: str) -> list[Line]:
        tesserocr = self.tesserocr
        api = self.api(langs)
        api.SetImage(image)
        try:
            api.Recognize()
            found: list[Line] = []
            iterator = api.GetIterator()
            level = tesserocr.RIL.TEXTLINE
            while iterator is not None:
                try:
                    text = " ".join((iterator.GetUTF8Text(level) or "").split())
                except RuntimeError:  # "No text returned": tesseract found nothing on the page (blank, 1x1, noise)
                    break
                box = iterator.BoundingBox(level)
                if text and box:
                    confidence = min(1.0, max(0.0, iterator.Confidence(level) / 100))
                    found.append(Line(text, tuple(box), round(confidence, 4)))  # type: ignore[arg-type]
                if not iterator.Next(level):
                    break
            return found
        finally:
            api.Clear()


def engines(models: Models, langs: str) -> Engines:
    """The per-process engine pool, after checking every language file it will read."""
    for lang in langs.split("+"):
        models.load(TESSDATA[lang], Path)
    return models.load(TESSDATA["vie"], lambda path: Engines(path.parent))


def has_osd(models: Models) -> bool:
    try:
        models.load(TESSDATA["osd"], Path)
    except ModelUnavailable:
        return False
    return True

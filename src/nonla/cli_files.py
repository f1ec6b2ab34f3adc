"""Files the commands read and write.

What `nonla ocr` and `nonla transcribe` share: a file read into a function's base64 `data` field, the call run
under a progress bar that the function's own progress hook drives (pages, seconds of audio), the result printed
as text or JSON. Heavy modules are imported inside, so `nonla --help` stays fast.

What every command that writes a file (`run -o`, `audit export -o`, `subjects export --out`, `review examples
export -o`) shares: ``output_file`` writes beside the target and puts the whole file in its place only when the
command succeeds, so a failure, a full disk or Ctrl-C leaves the previous file as it was; ``not_the_input`` refuses
an output that is the input being read.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "out.jsonl"
>>> _ = target.write_text("previous")
>>> try:
...     with output_file(target) as out:
...         _ = out.write("half of the new")
...         raise KeyboardInterrupt
... except KeyboardInterrupt:
...     pass
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('previous', ['out.jsonl'])
>>> with output_file(target) as out:
...     _ = out.write("new")
>>> target.read_text()
'new'
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

Hook = Callable[[Callable[[float, float], None]], AbstractContextManager[Any]]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def run_file(ref: str, file: Path, fields: dict[str, Any], *, what: str, doing: str, hook: Hook,
             count: Any) -> Any:  # fmt: skip
    """Run ``ref`` on the file's bytes plus ``fields`` under a progress bar (``count``: the rich column that shows
    the amount done); a missing file is a NotFound error that names ``what`` the file should be."""
    import base64

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.core.errors import NotFound
    from nonla.local import run_one

    if not file.is_file():
        raise NotFound(f"There is no file at {file}.", hint=f"Check the path of {what}.")
    fields = {"data": base64.b64encode(file.read_bytes()).decode("ascii"), **fields}
    with Progress(TextColumn("{task.description}"), BarColumn(), count, TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:  # fmt: skip
        task = bar.add_task(f"{doing} {file.name}", total=None)
        with hook(lambda done, total: bar.update(task, completed=done, total=total)):
            return run_one(ref, fields)


def print_result(result: Any, out: OutputFormat, text: str) -> None:
    """The whole result as one line of JSON, or ``text`` (the part a person reads)."""
    print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) if out is OutputFormat.json else text)


def not_the_input(output: Path, source: Path, input_option: str = "--input") -> None:
    """Refuse to write the results over the file they are read from (the same path, a link to it, a hard link)."""
    from nonla.core.errors import InvalidInput

    same = output.resolve() == source.resolve()
    if not same and output.exists() and source.exists():
        try:
            same = output.samefile(source)
        except OSError:
            same = False
    if same:
        raise InvalidInput(f"The output '{output}' is the input file: writing the results would replace it.",
                           hint=f"Give the output another name than the file given to {input_option}.")  # fmt: skip


class _Output:
    """The open file a command writes to; an error writing names the target, not the hidden file beside it."""

    def __init__(self, handle: TextIO, target: Path) -> None:
        self._handle, self._target = handle, target

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:
            raise _naming(exc, self._target) from None


def _naming(exc: OSError, target: Path, reason: str | None = None) -> OSError:
    """The same error about ``target`` (errno kept, so the CLI's last word reads it as such)."""
    return OSError(exc.errno, reason or exc.strerror or str(exc), str(target))


@contextmanager
def output_file(path: Path) -> Iterator[_Output]:
    """Write a text file in one piece: into a hidden file beside ``path``, renamed over it when the block ends
    without an error. Anything else (an error, Ctrl-C, a full disk) removes the hidden file and leaves ``path`` as it
    was. What is no regular file (/dev/stdout, /dev/null, a pipe, /proc) is written as it is: nothing to replace."""
    target = _regular_target(path)
    if target is None:
        try:
            handle = Path(path).open("a", encoding="utf-8")  # appended: /dev/stdout may be a file, never cut
        except OSError as exc:
            raise _naming(exc, path) from None
        try:
            yield _Output(handle, path)
            _settle(handle, path, sync=False)
        finally:
            _close(handle)
        return
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if target.exists() and not os.access(target, os.W_OK):  # replacing it would get round its permissions
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        if not target.parent.is_dir():
            raise _naming(exc, path) from None
        raise _naming(exc, path, f"no file can be made in its folder ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        handle = os.fdopen(fd, "w", encoding="utf-8")
        try:
            yield _Output(handle, path)
            _settle(handle, path, sync=True)
        finally:
            _close(handle)
        try:
            os.replace(partial, target)
        except OSError as exc:
            raise _naming(exc, path) from None
    except BaseException:
        _remove(partial)
        raise


_SPECIAL = ("/dev/", "/proc/")  # /dev/stdout is the caller's own output, whatever file that is: never replaced


def _regular_target(path: Path) -> Path | None:
    """The file to replace once the output is complete (a link followed to it), or None to write ``path`` as it
    is: a device, a pipe, anything under /dev or /proc or reached through them."""
    current = os.path.abspath(path)
    for _ in range(40):  # as the system, give up on a loop of links
        if current.startswith(_SPECIAL):
            return None
        if not os.path.islink(current):
            break
        current = os.path.abspath(os.path.join(os.path.dirname(current), os.readlink(current)))
    target = Path(os.path.realpath(current))
    if target.exists() and not (target.is_file() or target.is_dir()):
        return None
    return target


def _close(handle: TextIO) -> None:
    try:
        handle.close()
    except OSError:  # what is still buffered could not be written: _settle (or the block's own error) says so
        pass


def _settle(handle: TextIO, target: Path, sync: bool) -> None:
    """Flush (and sync) what is written: a full disk or a device that refuses it says so here, about the target."""
    try:
        handle.flush()
        if sync:
            os.fsync(handle.fileno())
    except OSError as exc:
        raise _naming(exc, target) from None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

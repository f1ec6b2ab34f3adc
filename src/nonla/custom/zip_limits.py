"""How much memory a skops file (a zip archive) asks for, read from its headers before anything is unpacked.

A skops file of 2 MB can hold a compressed array of zeros that unpacks to gigabytes, and a NumPy header can declare a
shape far larger than the bytes behind it (NumPy allocates the declared shape before it finds out). So the declared
sizes are summed first: the zip's own sizes of its members (Python's zipfile never unpacks more than that), the
shape × item size in each .npy header (it must fit in its member), and the members of each .npz (SciPy's sparse
matrices are zips inside the zip). Reading a header unpacks a few hundred bytes.

>>> import io, zipfile, numpy as np
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     _ = z.writestr("a.npy", _npy(np.zeros(10)))
>>> unpacked_size(buffer)
208
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO, Any

from nonla.core.errors import InvalidInput
from nonla.custom.import_errors import ModelTooLarge

# skops reads every member into memory and NumPy then builds the arrays, so a file peaks at about twice this
MAX_UNPACKED_BYTES = 1 << 30
MAX_MEMBERS = 100_000  # each member costs a header read; real models have a few thousand at most
# a skops schema is parsed whole, several times and at ~50x its size in Python objects; real ones are a few hundred KB
MAX_SCHEMA_BYTES = 16 << 20


def unpacked_size(file: Path | IO[bytes], limit: int | None = None, shown: str = "the model file") -> int:
    """The bytes the archive declares once unpacked; ModelTooLarge when over ``limit`` or when a header lies."""
    limit = MAX_UNPACKED_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(file) as archive:
            return _members(archive, limit, shown, nested=False)
    except zipfile.BadZipFile:
        raise InvalidInput(f"{shown} is not a readable zip archive.", hint="Save the model again with skops.io.dump.",
                           field="model") from None  # fmt: skip


def schema_size(file: Path, shown: str = "the model file") -> int:
    """The size schema.json declares once unpacked (zipfile never unpacks more); ModelTooLarge when over
    MAX_SCHEMA_BYTES, so that a small file whose schema unpacks to hundreds of MiB is never parsed."""
    try:
        with zipfile.ZipFile(file) as archive:
            size = archive.getinfo("schema.json").file_size
    except (zipfile.BadZipFile, KeyError):
        return 0  # not a skops file: reading it says so, with its own message
    if size > MAX_SCHEMA_BYTES:
        raise ModelTooLarge(f"{shown}'s schema.json unpacks to {size / 2**20:,.0f} MiB; the limit is "
                            f"{MAX_SCHEMA_BYTES / 2**20:,.0f} MiB.", limit_bytes=MAX_SCHEMA_BYTES)  # fmt: skip
    return size


def _members(archive: zipfile.ZipFile, limit: int, name: str, *, nested: bool) -> int:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ModelTooLarge(f"{name} holds {len(infos):,} files; the limit is {MAX_MEMBERS:,}.")
    total = sum(info.file_size for info in infos)
    _within(total, limit, name)
    for info in infos:
        if info.filename.endswith(".npy"):
            with archive.open(info) as member:
                _check_npy(member, info.file_size, f"{name}:{info.filename}")
        elif info.filename.endswith(".npz") and not nested:  # a sparse matrix: its arrays, compressed again
            inner = zipfile.ZipFile(io.BytesIO(archive.read(info)))
            total += _members(inner, limit - total, f"{name}:{info.filename}", nested=True)
            _within(total, limit, name)
    return total


def _within(total: int, limit: int, name: str) -> None:
    if total > limit:
        raise ModelTooLarge(f"{name} unpacks to more than {limit / 2**20:,.0f} MiB ({total / 2**20:,.0f} MiB).",
                            limit_bytes=limit)  # fmt: skip


def _check_npy(member: IO[bytes], size: int, name: str) -> None:
    """The array a .npy member declares must fit in the member: NumPy allocates the declared shape first."""
    import numpy as np
    from numpy.lib import format as npy

    try:
        version = npy.read_magic(member)
        if version == (1, 0):
            shape, _, dtype = npy.read_array_header_1_0(member)
        elif version == (2, 0):
            shape, _, dtype = npy.read_array_header_2_0(member)
        else:
            raise ValueError(f"version {version}")
    except Exception as exc:
        raise InvalidInput(f"{name} is not an array NumPy can read ({exc}).",
                           hint="Save the model again with skops.io.dump.", field="model") from None  # fmt: skip
    declared = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if any(d < 0 for d in shape) or member.tell() + declared > size:
        raise ModelTooLarge(f"{name} declares an array of {declared:,} bytes but holds {size:,}.",
                            hint="Save the model again with skops.io.dump; this file was altered.")  # fmt: skip


def _npy(array: Any) -> bytes:
    buffer = io.BytesIO()
    import numpy as np

    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()

"""Write a file under a temporary name in the same folder, then rename it into place.

A failed or killed export therefore never leaves a half-written file under the name
the user chose: either the old file (if any) or the complete new one is there.
``os.replace`` is atomic within one file system on POSIX and Windows.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

TEMP_SUFFIX = ".part"


def _final_mode(target: Path) -> int:
    """The mode the file would have had if opened normally (or the mode of the file it replaces)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``."""
    target = Path(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                         dir=str(target.parent or Path(".")))
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb+") as written:  # the bytes are on disk before the name points at them
            os.fsync(written.fileno())
        os.chmod(temp, _final_mode(target))  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise

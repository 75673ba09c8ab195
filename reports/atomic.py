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


# Every file Qandas writes names families or counts them: readable by its owner only, whatever
# the session's umask (issue #19; tests/services/test_owner_only_copies.py). The user shares a
# file by copying it on purpose; a replaced file does not pass its wider mode on.
OWNER_ONLY = 0o600


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
        os.chmod(temp, OWNER_ONLY)  # what mkstemp made already; said again so it stays so
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise

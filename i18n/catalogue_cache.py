"""The parsed catalogues, kept between starts: parsing ``messages.po`` with Babel (and importing
Babel's catalogue and locale modules for it) was about a tenth of a cold start; reading the
result back with ``marshal`` takes a few milliseconds.

The cache file is named after every source file's path, size and modification time, so an
edited, folded or added catalogue is read again; a cache that cannot be read or written is
simply not used. ``QANDAS_CACHE_DIR`` moves the folder (default: the user's cache folder).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

_FORMAT = 1  # bump when the shape of the cached value changes


def cache_folder() -> Path:
    chosen = os.environ.get("QANDAS_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs
    return Path(platformdirs.user_cache_dir("Qandas", appauthor=False))


def _key(label: str, sources: Sequence[object]) -> str | None:
    """A name for the cache of ``sources``, or None when one of them is not a file on disk."""
    digest = hashlib.sha256(f"{_FORMAT}\0{label}".encode())
    for source in sources:
        if not isinstance(source, Path):
            return None  # a resource inside an archive has no age to compare
        try:
            stat = source.stat()
        except OSError:
            return None
        digest.update(f"\0{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return f"{label}-{digest.hexdigest()[:24]}.marshal"


def cached(label: str, sources: Sequence[object], build: Callable[[], Any]) -> Any:
    """``build()``, or its value stored for exactly these ``sources`` (plain data only)."""
    name = _key(label, sources)
    if name is None:
        return build()
    path = cache_folder() / "catalogues" / name
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(value))
        os.replace(temporary, path)  # another process starting at once reads a whole file or none
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:  # a write that failed half-way leaves nothing behind
            Path(temporary).unlink(missing_ok=True)
    return value

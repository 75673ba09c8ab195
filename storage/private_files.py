"""Files only their owner can read: the database, its copies, the log, temporary work files.

A register holds IINs, addresses and family details, and a colleague with a second account
on the same computer must not read them. On POSIX systems files are made 0600 and folders
0700; on Windows the user's profile folder already keeps other accounts out, and ``chmod``
only knows the read-only flag, so nothing is changed there.

Temporary copies of the database (a backup being written, a restore being unpacked, a copy
kept before an upgrade) live in ``.qandas-tmp`` inside the folder they end up in: private,
and on the same disk so that the final rename stays one atomic step. Each process works in a
folder of its own (``<pid>-<random>``); a process killed half-way leaves it behind, and the
next start removes every such folder whose process is gone.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

POSIX = os.name == "posix"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMP_FOLDER = ".qandas-tmp"
# Where liveness of the owning process cannot be checked (Windows), leftovers this old go.
STALE_AFTER_SECONDS = 24 * 3600


def restrict_process_umask() -> None:
    """Everything this process creates from now on is readable by its owner only (POSIX)."""
    if POSIX:
        os.umask(0o077)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _chmod(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file (and a SQLite file's -wal/-shm/-journal) 0600; create it empty if missing."""
    path = Path(path)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for each in (path, *(Path(f"{path}{tail}") for tail in ("-wal", "-shm", "-journal"))):
        if each.exists():
            _chmod(each, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    if not POSIX:
        return
    try:
        if path.stat().st_uid == os.getuid() and (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError as error:  # someone else's file, a read-only medium: say so, do not stop
        log.warning("could not restrict the permissions of %s: %s", path, error)


def temp_area(folder: Path) -> Path:
    """The private temporary folder inside ``folder``."""
    return private_folder(Path(folder) / TEMP_FOLDER)


@contextmanager
def work_folder(folder: Path, label: str = "work") -> Iterator[Path]:
    """A private folder of this process inside ``folder``'s temporary area, removed afterwards."""
    remove_leftovers(folder)  # a folder chosen later (backups elsewhere) is tidied at its next use
    path = _in_temp_area(folder, lambda area: tempfile.mkdtemp(prefix=f"{os.getpid()}-", suffix=f".{label}",
                                                                dir=area))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        drop_empty_area(folder)


def temporary_file(folder: Path, suffix: str = ".part") -> Path:
    """A new empty 0600 file in ``folder``'s temporary area (the caller removes it, then calls
    ``drop_empty_area(folder)``)."""
    remove_leftovers(folder)

    def make(area: Path) -> str:
        handle, name = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=suffix, dir=area)
        os.close(handle)
        return name
    return _in_temp_area(folder, make)


def _in_temp_area(folder: Path, make) -> Path:
    # another process may remove the area the moment it is empty: create it again and retry
    for attempt in range(3):
        try:
            return Path(make(temp_area(folder)))
        except FileNotFoundError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def drop_empty_area(folder: Path) -> None:
    """No empty ``.qandas-tmp`` is left in the user's folders."""
    try:
        (Path(folder) / TEMP_FOLDER).rmdir()
    except OSError:  # not empty: another process is at work, or a leftover for the next start
        pass


def _process_alive(pid: int) -> bool:
    if not POSIX:
        return True  # decided by age instead; os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(entry: Path, now: float) -> bool:
    owner = entry.name.split("-", 1)[0]
    if owner.isdigit() and int(owner) == os.getpid():
        return False
    if owner.isdigit() and POSIX:
        return not _process_alive(int(owner))
    try:
        return now - entry.stat().st_mtime > STALE_AFTER_SECONDS
    except OSError:
        return False


def remove_leftovers(*folders: Path) -> list[Path]:
    """Delete what killed processes left in the temporary areas of ``folders``; returns what went."""
    removed: list[Path] = []
    now = time.time()
    for folder in folders:
        area = Path(folder) / TEMP_FOLDER
        if not area.is_dir():
            continue
        for entry in area.iterdir():
            if not _stale(entry, now):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            if not entry.exists():
                removed.append(entry)
                log.info("removed a temporary copy left by an interrupted run: %s", entry)
        drop_empty_area(folder)
    return removed


# Copies Qandas writes on its own (before an upgrade, before a restore) hold the whole register:
# they are kept only while they may still be needed. Rule: the newest ``COPIES_KEEP`` of a kind
# stay, and of those, any older than ``COPIES_MAX_DAYS`` go too, except the newest one.
COPIES_KEEP = 3
COPIES_MAX_DAYS = 90


def prune_copies(copies: list[Path], keep: int = COPIES_KEEP, max_days: int | None = COPIES_MAX_DAYS,
                 now: float | None = None) -> list[Path]:
    """Delete the copies beyond the newest ``keep`` and those older than ``max_days`` (the newest
    copy always stays); newest is by modification time. Returns what was deleted."""
    now = time.time() if now is None else now
    ordered = sorted((p for p in copies if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for index, copy in enumerate(ordered):
        too_many = index >= max(keep, 1)
        too_old = index > 0 and max_days is not None and now - copy.stat().st_mtime > max_days * 86400
        if too_many or too_old:
            copy.unlink(missing_ok=True)
            removed.append(copy)
            log.info("removed an old safety copy: %s", copy)
    return removed

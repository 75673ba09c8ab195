"""Is a folder on a network drive or share? SQLite's locking is not safe there (WAL needs shared
memory on one machine), so such a register is refused with advice to use host mode.

Linux: the file system type from ``statfs`` (NFS, CIFS/SMB, SMB2, sshfs via FUSE found in
/proc/mounts). Windows: a UNC path (``\\\\server\\share``) or a drive letter that
``GetDriveTypeW`` calls DRIVE_REMOTE (a mapped network drive).
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path

# statfs f_type magic numbers (linux/magic.h)
NETWORK_MAGIC = {0x6969: "nfs", 0xFF534D42: "cifs", 0xFE534D42: "smb2", 0x517B: "smb", 0x564C: "ncp",
                 0x01021997: "v9fs", 0x65735546: "fuse"}
NETWORK_MOUNT_TYPES = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "fuse.sshfs", "sshfs", "9p", "afs",
                       "fuse.rclone", "davfs", "fuse.davfs2")
DRIVE_REMOTE = 4


def network_filesystem(folder: Path) -> str | None:
    """The network file system type ``folder`` is on, or None when it is local."""
    folder = Path(folder)
    if os.name == "nt":
        return _windows_kind(folder)
    kind = _mount_type(folder)
    if kind is not None and (kind in NETWORK_MOUNT_TYPES or kind.startswith("fuse.sshfs")):
        return kind
    magic = _statfs_magic(folder)
    if magic in NETWORK_MAGIC and NETWORK_MAGIC[magic] != "fuse":
        return NETWORK_MAGIC[magic]
    return None


def _windows_kind(folder: Path) -> str | None:
    text = str(folder)
    if text.startswith("\\\\") or text.startswith("//"):
        return "unc"
    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if drive:
        try:
            if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE:  # type: ignore[attr-defined]
                return "remote drive"
        except (AttributeError, OSError):
            return None
    return None


def _mount_type(folder: Path) -> str | None:
    """The type of the mount ``folder`` is on, from /proc/mounts (the longest matching mount point)."""
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    path = str(_existing(folder).resolve())
    best, kind = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def _statfs_magic(folder: Path) -> int | None:
    """f_type of statfs(2) through libc (Python's os.statvfs does not report it)."""
    class StatFs(ctypes.Structure):
        _fields_ = [("f_type", ctypes.c_long), ("rest", ctypes.c_long * 15)]
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        buffer = StatFs()
        if libc.statfs(str(_existing(folder)).encode(), ctypes.byref(buffer)) != 0:
            return None
    except (OSError, AttributeError):
        return None
    return buffer.f_type & 0xFFFFFFFF


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder

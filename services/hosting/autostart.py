"""Starting the register's server again when the administrator signs in to the host PC.

Linux: a systemd *user* unit (``~/.config/systemd/user/qandas-host.service``, enabled for the
user's session) plus a daily timer for the backup. Windows: a per-user start-up entry (a
``.cmd`` in the Start-up folder of the Start menu) — no administrator rights and no Task
Scheduler needed; ``host start`` also makes the day's backup when it is due, at every sign-in.
The server itself stays up until shutdown, so this only matters after a reboot.

The ``.cmd`` switches the console to UTF-8 (``chcp 65001``) before any path: cmd.exe reads a
batch file in the OEM code page, which has no Ә, Қ or Ң, and a data folder under
``C:\\Users\\Әлия`` would otherwise be garbled. The command is the bundle's executable when
Qandas runs from the PyInstaller bundle (``storage.self_command``).
"""
from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
from pathlib import Path

from storage.self_command import qandas_command

UNIT = "qandas-host.service"
TIMER = "qandas-host-backup.timer"
BACKUP_UNIT = "qandas-host-backup.service"


def windows_entry(main_dir: str, environment: dict[str, str], command: list[str]) -> bytes:
    """The start-up ``.cmd``: UTF-8 without a byte-order mark (cmd.exe would run the mark as a
    command), CRLF line ends, the code page switched to UTF-8 before the first path."""
    lines = ["@echo off", "chcp 65001 >nul", f'cd /d "{main_dir}"',
             *(f'set "{k}={v}"' for k, v in environment.items()), subprocess.list2cmdline(command)]
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def _startup_folder(home: Path) -> Path:
    return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / \
        "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"


def install(data_dir: Path, home: Path | None = None, system: str | None = None) -> Path:
    """Write (and on Linux try to enable) the start-up entry; returns the file written.
    ``system``: ``os.name`` of the PC (``"nt"`` for Windows), given by tests."""
    home = home or Path.home()
    environment = {"QANDAS_DATA_DIR": str(data_dir)}
    spec = importlib.util.find_spec("main")
    main_dir = str(Path(spec.origin if spec is not None and spec.origin else ".").resolve().parent)
    if (system or os.name) == "nt":
        folder = _startup_folder(home)
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / "qandas-host.cmd"
        entry.write_bytes(windows_entry(main_dir, environment, qandas_command("host", "start")))
        return entry
    folder = home / ".config" / "systemd" / "user"
    folder.mkdir(parents=True, exist_ok=True)
    env_lines = "".join(f"Environment={k}={shlex.quote(v)}\n" for k, v in environment.items())
    (folder / UNIT).write_text(
        "[Unit]\nDescription=Qandas: the centre's shared register\n\n"
        f"[Service]\nType=oneshot\nRemainAfterExit=yes\nWorkingDirectory={main_dir}\n{env_lines}"
        f"ExecStart={shlex.join(qandas_command('host', 'start'))}\n"
        f"ExecStop={shlex.join(qandas_command('host', 'stop'))}\n\n[Install]\nWantedBy=default.target\n",
        encoding="utf-8")
    (folder / BACKUP_UNIT).write_text(
        "[Unit]\nDescription=Qandas: daily backup of the shared register\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={main_dir}\n{env_lines}"
        f"ExecStart={shlex.join(qandas_command('host', 'backup'))}\n", encoding="utf-8")
    (folder / TIMER).write_text(
        "[Unit]\nDescription=Qandas: daily backup of the shared register\n\n"
        "[Timer]\nOnCalendar=daily\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n", encoding="utf-8")
    try:  # no user session bus (a container, ssh without lingering): the files still work once enabled
        subprocess.run(["systemctl", "--user", "enable", UNIT, TIMER], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        pass
    return folder / UNIT


def remove(home: Path | None = None, system: str | None = None) -> None:
    home = home or Path.home()
    if (system or os.name) == "nt":
        (_startup_folder(home) / "qandas-host.cmd").unlink(missing_ok=True)
        return
    try:
        subprocess.run(["systemctl", "--user", "disable", UNIT, TIMER], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        pass
    for name in (UNIT, TIMER, BACKUP_UNIT):
        (home / ".config" / "systemd" / "user" / name).unlink(missing_ok=True)

"""Starting the register's server again when the administrator signs in to the host PC.

Linux: a systemd *user* unit (``~/.config/systemd/user/qandas-host.service``, enabled for the
user's session) plus a daily timer for the backup. Windows: a per-user start-up entry (a
``.cmd`` in the Start-up folder of the Start menu) — no administrator rights and no Task
Scheduler needed; it also makes the day's backup at every sign-in. The server itself stays
up until shutdown, so this only matters after a reboot.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

UNIT = "qandas-host.service"
TIMER = "qandas-host-backup.timer"
BACKUP_UNIT = "qandas-host-backup.service"


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "main", *args]


def install(data_dir: Path, home: Path | None = None) -> Path:
    """Write (and on Linux try to enable) the start-up entry; returns the file written."""
    home = home or Path.home()
    environment = {"QANDAS_DATA_DIR": str(data_dir)}
    main_dir = str(Path(__file__).resolve().parents[2])
    if os.name == "nt":
        folder = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / \
            "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / "qandas-host.cmd"
        entry.write_text("@echo off\r\n" + f'cd /d "{main_dir}"\r\n' +
                         "".join(f'set "{k}={v}"\r\n' for k, v in environment.items()) +
                         subprocess.list2cmdline(_command("host", "start")) + "\r\n", encoding="utf-8")
        return entry
    folder = home / ".config" / "systemd" / "user"
    folder.mkdir(parents=True, exist_ok=True)
    env_lines = "".join(f"Environment={k}={shlex.quote(v)}\n" for k, v in environment.items())
    (folder / UNIT).write_text(
        "[Unit]\nDescription=Qandas: the centre's shared register\n\n"
        f"[Service]\nType=oneshot\nRemainAfterExit=yes\nWorkingDirectory={main_dir}\n{env_lines}"
        f"ExecStart={shlex.join(_command('host', 'start'))}\n"
        f"ExecStop={shlex.join(_command('host', 'stop'))}\n\n[Install]\nWantedBy=default.target\n",
        encoding="utf-8")
    (folder / BACKUP_UNIT).write_text(
        "[Unit]\nDescription=Qandas: daily backup of the shared register\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={main_dir}\n{env_lines}"
        f"ExecStart={shlex.join(_command('host', 'backup'))}\n", encoding="utf-8")
    (folder / TIMER).write_text(
        "[Unit]\nDescription=Qandas: daily backup of the shared register\n\n"
        "[Timer]\nOnCalendar=daily\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n", encoding="utf-8")
    try:  # no user session bus (a container, ssh without lingering): the files still work once enabled
        subprocess.run(["systemctl", "--user", "enable", UNIT, TIMER], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        pass
    return folder / UNIT


def remove(home: Path | None = None) -> None:
    home = home or Path.home()
    if os.name == "nt":
        folder = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / \
            "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        (folder / "qandas-host.cmd").unlink(missing_ok=True)
        return
    try:
        subprocess.run(["systemctl", "--user", "disable", UNIT, TIMER], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        pass
    for name in (UNIT, TIMER, BACKUP_UNIT):
        (home / ".config" / "systemd" / "user" / name).unlink(missing_ok=True)

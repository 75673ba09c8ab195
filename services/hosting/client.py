"""How this PC reaches the centre's register: remembered per OS user, without the password.

``connection.json`` in the user's data folder names the host, port, database and login; the
host's certificate pinned on the first connection sits beside it (``host-certificate.pem``).
The password is asked at every sign-in and lives only in memory.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote

from domain.errors import DomainError, ValidationError
from domain.messages import N_
from services.database import default_data_dir
from storage import pg_tls
from storage.audit_anchor import AnchorKeeper
from storage.pg_cluster import DATABASE, DEFAULT_PORT  # noqa: F401 - DEFAULT_PORT for the window
from storage.pg_roles import login_role

if TYPE_CHECKING:
    from domain.permissions import Actor
    from storage.engine import Engine
from storage.private_files import private_file, private_folder

PROFILE_NAME = "connection.json"
CERT_NAME = "host-certificate.pem"
RETRIES = 3


class WrongPasswordError(ValidationError):
    """The database refused the login and password."""


class UnreachableHostError(DomainError):
    """The host PC does not answer (switched off, server stopped, network down)."""


@dataclass(frozen=True)
class ConnectionProfile:
    host: str
    login: str
    port: int = DEFAULT_PORT
    database: str = DATABASE
    fingerprint: str = ""

    def url(self, password: str, folder: Path | None = None) -> str:
        """The database URL for this sign-in (the password stays in memory, never on disk)."""
        cert = (folder or default_data_dir()) / CERT_NAME
        tls = f"?sslmode=verify-ca&sslrootcert={quote(str(cert))}" if cert.exists() else ""
        return (f"postgresql+psycopg://{quote(login_role(self.login), safe='')}:{quote(password, safe='')}@"
                f"{self.host}:{self.port}/{self.database}{tls}")


def load_profile(folder: Path | None = None) -> ConnectionProfile | None:
    path = (folder or default_data_dir()) / PROFILE_NAME
    if not path.exists():
        return None
    return ConnectionProfile(**json.loads(path.read_text(encoding="utf-8")))


def save_profile(profile: ConnectionProfile, certificate: bytes | None, folder: Path | None = None) -> Path:
    folder = private_folder(folder or default_data_dir())
    previous = load_profile(folder)
    if certificate is not None:
        private_file(folder / CERT_NAME).write_bytes(certificate)
    path = private_file(folder / PROFILE_NAME)
    path.write_text(json.dumps(asdict(profile), indent=2), encoding="utf-8")
    if previous is not None and previous.fingerprint != profile.fingerprint:
        _forget_anchors(folder, previous, profile)
    return path


def _forget_anchors(folder: Path, *profiles: ConnectionProfile) -> None:
    """A new certificate is a new server, so a register shared anew, perhaps at the same address
    with the same login: the audit anchor this PC kept for that address describes the register
    that is gone, and compared with the new one it would read as a rewritten log. Dropped; the
    next change made from this PC starts the anchor again."""
    for profile in profiles:
        AnchorKeeper(profile.url("", folder)).forget()


def forget_profile(folder: Path | None = None) -> None:
    folder = folder or default_data_dir()
    for name in (PROFILE_NAME, CERT_NAME):
        (folder / name).unlink(missing_ok=True)


def fetch_certificate(host: str, port: int = DEFAULT_PORT) -> tuple[bytes, str]:
    """The host's certificate and its fingerprint, for the administrator to compare on first use."""
    pem = pg_tls.fetch_certificate(host, port)
    return pem, pg_tls.fingerprint(pem)


def connect(profile: ConnectionProfile, password: str, folder: Path | None = None, retries: int = RETRIES,
            wait: float = 1.0, on_retry: Callable[[int], None] | None = None) -> tuple[Engine, Actor]:
    """Sign in to the hosted register: (engine, actor). An unreachable host is tried ``retries``
    times (``on_retry(attempt)`` is told before each new try), then refused with a sentence that
    names the host; a wrong password is refused at once."""
    from services import AppServices
    from services.database import prepare_database
    for attempt in range(1, retries + 1):
        try:
            engine, _ = prepare_database(profile.url(password, folder))
        except Exception as error:  # noqa: BLE001 - sorted: unreachable, wrong password, anything else
            kind = _failure_kind(error)
            if kind == "password":
                raise WrongPasswordError("password", N_("The login or password is wrong for the centre's "
                                                        "register.")) from error
            if kind != "unreachable":
                raise
            if attempt == retries:
                raise UnreachableHostError(N_(
                    "The centre's register at {host} cannot be reached. Check that the host PC is switched on "
                    "and its register is shared, then try again."), host=f"{profile.host}:{profile.port}") from error
            if on_retry is not None:
                on_retry(attempt)
            time.sleep(wait * attempt)
            continue
        break
    services = AppServices(engine)
    try:
        actor = services.users.authenticate(profile.login, password)
    except Exception:
        engine.dispose()
        raise
    return engine, actor


def _failure_kind(error: BaseException) -> str:
    text = " ".join(str(part) for part in (error, getattr(error, "orig", ""), error.__cause__ or "")).lower()
    if "password authentication failed" in text or "role \"q_" in text and "does not exist" in text \
            or "not permitted to log in" in text:
        return "password"
    if any(sign in text for sign in ("connection refused", "could not connect", "timeout expired", "timed out",
                                     "no route to host", "could not translate host name", "name or service",
                                     "server closed the connection", "connection to server")):
        return "unreachable"
    return "other"

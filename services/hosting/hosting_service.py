"""Host mode as the window uses it: share the open register, connect this PC to a host."""
from __future__ import annotations

from pathlib import Path

from domain.permissions import Action
from services.context import ServiceContext
from services.hosting import client, host


class HostingService:
    def __init__(self, ctx: ServiceContext, data_dir: Path | None = None) -> None:
        self.ctx = ctx
        self.data_dir = data_dir

    def is_shared_register(self) -> bool:
        return self.ctx.uow_factory.engine.dialect.name == "postgresql"

    def status(self) -> host.HostStatus:
        return host.status(self.data_dir)

    def share(self, password: str, port: int | None = None, step=None) -> host.HostInitReport:
        """Move the open SQLite register into a server on this PC (administrators only); the
        window closes afterwards and opens the shared register at the next start."""
        self.ctx.actor.require(Action.MANAGE_USERS)
        engine = self.ctx.uow_factory.engine
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()  # the file is renamed once moved (Windows renames no open file)
        return host.init_host(url, self.ctx.actor.login, password, data_dir=self.data_dir, port=port, step=step)

    @staticmethod
    def host_certificate(address: str, port: int) -> tuple[bytes, str]:
        return client.fetch_certificate(address, port)

    def connect(self, address: str, port: int, login: str, password: str, certificate: bytes) -> str:
        """Try the connection with the pinned certificate, then remember it for this OS user;
        returns the role the user signed in with."""
        import tempfile
        profile = client.ConnectionProfile(address.strip(), login.strip().lower(), port,
                                           fingerprint=client.pg_tls.fingerprint(certificate))
        with tempfile.TemporaryDirectory() as trial:
            client.save_profile(profile, certificate, Path(trial))
            engine, actor = client.connect(profile, password, Path(trial), retries=1)
            engine.dispose()
        client.save_profile(profile, certificate, self.data_dir)
        return actor.role

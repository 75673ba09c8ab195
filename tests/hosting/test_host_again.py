"""Sharing a register on a PC that hosted one before.

The server's address (this PC, the usual port, the owner's role) is the same for every register
hosted here, and the audit anchor is kept per address: the anchor of a register hosted before
must not make the next one read as a rewritten log, while the copy is still checked against the
anchor of the SQLite register it comes from."""
from __future__ import annotations

from pathlib import Path

import pytest

from domain.permissions import Actor, Role
from services.hosting import host
from storage.audit_anchor import Anchor, anchor_path, read_anchor, write_anchor
from storage import register_copy
from storage.pg_cluster import Cluster, HostError, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PASSWORD = "correct horse battery"


def _register(folder: Path, users: int) -> str:
    from services import AppServices
    from services.database import prepare_database
    folder.mkdir()
    url = f"sqlite:///{folder / 'qandas.sqlite3'}"
    engine, _ = prepare_database(url)
    admin = AppServices(engine, Actor(None, "boss", Role.ADMINISTRATOR))
    admin.users.create("boss", Role.ADMINISTRATOR, PASSWORD, "Boss")
    for number in range(users):  # each an audit entry: the two registers' chains differ
        admin.users.create(f"worker{number}", Role.CASE_WORKER, PASSWORD, f"Worker {number}")
    engine.dispose()
    return url


def _owner_verification(data: Path):
    owner, _ = host._owner_services(Cluster(host.host_folder(data)))
    try:
        return owner.audit.verify()
    finally:
        owner.engine.dispose()


def test_a_second_register_hosted_at_the_same_address_verifies(tmp_path, host_servers):
    port = free_port(0)
    first = tmp_path / "first"
    host.init_host(_register(first, 1), "boss", PASSWORD, data_dir=first, port=port, start_at_sign_in=False)
    assert _owner_verification(first).ok
    Cluster(host.host_folder(first)).destroy()

    second = tmp_path / "second"
    report = host.init_host(_register(second, 3), "boss", PASSWORD, data_dir=second, port=port,
                            start_at_sign_in=False)
    try:
        verification = _owner_verification(second)
        assert verification.ok and verification.anchor_state == "matches", verification
        assert verification.head_count == report.audit_entries
    finally:
        Cluster(host.host_folder(second)).destroy()


def test_a_copy_that_differs_from_the_source_anchor_is_not_moved(tmp_path, host_servers, monkeypatch):
    data = tmp_path / "pc"
    url = _register(data, 2)
    source_anchor = anchor_path(url)
    copy_register = register_copy.copy_register

    def rewritten_then_copied(source, target, step=None):
        # after the sharing administrator's sign-in moved the anchor: the anchor this PC kept now
        # says the newest entry had another hash, as it would after the log was rewritten
        kept = read_anchor(source_anchor)
        write_anchor(source_anchor, Anchor(kept.count, "0" * 64, kept.written_at, kept.database))
        return copy_register(source, target, step)

    monkeypatch.setattr(register_copy, "copy_register", rewritten_then_copied)
    with pytest.raises(HostError) as refused:
        host.init_host(url, "boss", PASSWORD, data_dir=data, port=free_port(0), start_at_sign_in=False)
    assert refused.value.params["reason"] == "anchor_rewritten"
    assert (data / "qandas.sqlite3").exists()  # nothing moved


def test_a_client_forgets_its_anchor_when_the_server_certificate_changes(tmp_path):
    """Joining again after a register was shared anew (a new certificate) at the same address
    with the same login: the anchor of the old register is dropped, a re-saved profile keeps it."""
    from services.hosting.client import ConnectionProfile, save_profile
    folder = tmp_path / "client-pc"
    old = ConnectionProfile("192.168.1.10", "anna", 5433, fingerprint="a" * 64)
    save_profile(old, b"old certificate", folder)
    anchor = anchor_path(old.url("anna's password", folder))
    assert anchor == anchor_path(old.url("", folder))  # the password is not part of the address
    write_anchor(anchor, Anchor(12, "f" * 64))

    save_profile(old, b"old certificate", folder)  # the same server: the anchor stays
    assert read_anchor(anchor) == Anchor(12, "f" * 64)

    save_profile(ConnectionProfile("192.168.1.10", "anna", 5433, fingerprint="b" * 64), b"new certificate", folder)
    assert read_anchor(anchor) is None

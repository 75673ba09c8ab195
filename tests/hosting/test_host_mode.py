"""Host mode end to end: a demo register moved into the embedded server, a second "PC" (its own
data folder) joining over TLS with a pinned certificate, roles enforced, four seats at once, and
the host stopped and started mid-session.

One host per module (made once: init takes a few seconds), as the issue's set-up would make it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from domain.errors import DomainError
from domain.permissions import Actor, Role
from services.hosting import client, host
import sqlalchemy as sa

from storage import ledger_totals, register_copy, tables
from storage.engine import create_engine

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, host_servers):
    """(host data folder, init report, counts before the move) for a demo register with users."""
    from services import AppServices
    from services.database import prepare_database
    base = tmp_path_factory.mktemp("host")
    data = base / "host-pc"
    data.mkdir()
    sqlite_url = f"sqlite:///{data / 'qandas.sqlite3'}"
    engine, _ = prepare_database(sqlite_url)
    admin = AppServices(engine, Actor(None, "boss", Role.ADMINISTRATOR))
    admin.demo(families=6, seed=7)
    for login, role in (("boss", Role.ADMINISTRATOR), ("anna", Role.CASE_WORKER), ("rita", Role.READ_ONLY),
                        ("bob", Role.CASE_WORKER), ("cara", Role.CASE_WORKER), ("dan", Role.CASE_WORKER)):
        admin.users.create(login, role, PASSWORD, login.title())
    before = register_copy.table_counts(engine)
    engine.dispose()
    from storage.pg_cluster import free_port
    report = host.init_host(sqlite_url, "boss", PASSWORD, data_dir=data, port=free_port(0),
                            start_at_sign_in=False)
    yield data, report, before
    from storage.pg_cluster import Cluster
    Cluster(host.host_folder(data)).destroy()


def _boss(data: Path):
    from services import AppServices
    engine, actor = client.connect(client.load_profile(data), PASSWORD, data)
    return AppServices(engine, actor)


def _set_passwords(data: Path, *logins: str) -> None:
    boss = _boss(data)
    try:
        for login in logins:
            boss.users.reset_password(login, PASSWORD)
    finally:
        boss.engine.dispose()


def _join(data: Path, other: Path, login: str) -> client.ConnectionProfile:
    """What `host connect` does on another PC: fetch and pin the certificate, remember the profile."""
    port = host.status(data).port
    pem, fingerprint = client.fetch_certificate("127.0.0.1", port)
    assert fingerprint == host.status(data).fingerprint  # what the administrator compares
    profile = client.ConnectionProfile("127.0.0.1", login, port, fingerprint=fingerprint)
    client.save_profile(profile, pem, other)
    return profile


def test_host_init_moves_the_demo_register_losslessly(hosted):
    data, report, before = hosted
    assert not (data / "qandas.sqlite3").exists() and Path(report.moved_sqlite_to).exists()
    moved = create_engine(report.moved_sqlite_to)
    try:
        original = register_copy.table_counts(moved)
    finally:
        moved.dispose()
    assert report.counts == original and report.rows == sum(original.values())
    # the sharing administrator's sign-in is the one entry written since the demo was made
    assert report.audit_entries == original["audit_log"] == before["audit_log"] + 1
    assert {k: v for k, v in original.items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}
    # row for row, before a sign-in stamps the user: every table read through the same models
    owner, _ = host._owner_services(host.Cluster(host.host_folder(data)))
    moved = create_engine(report.moved_sqlite_to)
    try:
        for table in tables.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.c)
            with moved.connect() as a, owner.engine.connect() as b:
                original_rows = a.execute(sa.select(table).order_by(*order)).all()
                hosted_rows = b.execute(sa.select(table).order_by(*order)).all()
            assert hosted_rows == original_rows, table.name
    finally:
        moved.dispose()
        owner.engine.dispose()
    boss = _boss(data)
    try:
        assert boss.audit.verify().ok
        assert register_copy.table_counts(boss.engine)["family"] == before["family"]
    finally:
        boss.engine.dispose()


def test_the_moved_ledger_totals_equal_a_recount_of_the_hosted_ledger(hosted):
    """The totals are copied as rows; their triggers must not count the copied items a second time."""
    data, _report, _before = hosted
    owner, _ = host._owner_services(host.Cluster(host.host_folder(data)))
    try:
        with owner.engine.connect() as connection:
            kept = {name: sorted(connection.exec_driver_sql(f"SELECT * FROM {name}").all())
                    for name in (ledger_totals.DUE, ledger_totals.PAID)}
            # the statements that fill the totals of rows already there, without their INSERT
            recount = {name: sorted(connection.exec_driver_sql("SELECT " + fill.split(" SELECT ", 1)[1]).all())
                       for name, fill in zip((ledger_totals.DUE, ledger_totals.PAID),
                                             ledger_totals.fill_statements("postgresql"))}
    finally:
        owner.engine.dispose()
    assert kept[ledger_totals.DUE] and kept[ledger_totals.PAID], "the demo has subsidy items and payments"
    assert kept == recount


def test_a_second_pc_signs_in_as_a_case_worker_over_pinned_tls(hosted, tmp_path):
    data, _report, _before = hosted
    _set_passwords(data, "anna")
    profile = _join(data, tmp_path, "anna")
    assert "sslmode=verify-ca" in profile.url("x", tmp_path)
    engine, actor = client.connect(profile, PASSWORD, tmp_path)
    try:
        assert actor.role == Role.CASE_WORKER
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT current_user").scalar() == "q_anna"
    finally:
        engine.dispose()
    # a PC whose pinned certificate is not the host's is refused
    (tmp_path / client.CERT_NAME).write_bytes(__import__("storage.pg_tls", fromlist=["x"]).make_certificate(
        ["impostor"])[0])
    with pytest.raises(Exception):
        client.connect(profile, PASSWORD, tmp_path, retries=1)


def test_plain_connections_from_the_network_are_refused_and_passwords_checked(hosted, tmp_path):
    data, _report, _before = hosted
    profile = _join(data, tmp_path, "anna")
    with pytest.raises(client.WrongPasswordError):
        client.connect(profile, "wrong password", tmp_path, retries=1)
    with pytest.raises(client.WrongPasswordError):  # a user nobody gave a database password yet
        client.connect(client.ConnectionProfile("127.0.0.1", "dan", profile.port), PASSWORD, tmp_path, retries=1)


def test_read_only_users_own_credentials_cannot_update_or_delete(hosted, tmp_path):
    data, _report, _before = hosted
    _set_passwords(data, "rita")
    profile = _join(data, tmp_path, "rita")
    dsn = (f"host=127.0.0.1 port={profile.port} dbname=qandas user=q_rita password='{PASSWORD}' "
           f"sslmode=verify-ca sslrootcert={tmp_path / client.CERT_NAME}")
    with psycopg.connect(dsn, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM family").fetchone()[0] > 0
        for sql in ("UPDATE family SET notes = 'x'", "DELETE FROM payment", "DELETE FROM audit_log",
                    "UPDATE audit_log SET actor_login = 'x'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(sql)


def test_a_raw_sql_change_by_a_case_worker_is_audited(hosted, tmp_path):
    data, _report, _before = hosted
    _set_passwords(data, "anna")
    profile = _join(data, tmp_path, "anna")
    dsn = (f"host=127.0.0.1 port={profile.port} dbname=qandas user=q_anna password='{PASSWORD}' "
           f"sslmode=verify-ca sslrootcert={tmp_path / client.CERT_NAME}")
    with psycopg.connect(dsn, autocommit=True) as connection:
        family_id = connection.execute("SELECT min(id) FROM family").fetchone()[0]
        connection.execute("UPDATE family SET notes = 'psql was here' WHERE id = %s", (family_id,))
    boss = _boss(data)
    try:
        newest = boss.audit.list(limit=5)
        assert any(row.actor_login == "anna" and row.entity == "family" and row.action == "update"
                   for row in newest), newest
        assert boss.audit.verify().ok
    finally:
        boss.engine.dispose()


SEAT = r"""
import sys
from pathlib import Path
from argon2 import PasswordHasher
import services.users
from tests.hosting.conftest import CHEAP
services.users._hasher = PasswordHasher(**CHEAP)
from services import AppServices
from services.hosting import client
from domain.errors import DomainError
folder, login, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
engine, actor = client.connect(client.load_profile(folder), sys.stdin.readline().strip(), folder)
services = AppServices(engine, actor)
from tests.hosting.seat_work import register_families
print(register_families(services, login, count))
engine.dispose()
"""


def test_four_seats_working_at_once_lose_nothing(hosted, tmp_path):
    data, _report, _before = hosted
    seats = ("anna", "bob", "cara", "dan")
    _set_passwords(data, *seats)
    boss = _boss(data)
    try:
        families_before = register_copy.table_counts(boss.engine)["family"]
    finally:
        boss.engine.dispose()
    processes = []
    for login in seats:
        folder = tmp_path / login
        folder.mkdir()
        _join(data, folder, login)
        processes.append(subprocess.Popen([sys.executable, "-c", SEAT, str(folder), login, "3"], cwd=ROOT,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True))
    for process in processes:
        out, err = process.communicate(PASSWORD + "\n", timeout=300)
        assert process.returncode == 0, err
        assert out.strip() == "3", (out, err)
    boss = _boss(data)
    try:
        counts = register_copy.table_counts(boss.engine)
        assert counts["family"] == families_before + 12
        case_numbers = [row.case_number for row in boss.cases.list_rows()] if hasattr(boss.cases, "list_rows") \
            else None
        if case_numbers is not None:
            assert len(case_numbers) == len(set(case_numbers))
        assert boss.audit.verify().ok
    finally:
        boss.engine.dispose()


def test_the_host_stopped_and_started_mid_session_is_survived_with_a_clear_message(hosted):
    data, _report, _before = hosted
    from services import AppServices
    engine, actor = client.connect(client.load_profile(data), PASSWORD, data)
    services = AppServices(engine, actor)
    try:
        assert services.users.get("anna").login == "anna"
        assert host.stop_host(data)
        with pytest.raises(DomainError) as refused:
            services.users.get("anna")
        assert "Traceback" not in str(refused.value) and "psycopg" not in str(refused.value)
        with pytest.raises(client.UnreachableHostError) as unreachable:
            client.connect(client.load_profile(data), PASSWORD, data, retries=2, wait=0.01)
        assert "127.0.0.1" in str(unreachable.value)
        host.start_host(data, backup=False)
        assert services.users.get("anna").login == "anna"  # the same window goes on working
    finally:
        engine.dispose()
        host.start_host(data, backup=False)


def test_create_engine_refuses_sqlite_on_a_network_share(tmp_path, monkeypatch):
    from storage import network_drive
    from storage.engine import DatabaseError
    monkeypatch.setattr(network_drive, "network_filesystem", lambda folder: "cifs")
    with pytest.raises(DatabaseError) as refused:
        create_engine(str(tmp_path / "qandas.sqlite3"))
    assert "network drive" in str(refused.value) and "host mode" in str(refused.value)


def _cli(folder: Path, password: str, *args: str) -> subprocess.CompletedProcess:
    import os
    env = {**os.environ, "QANDAS_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QANDAS_DB", None)
    code = ("import sys, argon2, services.users as u; from tests.hosting.conftest import CHEAP; "
            "u._hasher = argon2.PasswordHasher(**CHEAP); import main; sys.exit(main.main())")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, input=password + "\n",
                          capture_output=True, text=True, timeout=300)


def test_a_second_process_signs_in_as_a_case_worker_and_cannot_do_more(hosted, tmp_path):
    """The issue's "done when": another data folder, the CLI signing in like the window, the role
    holding through Qandas and around it."""
    data, _report, _before = hosted
    _set_passwords(data, "anna")
    other = tmp_path / "second-pc"
    other.mkdir()
    port, fingerprint = host.status(data).port, host.status(data).fingerprint
    joined = _cli(other, PASSWORD, "host", "connect", "127.0.0.1", "--port", str(port), "--login", "anna",
                  "--fingerprint", fingerprint)
    assert joined.returncode == 0, joined.stderr
    assert not (other / "qandas.sqlite3").exists()
    info = _cli(other, PASSWORD, "info", "--json")
    assert info.returncode == 0, info.stderr  # a case worker works in the register
    assert '"families"' in info.stdout or "famil" in info.stdout
    refused = _cli(other, PASSWORD + "\nAnother-pass-123", "user", "add", "me", "--role", "administrator")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    wrong = _cli(other, "not my password", "info")
    assert wrong.returncode == 1 and "password" in wrong.stderr.lower()
    mismatch = _cli(tmp_path, PASSWORD, "host", "connect", "127.0.0.1", "--port", str(port), "--login", "anna",
                    "--fingerprint", "00:11")
    assert mismatch.returncode == 1 and not (tmp_path / client.PROFILE_NAME).exists()


def test_the_start_up_entry_runs_host_start(tmp_path):
    from services.hosting import autostart
    written = autostart.install(tmp_path / "data", home=tmp_path)
    text = written.read_text(encoding="utf-8")
    assert "host start" in text and str(tmp_path / "data") in text
    autostart.remove(home=tmp_path)
    assert not written.exists()


def test_the_windows_start_up_entry_reads_a_kazakh_data_folder(tmp_path, monkeypatch):
    """cmd.exe reads a batch file in the OEM code page: the entry switches to UTF-8 first, has no
    byte-order mark (it would run as a command) and CRLF line ends."""
    from services.hosting import autostart
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    data = tmp_path / "Әлия Қасымова" / "Qandas"
    written = autostart.install(data, home=tmp_path, system="nt")
    assert written == tmp_path / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup" / \
        "qandas-host.cmd"
    raw = written.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode("utf-8").split("\r\n")
    assert lines[:2] == ["@echo off", "chcp 65001 >nul"]
    assert f'set "QANDAS_DATA_DIR={data}"' in lines
    assert lines[-2].endswith("-m main host start") and lines[-1] == ""
    autostart.remove(home=tmp_path, system="nt")
    assert not written.exists()


def test_the_bundle_starts_itself_without_python_options(monkeypatch, tmp_path):
    """In the PyInstaller bundle the interpreter is Qandas.exe: "-m main" would be an unknown option,
    so the start-up entry and the TLS gateway run the executable with Qandas' own arguments."""
    import sys
    from services.hosting import autostart
    from storage import self_command
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\Qandas\qandas.exe")
    assert self_command.qandas_command("host", "start") == [r"C:\Program Files\Qandas\qandas.exe", "host", "start"]
    assert self_command.qandas_command(self_command.TLS_GATEWAY, "D") == [
        r"C:\Program Files\Qandas\qandas.exe", "--tls-gateway", "D"]
    monkeypatch.setenv("APPDATA", str(tmp_path))
    entry = autostart.install(tmp_path / "data", home=tmp_path, system="nt").read_bytes().decode("utf-8")
    assert entry.split("\r\n")[-2] == '"C:\\Program Files\\Qandas\\qandas.exe" host start'


@pytest.mark.parametrize("mount, expected", [("nfs4", "nfs4"), ("cifs", "cifs"), ("fuse.sshfs", "fuse.sshfs"),
                                             ("ext4", None)])
def test_network_file_systems_are_recognised(tmp_path, monkeypatch, mount, expected):
    from storage import network_drive
    monkeypatch.setattr(network_drive, "_mount_type", lambda folder: mount)
    monkeypatch.setattr(network_drive, "_statfs_magic", lambda folder: 0xEF53)
    assert network_drive.network_filesystem(tmp_path) == expected

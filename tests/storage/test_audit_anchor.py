"""The audit chain anchored outside the database: a cut tail, an emptied log, a rewritten tail and
an entry appended behind the program's back are all detected against the anchor file."""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.permissions import Role
from storage import audit as chain
from storage.audit_anchor import anchor_path, read_anchor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def logged(migrated_db_url, clock):
    """A database with a few dozen entries, on SQLite and PostgreSQL (a copy of the migrated
    template: these tests are about the audit log, not the migrations)."""
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    services = AppServices(engine, clock=clock)
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.demo(families=3, seed=3, families_only=True)
    yield services, engine
    engine.dispose()


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def head(engine) -> tuple[int, str]:
    with engine.connect() as connection:
        values = dict(connection.execute(sa.text(
            "SELECT key, value FROM setting WHERE key IN ('audit.count', 'audit.head_hash')")).all())
    return int(values["audit.count"]), values["audit.head_hash"]


def set_head(connection, count: int, digest: str) -> None:
    connection.execute(sa.text("UPDATE setting SET value = :v WHERE key = 'audit.count'"), {"v": str(count)})
    connection.execute(sa.text("UPDATE setting SET value = :v WHERE key = 'audit.head_hash'"), {"v": digest})


def append_valid_entry(engine) -> None:
    """What someone with the database's credentials can do: an entry with a correct hash, the head moved."""
    count, prev = head(engine)
    row = chain.chain_row(prev, chain.AuditEntry("update", "app_user", "2", {"role": "supervisor"},
                                                 {"role": "administrator"}), "boss", dt.datetime(2026, 11, 26, 9))
    with engine.begin() as connection:
        connection.execute(chain.tables.audit_log.insert(), [row])
        set_head(connection, count + 1, row["hash"])


def test_every_commit_moves_the_anchor_file_which_only_the_owner_reads(logged):
    services, engine = logged
    path = anchor_path(url_of(engine))
    anchor = read_anchor(path)
    assert (anchor.count, anchor.head_hash) == head(engine)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "password" not in path.read_text() and "boss-password" not in path.read_text()
    result = services.audit.verify()
    assert result.ok and result.anchor_state == "matches" and result.anchor_path == str(path)


def test_cut_tail_with_its_head_settings_is_detected(logged):
    services, engine = logged
    with engine.begin() as connection:
        last = connection.scalar(sa.text("SELECT max(id) FROM audit_log"))
        connection.execute(sa.text("DELETE FROM audit_log WHERE id > :i"), {"i": last - 3})
        connection.execute(sa.text("DELETE FROM setting WHERE key IN ('audit.count', 'audit.head_hash')"))
    result = services.audit.verify()
    assert not result.ok and result.reason == "missing_head"


def test_cut_tail_with_a_consistent_head_is_detected_by_the_anchor(logged):
    services, engine = logged
    count, _ = head(engine)
    with engine.begin() as connection:
        ids = list(connection.scalars(sa.text("SELECT id FROM audit_log ORDER BY id")))
        connection.execute(sa.text("DELETE FROM audit_log WHERE id > :i"), {"i": ids[-4]})
        set_head(connection, len(ids) - 3,
                 connection.scalar(sa.text("SELECT hash FROM audit_log WHERE id = :i"), {"i": ids[-4]}))
    result = services.audit.verify()
    assert (result.ok, result.reason, result.anchor_count) == (False, "anchor_truncated", count)


def test_an_emptied_log_is_detected_by_the_anchor(logged):
    services, engine = logged
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log"))
        connection.execute(sa.text("DELETE FROM setting WHERE key IN ('audit.count', 'audit.head_hash')"))
    result = services.audit.verify()
    assert (result.ok, result.reason, result.checked) == (False, "anchor_truncated", 0)


def test_a_rewritten_tail_is_detected_by_the_anchor(logged):
    services, engine = logged
    a = chain.tables.audit_log
    with engine.begin() as connection:
        last = connection.execute(sa.select(a).order_by(a.c.id.desc()).limit(1)).one()._mapping
        row = chain.chain_row(last["prev_hash"], chain.AuditEntry(last["action"], last["entity"], last["entity_id"],
                                                                  last["before"], {"rewritten": True}),
                              last["actor_login"], last["occurred_at"])
        connection.execute(a.update().where(a.c.id == last["id"]).values(
            after=row["after"], values_salt=row["values_salt"], values_digest=row["values_digest"],
            hash=row["hash"]))
        connection.execute(sa.text("UPDATE setting SET value = :v WHERE key = 'audit.head_hash'"), {"v": row["hash"]})
    result = services.audit.verify()
    assert (result.ok, result.reason) == (False, "anchor_rewritten")


def test_an_appended_entry_with_a_valid_hash_but_no_anchor_move(logged):
    services, engine = logged
    append_valid_entry(engine)
    result = services.audit.verify()
    if engine.dialect.name == "sqlite":  # only this computer writes the file: detected
        assert (result.ok, result.reason) == (False, "anchor_not_moved")
    else:  # other seats append on a server: the anchor proves the history it saw, and says how many came after
        assert result.ok and result.anchor_state == "behind" and result.head_count == result.anchor_count + 1


def test_an_absent_anchor_is_reported_and_a_damaged_one_fails(logged):
    services, engine = logged
    path = anchor_path(url_of(engine))
    path.unlink()
    result = services.audit.verify()
    assert result.ok and result.anchor_state == "absent"
    path.write_text("{not json")
    result = services.audit.verify()
    assert (result.ok, result.reason) == (False, "anchor_damaged")
    services.reference.set_mrp(2026, __import__("decimal").Decimal("4400"))  # the next change writes it anew
    assert services.audit.verify().anchor_state == "matches"


def test_every_backup_carries_the_anchor_of_its_copy(logged, tmp_path):
    services, engine = logged
    before = head(engine)
    made = services.backup.create(tmp_path / "b.qbak")
    with zipfile.ZipFile(made.path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert (manifest["audit_count"], manifest["audit_head"]) == before  # the backup's own entry comes after


def test_the_monthly_report_prints_the_anchor(services, tmp_path):
    from i18n import Translator
    from reports.monthly_report import export_monthly_report
    services.demo(families=3, seed=3, families_only=True)
    count, digest = services.audit.head()
    out = tmp_path / "m.pdf"
    export_monthly_report(services, dt.date(2026, 11, 1), out, Translator("en"))
    from pypdf import PdfReader
    text = PdfReader(str(out)).pages[0].extract_text()
    assert f"Audit: {count} entries, head {digest[:12]}" in text


def _cli(*args: str):
    """The command line in this process (tests/cli/in_process.py): the exit code and output are tested."""
    from tests.cli.in_process import run_cli
    return run_cli(*args)


def test_audit_verify_command_names_the_anchor_and_exits_1_on_a_mismatch(tmp_path):
    db = tmp_path / "c.sqlite3"
    assert _cli("--db", str(db), "demo", "--families", "2").returncode == 0
    intact = _cli("--db", str(db), "audit", "verify")
    path = anchor_path(f"sqlite:///{db}")
    assert intact.returncode == 0 and str(path) in intact.stdout, intact.stderr
    assert read_anchor(path).head_hash[:12] in intact.stdout
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)"))
            connection.execute(sa.text("DELETE FROM setting WHERE key LIKE 'audit.%'"))
    finally:
        engine.dispose()
    cut = _cli("--db", str(db), "audit", "verify", "--json")
    assert cut.returncode == 1
    report = json.loads(cut.stdout)
    assert report["reason"] == "missing_head" and report["anchor"]["path"] == str(path)


def test_a_torn_write_spoils_one_slot_and_the_previous_anchor_remains(tmp_path):
    from storage.audit_anchor import SLOT, Anchor, write_anchor
    path = tmp_path / "a.json"
    write_anchor(path, Anchor(1, "1" * 64))
    write_anchor(path, Anchor(2, "2" * 64))
    assert read_anchor(path).count == 2
    raw = bytearray(path.read_bytes())
    newest = 1 if b'"count": 2' in raw[SLOT:] else 0
    raw[newest * SLOT + 5:newest * SLOT + 40] = b"\0" * 35  # a crash in the middle of the newest write
    path.write_bytes(bytes(raw))
    assert read_anchor(path).count == 1
    assert write_anchor(path, Anchor(3, "3" * 64)).count == 1  # the torn slot is the one rewritten
    assert read_anchor(path).count == 3


def test_verify_against_a_backup_s_anchor_detects_a_cut_made_since(logged, tmp_path):
    services, engine = logged
    made = services.backup.create(tmp_path / "b.qbak")
    services.reference.set_mrp(2026, __import__("decimal").Decimal("4400"))
    checked = services.audit.verify(against=made.path)
    assert checked.ok and checked.anchor_path == made.path and checked.anchor_state == "behind"
    with engine.begin() as connection:  # everything since the backup's copy was made, cut with its head
        count = json.loads(zipfile.ZipFile(made.path).read("manifest.json"))["audit_count"]
        ids = list(connection.scalars(sa.text("SELECT id FROM audit_log ORDER BY id")))
        connection.execute(sa.text("DELETE FROM audit_log WHERE id >= :i"), {"i": ids[count - 2]})
        last = connection.scalar(sa.text("SELECT hash FROM audit_log WHERE id = :i"), {"i": ids[count - 3]})
        set_head(connection, count - 2, last)
    anchor_path(url_of(engine)).unlink()  # even with this computer's anchor gone, the backup tells
    result = services.audit.verify(against=made.path)
    assert (result.ok, result.reason) == (False, "anchor_truncated")

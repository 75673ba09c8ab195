"""Every copy Qandas writes is readable by its owner only (0600), even in a session whose umask
lets everyone read new files (issue #19): the copy kept before an upgrade and before a restore,
exports of personal data, a person's own file (PDF and xlsx), and the encrypted register, its
kept copy and the temporary file the conversion writes."""
from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from domain.permissions import Actor, Role
from i18n import Translator
from reports.registry_export import render_registry_xlsx
from reports.subject_access import export_subject_access
from services import AppServices, register_encryption
from services.database import prepare_database
from services.dto import FamilyInput, PersonInput
from storage import backup as backup_files
from storage import private_files, schema, sqlcipher_files

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX permissions")
IIN = "871008401427"


@pytest.fixture
def umask_022():
    before = os.umask(0o022)
    yield
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_copy_written_is_owner_only(tmp_path, clock, umask_022, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    sqlcipher_files.set_passphrase(None)
    path = tmp_path / "qandas.sqlite3"
    engine, _ = prepare_database(str(path))
    try:
        services = AppServices(engine, clock=clock)
        family = services.registration.register_family(FamilyInput(
            members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin=IIN),),
            arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
        person_id = services.cases.details(family.id).members[0].id
        written: dict[str, Path] = {}
        written["before upgrade"] = schema.backup_sqlite(path, "before-test")
        pdf, xlsx = tmp_path / "own-file.pdf", tmp_path / "own-file.xlsx"
        export_subject_access(services, person_id, Translator("ru"), pdf, xlsx)
        written["subject access pdf"], written["subject access xlsx"] = pdf, xlsx
        export = tmp_path / "registry.xlsx"
        export.write_bytes(b"an older export, readable by all")
        export.chmod(0o644)
        render_registry_xlsx("Registry", ["IIN"], [[IIN]], export)  # replaces it: the wider mode goes
        written["export of personal data"] = export
        temporary = private_files.temporary_file(tmp_path, ".cipher-part")  # what the conversion writes into
        written["conversion's temporary file"] = temporary
        modes = {name: _mode(file) for name, file in written.items()}
        temporary.unlink()
        private_files.drop_empty_area(tmp_path)
    finally:
        engine.dispose()
    # the copy kept before a restore
    restored = tmp_path / "restored.sqlite3"
    backup_files.snapshot_sqlite(path, restored)
    keep = tmp_path / "qandas.sqlite3.before-restore"
    backup_files.replace_sqlite(path, restored, keep)
    modes["before restore"] = _mode(keep)
    # the encrypted register and the copy kept before its encryption
    if sqlcipher_files.available():
        result = register_encryption.encrypt(str(path), Actor(None, "boss", Role.ADMINISTRATOR, "Boss"),
                                             "a passphrase long enough")
        modes["encrypted register"] = _mode(path)
        modes["kept before encryption"] = _mode(Path(result.kept_copy))
        sqlcipher_files.set_passphrase(None)
    assert modes == {name: 0o600 for name in modes}
    assert not (tmp_path / private_files.TEMP_FOLDER).exists()  # no temporary copy left behind

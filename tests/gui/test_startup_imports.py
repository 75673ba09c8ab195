"""Start-up does no work the first screen does not need: building the main window offscreen, as
``python main.py`` does up to an interactive window with the registry's first rows (the path
``bench/cold_start.py`` times), imports none of the libraries that only a report, an export or
an import uses. Each of them costs 30-300 ms of a cold start (``python -X importtime``)."""
from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys

from tests.cli.test_cli import ROOT
from tests.db_templates import copy_of_template

# library -> what needs it (it is imported there, when that work starts)
NOT_AT_START_UP = {
    "reportlab": "PDF reports", "pypdfium2": "PDF preview", "openpyxl": "Excel export and .xlsx import",
    "python_calamine": "register import", "lxml": "register import", "olefile": ".xls import",
    "PIL": "images", "alembic": "schema upgrade (only when the database is behind)",
    "psycopg": "PostgreSQL (only for a PostgreSQL database)",
    "sqlalchemy.dialects.postgresql": "PostgreSQL (only for a PostgreSQL database)",
    "babel": "month names, other date patterns and a .po parsed once (i18n/catalogue_cache.py keeps the result)",
    "argon2": "passwords (sign-in, users)", "cryptography": "encrypted backups",
    # services are built on first use (services/__init__.py): these are not needed for the first rows
    "services.imports": "register import", "services.quotas": "the quota screens' forms",
    "services.backup": "backups", "services.letters": "letters", "services.duplicates": "duplicate review",
    "services.registration": "new family", "services.family_records": "the family card",
}

SCRIPT = """
import os, sys
sys.path.insert(0, {root!r})
import bench.cold_start as cold_start
leave = os._exit
def report(code):
    sys.stdout.write("MODULES=" + ",".join(sorted(sys.modules)) + "\\n")
    sys.stdout.flush()
    leave(code)
os._exit = report
cold_start.app({db!r})
"""


def one_family(db) -> None:
    """The registry waits for its first row to be on screen: the database holds one family."""
    from services.dto import FamilyInput, PersonInput
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(str(db))
    try:
        AppServices(engine).registration.register_family(FamilyInput(
            members=(PersonInput("Омаров", "Бауыржан", birth_date=dt.date(1987, 10, 8), sex="M"),),
            arrival_date=dt.date(2025, 6, 1), origin_country_code="CN", region_code="PAVLODAR"))
    finally:
        engine.dispose()


def test_building_the_main_window_imports_no_heavy_library(tmp_path, sqlite_template, monkeypatch):
    db = copy_of_template(sqlite_template, tmp_path / "qandas.sqlite3")
    one_family(db)
    # a start after the first: the parsed catalogue is in the cache (the first start parses the .po)
    monkeypatch.setenv("QANDAS_CACHE_DIR", str(tmp_path / "cache"))
    translator_module = importlib.import_module("i18n.translator")  # the package exports a function of that name
    translator_module._catalogue.cache_clear()
    translator_module.Translator("kk")
    translator_module._catalogue.cache_clear()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT), db=str(db))], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert "ready" in lines, done.stderr[-2000:]
    modules = set(next(line for line in lines if line.startswith("MODULES=")).removeprefix("MODULES=").split(","))
    loaded = {name: why for name, why in NOT_AT_START_UP.items() if name in modules}
    assert not loaded, f"imported at start-up, needed only later: {loaded}"
    assert "PySide6.QtWidgets" in modules and "services" in modules  # the window really was built

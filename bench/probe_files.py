"""Import, export and report figures, each against its raw library baseline."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.timing import peak_rss_mb


def fresh_copy(path: str, folder: str, name: str | None = None) -> str:
    """A private copy of a cached database (writes must not change the cache)."""
    target = Path(folder) / (name or Path(path).name)
    source = sqlite3.connect(path)
    destination = sqlite3.connect(str(target))
    source.backup(destination)
    destination.close()
    source.close()
    return str(target)


def _services(path: str):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(path)
    return AppServices(engine)


# --- import ----------------------------------------------------------------------------
def app_import(db: str, register: str, keep: str | None = None) -> dict:
    """``services.imports.import_file`` into a private copy of ``db``; ``keep``: where to leave the
    database it produced (the raw baseline takes the rows the import wrote from it)."""
    with tempfile.TemporaryDirectory() as folder:
        target = fresh_copy(db, folder)
        services = _services(target)
        started, started_cpu = time.perf_counter(), cpu_seconds()
        services.imports.import_file(register)
        _deliberate_slowdown()
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
        services.engine.dispose()
        if keep:
            fresh_copy(target, str(Path(keep).parent), Path(keep).name)
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": peak_rss_mb(), "child_rss_mb": _children_peak_mb()}


def cpu_seconds() -> float:
    """Processor time of this process and of its finished children (the import's reader process):
    on a shared two-core machine the import's wall time depends on whether its reader finds the
    second core free, its processor time does not (issue 21)."""
    import resource
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_peak_mb() -> float | None:
    """The peak resident memory of the largest child process (the import's calamine reader,
    services/sheet_child.py); ``None`` where no child ran or the platform does not say."""
    try:
        import resource
    except ImportError:
        return None
    kilobytes = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(kilobytes / 1024, 1) if kilobytes else None


def _deliberate_slowdown() -> None:
    """The guard's own test (tests/bench) slows the import on purpose to see ``--check`` fail."""
    extra = os.environ.get("QANDAS_BENCH_SLOW_IMPORT_S")
    if extra:
        time.sleep(float(extra))


def _calamine_rows(register: str):
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(register).get_sheet_by_index(0).to_python(skip_empty_area=False)


def _openpyxl_rows(register: str):
    import openpyxl
    return openpyxl.load_workbook(register, read_only=True, data_only=True).worksheets[0].iter_rows(values_only=True)


# what an import writes: every row of these tables that the base database did not hold
_WRITTEN = (("import_batch", "id"), ("family", "id"), ("person", "id"), ("person_search_token", "person_id"),
            ("family_event", "id"))


def _written_rows(base: str, imported: str) -> list[tuple[str, list[str], list[tuple]]]:
    """(table, columns, rows) that the application's import added to ``base`` (read from ``imported``)."""
    connection = sqlite3.connect(imported)
    connection.execute("ATTACH DATABASE ? AS base", (base,))
    written = []
    for table, key in _WRITTEN:
        owner = "person" if table == "person_search_token" else table
        last = connection.execute(f"SELECT coalesce(max(id), 0) FROM base.{owner}").fetchone()[0]
        columns = [row[1] for row in connection.execute(f"PRAGMA main.table_info({table})")]
        rows = connection.execute(f"SELECT {', '.join(columns)} FROM main.{table} WHERE {key} > ?", (last,)).fetchall()
        written.append((table, columns, rows))
    connection.close()
    return written


def raw_import(db: str, register: str, imported: str, reader: str = "calamine") -> dict:
    """The same job with no application code: read every row of the register with the library
    (python-calamine, or openpyxl read-only, whose memory stays flat) and ``executemany`` exactly
    the rows the application's import wrote (batch, families, persons, search tokens, events; taken
    from ``imported``, untimed) in one transaction."""
    written = _written_rows(db, imported)
    with tempfile.TemporaryDirectory() as folder:
        target = fresh_copy(db, folder)
        connection = sqlite3.connect(target)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        started, started_cpu = time.perf_counter(), cpu_seconds()
        cells = sum(len(row) for row in (_calamine_rows(register) if reader == "calamine" else _openpyxl_rows(register)))
        for table, columns, rows in written:
            connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                                   f"VALUES ({', '.join('?' * len(columns))})", rows)
        connection.commit()
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
        connection.close()
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": peak_rss_mb(), "cells": cells,
            "rows": {table: len(rows) for table, _, rows in written}}


# --- export ----------------------------------------------------------------------------
EXPORT_QUERY = """
SELECT f.case_number, f.stage, f.arrival_date, f.origin_country_code, f.region_code, f.address, f.phone,
       p.relation, p.surname, p.given_name, p.patronymic, p.latin_name, p.birth_date, p.sex, p.iin,
       p.citizenship_code, p.education_level, p.profession, d.kind, d.number, d.issue_date, d.expiry_date,
       s.decision, s.granted_on, s.valid_until
FROM person p JOIN family f ON f.id = p.family_id
LEFT JOIN identity_document d ON d.person_id = p.id
LEFT JOIN kandas_status s ON s.person_id = p.id
ORDER BY f.head_sort_key, f.id, p.id
"""
DATE_COLUMNS = (2, 12, 20, 21, 23, 24)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def raw_export(db: str, out: str) -> dict:
    """The same kind of cells written by openpyxl in write-only mode: 25 columns, real dates."""
    from openpyxl import Workbook
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    sheet.append([f"column {n + 1}" for n in range(25)])
    rows = 0
    for row in connection.execute(EXPORT_QUERY):
        values = list(row)
        for index in DATE_COLUMNS:
            values[index] = _date(values[index])
        sheet.append(values)
        rows += 1
    workbook.save(out)
    connection.close()
    return {"seconds": time.perf_counter() - started, "rss_mb": peak_rss_mb(), "rows": rows}


def app_export(db: str, out: str) -> dict:
    from i18n import Translator
    from reports.ministry_export import export_ministry_xlsx as export
    services = _services(db)
    started = time.perf_counter()
    export(services, "register", out, Translator("ru"))
    seconds = time.perf_counter() - started
    services.engine.dispose()
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


# --- monthly report ----------------------------------------------------------------------
def app_report(db: str, out: str, month: dt.date) -> dict:
    from i18n import Translator
    from reports.monthly_report import export_monthly_report as export
    services = _services(db)
    started = time.perf_counter()
    export(services, month, out, Translator("kk"))
    seconds = time.perf_counter() - started
    services.engine.dispose()
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


def copy_to(path: str, folder: str) -> str:
    target = Path(folder) / Path(path).name
    shutil.copyfile(path, target)
    return str(target)

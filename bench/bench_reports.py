"""Benchmark of the reports area: the monthly PDF on a large database and the 100 000-row register
export against a raw openpyxl write-only dump of the same cells.

    python bench/bench_reports.py [--persons 1000000] [--register-rows 100000] [--folder DIR]

The database is made with plain ``executemany`` inserts (synthetic but realistic rows with a fixed
seed) after the real migrations, so indexes are those of the product. Prints one JSON object and a
short table. Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOW = dt.datetime(2026, 11, 25, 10, 0, 0)
REGIONS = ("PAVLODAR", "AKMOLA", "ABAI", "EAST_KZ", "NORTH_KZ", "KOSTANAY", "ATYRAU", "WEST_KZ", "ALMATY_REGION",
           "MANGYSTAU", "ASTANA", "ALMATY", "SHYMKENT", "TURKESTAN")
COUNTRIES = ("UZ", "CN", "TM", "MN", "RU", "KG", "AF", "TR")
SURNAMES = ("Сейітқали", "Омаров", "Әлиев", "Нұрланов", "Қасымов", "Жұмабаев", "Өтегенов", "Ұлықбеков")
GIVEN = ("Нұрлан", "Айгүл", "Бауыржан", "Гүлнар", "Ерлан", "Әсем", "Қайрат", "Жанар")


def make_database(path: Path, persons: int, seed: int = 8) -> dict:
    from services.database import prepare_database
    engine, _ = prepare_database(str(path))
    engine.dispose()
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    edit = (NOW.isoformat(sep=" "), "bench", NOW.isoformat(sep=" "), "bench", 1)
    families, rows_f, rows_p, rows_s = 0, [], [], []
    person_id = 0
    start = dt.date(2019, 1, 1)
    span = (NOW.date() - start).days
    while person_id < persons:
        families += 1
        arrival = start + dt.timedelta(days=rng.randrange(span))
        rows_f.append((families, f"B-{families:07d}", "status_granted", arrival.isoformat(),
                       rng.choice(COUNTRIES), rng.choice(REGIONS), "key", *edit))
        for member in range(rng.choice((1, 2, 3, 3, 4, 5))):
            person_id += 1
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25000))
            rows_p.append((person_id, families, "head" if member == 0 else "child", rng.choice(SURNAMES),
                           rng.choice(GIVEN), "", birth.isoformat(), rng.choice("MF"), f"{person_id:012d}",
                           "key", "key", *edit))
            granted = min(arrival + dt.timedelta(days=rng.randrange(5, 60)), NOW.date())
            rows_s.append((person_id, "initial", "granted", granted.isoformat(),
                           (granted + dt.timedelta(days=365)).isoformat(), f"KD-{person_id}", *edit))
        if len(rows_p) >= 50_000:
            _flush(db, rows_f, rows_p, rows_s)
    _flush(db, rows_f, rows_p, rows_s)
    _activity(db, rng, families, person_id, edit)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return {"families": families, "persons": person_id}


def _flush(db, rows_f, rows_p, rows_s) -> None:
    db.executemany("INSERT INTO family (id, case_number, stage, arrival_date, origin_country_code, region_code, "
                   "head_sort_key, created_at, created_by, updated_at, updated_by, version) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows_f)
    db.executemany("INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, birth_date, sex, "
                   "iin, search_key, sort_key, created_at, created_by, updated_at, updated_by, version) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows_p)
    db.executemany("INSERT INTO kandas_status (person_id, kind, decision, granted_on, valid_until, "
                   "certificate_number, created_at, created_by, updated_at, updated_by, version) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows_s)
    rows_f.clear(), rows_p.clear(), rows_s.clear()


def _activity(db, rng, families: int, persons: int, edit) -> None:
    """Quota inclusions with subsidies and payments, services, tasks, placements."""
    now = NOW.isoformat(sep=" ")
    for index in range(min(families, 20_000)):
        family = rng.randrange(1, families + 1)
        decided = dt.date(2026, 1, 10) + dt.timedelta(days=rng.randrange(300))
        cursor = db.execute("INSERT INTO quota_inclusion (family_id, year, region_code, decision_date, "
                            "decision_number, persons_count, created_at, created_by, updated_at, updated_by, version) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            (family, 2026, rng.choice(REGIONS[:8]), decided.isoformat(), f"Q{index}",
                             rng.randrange(1, 6), *edit))
        item = db.execute("INSERT INTO subsidy_item (inclusion_id, kind, due_date, amount_due, mrp_year, "
                          "mrp_coefficient, persons, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)",
                          (cursor.lastrowid, "relocation_per_member", decided.isoformat(), 302750, 2026, 70, 1,
                           now, "bench")).lastrowid
        if rng.random() < 0.7:
            db.execute("INSERT INTO payment (subsidy_item_id, paid_on, amount, document_number, created_at, "
                       "created_by) VALUES (?,?,?,?,?,?)",
                       (item, (decided + dt.timedelta(days=10)).isoformat(), 302750, f"P{index}", now, "bench"))
    db.executemany("INSERT INTO adaptation_service (family_id, kind, delivered_on, created_at, created_by, "
                   "updated_at, updated_by, version) VALUES (?,?,?,?,?,?,?,?)",
                   [(rng.randrange(1, families + 1), rng.choice(("language_course", "legal_consultation")),
                     (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(690))).isoformat(), *edit)
                    for _ in range(min(families, 200_000))])
    db.executemany("INSERT INTO task (family_id, kind, title, params, due_date, created_at, created_by, updated_at, "
                   "updated_by, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(rng.randrange(1, families + 1), "manual", "Call the family", "{}",
                     (dt.date(2025, 6, 1) + dt.timedelta(days=rng.randrange(600))).isoformat(), *edit)
                    for _ in range(min(families, 100_000))])
    db.executemany("INSERT INTO job_placement (person_id, employer_name, started_on, created_at, created_by, "
                   "updated_at, updated_by, version) VALUES (?,?,?,?,?,?,?,?)",
                   [(rng.randrange(1, persons + 1), "ЖШС", (dt.date(2026, 1, 1) + dt.timedelta(
                       days=rng.randrange(320))).isoformat(), *edit) for _ in range(min(persons, 30_000))])


def services_for(path: Path):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(str(path))
    return AppServices(engine, clock=lambda: NOW)


def bench_pdf(path: Path, folder: Path) -> dict:
    from i18n import Translator
    from reports.monthly_report import export_monthly_report
    services = services_for(path)
    times, cpu = [], []
    for attempt in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        pages = export_monthly_report(services, dt.date(2026, 11, 1), folder / f"m{attempt}.pdf", Translator("kk"))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    services.engine.dispose()
    # CPU time is what the report costs on an idle machine (the file is cached after the first run);
    # wall time on a shared, busy machine is higher by the time spent waiting for a processor
    return {"monthly_pdf_seconds": round(min(times), 3), "monthly_pdf_all_runs": [round(t, 3) for t in times],
            "monthly_pdf_cpu_seconds": round(min(cpu), 3), "pages": pages,
            "load_average": open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else None}


def bench_register(path: Path, folder: Path, rows: int) -> dict:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from i18n import Translator
    from reports.ministry_export import export_ministry_xlsx
    from reports.ministry_layouts import LAYOUTS, ExportContext
    from services.reporting_dto import ExportRequest
    services = services_for(path)
    tr = Translator("ru")
    # the same cells, computed beforehand and kept in memory: the baseline only writes
    names, _centre, _total = services.reporting.export_header(ExportRequest("register"))
    layout = LAYOUTS["register"]
    context = ExportContext(tr, names)
    values = []
    for page in services.reporting.export_pages(ExportRequest("register")):
        for row in page:
            row["_n"] = len(values) + 1
            values.append([column.value(row, context) for column in layout.columns])
    formats = [column.number_format for column in layout.columns]

    def raw(with_formats: bool) -> float:
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        ws = workbook.create_sheet("raw")
        for items in values:
            if with_formats:
                cells = []
                for value, number_format in zip(items, formats):
                    if value is not None and number_format:
                        cell = WriteOnlyCell(ws, value=value)
                        cell.number_format = number_format
                        value = cell
                    cells.append(value)
                ws.append(cells)
            else:
                ws.append(items)
        workbook.save(folder / "raw.xlsx")
        return time.perf_counter() - started

    def ours() -> float:
        started = time.perf_counter()
        export_ministry_xlsx(services, "register", folder / "ours.xlsx", tr)
        return time.perf_counter() - started

    results = {"raw_formats": [], "raw_plain": [], "ours": []}
    for _attempt in range(3):  # interleaved so a noisy moment hits both sides
        results["raw_formats"].append(raw(True))
        results["ours"].append(ours())
        results["raw_plain"].append(raw(False))
    best = {key: min(times) for key, times in results.items()}
    services.engine.dispose()
    return {"register_rows": len(values), "register_columns": len(formats),
            "register_export_seconds": round(best["ours"], 3),
            "raw_write_only_same_cells_seconds": round(best["raw_formats"], 3),
            "raw_write_only_values_only_seconds": round(best["raw_plain"], 3),
            "ratio_vs_same_cells": round(best["ours"] / best["raw_formats"], 3),
            "ratio_vs_values_only": round(best["ours"] / best["raw_plain"], 3)}


def child_peak_memory_mb(args: list[str]) -> float:
    """Peak resident memory of a ``main.py`` child process (its own rusage, via wait4)."""
    import os
    import subprocess
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "main.py"), *args],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise RuntimeError(f"{args} failed with status {status}")
    return round(usage.ru_maxrss / 1024, 1)  # Linux reports kilobytes


def bench_memory(folder: Path, large: Path) -> dict:
    small = folder / "register-10000.sqlite3"
    if not small.exists():
        make_database(small, 10_000)
    peaks = {}
    for name, db in (("10k", small), ("100k", large)):
        peaks[name] = child_peak_memory_mb(["--db", str(db), "export", "register", "--out",
                                            str(folder / f"mem-{name}.xlsx")])
    return {"export_peak_rss_mb_10k": peaks["10k"], "export_peak_rss_mb_100k": peaks["100k"],
            "export_memory_ratio_100k_vs_10k": round(peaks["100k"] / peaks["10k"], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--register-rows", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="qandas-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {}
    big = folder / f"big-{args.persons}.sqlite3"
    if not big.exists():
        started = time.perf_counter()
        result["big_database"] = make_database(big, args.persons)
        result["big_database_seconds"] = round(time.perf_counter() - started, 1)
    result.update(bench_pdf(big, folder))
    register = folder / f"register-{args.register_rows}.sqlite3"
    if not register.exists():
        result["register_database"] = make_database(register, args.register_rows)
    # memory first: Linux carries a parent's peak RSS into the children it forks, and the register
    # benchmark below holds every cell in memory for its baseline
    result.update(bench_memory(folder, register))
    result.update(bench_register(register, folder, args.register_rows))
    print(json.dumps(result, indent=2))
    print(f"monthly PDF, {args.persons:,} persons: {result['monthly_pdf_seconds']} s (target <= 2 s)")
    print(f"register export, {result['register_rows']:,} rows x {result['register_columns']} columns: "
          f"{result['register_export_seconds']} s vs raw {result['raw_write_only_same_cells_seconds']} s "
          f"= {result['ratio_vs_same_cells']}x (target <= 1.2x); values-only raw "
          f"{result['raw_write_only_values_only_seconds']} s = {result['ratio_vs_values_only']}x")
    print(f"export peak memory: {result['export_peak_rss_mb_10k']} MB at 10k rows, "
          f"{result['export_peak_rss_mb_100k']} MB at 100k rows = {result['export_memory_ratio_100k_vs_10k']}x "
          f"(target <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Register import speed and memory against a raw baseline (docs/imports.md reports the figures).

    python bench/bench_import.py [--sizes 10000 100000] [--folder DIR]

For each size: a clean register of about that many persons is generated once (kept in
DIR), then in a fresh child process each (so peak memory is the import's own):
  raw   – python-calamine reads every row and sqlite3 ``executemany`` inserts the persons
  ours  – ``ImportService.import_file`` into a new Qandas database
Prints one JSON object (seconds, ratio ours/raw, peak RSS in MB) and a short table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _raw(path: str, db: str) -> None:
    import sqlite3

    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_index(0).iter_rows()
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, family TEXT, surname TEXT, given_name TEXT, "
                       "patronymic TEXT, iin TEXT, birth_date TEXT, sex TEXT, relation TEXT, arrival TEXT, "
                       "country TEXT, region TEXT, address TEXT, phone TEXT)")
    batch = []
    for values in rows:
        batch.append([str(v) for v in values[1:14]] + [""] * (13 - len(values[1:14])))
        if len(batch) == 500:
            connection.executemany("INSERT INTO person (family, surname, given_name, patronymic, iin, birth_date, "
                                   "sex, relation, arrival, country, region, address, phone) "
                                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        connection.executemany("INSERT INTO person (family, surname, given_name, patronymic, iin, birth_date, sex, "
                               "relation, arrival, country, region, address, phone) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    connection.commit()


def _ours(path: str, db: str) -> int:
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(db)
    report = AppServices(engine).imports.import_file(path)
    engine.dispose()
    return report.imported


def child(kind: str, path: str, db: str) -> None:
    import resource
    start = time.perf_counter()
    result = _raw(path, db) if kind == "raw" else _ours(path, db)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak, 1), "imported": result}))


def run(kind: str, path: Path, folder: Path) -> dict:
    db = folder / f"{kind}-{path.stem}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(db)], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--folder", default=str(ROOT / ".bench-data"))
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from tests.register_files import big_register
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in args.sizes:
        path = folder / f"register-{size}.xlsx"
        if not path.exists():
            big_register(path, max(1, size * 10 // 24), seed=size)  # 2.4 persons per family on average
        raw, ours = run("raw", path, folder), run("ours", path, folder)
        results[size] = {"raw": raw, "ours": ours, "ratio": round(ours["seconds"] / raw["seconds"], 2)}
    sizes = sorted(results)
    if len(sizes) > 1:
        results["memory_ratio_largest_to_smallest"] = round(
            results[sizes[-1]]["ours"]["peak_mb"] / results[sizes[0]]["ours"]["peak_mb"], 2)
    print(json.dumps(results, indent=2))
    for size in sizes:
        r = results[size]
        print(f"{size:>8} rows: raw {r['raw']['seconds']:6.1f} s, ours {r['ours']['seconds']:6.1f} s "
              f"(x{r['ratio']}), peak {r['ours']['peak_mb']} MB, imported {r['ours']['imported']}")


if __name__ == "__main__":
    main()

"""One measurement in its own process, so that peak memory figures do not mix.

    python -m bench.probe TASK --db PATH --size N --repeats R [--register FILE] [--month YYYY-MM]

Prints one JSON value on the last line of stdout: a list of result rows (search, open,
scroll) or a dict of raw figures (import, export, report) that ``bench.run`` combines.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import probe_card, probe_files, probe_registry  # noqa: E402

TASKS = ("search", "search-variants", "open", "scroll", "card", "import-app", "import-raw", "import-raw-flat", "export-app", "export-raw", "report-app")


def run(task: str, args) -> object:
    if task == "search":
        return probe_registry.measure_search(args.db, args.size, args.repeats)
    if task == "search-variants":
        return probe_registry.measure_search(args.db, args.size, args.repeats, variants=True)
    if task == "open":
        return probe_registry.measure_open(args.db, args.size, args.repeats)
    if task == "scroll":
        return probe_registry.measure_scroll(args.db, args.size, args.repeats)
    if task == "card":
        return probe_card.measure_card_open(args.db, args.size, args.repeats)
    if task == "import-app":
        return probe_files.app_import(args.db, args.register, args.keep)
    if task == "import-raw":
        return probe_files.raw_import(args.db, args.register, args.imported)
    if task == "import-raw-flat":
        return probe_files.raw_import(args.db, args.register, args.imported, reader="openpyxl")
    with tempfile.TemporaryDirectory() as folder:
        if task == "export-app":
            return probe_files.app_export(args.db, str(Path(folder) / "register.xlsx"))
        if task == "export-raw":
            return probe_files.raw_export(args.db, str(Path(folder) / "register.xlsx"))
        if task == "report-app":
            month = dt.date.fromisoformat(args.month + "-01")
            return probe_files.app_report(args.db, str(Path(folder) / "monthly.pdf"), month)
    raise ValueError(task)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--register")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--keep", help="import-app: keep the database the import produced here")
    parser.add_argument("--imported", help="import-raw: the database an application import produced")
    args = parser.parse_args(argv)
    outcome = run(args.task, args)
    sys.stdout.write("\n" + json.dumps(outcome, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

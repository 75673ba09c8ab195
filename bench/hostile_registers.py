"""The issue's hostile registers at full size, each imported by the real command line in a child
process: exit code, peak memory (``VmHWM``: ``resource.getrusage`` on Linux keeps the parent's
peak across ``exec``) and CPU seconds.

    PYTHONPATH=. python bench/hostile_registers.py [--only NAME ...]

Not part of the test suite (a million rows take minutes); ``tests/services/test_import_limits.py``
runs the same files smaller, and ``QANDAS_HOSTILE_ROWS=1000000`` runs the million there too.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crafted_workbooks import crafted_workbook, cyrillic_name, header_row, row, text_cell  # noqa: E402
from tests.services.test_import_limits import five_million_cells, strings_bomb  # noqa: E402


def far_right(path: Path) -> Path:
    """About 5 MB: 150 000 rows, each a name and one cell in column XFD."""
    return crafted_workbook(path, [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), f'<c r="XFD{n}"><v>1</v></c>') for n in range(2, 150_002)])


def other_namespace(path: Path) -> Path:
    """About 34 MB deflated: a register in a namespace the old reader did not know."""
    return crafted_workbook(path, [header_row(("Фамилия", "Имя", "Отчество"))] + [
        row(n, *(text_cell(f"{c}{n}", cyrillic_name(n * 3 + i) + "ов") for i, c in enumerate("ABC")))
        for n in range(2, 1_000_002)], namespace="urn:a-trick")


def refused_rows(path: Path) -> Path:
    return crafted_workbook(path, [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", "Омаров")) for n in range(2, 1_000_002)])


FILES = {"five-million-cells": five_million_cells, "strings-bomb": lambda p: strings_bomb(p, 1500),
         "far-right": far_right, "other-namespace": other_namespace, "million-refused-rows": refused_rows}

CHILD = ("import atexit, resource, runpy, sys\n"
         "def report():\n"
         "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
         "    peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
         "    sys.stderr.write('\\nPEAK_KB=%s CPU=%.1f\\n' % (peak, usage.ru_utime + usage.ru_stime))\n"
         "atexit.register(report)\n"
         "sys.argv = [sys.argv[1]] + sys.argv[2:]\n"
         "runpy.run_path(sys.argv[0], run_name='__main__')\n")


def measure(name: str, folder: Path) -> dict:
    path = FILES[name](folder / f"{name}.xlsx")
    db = folder / f"{name}.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "main.py"), "--db", str(db), "--lang", "en",
                             "import", str(path), "--dry-run"], capture_output=True, text=True, env=env)
    wall = time.monotonic() - started
    last = [line for line in result.stderr.splitlines() if line.startswith("PEAK_KB=")][-1]
    peak, cpu = (part.split("=")[1] for part in last.split())
    message = next((line for line in result.stderr.splitlines() if line.strip() and not line.startswith("PEAK")), "")
    return {"file": name, "size_mb": round(path.stat().st_size / 2**20, 2), "exit": result.returncode,
            "peak_mb": round(int(peak) / 1024), "cpu_s": float(cpu), "wall_s": round(wall, 1),
            "message": message[:160]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", choices=sorted(FILES), default=sorted(FILES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only:
            print(json.dumps(measure(name, Path(folder)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

"""Qandas benchmark: every target of shared/quality.md against its raw baseline.

    python bench/run.py --quick          # 10k and 100k persons, a few minutes
    python bench/run.py                  # adds 1M persons
    python bench/run.py --json           # one JSON object {"results": [...]}
    python bench/run.py --sizes 1000000 --only search_as_you_type   # one figure
    python bench/run.py --quick --engine both   # SQLite and the hosted PostgreSQL side by side

Every figure is measured in a fresh process (``bench.probe``) so that peak memory
is that of one measurement only; databases come from ``bench.generate`` (cached). Every row
says its ``engine``: "sqlite", or "postgresql" for the hosted register (``bench.bench_hosted``).
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import check, generate  # noqa: E402
from bench.register_file import write_register  # noqa: E402
from bench.timing import result, summary  # noqa: E402

QUICK_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000)
REGISTER_ROWS = 100_000
ENGINES = ("sqlite", "postgresql")
FIGURES = frozenset({"search_as_you_type", "search_variants", "open_registry", "scroll_registry", "open_family_card", "cold_start", "import_register",
                     "import_memory_flat", "export_register", "export_memory_flat", "monthly_report"})
SMALL_REGISTER_ROWS = 10_000
# Targets that are limits on a ratio or a time (shared/quality.md, tightened by issue 21 for
# import, export and cold start); the guard (bench/check.py) reads the rows' ``ok``.
IMPORT_RATIO, EXPORT_RATIO, MEMORY_RATIO = 1.5, 1.1, 1.5
COLD_START_S, REPORT_S = 1.2, 2.0
IMPORT_TARGET, EXPORT_TARGET = f"<= {IMPORT_RATIO}x raw", f"<= {EXPORT_RATIO}x raw"
MEMORY_TARGET = f"<= {MEMORY_RATIO}x memory at 10k rows"


class Runner:
    def __init__(self, sizes: tuple[int, ...], repeats: int, file_repeats: int, register_rows: int,
                 log, only: frozenset[str] = frozenset()) -> None:
        self.only = only  # figure names to measure; empty: all
        self.sizes = sizes
        self.repeats = repeats
        self.file_repeats = file_repeats
        self.register_rows = register_rows
        self.log = log
        self.results: list[dict] = []

    # --- processes ---------------------------------------------------------------------
    def probe(self, task: str, db: Path, size: int = 0, repeats: int = 1, **options) -> object:
        command = [sys.executable, "-m", "bench.probe", task, "--db", str(db), "--size", str(size),
                   "--repeats", str(repeats)]
        for key, value in options.items():
            command += [f"--{key}", str(value)]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
            raise ProbeFailed(lines[-1] if lines else f"exit code {done.returncode}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def cold_start(self, which: str, db: Path) -> float:
        command = [sys.executable, str(ROOT / "bench" / "cold_start.py"), which, str(db)]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        line = process.stdout.readline()
        seconds = time.perf_counter() - started
        process.wait()
        if line.strip() != "ready":
            raise ProbeFailed(f"{which} start did not reach the window")
        return seconds

    # --- figures -----------------------------------------------------------------------
    def run(self) -> list[dict]:
        databases = {size: generate.ensure_database(size, log=self.log) for size in self.sizes}
        largest = max(self.sizes)
        for size, db in databases.items():
            for task, name, unit, target in (
                    ("search", "search_as_you_type", "ms", "p95 <= 30 ms and <= 10x raw"),
                    ("search-variants", "search_variants", "ms", "p95 <= 30 ms and <= 10x raw"),
                    ("open", "open_registry", "ms", "<= 300 ms to first rows, RSS <= 300 MB"),
                    ("scroll", "scroll_registry", "ms", "<= 100 ms per page"),
                    ("card", "open_family_card", "ms", "p95 <= 300 ms to the card painted with its data")):
                if not self.wanted(name):
                    continue
                self.log(f"{name} at {size} persons")
                self._guard(name, size, unit, target, lambda: self.probe(task, db, size, self.repeats))
        if self.wanted("cold_start"):
            self.log(f"cold start at {largest} persons")
            compile_bytecode()
            self._guard("cold_start", largest, "s", f"<= {COLD_START_S} s", lambda: [self._cold(databases[largest], largest)])
        file_size = min((s for s in self.sizes if s >= 100_000), default=largest)
        if self.wanted("import_register", "import_memory_flat"):
            self._import(databases[min(self.sizes)])
        if self.wanted("export_register", "export_memory_flat"):
            self._export(databases[min(self.sizes)], databases[file_size], file_size)
        if self.wanted("monthly_report"):
            self.log(f"monthly report at {largest} persons")
            self._guard("monthly_report", largest, "s", f"<= {REPORT_S:g} s", lambda: [self._report(databases[largest], largest)])
        return self.results

    def wanted(self, *names: str) -> bool:
        return not self.only or any(name in self.only for name in names)

    def _guard(self, name: str, size: int, unit: str, target: str, measure) -> None:
        try:
            self.results.extend(measure())
        except ProbeFailed as failure:
            self.results.append(result(name, size, None, unit, target, False, note=f"failed: {failure}"))

    def _cold(self, db: Path, size: int) -> dict:
        app = [self.cold_start("app", db) for _ in range(self.repeats)]
        raw = [self.cold_start("raw", db) for _ in range(self.repeats)]
        a, r = summary(app), summary(raw)
        return result("cold_start", size, a["median"], "s", f"<= {COLD_START_S} s", a["median"] <= COLD_START_S,
                      baseline=r["median"],
                      ratio=a["median"] / r["median"], p95=a["p95"], baseline_p95=r["p95"])

    def _repeat(self, task: str, db: Path, **options) -> list[dict]:
        return [self.probe(task, db, **options) for _ in range(self.file_repeats)]

    def _import(self, base_db: Path) -> None:
        rows = self.register_rows
        small = min(SMALL_REGISTER_ROWS, max(1, rows // 10))
        register = write_register(generate.CACHE / f"register-{rows}.xlsx", rows)
        small_register = write_register(generate.CACHE / f"register-{small}.xlsx", small)
        self.log(f"import of a {rows}-row register")
        try:
            imported = generate.CACHE / f"imported-{rows}.sqlite3"
            app = [self.probe("import-app", base_db, register=register, keep=imported)]
            app += [self.probe("import-app", base_db, register=register) for _ in range(self.file_repeats - 1)]
            # the baselines write exactly the rows this import wrote, with no application code
            raw = self._repeat("import-raw", base_db, register=register, imported=imported)
            # calamine is the fastest reader but holds the whole sheet; openpyxl read-only is the
            # library reader whose memory stays flat, as the import's must: both baselines are shown
            flat = summary([run["seconds"] for run in self._repeat("import-raw-flat", base_db, register=register,
                                                                   imported=imported)])
            imported.unlink(missing_ok=True)
            written = ", ".join(f"{count} {table}" for table, count in raw[0]["rows"].items())
            row = _ratio_row("import_register", rows, app, raw, IMPORT_RATIO, IMPORT_TARGET)
            # the import judges rows in its reader process on the second core, the baseline uses one:
            # wall time depends on that core being free, processor time (both processes) does not
            app_cpu = summary([run["cpu_seconds"] for run in app])["median"]
            raw_cpu = summary([run["cpu_seconds"] for run in raw])["median"]
            row.update(cpu_seconds=round(app_cpu, 3), baseline_cpu_seconds=round(raw_cpu, 3),
                       cpu_ratio=round(app_cpu / raw_cpu, 3))
            row.update(flat_baseline=round(flat["median"], 3), flat_ratio=round(row["value"] / flat["median"], 3),
                       note=f"baseline: python-calamine reads the register, executemany writes the rows the "
                            f"import wrote ({written}); flat_baseline: the same with openpyxl read-only "
                            f"(constant memory)")
            self.results.append(row)
            small_app = self.probe("import-app", base_db, register=small_register)
            memory = _memory_row("import_memory_flat", rows, app, small_app, small)
            child = max((run.get("child_rss_mb") or 0 for run in app), default=0)
            if child:  # the reader's own process (services/sheet_child.py), shown beside the import's
                memory.update(child_rss_mb=child, note=f"the import's process; its calamine reader process "
                                                       f"peaked at {child} MB (bound: 400 MB each)")
            self.results.append(memory)
        except ProbeFailed as failure:
            self.results.append(result("import_register", rows, None, "s", IMPORT_TARGET, False,
                                       note=f"failed: {failure}"))

    def _export(self, small_db: Path, db: Path, size: int) -> None:
        self.log(f"register export at {size} persons")
        try:
            app = self._repeat("export-app", db)
            raw = self._repeat("export-raw", db)
            self.results.append(_ratio_row("export_register", size, app, raw, EXPORT_RATIO, EXPORT_TARGET,
                                           rows=raw[0].get("rows")))
            small_app = self.probe("export-app", small_db)
            self.results.append(_memory_row("export_memory_flat", size, app, small_app, min(self.sizes)))
        except ProbeFailed as failure:
            self.results.append(result("export_register", size, None, "s", EXPORT_TARGET, False,
                                       note=f"failed: {failure}"))

    def _report(self, db: Path, size: int) -> dict:
        runs = self._repeat("report-app", db)
        stats = summary([run["seconds"] for run in runs])
        return result("monthly_report", size, stats["median"], "s", f"<= {REPORT_S:g} s", stats["p95"] <= REPORT_S,
                      p95=stats["p95"],
                      rss_mb=max(run["rss_mb"] for run in runs))


class ProbeFailed(Exception):
    pass


def compile_bytecode() -> None:
    """The application's modules compiled once before its cold starts are timed, as an installed
    copy has them: with PYTHONDONTWRITEBYTECODE set (as on the shared build machine) and no
    ``__pycache__`` every timed start compiled ~250 modules again (≈1 s of a start)."""
    for package in ("cli", "domain", "gui", "i18n", "reports", "services", "storage", "migrations", "bench"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    compileall.compile_file(str(ROOT / "main.py"), quiet=1)


def _ratio_row(name: str, size: int, app: list[dict], raw: list[dict], limit: float, target: str, **extra) -> dict:
    a = summary([run["seconds"] for run in app])
    r = summary([run["seconds"] for run in raw])
    ratio = a["median"] / r["median"]
    return result(name, size, a["median"], "s", target, ratio <= limit, baseline=r["median"], ratio=ratio,
                  p95=a["p95"], rss_mb=max(run["rss_mb"] for run in app),
                  baseline_rss_mb=max(run["rss_mb"] for run in raw), **extra)


def _memory_row(name: str, size: int, large: list[dict], small: dict, small_size: int) -> dict:
    peak = statistics.median(run["rss_mb"] for run in large)
    ratio = peak / small["rss_mb"]
    return result(name, size, peak, "MB", f"<= {MEMORY_RATIO}x the peak RSS at {small_size}", ratio <= MEMORY_RATIO,
                  baseline=small["rss_mb"], ratio=ratio)


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            memory = f"{int(handle.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(), "memory": memory,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average": [round(value, 1) for value in load]}


def table(results: list[dict]) -> str:
    header = ("name", "size", "engine", "value", "p95", "unit", "baseline", "ratio", "target", "ok", "rss_mb")
    lines = [header] + [tuple(_cell(row.get(key)) for key in header) for row in results]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) for line in lines]
    out.insert(1, "  ".join("-" * width for width in widths))
    notes = [f"- {row['name']} ({row['size']}, {row.get('engine', 'sqlite')}): {row['note']}"
             for row in results if row.get("note")]
    return "\n".join(out + ([""] + notes if notes else []))


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure Qandas against the targets of quality.md.")
    parser.add_argument("--quick", action="store_true", help="10k and 100k persons only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", help="comma-separated sizes instead of the defaults (e.g. 300 for a smoke run)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per figure (default 5, 3 with --quick)")
    parser.add_argument("--register-rows", type=int, default=REGISTER_ROWS)
    parser.add_argument("--only", help="comma-separated figure names to measure (e.g. search_as_you_type)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a figure misses its target or is more than 25%% worse than --previous")
    parser.add_argument("--previous", type=Path, default=check.LATEST,
                        help="the run to compare with (default: the committed docs/bench-latest.json)")
    parser.add_argument("--engine", choices=ENGINES + ("both",), default="sqlite",
                        help="sqlite (default), postgresql (a hosted register: bench/bench_hosted.py, at the "
                             "sizes from 100000 up) or both")
    parser.add_argument("--hosted", action="store_true", help="the same as --engine both")
    parser.add_argument("--sqlcipher", action="store_true",
                        help="also measure the SQLite file encrypted at rest against the plain one: "
                             "bench/bench_sqlcipher.py (sqlcipher_* rows)")
    parser.add_argument("--compare", type=Path, metavar="RESULTS.json",
                        help="check a saved --json run instead of measuring")
    args = parser.parse_args(argv)
    if args.compare:
        return _check(_results_or_exit(parser, args.compare), args.previous, parser)
    try:
        sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else (
            QUICK_SIZES if args.quick else FULL_SIZES)
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")
    repeats = args.repeats or (3 if args.quick else 5)
    log = (lambda text: print(text, file=sys.stderr, flush=True)) if args.json else print
    only = frozenset(name.strip() for name in args.only.split(",") if name.strip()) if args.only else frozenset()
    unknown = only - FIGURES
    if unknown:
        parser.error(f"unknown figure: {', '.join(sorted(unknown))} (known: {', '.join(sorted(FIGURES))})")
    engines = ENGINES if args.hosted or args.engine == "both" else (args.engine,)
    runner = Runner(sizes, repeats, 2 if args.quick else 3, args.register_rows, log, only)
    started = time.perf_counter()
    results = []
    if "sqlite" in engines:
        results += [{**row, "engine": "sqlite"} for row in runner.run()]
    if "postgresql" in engines:  # the hosted figures beside the SQLite ones (bench/bench_hosted.py)
        from bench.bench_hosted import run_in_process
        results += run_in_process(hosted_sizes(sizes), repeats, log, only, args.register_rows)
    if args.sqlcipher:  # what encryption at rest costs, the plain file as baseline (bench/bench_sqlcipher.py)
        from bench import bench_sqlcipher
        for size in sizes:
            log(f"SQLCipher against the plain file, {size} persons")
            results += [{**row, "engine": "sqlite"} for row in
                        bench_sqlcipher.as_results(bench_sqlcipher.main(["--persons", str(size)], quiet=True))]
    if args.json:
        print(json.dumps({"results": results, "machine": machine(),
                          "seconds": round(time.perf_counter() - started, 1)}, ensure_ascii=False))
    else:
        print()
        print(table(results))
        info = machine()
        print(f"\n{info['nproc']} CPUs, {info['cpu']}, {info['memory']}, Python {info['python']}, "
              f"load average {info['load_average'][0]} at the end; {time.perf_counter() - started:.0f} s")
    return _check(results, args.previous, parser) if args.check else 0


def hosted_sizes(sizes: tuple[int, ...]) -> list[int]:
    """The hosted register is measured at 100k and 1M persons (a tiny smoke run: its own size)."""
    return [size for size in sizes if size >= 100_000] or list(sizes)


def _results_or_exit(parser: argparse.ArgumentParser, path: Path) -> list[dict]:
    try:
        return check.load_results(path)
    except (OSError, ValueError) as problem:  # JSONDecodeError is a ValueError
        parser.error(f"cannot read {path}: {problem}")


def _check(results: list[dict], previous_path: Path, parser: argparse.ArgumentParser) -> int:
    previous = _results_or_exit(parser, previous_path) if previous_path.exists() else []
    findings = check.compare(results, previous)
    print(check.report(findings, len(results), previous_path), file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())

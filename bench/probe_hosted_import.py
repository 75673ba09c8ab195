"""Where a hosted import's time goes, beside its raw baseline measured in the same run.

    python -m bench.probe_hosted_import                       # 20 000 rows into a 20 000-person register
    python -m bench.probe_hosted_import --rows 100000 --base 100000

Builds (or reuses, under ``$QANDAS_BENCH_CACHE`` or else a folder in the temp directory) a hosted
register of ``--base`` persons exactly as bench.bench_hosted does (``qandas host init``), imports
a ``--rows``-row register file (bench.register_file) into throw-away copies of it, signed in as a
client, and prints the time of each phase of a profiled import (the cumulative time of the
functions in ``PHASES``), then the median time of imports without the profiler, the raw baseline
(python-calamine read + psycopg ``COPY`` of the same rows into another copy, with the same audit
triggers) and the ratio. The machine may be
shared: compare ratios of one run, not seconds of different runs. The server is stopped at the end.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QANDAS_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "qandas-bench-cache"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_hosted, generate  # noqa: E402

# phase → (module file suffix, function name) whose cumulative time is the phase's
PHASES = {
    "whole import": ("services/imports.py", "import_file"),
    "existing persons (_mark_existing)": ("services/imports.py", "_mark_existing"),
    "possible duplicates": ("services/import_duplicates.py", "mark"),
    "write (BatchWriter.write)": ("services/import_writer.py", "write"),
    "  families + persons inserted": ("storage/import_repository.py", "_insert_batch_rows"),
    "  family summary copies": ("storage/family_summary.py", "refresh"),
    "  search tokens": ("storage/search_tokens.py", "insert_token_rows"),
    "  bulk rows to the server": ("storage/bulk_insert_pg.py", "insert_rows_pg"),
    "commit (audit settle)": ("sqlalchemy/orm/session.py", "commit"),
}


def _phase_times(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # (file, line, name) → (cc, nc, tt, ct, callers)
    found = {}
    for phase, (suffix, name) in PHASES.items():
        found[phase] = sum(entry[3] for (file, _, function), entry in stats.items()
                           if function == name and file.replace("\\", "/").endswith(suffix))
    return found


def _app_import(data: Path, profile, register: str, profiled: bool, written: list | None = None
                ) -> tuple[float, dict[str, float]]:
    """The app's import into a throw-away copy: seconds and (under cProfile) the phases; with
    ``written`` given, the rows it wrote are appended there (untimed) for the raw baseline."""
    from services import AppServices
    from services.hosting.client import connect
    last = bench_hosted.last_ids(data, profile)
    with bench_hosted._DatabaseCopy(data, f"probe_import_{os.getpid()}") as name:
        copy = dataclasses.replace(profile, database=name)
        engine, actor = connect(copy, bench_hosted.PASSWORD, data)
        try:
            services = AppServices(engine, actor)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            if profiled:
                profiler.enable()
            services.imports.import_file(register)
            profiler.disable()
            seconds = time.perf_counter() - started
        finally:
            engine.dispose()
        if written is not None:
            written.extend(bench_hosted.written_rows(data, copy, last))
        return seconds, _phase_times(profiler) if profiled else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the imported register file")
    parser.add_argument("--base", type=int, default=20_000, help="persons already in the hosted register")
    parser.add_argument("--repeats", type=int, default=2,
                        help="unprofiled app and raw imports, alternated; the medians make the ratio")
    args = parser.parse_args(argv)
    from bench.register_file import write_register
    from services.hosting import host
    data, profile = bench_hosted.ensure_hosted(args.base)
    try:
        register = str(write_register(generate.CACHE / f"register-{args.rows}.xlsx", args.rows))
        written: list = []
        profiled, phases = _app_import(data, profile, register, True, written)
        apps, raws = [], []
        for _ in range(args.repeats):  # alternated, so that a busy moment on a shared machine hits both
            apps.append(_app_import(data, profile, register, False)[0])
            raws.append(bench_hosted.raw_import(data, profile, register, written, "probe_raw"))
        app, raw = statistics.median(apps), statistics.median(raws)
    finally:
        host.stop_host(data)
    print(f"hosted import of {args.rows} rows into {args.base} persons ({generate.CACHE})")
    for phase, seconds in phases.items():
        print(f"  {phase:<38} {seconds:7.2f} s")
    print(f"(phases under cProfile: {profiled:.2f} s in all)")
    print(f"app {app:.2f} s, raw {raw:.2f} s (medians of {args.repeats}), ratio {app / raw:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

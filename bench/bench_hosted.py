"""The registry, export and report figures on a hosted register (host mode, PostgreSQL).

    python -m bench.bench_hosted --sizes 100000          # rows as bench/run.py prints them
    python bench/run.py --quick --hosted                 # the same, beside the SQLite figures

The cached SQLite database of ``bench.generate`` is shared with ``qandas host init`` into a
server in ``bench/.cache/hosted-<size>/`` (made once, started again when cached), exactly as a
centre does it. Every figure then runs as a client would: signed in with a user's own login over
the TLS gateway (storage.pg_tls_gateway), through the window's code paths. The raw baselines
are the same queries through plain psycopg on the same TLS connection. Rows carry
``engine: "postgresql"`` so the README can show both engines side by side.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from bench.timing import ms, peak_rss_mb, repeat, result, summary  # noqa: E402

LOGIN, PASSWORD = "bench_admin", "bench-password-2026"
ENGINE = {"engine": "postgresql"}


def hosted_folder(size: int) -> Path:
    return generate.CACHE / f"hosted-{size}"


def ensure_hosted(size: int, log=print):
    """(data folder, connection profile) of a hosted copy of the cached database of ``size``."""
    from services.hosting import client, host
    data = hosted_folder(size)
    if client.load_profile(data) is not None and host.status(data).hosted:
        host.start_host(data, backup=False)
        return data, client.load_profile(data)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    source = generate.ensure_database(size, log=log)
    copy = data / "qandas.sqlite3"
    shutil.copyfile(source, copy)
    from domain.permissions import SYSTEM_ACTOR, Role
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(str(copy))
    AppServices(engine, SYSTEM_ACTOR).users.create(LOGIN, Role.ADMINISTRATOR, PASSWORD, "Bench")
    engine.dispose()
    log(f"sharing the {size}-person register (host init)")
    started = time.perf_counter()
    report = host.init_host(f"sqlite:///{copy}", LOGIN, PASSWORD, data_dir=data, start_at_sign_in=False)
    log(f"host init: {report.rows} rows in {time.perf_counter() - started:.0f} s")
    return data, client.load_profile(data)


def _signed_in(data: Path, profile):
    from services import AppServices
    from services.hosting.client import connect
    engine, actor = connect(profile, PASSWORD, data)
    return AppServices(engine, actor)


def _raw(data: Path, profile):
    import psycopg
    from services.hosting.client import CERT_NAME
    return psycopg.connect(host=profile.host, port=profile.port, dbname=profile.database,
                           user="q_" + profile.login, password=PASSWORD, sslmode="verify-ca",
                           sslrootcert=str(data / CERT_NAME))


def _raw_prefix(connection, text: str) -> list:
    from domain.names import search_tokens
    word = text.split()[-1]
    compact = word.replace("-", "")
    if compact.isdigit():
        upper = compact[:-1] + chr(ord(compact[-1]) + 1)
        return connection.execute("SELECT family_id, surname, given_name, patronymic, iin, birth_date FROM person "
                                  "WHERE iin >= %s AND iin < %s LIMIT 200", (compact, upper)).fetchall()
    token = (search_tokens(word) or [word])[-1]
    upper = token[:-1] + chr(ord(token[-1]) + 1)
    return connection.execute(
        "SELECT p.family_id, p.surname, p.given_name, p.patronymic, p.iin, p.birth_date "
        "FROM person_search_token t JOIN person p ON p.id = t.person_id "
        "WHERE t.token >= %s AND t.token < %s LIMIT 200", (token, upper)).fetchall()


def measure_search(services, raw, size: int, repeats: int) -> dict:
    from bench.probe_registry import FIRST_PAGE, keystrokes
    from domain.search import FamilyFilter
    app_times, raw_times = [], []
    for text in keystrokes():
        flt = FamilyFilter(text=text.strip())
        app_times.extend(repeat(lambda flt=flt: services.cases.first_page(flt, "name", False, limit=FIRST_PAGE),
                                repeats))
        raw_times.extend(repeat(lambda text=text: _raw_prefix(raw, text), repeats))
    app, base = summary(app_times), summary(raw_times)
    ratio = app["median"] / base["median"] if base["median"] else None
    return result("search_as_you_type", size, ms(app["median"]), "ms", "p95 <= 30 ms and <= 10x raw",
                  ms(app["p95"]) <= 30 and ratio is not None and ratio <= 10, baseline=ms(base["median"]),
                  ratio=ratio, p95=ms(app["p95"]), baseline_p95=ms(base["p95"]), **ENGINE)


def measure_open_and_scroll(services, raw, size: int, repeats: int) -> list[dict]:
    from bench.probe_registry import FIRST_PAGE, _view, _visible_data
    from domain.search import FamilyFilter
    app, model, view = _view(services)
    first = []
    for _ in range(repeats):
        model.set_ids([])
        app.processEvents()
        started = time.perf_counter()
        rows = services.cases.first_page(FamilyFilter(), "name", False, limit=FIRST_PAGE)
        model.set_ids([row.family_id for row in rows], rows)
        app.processEvents()
        _visible_data(model, view)
        first.append(time.perf_counter() - started)
    model.set_ids(services.cases.search(FamilyFilter(), "name", False))
    app.processEvents()
    row = min(500_000, model.rowCount() - 1)
    pages = []
    for step in range(repeats):
        started = time.perf_counter()
        view.scrollTo(model.index(max(0, row - step * 1000), 0))
        app.processEvents()
        _visible_data(model, view)
        pages.append(time.perf_counter() - started)
    keys = raw.execute("SELECT head_sort_key, id FROM family ORDER BY head_sort_key, id LIMIT 1 OFFSET %s",
                       (max(0, row - 200),)).fetchone() or ("", 0)
    base = summary(repeat(lambda: raw.execute(
        "SELECT id, case_number, stage, arrival_date, region_code, origin_country_code, head_sort_key FROM family "
        "WHERE (head_sort_key, id) > (%s, %s) ORDER BY head_sort_key, id LIMIT 200", keys).fetchall(),
        max(repeats, 5)))
    opened, scrolled = summary(first), summary(pages)
    return [result("open_registry", size, ms(opened["median"]), "ms", "<= 300 ms to first rows, RSS <= 300 MB",
                   ms(opened["p95"]) <= 300, p95=ms(opened["p95"]), rss_mb=peak_rss_mb(), **ENGINE),
            result("scroll_registry", size, ms(scrolled["median"]), "ms", "<= 100 ms per page",
                   ms(scrolled["p95"]) <= 100, baseline=ms(base["median"]),
                   ratio=scrolled["median"] / base["median"] if base["median"] else None, p95=ms(scrolled["p95"]),
                   row=row, **ENGINE)]


def measure_files(data: Path, profile, size: int) -> list[dict]:
    """Export (app against openpyxl write-only over the same rows) and the monthly report."""
    import datetime as dt
    from bench import probe_files
    url = profile.url(PASSWORD, data)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = probe_files.app_export(url, str(Path(folder) / "app.xlsx"))
        if app.get("available"):
            raw_seconds = _raw_export(data, profile, str(Path(folder) / "raw.xlsx"))
            rows.append(result("export_register", size, app["seconds"], "s", "<= 1.1x raw",
                               app["seconds"] / raw_seconds <= 1.1, baseline=raw_seconds,
                               ratio=app["seconds"] / raw_seconds, rss_mb=app["rss_mb"], **ENGINE))
        report = probe_files.app_report(url, str(Path(folder) / "monthly.pdf"), dt.date(2026, 10, 1))
        if report.get("available"):
            rows.append(result("monthly_report", size, report["seconds"], "s", "<= 2 s", report["seconds"] <= 2,
                               rss_mb=report["rss_mb"], **ENGINE))
    return rows


def _raw_export(data: Path, profile, out: str) -> float:
    from openpyxl import Workbook
    from bench.probe_files import DATE_COLUMNS, EXPORT_QUERY, _date
    started = time.perf_counter()
    with _raw(data, profile) as connection:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Register")
        sheet.append([f"column {n + 1}" for n in range(25)])
        for row in connection.execute(EXPORT_QUERY.replace("?", "%s")):
            values = list(row)
            for index in DATE_COLUMNS:  # psycopg gives dates already; SQLite gives text
                if isinstance(values[index], str):
                    values[index] = _date(values[index])
            sheet.append(values)
        workbook.save(out)
    return time.perf_counter() - started


def measure(size: int, repeats: int, log=print) -> list[dict]:
    data, profile = ensure_hosted(size, log)
    services = _signed_in(data, profile)
    rows = []
    try:
        with _raw(data, profile) as raw:
            log(f"hosted search as you type at {size} persons")
            rows.append(measure_search(services, raw, size, repeats))
            log(f"hosted registry open and scroll at {size} persons")
            rows.extend(measure_open_and_scroll(services, raw, size, repeats))
    finally:
        services.engine.dispose()
    log(f"hosted export and monthly report at {size} persons")
    rows.extend(measure_files(data, profile, size))
    return rows


def run_in_process(sizes, repeats: int, log) -> list[dict]:
    """What bench/run.py calls (``--hosted``): one fresh process per size."""
    import subprocess
    rows: list[dict] = []
    for size in sizes:
        done = subprocess.run([sys.executable, "-m", "bench.bench_hosted", "--sizes", str(size), "--repeats",
                               str(repeats), "--json"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            rows.append(result("hosted", size, None, "", "runs", False,
                               note=f"failed: {lines[-1] if lines else done.returncode}", **ENGINE))
            continue
        rows.extend(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    log = (lambda text: print(text, file=sys.stderr, flush=True)) if args.json else print
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.extend(measure(size, args.repeats, log))
    if args.json:
        print(json.dumps(rows, default=str))
    else:
        from bench.run import table
        print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

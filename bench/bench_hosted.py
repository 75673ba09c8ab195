"""The figures of bench/run.py on a hosted register (host mode, PostgreSQL).

    python -m bench.bench_hosted --sizes 100000          # rows as bench/run.py prints them
    python bench/run.py --quick --engine both            # the same, beside the SQLite figures

Search as you type and in other spellings, registry first rows and scroll, the family card,
import (into a copy of the hosted database, ``CREATE DATABASE … TEMPLATE``), export and the
monthly report, each against the same raw baseline as on SQLite, through psycopg.

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


def _raw_variant(connection, text: str) -> list:
    """bench.probe_registry._raw_variant_query through psycopg."""
    from domain.search import MatchKind, bounds, query_terms
    terms = query_terms(text.split()[-1], MatchKind.VARIANT) or query_terms(text.split()[-1])
    low, high = bounds(terms[-1][1]) if terms else ("", "")
    return connection.execute(
        "SELECT p.family_id, p.surname, p.given_name, p.patronymic, p.iin, p.birth_date "
        "FROM person_search_token t JOIN person p ON p.id = t.person_id "
        "WHERE t.token >= %s AND t.token < %s LIMIT 200", (low, high)).fetchall()


def measure_search(services, raw, size: int, repeats: int, variants: bool = False) -> dict:
    """As bench.probe_registry.measure_search: each keystroke asks what RegistryView.refresh asks."""
    from bench.probe_registry import FIRST_PAGE, TYPED, TYPED_VARIANTS, keystrokes
    from domain.search import FamilyFilter
    app_times, raw_times = [], []
    raw_query = _raw_variant if variants else _raw_prefix
    for text in keystrokes(TYPED_VARIANTS if variants else TYPED):
        flt = FamilyFilter(text=text.strip())
        app_times.extend(repeat(lambda flt=flt: services.cases.ranked_page(flt, "name", False, limit=FIRST_PAGE),
                                repeats))
        raw_times.extend(repeat(lambda text=text: raw_query(raw, text), repeats))
    app, base = summary(app_times), summary(raw_times)
    ratio = app["median"] / base["median"] if base["median"] else None
    name = "search_variants" if variants else "search_as_you_type"
    return result(name, size, ms(app["median"]), "ms", "p95 <= 30 ms and <= 10x raw",
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


def measure_card(services, raw, size: int, repeats: int) -> list[dict]:
    """bench.probe_card on the hosted register: the same families (largest two, the rest spread
    over the table), the raw baseline the same four reads by id through psycopg."""
    import random
    from bench.probe_card import CARDS, measure_cards
    largest = [row[0] for row in raw.execute(
        "SELECT family_id FROM person GROUP BY family_id ORDER BY count(*) DESC, family_id LIMIT 2")]
    low, high = raw.execute("SELECT min(id), max(id) FROM family").fetchone()
    rng, ids = random.Random(2026), set(largest)
    while len(ids) < CARDS and high:
        found = raw.execute("SELECT id FROM family WHERE id >= %s ORDER BY id LIMIT 1",
                            (rng.randint(low, high),)).fetchone()
        if found:
            ids.add(found[0])
        if len(ids) >= raw.execute("SELECT count(*) FROM family").fetchone()[0]:
            break

    def raw_card(family_id: int) -> list:
        rows = raw.execute("SELECT * FROM family WHERE id = %s", (family_id,)).fetchall()
        persons = raw.execute("SELECT * FROM person WHERE family_id = %s", (family_id,)).fetchall()
        people = [row[0] for row in persons]
        rows += persons
        rows += raw.execute("SELECT * FROM identity_document WHERE person_id = ANY(%s)", (people,)).fetchall()
        rows += raw.execute("SELECT * FROM kandas_status WHERE person_id = ANY(%s)", (people,)).fetchall()
        return rows
    return measure_cards(services, sorted(ids), raw_card, size, repeats, **ENGINE)


def last_ids(data: Path, profile) -> dict[str, int]:
    """Where the base ends in each table an import writes: the import's rows come after."""
    from bench.probe_files import _WRITTEN
    with _raw(data, profile) as connection:
        return {table: connection.execute(f"SELECT coalesce(max(id), 0) FROM "
                                          f"{'person' if table == 'person_search_token' else table}").fetchone()[0]
                for table, _ in _WRITTEN}


def written_rows(data: Path, copy, last: dict[str, int]) -> list[tuple[str, list[str], list]]:
    """(table, columns, rows) of what an import wrote into the copy after ``last``."""
    from bench.probe_files import _WRITTEN
    written = []
    with _raw(data, copy) as connection:
        for table, key in _WRITTEN:
            cursor = connection.execute(f"SELECT * FROM {table} WHERE {key} > %s", (last[table],))
            written.append((table, [column.name for column in cursor.description],
                            [_adapted(row) for row in cursor.fetchall()]))
    return written


def raw_import(data: Path, profile, register: str, written: list, prefix: str) -> float:
    """Seconds of the import's raw baseline: python-calamine reads the register and psycopg COPYs
    ``written`` into another copy of the register (audit triggers included), in one transaction."""
    import dataclasses
    from bench.probe_files import _calamine_rows
    with _DatabaseCopy(data, f"{prefix}_{os.getpid()}") as name:
        with _raw(data, dataclasses.replace(profile, database=name)) as connection:
            started = time.perf_counter()
            sum(len(row) for row in _calamine_rows(register))
            with connection.cursor() as cursor:
                for table, columns, rows in written:
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copier:
                        for row in rows:
                            copier.write_row(row)
            connection.commit()
            return time.perf_counter() - started


def measure_import(data: Path, profile, register_rows: int, repeats: int) -> list[dict]:
    """``services.imports.import_file`` of the bench's register into a copy of the hosted database
    (``CREATE DATABASE … TEMPLATE``, dropped afterwards: the cached one never changes), signed in
    as a client; the raw baseline reads the register with python-calamine and inserts exactly the
    rows the import wrote with psycopg ``COPY``, in one transaction, into another copy. (It was
    ``executemany``: one INSERT a row, each firing the audit's statement triggers, is no longer
    the best psycopg does on a hosted register; COPY fires them once a table. Both copies carry
    the register's triggers, so the baseline pays for the audit too.)"""
    import dataclasses
    from bench.probe_files import _deliberate_slowdown
    from bench.register_file import write_register
    from services import AppServices
    from services.hosting.client import connect
    register = str(write_register(generate.CACHE / f"register-{register_rows}.xlsx", register_rows))
    last = last_ids(data, profile)
    app_times, raw_times, written, peak = [], [], [], 0.0
    for _ in range(repeats):
        with _DatabaseCopy(data, f"bench_import_{os.getpid()}") as name:
            copy = dataclasses.replace(profile, database=name)
            engine, actor = connect(copy, PASSWORD, data)
            try:
                started = time.perf_counter()
                AppServices(engine, actor).imports.import_file(register)
                _deliberate_slowdown()
                app_times.append(time.perf_counter() - started)
                peak = max(peak, peak_rss_mb())
            finally:
                engine.dispose()
            if not written:  # the rows the import wrote, taken (untimed) from its copy
                written = written_rows(data, copy, last)
    for _ in range(repeats):
        raw_times.append(raw_import(data, profile, register, written, "bench_import_raw"))
    app, base = summary(app_times), summary(raw_times)
    counts = ", ".join(f"{len(rows)} {table}" for table, _, rows in written)
    return [result("import_register", register_rows, app["median"], "s", "<= 1.5x raw",
                   app["median"] / base["median"] <= 1.5, baseline=base["median"],
                   ratio=app["median"] / base["median"], p95=app["p95"], rss_mb=peak,
                   note=f"into a copy of the hosted {profile.database}; baseline: python-calamine reads the "
                        f"register, psycopg COPY writes the rows the import wrote ({counts}); both "
                        f"audited by the database's triggers", **ENGINE)]


def _adapted(row) -> tuple:
    from psycopg.types.json import Json
    return tuple(Json(value) if isinstance(value, (dict, list)) else value for value in row)


class _DatabaseCopy:
    """A throw-away copy of the hosted database (the owner's ``CREATE DATABASE … TEMPLATE``)."""

    def __init__(self, data: Path, name: str) -> None:
        from services.hosting.host import host_folder
        from storage.pg_cluster import Cluster
        self.cluster, self.name = Cluster(host_folder(data)), name

    def _owner(self):
        import psycopg
        config = self.cluster.config
        return psycopg.connect(host="127.0.0.1", port=config.server_port, user=config.owner,
                               password=config.owner_password, dbname="postgres", autocommit=True)

    def __enter__(self) -> str:
        with self._owner() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.cluster.config.database}"')
        return self.name

    def __exit__(self, *exc) -> None:
        with self._owner() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def measure_files(data: Path, profile, size: int) -> list[dict]:
    """Export (app against openpyxl write-only over the same rows) and the monthly report."""
    import datetime as dt
    from bench import probe_files
    url = profile.url(PASSWORD, data)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = probe_files.app_export(url, str(Path(folder) / "app.xlsx"))
        if app.get("available", True):  # (this check once dropped both rows: the probe has no such key)
            raw_seconds = _raw_export(data, profile, str(Path(folder) / "raw.xlsx"))
            rows.append(result("export_register", size, app["seconds"], "s", "<= 1.1x raw",
                               app["seconds"] / raw_seconds <= 1.1, baseline=raw_seconds,
                               ratio=app["seconds"] / raw_seconds, rss_mb=app["rss_mb"], **ENGINE))
        report = probe_files.app_report(url, str(Path(folder) / "monthly.pdf"), dt.date(2026, 10, 1))
        if report.get("available", True):
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


def measure(size: int, repeats: int, log=print, only: frozenset[str] = frozenset(),
            register_rows: int = 0) -> list[dict]:
    """Every hosted figure at ``size`` (``only``: those named; ``register_rows``: also the import)."""
    def wanted(*names: str) -> bool:
        return not only or any(name in only for name in names)
    data, profile = ensure_hosted(size, log)
    services = _signed_in(data, profile)
    rows = []
    try:
        with _raw(data, profile) as raw:
            for variants, name in ((False, "search_as_you_type"), (True, "search_variants")):
                if wanted(name):
                    log(f"hosted {name} at {size} persons")
                    rows.append(measure_search(services, raw, size, repeats, variants))
            if wanted("open_registry", "scroll_registry"):
                log(f"hosted registry open and scroll at {size} persons")
                rows.extend(row for row in measure_open_and_scroll(services, raw, size, repeats) if wanted(row["name"]))
            if wanted("open_family_card"):
                log(f"hosted family card at {size} persons")
                rows.extend(measure_card(services, raw, size, repeats))
    finally:
        services.engine.dispose()
    if register_rows and wanted("import_register"):
        log(f"hosted import of a {register_rows}-row register")
        rows.extend(measure_import(data, profile, register_rows, max(1, min(repeats, 2))))
    if wanted("export_register", "monthly_report"):
        log(f"hosted export and monthly report at {size} persons")
        rows.extend(row for row in measure_files(data, profile, size) if wanted(row["name"]))
    return rows


def run_in_process(sizes, repeats: int, log, only: frozenset[str] = frozenset(),
                   register_rows: int = 0) -> list[dict]:
    """What bench/run.py calls (``--engine postgresql|both``): one fresh process per size; the
    import is measured once, at the first size (the SQLite import also runs once)."""
    import subprocess
    rows: list[dict] = []
    for index, size in enumerate(sizes):
        command = [sys.executable, "-m", "bench.bench_hosted", "--sizes", str(size), "--repeats", str(repeats),
                   "--register-rows", str(register_rows if index == 0 else 0), "--json"]
        if only:
            command += ["--only", ",".join(sorted(only))]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
        for line in done.stderr.splitlines():
            if line.startswith(("hosted ", "sharing ", "host init")):
                log(line)
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
    parser.add_argument("--only", default="", help="comma-separated figure names (as bench/run.py)")
    parser.add_argument("--register-rows", type=int, default=0, help="also measure the import of this many rows")
    args = parser.parse_args(argv)
    only = frozenset(name for name in args.only.split(",") if name)
    log = (lambda text: print(text, file=sys.stderr, flush=True)) if args.json else print
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.extend(measure(size, args.repeats, log, only, args.register_rows))
    if args.json:
        print(json.dumps(rows, default=str))
    else:
        from bench.run import table
        print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

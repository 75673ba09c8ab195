"""The registry figures: search as you type, opening the registry, scrolling far down.

Each uses the window's own code path: ``services.cases.first_page`` with the filter, sort
and page size that ``RegistryView.refresh`` passes for every keystroke (ids and rows in one
unit of work, handed to ``CaseTableModel.set_ids``), and ``CaseTableModel`` in an
offscreen ``QTableView`` for opening and scrolling. The raw baselines are prepared
statements on the same file through the sqlite3 module.
"""
from __future__ import annotations

import os
import sqlite3
import time

from bench.timing import ms, peak_rss_mb, repeat, result, summary

# What staff type, keystroke by keystroke: names in Kazakh, Russian and Latin spelling, IINs, case numbers.
TYPED = ("Нұрлан", "Жұмабаева Айгүл", "нурлан", "Қасымов", "omarov", "8710", "9511083", "2021-001")
# The same people typed under another country's spelling (issue 20): found through the variant tokens.
TYPED_VARIANTS = ("Абдрахманов", "Abdrakhmanov", "Сейиткалиев Темир", "Nursultan", "Ахмедов", "Kasymov Nurlan",
                  "Жумабаева Айгуль")
SEARCH_TARGET_MS = 30.0
SEARCH_TARGET_RATIO = 10.0
FIRST_PAGE = 200


def keystrokes(typed: tuple[str, ...] = TYPED) -> list[str]:
    out = []
    for text in typed:
        out.extend(text[:n] for n in range(1, len(text) + 1) if text[:n].strip())
    return out


def open_services(path: str):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(path)
    return AppServices(engine)


def _raw_prefix_query(connection: sqlite3.Connection, text: str) -> list:
    """The raw baseline: one indexed prefix SELECT … LIMIT 200 on a prepared key column, returning
    the columns a registry row shows (the last word typed: an IIN prefix or a name-token prefix)."""
    from domain.names import search_tokens
    word = text.split()[-1]
    compact = word.replace("-", "")
    if compact.isdigit():
        upper = compact[:-1] + chr(ord(compact[-1]) + 1)
        return connection.execute(
            "SELECT family_id, surname, given_name, patronymic, iin, birth_date FROM person "
            "WHERE iin >= ? AND iin < ? LIMIT 200", (compact, upper)).fetchall()
    tokens = search_tokens(word) or [word]
    token = tokens[-1]
    upper = token[:-1] + chr(ord(token[-1]) + 1)
    return connection.execute(
        "SELECT p.family_id, p.surname, p.given_name, p.patronymic, p.iin, p.birth_date "
        "FROM person_search_token t JOIN person p ON p.id = t.person_id "
        "WHERE t.token >= ? AND t.token < ? LIMIT 200", (token, upper)).fetchall()


def _raw_variant_query(connection: sqlite3.Connection, text: str) -> list:
    """The raw baseline of a variant search: one indexed prefix SELECT … LIMIT 200 on the variant
    token of the last word typed (``~`` + its variant key), returning a registry row's columns."""
    from domain.search import MatchKind, bounds, query_terms
    terms = query_terms(text.split()[-1], MatchKind.VARIANT) or query_terms(text.split()[-1])
    low, high = bounds(terms[-1][1]) if terms else ("", "")
    return connection.execute(
        "SELECT p.family_id, p.surname, p.given_name, p.patronymic, p.iin, p.birth_date "
        "FROM person_search_token t JOIN person p ON p.id = t.person_id "
        "WHERE t.token >= ? AND t.token < ? LIMIT 200", (low, high)).fetchall()


def measure_search(path: str, size: int, repeats: int, variants: bool = False) -> list[dict]:
    """``search_as_you_type`` (names, IINs, case numbers as spelled) or, with ``variants``,
    ``search_variants`` (other spellings of names that are in the register)."""
    from domain.search import FamilyFilter
    services = open_services(path)
    cases = services.cases
    app_times: list[float] = []
    raw_times: list[float] = []
    worst = ("", 0.0)
    connection = sqlite3.connect(path)
    raw_query = _raw_variant_query if variants else _raw_prefix_query
    name = "search_variants" if variants else "search_as_you_type"
    for text in keystrokes(TYPED_VARIANTS if variants else TYPED):
        flt = FamilyFilter(text=text.strip())

        def keystroke(flt=flt):
            # Exactly what RegistryView.refresh asks first: the first page of rows, ready for the
            # model (the rest of the ids follow in a second job, off the keystroke's path).
            return cases.ranked_page(flt, "name", False, limit=FIRST_PAGE)

        times = repeat(keystroke, repeats)
        app_times.extend(times)
        if max(times) > worst[1]:
            worst = (text, max(times))
        raw_times.extend(repeat(lambda text=text: raw_query(connection, text), repeats))
    connection.close()
    app, raw = summary(app_times), summary(raw_times)
    ratio = app["median"] / raw["median"] if raw["median"] else None
    ok = ms(app["p95"]) <= SEARCH_TARGET_MS and ratio is not None and ratio <= SEARCH_TARGET_RATIO
    return [result(name, size, ms(app["median"]), "ms", "p95 <= 30 ms and <= 10x raw", ok,
                   baseline=ms(raw["median"]), ratio=ratio, p95=ms(app["p95"]), baseline_p95=ms(raw["p95"]),
                   keystrokes=len(keystrokes(TYPED_VARIANTS if variants else TYPED)), slowest=f"{worst[0]!r} {ms(worst[1]):.1f} ms",
                   rss_mb=peak_rss_mb())]


def _view(services):
    """An offscreen QTableView on the window's CaseTableModel, sized like the main window's table."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
    from gui.app import ensure_application
    from gui.registry.case_table_model import CaseTableModel
    from i18n import Translator
    app = ensure_application()
    translator = Translator("kk")
    regions = {r.code: r.name("kk") for r in services.reference.regions()}
    countries = {c.code: c.name("kk") for c in services.reference.countries()}
    model = CaseTableModel(services.cases.rows, translator, regions, countries)
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    return app, model, view


def _visible_data(model, view) -> int:
    """Read every visible cell as the view's paint does (data() for each)."""
    first = max(0, view.rowAt(0))
    last = view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    cells = 0
    for row in range(first, last + 1):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))
            cells += 1
    return cells


def measure_open(path: str, size: int, repeats: int) -> list[dict]:
    from domain.search import FamilyFilter
    services = open_services(path)
    app, model, view = _view(services)
    times, all_times = [], []
    families = 0
    for _ in range(repeats):
        model.set_ids([])
        app.processEvents()
        started = time.perf_counter()
        # RegistryView.refresh: the first page (ids with their rows) at once, then every id for the
        # count and scrolling.
        rows = services.cases.first_page(FamilyFilter(), "name", False, limit=FIRST_PAGE)
        model.set_ids([row.family_id for row in rows], rows)
        app.processEvents()  # layout and paint of the first screen
        _visible_data(model, view)
        times.append(time.perf_counter() - started)
        ids = services.cases.search(FamilyFilter(), "name", False)
        model.extend_ids(ids)
        app.processEvents()
        all_times.append(time.perf_counter() - started)
        families = len(ids)
    stats = summary(times)
    rss = peak_rss_mb()
    ok = ms(stats["p95"]) <= 300 and rss <= 300
    return [result("open_registry", size, ms(stats["median"]), "ms", "<= 300 ms to first rows, RSS <= 300 MB", ok,
                   p95=ms(stats["p95"]), rss_mb=rss, families=families,
                   all_ids_ms=ms(summary(all_times)["median"]))]


def _raw_keyset_page(connection: sqlite3.Connection, after: tuple[str, int]) -> list:
    rows = connection.execute(
        "SELECT f.id, f.case_number, f.stage, f.arrival_date, f.region_code, f.origin_country_code, "
        "f.head_sort_key FROM family f WHERE (f.head_sort_key, f.id) > (?, ?) "
        "ORDER BY f.head_sort_key, f.id LIMIT 200", after).fetchall()
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))
    heads = connection.execute(
        f"SELECT family_id, surname, given_name, patronymic, iin FROM person "
        f"WHERE relation = 'head' AND family_id IN ({marks})", ids).fetchall()
    return rows + heads


def measure_scroll(path: str, size: int, repeats: int, target_row: int = 500_000) -> list[dict]:
    from domain.search import FamilyFilter
    services = open_services(path)
    app, model, view = _view(services)
    model.set_ids(services.cases.search(FamilyFilter(), "name", False))
    app.processEvents()
    count = model.rowCount()
    row = min(target_row, count - 1)
    times = []
    for step in range(repeats):
        wanted = max(0, row - step * 1000)  # a new page each time: nothing comes from the model's cache
        started = time.perf_counter()
        view.scrollTo(model.index(wanted, 0))
        app.processEvents()
        _visible_data(model, view)
        times.append(time.perf_counter() - started)
    connection = sqlite3.connect(path)
    keys = connection.execute("SELECT head_sort_key, id FROM family ORDER BY head_sort_key, id LIMIT 1 OFFSET ?",
                              (max(0, row - 200),)).fetchone() or ("", 0)
    raw = summary(repeat(lambda: _raw_keyset_page(connection, keys), max(repeats, 5)))
    connection.close()
    stats = summary(times)
    ok = ms(stats["p95"]) <= 100
    note = f"the registry lists {count} families; scrolled to row {row}" if row != target_row else ""
    return [result("scroll_registry", size, ms(stats["median"]), "ms", "<= 100 ms per page", ok,
                   baseline=ms(raw["median"]), ratio=stats["median"] / raw["median"] if raw["median"] else None,
                   p95=ms(stats["p95"]), rss_mb=peak_rss_mb(), row=row, note=note)]


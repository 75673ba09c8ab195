"""Ministry xlsx files reopened with openpyxl: headers per language, real types, formats, sheet rules,
and never a half-written file under the final name (even when the process is killed)."""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import given, settings, strategies as st

from i18n import Translator
from reports.ministry_export import HEADER_ROW, export_ministry_xlsx, render_xlsx
from reports.ministry_layouts import DATE, LAYOUTS, MONEY, MONTH, TEXT, sheet_title
from reports.atomic import TEMP_SUFFIX
from services.progress import Cancelled
from services.reporting_dto import ReferenceNames
from storage import tables
from tests import reporting_data

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = set('[]:*?/\\')


@pytest.fixture
def filled(services, engine, clock, filled_templates):
    """The known report rows, built once per session and copied into this test's database."""
    return services, filled_templates.restore(engine, ("reporting_data.fill",), reporting_data.fill, clock.now)


def _data_rows(ws) -> list[tuple]:
    """The rows of the table: from under the header to the totals row that ends it (an empty row
    then separates the signature lines)."""
    return _table_rows(ws, values_only=False)[:-1]


def _table_rows(ws, values_only: bool) -> list:
    rows = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=values_only):
        if all((value if values_only else value.value) is None for value in row):
            break
        rows.append(row)
    return rows


def _totals(ws) -> tuple:
    return _table_rows(ws, values_only=True)[-1]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_every_layout_reopens_with_its_headers_types_and_formats(filled, tmp_path, kind, language):
    services, _expected = filled
    path = tmp_path / f"{kind}.xlsx"
    year = None if kind == "register" else 2026
    rows = export_ministry_xlsx(services, kind, path, Translator(language), year=year)
    layout = LAYOUTS[kind]
    workbook = openpyxl.load_workbook(path)
    ws = workbook.active
    assert ws.title == layout.sheet_name(language) and len(ws.title) <= 31 and not FORBIDDEN & set(ws.title)
    assert [c.value for c in ws[HEADER_ROW]] == [column.header(language) for column in layout.columns]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws["A1"].value == layout.title(language)
    assert ws.column_dimensions["B"].width == layout.columns[1].width
    data = _data_rows(ws)
    assert len(data) == rows > 0
    assert [row[0].value for row in data] == list(range(1, rows + 1))
    for index, column in enumerate(layout.columns):
        for row in data:
            cell = row[index]
            if cell.value is None:
                continue
            if column.number_format in (DATE, MONTH):
                assert isinstance(cell.value, dt.datetime) and cell.number_format == column.number_format, column.key
            elif column.number_format == MONEY:
                assert isinstance(cell.value, (int, float)) and cell.number_format == MONEY, column.key
            elif column.number_format == TEXT:
                assert isinstance(cell.value, str) and cell.number_format == TEXT, column.key
            elif column.number_format is not None:
                assert isinstance(cell.value, (int, float)), column.key
            else:
                assert isinstance(cell.value, str), column.key
    totals = _totals(ws)
    assert totals[0] == rows and totals[1] == Translator(language)._("Total")
    for index, column in enumerate(layout.columns):
        if column.total:
            column_sum = sum(Decimal(str(row[index].value or 0)) for row in data)
            assert Decimal(str(totals[index])) == column_sum, column.key


def test_register_has_every_person_with_iin_as_text_and_dates_as_dates(filled, engine, tmp_path):
    services, _expected = filled
    path = tmp_path / "register.xlsx"
    rows = export_ministry_xlsx(services, "register", path, Translator("kk"))
    with engine.connect() as db:
        persons = db.execute(sa.select(sa.func.count()).select_from(tables.person)).scalar()
        first = db.execute(sa.select(tables.person).order_by(tables.person.c.id).limit(1)).one()
    assert rows == persons
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[HEADER_ROW]]
    row = {h: c.value for h, c in zip(headers, ws[HEADER_ROW + 1])}
    assert row["Тегі"] == first.surname and row["ЖСН"] == first.iin
    assert row["Туған күні"].date() == first.birth_date
    assert "Орталық: " in ws["A2"].value and ws["A3"].value == "Кезең: барлық жазбалар"


def test_payments_carry_exact_amounts_and_a_month_selects_by_payment_date(filled, tmp_path):
    services, expected = filled
    path = tmp_path / "payments.xlsx"
    rows = export_ministry_xlsx(services, "payments", path, Translator("ru"), month=dt.date(2026, 11, 1))
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[HEADER_ROW]]
    paid = [dict(zip(headers, (c.value for c in row))) for row in _data_rows(ws)]
    assert rows == len(paid) == 3
    assert sum(Decimal(str(p["Выплачено, ₸"])) for p in paid) == expected["paid_month"]
    assert {p["Вид субсидии"] for p in paid} == {"Субсидия на переезд"}
    assert ws["A3"].value == "Период: ноябрь 2026"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    layout = LAYOUTS["register"]
    row = {"id": 1, "surname": "=HYPERLINK(\"http://x\")", "given_name": "=1+1", "iin": "=2+2",
           "patronymic": "#N/A",
           "birth_date": dt.date(1990, 1, 2)}
    render_xlsx(layout, [[row]], Translator("en"), tmp_path / "f.xlsx", names=ReferenceNames({}, {}))
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    values = [c for c in ws[HEADER_ROW + 1] if c.value is not None]
    assert all(cell.data_type == "s" for cell in values if isinstance(cell.value, str))
    assert "=1+1" in [c.value for c in values]


@given(st.lists(st.fixed_dictionaries({
    "surname": st.text(max_size=40000), "given_name": st.one_of(st.none(), st.text(max_size=50)),
    "iin": st.one_of(st.none(), st.text(alphabet="0123456789", min_size=1, max_size=12)),
    "birth_date": st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))),
    "quota_year": st.one_of(st.none(), st.integers(2000, 2100))}), max_size=5))
@settings(max_examples=40, deadline=None)
def test_any_text_from_an_old_register_still_gives_a_valid_workbook(rows):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.xlsx"
        written = render_xlsx(LAYOUTS["register"], [[{"id": n, **row} for n, row in enumerate(rows, 1)]],
                              Translator("kk"), path)
        ws = openpyxl.load_workbook(path).active
        assert written == len(rows)
        for row, excel in zip(rows, ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)):
            assert excel[6] == row["iin"]  # IIN text kept exactly, leading zeros included
            if row["birth_date"] is not None:
                assert excel[7].date() == row["birth_date"]


def test_a_failing_export_leaves_no_file_and_keeps_the_old_one(filled, tmp_path):
    services, _expected = filled
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "register.xlsx"
    path.write_bytes(b"last month's file")

    class CancelHalfway:
        def step(self, done, total=None, message=""):
            if done and message == "Writing rows":
                raise Cancelled()

        def check(self):
            pass

    with pytest.raises(Cancelled):
        export_ministry_xlsx(services, "register", path, Translator("kk"), progress=CancelHalfway())
    assert path.read_bytes() == b"last month's file"
    assert [p.name for p in folder.iterdir()] == ["register.xlsx"]

    def broken_rows():
        yield [{"id": 1, "surname": "Ок"}]
        raise RuntimeError("the database went away")

    fresh = folder / "new.xlsx"
    with pytest.raises(RuntimeError):
        render_xlsx(LAYOUTS["register"], broken_rows(), Translator("en"), fresh)
    assert not fresh.exists() and [p.name for p in folder.iterdir()] == ["register.xlsx"]


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_sheet_titles_always_follow_excels_rules(text):
    title = sheet_title(text)
    assert 1 <= len(title) <= 31
    assert not FORBIDDEN & set(title)
    assert not title.startswith("'") and not title.endswith("'")


def test_sheet_names_of_every_layout_are_valid_in_every_language():
    for layout in LAYOUTS.values():
        for language in ("kk", "ru", "en"):
            name = layout.sheet_name(language)
            assert name == sheet_title(name)


def test_killing_the_export_never_leaves_a_half_file_under_the_final_name(tmp_path):
    # ~2000 persons, so that an export runs long enough to be killed in its middle; the bench's bulk
    # generator fills them in a second or two (the demo loader took ten times as long for as many)
    from bench import generate
    db = generate.ensure_database(2000, seed=3, folder=tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with sqlite3.connect(db) as connection:
        persons = connection.execute("SELECT count(*) FROM person").fetchone()[0]

    def export(out: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db), "export", "register",
                                 "--out", str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def data_rows(path: Path) -> int:
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            count = 0
            for row in workbook.active.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
                if all(value is None for value in row):  # the empty row before the signature lines
                    break
                count += 1
            return count - 1 if count else 0  # without the totals row
        finally:
            workbook.close()

    started = time.monotonic()
    assert export(tmp_path / "full.xlsx").wait(timeout=300) == 0
    duration = time.monotonic() - started  # kills below land inside a run of this length
    assert data_rows(tmp_path / "full.xlsx") == persons
    rng = random.Random(20261125)
    outcomes = []
    for attempt in range(4):
        out = tmp_path / f"register-{attempt}.xlsx"
        child = export(out)
        if attempt == 0:  # once for certain in the middle: as soon as the work has its temporary file
            deadline = time.monotonic() + 120
            while not list(tmp_path.glob(f".{out.name}.*{TEMP_SUFFIX}")) and child.poll() is None \
                    and time.monotonic() < deadline:
                time.sleep(0.005)
        else:
            time.sleep(rng.uniform(0.2, 0.95) * duration)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if out.exists():  # the rename happened before the kill: then the file is complete
            assert data_rows(out) == persons
            outcomes.append("complete")
        else:
            outcomes.append("absent")
    assert "absent" in outcomes  # at least one kill landed in the middle of the work


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX permissions")
def test_a_written_file_is_owner_only_whatever_the_umask(tmp_path):
    """Issue #19: an export names families; a colleague's account on the same PC cannot read it,
    also when it replaces a file everyone could read (tests/services/test_owner_only_copies.py)."""
    from reports.atomic import atomic_path
    mask = os.umask(0o022)
    try:
        (tmp_path / "b.xlsx").write_bytes(b"old")
        (tmp_path / "b.xlsx").chmod(0o644)
        for name in ("a.xlsx", "b.xlsx"):
            with atomic_path(tmp_path / name) as temp:
                temp.write_bytes(b"x")
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    finally:
        os.umask(mask)

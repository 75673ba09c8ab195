"""Hostile registers: whatever the file holds, the import answers with a message or a verdict
that names the row and column, never crashes, and never writes half of anything."""
from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from domain.errors import DomainError
from domain.register_header import FIELD_SYNONYMS
from i18n import Translator
from services.import_report import STATUSES, message_text
from tests.register_files import messy_register, write_sheet

TR = Translator("ru")
HEADERS = [synonyms[0] for synonyms in FIELD_SYNONYMS.values()] + ["ЖСН", "Тегі", "Аты", "Туған күні", "Облыс"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

cells = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.text(alphabet="АӘБВГҒДЕЖЗИКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЫІЭЮЯаәбвгғдежзиқкңоөұүһі AaOoEe", min_size=1, max_size=20),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "#DIV/0!", "#N/A", "Итого", "Барлығы", "ВКО", "глава", "М", "Ж",
                     "31.02.1990", "2000-13-01", "12.04.1985", "0" * 12, "850412312347"]),
    st.builds(lambda n: "Ж" * n, st.sampled_from([300, 5000, 32767])),  # huge strings (32 767 is Excel's limit)
)


def counts(db_path) -> tuple[int, int, int]:
    with sqlite3.connect(db_path) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("family", "person", "import_batch"))


def check_outcome(services, db_path, path: Path, *, skip_invalid: bool) -> None:
    before = counts(db_path)
    try:
        report = services.imports.import_file(path, skip_invalid=skip_invalid)
    except DomainError as error:
        assert TR.error(error).strip()
        assert counts(db_path) == before  # refused as a whole: nothing written
        return
    for verdict in report.rows:
        assert verdict.status in STATUSES and verdict.row > report.header_row
        for _kind, message in verdict.messages():
            assert message_text(message, TR).strip()
        if verdict.status == "invalid":
            assert verdict.errors and all(m.column or m.field in ("relation", "family_no") for m in verdict.errors)
    after = counts(db_path)
    if report.refused:
        assert after == before
    else:
        assert after[1] - before[1] == report.imported
        assert after[2] - before[2] == (1 if report.imported else 0)


REAL_HEADER = ["№", "№ семьи", "Фамилия", "Имя", "ИИН", "Дата рождения", "Пол", "Родство", "Область", "Страна"]


@given(header=st.one_of(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8), st.permutations(REAL_HEADER)),
       title_rows=st.integers(0, 4),
       rows=st.lists(st.lists(cells, max_size=9), max_size=12), merge=st.booleans(), skip=st.booleans())
@SETTINGS
def test_random_registers_get_a_verdict_or_a_message(services, db_path, header, title_rows, rows, merge, skip):
    with tempfile.TemporaryDirectory() as folder:
        content = [["Реестр"]] * title_rows + [header] + rows
        merges = ("A1:D1",) if merge and title_rows else ()
        path = write_sheet(Path(folder) / "r.xlsx", content, merges=merges)
        check_outcome(services, db_path, path, skip_invalid=skip)


@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".xlsm", ".xls"]))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_named_like_a_workbook_are_unreadable(services, db_path, data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(data)
        check_outcome(services, db_path, path, skip_invalid=False)


def test_ten_thousand_columns_and_formulas(services, db_path, tmp_path):
    header = ["Фамилия", "Имя"] + [f"Столбец {i}" for i in range(9998)]
    path = write_sheet(tmp_path / "wide.xlsx", [header, ["Омаров", "Нұрлан"] + ["x"] * 50,
                                                ["=A2", "=B2"], ["Бекова", "=UPPER(\"айша\")"]])
    report = services.imports.analyse(path)
    assert len(report.unknown_columns) == 9998
    # formulas count by the value Excel saved with them; a file written by a program that does
    # not calculate has none, so row 3 holds nothing and row 4 lacks the given name
    assert [(r.row, r.status) for r in report.rows] == [(2, "ok"), (4, "invalid")]
    assert [(m.column, m.message) for m in report.rows[1].errors] == [("Имя", "The given name is required.")]


def test_xlsm_with_a_macro_part_is_read(services, tmp_path):
    path = tmp_path / "macro.xlsm"
    book = openpyxl.Workbook()
    book.active.append(["Фамилия", "Имя"])
    book.active.append(["Омаров", "Нұрлан"])
    book.save(path)
    with zipfile.ZipFile(path, "a") as archive:  # what Excel adds for a macro-enabled workbook
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 508)
    assert services.imports.import_file(path).imported == 1


def test_empty_workbook_and_zip_that_is_not_a_workbook(services, db_path, tmp_path):
    empty = write_sheet(tmp_path / "empty.xlsx", [])
    fake = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    for path in (empty, fake):
        with pytest.raises(DomainError):
            services.imports.import_file(path)
    assert counts(db_path) == (0, 0, 0)


@pytest.mark.parametrize("refused", [("stream",), ("stream", "calamine")])
def test_fallback_readers_read_what_the_first_cannot(services, tmp_path, monkeypatch, refused):
    import python_calamine

    from services import xlsx_stream

    def refuse(*_args, **_kwargs):
        raise ValueError("simulated")

    if "stream" in refused:
        monkeypatch.setattr(xlsx_stream.XlsxStream, "__init__", refuse)
    if "calamine" in refused:
        monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)
    report = services.imports.analyse(messy_register(tmp_path / "reg.xlsx"))
    assert (report.header_row, report.ok, report.invalid, report.duplicate) == (4, 4, 3, 1)

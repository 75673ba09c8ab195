"""The export's fast row writer (reports/xlsx_rows.py) writes the bytes openpyxl's own writer writes:
the same sheet rendered both ways has the same sheet XML and styles, for awkward values too."""
from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from i18n import Translator
from reports import ministry_export
from reports.ministry_layouts import DATE, INTEGER, MONEY, TEXT, Layout, col
from reports.xlsx_rows import fast_rows_possible

LAYOUT = Layout("probe", {"en": "Probe"}, {"en": "Probe"}, (
    col("n", "№", "№", "No.", 6, INTEGER), col("name", "Аты", "Имя", "Name", 20, None),
    col("iin", "ЖСН", "ИИН", "IIN", 15, TEXT), col("born", "Туған", "Дата", "Born", 12, DATE),
    col("sum", "Сома", "Сумма", "Sum", 12, MONEY, total=True), col("any", "Басқа", "Другое", "Other", 12, None)))
PREPARED = dt.datetime(2026, 12, 3, 10, 0)

texts = st.one_of(st.sampled_from(["", " lead", "trail ", "=1+1", "#N/A", "a\x01b", "\x02", "Әбдірахманов",
                                   "a & <b>", "x" * 40000]), st.text(max_size=12))
numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9))
dates = st.one_of(st.dates(min_value=dt.date(1900, 1, 1)), st.datetimes(min_value=dt.datetime(1900, 1, 1)))
anything = st.one_of(st.none(), texts, numbers, dates, st.booleans(), st.times())
rows = st.lists(st.fixed_dictionaries({
    "n": st.one_of(st.none(), st.integers(0, 10**6)), "name": st.one_of(st.none(), texts),
    "iin": st.one_of(st.none(), texts, st.integers(0, 10**12)), "born": st.one_of(st.none(), dates, texts),
    "sum": st.one_of(st.none(), st.decimals(places=2, min_value=-10**6, max_value=10**6)),
    "any": anything}), max_size=12)


def _render(path, pages, fast: bool) -> dict[str, bytes]:
    ministry_export.FAST_ROWS = fast
    try:
        ministry_export.render_xlsx(LAYOUT, [[dict(row) for row in page] for page in pages], Translator("ru"),
                                    path, prepared_at=PREPARED, centre="Центр")
    finally:
        ministry_export.FAST_ROWS = True
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.startswith("docProps")}


@pytest.mark.skipif(not fast_rows_possible(), reason="the fast rows need lxml")
@settings(max_examples=30, deadline=None)
@given(pages=st.lists(rows, min_size=1, max_size=3))
def test_fast_rows_write_the_bytes_openpyxl_writes(tmp_path_factory, pages):
    folder = tmp_path_factory.mktemp("rows")
    slow = _render(folder / "slow.xlsx", pages, fast=False)
    fast = _render(folder / "fast.xlsx", pages, fast=True)
    assert fast.keys() == slow.keys()
    for name in slow:
        assert fast[name] == slow[name], name


def test_a_date_in_a_column_without_a_date_format_is_still_a_date(tmp_path):
    """openpyxl gives such a cell a date format of its own; the rows after it keep their styles."""
    pages = [[{"n": 1, "name": "a", "any": dt.date(2026, 1, 2)}, {"n": 2, "name": "b", "any": "text"},
              {"n": 3, "name": "c", "any": dt.date(2026, 1, 3), "sum": Decimal("1.50")}]]
    assert _render(tmp_path / "fast.xlsx", pages, fast=True) == _render(tmp_path / "slow.xlsx", pages, fast=False)

"""Every figure of ``report monthly --json``, for every month of a random history, equals an
independent recount (tests/services/figures_recount.py: plain SQL through ``sqlite3`` and plain
Python, none of the application's queries). Histories are built through the services
(tests/services/figures_history.py)."""
from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings

from services import AppServices
from storage.engine import create_engine
from tests.services import figures_history as h
from tests.services.figures_recount import Rows, comparable, recount

_examples = itertools.count()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "template.sqlite3"
    h.prepare_template(path)
    return path


def _services(template, folder):
    path = h.fresh_database(template, folder, next(_examples))
    engine = create_engine(str(path))
    return path, engine, AppServices(engine, clock=lambda: h.NOW)


MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=h.history)
def test_every_json_figure_equals_an_independent_recount(template, tmp_path, data):
    path, engine, services = _services(template, tmp_path)
    try:
        h.build(services, engine, data)
        rows = Rows(path)
        for month in MONTHS:
            text, approved = services.reporting.monthly_figures(month)
            assert not approved
            figures = json.loads(text)
            assert comparable(figures) == recount(rows, month, h.TODAY), month
    finally:
        engine.dispose()

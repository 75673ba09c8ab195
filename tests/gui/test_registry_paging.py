"""The registry shows the first page of a search at once and then the rest without a reset."""
from __future__ import annotations

import pytest

from gui.registry import registry_view
from gui.registry.case_table_model import CaseTableModel
from i18n import Translator

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(services):
    services.demo(families=24, seed=5)
    return services


def test_extend_ids_appends_rows_without_a_reset(qtbot, qtmodeltester, demo):
    from gui.jobs import JobRunner
    ids = demo.cases.search("")
    jobs = JobRunner()
    model = CaseTableModel(demo.cases.rows, Translator("en"), jobs=jobs)
    model.set_ids(ids[:5])
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.rowsInserted):
        model.extend_ids(ids)
    assert model.rowCount() == len(ids) and not resets
    last = model.index(len(ids) - 1, 0)
    assert model.data(last) is None  # its page is being fetched off the GUI thread
    with qtbot.waitSignal(model.dataChanged, timeout=10000):
        pass
    assert model.data(last) == demo.cases.rows([ids[-1]])[0].case_number
    qtmodeltester.check(model)
    model.extend_ids(list(reversed(ids)))  # not a continuation: a new result
    assert resets and model.family_id(0) == ids[-1]
    jobs.shutdown()


def test_view_fills_in_after_the_first_page(qtbot, demo, monkeypatch):
    monkeypatch.setattr(registry_view, "PAGE_SIZE", 5)
    from gui.app import ensure_application
    from gui.main_window import MainWindow
    ensure_application()
    window = MainWindow(demo, Translator("en"), database_label="test")
    qtbot.addWidget(window)
    window.show()
    registry = window.registry
    with qtbot.waitSignal(registry.search_finished, timeout=10000) as finished:
        registry.refresh()
    assert finished.args == [24]
    assert registry.model.rowCount() == 24
    assert registry.model.ids() == demo.cases.search("")
    assert "24" in registry.count_label.text()

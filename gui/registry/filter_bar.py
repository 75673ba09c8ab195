"""The registry's filters: stage, status, region, country of origin, arrival period, worker.

Every choice becomes part of a ``FamilyFilter`` that the repository applies in SQL. Reference
lists arrive later (loaded by a job); choices restored from the settings wait until then.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle,
                               QStyleOptionComboBox, QWidget)

from domain.messages import N_
from domain.search import StatusFilter
from domain.stages import Stage
from domain.workload import DueFilter
from gui.forms.date_edit import OptionalDateEdit
from gui.widgets.flow_layout import FlowLayout
from i18n import Translator

STATUS_LABELS = {StatusFilter.VALID: N_("Status valid"), StatusFilter.EXPIRING: N_("Status ends within 30 days"),
                 StatusFilter.EXPIRED: N_("Status expired"), StatusFilter.NONE: N_("No status yet")}


def _combo(parent: QWidget, name: str, width: int) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setMinimumContentsLength(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class FilterBar(QWidget):
    filter_changed = Signal()

    def __init__(self, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self.i18n = translator
        self._regions: list[Any] = []
        self._countries: list[Any] = []
        self._workers: list[Any] = []
        self._pending: dict = {}
        self._loading = False
        self.reference_loaded = False
        self.stage_combo = _combo(self, "stage_combo", 6)
        self.status_combo = _combo(self, "status_combo", 6)
        self.region_combo = _combo(self, "region_combo", 6)
        self.country_combo = _combo(self, "country_combo", 6)
        self.worker_combo = _combo(self, "worker_combo", 6)
        self.due_combo = _combo(self, "due_combo", 6)
        # The arrival period sits in the search row (``period``) to keep the screen narrow.
        self.period = QWidget(self)
        self.period.setObjectName("arrival_period")
        self.arrived_label = QLabel(self.period)
        self.arrived_from_edit = OptionalDateEdit(self.period, name="arrived_from_edit")
        self.dash_label = QLabel("–", self.period)
        self.arrived_to_edit = OptionalDateEdit(self.period, name="arrived_to_edit")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clear_filters_button")
        # the choices wrap onto a second row when the window is narrow (Kazakh at 125 % on 1280x800):
        # each keeps the width of its chosen text instead of all being cut
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in self.combos():
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            layout.addWidget(widget)
            widget.currentIndexChanged.connect(self._on_changed)
            widget.currentIndexChanged.connect(self._show_choices_in_tooltips)
        # the clear button is not in this layout: the registry puts it beside the search
        period = QHBoxLayout(self.period)
        period.setContentsMargins(0, 0, 0, 0)
        for widget in (self.arrived_label, self.arrived_from_edit, self.dash_label, self.arrived_to_edit):
            period.addWidget(widget)
        self.arrived_from_edit.dateChanged.connect(self._on_changed)
        self.arrived_to_edit.dateChanged.connect(self._on_changed)
        self.clear_button.clicked.connect(self.clear)
        self.retranslate_ui(translator)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.stage_combo, self.status_combo, self.region_combo, self.country_combo,
                self.worker_combo, self.due_combo)

    # --- reference lists -------------------------------------------------------------
    def set_reference(self, regions: list, countries: list, workers: list) -> None:
        self._regions, self._countries, self._workers = list(regions), list(countries), list(workers)
        self.reference_loaded = True
        values = {**self.values(), **self._pending}
        self._pending = {}
        self._fill(values)

    def _fill(self, values: dict) -> None:
        """(Re)build every list in the current language, keeping the chosen values."""
        self._loading = True
        _ = self.i18n.gettext
        language = self.i18n.language
        self._reset(self.stage_combo, _("All stages"), [(s, _(Stage.LABELS[s])) for s in Stage.ALL])
        self._reset(self.status_combo, _("Any status"), [(s, _(STATUS_LABELS[s])) for s in StatusFilter.ALL])
        self._reset(self.region_combo, _("All regions"), [(r.code, r.name(language)) for r in self._regions])
        countries = sorted(((c.code, c.name(language)) for c in self._countries), key=lambda item: item[1])
        self._reset(self.country_combo, _("All countries"), countries)
        self._reset(self.worker_combo, _("All workers"), [(w.id, w.label) for w in self._workers])
        self._reset(self.due_combo, _("Any due date"), [(d, _(DueFilter.LABELS[d])) for d in DueFilter.ALL])
        self._select(self.stage_combo, values.get("stage"))
        self._select(self.status_combo, values.get("status"))
        self._select(self.region_combo, values.get("region_code"))
        self._select(self.country_combo, values.get("origin_country_code"))
        self._select(self.worker_combo, values.get("responsible_user_id"))
        self._select(self.due_combo, values.get("due"))
        self._loading = False
        self._show_choices_in_tooltips()

    @staticmethod
    def _reset(combo: QComboBox, everything: str, items: list[tuple[Any, str]]) -> None:
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(index, 0))

    # --- values ----------------------------------------------------------------------
    def values(self) -> dict:
        """The chosen filters as plain values (what the settings keep)."""
        if self._pending:
            return dict(self._pending)
        return {"stage": self.stage_combo.currentData(), "status": self.status_combo.currentData(),
                "region_code": self.region_combo.currentData(),
                "origin_country_code": self.country_combo.currentData(),
                "responsible_user_id": self.worker_combo.currentData(), "due": self.due_combo.currentData(),
                "arrived_from": self._date(self.arrived_from_edit), "arrived_to": self._date(self.arrived_to_edit)}

    def set_values(self, values: dict) -> None:
        self._set_date(self.arrived_from_edit, values.get("arrived_from"))
        self._set_date(self.arrived_to_edit, values.get("arrived_to"))
        combos = {k: values.get(k) for k in ("stage", "status", "region_code", "origin_country_code",
                                              "responsible_user_id", "due")}
        if not self.reference_loaded:
            self._pending = {**combos, "arrived_from": self._date(self.arrived_from_edit),
                             "arrived_to": self._date(self.arrived_to_edit)}
        else:
            self._fill(combos)
        self.filter_changed.emit()

    def filter_fields(self) -> dict:
        """Keyword arguments for ``FamilyFilter`` (dates as ``date`` objects)."""
        values = self.values()
        for key in ("arrived_from", "arrived_to"):
            values[key] = dt.date.fromisoformat(values[key]) if values.get(key) else None
        return values

    def active_count(self) -> int:
        return sum(1 for value in self.values().values() if value)

    def clear(self) -> None:
        self.set_values({})

    @staticmethod
    def _date(edit: OptionalDateEdit) -> str | None:
        value = edit.value()
        return value.isoformat() if value else None

    @staticmethod
    def _set_date(edit: OptionalDateEdit, value: str | None) -> None:
        edit.blockSignals(True)
        try:
            edit.set_value(dt.date.fromisoformat(value) if value else None)
        finally:
            edit.blockSignals(False)

    def _on_changed(self, *_args) -> None:
        if not self._loading:
            self.filter_changed.emit()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.arrived_label.setText(_("Arrived"))
        self.arrived_from_edit.set_empty_text(_("from"))
        self.arrived_to_edit.set_empty_text(_("to"))
        # one short word in the filters' own row leaves the choices room at 1366x768 at 125 %
        self.clear_button.setText(translator.pgettext("filters", "Clear"))
        self._fill(self.values())

    def _show_choices_in_tooltips(self, *_args) -> None:
        """"Region: Солтүстік Қазақстан облысы": at 1366x768 at 125 % a combo cuts its choice,
        its tooltip names the filter and the whole choice."""
        _ = self.i18n.gettext
        for combo, label in ((self.stage_combo, _("Stage")), (self.status_combo, _("Kandas status")),
                             (self.region_combo, _("Region")), (self.country_combo, _("Country of origin")),
                             (self.worker_combo, _("Responsible worker")),
                             (self.due_combo, _("Open tasks by due date"))):
            combo.setToolTip(f"{label}: {combo.currentText()}" if combo.currentText() else label)
        self._fit_choices_to_text()

    def _fit_choices_to_text(self) -> None:
        """Each choice is at least as wide as its chosen text needs, so the row wraps rather than
        cutting it (a narrower window moves a choice to the next row)."""
        for combo in self.combos():
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            text = combo.fontMetrics().horizontalAdvance(combo.currentText()) + 2
            size = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                                  QSize(text, combo.fontMetrics().height()), combo)
            combo.setMinimumWidth(max(size.width(), combo.minimumSizeHint().width()))

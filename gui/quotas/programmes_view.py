"""Employment, education places and adaptation services of a year, for the centre as a whole."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QPushButton

from domain.adaptation import ServiceKind
from domain.education import EducationLevel
from domain.messages import N_
from domain.permissions import Action
from gui.quotas.columns import kind_text
from gui.quotas.common import make_table, wrap_long_names
from gui.quotas.year_tabs import YearTabs
from gui.forms.form_dialog import FieldSpec, FormDialogSpec
from gui.quotas.row_model import Column, RowTableModel
from i18n import Translator

LINE_COLUMNS = [
    Column("level", N_("Level"), lambda r, tr: tr._(EducationLevel.LABELS.get(r.level, r.level))),
    Column("institution", N_("Institution"), lambda r, tr: r.institution),
    Column("specialty_group", N_("Specialty group"), lambda r, tr: r.specialty_group),
    Column("state_order_places", N_("State-order places"),
           lambda r, tr: tr.format_number(r.state_order_places) if r.state_order_places is not None else "",
           lambda r: r.state_order_places or 0, True),
    Column("places", N_("Places"), lambda r, tr: tr.format_number(r.places), lambda r: r.places, True),
    Column("applications", N_("Applications"), lambda r, tr: tr.format_number(r.applications),
           lambda r: r.applications, True),
    Column("admitted", N_("Admitted, persons"), lambda r, tr: tr.format_number(r.admitted), lambda r: r.admitted,
           True),
]


class _MonthKind:
    def __init__(self, row: dict, year: int) -> None:
        self.month, self.kind, self.count, self.families = row["month"], row["kind"], row["count"], row["families"]
        self.month_date = dt.date(year, row["month"], 1)


SERVICE_MONTH_COLUMNS = [
    Column("month", N_("Month"), lambda r, tr: tr.format_month(r.month_date), lambda r: r.month),
    Column("kind", N_("Service"), kind_text(ServiceKind.LABELS)),
    Column("count", N_("Services"), lambda r, tr: tr.format_number(r.count), lambda r: r.count, True),
    Column("families", N_("Families served"), lambda r, tr: tr.format_number(r.families), lambda r: r.families,
           True),
]

RESIDENT_COLUMNS = [
    Column("case_number", N_("Case"), lambda r, tr: r.case_number),
    Column("head_name", N_("Head of family"), lambda r, tr: r.head_name),
    Column("room", N_("Room"), lambda r, tr: r.room),
    Column("check_in", N_("Check-in"), lambda r, tr: tr.format_date(r.check_in), lambda r: r.check_in),
    Column("stay_limit", N_("Allowed until"), lambda r, tr: tr.format_date(r.stay_limit), lambda r: r.stay_limit),
]


class ProgrammesView(YearTabs):
    tab_titles = (N_("Employment and education places"), N_("Adaptation services by month"),
                  N_("Living in the centre"))

    def __init__(self, services, jobs, translator: Translator, events=None, parent=None) -> None:
        super().__init__(services, jobs, translator, events, parent)
        self.data = None
        self.employment_label = QLabel(self)
        self.employment_label.setWordWrap(True)  # one long sentence in kk: it wraps rather than widening the window
        self.employment_label.setObjectName("employment_label")
        self.plan_button = self._button("employment_plan_button", self._on_plan)
        self.line_button = self._button("add_places_button", self._on_line)
        self.line_model = RowTableModel(LINE_COLUMNS, translator, self)
        self.month_model = RowTableModel(SERVICE_MONTH_COLUMNS, translator, self)
        self.resident_model = RowTableModel(RESIDENT_COLUMNS, translator, self, alarm=lambda r: r.overstay)
        self.line_table = make_table(self, self.line_model, "education_lines_table")
        wrap_long_names(self.line_table)
        self.month_table = make_table(self, self.month_model, "services_per_month_table")
        self.resident_table = make_table(self, self.resident_model, "residents_table")
        self.residents_label = QLabel(self)
        self.add_page(self.line_table, self.employment_label, self.plan_button, self.line_button)
        self.add_page(self.month_table)
        self.add_page(self.resident_table, self.residents_label)
        self.finish()

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(self.services.actor.can(Action.MANAGE_QUOTAS))
        return button

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        tr = translator
        self.plan_button.setText(tr._("Employment plan…"))
        self.line_button.setText(tr._("Education places…"))
        for model in (self.line_model, self.month_model, self.resident_model):
            model.retranslate(tr)
        self._show_labels()

    def refresh(self) -> None:
        generation, services, wanted = self._latest.next(), self.services, self.year_edit.currentData()

        def work(_progress):
            today = services.ctx.today()
            years = sorted({today.year - 1, today.year, *services.dashboard.years()})
            year = wanted if wanted in years else today.year
            placements, measures = services.employment.plan_vs_fact(year)
            return (years, year, placements, measures, services.education.lines(year),
                    [_MonthKind(row, year) for row in services.adaptation.per_month(year)],
                    services.adaptation.residents())

        def done(result) -> None:
            if not self._latest.is_current(generation):
                return
            self.data = result
            years, year, _placements, _measures, lines, months, residents = result
            self.show_year(years, year, ((self.line_model, lines, self.line_table),
                                         (self.month_model, months, self.month_table),
                                         (self.resident_model, residents, self.resident_table)))
            self._show_labels()
            self.loaded.emit()

        self.jobs.run(work, on_success=done)

    def _show_labels(self) -> None:
        tr = self.i18n
        if self.data is None:
            return
        _years, year, placements, measures, _lines, _months, residents = self.data
        self.employment_label.setText(tr.format(
            "Job placements {year}: {placed} of {planned} planned; measures: {measures} of {measures_planned}.",
            year=year, placed=tr.format_number(placements.achieved),
            planned=tr.format_number(placements.planned) if placements.planned is not None else "—",
            measures=tr.format_number(measures.achieved),
            measures_planned=tr.format_number(measures.planned) if measures.planned is not None else "—"))
        self.residents_label.setText(tr.ngettext(
            "{count} family lives in the centre now; {over} beyond the allowed stay.",
            "{count} families live in the centre now; {over} beyond the allowed stay.", len(residents)).format(
            count=len(residents), over=sum(1 for r in residents if r.overstay)))

    def _on_plan(self) -> None:
        year = self.year_edit.currentData()
        placements, measures = (self.data[2], self.data[3]) if self.data else (None, None)
        employment = self.services.employment
        self.open_form(FormDialogSpec(N_("Employment plan"), [
            FieldSpec("placements_planned", N_("Job placements planned"), "int",
                      placements.planned if placements and placements.planned else 0),
            FieldSpec("measures_planned", N_("Active measures planned"), "int",
                      measures.planned if measures and measures.planned else 0),
        ], lambda v: employment.save_plan(year, v["placements_planned"], v["measures_planned"])))

    def _on_line(self) -> None:
        year, tr = self.year_edit.currentData(), self.i18n
        education = self.services.education
        self.open_form(FormDialogSpec(N_("Education quota places"), [
            FieldSpec("level", N_("Level"), "choice", EducationLevel.UNIVERSITY,
                      tuple((key, tr._(text)) for key, text in EducationLevel.LABELS.items())),
            FieldSpec("institution", N_("Institution"), "text", ""),
            FieldSpec("specialty_group", N_("Specialty group"), "text", ""),
            FieldSpec("state_order_places", N_("State-order places"), "int", 100, minimum=0),
            FieldSpec("kandas_places_override", N_("Kandas places instead of the share (0: the share)"), "int", 0),
            FieldSpec("override_reason", N_("Reason for other places"), "text", ""),
        ], lambda v: education.save_line(year, v["level"], v["institution"], v["specialty_group"],
                                         v["state_order_places"], v["kandas_places_override"] or None,
                                         v["override_reason"]),
            hint=N_("The kandas places are the education quota share (4 %) of the state-order places; "
                    "other places need a reason. Places already entered for the same institution and group "
                    "are replaced.")))

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and (changes.employment or changes.education or changes.services):
            self.refresh()


def _create(ctx) -> ProgrammesView:
    return ProgrammesView(ctx.services, ctx.jobs, ctx.translator, ctx.events)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("programmes", N_("Employment, education, services"), _create, order=35,
                               action=Action.VIEW_REPORTS))


_register()

"""The supervisor's monthly report as a PDF (reportlab), in a language chosen per report.

``render_monthly_report`` is pure: a ``MonthlySummary`` and a ``Translator`` in, a PDF
out (written under a temporary name and renamed). ``export_monthly_report`` fetches the
summary through the services, renders it and records the report in the audit.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from xml.sax.saxutils import escape

from domain.messages import N_
from i18n import Translator
from reports import labels
from reports.atomic import atomic_path
from reports.message_text import task_text
from reports.pdf_centre import centre_name, letterhead, signatures
from reports.pdf_charts import empty_note, horizontal_bars
from reports.pdf_tables import grid_table
from reports.pdf_theme import FONT, FONT_BOLD, MUTED, PAGE_MARGIN, PRIMARY, register_fonts, styles
from services.progress import NullProgress, Progress
from services.reporting_dto import ArrivalRow, MonthlySummary

SECTIONS = 11
CHART_TOP_N = 10


def _numbered_canvas(tr: Translator, summary: MonthlySummary, result: dict):
    """A canvas that draws header and footer once the page count is known ("page X of Y")."""
    title = tr.format("Monthly report: {month}", month=tr.format_month(summary.month))
    printed = tr.format("Printed {date}", date=tr.format_datetime(summary.printed_at))
    header_name = centre_name(summary, tr)
    room = A4[0] - 2 * PAGE_MARGIN - stringWidth(title, FONT, 8) - 12
    while header_name and stringWidth(header_name, FONT_BOLD, 8) > room:  # a very long name: keep its start
        header_name = header_name[:-2].rstrip() + "…"
    anchor = (tr.ngettext("Audit: {count} entry, head {hash}", "Audit: {count} entries, head {hash}",
                          summary.audit_anchor[0]).format(count=summary.audit_anchor[0],
                                                          hash=summary.audit_anchor[1][:12])
              if summary.audit_anchor else "")

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            result["pages"] = total
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setStrokeColor(PRIMARY)
            self.setLineWidth(0.6)
            self.line(PAGE_MARGIN, height - 12 * mm, width - PAGE_MARGIN, height - 12 * mm)
            self.setFont(FONT_BOLD, 8)
            self.setFillColor(PRIMARY)
            self.drawString(PAGE_MARGIN, height - 10.5 * mm, header_name)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - PAGE_MARGIN, height - 10.5 * mm, title)
            self.line(PAGE_MARGIN, 12 * mm, width - PAGE_MARGIN, 12 * mm)
            self.drawString(PAGE_MARGIN, 8 * mm, printed)
            if anchor:  # the audit chain's head, so a paper copy can prove a later cut or rewrite
                self.setFont(FONT, 6.5)
                self.drawString(PAGE_MARGIN, 4.5 * mm, anchor)
                self.setFont(FONT, 8)
            self.drawRightString(width - PAGE_MARGIN, 8 * mm,
                                 tr.format("Page {page} of {pages}", page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


class _Builder:
    """Turns the summary into flowables, section by section."""

    def __init__(self, summary: MonthlySummary, tr: Translator, width: float) -> None:
        self.s, self.tr, self.width = summary, tr, width
        self.st = styles()
        self.lang = tr.language

    # --- small helpers -------------------------------------------------------------------
    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.st[style])

    def n(self, value) -> str:
        return "—" if value is None else self.tr.format_number(value)

    def pct(self, part, whole) -> str:
        if not whole:
            return "—"
        return self.tr.format_number(Decimal(part) * 100 / Decimal(whole), 1) + "\u00a0%"

    def table(self, head: list[str], rows: list[list], widths: list[float], total: bool = False,
              numeric_from: int = 1) -> Table:
        return grid_table(head, rows, widths, self.width, numeric_from, total)

    def families(self, value: int | None) -> str:
        """A counted noun in the report's language ("3 семьи", "5 семей"), from the catalogue."""
        count = int(value or 0)
        return self.tr.ngettext("{count} family", "{count} families", count).format(count=self.n(count))

    def persons(self, value: int | None) -> str:
        count = int(value or 0)
        return self.tr.ngettext("{count} person", "{count} persons", count).format(count=self.n(count))

    # --- sections --------------------------------------------------------------------------
    def title(self) -> list:
        tr, s = self.tr, self.s
        return letterhead(s, tr, self.width) + [
            self.p(tr.format("Monthly report: {month}", month=tr.format_month(s.month)), "title"),
            self.p(tr.format("Figures as of {date}; “year to date” counts from 1 January {year}.",
                             date=tr.format_date(s.as_of), year=s.year), "subtitle")]

    def arrivals(self) -> list:
        tr = self.tr
        head = [tr._("Families, month"), tr._("Persons, month"), tr._("Families, year to date"),
                tr._("Persons, year to date")]
        total = self.s.arrival_totals()
        parts = [self.p(tr._("1. Arrivals"), "h1"),
                 self.p(tr.format("Arrived in the month: {families}, {persons}; since the start of the year: "
                                  "{families_ytd}, {persons_ytd}.",
                                  persons=self.persons(total.persons_month), families=self.families(total.families_month),
                                  persons_ytd=self.persons(total.persons_ytd),
                                  families_ytd=self.families(total.families_ytd)))]
        top = list(self.s.arrivals_by_country[:CHART_TOP_N])
        chart = (horizontal_bars(tr._("Persons arrived by country of origin"), [r.name.get(self.lang) for r in top],
                                 [(head[1], [r.persons_month for r in top]), (head[3], [r.persons_ytd for r in top])],
                                 tr, self.width) if top else
                 empty_note(tr._("No arrivals this year."), self.width))
        for caption, rows in ((tr._("By country of origin"), self.s.arrivals_by_country),
                              (tr._("By region of settlement"), self.s.arrivals_by_region)):
            body = [self._arrival_cells(r) for r in rows] + [self._arrival_cells(total, tr._("Total"))]
            parts += [self.p(caption, "h2"),
                      self.table([tr.pgettext("place", "Name")] + head, body, [34, 16, 16, 17, 17], True)]
            if chart is not None:  # the chart belongs right under the table by country
                parts += [Spacer(1, 3 * mm), chart]
                chart = None
        return parts

    def _arrival_cells(self, row: ArrivalRow, name: str | None = None) -> list:
        return [name or row.name.get(self.lang), self.n(row.families_month), self.n(row.persons_month),
                self.n(row.families_ytd), self.n(row.persons_ytd)]

    def certificates(self) -> list:
        tr, c = self.tr, self.s.certificates
        rows = [[tr._("Kandas status granted (first time)"), self.n(c.initial_month), self.n(c.initial_ytd)],
                [tr._("Kandas status extended"), self.n(c.extension_month), self.n(c.extension_ytd)],
                [tr._("Certificates that expired in the month without an end of status"),
                 self.n(c.expired_in_month), "—"],
                [tr._("Status ended by citizenship, persons"), self.n(c.ended_citizenship), "—"],
                [tr.format("Persons with a valid status on {date}", date=tr.format_date(self.s.as_of)),
                 self.n(c.valid_at_end), "—"],
                [tr.format("Certificates expiring by {date}", date=tr.format_date(c.expiring_until)),
                 self.n(c.expiring_soon), "—"]]
        return [KeepTogether([self.p(tr._("2. Kandas status certificates"), "h1"),
                              self.table(["", tr._("Month"), tr._("Year to date")], rows, [60, 20, 20])])]

    def quota(self) -> list:
        tr, rows = self.tr, self.s.quota
        # one label per figure (reports.labels.QUOTA_FIGURES) for the table's columns and the chart's legend
        plan, included, moved = (labels.label(labels.QUOTA_FIGURES, key, tr) for key in ("plan", "included", "moved"))

        def persons(figure: str) -> str:
            return tr.format("{figure}, persons", figure=figure)

        def families(figure: str) -> str:
            return tr.format("{figure}, families", figure=figure)

        head = [tr._("Region"), persons(plan), persons(included), tr._("Fulfilment"), persons(moved),
                families(plan), families(included)]
        body = [[q.name.get(self.lang), self.n(q.persons_planned), self.n(q.persons_included),
                 self.pct(q.persons_included, q.persons_planned), self.n(q.persons_arrived),
                 self.n(q.families_planned), self.n(q.families_included)] for q in rows]
        planned = sum(q.persons_planned or 0 for q in rows)
        included_total = sum(q.persons_included for q in rows)
        body.append([tr._("Total"), self.n(planned), self.n(included_total), self.pct(included_total, planned),
                     self.n(sum(q.persons_arrived for q in rows)),
                     self.n(sum(q.families_planned or 0 for q in rows)),
                     self.n(sum(q.families_included for q in rows))])
        parts = [self.p(tr.format("3. Regional quota {year}: plan and fact", year=self.s.year), "h1")]
        if not rows:
            return parts + [self.p(tr.format("No quota plan for {year} has been entered.", year=self.s.year))]
        parts.append(self.table(head, body, [30, 12, 13, 11, 12, 11, 11], True))
        parts.append(Spacer(1, 4 * mm))
        parts.append(horizontal_bars(tr._("Regional quota: plan and fact, persons"),
                                     [q.name.get(self.lang) for q in rows],
                                     [(plan, [q.persons_planned or 0 for q in rows]),
                                      (included, [q.persons_included for q in rows]),
                                      (moved, [q.persons_arrived for q in rows])], tr, self.width))
        return parts

    def subsidies(self) -> list:
        tr, rows = self.tr, self.s.subsidies
        parts = [self.p(tr._("4. Subsidies owed and paid"), "h1")]
        if not rows:
            return parts + [self.p(tr._("No subsidies were due up to this date."))]
        money = self.tr.format_money
        body = [[labels.label(labels.SUBSIDY_KINDS, r.kind, tr), money(r.due_month), money(r.paid_month),
                 money(r.due_ytd), money(r.paid_ytd), money(r.outstanding)] for r in rows]
        body.append([tr._("Total")] + [money(sum((getattr(r, key) for r in rows), Decimal(0))) for key in
                                       ("due_month", "paid_month", "due_ytd", "paid_ytd", "outstanding")])
        head = [tr._("Subsidy"), tr._("Due in the month"), tr._("Paid in the month"), tr._("Due, year to date"),
                tr._("Paid, year to date"), tr._("Outstanding")]
        return parts + [self.table(head, body, [25, 15, 15, 15, 15, 15], True)]

    def employment_education(self) -> list:
        tr, e = self.tr, self.s.employment
        rows = [[tr.pgettext("report figure", "Job placements"), self.n(e.placements_planned), self.n(e.placements_ytd),
                 self.pct(e.placements_ytd, e.placements_planned), self.n(e.placements_month)],
                [tr._("Active employment measures"), self.n(e.measures_planned), self.n(e.measures_ytd),
                 self.pct(e.measures_ytd, e.measures_planned), self.n(e.measures_month)]]
        rows += [["   " + labels.label(labels.MEASURE_KINDS, m.kind, tr), "", self.n(m.ytd), "", self.n(m.month)]
                 for m in e.measures]
        head = ["", tr._("Plan for the year"), tr._("Fact, year to date"), tr._("Fulfilment"), tr._("Month")]
        parts = [self.p(tr._("5. Employment and education: plan and fact"), "h1"),
                 self.p(tr._("Employment"), "h2"), self.table(head, rows, [40, 15, 15, 15, 15]),
                 self.p(tr.format("Placements with an employer subsidy: {count}.",
                                  count=self.n(e.with_employer_subsidy)), "small"),
                 self.p(tr.format("Education quota {year}", year=self.s.year), "h2")]
        if not self.s.education:
            return parts + [self.p(tr._("No education quota places or applications this year."))]
        body = [[labels.label(labels.STUDY_LEVELS, r.level, tr), self.n(r.places), self.n(r.applications),
                 self.n(r.admitted), self.pct(r.admitted, r.places), self.n(r.not_admitted), self.n(r.pending),
                 self.n(r.withdrew)] for r in self.s.education]
        head = [tr._("Level"), tr._("Places (plan)"), tr.pgettext("report figure", "Applications"), tr._("Admitted"),
                tr._("Fulfilment"),
                tr._("Not admitted"), tr._("Awaiting the result"), tr._("Withdrew")]
        return parts + [self.table(head, body, [13, 11, 12, 12, 13, 13, 13, 13])]

    def services(self) -> list:
        tr, a = self.tr, self.s.accommodation
        parts = [self.p(tr._("6. Adaptation and integration services"), "h1")]
        if self.s.services:
            body = [[labels.label(labels.SERVICE_KINDS, r.kind, tr), self.n(r.month), self.n(r.families_month),
                     self.n(r.ytd)] for r in self.s.services]
            body.append([tr._("Total"), self.n(sum(r.month for r in self.s.services)), "",
                         self.n(sum(r.ytd for r in self.s.services))])
            parts.append(self.table([tr._("Service"), tr._("Delivered in the month"), tr._("Families served"),
                                     tr._("Year to date")], body, [46, 18, 18, 18], True))
        else:
            parts.append(self.p(tr._("No services were recorded this year.")))
        parts.append(Spacer(1, 2 * mm))
        parts.append(self.p(tr.format("Accommodation in the centre in the month: moved in {checked_in}, moved out "
                                      "{checked_out}; living there on {date}: {living}.",
                                      checked_in=self.families(a.checked_in), checked_out=self.families(a.checked_out),
                                      living=self.families(a.living_at_end), date=tr.format_date(self.s.as_of))))
        return parts

    def tasks(self) -> list:
        tr, s = self.tr, self.s
        parts = [self.p(tr._("7. Overdue tasks"), "h1"),
                 self.p(tr.format("Open tasks past their due date on {date}: {count}.",
                                  date=tr.format_date(s.as_of), count=self.n(s.overdue_total)))]
        if not s.overdue_total:
            return parts
        parts.append(self.table([tr._("Kind of task"), tr.pgettext("report figure", "Overdue")],
                                [[labels.label(labels.TASK_KINDS, k, tr), self.n(n)] for k, n in s.overdue_by_kind],
                                [70, 30]))
        if s.overdue_oldest:
            listed = len(s.overdue_oldest)
            parts.append(self.p(tr.ngettext("The {count} longest overdue task", "The {count} longest overdue tasks",
                                            listed).format(count=self.n(listed)), "h2"))
            body = [[t.case_number or "—", self._task_title(t), tr.format_date(t.due_date), self.n(t.days_overdue)]
                    for t in s.overdue_oldest]
            parts.append(self.table([tr._("Case"), tr._("Task"), tr._("Due date"), tr._("Days overdue")],
                                    body, [15, 53, 14, 18], numeric_from=2))
        return parts

    def personal_data(self) -> list:
        """Families lacking a basis of processing for a member (Law No. 94-V; docs/personal-data.md)."""
        tr, s = self.tr, self.s
        if s.families_without_basis is None:
            return []
        return [self.p(tr._("8. Personal data"), "h1"),
                self.p(tr.format("Families without a basis of processing for every member on {date}: {count}.",
                                 date=tr.format_date(s.as_of), count=self.families(s.families_without_basis)))]

    def corrections(self) -> list:
        """Payments recorded in this month on items of an approved month (docs/reports.md)."""
        rows = self.s.corrections
        if not rows:
            return []
        tr = self.tr
        body = [[tr.format_month(c.month), self.n(c.payments), tr.format_money(c.amount)] for c in rows]
        return [KeepTogether([self.p(tr._("Corrections to earlier months"), "h1"),
                              self.p(tr._("Payments recorded in this month on subsidies that fell due in an "
                                          "approved month."), "small"),
                              self.table([tr._("Approved month"), tr._("Payments"), tr._("Amount")], body,
                                         [50, 20, 30])])]

    def _task_title(self, task) -> str:
        """The reminder's sentence with its amounts and dates formatted (reports.message_text)."""
        return task_text(task, self.tr) or labels.label(labels.TASK_KINDS, task.kind, self.tr)

    def signatures(self) -> list:
        return signatures(self.s.centre, self.tr, self.width)


FRAME_WIDTH = A4[0] - 2 * PAGE_MARGIN


def monthly_story(summary: MonthlySummary, translator: Translator, progress: Progress | None = None) -> list:
    """The report's flowables, section by section (what ``render_monthly_report`` lays out)."""
    progress = progress or NullProgress()
    register_fonts()
    builder = _Builder(summary, translator, FRAME_WIDTH)
    story: list = []
    steps = (builder.title, builder.arrivals, builder.certificates, builder.quota, builder.subsidies,
             builder.employment_education, builder.services, builder.tasks, builder.personal_data,
             builder.corrections, builder.signatures)
    for index, step in enumerate(steps):
        progress.step(index, SECTIONS, N_("Preparing the report"))
        story.extend(step())
    return story


def render_monthly_report(summary: MonthlySummary, translator: Translator, path: str | os.PathLike,
                          progress: Progress | None = None) -> int:
    """Write the report to ``path`` (atomically); returns the number of pages."""
    progress = progress or NullProgress()
    tr = translator
    story = monthly_story(summary, tr, progress)
    progress.step(SECTIONS - 1, SECTIONS, N_("Writing the PDF"))
    result: dict = {}
    with atomic_path(path) as temp:
        document = SimpleDocTemplate(
            str(temp), pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=18 * mm,
            bottomMargin=18 * mm, title=tr.format("Monthly report: {month}", month=tr.format_month(summary.month)),
            author=centre_name(summary, tr), subject=summary.month.strftime("%Y-%m"), lang=tr.language,
            creator="Qandas")
        document.build(story, canvasmaker=_numbered_canvas(tr, summary, result))
    progress.step(SECTIONS, SECTIONS, N_("Writing the PDF"))
    return int(result.get("pages", 0))


def export_monthly_report(services, month: dt.date, path: str | os.PathLike, translator: Translator,
                          progress: Progress | None = None) -> int:
    """Build the summary for ``month``, write the PDF, record it in the audit; returns pages."""
    progress = progress or NullProgress()
    stored = services.closed_months.stored(month.replace(day=1))
    if stored is not None:  # an approved month reprints exactly as approved
        from reports.month_approval import write_stored_pdf
        return write_stored_pdf(services, stored, path)
    progress.step(0, SECTIONS, N_("Collecting the figures"))
    summary = services.reporting.monthly_summary(month)
    pages = render_monthly_report(summary, translator, path, progress)
    services.reporting.record_report(summary.month, Path(path).name, translator.language, pages)
    return pages

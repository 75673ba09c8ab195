"""The duplicate review list: two possibly identical persons side by side, merge or keep both."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QRadioButton, QSplitter, QStackedWidget, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from domain.duplicate_scoring import PersonFacts, shared_identifiers
from domain.families import DocumentKind, EducationLevel, Relation
from domain.messages import N_
from domain.permissions import Action
from domain.stages import Stage
from gui import settings as keys
from gui.dialogs import ask
from gui.duplicates.duplicate_list_model import DuplicateListModel
from gui.errors import show_error
from gui.forms.person_form import SEX_LABELS
from i18n import Translator

DIFFERENT = QColor("#fff3c4")
SAME_IDENTIFIER = QColor("#cdeccf")  # an identical IIN, passport or phone: the strongest reason to merge
# The name row's label is translated with the context "person" (see _row_label): a bare "Name" is
# also the report column of an organisation's name ("Атауы"), which is wrong for a person.
ROWS = (("full_name", "Name"), ("latin_name", N_("Name in Latin letters")), ("birth_date", N_("Birth date")),
        ("sex", N_("Sex")), ("iin", N_("IIN")), ("relation", N_("Relation to the head")),
        ("citizenship", N_("Citizenship")), ("education", N_("Education level")), ("case", N_("Case")),
        ("stage", N_("Stage")), ("region", N_("Region")), ("country", N_("Country of origin")),
        ("arrival", N_("Arrival date")), ("address", N_("Address")), ("phone", N_("Phone")),
        ("members", N_("Other members")), ("documents", N_("Documents")), ("statuses", N_("Kandas status")))
# the comparison row each kind of shared identifier is pointed out on
IDENTIFIER_ROWS = {"iin": "iin", "passport": "documents", "phone": "phone"}
IDENTIFIER_TEXT = {"iin": N_("The same IIN on both records: {value}"),
                   "passport": N_("The same passport number on both records: {value}"),
                   "phone": N_("The same phone number on both records: {value}")}


def side_facts(side) -> PersonFacts:
    """The strong identifiers of one side, as the duplicate score compares them."""
    person = side.person
    return PersonFacts(iin=person.iin, passports=tuple(d.number for d in person.documents
                                                      if d.kind == DocumentKind.PASSPORT),
                       phones=(side.phone,) if side.phone else ())


class DuplicatesView(QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = ctx.services
        self.i18n = ctx.translator
        self.pair = None
        self._requested: int | None = None  # the pair whose details are being (or were last) loaded
        self._names = None  # (regions, countries) once loaded
        self.title = QLabel(self)
        self.title.setObjectName("duplicates_title")
        self.model = DuplicateListModel(self.i18n, self)
        self.list = QTableView(self)
        self.list.setObjectName("duplicate_list")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((300, 95, 300, 95, 260)):
            self.list.setColumnWidth(column, width)
        from gui.widgets.width_fit import fit_columns_to_width
        fit_columns_to_width(self.list)  # both names in sight at 1366x768 at 125 %
        from gui.session.empty_messages import duplicates_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.list_empty = install_empty_state(self.list, lambda: duplicates_empty_message(self.i18n),
                                              "duplicate_list_empty")
        self.list.selectionModel().currentRowChanged.connect(self._on_list_current_row_changed)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("duplicates_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.identical_label = QLabel(self)
        self.identical_label.setObjectName("identical_identifiers")
        self.identical_label.setWordWrap(True)
        self.identical_label.setStyleSheet(f"background: {SAME_IDENTIFIER.name()}; padding: 4px;")
        self.comparison = QTableWidget(len(ROWS), 2, self)
        self.comparison.setObjectName("comparison_table")
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setWordWrap(True)
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.keep_a = QRadioButton(self)
        self.keep_a.setObjectName("keep_a_radio")
        self.keep_b = QRadioButton(self)
        self.keep_b.setObjectName("keep_b_radio")
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_a)
        self.keep_group.addButton(self.keep_b)
        self.keep_a.setChecked(True)
        # A merge is about one person; taking the other household along is a separate, explicit choice.
        self.move_household = QCheckBox(self)
        self.move_household.setObjectName("move_household_check")
        self.merge_button = QPushButton(self)
        self.merge_button.setObjectName("merge_button")
        self.merge_button.clicked.connect(self.merge)
        # the merge just made can be taken back from here while nothing of it has changed
        self.last_merge_id: int | None = None
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undo_merge_button")
        self.undo_button.clicked.connect(self.undo_merge)
        self.distinct_button = QPushButton(self)
        self.distinct_button.setObjectName("distinct_button")
        self.distinct_button.clicked.connect(self.mark_distinct)
        self.open_a_button = QPushButton(self)
        self.open_a_button.setObjectName("open_a_button")
        self.open_a_button.clicked.connect(lambda: self._open_side("a"))
        self.open_b_button = QPushButton(self)
        self.open_b_button.setObjectName("open_b_button")
        self.open_b_button.clicked.connect(lambda: self._open_side("b"))
        self.hint = QLabel(self)
        self.hint.setObjectName("merge_hint")
        self.hint.setWordWrap(True)
        # the choices and the buttons on two rows: on one, the Kazakh labels need 1 570 px
        choices, actions = QHBoxLayout(), QHBoxLayout()
        for widget in (self.keep_a, self.keep_b, self.move_household):
            choices.addWidget(widget)
        choices.addStretch(1)
        actions.addStretch(1)
        for widget in (self.open_a_button, self.open_b_button, self.distinct_button, self.merge_button):
            actions.addWidget(widget)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.identical_label)
        detail_layout.addWidget(self.comparison, 1)
        detail_layout.addWidget(self.hint)
        detail_layout.addLayout(choices)
        detail_layout.addLayout(actions)
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(self.empty_label)
        self.detail_stack.addWidget(detail)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("duplicates_splitter")
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setSizes([220, 520])
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.undo_button)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        self.retranslate_ui(self.i18n)
        self._update_actions()

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        services = self.services
        load_names = self._names is None

        def work(_progress):
            names = (services.reference.regions(), services.reference.countries()) if load_names else None
            return services.duplicates.open_pairs(), names

        self.ctx.jobs.run(work, on_success=self._on_loaded)

    def _on_loaded(self, result) -> None:
        rows, names = result
        if names is not None:
            self._names = names
        keep = self.pair.id if self.pair is not None else None
        self.model.set_rows(rows)
        self._show_title()
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self._request_pair(self.model.pair_id(row))
        else:
            self.pair, self._requested = None, None
            self._show_pair()

    def _on_list_current_row_changed(self, current, _previous) -> None:
        pair_id = self.model.pair_id(current.row()) if current.isValid() else None
        if pair_id is not None:
            self._request_pair(pair_id)

    def _request_pair(self, pair_id: int | None) -> None:
        if pair_id is None or (pair_id == self._requested and self.pair is not None and self.pair.id == pair_id):
            return
        self._requested = pair_id
        duplicates = self.services.duplicates

        def loaded(pair) -> None:
            if pair.id == self._requested:  # the worker may have moved on to another pair meanwhile
                self.pair = pair
                self._show_pair()

        self.ctx.jobs.run(lambda _p: duplicates.pair(pair_id), on_success=loaded, on_failure=self._on_failed)

    # --- showing ------------------------------------------------------------------------------
    def _show_title(self) -> None:
        count = self.model.rowCount()
        self.title.setText(self.i18n.ngettext("{count} pair to review", "{count} pairs to review", count).format(
            count=self.i18n.format_number(count)))

    def _show_pair(self) -> None:
        self.detail_stack.setCurrentIndex(1 if self.pair is not None else 0)
        self._update_actions()
        if self.pair is None:
            return
        _ = self.i18n.gettext
        self.comparison.setHorizontalHeaderLabels([
            self.i18n.format("Case {case_number}", case_number=self.pair.a.case_number),
            self.i18n.format("Case {case_number}", case_number=self.pair.b.case_number)])
        self.comparison.setVerticalHeaderLabels([self._row_label(key, label) for key, label in ROWS])
        values_a, values_b = self._values(self.pair.a), self._values(self.pair.b)
        shared = shared_identifiers(side_facts(self.pair.a), side_facts(self.pair.b))
        notes: dict[str, list[str]] = {}
        for identifier in shared:
            notes.setdefault(IDENTIFIER_ROWS[identifier.kind], []).append(
                self.i18n.format(IDENTIFIER_TEXT[identifier.kind], value=identifier.value))
        for row, (key, _label) in enumerate(ROWS):
            differs = values_a[key] != values_b[key]
            for column, values in enumerate((values_a, values_b)):
                item = QTableWidgetItem(values[key])
                if key in notes:
                    item.setBackground(QBrush(SAME_IDENTIFIER))
                    item.setToolTip("\n".join(notes[key]))
                elif differs:
                    item.setBackground(QBrush(DIFFERENT))
                    item.setToolTip(_("Differs between the two records"))
                self.comparison.setItem(row, column, item)
        lines = [line for key in ("iin", "documents", "phone") for line in notes.get(key, ())]
        self.identical_label.setText("\n".join(lines))
        self.identical_label.setVisible(bool(lines))

    def _row_label(self, key: str, label: str) -> str:
        if key == "full_name":
            return self.i18n.pgettext("person", "Name")
        return self.i18n.gettext(label)

    def _values(self, side) -> dict[str, str]:
        tr, p = self.i18n, side.person
        _ = tr.gettext
        language = tr.language
        regions = {r.code: r.name(language) for r in self._names[0]} if self._names else {}
        countries = {c.code: c.name(language) for c in self._names[1]} if self._names else {}
        documents = [f"{_(DocumentKind.LABELS.get(d.kind, d.kind))} {d.number}"
                     + (" — " + tr.format("valid until {date}", date=tr.format_date(d.expiry_date))
                        if d.expiry_date else "") for d in p.documents]
        statuses = [tr.format("{certificate} granted {granted}, valid until {valid_until}",
                              certificate=s.certificate_number or "—", granted=tr.format_date(s.granted_on),
                              valid_until=tr.format_date(s.valid_until)) if s.granted_on
                    else tr.format("applied {date}", date=tr.format_date(s.applied_on)) for s in p.statuses]
        return {"full_name": p.full_name, "latin_name": p.latin_name, "birth_date": tr.format_date(p.birth_date),
                "sex": _(SEX_LABELS[p.sex]) if p.sex in SEX_LABELS else "", "iin": p.iin or "",
                "relation": _(Relation.LABELS.get(p.relation, p.relation)),
                "citizenship": countries.get(p.citizenship_code or "", p.citizenship_code or ""),
                "education": _(EducationLevel.LABELS[p.education_level]) if p.education_level in
                EducationLevel.LABELS else "", "case": side.case_number,
                "stage": _(Stage.LABELS.get(side.stage, side.stage)),
                "region": regions.get(side.region_code or "", side.region_code or ""),
                "country": countries.get(side.origin_country_code or "", side.origin_country_code or ""),
                "arrival": tr.format_date(side.arrival_date), "address": side.address, "phone": side.phone,
                "members": "\n".join(side.other_members), "documents": "\n".join(documents) or "—",
                "statuses": "\n".join(statuses) or "—"}

    def _update_actions(self) -> None:
        actor = self.services.actor
        has_pair = self.pair is not None
        self.merge_button.setEnabled(has_pair and actor.can(Action.DELETE_CASES))
        from gui.widgets.tooltip_texts import TOOLTIPS
        self.merge_button.setToolTip(self.i18n._(TOOLTIPS["merge_button"]) if actor.can(Action.DELETE_CASES) else
                                     self.i18n._("Only a supervisor or an administrator can merge records."))
        self.distinct_button.setEnabled(has_pair and actor.can(Action.EDIT_CASES))
        self.undo_button.setVisible(self.last_merge_id is not None)
        for widget in (self.keep_a, self.keep_b, self.open_a_button, self.open_b_button):
            widget.setEnabled(has_pair)
        self.move_household.setEnabled(has_pair and self.pair.a.family_id != self.pair.b.family_id)

    # --- actions ------------------------------------------------------------------------------
    def confirm(self, text: str) -> bool:
        """Asks the worker; tests answer it by replacing this method."""
        return ask(self, self.i18n, text)

    def merge(self) -> None:
        if self.pair is None:
            return
        kept, other = (self.pair.a, self.pair.b) if self.keep_a.isChecked() else (self.pair.b, self.pair.a)
        household = self.move_household.isChecked() and other.family_id != kept.family_id
        if household:
            question = N_("Keep {kept} (case {kept_case}) and merge {other} (case {other_case}) into it? The second "
                          "record is removed; its documents and statuses, and the whole household of case "
                          "{other_case} with its history, quota and payments, move to the kept case.")
        else:
            question = N_("Keep {kept} (case {kept_case}) and merge {other} (case {other_case}) into it? The second "
                          "record is removed and its documents and statuses move to the kept person; the rest of "
                          "case {other_case} stays as it is.")
        if not self.confirm(self.i18n.format(question, kept=kept.person.full_name, kept_case=kept.case_number,
                                             other=other.person.full_name, other_case=other.case_number)):
            return
        pair, duplicates = self.pair, self.services.duplicates
        versions = {pair.a.person.id: pair.a.person.version, pair.b.person.id: pair.b.person.version}
        self.ctx.jobs.run(lambda _p: duplicates.merge(pair.id, kept.person.id, versions, household), write=True, initiator=self,
                          label=self.i18n._("Merging…"), parent_widget=self,
                          on_success=self._on_merged, on_failure=self._on_failed)

    def _on_merged(self, result) -> None:
        self.last_merge_id = result.merge_id
        self._on_done()

    def undo_merge(self) -> None:
        merge_id, duplicates = self.last_merge_id, self.services.duplicates
        if merge_id is None or not self.confirm(self.i18n._(
                "Undo the last merge? The removed record, and its case if it was closed, come back with "
                "everything the merge moved.")):
            return

        def undone(_changes) -> None:
            self.last_merge_id = None
            self._on_done()

        self.ctx.jobs.run(lambda _p: duplicates.undo_merge(merge_id), write=True, parent_widget=self, initiator=self,
                          on_success=undone, on_failure=self._on_failed)

    def mark_distinct(self) -> None:
        if self.pair is None:
            return
        pair_id, duplicates = self.pair.id, self.services.duplicates
        self.ctx.jobs.run(lambda _p: duplicates.mark_distinct(pair_id), write=True, initiator=self,
                          on_success=lambda _changes: self._on_done(), on_failure=self._on_failed)

    def _on_done(self) -> None:
        self.pair, self._requested = None, None
        self.refresh()

    def _on_failed(self, error) -> None:
        show_error(self, error, self.i18n, on_reload=self.refresh)

    def _open_side(self, side: str) -> None:
        if self.pair is not None and self.ctx.window is not None:
            self.ctx.window.open_family(getattr(self.pair, side).family_id)

    # --- state and language ---------------------------------------------------------------------
    def save_state(self, settings) -> None:
        settings.set(keys.DUPLICATES_SPLITTER, bytes(self.splitter.saveState().data()))

    def restore_state(self, settings) -> None:
        state = settings.get(keys.DUPLICATES_SPLITTER)
        if state:
            from PySide6.QtCore import QByteArray
            self.splitter.restoreState(QByteArray(state))

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and (changes.persons or changes.families) and self.isVisible():
            self.refresh()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.model.retranslate(translator)
        self._show_title()
        self.empty_label.setText(_("No possible duplicates are waiting for review."))
        self.list_empty.update()
        self.keep_a.setText(_("Keep the left record"))
        self.keep_b.setText(_("Keep the right record"))
        self.merge_button.setText(_("Merge"))
        self.undo_button.setText(_("Undo the last merge"))
        self.distinct_button.setText(_("Mark as distinct"))
        self.open_a_button.setText(_("Open left case"))
        self.open_b_button.setText(_("Open right case"))
        self.move_household.setText(_("Also move the other household"))
        self.move_household.setToolTip(_("The other case's family members, history, quota inclusions and payments "
                                         "move to the kept case and the other case is closed."))
        self.hint.setText(_("Yellow lines differ; green lines hold an identifier both records share. Merging keeps the chosen record and moves the other's "
                            "documents and statuses to it; the other household stays a case of its own unless "
                            "you move it too."))
        self._show_pair()
        self._update_actions()


def _create(ctx) -> DuplicatesView:
    return DuplicatesView(ctx)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("duplicates", N_("Duplicates"), _create, order=80, action=Action.VIEW_CASES))


_register()

"""The one person form: the new-family dialog and the family card's member dialog both use it.

It checks a person with the domain's own rules (``validate_person_fields``) as the worker
types; a valid IIN fills the birth date and sex, and clearing the IIN (or making it invalid)
clears what it filled, unless the worker changed it since. Required-field messages wait until
a field was left or a save was tried, so a fresh form is not all red.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from domain.errors import FieldProblem, ValidationError
from domain.families import EducationLevel, Relation, validate_person_fields
from domain.field_labels import CODE_LABELS, FIELD_LABELS
from domain.iin import Iin, Sex, clean
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.inline_errors import FieldRow
from i18n import Translator

PERSON_FIELDS = ("surname", "given_name", "patronymic", "latin_name", "relation", "birth_date", "sex", "iin",
                 "citizenship_code", "education_level")
SEX_LABELS = CODE_LABELS["sex"]
REQUIRED = ("surname", "given_name")


def empty_person(relation: str = Relation.HEAD) -> dict[str, Any]:
    return {"surname": "", "given_name": "", "patronymic": "", "latin_name": "", "relation": relation,
            "birth_date": None, "sex": None, "iin": "", "citizenship_code": None, "education_level": None,
            "profession": ""}


def person_problems(data: dict, today: dt.date) -> dict[str, tuple[str, str, dict]]:
    """field → (state, msgid, params) from the domain's rules for one person."""
    found: dict[str, tuple[str, str, dict]] = {}
    try:
        _iin, warnings = validate_person_fields(
            surname=data["surname"], given_name=data["given_name"], birth_date=data["birth_date"],
            sex=data["sex"], iin=data["iin"], relation=data["relation"], today=today)
    except ValidationError as error:
        for problem in error.problems:
            found.setdefault(problem.field, ("error", problem.message, problem.params))
    else:
        for warning in warnings:
            found.setdefault(warning.field, ("warning", warning.message, warning.params))
    return found


def _as_date(value: Any) -> Any:
    """ISO dates in warning params become dates, so the translator writes them the local way."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class PersonForm(QWidget):
    """One person's fields (``with_profession`` adds the profession, kept on the card); ``changed`` fires on every edit, ``values()`` reads them back."""

    changed = Signal(str)  # the field edited

    def __init__(self, translator: Translator, today: dt.date, parent=None, with_profession: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("member_editor")
        self.fields = PERSON_FIELDS + (("profession",) if with_profession else ())
        self.i18n = translator
        self.today = today
        self._loading = False
        self._countries: list = []
        self.surname = QLineEdit(self)
        self.given_name = QLineEdit(self)
        self.patronymic = QLineEdit(self)
        self.latin_name = QLineEdit(self)
        self.relation = QComboBox(self)
        self.birth_date = OptionalDateEdit(self, maximum=today)
        self.sex = QComboBox(self)
        self.iin = QLineEdit(self)
        self.iin.setMaxLength(15)
        self.iin.setInputMask("")
        self.citizenship_code = QComboBox(self)
        self.education_level = QComboBox(self)
        self.profession = QLineEdit(self)
        self.profession.setVisible(with_profession)
        self._filled_from_iin: tuple[dt.date | None, str] | None = None
        self._country_names: dict[str, str] | None = None
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            editor = getattr(self, field)
            row = FieldRow(field, editor, self)
            label = QLabel(self)
            label.setBuddy(editor)
            self.rows[field], self.labels[field] = row, label
            form.addRow(label, row)
        for field in ("surname", "given_name", "patronymic", "latin_name", "iin", "profession"):
            getattr(self, field).textEdited.connect(lambda _text, f=field: self._emit(f))
            getattr(self, field).editingFinished.connect(lambda f=field: self._left(f))
        for field in ("relation", "sex", "citizenship_code", "education_level"):
            getattr(self, field).currentIndexChanged.connect(lambda _i, f=field: self._emit(f))
        self.birth_date.value_changed.connect(lambda _v: self._emit("birth_date"))
        self.touched: set[str] = set()
        self.retranslate_ui(translator)

    def set_countries(self, countries: list) -> None:
        self._countries = list(countries)
        self._fill_countries(self.citizenship_code.currentData())

    def set_country_names(self, names: dict[str, str]) -> None:
        """Countries already named in the window's language (the card's reference data)."""
        self._country_names = dict(names)
        self._fill_countries(self.citizenship_code.currentData())

    def _fill_countries(self, selected) -> None:
        was, self._loading = self._loading, True
        language = self.i18n.language
        self.citizenship_code.clear()
        self.citizenship_code.addItem("—", None)
        named = (self._country_names.items() if self._country_names is not None
                 else ((c.code, c.name(language)) for c in self._countries))
        for code, name in sorted(named, key=lambda i: i[1]):
            self.citizenship_code.addItem(name, code)
        self.citizenship_code.setCurrentIndex(max(0, self.citizenship_code.findData(selected)))
        self._loading = was

    def _emit(self, field: str) -> None:
        if self._loading:
            return
        if field == "iin":
            self._fill_from_iin()
        self.changed.emit(field)

    def _left(self, field: str) -> None:
        if not self._loading and field not in self.touched:
            self.touched.add(field)
            self.changed.emit(field)

    def _fill_from_iin(self) -> None:
        """A valid IIN carries the birth date and sex: fill them in. When the IIN is cleared or
        no longer valid, what it filled in (and the worker did not change since) is cleared too."""
        digits = clean(self.iin.text())
        if len(digits) == 12:
            self.touched.add("iin")
        try:
            iin = Iin.parse(digits) if len(digits) == 12 else None
        except ValidationError:
            iin = None
        filled = self._filled_from_iin
        self._loading = True
        try:
            if iin is None:
                if filled is not None:
                    birth_date, sex = filled
                    if self.birth_date.value() == birth_date:
                        self.birth_date.set_value(None)
                    if self.sex.currentData() == sex:
                        self.sex.setCurrentIndex(max(0, self.sex.findData(None)))
                self._filled_from_iin = None
                return
            birth_date = iin.birth_date if iin.birth_date <= self.today else None
            if birth_date is not None:
                self.birth_date.set_value(birth_date)
            self.sex.setCurrentIndex(max(0, self.sex.findData(iin.sex)))
            self._filled_from_iin = (birth_date, iin.sex)
        finally:
            self._loading = False

    def load(self, data: dict) -> None:
        self._loading = True
        try:
            for field in ("surname", "given_name", "patronymic", "latin_name", "iin", "profession"):
                getattr(self, field).setText(data.get(field) or "")
            self._filled_from_iin = None  # only what this form filled follows the IIN
            self.birth_date.set_value(data["birth_date"])
            for field in ("relation", "sex", "citizenship_code", "education_level"):
                combo = getattr(self, field)
                combo.setCurrentIndex(max(0, combo.findData(data[field])))
        finally:
            self._loading = False

    def values(self) -> dict:
        return {"surname": self.surname.text(), "given_name": self.given_name.text(),
                "patronymic": self.patronymic.text(), "latin_name": self.latin_name.text(),
                "relation": self.relation.currentData() or Relation.OTHER, "birth_date": self.birth_date.value(),
                "sex": self.sex.currentData(), "iin": self.iin.text().strip(),
                "citizenship_code": self.citizenship_code.currentData(),
                "education_level": self.education_level.currentData(), "profession": self.profession.text()}

    def show_problems(self, problems: dict[str, tuple[str, str, dict]], show_all: bool = False) -> None:
        """Put each problem under its field; untouched empty fields stay quiet unless ``show_all``."""
        for field, row in self.rows.items():
            problem = problems.get(field)
            if problem is None or (not show_all and field not in self.touched and problem[0] == "error"):
                row.clear()
                continue
            state, message, params = problem
            text = self.i18n.error(FieldProblem(field, message, {k: _as_date(v) for k, v in params.items()}))
            row.set_error(text) if state == "error" else row.set_warning(text)

    def focus_field(self, field: str) -> None:
        editor = getattr(self, field, None)
        if isinstance(editor, QWidget):
            editor.setFocus()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        for field, label in self.labels.items():
            label.setText(_(FIELD_LABELS[field]) + (" *" if field in REQUIRED else ""))
        self.iin.setPlaceholderText(_("12 digits; can be added later"))
        self.latin_name.setPlaceholderText(_("As in the passport"))
        was, self._loading = self._loading, True
        for combo, items in ((self.relation, [(r, _(Relation.LABELS[r])) for r in Relation.ALL]),
                             (self.sex, [(None, "—")] + [(s, _(SEX_LABELS[s])) for s in Sex.ALL]),
                             (self.education_level, [(None, "—")] + [(e, _(EducationLevel.LABELS[e]))
                                                                     for e in EducationLevel.ALL])):
            selected = combo.currentData()
            combo.clear()
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(selected)))
        self._loading = was
        self._fill_countries(self.citizenship_code.currentData())

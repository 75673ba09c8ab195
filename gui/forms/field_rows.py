"""The field part of every form: labelled rows of inputs, the required marks and their check.

A dialog (``FormDialogBase``) and a form that sits on a screen (the centre's details) both keep
their fields with this mixin, so a label, a «*» and an empty-field refusal look the same in both.
Labels come from ``domain.field_labels`` unless a form names its own msgid.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from domain.errors import FieldProblem
from domain.field_labels import FIELD_LABELS
from domain.required import missing_fields
from gui.forms.inline_errors import FieldRow
from gui.forms.values import widget_value
from i18n import Translator


class FieldRows:
    """Mixed into a QWidget: ``init_field_rows`` once, then ``add_field`` for each input."""

    label_suffix = ""  # ":" on a form whose captions have always ended with one

    def init_field_rows(self) -> QFormLayout:
        self.rows: dict[str, FieldRow] = {}
        self.inputs: dict[str, QWidget] = {}
        self.required: list[str] = []
        self._labels: dict[str, tuple[QLabel, str, str]] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return self.form

    def add_field(self, key: str, widget: QWidget, label: str = "", required: bool = False,
                  context: str = "") -> Any:
        """A row: the label (``label`` msgid, else the field's label; ``context``: its message context
        where the word means something else elsewhere), the input and its error line."""
        owner = self if isinstance(self, QWidget) else None
        row = FieldRow(key, widget, owner)
        caption = QLabel(owner)
        caption.setBuddy(widget)
        self.rows[key], self.inputs[key] = row, widget
        self._labels[key] = (caption, label or FIELD_LABELS.get(key, key), context)
        if required:
            self.required.append(key)
        self.form.addRow(caption, row)
        return widget

    def caption(self, key: str) -> QLabel:
        return self._labels[key][0]

    def field_values(self) -> dict[str, Any]:
        return {key: widget_value(widget) for key, widget in self.inputs.items()}

    def retranslate_fields(self, translator: Translator) -> None:
        _ = translator.gettext
        for key, (caption, msgid, context) in self._labels.items():
            text = translator.pgettext(context, msgid) if context else _(msgid)
            caption.setText(text + self.label_suffix + (" *" if key in self.required else ""))

    def missing_required(self) -> list[FieldProblem]:
        """The required fields left empty, in the form's reading order."""
        return missing_fields(self.field_values(), self.required)

"""How a registry row matched the search: highlighted words, a spelling-variant mark, filter chips.

Kept apart from the table model and the view so that the registry's columns and filters can grow
without touching this. The match itself is decided in the domain (``domain.search.match_spans``
for the words of the shown name, ``MatchKind`` from the service for the row); this only paints it.

* ``MatchDelegate`` paints the name column with the matching words in bold, words matched only
  under another spelling (or one letter off) underlined with a dotted line and the row marked «≈»
  (near spelling: «≈?»); its tooltip says how the row matched (a member other than the head, when
  no word of the head's name matches).
* ``FilterChips`` shows each kept filter as a button that removes it, so a filter kept from an
  earlier session is never invisible.
"""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QModelIndex, QRectF, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolButton, \
    QToolTip, QWidget

from domain.messages import N_
from domain.search import MatchKind, match_spans
from i18n import Translator

VARIANT_MARK = "≈"
NEAR_MARK = "≈?"  # a near spelling: maybe the same name with a typo, maybe another name
MARKS = {MatchKind.VARIANT: VARIANT_MARK, MatchKind.NEAR: NEAR_MARK}
HOW = {MatchKind.EXACT: N_("Found: the same name or IIN"),
       MatchKind.PREFIX: N_("Found: the words typed start this name, IIN or case number"),
       MatchKind.VARIANT: N_("Found under another spelling of the name (as in another country's passport)"),
       MatchKind.NEAR: N_("Found by a near spelling: one letter of the name differs from what was typed")}
OTHER_MEMBER = N_("The match is another member of this family.")


class SearchMarks:
    """What the current search typed and how each family of its first page matched."""

    def __init__(self) -> None:
        self.typed = ""
        self.kinds: dict[int, int] = {}

    def set(self, typed: str, kinds: dict[int, int]) -> None:
        self.typed, self.kinds = typed, dict(kinds)

    def kind(self, family_id: int | None) -> int | None:
        if not self.typed or family_id is None:
            return None
        return self.kinds.get(family_id)


def marked_html(name: str, spans: list[tuple[int, int, int]], kind: int | None) -> str:
    """The name as rich text: matching words bold, words matched only under another or a near
    spelling dotted, «≈» before a variant row and «≈?» before a near one."""
    out, last = [], 0
    for start, end, how in spans:
        out.append(html.escape(name[last:start]))
        word = html.escape(name[start:end])
        style = "text-decoration: underline dotted;" if how in MARKS else ""
        out.append(f'<b style="{style}">{word}</b>' if style else f"<b>{word}</b>")
        last = end
    out.append(html.escape(name[last:]))
    prefix = f"{MARKS[kind]} " if kind in MARKS else ""
    return prefix + "".join(out)


class MatchDelegate(QStyledItemDelegate):
    """Paints the head's name with the search's matching words marked (see module docstring)."""

    def __init__(self, marks: SearchMarks, family_id_of, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.marks, self.family_id_of, self.i18n = marks, family_id_of, translator

    def _spans(self, index: QModelIndex) -> tuple[str, list, int | None]:
        name = index.data() or ""
        kind = self.marks.kind(self.family_id_of(index.row()))
        spans = match_spans(self.marks.typed, name) if self.marks.typed else []
        return name, spans, kind

    def paint(self, painter, option, index) -> None:  # noqa: D102 - Qt API
        name, spans, kind = self._spans(index)
        if not spans and kind not in MARKS:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = QTextDocument()
        document.setDefaultFont(options.font)
        document.setDocumentMargin(0)
        document.setHtml(marked_html(name, spans, kind))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        text_rect = option.rect.adjusted(4, 0, -4, 0)
        painter.translate(text_rect.left(), text_rect.top() + (text_rect.height() - document.size().height()) / 2)
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def tooltip(self, index: QModelIndex) -> str:
        """How this row matched, in the current language ('' when nothing was searched)."""
        name, spans, kind = self._spans(index)
        if kind is None:
            return name
        _ = self.i18n.gettext
        text = _(HOW[kind])
        if not spans:
            text += "\n" + _(OTHER_MEMBER)
        return f"{name}\n{text}" if name else text

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt API
        if event is not None and index.isValid():
            QToolTip.showText(event.globalPos(), self.tooltip(index), view)
            return True
        return super().helpEvent(event, view, option, index)


class FilterChips(QWidget):
    """One removable button per kept filter: «Region: Abai ✕» clears that filter."""

    cleared = Signal(str)  # the filter field to clear

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_chips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.chips: dict[str, QToolButton] = {}

    def set_chips(self, chips: list[tuple[str, str]], remove_tip: str) -> None:
        """``chips``: (field, shown text) of each filter kept."""
        for button in self.chips.values():
            button.deleteLater()
        self.chips = {}
        for position, (field, text) in enumerate(chips):
            button = QToolButton(self)
            button.setObjectName(f"chip_{field}")
            button.setText(f"{text}  ✕")
            button.setToolTip(remove_tip)
            button.setAutoRaise(False)
            button.clicked.connect(lambda _checked=False, field=field: self.cleared.emit(field))
            self._layout.insertWidget(position, button)
            self.chips[field] = button
        self.setVisible(bool(chips))


def chip_texts(filter_bar, translator: Translator) -> list[tuple[str, str]]:
    """(field, «Label: value») of each filter the filter bar holds, as the bar shows them."""
    _ = translator.gettext
    combos = (("stage", N_("Stage"), filter_bar.stage_combo), ("status", N_("Kandas status"), filter_bar.status_combo),
              ("region_code", N_("Region"), filter_bar.region_combo),
              ("origin_country_code", N_("Country of origin"), filter_bar.country_combo),
              ("responsible_user_id", N_("Responsible worker"), filter_bar.worker_combo))
    values = filter_bar.values()
    chips = []
    for field, label, combo in combos:
        if values.get(field):
            index = combo.findData(values[field])
            shown = combo.itemText(index) if index >= 0 else str(values[field])
            chips.append((field, f"{_(label)}: {shown}"))
    for field, label in (("arrived_from", N_("Arrived from")), ("arrived_to", N_("Arrived until"))):
        if values.get(field):
            chips.append((field, f"{_(label)}: {translator.format_date(dt.date.fromisoformat(values[field]))}"))
    known = {field for field, _label, _combo in combos} | {"arrived_from", "arrived_to"}
    chips += [(field, f"{field}: {value}") for field, value in values.items() if value and field not in known]
    return chips


def clear_one(filter_bar, field: str) -> None:
    """Remove one kept filter (the bar then asks for a new search)."""
    filter_bar.set_values({**filter_bar.values(), field: None})


def hidden_text(translator: Translator, labels: list[str]) -> str:
    """What «0 families» adds when kept filters hide the families the text would find."""
    joined = ", ".join(labels)
    return translator.ngettext("hidden by the filter {filters}", "hidden by the filters {filters}",
                               len(labels)).format(filters=joined)

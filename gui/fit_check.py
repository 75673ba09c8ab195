"""What a screen cuts: every visible caption that does not get the width its text needs, and
every part of a screen that lies beyond the window's edge.

It measures what Qt really lays out, so it is run in a process started with the scale factor
under test (QT_SCALE_FACTOR is read once per process): ``python -m gui.fit_check``. Data cells of
tables are not captions: a long name in a cell may end in "…" (its tooltip holds the whole text);
the headings above them may not.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QComboBox, QGroupBox, QHeaderView,
                               QLabel, QStyle, QStyleOptionComboBox, QTabBar, QWidget)

SLACK = 1  # px: rounding of text widths at a fractional scale


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisible() and widget.isVisibleTo(root) and widget.width() > 0


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_problem(label: QLabel) -> str | None:
    from gui.widgets.elided_label import ElidedLabel
    if isinstance(label, ElidedLabel):
        text = label.text()
        if text and label.shown_text() != text:
            return f"label {_name(label)} {text!r} is elided"
        return None
    text = label.text()
    if not text or label.wordWrap() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if "<" in text and label.textFormat() != label.textFormat().PlainText:
        return None  # rich text lays itself out
    needed = max(label.fontMetrics().horizontalAdvance(line) for line in _plain(text).splitlines() or [""])
    room = label.contentsRect().width() - 2 * max(label.margin(), 0) - max(label.indent(), 0)
    if needed > room + SLACK:
        return f"label {_name(label)} {text!r} needs {needed} px, has {room}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if type(button).__name__ == "QAbstractButton":
        return None  # the corner button of a table
    if not button.text() and button.icon().isNull():
        return None
    if button.width() < button.sizeHint().width() - SLACK:
        return (f"button {_name(button)} {_plain(button.text())!r} is {button.width()} px wide, "
                f"its caption needs {button.sizeHint().width()}")
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    if combo.isEditable() or not combo.currentText():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
    if not option.currentIcon.isNull():
        needed += combo.iconSize().width() + 4
    if needed > field.width() + SLACK:
        return f"choice {_name(combo)} {combo.currentText()!r} needs {needed} px, has {field.width()}"
    return None


def _header_problems(header: QHeaderView) -> list[str]:
    from PySide6.QtCore import Qt

    from gui.widgets.width_fit import heading_lines, heading_width
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    lines = heading_lines(header)
    problems = []
    for column in range(header.count()):
        text = model.headerData(column, header.orientation())
        if header.isSectionHidden(column) or not text:
            continue
        needed, size = heading_width(header, column, lines), header.sectionSize(column)
        if needed > size + SLACK and not _gave_way(model, column):
            problems.append(f"heading {_name(header.parentWidget() or header)}[{column}] {str(text)!r} "
                            f"needs {needed} px, has {size}")
    return problems


def _gave_way(model, column: int) -> bool:
    """An empty column may give its heading's room to a column of long names (``width_fit``):
    its heading is cut, the whole of it in the heading's tooltip."""
    from PySide6.QtCore import Qt
    tooltip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    if not tooltip or model.rowCount() == 0:
        return False
    return all(not str(model.index(row, column).data() or "").strip() for row in range(min(model.rowCount(), 200)))


def _tab_problems(bar: QTabBar) -> list[str]:
    problems = []
    total = sum(bar.tabSizeHint(i).width() for i in range(bar.count()) if bar.isTabVisible(i))
    if bar.count() and total > bar.width() + SLACK and bar.usesScrollButtons():
        problems.append(f"tabs {_name(bar.parentWidget() or bar)} need {total} px, have {bar.width()}: "
                        "some are behind scroll arrows")
    for index in range(bar.count()):
        if bar.isTabVisible(index) and bar.tabRect(index).width() < bar.tabSizeHint(index).width() - SLACK:
            problems.append(f"tab {_plain(bar.tabText(index))!r} is cut")
    return problems


def _group_problem(group: QGroupBox) -> str | None:
    title = _plain(group.title())
    if not title:
        return None
    needed = group.fontMetrics().horizontalAdvance(title) + 16  # the frame's indent and a check box's room
    if needed > group.width() + SLACK:
        return f"group {_name(group)} {title!r} needs {needed} px, has {group.width()}"
    return None


def _beyond_edge(widget: QWidget, window: QWidget) -> str | None:
    right = widget.mapTo(window, widget.rect().topRight()).x()
    if right > window.width() + SLACK:
        return f"{_name(widget)} reaches {right} px, beyond the window's {window.width()}"
    return None


def cut_texts(root: QWidget, window: QWidget | None = None) -> list[str]:
    """Every visible caption under ``root`` that is cut, and every part beyond ``window``'s edge."""
    window = window or root.window()
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = _combo_problem(widget)
        elif isinstance(widget, QGroupBox):
            problem = _group_problem(widget)
        elif isinstance(widget, QHeaderView):
            problems += _header_problems(widget)
        elif isinstance(widget, QTabBar):
            problems += _tab_problems(widget)
        if isinstance(widget, QAbstractScrollArea) and widget.horizontalScrollBar().isVisible():
            problems.append(f"{_name(widget)} scrolls sideways: some of its columns are off-screen")
        if problem:
            problems.append(problem)
        if widget is not window and widget.parentWidget() is not None:
            problems += filter(None, [_beyond_edge(widget, window)])
    return problems


def _settle(window) -> None:
    """Let the jobs deliver and the fitters run (they wait for the event that brought the rows)."""
    from PySide6.QtWidgets import QApplication

    from gui.screenshots import wait_for_jobs
    for _round in range(3):
        QApplication.processEvents()
        wait_for_jobs(window)


def check_window(window, sizes, card_sizes=None) -> list[str]:
    """Lay ``window`` (a MainWindow) out at each screen size of ``sizes`` (physical pixels, turned
    into the window's own at the current scale), show every main screen and every group of the
    first family's card, and list what each cuts."""
    from gui.screenshots import logical_size
    problems: list[str] = []
    for physical in sizes:
        width, height = logical_size(physical)
        tag = f"{physical[0]}x{physical[1]}"
        window.resize(width, height)
        for row, (key, page) in enumerate(window.screens):
            window.navigation.setCurrentRow(row)
            _settle(window)
            if window.width() > width + SLACK:
                problems.append(f"{tag} {key}: the window grew to {window.width()} px")
            problems += [f"{tag} {key}: {problem}" for problem in cut_texts(page, window)]
        problems += [f"{tag} {key}: {problem}" for problem in cut_texts(window.navigation, window)]
    problems += _check_card(window, card_sizes or sizes)
    return problems


def _check_card(window, sizes) -> list[str]:
    from gui.screenshots import _ready, logical_size
    registry = window.registry
    if registry is None or registry.model.rowCount() == 0:
        return ["registry: no family to open a card of"]
    card = window.open_family(registry.model.family_id(0))
    _ready(window, 150)
    problems: list[str] = []
    for physical in sizes:
        tag = f"{physical[0]}x{physical[1]}"
        card.resize(*logical_size(physical))
        for index in range(card.tabs.count()):
            card.tabs.setCurrentIndex(index)
            _settle(window)
            group = card.tabs.widget(index).objectName() or f"tab{index + 1}"
            problems += [f"{tag} card {group}: {problem}" for problem in cut_texts(card, card)]
    card.close()
    return problems


def main(argv=None) -> int:
    """``python -m gui.fit_check DB --lang kk --scale 1.25 --size 1366x768 --size 1280x800``:
    print every cut caption and off-screen part, one a line; exit 1 when there is any."""
    import argparse
    import os
    import tempfile
    parser = argparse.ArgumentParser(prog="python -m gui.fit_check")
    parser.add_argument("db")
    parser.add_argument("--lang", default="kk")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--size", action="append", default=[])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # before the application exists: read once
    from gui.admin.sign_in import sign_in
    from gui.app import apply_language, ensure_application
    from gui.main_window import MainWindow
    from gui.screenshots import _ready, parse_size
    from gui.settings import UiSettings
    from i18n import Translator
    from services import AppServices
    from services.database import prepare_database
    app = ensure_application()
    translator = Translator(args.lang)
    apply_language(app, translator)
    engine, _ = prepare_database(args.db)
    services = sign_in(AppServices(engine), translator, screenshot=True)
    sizes = [parse_size(size) for size in args.size] or [(1366, 768), (1280, 800)]
    with tempfile.TemporaryDirectory() as config:
        window = MainWindow(services, translator, database_label="fit", settings=UiSettings(config))
        window.show()
        _ready(window, 200)
        problems = check_window(window, sizes)
        window.settings.clear()
        window.close()
    engine.dispose()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

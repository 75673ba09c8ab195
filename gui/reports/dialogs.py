"""The prompts of the Reports screen in one place, so tests replace them without opening dialogs."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.dialogs import ask


class ReportDialogs:
    def save_path(self, parent: QWidget, caption: str, suggested: str, file_filter: str) -> str | None:
        path, _chosen = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
        return path or None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        """``title`` names the action on the Yes button; the parent screen's language is used."""
        return ask(parent, parent.i18n, text, yes_text=title)

    def open_file(self, path: str) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def print_pages(self, parent: QWidget, pages: list[str], title: str) -> bool:
        """Print page images through the system print dialog; False when the user cancels."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        print_images(printer, pages)
        return True


def print_images(printer, pages: list[str]) -> None:
    """Draw each page image on its own sheet, scaled to the printable area, keeping proportions."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QImage, QPainter
    painter = QPainter(printer)
    try:
        for index, path in enumerate(pages):
            if index:
                printer.newPage()
            image = QImage(path)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(area.x(), area.y(), size.width(), size.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
    finally:
        painter.end()

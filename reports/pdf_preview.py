"""Page images of a PDF for the print preview and for printing (no Qt here).

QtPdf is not part of PySide6-Essentials, so pages are rendered with PDFium
(``pypdfium2``, a wheel with the library inside, works on office PCs) or, where it is
missing, with poppler's ``pdftoppm``. Both give PNG files the window shows and prints.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from domain.errors import RuleViolation
from domain.messages import N_


def backend() -> str | None:
    """Which renderer is available: "pdfium", "pdftoppm" or None."""
    try:
        import pypdfium2  # noqa: F401
        return "pdfium"
    except ImportError:
        pass
    return "pdftoppm" if shutil.which("pdftoppm") else None


def render_pages(pdf: str | Path, folder: str | Path, dpi: int = 110, progress=None) -> list[Path]:
    """Render every page of ``pdf`` to ``folder/page-N.png``; returns the paths in page order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kind = backend()
    if kind == "pdfium":
        import pypdfium2 as pdfium
        document = pdfium.PdfDocument(str(pdf))
        try:
            paths = []
            for index in range(len(document)):
                if progress is not None:
                    progress.step(index, len(document), N_("Preparing the preview"))
                image = document[index].render(scale=dpi / 72).to_pil()
                path = folder / f"page-{index + 1:03d}.png"
                image.save(path)
                paths.append(path)
            return paths
        finally:
            document.close()
    if kind == "pdftoppm":
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True,
                       capture_output=True, timeout=120)
        return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    raise RuleViolation("preview", N_("No PDF renderer is installed for the preview; open the PDF instead."))

"""Approving a month (the report is drawn once more and stored with its figures) and reprinting an
approved month from the stored PDF, byte for byte."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from i18n import Translator
from reports.atomic import atomic_path
from reports.monthly_report import render_monthly_report
from services.reporting_dto import MonthlySummary

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def render_pdf_bytes(summary: MonthlySummary, translator: Translator) -> bytes:
    with tempfile.TemporaryDirectory(prefix="qandas-approve-") as folder:
        path = Path(folder) / "report.pdf"
        render_monthly_report(summary, translator, path)
        return path.read_bytes()


def approve_month(services, month: dt.date, translator: Translator):
    """Approve and freeze ``month`` with its report drawn in ``translator``'s language."""
    return services.closed_months.approve(month, translator.language,
                                          lambda summary: render_pdf_bytes(summary, translator))


def write_stored_pdf(services, stored, path: str | os.PathLike) -> int:
    """Write the approved PDF to ``path`` (atomically) and audit the reprint; returns its pages."""
    with atomic_path(path) as temp:
        Path(temp).write_bytes(stored.pdf)
    pages = pdf_page_count(stored.pdf)
    services.reporting.record_report(stored.month.month, Path(path).name, stored.month.language, pages)
    return pages

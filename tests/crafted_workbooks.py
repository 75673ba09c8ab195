"""Hostile .xlsx files written part by part with ``zipfile`` (never committed as binaries).

``crafted_workbook`` writes the few parts a workbook needs; the sheet's rows come from an
iterable of XML chunks, streamed into the zip, so a test can build a file that inflates to
hundreds of megabytes without holding them in memory.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_row(titles: Iterable[str] = ("Фамилия", "Имя", "ИИН")) -> str:
    return row(1, *(text_cell(f"{chr(65 + i)}1", t) for i, t in enumerate(titles)))


def crafted_workbook(path: Path, rows: Iterable[str], *, shared: Iterable[str] | None = None,
                     compression: int = zipfile.ZIP_DEFLATED, namespace: str = MAIN, prefix: str = "",
                     declare: bool = True) -> Path:
    """A one-sheet workbook; ``rows`` are XML chunks inside ``<sheetData>``, ``shared`` chunks inside
    ``<sst>``. ``prefix`` writes every spreadsheet element as ``prefix:tag``; ``declare=False``
    leaves that prefix undeclared (a broken file)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = (f' xmlns:{prefix}="{namespace}"' if prefix else f' xmlns="{namespace}"') if declare else ""
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook{xmlns} xmlns:r="{REL}">'
                f'<{p}sheets><{p}sheet name="Тізілім" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>')
    workbook_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">'
                     f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
                     + (f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
                        if shared is not None else "") + '</Relationships>')
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">'
                 f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet{xmlns}><{p}sheetData>'.encode())
            _write_chunks(sheet, rows, p)
            sheet.write(f"</{p}sheetData></{p}worksheet>".encode())
        if shared is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(f'<?xml version="1.0" encoding="UTF-8"?><{p}sst{xmlns}>'.encode())
                _write_chunks(strings, shared, p)
                strings.write(f"</{p}sst>".encode())
    return path


def _write_chunks(handle, chunks: Iterable[str], p: str) -> None:
    buffer: list[str] = []
    size = 0
    for chunk in chunks:
        if p:  # put the prefix on every element of the chunk
            chunk = chunk.replace("</", "\x00").replace("<", "<" + p).replace("\x00", "</" + p)
        buffer.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            handle.write("".join(buffer).encode())
            buffer, size = [], 0
    handle.write("".join(buffer).encode())


def cyrillic_name(number: int) -> str:
    """A distinct Cyrillic word for each number (names may not hold digits)."""
    letters = "абвгдежзиклмнопрстуф"
    word = ""
    while True:
        number, digit = divmod(number, len(letters))
        word += letters[digit]
        if not number:
            return "Ом" + word

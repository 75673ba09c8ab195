"""Small .ods, .xls and .xlsb workbooks written byte by byte for the import's tests (never committed).

Each writer takes a list of sheets, a sheet being (name, cells) with cells as (row, column, value)
counted from 0, value a str or a number; an .ods writer also takes rows as raw XML (to use the
«repeated» attributes). Only what python-calamine needs to read the cells is written.
"""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

Cell = tuple[int, int, object]

# --- OpenDocument ---------------------------------------------------------------------------
ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(value: object = None, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{repeated}/>"
    if isinstance(value, str):
        return (f'<table:table-cell office:value-type="string"{repeated}>'
                f"<text:p>{escape(value)}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="float" office:value="{value}"{repeated}>'
            f"<text:p>{value}</text:p></table:table-cell>")


def ods_row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def ods_workbook(path: Path, sheets: list[tuple[str, list[str]]]) -> Path:
    """``sheets``: (name, rows as XML from ``ods_row``)."""
    tables = "".join(f'<table:table table:name="{escape(name)}">{"".join(rows)}</table:table>'
                     for name, rows in sheets)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
            "</office:document-content>"), compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_from_cells(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> Path:
    return ods_workbook(path, [(name, [ods_row(*(ods_cell(v) for v in values)) for values in rows])
                               for name, rows in sheets])


# --- Excel 97-2003: BIFF8 records in an OLE2 compound file ---------------------------------------
def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _biff_cell(row: int, column: int, value: object) -> bytes:
    if isinstance(value, str):
        text = value.encode("utf-16-le")
        return _record(0x0204, struct.pack("<HHHHB", row, column, 15, len(value), 1) + text)  # LABEL
    if value is None:
        return _record(0x0201, struct.pack("<HHH", row, column, 15))  # BLANK
    return _record(0x0203, struct.pack("<HHHd", row, column, 15, float(value)))  # NUMBER


def _xf_records() -> bytes:
    # 16 cell formats, as every BIFF8 writer leaves them; calamine looks a cell's number format up here
    return b"".join(_record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5 if i < 15 else 0x0001,
                                                 0x20, 0, 0, 0, 0, 0, 0x20C0)) for i in range(16))


def biff_workbook_stream(sheets: list[tuple[str, list[Cell]]]) -> bytes:
    def boundsheet(name: str, position: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", position, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    globals_head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + _xf_records()
    bodies = [_bof(0x0010) + b"".join(_biff_cell(r, c, v) for r, c, v in cells) + _record(0x000A)
              for _, cells in sheets]
    position = len(globals_head) + sum(len(boundsheet(name, 0)) for name, _ in sheets) + 4
    sheet_records = b""
    for (name, _), body in zip(sheets, bodies):
        sheet_records += boundsheet(name, position)
        position += len(body)
    return globals_head + sheet_records + _record(0x000A) + b"".join(bodies)


_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole_file(path: Path, stream: bytes, name: str = "Workbook") -> Path:
    """A version-3 compound file holding one stream (padded to 4 096 bytes, past the mini stream)."""
    stream = stream.ljust(4096, b"\0")
    sectors = -(-len(stream) // 512)
    fat_sectors = 1
    while sectors + 1 + fat_sectors > fat_sectors * 128:
        fat_sectors += 1
    assert fat_sectors <= 109, "a test workbook stays small"
    directory_sector = sectors
    fat = [i + 1 for i in range(sectors - 1)] + [_END, _END] + [_FAT] * fat_sectors
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    difat = list(range(sectors + 1, sectors + 1 + fat_sectors)) + [_FREE] * (109 - fat_sectors)
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_sector, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))

    def entry(title: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (title + "\0").encode("utf-16-le") if title else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", _FREE, _FREE, child) + b"\0" * 16 + struct.pack("<I", 0)
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, _END, 0) + entry(name, 2, _FREE, 0, len(stream))
                 + entry("", 0, _FREE, 0, 0) * 2)
    with open(path, "wb") as handle:
        handle.write(header)
        handle.write(stream.ljust(sectors * 512, b"\0"))
        handle.write(directory)
        handle.write(struct.pack(f"<{len(fat)}I", *fat))
    return path


def xls_workbook(path: Path, sheets: list[tuple[str, list[Cell]]]) -> Path:
    return ole_file(path, biff_workbook_stream(sheets))


def rows_to_cells(rows: list[list[object]]) -> list[Cell]:
    return [(r, c, v) for r, values in enumerate(rows) for c, v in enumerate(values) if v is not None]


# --- Excel binary workbook (.xlsb) --------------------------------------------------------------
def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _brt(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb_cell(column: int, value: object) -> bytes:
    if isinstance(value, str):
        return _brt(0x0006, struct.pack("<II", column, 0) + _wide(value))  # BrtCellSt
    if value is None:
        return _brt(0x0001, struct.pack("<II", column, 0))  # BrtCellBlank
    return _brt(0x0005, struct.pack("<IId", column, 0, float(value)))  # BrtCellReal


def xlsb_workbook(path: Path, sheets: list[tuple[str, list[Cell]]],
                  dimension: tuple[int, int, int, int] | None = None) -> Path:
    """``dimension`` (first row, last row, first column, last column) is what each sheet's BrtWsDim
    claims; by default the cells' own bounds."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    book = _brt(0x0083) + _brt(0x008F) + b"".join(
        _brt(0x009C, struct.pack("<II", 0, i + 1) + _wide(f"rId{i + 1}") + _wide(name))
        for i, (name, _) in enumerate(sheets)) + _brt(0x0090) + _brt(0x0084)
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.bin"/>'
                   for i in range(len(sheets)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            "</Types>"))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.bin"/></Relationships>'))
        archive.writestr("xl/workbook.bin", book)
        archive.writestr("xl/_rels/workbook.bin.rels",
                         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">{rels}'
                         "</Relationships>")
        for index, (_, cells) in enumerate(sheets):
            bounds = dimension or (min((r for r, _, _ in cells), default=0), max((r for r, _, _ in cells), default=0),
                                   min((c for _, c, _ in cells), default=0), max((c for _, c, _ in cells), default=0))
            body = bytearray(_brt(0x0081) + _brt(0x0094, struct.pack("<IIII", *bounds)) + _brt(0x0091))
            by_row: dict[int, list[tuple[int, object]]] = {}
            for r, c, v in cells:
                by_row.setdefault(r, []).append((c, v))
            for r in sorted(by_row):
                body += _brt(0x0000, struct.pack("<IIHHBBB", r, 0, 300, 0, 0, 0, 0))
                for c, v in sorted(by_row[r], key=lambda item: item[0]):
                    body += _xlsb_cell(c, v)
            body += _brt(0x0092) + _brt(0x0082)
            archive.writestr(f"xl/worksheets/sheet{index + 1}.bin", bytes(body))
    return path

"""python-calamine reading a register in a child process, rows streamed back to the import.

python-calamine reads a 100 000-row sheet in about 2 s where the constant-memory stream reader
(``services.xlsx_stream``) needs about 9 s, but it holds the whole sheet in memory. Run here, in
a process of its own, it costs the import's process nothing: rows come back over a pipe in
batches (the pipe's buffer is the only queue, so a slow import blocks the child instead of
piling rows up), and the child's own memory is capped by ``resource.RLIMIT_DATA``. A sheet
too big for the cap kills or fails the child *before* the first row is sent (calamine loads the
whole sheet first), and the caller then reads the file with the stream reader: the cap is never
an error the user sees. The reader works on plain values with its own parsing, so
this module is run as a script (``python -I sheet_child.py FILE LIMIT_BYTES``), importing neither the
application's packages (1.3 s) nor anything but the standard library and python-calamine.

Protocol: the child writes pickled messages on stdout — ``("sheets", [names])``, then for each
sheet name the parent writes on stdin (one line, UTF-8) ``("rows", [(number, values), ...])``
batches and ``("end", None)``; any failure is ``("error", text)``. EOF on stdin ends the child.
"""
from __future__ import annotations

import datetime as dt
import os
import pickle
import sys

BATCH = 1000

_PLAIN_TYPES = frozenset((str, float, int, bool, dt.date, dt.datetime))


def plain_row(values) -> list:
    """calamine's values as the other readers give them: empty text is None; times as text."""
    return [None if v == "" else (v if type(v) in _PLAIN_TYPES else _plain(v)) for v in values]


def _plain(value):
    if value == "" or value is None:
        return None
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def sheet_rows(sheet):
    """(row number, values) from row 1 and column A: calamine's rows start at the sheet's first
    used row and column; missing rows and columns before them are padded here."""
    first_row, first_column = sheet.start if sheet.start is not None else (0, 0)
    pad = [None] * first_column
    for index, values in enumerate(sheet.iter_rows()):  # iter_rows pads rows from row 1, not columns
        yield index + 1, (pad + plain_row(values)) if pad else plain_row(values)


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # no limit to set on this platform: the parent does not start us there
        return
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _send(out, message) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def serve(path: str, requests, out) -> None:
    import python_calamine
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        _send(out, ("sheets", list(book.sheet_names)))
    except Exception as error:  # noqa: BLE001 - the parent decides what the failure means
        _send(out, ("error", f"{type(error).__name__}: {error}"))
        return
    for line in requests:
        name = line.rstrip("\n")
        try:
            sheet = book.get_sheet_by_name(name)
            _send(out, ("loaded", sheet.total_height + 1))
            batch = []
            for row in sheet_rows(sheet):
                batch.append(row)
                if len(batch) >= BATCH:
                    _send(out, ("rows", batch))
                    batch = []
            _send(out, ("rows", batch))
            _send(out, ("end", None))
        except MemoryError:
            _send(out, ("error", "MemoryError"))
            return
        except Exception as error:  # noqa: BLE001
            _send(out, ("error", f"{type(error).__name__}: {error}"))


def main() -> int:
    _limit_memory(int(sys.argv[2]))
    requests = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    out = os.fdopen(sys.stdout.fileno(), "wb", closefd=False)
    serve(sys.argv[1], requests, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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

Protocol: pickled messages both ways. The child writes ``("sheets", [names])``; for each
``("sheet", name)`` the parent sends, it answers ``("loaded", row count)`` and ``("prefix", rows)``:
the first ``PREFIX_ROWS`` rows, enough for the header search (``domain.register_header``), and
then waits for what the parent found there:

* ``("raw",)`` — the rest of the rows as ``("rows", [(number, values), ...])`` batches, ``("end", None)``;
* ``("judge", header_row, columns, max_cells, reader)`` — the rows below the header judged here by
  the import's own ``domain.register_rows.RowReader`` (pickled by the parent with the header,
  today and the reference lists): ``("judged", (last row number, [ParsedRow or skipped row number]))``
  batches, then ``("end", None)``; a row wider than ``max_cells`` ends it with
  ``("too_many_cells", number)``. Checking the form's rules here, on the second core, is what brings
  the import near the raw baseline (docs/bench.md);
* another ``("sheet", name)`` — the parent left this sheet (no header in it).

Any failure is ``("error", text)``. EOF on stdin ends the child. The ``judge`` step imports the
application's ``domain`` package (plain Python, ≈80 ms), found beside this file's package.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import pickle
import sys
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

BATCH = 1000
# rows sent before the parent says what to do: the header search reads at most 40 rows
# (domain.register_header.HEADER_SEARCH_ROWS) and asks for one more to know it has read them all
PREFIX_ROWS = 41
JUDGED_BATCH = 500

_PLAIN_TYPES = frozenset((str, float, int, bool, dt.date, dt.datetime))


def plain_row(values: Iterable[Any]) -> list[Any]:
    """calamine's values as the other readers give them: empty text is None; times as text."""
    return [None if v == "" else (v if type(v) in _PLAIN_TYPES else _plain(v)) for v in values]


def _plain(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def sheet_rows(sheet: CalamineSheet) -> Iterator[tuple[int, list[Any]]]:
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


def _send(out: IO[bytes], message: tuple[str, Any]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def serve(path: str, requests: Iterable[tuple[Any, ...]], out: IO[bytes]) -> None:
    import python_calamine
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        _send(out, ("sheets", list(book.sheet_names)))
    except Exception as error:  # noqa: BLE001 - the parent decides what the failure means
        _send(out, ("error", f"{type(error).__name__}: {error}"))
        return
    messages = iter(requests)
    request = next(messages, None)
    while request is not None:
        if request[0] != "sheet":  # a command for a sheet the parent has left: nothing to do
            request = next(messages, None)
            continue
        try:
            sheet = book.get_sheet_by_name(request[1])
            _send(out, ("loaded", sheet.total_height + 1))
            rows = sheet_rows(sheet)
            prefix = list(itertools.islice(rows, PREFIX_ROWS))
            _send(out, ("prefix", prefix))
            request = next(messages, None)
            if request is None or request[0] == "sheet":
                continue
            if request[0] == "raw":
                _send_rows(rows, out)
            elif request[0] == "judge":
                _judge(itertools.chain(prefix, rows), *request[1:], out=out)
            request = next(messages, None)
        except MemoryError:
            _send(out, ("error", "MemoryError"))
            return
        except Exception as error:  # noqa: BLE001
            _send(out, ("error", f"{type(error).__name__}: {error}"))
            request = next(messages, None)


def _send_rows(rows: Iterator[tuple[int, list[Any]]], out: IO[bytes]) -> None:
    batch: list[tuple[int, list[Any]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            _send(out, ("rows", batch))
            batch = []
    _send(out, ("rows", batch))
    _send(out, ("end", None))


def _judge(rows: Iterator[tuple[int, list[Any]]], header_row: int, columns: int, max_cells: int, reader: Any,
           *, out: IO[bytes]) -> None:
    """The rows below the header as the import's loop judges them (``services.imports``): rows
    that are not data (``skip_reason``) go back as their number, the others as ``ParsedRow``
    with their name key and, when valid, the keys and search words the writer stores
    (``person_keys``) computed. ``rows`` starts again at row 1: the caller read the prefix only
    up to the header."""
    from domain.register_header import skip_reason
    from domain.register_rows import person_keys
    header = reader.header
    batch: list[Any] = []
    number = header_row
    for number, values in rows:
        if number <= header_row:
            continue
        if len(values) > columns:  # calamine pads every row to the sheet's width
            if len(values) > max_cells:
                _send(out, ("too_many_cells", number))
                return
            values = values[:columns]
        if skip_reason(values, header) is not None:
            batch.append(number)
        else:
            parsed = reader.read(number, values)
            parsed.name_key  # noqa: B018 - computed here, on this core, and sent with the row
            if not parsed.errors:  # the keys and search words the writer stores
                parsed.keys = person_keys(parsed.values)
            batch.append(parsed)
        if len(batch) >= JUDGED_BATCH:
            _send(out, ("judged", (number, batch)))
            batch = []
    _send(out, ("judged", (number, batch)))
    _send(out, ("end", None))


def _requests(stream: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    while True:
        try:
            message: tuple[Any, ...] = pickle.load(stream)
        except EOFError:
            return
        yield message


def main() -> int:
    _limit_memory(int(sys.argv[2]))
    # the application's packages (``domain``) for a judge step, as the parent found them: -I left
    # them off sys.path, and nothing is imported from them before a judge step
    app_root = sys.argv[3] if len(sys.argv) > 3 else ""
    if app_root and app_root not in sys.path:
        sys.path.append(app_root)
    requests = os.fdopen(sys.stdin.fileno(), "rb", closefd=False)
    out = os.fdopen(sys.stdout.fileno(), "wb", closefd=False)
    serve(sys.argv[1], _requests(requests), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Choosing the reader of an .xlsx register by its size: python-calamine in a child process where it
is fast and its memory capped, the stream reader otherwise and as the fallback.

The stream reader (``services.xlsx_stream``) keeps the import's memory flat whatever the file, at
about 90 µs a row; python-calamine reads the same sheet five times faster but holds it whole.
``services.sheet_child`` runs calamine in a process of its own whose data segment is capped
(``RLIMIT_DATA``, 360 MB), so neither process grows past the 400 MB bound and the import's own
memory stays flat. A child that fails, dies or is killed by its cap before its first row makes
the import read the file with the stream reader instead — same values, same limits, only slower.

The child is used only where it pays and can be capped: a file of at least ``CHILD_MIN_BYTES``
(a few thousand rows; below that starting a process costs more than it saves), at most
``MAX_WHOLE_SHEET_FILE`` whose parts declare at most ``CHILD_MAX_UNPACKED``, on a platform
with ``resource`` limits (Linux, macOS), and never in the bundled application (``sys.frozen``:
there is no interpreter to start a script with).
"""
from __future__ import annotations

import importlib.util
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterator

from services.import_limits import MAX_RATIO, MAX_WHOLE_SHEET_FILE, MB

if TYPE_CHECKING:
    from services.register_reader import _StreamBook  # it imports this module

Row = tuple[int, list[Any]]

# the child runs the module file by path with -I (no site, no cwd on sys.path): found like an import
_CHILD_SPEC = importlib.util.find_spec("services.sheet_child")
CHILD_SCRIPT = Path(_CHILD_SPEC.origin if _CHILD_SPEC is not None and _CHILD_SPEC.origin else "")
# where the application's packages are, for the child's judge step (it imports ``domain`` then)
_DOMAIN_SPEC = importlib.util.find_spec("domain")
APP_ROOT = str(Path(next(iter(_DOMAIN_SPEC.submodule_search_locations or ()), ".")).parent) \
    if _DOMAIN_SPEC is not None else ""
CHILD_MIN_BYTES = 256 * 1024
# what the parts may declare unpacked: a register writes about 1 KB of XML a row (100 000 rows: 101 MB);
# calamine parses 100-200 MB a second, so a file the child must give up on costs it seconds at most
CHILD_MAX_UNPACKED = 256 * MB
# the child's data segment: with the interpreter and calamine's code it stays under 400 MB resident
CHILD_MEMORY_LIMIT = 360 * (1 << 20)


def child_reader_fits(path: Path) -> bool:
    if getattr(sys, "frozen", False) or not CHILD_SCRIPT.is_file():
        return False
    try:
        import resource  # noqa: F401 - only where the child's memory can be capped
    except ImportError:
        return False
    size = path.stat().st_size
    if not CHILD_MIN_BYTES <= size <= MAX_WHOLE_SHEET_FILE:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return False
    return (sum(i.file_size for i in infos) <= CHILD_MAX_UNPACKED
            and all(i.file_size <= MAX_RATIO * max(i.compress_size, 1) for i in infos))


# A pipe holds 64 KB: a batch of 1 000 rows (≈200 KB pickled) took four hand-overs between the two
# processes, each a wait for the scheduler on a busy machine (100 000 rows: 291 s wall for 38 s of
# CPU at load average 15). A 1 MB pipe (Linux's default ceiling) lets the child run batches ahead.
PIPE_BYTES = 1 << 20


def _widen_pipe(stream: IO[bytes]) -> None:
    try:
        import fcntl
        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # another platform, or a lower ceiling: the default pipe works, only with more hand-overs


class ChildFailed(Exception):
    pass


class TooManyCells(Exception):
    """A row of the sheet is wider than the import's limit (the child stops at its number)."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


class _Child:
    """One child process reading one workbook."""

    def __init__(self, path: Path) -> None:
        self._process = subprocess.Popen([sys.executable, "-I", str(CHILD_SCRIPT), str(path),
                                          str(CHILD_MEMORY_LIMIT), APP_ROOT],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        stdin, stdout = self._process.stdin, self._process.stdout
        if stdin is None or stdout is None:  # both were asked for as pipes: None would be a bug
            self._process.kill()
            self._process.wait()
            raise ChildFailed("the reading process has no pipes")
        self._stdin, self._stdout = stdin, stdout
        _widen_pipe(stdout)
        kind, value = self._receive()
        if kind != "sheets":
            self.close()
            raise ChildFailed(value)
        self.sheet_names = value
        self.streaming = False  # a sheet's rows are on their way: the pipe is not free for a new request
        self.waiting = False  # a sheet's prefix was sent: the child waits for raw, judge or another sheet

    def _receive(self) -> tuple[str, Any]:
        try:
            message: tuple[str, Any] = pickle.load(self._stdout)
            return message
        except (EOFError, pickle.UnpicklingError, OSError) as error:  # the child died (its memory cap)
            raise ChildFailed(f"the reading process ended: {error!r}") from error

    def _request(self, message: tuple[Any, ...]) -> None:
        try:
            pickle.dump(message, self._stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._stdin.flush()
        except OSError as error:
            raise ChildFailed(repr(error)) from error

    def start(self, sheet: str) -> tuple[int, list[Row]]:
        """Asks for a sheet: the rows it has (calamine has loaded it whole by then) and its first
        rows, for the header search; the child then waits for ``raw`` or ``judge``."""
        self._request(("sheet", sheet))
        kind, value = self._receive()
        if kind != "loaded":
            raise ChildFailed(value)
        count = int(value)
        kind, prefix = self._receive()
        if kind != "prefix":
            raise ChildFailed(prefix)
        self.waiting = True
        return count, prefix

    def rows(self) -> Iterator[Row]:
        """The rows after the prefix, as they are."""
        self.waiting = False
        self._request(("raw",))
        self.streaming = True
        while True:
            kind, value = self._receive()
            if kind == "rows":
                yield from value
            elif kind == "end":
                self.streaming = False
                return
            else:
                raise ChildFailed(value)

    def judged(self, header_row: int, columns: int, max_cells: int, reader: Any) -> Iterator[tuple[int, list[Any]]]:
        """The rows below the header judged by ``reader`` in the child (``sheet_child._judge``):
        (last row number, [ParsedRow or the number of a row that is not data]) batches."""
        self.waiting = False
        self._request(("judge", header_row, columns, max_cells, reader))
        self.streaming = True
        while True:
            kind, value = self._receive()
            if kind == "judged":
                yield value
            elif kind == "end":
                self.streaming = False
                return
            elif kind == "too_many_cells":
                self.streaming = False
                raise TooManyCells(int(value))
            else:
                raise ChildFailed(value)

    def close(self) -> None:
        process = self._process
        for stream in (self._stdin, self._stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _ChildFirstBook:
    """Rows from the child where it manages the sheet, else from the stream reader (already open:
    it has checked the package and named the sheets)."""

    def __init__(self, path: Path, stream: _StreamBook) -> None:
        self._path, self._stream = path, stream
        self.sheet_names = stream.sheet_names
        self._child: _Child | None = None
        self._estimate: int | None = None
        self._prefix_of: str | None = None  # the sheet whose prefix alone was read so far
        self.reader = "stream"
        self.rules_in_child = False  # the rows below the header were judged in the child

    @property
    def row_estimate(self) -> int | None:
        return self._estimate if self.reader == "calamine" else self._stream.row_estimate

    def keep_columns(self, count: int) -> None:
        self._stream.keep_columns(count)  # the child's rows are cut by RegisterWorkbook.rows

    def rows(self, name: str) -> Iterator[Row]:
        if self._child is not None and self._child.streaming:
            # the caller left the previous sheet half read (a sheet without a header): its rows still
            # fill the pipe, so this sheet is asked of a new child
            self._close_child()
        self._prefix_of = None
        try:
            if self._child is None:
                self._child = _Child(self._path)
            self._estimate, prefix = self._child.start(name)
        except ChildFailed:
            self._close_child()
            self.reader = "stream"
            yield from self._stream.rows(name)
            return
        self.reader = "calamine"
        child = self._child
        self._prefix_of = name
        yield from prefix
        self._prefix_of = None  # read past the prefix: the rest as they are
        yield from child.rows()

    def can_judge(self, name: str) -> bool:
        """Whether the rows of ``name`` after those read so far can be judged in the child: the
        caller has read only the prefix of this sheet (the header search)."""
        return self._prefix_of == name and self._child is not None and self._child.waiting

    def judged(self, header_row: int, columns: int, max_cells: int, reader: Any) -> Iterator[tuple[int, list[Any]]]:
        assert self._child is not None and self._prefix_of is not None
        self._prefix_of = None
        self.rules_in_child = True
        return self._child.judged(header_row, columns, max_cells, reader)

    def _close_child(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def close(self) -> None:
        self._close_child()
        self._stream.close()

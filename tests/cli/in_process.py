"""Two ways to run the command line in a test.

``run_cli`` calls ``cli.app.main`` in this process: a real parse, a real database and the real
exit code, without the second or so a new Python process spends importing Qandas. Use it
wherever the separate process is not what is tested. ``run_process`` starts ``main.py`` as a
script calls it; keep it for what only a process shows: the exit status the OS sees, the bytes
and encoding on stdout/stderr, signals, the console script and a fresh interpreter's imports.

``run_cli`` leaves this process as it found it: the environment, the umask, the root logger's
handlers and level, and stdin are put back after each call.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _environment(env: dict[str, str] | None):
    saved = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def _logging_restored():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()  # the log file the command opened
        root.setLevel(level)


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> SimpleNamespace:
    """The command line in this process; ``returncode``, ``stdout``, ``stderr`` as a process gives them."""
    from cli.app import main
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    umask = os.umask(0o022)
    os.umask(umask)
    sys.stdin = io.StringIO(stdin)
    try:
        with _environment(env), _logging_restored(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse and friends end this way in a process too
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        sys.stdin = saved_stdin
        os.umask(umask)
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def run_process(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
                timeout: int = 300) -> subprocess.CompletedProcess:
    """``python main.py ARGS`` in a process of its own, as the centres' scripts call it."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
                          text=True, env=environment, timeout=timeout)

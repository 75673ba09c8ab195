"""Parsing the command line and running a command with the right exit code."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

from cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cli.context import CliContext
from i18n import LANGUAGES, Translator

# Each module registers its commands; other areas append theirs here.
COMMAND_MODULES = [
    "cli.db",
    "cli.demo",
    "cli.info",
    "cli.reminders",
    "cli.users",
    "cli.audit",
    "cli.backup",
    "cli.imports",
    "cli.report",
    "cli.export",
    "cli.duplicates",
    "cli.settings",
    "cli.person",
    "cli.retention",
    "cli.host",
]

log = logging.getLogger("qandas")


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code and a one-line message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _language_from(argv: Sequence[str]) -> str:
    for index, item in enumerate(argv):
        if item == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else "en"
        if item.startswith("--lang="):
            value = item.split("=", 1)[1]
            return value if value in LANGUAGES else "en"
    env = os.environ.get("QANDAS_LANG", "")
    return env if env in LANGUAGES else "en"


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    import importlib
    parser = _Parser(prog="qandas", description=tr._(
        "Qandas: case management for kandas adaptation and integration centres."))
    parser.add_argument("--db", metavar="URL", help=tr._(
        "database: a SQLite file path or a SQLAlchemy URL such as postgresql://user@host/qandas "
        "(default: QANDAS_DB or a file in the user's data folder)"))
    parser.add_argument("--lang", choices=LANGUAGES, help=tr._("language of messages and of the window"))
    parser.add_argument("--screenshot", metavar="DIR", help=tr._(
        "open the window, save PNG images of every main screen to DIR and exit"))
    parser.add_argument("--size", metavar="WxH", default="1280x800", help=tr._(
        "window size for --screenshot, for example 1366x768 (default 1280x800)"))
    parser.add_argument("--scale", metavar="FACTOR", type=float, help=tr._(
        "display scaling for --screenshot, for example 1.25 for 125 %%"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, tr)
    return parser


def setup_logging() -> None:
    """``qandas.log`` in the data folder, readable by the owner only (it names files and logins)."""
    from services.database import default_data_dir, private_folder, private_file
    try:
        folder = private_folder(default_data_dir())
        log_file = private_file(folder / "qandas.log")
        handler: logging.Handler = logging.handlers.RotatingFileHandler(  # type: ignore[attr-defined]
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    import logging.handlers  # noqa: F401 - used by setup_logging
    argv = list(sys.argv[1:] if argv is None else argv)
    tr = Translator(_language_from(argv))
    parser = build_parser(tr)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.lang:
        tr = Translator(args.lang)
    from services.database import restrict_process_umask
    restrict_process_umask()  # the log, the database, backups and exports: the owner's alone
    setup_logging()
    from domain.errors import DomainError
    from services.database import default_database_url, normalize_url
    try:
        db_url = normalize_url(args.db) if args.db is not None else default_database_url()
    except DomainError as error:
        print(tr.error(error), file=sys.stderr)
        return EXIT_REFUSED
    ctx = CliContext(tr=tr, db_url=db_url)
    if getattr(args, "cipher_db", None) is None:
        from cli.db_cipher import unlock
        unlock(ctx)  # an encrypted register: its passphrase from QANDAS_DB_PASSPHRASE or a prompt
    if args.db is None and not os.environ.get("QANDAS_DB") and args.command != "host":
        from services.hosting.client import load_profile
        ctx.profile = load_profile()  # this PC works in the centre's shared register
    try:
        if args.command is None:
            from gui.app import run_gui
            return run_gui(args, ctx)
        return args.handler(args, ctx)
    except DomainError as error:
        log.info("refused: %s", error)
        print(tr.error(error), file=sys.stderr)
        for problem in getattr(error, "problems", [])[1:]:
            print(tr.error(problem), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        sys.stderr.close()  # the reader (e.g. `head`) went away; nothing to report
        return EXIT_OK
    except KeyboardInterrupt:
        print(tr._("Interrupted."), file=sys.stderr)
        return EXIT_REFUSED
    except Exception as error:  # noqa: BLE001 - a user never sees a traceback
        from services.database import as_domain_error
        translated = as_domain_error(error)  # a database error outside a unit of work (logged there)
        if translated is not None:
            print(tr.error(translated), file=sys.stderr)
            return EXIT_REFUSED
        log.exception("unexpected error")
        print(tr.format("Unexpected error: {detail}. Details are in the log file.", detail=str(error)),
              file=sys.stderr)
        return EXIT_REFUSED
    finally:
        ctx.close()

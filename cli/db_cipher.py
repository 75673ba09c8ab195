"""``db encrypt`` and ``db decrypt``: the SQLite register encrypted at rest with SQLCipher, and
the passphrase of an encrypted register for every other command (``QANDAS_DB_PASSPHRASE`` or a
prompt)."""
from __future__ import annotations

import getpass
import os
import sys

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext, command_line_actor

ENV = "QANDAS_DB_PASSPHRASE"


def register(actions, tr) -> None:
    for name, help_text, handler in (
            ("encrypt", tr._("encrypt the database file at rest with a passphrase (SQLCipher); asked twice, "
                             "or read from stdin"), run_encrypt),
            ("decrypt", tr._("turn an encrypted database file back into a plain one"), run_decrypt)):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--db", dest="cipher_db", metavar="FILE", help=tr._("the database file"))
        parser.add_argument("--passphrase-stdin", action="store_true", help=tr._(
            "read the passphrase from the first line of standard input instead of asking"))
        parser.set_defaults(handler=handler, opens_database=False)


def _read(args, prompt: str) -> str | None:
    if args.passphrase_stdin or sys.stdin is None or not sys.stdin.isatty():
        line = sys.stdin.readline() if sys.stdin is not None else ""
        return line.rstrip("\r\n") or None
    return getpass.getpass(prompt) or None


def _url(args, ctx: CliContext) -> str:
    from services.database import normalize_url
    return normalize_url(args.cipher_db) if args.cipher_db else ctx.db_url


def _progress(ctx: CliContext):
    from services.progress import NullProgress

    class Printed(NullProgress):
        def step(self, done, total=None, message="") -> None:
            if message:
                ctx.err(ctx.tr._(message))
    return Printed()


def run_encrypt(args, ctx: CliContext) -> int:
    from services import register_encryption
    url = _url(args, ctx)
    passphrase = _read(args, ctx.tr._("New passphrase of the database: "))
    if passphrase is None:
        ctx.err(ctx.tr._("No passphrase was given; nothing was changed."))
        return EXIT_REFUSED
    if not args.passphrase_stdin and sys.stdin is not None and sys.stdin.isatty() and \
            getpass.getpass(ctx.tr._("Once more: ")) != passphrase:
        ctx.err(ctx.tr._("The two passphrases differ; nothing was changed."))
        return EXIT_REFUSED
    result = register_encryption.encrypt(url, command_line_actor(), passphrase, _progress(ctx))
    ctx.out(ctx.tr.format("The database {path} is encrypted: {rows} rows in {tables} tables checked, audit log "
                          "verified. Keep the passphrase safe: without it the database cannot be opened.",
                          path=result.database, rows=result.rows, tables=result.tables))
    ctx.out(ctx.tr.format("An encrypted copy of the database as it was is kept as {path}.", path=result.kept_copy))
    return EXIT_OK


def run_decrypt(args, ctx: CliContext) -> int:
    from services import register_encryption
    url = _url(args, ctx)
    passphrase = _read(args, ctx.tr._("Passphrase of the database: ")) if args.passphrase_stdin \
        else (register_encryption.current_passphrase() or os.environ.get(ENV)
              or _read(args, ctx.tr._("Passphrase of the database: ")))
    if passphrase is None:
        ctx.err(ctx.tr._("No passphrase was given; nothing was changed."))
        return EXIT_REFUSED
    result = register_encryption.decrypt(url, command_line_actor(), passphrase, _progress(ctx))
    ctx.out(ctx.tr.format("The database {path} is no longer encrypted: {rows} rows in {tables} tables checked, "
                          "audit log verified.", path=result.database, rows=result.rows, tables=result.tables))
    ctx.out(ctx.tr.format("The encrypted database as it was is kept as {path}.", path=result.kept_copy))
    return EXIT_OK


def unlock(ctx: CliContext) -> None:
    """An encrypted register's passphrase for this process: ``QANDAS_DB_PASSPHRASE``, else a prompt
    at a terminal; without either, opening the register says that it needs one."""
    from services import register_encryption
    try:
        encrypted = register_encryption.is_encrypted(ctx.db_url)
    except Exception:  # noqa: BLE001 - a bad address is reported when the command opens it
        return
    if not encrypted:
        return
    passphrase = os.environ.get(ENV)
    if not passphrase and sys.stdin is not None and sys.stdin.isatty():
        passphrase = getpass.getpass(ctx.tr._("Passphrase of the database: "))
    register_encryption.set_passphrase(passphrase or None)

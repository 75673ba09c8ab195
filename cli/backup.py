"""``backup [--out FILE]`` and ``restore FILE``."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext, command_line_actor


def register(subparsers, tr) -> None:
    backup = subparsers.add_parser("backup", help=tr._(
        "write a consistent backup of the database (safe while the program is in use)"))
    backup.add_argument("--out", metavar="FILE", help=tr._(
        "the backup file (default: a dated file in the backup folder)"))
    backup.set_defaults(handler=run_backup)
    actions = backup.add_subparsers(dest="backup_action", metavar="ACTION")
    passphrase = actions.add_parser("passphrase", help=tr._(
        "encrypt every backup of this database from now on with a passphrase (asked for, or read from stdin)"))
    passphrase.set_defaults(handler=run_passphrase)
    restore = subparsers.add_parser("restore", help=tr._(
        "replace the database with a backup (the replaced one is kept)"))
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--login", metavar="LOGIN", help=tr._(
        "an administrator of this database (or, for a database without accounts, of the backup); the password "
        "is asked for, or read from stdin (an encrypted backup's passphrase on the next line)"))
    restore.set_defaults(handler=run_restore)


def run_backup(args, ctx: CliContext) -> int:
    result = ctx.services().backup.create(Path(args.out) if args.out else None)
    ctx.out(ctx.tr.format("Backup written: {path} ({size} bytes, schema {revision}).", path=result.path,
                          size=result.size, revision=result.schema_revision))
    return EXIT_OK


def read_password(ctx: CliContext, prompt: str | None = None) -> str | None:
    """Once from an interactive prompt (never echoed), or one line from stdin in scripts."""
    if sys.stdin is None:
        return None
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    return getpass.getpass(prompt or ctx.tr._("Password: ")) or None


def run_passphrase(args, ctx: CliContext) -> int:
    first = read_password(ctx, ctx.tr._("Backup passphrase: "))
    if first is None:
        ctx.err(ctx.tr._("No passphrase was given; nothing was changed."))
        return EXIT_REFUSED
    if sys.stdin is not None and sys.stdin.isatty() and getpass.getpass(ctx.tr._("Once more: ")) != first:
        ctx.err(ctx.tr._("The two passphrases differ; nothing was changed."))
        return EXIT_REFUSED
    ctx.services().backup.set_passphrase(first)
    ctx.out(ctx.tr._("Backups of this database are encrypted from now on. Keep the passphrase safe: without it "
                     "no backup made from now on can be restored."))
    return EXIT_OK


def run_restore(args, ctx: CliContext) -> int:
    """A restore replaces the accounts too, so the operating-system account is not enough: it names
    an administrator and their password (see docs/admin.md, "Who can restore")."""
    # Not through ctx.services(): the database is replaced, and it is not upgraded before that.
    from domain.permissions import Actor, Role
    from services import backup
    if not args.login:
        ctx.err(ctx.tr._("A restore replaces every account too: name an administrator with --login LOGIN "
                         "(the password is asked for, or read from stdin). Nothing was restored."))
        return EXIT_REFUSED
    password = read_password(ctx)
    if password is None:
        ctx.err(ctx.tr._("No password was given; nothing was changed."))
        return EXIT_REFUSED
    passphrase = None
    if backup.inspect_backup(Path(args.file)).encryption is not None:
        passphrase = read_password(ctx, ctx.tr._("Backup passphrase: "))
    # The role claimed here is checked by the service against the database (and the backup).
    actor = Actor(user_id=None, login=args.login.strip().lower(), role=Role.ADMINISTRATOR)
    result = backup.restore(ctx.db_url, Path(args.file), actor, password=password, via=command_line_actor().login,
                            passphrase=passphrase)
    ctx.out(ctx.tr.format("The database was restored from {path} (made {created_at}).", path=result.path,
                          created_at=result.created_at))
    if result.kept_as:
        ctx.out(ctx.tr.format("The replaced database was kept as {path}.", path=result.kept_as))
    return EXIT_OK

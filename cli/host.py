"""``host init|start|stop|status|backup`` on the host PC, ``host connect`` on the others."""
from __future__ import annotations

import getpass
import sys

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("host", help=tr._("share this register with the office's other PCs"))
    actions = parser.add_subparsers(dest="host_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help=tr._(
        "move this PC's register into a server the other PCs connect to (the password is asked for)"))
    init.add_argument("--admin", required=True, help=tr._("your administrator login"))
    init.add_argument("--port", type=int, default=None, help=tr._("network port (default 5433)"))
    init.add_argument("--listen", default="*", help=tr._("addresses to listen on (default: all)"))
    init.add_argument("--no-autostart", action="store_true", help=tr._("do not start the server at sign-in"))
    init.set_defaults(handler=run_init)
    for name, handler, text in (("start", run_start, tr._("start the register's server")),
                                ("stop", run_stop, tr._("stop the register's server")),
                                ("backup", run_backup, tr._("make today's backup of the shared register"))):
        actions.add_parser(name, help=text).set_defaults(handler=handler)
    status = actions.add_parser("status", help=tr._("is this PC sharing a register, and is it running"))
    status.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    status.set_defaults(handler=run_status)
    connect = actions.add_parser("connect", help=tr._("connect this PC to the centre's register"))
    connect.add_argument("address", help=tr._("the host PC's name or address"))
    connect.add_argument("--login", required=True, help=tr._("your login"))
    connect.add_argument("--port", type=int, default=None, help=tr._("network port (default 5433)"))
    connect.add_argument("--fingerprint", default="", help=tr._(
        "the certificate fingerprint the host showed (asked for when not given)"))
    connect.set_defaults(handler=run_connect)


def read_password(ctx: CliContext, prompt: str) -> str | None:
    """From an interactive prompt (never echoed), or one line from stdin in scripts."""
    if sys.stdin is None:
        return None
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n") or None
    return getpass.getpass(prompt) or None


def run_init(args, ctx: CliContext) -> int:
    from services.hosting.host import init_host
    password = read_password(ctx, ctx.tr.format("Password of {login}: ", login=args.admin))
    if password is None:
        ctx.err(ctx.tr._("No password was given; nothing was changed."))
        return EXIT_REFUSED
    report = init_host(ctx.db_url, args.admin, password, port=args.port, listen=args.listen,
                       start_at_sign_in=not args.no_autostart)
    ctx.out(ctx.tr.format("The register is shared on port {port}: {rows} rows in {tables} tables moved, "
                          "audit log verified ({entries} entries).", port=report.port, rows=report.rows,
                          tables=report.tables, entries=report.audit_entries))
    ctx.out(ctx.tr.format("Certificate fingerprint (compare it on each PC that connects): {fingerprint}",
                          fingerprint=report.fingerprint))
    ctx.out(ctx.tr.format("The former database file was kept as {path}.", path=report.moved_sqlite_to))
    if report.autostart:
        ctx.out(ctx.tr.format("The server starts at sign-in: {path}", path=report.autostart))
    ctx.out(ctx.tr._("Other users can sign in once you set their passwords (user passwd)."))
    return EXIT_OK


def run_start(args, ctx: CliContext) -> int:
    from services.hosting.host import start_host
    state = start_host()
    ctx.out(ctx.tr.format("The register's server is running on port {port}.", port=state.port))
    return EXIT_OK


def run_stop(args, ctx: CliContext) -> int:
    from services.hosting.host import stop_host
    if stop_host():
        ctx.out(ctx.tr._("The register's server was stopped."))
    else:
        ctx.out(ctx.tr._("The register's server was not running."))
    return EXIT_OK


def run_backup(args, ctx: CliContext) -> int:
    from services.hosting.host import backup_host
    result = backup_host()
    if result is None:
        ctx.out(ctx.tr._("Today's backup exists already."))
    else:
        ctx.out(ctx.tr.format("Backup written: {path}", path=str(result.path)))
    return EXIT_OK


def run_status(args, ctx: CliContext) -> int:
    from services.hosting.host import status
    state = status()
    if args.json:
        ctx.json({"hosted": state.hosted, "running": state.running, "port": state.port, "folder": state.folder,
                  "fingerprint": state.fingerprint})
    elif not state.hosted:
        ctx.out(ctx.tr._("This PC does not share a register."))
    elif state.running:
        ctx.out(ctx.tr.format("The register's server is running on port {port}.", port=state.port))
    else:
        ctx.out(ctx.tr._("The register's server is stopped."))
    return EXIT_OK if state.hosted else EXIT_REFUSED


def run_connect(args, ctx: CliContext) -> int:
    from services.hosting.client import ConnectionProfile, connect, fetch_certificate, save_profile
    from storage.pg_cluster import DEFAULT_PORT
    port = args.port or DEFAULT_PORT
    certificate, fingerprint = fetch_certificate(args.address, port)
    expected = args.fingerprint.strip().upper()
    if not expected:
        ctx.out(ctx.tr.format("The host's certificate fingerprint is {fingerprint}", fingerprint=fingerprint))
        if sys.stdin is None or not sys.stdin.isatty():
            ctx.err(ctx.tr._("Compare the fingerprint with the one the host showed and pass it with "
                             "--fingerprint; nothing was changed."))
            return EXIT_REFUSED
        expected = input(ctx.tr._("Type the fingerprint the host showed to confirm: ")).strip().upper()
    if expected != fingerprint:
        ctx.err(ctx.tr._("The fingerprints differ: this may not be the centre's host. Nothing was changed."))
        return EXIT_REFUSED
    password = read_password(ctx, ctx.tr.format("Password of {login}: ", login=args.login))
    if password is None:
        ctx.err(ctx.tr._("No password was given; nothing was changed."))
        return EXIT_REFUSED
    import tempfile
    from pathlib import Path
    profile = ConnectionProfile(args.address, args.login.strip().lower(), port, fingerprint=fingerprint)
    with tempfile.TemporaryDirectory() as trial:  # try the pinned certificate before remembering anything
        save_profile(profile, certificate, Path(trial))
        engine, actor = connect(profile, password, Path(trial))
        engine.dispose()
    save_profile(profile, certificate)
    ctx.out(ctx.tr.format("Connected as {login} ({role}). This PC now opens the centre's register.",
                          login=actor.login, role=ctx.tr._(actor.role)))
    return EXIT_OK

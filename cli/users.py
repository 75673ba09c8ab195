"""``user add|list|passwd|disable|enable|role``: accounts for the window's sign-in."""
from __future__ import annotations

import getpass
import sys

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext
from domain.permissions import Role


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("user", help=tr._("user accounts and roles"))
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=tr._("add a user (the password is asked for, or read from stdin)"))
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=Role.ALL)
    add.add_argument("--name", default="", help=tr._("the person's full name"))
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help=tr._("list users"))
    listing.add_argument("--json", action="store_true", help=tr._("print one JSON object"))
    listing.set_defaults(handler=run_list)
    passwd = actions.add_parser("passwd", help=tr._("set a new password for a user (unlocks the account)"))
    passwd.add_argument("login")
    passwd.set_defaults(handler=run_passwd)
    disable = actions.add_parser("disable", help=tr._("switch a user's account off"))
    disable.add_argument("login")
    disable.set_defaults(handler=run_disable)
    enable = actions.add_parser("enable", help=tr._("switch a user's account on again"))
    enable.add_argument("login")
    enable.set_defaults(handler=run_enable)
    role = actions.add_parser("role", help=tr._("change a user's role"))
    role.add_argument("login")
    role.add_argument("role", choices=Role.ALL)
    role.set_defaults(handler=run_role)


def read_new_password(ctx: CliContext) -> str | None:
    """Twice from an interactive prompt (never echoed), or one line from stdin in scripts."""
    if sys.stdin is None:
        return None
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    first = getpass.getpass(ctx.tr._("New password: "))
    second = getpass.getpass(ctx.tr._("Repeat the password: "))
    if first != second:
        ctx.err(ctx.tr._("The two passwords differ."))
        return None
    return first


def run_add(args, ctx: CliContext) -> int:
    services = ctx.services()
    password = read_new_password(ctx)
    if password is None:
        ctx.err(ctx.tr._("No password was given; nothing was changed."))
        return EXIT_REFUSED
    user = services.users.create(args.login, args.role, password, args.name)
    ctx.out(ctx.tr.format("User {login} was added as {role}.", login=user.login,
                          role=ctx.tr._(Role.LABELS[user.role])))
    return EXIT_OK


def run_list(args, ctx: CliContext) -> int:
    users = ctx.services().users.list_users()
    if args.json:
        ctx.json({"users": [{"login": u.login, "name": u.display_name, "role": u.role, "active": u.active,
                             "locked_until": u.locked_until, "last_login_at": u.last_login_at} for u in users]})
        return EXIT_OK
    for u in users:
        state = ctx.tr._("active") if u.active else ctx.tr._("switched off")
        if u.locked_until is not None:
            state += ", " + ctx.tr.format("locked until {until}", until=ctx.tr.format_datetime(u.locked_until))
        ctx.out(f"{u.login:<20} {ctx.tr._(Role.LABELS[u.role]):<20} {state:<16} {u.display_name}")
    if not users:
        ctx.out(ctx.tr._("No users yet: add the administrator with `user add LOGIN --role administrator`."))
    return EXIT_OK


def run_passwd(args, ctx: CliContext) -> int:
    services = ctx.services()
    services.users.get(args.login)
    password = read_new_password(ctx)
    if password is None:
        ctx.err(ctx.tr._("No password was given; nothing was changed."))
        return EXIT_REFUSED
    services.users.reset_password(args.login, password)
    ctx.out(ctx.tr.format("The password of {login} was changed.", login=args.login))
    return EXIT_OK


def run_disable(args, ctx: CliContext) -> int:
    ctx.services().users.deactivate(args.login)
    ctx.out(ctx.tr.format("The account {login} was switched off.", login=args.login))
    return EXIT_OK


def run_enable(args, ctx: CliContext) -> int:
    ctx.services().users.activate(args.login)
    ctx.out(ctx.tr.format("The account {login} was switched on.", login=args.login))
    return EXIT_OK


def run_role(args, ctx: CliContext) -> int:
    user = ctx.services().users.change_role(args.login, args.role)
    ctx.out(ctx.tr.format("{login} is now {role}.", login=user.login, role=ctx.tr._(Role.LABELS[user.role])))
    return EXIT_OK

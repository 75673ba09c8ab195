"""User accounts: create, change role, deactivate, reset password, sign in (argon2, lockout).

Passwords never leave this module: the audit log records "***" for a changed password,
logs and exports never see it, and ``UserRow`` carries no hash.
"""
from __future__ import annotations

import functools
import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from domain import accounts
from domain.errors import ConflictError, DomainError, FieldProblem, NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import SYSTEM_ACTOR, Action, Actor, Role
from services.changes import Changes
from services.context import ServiceContext
from services.dto_admin import UserRow
from storage.audit_anchor import AnchorDamaged, read_anchor

from typing import Any

from services.unit_of_work import AccountsUnitOfWork, accounts_unit

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS_KEY = "security.max_failed_logins"
LOCKOUT_MINUTES_KEY = "security.lockout_minutes"
DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_LOCKOUT_MINUTES = 15

_hasher = PasswordHasher()
# One answer for an unknown login, a wrong password and a locked account (see authenticate).
WRONG_LOGIN_OR_PASSWORD = N_("Wrong login or password.")

@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the login is unknown, so that answer takes as long as a
    wrong password. Made on first use: hashing costs a quarter of a second at every start."""
    return _hasher.hash("not-a-real-password")


class AuthenticationError(DomainError):
    """Sign-in refused. The message never says whether the login exists."""


def _row(data: dict[str, Any] | None) -> UserRow:
    if data is None:
        raise NotFound("user", None)
    return UserRow(id=data["id"], login=data["login"], display_name=data["display_name"], role=data["role"],
                   active=bool(data["active"]), locked_until=data["locked_until"],
                   last_login_at=data["last_login_at"], failed_logins=data["failed_logins"],
                   version=data["version"])


def _public(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in ("login", "display_name", "role", "active") if key in data}


class UserService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reading --------------------------------------------------------------------
    def list_users(self) -> list[UserRow]:
        self.ctx.actor.require(Action.MANAGE_USERS)
        with accounts_unit(self.ctx, read_only=True) as uow:
            return [_row(u) for u in uow.users.all()]

    def get(self, login: str) -> UserRow:
        self.ctx.actor.require(Action.MANAGE_USERS)
        with accounts_unit(self.ctx, read_only=True) as uow:
            return _row(self._by_login(uow, login))

    def needs_first_administrator(self) -> bool:
        """True on a first run only: no account exists, none ever did, and the log was not cut.

        Not "no active administrator": a database whose administrators were switched off, or
        emptied of accounts, or restored from a doctored backup, would otherwise hand
        administrator rights to whoever starts the window. An account leaves an audit entry that
        stays (deleting it breaks the chain and is not enough either: this computer's anchor
        still counts it). Demonstration data without accounts stays possible before the first
        administrator (``demo`` writes entries, but none about accounts).
        """
        with accounts_unit(self.ctx, read_only=True) as uow:
            if uow.users.count() or uow.audit_log.count(entity="app_user"):
                return False
            total = uow.audit_log.total()
        keeper = self.ctx.uow_factory.anchor
        if keeper is not None and keeper.path is not None:
            try:
                anchor = read_anchor(keeper.path)
            except AnchorDamaged:
                return False
            if anchor is not None and anchor.count > total:
                return False
        return True

    def lockout_policy(self) -> tuple[int, int]:
        with accounts_unit(self.ctx, read_only=True) as uow:
            return self._policy(uow)

    def set_lockout_policy(self, max_failed_logins: int, lockout_minutes: int) -> Changes:
        """How many wrong passwords in a row lock an account, and for how many minutes."""
        self.ctx.actor.require(Action.MANAGE_USERS)
        problems = []
        if not 1 <= int(max_failed_logins) <= 100:
            problems.append(FieldProblem("max_failed_logins", N_("Enter a number from {low} to {high}."),
                                                  {"low": 1, "high": 100}))
        if not 1 <= int(lockout_minutes) <= 1440:
            problems.append(FieldProblem("lockout_minutes", N_("Enter a number from {low} to {high}."),
                                                  {"low": 1, "high": 1440}))
        if problems:
            raise ValidationError(problems)
        with accounts_unit(self.ctx) as uow:
            before = self._policy(uow)
            for key, value in ((MAX_FAILED_LOGINS_KEY, max_failed_logins), (LOCKOUT_MINUTES_KEY, lockout_minutes)):
                uow.reference.set_setting(key, str(int(value)), self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "setting", "security.lockout",
                      {"max_failed_logins": before[0], "lockout_minutes": before[1]},
                      {"max_failed_logins": int(max_failed_logins), "lockout_minutes": int(lockout_minutes)})
            uow.commit()
        return Changes(users=True)

    def _policy(self, uow: AccountsUnitOfWork) -> tuple[int, int]:
        def number(key: str, default: int) -> int:
            try:
                return max(1, int(uow.reference.setting(key, str(default))))
            except ValueError:
                return default
        return (number(MAX_FAILED_LOGINS_KEY, DEFAULT_MAX_FAILED_LOGINS),
                number(LOCKOUT_MINUTES_KEY, DEFAULT_LOCKOUT_MINUTES))

    def _by_login(self, uow: AccountsUnitOfWork, login: str) -> dict[str, Any]:
        user = uow.users.by_login((login or "").strip().lower())
        if user is None:
            raise NotFound("user", login)
        return user

    # --- administration -------------------------------------------------------------
    def create(self, login: str, role: str, password: str, display_name: str = "") -> UserRow:
        self.ctx.actor.require(Action.MANAGE_USERS)
        return self._create(login, role, password, display_name)

    def create_first_administrator(self, login: str, password: str, display_name: str = "") -> UserRow:
        """Only while no administrator exists (first run); afterwards an administrator adds users."""
        if not self.needs_first_administrator():
            raise RuleViolation("first_administrator", N_("An administrator already exists; sign in instead."))
        return self._create(login, Role.ADMINISTRATOR, password, display_name, actor=SYSTEM_ACTOR)

    def _create(self, login: str, role: str, password: str, display_name: str,
                actor: Actor | None = None) -> UserRow:
        problems = []
        try:
            login = accounts.clean_login(login)
        except ValidationError as error:
            problems.extend(error.problems)
        try:
            accounts.check_role(role)
        except ValidationError as error:
            problems.extend(error.problems)
        problems.extend(accounts.password_problems(password, login))
        if problems:
            raise ValidationError(problems)
        ctx = self.ctx if actor is None else self.ctx.with_actor(actor)
        with accounts_unit(ctx) as uow:
            if uow.users.by_login(login) is not None:
                raise ValidationError("login", N_("The login {login} is taken."), login=login)
            name = display_name.strip() or login
            password_hash = _hasher.hash(password)
            user_id = add_account(ctx, uow, login, name, role, password_hash)
            uow.manage_login("create", login, role, password)
            uow.commit()
            return _row(uow.users.get(user_id))

    def _change(self, login: str, expected_version: int | None, audit_after: dict[str, Any],
                login_change: Any = None, **values: Any) -> UserRow:
        self.ctx.actor.require(Action.MANAGE_USERS)
        with accounts_unit(self.ctx) as uow:
            user = self._by_login(uow, login)
            self._keep_an_administrator(uow, user, values)
            if not uow.users.update(user["id"], expected_version, self.ctx.actor.login, self.ctx.now(), **values):
                raise ConflictError("user", changed_by=user["updated_by"], changed_at=user["updated_at"])
            uow.audit("update", "app_user", user["id"], {k: _public(user).get(k, "***") for k in audit_after},
                      audit_after)
            if login_change is not None:  # (action, role, password) for the database login
                uow.manage_login(login_change[0], user["login"], login_change[1], login_change[2])
            uow.commit()
            return _row(uow.users.get(user["id"]))

    def _keep_an_administrator(self, uow: AccountsUnitOfWork, user: dict[str, Any], values: dict[str, Any]) -> None:
        """Refuse to lock everybody out: the last active administrator stays one."""
        loses_admin = user["role"] == Role.ADMINISTRATOR and user["active"] and (
            values.get("active") is False or values.get("role", Role.ADMINISTRATOR) != Role.ADMINISTRATOR)
        if loses_admin and uow.users.count(active_only=True, role=Role.ADMINISTRATOR) <= 1:
            raise RuleViolation("last_administrator", N_("{login} is the last active administrator; "
                                                         "make someone else an administrator first."),
                                login=user["login"])

    def change_role(self, login: str, role: str, expected_version: int | None = None) -> UserRow:
        accounts.check_role(role)
        return self._change(login, expected_version, {"role": role}, ("role", role, None), role=role)

    def rename(self, login: str, display_name: str, expected_version: int | None = None) -> UserRow:
        name = display_name.strip()
        if not name:
            raise ValidationError("display_name", N_("Enter the person's name."))
        return self._change(login, expected_version, {"display_name": name}, display_name=name)

    def deactivate(self, login: str, expected_version: int | None = None) -> UserRow:
        if self.ctx.actor.login == (login or "").strip().lower():
            raise RuleViolation("self", N_("You cannot deactivate your own account."))
        return self._change(login, expected_version, {"active": False}, ("disable", None, None), active=False)

    def activate(self, login: str, expected_version: int | None = None) -> UserRow:
        return self._change(login, expected_version, {"active": True}, ("enable", None, None), active=True,
                            failed_logins=0,
                            locked_until=None)

    def reset_password(self, login: str, password: str, expected_version: int | None = None) -> UserRow:
        accounts.check_password(password, login)
        password_hash = _hasher.hash(password)
        return self._change(login, expected_version, {"password": "***", "password_fingerprint":
                                                      accounts.password_fingerprint(password_hash)},
                            ("password", None, password), password_hash=password_hash, failed_logins=0,
                            locked_until=None)

    def change_own_password(self, old_password: str, new_password: str) -> Changes:
        """Any signed-in user may change their own password (knowing the current one)."""
        login = self.ctx.actor.login
        accounts.check_password(new_password, login)
        with accounts_unit(self.ctx) as uow:
            user = self._by_login(uow, login)
            if not self._matches(uow.users.password_hash(user["id"]), old_password):
                raise ValidationError("old_password", N_("The current password is wrong."))
            password_hash = _hasher.hash(new_password)
            uow.users.update(user["id"], None, login, self.ctx.now(), password_hash=password_hash)
            uow.audit("update", "app_user", user["id"], {"password": "***"},
                      {"password": "***", "password_fingerprint": accounts.password_fingerprint(password_hash)})
            uow.manage_login("password", login, None, new_password)
            uow.commit()
        return Changes(users=True)

    # --- signing in -----------------------------------------------------------------
    @staticmethod
    def _matches(stored: str | None, password: str) -> bool:
        try:
            return _hasher.verify(stored or _dummy_hash(), password or "") and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def unlock(self, password: str) -> Actor:
        """The idle lock asks the signed-in user's password again: checked, audited, counted and
        locked out exactly as a sign-in is (a wrong password here counts toward the lockout)."""
        return self.authenticate(self.ctx.actor.login, password, purpose="unlock")

    def authenticate(self, login: str, password: str, purpose: str = "sign_in") -> Actor:
        """Check a login and password; returns the Actor to build services for. Every attempt is audited
        (``purpose`` "unlock" marks the entries of the idle lock)."""
        clean = (login or "").strip().lower()
        extra: dict[str, Any] = {} if purpose == "sign_in" else {"purpose": purpose}
        now = self.ctx.now()
        with accounts_unit(self.ctx.with_actor(SYSTEM_ACTOR)) as uow:
            user = uow.users.by_login(clean)
            # Attempts are attributed to the account tried; an unknown login is not stored
            # (people sometimes type their password into the login field).
            uow.actor = _sign_in_actor(user["login"] if user else "?")
            if user is None:
                self._matches(None, password)
                uow.audit("login_failed", "app_user", None, None, {"reason": "unknown_login", **extra})
                uow.commit()
                raise AuthenticationError(WRONG_LOGIN_OR_PASSWORD)
            if not user["active"]:
                uow.audit("login_failed", "app_user", user["id"], None, {"login": clean, "reason": "inactive", **extra})
                uow.commit()
                raise AuthenticationError(N_("This account is switched off; ask an administrator."))
            if accounts.is_locked(user["locked_until"], now):
                # Answered like a wrong password, after the same argon2 work: a different sentence,
                # or a quicker one, would tell a stranger that this login exists.
                self._matches(None, password)
                uow.audit("login_failed", "app_user", user["id"], None, {"login": clean, "reason": "locked", **extra})
                uow.commit()
                raise AuthenticationError(WRONG_LOGIN_OR_PASSWORD)
            stored = uow.users.password_hash(user["id"])
            if not self._matches(stored, password):
                max_failures, minutes = self._policy(uow)
                failures, locked_until = accounts.after_failed_login(user["failed_logins"], now, max_failures,
                                                                     minutes)
                uow.users.update(user["id"], None, None, now, failed_logins=failures, locked_until=locked_until)
                uow.audit("login_failed", "app_user", user["id"], None,
                          {"login": clean, "reason": "password", "locked_until": locked_until, **extra})
                uow.commit()
                log.info("failed sign-in for %s", clean)
                raise AuthenticationError(WRONG_LOGIN_OR_PASSWORD)  # locked now or not: the same answer
            values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
            entry: dict[str, Any] = {"login": clean, **extra}
            if stored is not None and _hasher.check_needs_rehash(stored):
                values["password_hash"] = _hasher.hash(password)
                entry["password_fingerprint"] = accounts.password_fingerprint(values["password_hash"])
            uow.users.update(user["id"], None, None, now, **values)
            uow.audit("login", "app_user", user["id"], None, entry)
            uow.commit()
            return Actor(user_id=user["id"], login=user["login"], role=user["role"],
                         display_name=user["display_name"])

    def record_logout(self) -> None:
        with accounts_unit(self.ctx) as uow:
            uow.audit("logout", "app_user", self.ctx.actor.user_id, None, {"login": self.ctx.actor.login})
            uow.commit()


def _sign_in_actor(login: str) -> Actor:
    return Actor(user_id=None, login=login, role=Role.READ_ONLY)


def add_account(ctx: ServiceContext, uow: AccountsUnitOfWork, login: str, name: str, role: str,
                password_hash: str) -> int:
    """Insert an account with the audit entry that a restore checks it against (its role, state and
    password fingerprint: ``services.restore_guard``); no commit. Every writer of accounts uses it."""
    user_id = uow.users.add(login, name, role, password_hash, ctx.actor.login, ctx.now())
    uow.audit("insert", "app_user", user_id, None,
              {"login": login, "display_name": name, "role": role, "active": True, "password": "***",
               "password_fingerprint": accounts.password_fingerprint(password_hash)})
    return user_id

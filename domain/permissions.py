"""Roles and the actions each may perform. Services check these, not only the window."""
from __future__ import annotations

from dataclasses import dataclass

from domain.errors import PermissionDenied
from domain.messages import N_


class Role:
    ADMINISTRATOR = "administrator"
    SUPERVISOR = "supervisor"
    CASE_WORKER = "case_worker"
    READ_ONLY = "read_only"
    ALL = (ADMINISTRATOR, SUPERVISOR, CASE_WORKER, READ_ONLY)
    LABELS = {ADMINISTRATOR: N_("Administrator"), SUPERVISOR: N_("Supervisor"),
              CASE_WORKER: N_("Case worker"), READ_ONLY: N_("Read only")}


class Action:
    VIEW_CASES = "view_cases"
    EDIT_CASES = "edit_cases"
    DELETE_CASES = "delete_cases"
    IMPORT = "import"
    EXPORT = "export"
    VIEW_REPORTS = "view_reports"
    MANAGE_QUOTAS = "manage_quotas"
    OVERRIDE_QUOTA = "override_quota"
    RECORD_PAYMENTS = "record_payments"
    MANAGE_REFERENCE = "manage_reference"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    # Replacing the whole database (users and roles included) and writing audit entries by hand are
    # administrator-only: either would otherwise let a lower role rewrite who may do what.
    RESTORE = "restore"
    RECORD_AUDIT = "record_audit"
    APPROVE_MONTHS = "approve_months"  # approve a monthly report and freeze its month
    # Personal data (Law No. 94-V): recording or withdrawing a person's basis of processing; producing
    # a person's whole file (everything held, in one document that leaves the system); reading who
    # looked at which family (it tells colleagues' working habits, so supervisors and up).
    RECORD_CONSENT = "record_consent"
    SUBJECT_ACCESS = "subject_access"
    VIEW_ACCESS_LOG = "view_access_log"
    # Removing a person's data for good (retention, or on the person's request): administrator only.
    ANONYMISE = "anonymise"
    ALL = (VIEW_CASES, EDIT_CASES, DELETE_CASES, IMPORT, EXPORT, VIEW_REPORTS, MANAGE_QUOTAS,
           OVERRIDE_QUOTA, RECORD_PAYMENTS, MANAGE_REFERENCE, MANAGE_USERS, VIEW_AUDIT, BACKUP, RESTORE,
           RECORD_AUDIT, APPROVE_MONTHS, RECORD_CONSENT, SUBJECT_ACCESS, VIEW_ACCESS_LOG, ANONYMISE)


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(Action.ALL),
    Role.SUPERVISOR: frozenset(set(Action.ALL) - {Action.MANAGE_USERS, Action.MANAGE_REFERENCE, Action.RESTORE,
                                                  Action.RECORD_AUDIT, Action.ANONYMISE}),
    Role.CASE_WORKER: frozenset({Action.VIEW_CASES, Action.EDIT_CASES, Action.IMPORT, Action.EXPORT,
                                 Action.VIEW_REPORTS, Action.RECORD_PAYMENTS, Action.RECORD_CONSENT}),
    Role.READ_ONLY: frozenset({Action.VIEW_CASES, Action.VIEW_REPORTS, Action.VIEW_AUDIT}),
}


@dataclass(frozen=True)
class Actor:
    """Who is doing something: a signed-in user, or the system account for scripts."""

    user_id: int | None
    login: str
    role: str
    display_name: str = ""

    def can(self, action: str) -> bool:
        return action in ROLE_ACTIONS.get(self.role, frozenset())

    def require(self, action: str) -> None:
        if not self.can(action):
            raise PermissionDenied(action, self.role)


SYSTEM_ACTOR = Actor(user_id=None, login="system", role=Role.ADMINISTRATOR, display_name="System")


def command_line_actor(os_user: str) -> Actor:
    """Who the command line acts as: the operating-system account, as an administrator.

    Whoever can run commands on the machine that holds the database (or has the PostgreSQL
    credentials) already has all of its data; a password prompt would add no protection but
    would break scripts. What matters is that every change names the person: the audit log
    records ``cli:<os user>``.
    """
    name = "".join(ch for ch in os_user if ch.isalnum() or ch in "._-@")[:56] or "unknown"
    return Actor(user_id=None, login=f"cli:{name}", role=Role.ADMINISTRATOR, display_name=f"cli:{name}")


def is_valid_role(role: str) -> bool:
    return role in Role.ALL

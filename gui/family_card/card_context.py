"""What a family-card tab receives instead of the card window: a small typed context.

``FamilyRead`` is the card's one shared read of the family (made in the card's one read job,
off the GUI thread); ``CardContext`` gives a tab the family id, the services, the job runner,
whether the worker may edit, the newest read and the card's few actions (reload, run a write,
report a refusal, ask, tell). A tab never reaches into the window's attributes, so the window
may change its layout (groups, header) without touching a tab.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from domain.case_due import CaseDue
from i18n import Translator
from reports.message_text import task_text
from services.dto import CountryRow, FamilyDetails, RegionRow

if TYPE_CHECKING:
    from gui.jobs import JobRunner
    from services import AppServices


@dataclass(frozen=True)
class FamilyRead:
    """Everything the card shows, read together in one unit of work."""
    details: FamilyDetails
    tasks: Sequence[Any]  # services.records_dto.TaskRow, the family's tasks and reminders
    attachments: Sequence[Any]
    users: Sequence[Any]  # every user: names for logins and ids, assignees for a task
    history: Sequence[Any]  # the audit log's entries about the family
    basis: Any  # services.privacy: members without a basis of processing
    due: CaseDue
    regions: Sequence[RegionRow] = ()
    countries: Sequence[CountryRow] = ()
    plugged: Sequence[Any] = field(default=())  # what each registered tab's ``load`` returned, in order


@dataclass(frozen=True)
class CardContext:
    family_id: int
    services: "AppServices"
    jobs: "JobRunner"
    editable: bool
    window: QWidget  # the parent of the card's dialogs
    current_translator: Callable[[], Translator]
    current_read: Callable[[], FamilyRead | None]
    reload: Callable[[], None]
    run_write: Callable[..., Any]  # (fn, on_success=None, on_failure=None, label="")
    report_failure: Callable[[Exception], bool]
    notify: Callable[..., None]  # (text, error=False)
    confirm: Callable[[str], bool]
    open_url: Callable[[QUrl], Any]
    settings: Any = None  # gui.settings.UiSettings of the main window (None in tests of a card alone)

    # --- the newest state -------------------------------------------------------------
    @property
    def translator(self) -> Translator:
        return self.current_translator()

    @property
    def i18n(self) -> Translator:
        return self.current_translator()

    @property
    def read(self) -> FamilyRead | None:
        return self.current_read()

    @property
    def details(self) -> FamilyDetails | None:
        read = self.current_read()
        return read.details if read is not None else None

    def today(self) -> dt.date:
        return self.services.clock().date()

    # --- names for codes, logins and ids, in the current language ----------------------
    def country_names(self) -> dict[str, str]:
        read, language = self.current_read(), self.translator.language
        names = {row.code: row.name(language) for row in (read.countries if read else ())}
        return dict(sorted(names.items(), key=lambda item: item[1]))

    def country_name(self, code: str | None) -> str:
        return self.country_names().get(code or "", code or "")

    def region_name(self, code: str | None) -> str:
        read, language = self.current_read(), self.translator.language
        names = {row.code: row.name(language) for row in (read.regions if read else ())}
        return names.get(code or "", code or "—")

    def users(self) -> list[Any]:
        read = self.current_read()
        return list(read.users) if read is not None else []

    def user_name(self, login: str) -> str:
        return next((u.display_name or u.login for u in self.users() if u.login == login), login)

    def user_name_by_id(self, user_id: int | None) -> str:
        return next((u.display_name or u.login for u in self.users() if u.id == user_id), "—")

    def task_text(self, task: Any) -> str:
        return task_text(task, self.translator)


class SharedReadSection:
    """A built-in section of the card shown from the card's one shared read (``FamilyRead``): it
    has nothing of its own to load, and shows nothing until the first read has arrived."""

    hosted = True
    ctx: CardContext

    def load(self, services: "AppServices", family_id: int) -> None:
        return None

    def show_loaded(self, _data: None = None) -> None:
        read = self.ctx.read
        if read is not None:
            self.show_read(read)

    def show_read(self, read: FamilyRead) -> None:
        raise NotImplementedError

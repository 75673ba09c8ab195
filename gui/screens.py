"""Where features plug into the window: main screens and family-card tabs.

A feature module calls ``register_screen`` / ``register_family_tab`` at import time and
is listed in ``FEATURE_MODULES``; the main window and the family card build whatever is
registered, in ``order``. What a screen offers is declared by the protocols below
(``Refreshable``: ``refresh()`` when shown or on F5; ``ChangeAware``: ``on_changes``;
``Retranslatable``; ``KeepsState``: UI state in the settings); the window asks with
``isinstance``, never ``hasattr``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol, runtime_checkable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from domain.messages import N_  # noqa: F401 - titles are msgids marked where declared
from i18n import Translator
from services.changes import Changes

if TYPE_CHECKING:  # only for annotations: the window module imports this one
    from gui.events import AppEvents
    from gui.jobs import JobRunner
    from gui.settings import UiSettings
    from services import AppServices

# Feature modules that register screens or tabs (each area adds its own line).
FEATURE_MODULES = [
    "gui.registry.registry_view",
    "gui.quotas.dashboard_view", "gui.quotas.quotas_view", "gui.quotas.programmes_view",
    "gui.quotas.reference_view", "gui.family_card.tabs.quota_area_tabs",
    "gui.tasks.my_tasks_view", "gui.tasks.my_work_view",
    "gui.duplicates.duplicates_view",
    "gui.admin.audit_view",
    "gui.admin.admin_view",
    "gui.imports.import_screen",
    "gui.reports.reports_view",
    "gui.privacy.privacy_tab", "gui.privacy.view_log_view", "gui.privacy.legal_grounds_view",
    "gui.admin.retention_view",
]


@runtime_checkable
class Refreshable(Protocol):
    def refresh(self) -> None: ...


@runtime_checkable
class ChangeAware(Protocol):
    def on_changes(self, changes: Changes, initiator: object | None) -> None: ...


@runtime_checkable
class Retranslatable(Protocol):
    def retranslate_ui(self, translator: Translator) -> None: ...


@runtime_checkable
class KeepsState(Protocol):
    def restore_state(self, settings: "UiSettings") -> None: ...

    def save_state(self, settings: "UiSettings") -> None: ...


@runtime_checkable
class CardTab(Protocol):
    """A section of the family card, built-in or registered, given a CardContext
    (gui.family_card.card_context), never the card window. ``load`` runs in the card's one read
    job (a worker thread, inside the one shared read of the family) and returns what the shared
    read lacks (None for the built-in tabs); ``show_loaded`` shows it on the GUI thread, with the
    shared read at ``ctx.read``. A hosted tab never loads by itself; the card reloads it when
    the changes concern the family."""

    hosted: bool

    def load(self, services: "AppServices", family_id: int) -> Any: ...

    def show_loaded(self, data: Any) -> None: ...

    def set_editable(self, editable: bool) -> None: ...

    def retranslate_ui(self, translator: Translator) -> None: ...


class WindowHost(Protocol):
    """What a screen may ask of the main window."""

    refresh_action: QAction

    def open_family(self, family_id: int) -> Any: ...


@dataclass
class ScreenContext:
    """What a screen receives: services, the job runner, app events, the current translator,
    the window (None in tests that build a screen alone) and the family cards open in it."""

    services: "AppServices"
    jobs: "JobRunner"
    events: "AppEvents"
    translator: Translator
    window: WindowHost | None = None
    family_cards: dict[int, QWidget] = field(default_factory=dict)


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # an N_() msgid
    factory: Callable[[ScreenContext], QWidget]
    order: int = 100
    action: str | None = None  # the permission needed to see it (domain.permissions.Action)


@dataclass(frozen=True)
class FamilyTabSpec:
    key: str
    title: str  # an N_() msgid
    factory: Callable[[Any, int], QWidget]  # (context, family_id): a CardContext on a card, a ScreenContext alone
    order: int = 100
    action: str | None = None
    group: str = ""  # the card's group it is a section of (family_card_window.CARD_GROUPS); "" = a group of its own


_SCREENS: dict[str, ScreenSpec] = {}
_FAMILY_TABS: dict[str, FamilyTabSpec] = {}


def register_screen(spec: ScreenSpec) -> None:
    _SCREENS[spec.key] = spec


def register_family_tab(spec: FamilyTabSpec) -> None:
    _FAMILY_TABS[spec.key] = spec


def load_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(name)


def screens() -> list[ScreenSpec]:
    load_features()
    return sorted(_SCREENS.values(), key=lambda s: (s.order, s.key))


def family_tabs() -> list[FamilyTabSpec]:
    load_features()
    return sorted(_FAMILY_TABS.values(), key=lambda s: (s.order, s.key))

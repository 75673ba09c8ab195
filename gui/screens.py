"""Where features plug into the window: main screens and family-card tabs.

A feature module calls ``register_screen`` / ``register_family_tab`` at import time and
is listed in ``FEATURE_MODULES``; the main window and the family card build whatever is
registered, in ``order``. Every screen widget offers ``retranslate_ui(translator)`` and
``on_changes(changes, initiator)``; ``refresh()`` is called when the screen is shown.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from domain.messages import N_  # noqa: F401 - titles are msgids marked where declared
from i18n import Translator

# Feature modules that register screens or tabs (each area adds its own line).
FEATURE_MODULES = [
    "gui.registry.registry_view",
    "gui.quotas.dashboard_view", "gui.quotas.quotas_view", "gui.quotas.programmes_view",
    "gui.quotas.reference_view", "gui.quotas.family_tabs",
    "gui.tasks.my_tasks_view", "gui.tasks.my_work_view",
    "gui.duplicates.duplicates_view",
    "gui.admin.audit_view",
    "gui.admin.admin_view",
    "gui.imports.import_screen",
    "gui.reports.reports_view",
    "gui.privacy.privacy_tab", "gui.privacy.view_log_view", "gui.privacy.legal_grounds_view",
    "gui.admin.retention_view",
]


@dataclass
class ScreenContext:
    """What a screen receives: services, the job runner, app events, the current translator."""

    services: Any
    jobs: Any
    events: Any
    translator: Translator
    window: Any = None


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
    factory: Callable[[ScreenContext, int], QWidget]  # (context, family_id)
    order: int = 100
    action: str | None = None


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

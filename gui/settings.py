"""UI state that survives a restart: geometry, splitter, column widths, last filters, language.

Each key is declared once with its default (Picard's option registry). Values are kept
as text in an INI file so the file stays readable and typed the same on every platform:
bytes as base64, structured values as JSON. The folder is ``QANDAS_CONFIG_DIR`` when set
(tests, portable installs), else ``QANDAS_DATA_DIR`` when set, else the user's config folder.
Business settings never live here: they are in the database behind services.
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T
    kind: str  # "str", "bytes" or "json"


WINDOW_GEOMETRY: Key[bytes] = Key("window/geometry", b"", "bytes")
WINDOW_STATE: Key[bytes] = Key("window/state", b"", "bytes")
MAIN_SPLITTER: Key[bytes] = Key("window/splitter", b"", "bytes")
CURRENT_SCREEN: Key[str] = Key("window/current_screen", "registry", "str")
UI_LANGUAGE: Key[str] = Key("ui/language", "", "str")
REGISTRY_COLUMN_WIDTHS: Key[dict] = Key("registry/column_widths", {}, "json")
REGISTRY_FILTER: Key[dict] = Key("registry/filter", {}, "json")
REGISTRY_SORT: Key[list] = Key("registry/sort", ["name", False], "json")
DUPLICATES_SPLITTER: Key[bytes] = Key("duplicates/splitter", b"", "bytes")
REGISTRY_COLUMNS_CHOSEN: Key[dict] = Key("registry/columns_chosen", {}, "json")  # column → shown (True/False)
REGISTRY_SAVED_FILTERS: Key[dict] = Key("registry/saved_filters", {}, "json")  # name → view state
CARD_COLUMNS_CHOSEN: Key[dict] = Key("card/columns_chosen", {}, "json")  # table → column → shown
NAVIGATION_WIDTH: Key[str] = Key("window/navigation_width", "", "str")  # pixels, kept apart from the splitter
LAST_LOGIN: Key[str] = Key("session/last_login", "", "str")  # filled in on the next sign-in (issue 17 §4)

ALL_KEYS = (WINDOW_GEOMETRY, WINDOW_STATE, MAIN_SPLITTER, CURRENT_SCREEN, UI_LANGUAGE,
            REGISTRY_COLUMN_WIDTHS, REGISTRY_FILTER, REGISTRY_SORT, DUPLICATES_SPLITTER, REGISTRY_COLUMNS_CHOSEN,
            REGISTRY_SAVED_FILTERS, NAVIGATION_WIDTH, LAST_LOGIN, CARD_COLUMNS_CHOSEN)


def config_dir() -> Path:
    for variable in ("QANDAS_CONFIG_DIR", "QANDAS_DATA_DIR"):
        value = os.environ.get(variable)
        if value:
            return Path(value)
    import platformdirs
    return Path(platformdirs.user_config_dir("Qandas", appauthor=False))


class UiSettings:
    """A typed wrapper over ``QSettings`` in INI format."""

    FILE_NAME = "qandas-ui.ini"

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else config_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(self.folder / self.FILE_NAME), QSettings.Format.IniFormat)

    @property
    def path(self) -> Path:
        return Path(self._qsettings.fileName())

    def get(self, key: Key[T]) -> T:
        raw = self._qsettings.value(key.name, None)
        if raw is None or raw == "":
            return key.default
        try:
            if key.kind == "bytes":
                return base64.b64decode(str(raw).encode("ascii"))  # type: ignore[return-value]
            if key.kind == "json":
                value = json.loads(str(raw))
                return value if isinstance(value, type(key.default)) else key.default
            return str(raw)  # type: ignore[return-value]
        except (ValueError, TypeError):
            return key.default  # a damaged value is ignored, never fatal

    def set(self, key: Key[T], value: T) -> None:
        if key.kind == "bytes":
            text = base64.b64encode(bytes(value)).decode("ascii")  # type: ignore[arg-type]
        elif key.kind == "json":
            text = json.dumps(value, ensure_ascii=False, default=str)
        else:
            text = str(value)
        self._qsettings.setValue(key.name, text)

    def sync(self) -> None:
        self._qsettings.sync()

    def clear(self) -> None:
        self._qsettings.clear()

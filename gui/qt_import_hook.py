"""PySide6's import hook, made cheap.

After ``import PySide6`` every module imported for the first time is asked whether it uses
PySide6 (for its optional ``from __feature__ import snake_case``): shiboken answers with
``inspect.getsource`` (linecache, every line split), about 2 ms a module — with the window's
~500 modules a tenth of a cold start. The same question is answered here by one read of the
module's file; for a module without a ``.py`` file the original answer is kept."""
from __future__ import annotations

import sys
from types import ModuleType


def speed_up_pyside_import_hook() -> bool:
    """Replace shiboken's check with the same test on the file's bytes; False when this
    PySide6 has no such hook (then nothing changes)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "_qandas_fast", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None)
        if isinstance(origin, str) and origin.endswith(".py"):
            try:
                with open(origin, "rb") as handle:
                    return b"PySide6" in handle.read()
            except OSError:
                return False  # as the original: a module without readable source does not use it
        return original(module)

    uses_pyside._qandas_fast = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
    return True

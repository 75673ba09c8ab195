"""Fixtures of every GUI test: a fresh UI-state folder, a filled database, the main window."""
from tests.gui.shell_fixtures import filled, ui_config, window  # noqa: F401  (fixtures, found by name)

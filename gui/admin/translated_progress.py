"""Progress whose messages are translated before the shared progress dialog shows them."""
from __future__ import annotations

from i18n import Translator


class TranslatedProgress:
    def __init__(self, progress, translator: Translator) -> None:
        self._progress = progress
        self._translator = translator

    def step(self, done: int, total: int | None = None, message: str = "") -> None:
        self._progress.step(done, total, self._translator.gettext(message) if message else "")

    def check(self) -> None:
        self._progress.check()

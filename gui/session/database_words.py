"""The database named in words on the sign-in dialog and the status bar, never as a URL."""
from __future__ import annotations

from i18n import Translator


def describe_database(place, translator: Translator) -> str:
    """"this computer: qandas.sqlite3" or "server: host, database"; a plain string passes through
    (older callers and tests hand the window a label of their own)."""
    if place is None:
        return ""
    if isinstance(place, str):
        return place
    if place.kind == "file":
        return translator.format("this computer: {file}", file=place.name)
    return translator.format("server: {host}, {database}", host=place.host, database=place.name)

"""How Qandas starts another process of itself.

From the source tree that is this Python with ``-m main``; in the PyInstaller bundle the
interpreter *is* the Qandas executable, which takes the command line directly (``-m`` would be
read as an unknown option). The TLS gateway of a hosted register and the start-up entry of the
host PC both go through here, so they work in both.
"""
from __future__ import annotations

import sys

TLS_GATEWAY = "--tls-gateway"  # main.py's hidden entry: the gateway process of a hosted register


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def qandas_command(*args: str) -> list[str]:
    """The command line that runs ``qandas ARGS`` as a new process."""
    if frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "main", *args]

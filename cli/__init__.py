"""The command line: ``python main.py [--db URL] [--lang kk|ru|en] COMMAND``.

Each command lives in its own module with ``register(subparsers)``; its handler gets
the parsed arguments and a ``CliContext`` and returns the exit code. Exit codes are a
public interface: 0 done, 1 refused (bad data, failed check), 2 usage error.
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

"""Qandas: the composition root. ``python main.py --help`` lists the commands."""
from __future__ import annotations

import sys


def main() -> int:
    from cli.app import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())

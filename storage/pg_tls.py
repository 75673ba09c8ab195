"""TLS between the PCs of a centre: a certificate made at host set-up, pinned by each client.

There is no certificate authority in a centre. The host makes a self-signed certificate once;
a client fetches it on its first connection (trust on first use: the administrator compares the
fingerprint the client shows with the one the host showed), keeps it, and from then on connects
with ``sslmode=verify-ca`` against exactly that certificate, so a PC pretending to be the host
is refused.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import socket
import ssl
import struct

from domain.errors import DomainError
from domain.messages import N_

SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # PostgreSQL's "let us speak TLS" packet


class TlsError(DomainError):
    """The host's certificate cannot be fetched or does not match."""


def make_certificate(names: list[str], years: int = 20) -> tuple[bytes, bytes]:
    """(certificate PEM, private key PEM) for the host, valid for its names and addresses."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64] if names else "qandas-host"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Qandas")])
    alternative = []
    for name in dict.fromkeys(names):
        try:
            alternative.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternative.append(x509.DNSName(name))
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365 * years))
                   .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def host_names() -> list[str]:
    """This PC's name and addresses, for the certificate."""
    names = [socket.gethostname(), "localhost", "127.0.0.1"]
    try:
        names += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        pass
    return [n for n in dict.fromkeys(names) if n]


def fingerprint(pem: bytes) -> str:
    """SHA-256 of the certificate, as pairs of hex digits (what the administrator compares)."""
    der = ssl.PEM_cert_to_DER_cert(pem.decode("ascii"))
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def fetch_certificate(host: str, port: int, timeout: float = 10.0) -> bytes:
    """The certificate the server at host:port presents (not verified: this is the first use)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(SSL_REQUEST)
            answer = sock.recv(1)
            if answer != b"S":
                raise TlsError(N_("The register's server at {host} does not offer encryption."), host=host)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with context.wrap_socket(sock, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as error:
        if isinstance(error, TlsError):
            raise
        raise TlsError(N_("The centre's register at {host} cannot be reached: {detail}"), host=host,
                       detail=str(error)) from error
    return ssl.DER_cert_to_PEM_cert(der).encode("ascii")

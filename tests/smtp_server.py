"""A real SMTP server for the sending tests: aiosmtpd on 127.0.0.1, on a free port, keeping what it
receives; addresses in `refused` get a 550, and with `password` set a login is required."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tools.bench.server import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def attachments(self) -> list[tuple[str, bytes]]:
        return [(part.get_filename(), part.get_content()) for part in self.message.iter_attachments()]


@dataclass
class Handler:
    refused: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Unknown user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (its IP in the subject alternative name) and its key, as PEM files:
    the CA file a client is told to trust, and the server's pair."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Server:
    """`tls`: None (plain), "starttls" (STARTTLS offered and required) or "tls" (implicit TLS), with
    `cert` = (certificate, key) from self_signed()."""

    def __init__(self, refused=(), user: str | None = None, password: str | None = None, tls: str | None = None,
                 cert: tuple[Path, Path] | None = None):
        self.handler = Handler(set(refused))
        self.port = free_port()
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*cert)
            kwargs = {"tls_context": context, "require_starttls": True} if tls == "starttls" \
                else {"ssl_context": context}
        if password is not None:
            def check(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                    and auth_data.password.decode() == password
                return AuthResult(success=ok, handled=False)

            kwargs |= {"authenticator": check, "auth_required": True, "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

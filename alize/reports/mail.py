"""Sending one message over SMTP (STARTTLS, TLS, or plain for a local relay) and telling apart what
went wrong: each failure is an AlizeError with a French message and an outcome for the send log:

- `failed`: the settings are wrong (unknown host, login refused, TLS refused): tried again next run,
  once an admin has fixed them;
- `temporary`: the server is down or said 4xx: tried again next run;
- `refused`: the server refused this recipient for good (5xx): not tried again.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from alize import AlizeError, settings


class SendError(AlizeError):
    def __init__(self, outcome: str, key: str, **fields):
        self.outcome = outcome
        super().__init__(key=key, **fields)


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    user: str
    password: str
    sender: str
    security: str
    timeout: float
    ca_file: str = ""             # a CA bundle trusted besides the system's (a relay's private certificate)

    def tls_context(self) -> ssl.SSLContext:
        """Certificates checked, host name included: never an unverified TLS connection."""
        context = ssl.create_default_context()  # the system's CAs; with cafile= alone they would not load
        try:
            if self.ca_file:
                context.load_verify_locations(cafile=self.ca_file)
            return context
        except (OSError, ssl.SSLError) as exc:
            raise SendError("failed", "error.smtp_ca_file", path=self.ca_file, detail=_detail(exc)) from None

    @classmethod
    def from_settings(cls, raw: dict | None = None) -> Smtp:
        """settings.smtp_settings() checked: a missing host, a bad port or security is a French line."""
        raw = settings.smtp_settings() if raw is None else raw
        if not raw["host"]:
            raise SendError("failed", "error.smtp_not_configured")
        if raw["security"] not in settings.SMTP_SECURITY:
            raise SendError("failed", "error.smtp_security", value=raw["security"])
        try:
            port, timeout = int(raw["port"]), float(raw["timeout"])
        except ValueError:
            raise SendError("failed", "error.smtp_port", value=f"{raw['port']} / {raw['timeout']}") from None
        if not (0 < port < 65536) or timeout <= 0:
            raise SendError("failed", "error.smtp_port", value=f"{raw['port']} / {raw['timeout']}")
        if not raw["sender"]:
            raise SendError("failed", "error.smtp_sender")
        return cls(raw["host"], port, raw["user"], raw["password"], raw["sender"], raw["security"], timeout,
                   raw.get("ca_file", ""))


def message(smtp: Smtp, to: str, subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, to, subject
    msg["Date"], msg["Message-ID"] = formatdate(localtime=True), make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    msg.set_content(body)
    if attachment:
        name, data = attachment
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg


def _detail(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    return (str(exc).splitlines() or [type(exc).__name__])[0] or type(exc).__name__


def _connect(smtp: Smtp) -> smtplib.SMTP:
    where = {"host": smtp.host, "port": smtp.port}
    context = smtp.tls_context() if smtp.security != "none" else None
    try:
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        try:
            client.ehlo()
            if smtp.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.user:
                client.login(smtp.user, smtp.password)
        except BaseException:
            client.close()
            raise
        return client
    except socket.gaierror as exc:
        raise SendError("failed", "error.smtp_host", detail=_detail(exc), **where) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError("failed", "error.smtp_login", user=smtp.user, detail=_detail(exc), **where) from None
    except (smtplib.SMTPNotSupportedError, ssl.SSLError) as exc:
        raise SendError("failed", "error.smtp_tls", security=smtp.security, detail=_detail(exc), **where) from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise SendError("temporary", "error.smtp_temporary", detail=_detail(exc), **where) from None
        raise SendError("failed", "error.smtp_other", detail=_detail(exc), **where) from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError) as exc:  # refused, timed out, down
        raise SendError("temporary", "error.smtp_connect", detail=_detail(exc), **where) from None


def send(smtp: Smtp, msg: EmailMessage) -> None:
    """Deliver one message to its one recipient, or raise a SendError."""
    to = str(msg["To"])
    client = _connect(smtp)
    where = {"host": smtp.host, "port": smtp.port}
    try:
        client.send_message(msg, from_addr=smtp.sender, to_addrs=[to])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (550, b""))
        detail = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}".strip()
        outcome = "temporary" if 400 <= code < 500 else "refused"
        raise SendError(outcome, "error.smtp_recipient" if outcome == "refused" else "error.smtp_temporary",
                        recipient=to, detail=detail, **where) from None
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused
        outcome = "temporary" if 400 <= exc.smtp_code < 500 else "failed"
        raise SendError(outcome, "error.smtp_temporary" if outcome == "temporary" else "error.smtp_other",
                        detail=_detail(exc), **where) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError("temporary", "error.smtp_connect", detail=_detail(exc), **where) from None
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()

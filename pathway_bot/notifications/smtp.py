"""Email through an SMTP server (stdlib smtplib): smtp://user:pass@host:port?starttls=required,
or smtps://user:pass@host:port for TLS from the first byte."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications.senders import OutgoingMessage, SendFailed

_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_STARTTLS = ("required", "never")


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: bool  # smtps: TLS from the start
    starttls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError("PATHWAY_SMTP_URL must be smtp://host:port or smtps://host:port")
    starttls = parse_qs(parts.query).get("starttls", ["never"])[0]
    if starttls not in _STARTTLS:
        raise ValueError(f"starttls must be one of {', '.join(_STARTTLS)}")
    return SmtpServer(
        host=parts.hostname, port=parts.port or _DEFAULT_PORTS[parts.scheme],
        tls=parts.scheme == "smtps", starttls=starttls == "required",
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None)


def as_email(message: OutgoingMessage, mail_from: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = message.address
    email["Subject"] = message.subject or ""
    email["Date"] = formatdate(usegmt=True)
    # The outbox id, so a copy sent twice (the one crash window) can be recognised.
    email["Message-ID"] = f"<{message.id}@{mail_from.rpartition('@')[2] or 'pathway-bot'}>"
    email.set_content(message.body)
    return email


class SmtpSender:
    """Keeps one connection open across messages, and opens another when it drops."""

    def __init__(self, server: SmtpServer, mail_from: str, timeout: float):
        if not mail_from:
            raise ValueError("PATHWAY_MAIL_FROM must be set to send email by SMTP")
        self.server = server
        self.mail_from = mail_from
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    @classmethod
    def from_settings(cls, settings: NotificationSettings) -> SmtpSender:
        return cls(parse_smtp_url(settings.smtp_url), settings.mail_from,
                   settings.send_timeout_seconds)

    def send(self, message: OutgoingMessage) -> None:
        try:
            self._connected().send_message(as_email(message, self.mail_from))
        except smtplib.SMTPRecipientsRefused as refused:
            code = next(iter(refused.recipients.values()))[0]
            raise SendFailed(f"smtp {code} recipient", permanent=code >= 500) from None
        except smtplib.SMTPResponseException as error:
            self.close()
            raise SendFailed(f"smtp {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise SendFailed(f"smtp {type(error).__name__}") from None

    def _connected(self) -> smtplib.SMTP:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        context = ssl.create_default_context()
        connection = (smtplib.SMTP_SSL(server.host, server.port, timeout=self.timeout,
                                       context=context) if server.tls
                      else smtplib.SMTP(server.host, server.port, timeout=self.timeout))
        if server.starttls:
            connection.starttls(context=context)
        if server.username:
            connection.login(server.username, server.password or "")
        return connection

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

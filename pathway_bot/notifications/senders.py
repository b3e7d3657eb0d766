"""What the worker hands messages to: one interface, a sender per channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMessage:
    id: str  # the outbox id: the email's Message-ID, Notify's reference
    channel: str
    address: str
    subject: str | None
    body: str


class SendFailed(Exception):
    """The message was not handed over. `code` says why without repeating the server's words
    (they can quote the address); `permanent` when trying again cannot help."""

    def __init__(self, code: str, *, permanent: bool = False):
        super().__init__(code)
        self.code = code[:80]
        self.permanent = permanent


class Sender(Protocol):
    def send(self, message: OutgoingMessage) -> None:
        """Hand the message over, or raise SendFailed."""

    def close(self) -> None: ...


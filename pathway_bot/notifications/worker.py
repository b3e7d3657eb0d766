"""`pathway-bot worker`: sends what the outbox holds, at least once, and never loses a message.

Each message is marked sent in its own commit straight after it is handed over, so a worker
killed at any moment leaves at most one message sent but not marked: the next worker sends
it again once the dead worker's lease runs out. That is the only way a duplicate can happen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications.claims import Claimed, claim_due, mark_failed, mark_sent, release
from pathway_bot.notifications.senders import Sender, SendFailed
from pathway_bot.persistence.models.outbox import CHANNELS, DEAD

# Ids, counts and error codes only: never an address or a message's words.
log = logging.getLogger("pathway_bot.outbox")

Sessions = Callable[[], AbstractContextManager[Session]]
Clock = Callable[[], datetime]


class OutboxWorker:
    def __init__(self, *, sessions: Sessions, senders: dict[str, Sender],
                 settings: NotificationSettings, clock: Clock):
        self.sessions = sessions
        self.senders = senders
        self.settings = settings
        self.clock = clock

    def describe(self) -> str:
        """What this worker will send, and what waits for a sender; said at start-up."""
        if not self.senders:
            return ("No sender is configured (PATHWAY_SMTP_URL or PATHWAY_NOTIFY_API_KEY): "
                    "messages stay queued until one is.")
        said = f"Sending {' and '.join(sorted(self.senders))} from the outbox."
        waiting = sorted(set(CHANNELS) - set(self.senders))
        if waiting:
            said += f" No sender for {' or '.join(waiting)}: those messages stay queued."
        return said

    def run(self, stop: threading.Event) -> None:
        """Send until `stop` is set; a full batch is followed by the next one at once."""
        try:
            while not stop.is_set():
                if self.send_due(stop) < self.settings.batch_size:
                    stop.wait(self.settings.idle_poll_seconds)
        finally:
            for sender in self.senders.values():
                sender.close()

    def send_due(self, stop: threading.Event | None = None) -> int:
        """Claim one batch of due messages and send it; returns how many were claimed."""
        if not self.senders:
            return 0
        with self.sessions() as session:
            batch = claim_due(session, channels=self.senders, now=self.clock(),
                              settings=self.settings)
            for position, claimed in enumerate(batch):
                if (stop is not None and stop.is_set()) or self._lease_too_short(claimed):
                    release(session, batch[position:], self.clock())
                    break
                self._deliver(session, claimed)
        return len(batch)

    def _lease_too_short(self, claimed: Claimed) -> bool:
        # A send that could outlast the lease might meet a second worker sending the same
        # message: give it back instead, while it is still ours.
        margin = timedelta(seconds=self.settings.send_timeout_seconds)
        return self.clock() + margin >= claimed.lease_until

    def _deliver(self, session: Session, claimed: Claimed) -> None:
        message = claimed.message
        try:
            self.senders[message.channel].send(message)
        except SendFailed as failure:
            self._failed(session, claimed, failure)
            return
        except Exception as error:  # a sender's own fault: retried, never fatal to the rest
            self._failed(session, claimed, SendFailed(f"unexpected {type(error).__name__}"))
            return
        mark_sent(session, claimed, self.clock())

    def _failed(self, session: Session, claimed: Claimed, failure: SendFailed) -> None:
        state = mark_failed(session, claimed, failure, self.clock(), self.settings)
        log.warning("outbox message %s on %s not sent (%s, attempt %d): %s",
                    claimed.message.id, claimed.message.channel, failure.code,
                    claimed.attempts, "a dead letter now" if state == DEAD else "will retry")

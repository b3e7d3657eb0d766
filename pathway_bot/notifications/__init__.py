"""Notifications that are never lost: messages to families and practitioners, written to a
durable outbox in the same transaction as the change that causes them, and sent by
`pathway-bot worker` through SMTP or GOV.UK Notify, at least once.

A duplicate can happen only when a worker dies between handing a message over and marking
it sent; every message carries its outbox id (the email's Message-ID, Notify's reference),
so it can be recognised.
"""

from pathway_bot.notifications.compose import Composer, Draft
from pathway_bot.notifications.outbox import Outbox
from pathway_bot.notifications.worker import OutboxWorker

__all__ = ["Composer", "Draft", "Outbox", "OutboxWorker"]

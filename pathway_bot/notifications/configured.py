"""The senders the configuration provides, one per channel."""

from __future__ import annotations

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications.notify import NotifySender
from pathway_bot.notifications.senders import Sender
from pathway_bot.notifications.smtp import SmtpSender
from pathway_bot.persistence.models.outbox import EMAIL, SMS


def senders_from(settings: NotificationSettings) -> dict[str, Sender]:
    """Email by SMTP if it is set, else by Notify; SMS only by Notify. A channel with no
    sender keeps its messages queued."""
    senders: dict[str, Sender] = {}
    if settings.smtp_url:
        senders[EMAIL] = SmtpSender.from_settings(settings)
    elif settings.notify_api_key and settings.notify_email_template_id:
        senders[EMAIL] = NotifySender.from_settings(settings, EMAIL)
    if settings.notify_api_key and settings.notify_sms_template_id:
        senders[SMS] = NotifySender.from_settings(settings, SMS)
    return senders

"""Email and SMS through GOV.UK Notify. One template per channel whose body is `((body))`
(and the email's subject `((subject))`): the words are ours, from our catalogs."""

from __future__ import annotations

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications.senders import OutgoingMessage, SendFailed
from pathway_bot.persistence.models.outbox import EMAIL

# Notify refuses these for the message itself (a bad address, say): trying again cannot help.
_PERMANENT = {400}


class NotifySender:
    def __init__(self, client: NotificationsAPIClient, channel: str, template_id: str):
        self.client = client
        self.channel = channel
        self.template_id = template_id

    @classmethod
    def from_settings(cls, settings: NotificationSettings, channel: str) -> NotifySender:
        client = NotificationsAPIClient(settings.notify_api_key,
                                        base_url=settings.notify_base_url,
                                        timeout=settings.send_timeout_seconds)
        template_id = (settings.notify_email_template_id if channel == EMAIL
                       else settings.notify_sms_template_id)
        return cls(client, channel, template_id)

    def send(self, message: OutgoingMessage) -> None:
        try:
            if self.channel == EMAIL:
                self.client.send_email_notification(
                    email_address=message.address, template_id=self.template_id,
                    personalisation={"subject": message.subject or "", "body": message.body},
                    reference=message.id)
            else:
                self.client.send_sms_notification(
                    phone_number=message.address, template_id=self.template_id,
                    personalisation={"body": message.body}, reference=message.id)
        except APIError as error:
            raise SendFailed(f"notify {error.status_code}",
                             permanent=error.status_code in _PERMANENT) from None
        except RequestException as error:
            raise SendFailed(f"notify {type(error).__name__}") from None

    def close(self) -> None:
        self.client.request_session.close()

"""GOV.UK Notify, against a local stub of its HTTP API: one template per channel whose body
is ((body)), the message's words in the personalisation and its outbox id as the reference."""

from datetime import timedelta

from sqlalchemy import select

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications import OutboxWorker
from pathway_bot.notifications.configured import senders_from
from pathway_bot.notifications.report import outbox_report
from pathway_bot.persistence.models.outbox import OutboxMessage
from tests.requests_factories import NOW, create_request
from tests.services.test_outbox_messages import family_contact
from tests.support.mail import NOTIFY_API_KEY, NotifyStub

EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "4a0ed7a5-5cc3-4b5d-8dd9-50e7a1d6c7b2"


def notify_worker(runtime, stub: NotifyStub, api_key=NOTIFY_API_KEY) -> OutboxWorker:
    chosen = NotificationSettings(notify_api_key=api_key, notify_base_url=stub.base_url,
                                  notify_email_template_id=EMAIL_TEMPLATE,
                                  notify_sms_template_id=SMS_TEMPLATE)
    return OutboxWorker(sessions=runtime.database.session, senders=senders_from(chosen),
                        settings=chosen, clock=lambda: NOW + timedelta(days=1))


def test_notify_receives_each_channels_template_words_and_reference(runtime):
    with runtime.database.session() as session:
        request = create_request(session, runtime, contact=family_contact())
    with NotifyStub() as stub:
        assert notify_worker(runtime, stub).send_due() == 2
    by_channel = {posted["channel"]: posted for posted in stub.received}
    email, sms = by_channel["email"], by_channel["sms"]
    assert (email["template_id"], email["email_address"]) == (EMAIL_TEMPLATE, "sam@example.org")
    assert (sms["template_id"], sms["phone_number"]) == (SMS_TEMPLATE, "07700 900123")
    assert email["personalisation"]["subject"].startswith("We have your request for support")
    for posted in (email, sms):
        assert request.reference in posted["personalisation"]["body"]
    with runtime.database.session() as session:
        assert outbox_report(session).counts["sent"] == 2
    assert email["reference"] != sms["reference"]
    assert {email["reference"], sms["reference"]} == _outbox_ids(runtime)


def test_a_message_notify_refuses_is_a_dead_letter(runtime):
    with runtime.database.session() as session:
        create_request(session, runtime, contact=family_contact(safe_to_email=False,
                                                             preferred_contact_method="text"))
    with NotifyStub(refuse_with=400) as stub:
        notify_worker(runtime, stub).send_due()
    with runtime.database.session() as session:
        [dead] = outbox_report(session).dead_letters
    assert (dead.channel, dead.last_error) == ("sms", "notify 400")


def test_a_wrong_key_is_retried_not_lost(runtime):
    with runtime.database.session() as session:
        create_request(session, runtime, contact=family_contact(safe_to_email=False,
                                                             preferred_contact_method="text"))
    with NotifyStub() as stub:
        notify_worker(runtime, stub, api_key=f"test_key-{'0' * 36}-{'1' * 36}").send_due()
    with runtime.database.session() as session:
        counts = outbox_report(session).counts
    assert (counts["queued"], stub.received) == (1, [])


def _outbox_ids(runtime) -> set[str]:
    with runtime.database.session() as session:
        return set(session.scalars(select(OutboxMessage.id)))

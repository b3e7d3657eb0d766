"""Every word a notification uses is in the English catalog, and the draft Welsh has every
message a family is sent, placeholders intact."""

import re

from babel.messages.pofile import read_po

from pathway_bot import PROJECT_ROOT
from pathway_bot.requests.announcements import ALLOCATED, DECLINED, EVENTS

LOCALES = PROJECT_ROOT / "locales"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def read(locale: str):
    with (LOCALES / locale / "LC_MESSAGES" / "notifications.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def ids_a_notification_uses() -> list[str]:
    ids = ["notification.email.body", "notification.sms.body",
           "notification.declined.signposted"]
    spoken_to = [("family", event) for event in EVENTS]
    spoken_to += [("lead_professional", event) for event in (ALLOCATED, DECLINED)]
    for audience, event in spoken_to:
        ids += [f"notification.{audience}.{event}.{part}" for part in
                ("subject", "status", "next")]
        if event == ALLOCATED:
            ids.append(f"notification.{audience}.{event}.status_unnamed")
    return ids


def test_every_message_a_notification_uses_is_in_the_english_catalog():
    english = read("en")
    missing = [i for i in ids_a_notification_uses() if not (english.get(i) and english[i].string)]
    assert missing == []


def test_every_message_to_a_family_has_welsh_with_the_same_placeholders():
    english, welsh = read("en"), read("cy")
    to_families = [i for i in ids_a_notification_uses() if ".lead_professional." not in i]
    for message_id in to_families:
        translated = welsh.get(message_id)
        assert translated is not None and translated.string and not translated.fuzzy, message_id
        assert sorted(PLACEHOLDER.findall(translated.string)) == sorted(
            PLACEHOLDER.findall(english[message_id].string)), message_id

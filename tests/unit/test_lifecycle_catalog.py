"""Every word of a request's life after allocation is in English, with a draft Welsh
translation whose placeholders match."""

import re

from babel.messages.pofile import read_po

from pathway_bot import PROJECT_ROOT
from pathway_bot.requests.lifecycle import STATUSES, lifecycle, stage_label

LOCALES = PROJECT_ROOT / "locales"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def read(locale: str):
    with (LOCALES / locale / "LC_MESSAGES" / "lifecycle.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_every_stage_a_family_can_be_shown_has_english_and_welsh_with_the_same_placeholders():
    english, welsh = read("en"), read("cy")
    ids = {stage_label(status) for status in STATUSES} | {
        m.id for m in english if m.id}
    assert lifecycle().message_ids() <= ids
    for message_id in ids:
        assert english.get(message_id) is not None and english[message_id].string, message_id
        translated = welsh.get(message_id)
        assert translated is not None and translated.string, message_id
        assert sorted(PLACEHOLDER.findall(translated.string)) == sorted(
            PLACEHOLDER.findall(english[message_id].string)), message_id


def test_the_welsh_catalog_says_it_is_a_draft_for_a_translator():
    text = (LOCALES / "cy" / "LC_MESSAGES" / "lifecycle.po").read_text(encoding="utf-8")
    assert "DRAFT TRANSLATION" in text and "Welsh translator" in text

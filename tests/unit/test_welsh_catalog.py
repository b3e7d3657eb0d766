"""The draft Welsh catalog covers the young person and practitioner flows, placeholders intact."""

import re

from babel.messages.pofile import read_po

from pathway_bot import PROJECT_ROOT

LOCALES = PROJECT_ROOT / "locales"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
FLOWS = ("young_person.", "practitioner.")


def read(locale: str):
    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_every_young_person_and_practitioner_message_has_welsh_with_the_same_placeholders():
    english, welsh = read("en"), read("cy")
    ids = [m.id for m in english if m.id and str(m.id).startswith(FLOWS)]
    assert ids
    for message_id in ids:
        translated = welsh.get(message_id)
        assert translated is not None and translated.string, message_id
        assert not translated.fuzzy, message_id
        assert sorted(PLACEHOLDER.findall(translated.string)) == sorted(
            PLACEHOLDER.findall(english[message_id].string)
        ), message_id

"""Every word on the web pages comes from the catalogs, in English and (draft) Welsh."""

import re

from pathway_bot import PROJECT_ROOT

WEB = PROJECT_ROOT / "pathway_bot" / "web"
# Whole ids only; ids built from a prefix at run time (e.g. 'web.error.' ~ kind) are left out.
MESSAGE_ID = re.compile(r"""\bt\(\s*['"]([a-z_.]+)['"]\s*[,)]""")


def used_message_ids() -> set[str]:
    sources = [*WEB.glob("templates/*.html"), *WEB.glob("*.py")]
    return {found for path in sources for found in MESSAGE_ID.findall(path.read_text())}


def test_every_message_the_pages_use_has_english_text(catalogs):
    missing = sorted(m for m in used_message_ids() if not catalogs.has(m))
    assert missing == []


def test_the_welsh_web_pages_and_family_questions_are_translated(catalogs):
    english_web = {m for m in catalogs.message_ids("en") if m.startswith("web.")}
    welsh = catalogs.message_ids("cy")
    assert len(english_web - welsh) <= 1  # the service's name stays as it is
    family = {m for m in catalogs.message_ids("en") if m.startswith("family.")}
    assert family <= welsh


def test_the_welsh_catalogs_say_they_are_a_draft_to_be_checked():
    for po in (PROJECT_ROOT / "locales" / "cy" / "LC_MESSAGES").glob("*.po"):
        assert "DRAFT TRANSLATION" in po.read_text(), po.name

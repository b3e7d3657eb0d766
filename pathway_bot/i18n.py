"""Message catalogs. Every word a person sees is looked up here by message id.

Catalogs are Babel `.po` files under `locales/<lang>/LC_MESSAGES/` (one file per part of the
product: messages.po, directory.po, requests.po, web.po ...); English (`en`) holds the source
text and every other language falls back to it message by message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

SOURCE_LOCALE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language, as a switcher shows it


class Catalogs:
    def __init__(self, messages: dict[str, dict[str, str]],
                 local_words: dict[str, dict[str, str]] | None = None):
        if SOURCE_LOCALE not in messages:
            raise ValueError("the English catalog (locales/en) is required")
        self._messages = messages
        # An area's own words (its words.yaml), read before the shared catalogs: a council's
        # tier names, its localities, its front door. Shared, not copied, per area.
        self._local = local_words or {}

    def with_local_words(self, words: dict[str, dict[str, str]]) -> Catalogs:
        """These catalogs as one area speaks: its words first, then everyone's."""
        merged = {locale: {**self._local.get(locale, {}), **texts}
                  for locale, texts in words.items()}
        for locale, texts in self._local.items():
            merged.setdefault(locale, texts)
        return Catalogs(self._messages, merged)

    @property
    def locales(self) -> list[str]:
        return sorted(self._messages, key=lambda code: (code != SOURCE_LOCALE, code))

    def languages(self) -> list[Language]:
        return [Language(code, _native_name(code)) for code in self.locales]

    def has(self, message_id: str) -> bool:
        return message_id in self._messages[SOURCE_LOCALE] \
            or message_id in self._local.get(SOURCE_LOCALE, ())

    def message_ids(self, locale: str = SOURCE_LOCALE) -> set[str]:
        return set(self._messages.get(locale, {})) | set(self._local.get(locale, {}))

    def supports(self, locale: str) -> bool:
        return locale in self._messages

    def text(self, message_id: str, locale: str = SOURCE_LOCALE, **params) -> str:
        template = (
            (self._local and self._local_text(message_id, locale))
            or self._messages.get(locale, {}).get(message_id)
            or self._messages[SOURCE_LOCALE].get(message_id)
            or message_id
        )
        if not params:
            return template
        try:
            return template % params
        except (KeyError, ValueError, TypeError):
            return self._messages[SOURCE_LOCALE].get(message_id, message_id) % params

    def _local_text(self, message_id: str, locale: str) -> str | None:
        """The area's word in this language, else in English where the shared catalog has
        no such message in this language either (an area's own locality, say)."""
        own = self._local.get(locale, {}).get(message_id)
        if own is not None:
            return own
        if message_id in self._messages.get(locale, {}):
            return None
        return self._local.get(SOURCE_LOCALE, {}).get(message_id)


def _native_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(code).capitalize()
    except (ValueError, LookupError):
        return code


def load_catalogs(locales_dir: Path) -> Catalogs:
    messages: dict[str, dict[str, str]] = {}
    for po_path in sorted(locales_dir.glob("*/LC_MESSAGES/*.po")):
        code = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        messages.setdefault(code, {}).update(
            (str(message.id), str(message.string))
            for message in catalog
            if message.id and message.string and not message.fuzzy
        )
    return Catalogs(messages)


@lru_cache(maxsize=8)
def catalogs_for(locales_dir: Path) -> Catalogs:
    return load_catalogs(locales_dir)

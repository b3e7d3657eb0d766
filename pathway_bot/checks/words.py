"""The words an area pack can use: the product's catalogs, with the pack's own words.yaml
laid over them (`{en: {message_id: text}, cy: {...}}`), and what is wrong with that file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pathway_bot import yaml_data
from pathway_bot.checks.problem import Problem
from pathway_bot.i18n import SOURCE_LOCALE, Catalogs

WORDS_FILE = "words.yaml"
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


@dataclass(frozen=True)
class PackMessages:
    """Which message ids a pack can say. Without a words file: the catalogs alone, as
    `pathway-bot flows check` has always read them."""

    catalogs: Catalogs
    overrides: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    words_file: Path | None = None

    def has(self, message_id: str) -> bool:
        return message_id in self.overrides.get(SOURCE_LOCALE, {}) or \
            self.catalogs.has(message_id)

    def english(self, message_id: str) -> str:
        own = self.overrides.get(SOURCE_LOCALE, {}).get(message_id)
        return own if own is not None else self.catalogs.text(message_id)

    def missing(self, message_id: str) -> str:
        """Why a message id cannot be said, and where to add its words."""
        if self.words_file is None:
            return f"message {message_id!r} is not in the English catalog"
        return (f"message {message_id!r} has no English words: add it to "
                f"{self.words_file} under en (or to locales/en/LC_MESSAGES/*.po)")


def read_pack_words(folder: Path, catalogs: Catalogs) -> tuple[PackMessages, list[Problem]]:
    """The pack's words, keeping only the entries that are sound, and the problems with the
    others."""
    path = folder / WORDS_FILE
    if not path.exists():
        return PackMessages(catalogs), []
    try:
        data = yaml_data.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        return PackMessages(catalogs), [Problem(str(path), "words", f"not readable YAML: {error}")]
    if not isinstance(data, dict):
        return PackMessages(catalogs), [Problem(
            str(path), "words", "must map each language (en, cy) to its words, like "
            "`en: {district.north: North}`")]
    problems: list[Problem] = []
    overrides: dict[str, dict[str, str]] = {}
    for locale, words in data.items():
        if not catalogs.supports(str(locale)):
            problems.append(Problem(str(path), "words", f"{locale!r} is not a language the "
                                    f"product has; use one of {', '.join(catalogs.locales)}"))
            continue
        sound, wrong = _sound_words(str(locale), words, catalogs)
        overrides[str(locale)] = sound
        problems += [Problem(str(path), "words", line) for line in wrong]
    messages = PackMessages(catalogs, overrides, path)
    problems += [Problem(str(path), "words", line) for line in _without_english(messages)]
    return messages, problems


def _sound_words(locale: str, words: Any, catalogs: Catalogs) -> tuple[dict[str, str],
                                                                       list[str]]:
    if not isinstance(words, dict):
        return {}, [f"{locale}: must map message ids to their words, like "
                    "`district.north: North`"]
    sound: dict[str, str] = {}
    wrong: list[str] = []
    for message_id, text in words.items():
        where = f"{locale}.{message_id}"
        if not isinstance(text, str) or not text.strip():
            wrong.append(f"{where}: give the words as text; an empty entry says nothing")
            continue
        changed = _placeholders_changed(str(message_id), text, catalogs)
        if changed:
            wrong.append(f"{where}: {changed}")
            continue
        sound[str(message_id)] = text
    return sound, wrong


def _placeholders_changed(message_id: str, text: str, catalogs: Catalogs) -> str | None:
    """Words that replace the catalog's may fill in only details (%(name)s) the catalog's
    words are given: fewer is fine (a front door has no district to name), another is not."""
    if not catalogs.has(message_id):
        return None
    given_to_it = set(_PLACEHOLDER.findall(catalogs.text(message_id)))
    unknown = set(_PLACEHOLDER.findall(text)) - given_to_it
    if not unknown:
        return None
    return (f"these fill in {sorted(unknown)}, which the product does not give these words "
            f"(it gives {sorted(given_to_it) or 'nothing'}); use only those %(name)s")


def _without_english(messages: PackMessages) -> Iterable[str]:
    """Words in another language for a message that has no English: English is what every
    language falls back to."""
    for locale, words in sorted(messages.overrides.items()):
        if locale == SOURCE_LOCALE:
            continue
        for message_id in sorted(words):
            if not messages.has(message_id):
                yield (f"{locale}.{message_id}: has no English words to fall back to; add "
                       f"them under en")

"""Reading the safety lexicon (flows/area/safety_lexicon.yaml) into plain, checked data.

Every check names the place in the file and says how to put it right, because the person
fixing it may be a safeguarding lead rather than a programmer.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from pathway_bot.errors import FlowError

Kind = Literal["harm", "self_harm"]
KINDS: tuple[Kind, ...] = ("harm", "self_harm")

# libyaml's parser where PyYAML has it: every area pack's lexicon is read at start-up.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafetyLexiconError(FlowError):
    """A safety lexicon that cannot be used. The message says where, and how to fix it."""


@dataclass(frozen=True)
class Review:
    status: str
    reviewed_by: str | None
    reviewed_on: datetime.date | None
    how_changes_are_signed_off: str


@dataclass(frozen=True)
class Entry:
    """One or more patterns of one kind, calmed by the same harmless-context words."""

    kind: Kind
    patterns: tuple[str, ...]
    unless_near: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    drafted_by: str
    drafted_on: datetime.date
    review: Review
    words_between: int
    calm_window: int
    misspelling_min_length: int
    word_endings: tuple[str, ...]
    shorthand: Mapping[str, str]
    catch_misspellings_of: tuple[str, ...]
    not_misspellings: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]]
    entries: tuple[Entry, ...]


def read_lexicon(path: Path) -> Lexicon:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise SafetyLexiconError(f"{path}: cannot be read as YAML ({error})") from error
    try:
        return parse_lexicon(data)
    except SafetyLexiconError as error:
        raise SafetyLexiconError(f"{path}: {error}") from error


def parse_lexicon(data: Any) -> Lexicon:
    top = _mapping(data, "the file")
    settings = _mapping(_required(top, "settings"), "settings")
    return Lexicon(
        drafted_by=_text(_required(top, "drafted_by"), "drafted_by"),
        drafted_on=_date(_required(top, "drafted_on"), "drafted_on"),
        review=_review(_required(top, "review")),
        words_between=_count(_required(settings, "words_between"), "settings.words_between"),
        calm_window=_count(_required(settings, "calm_window"), "settings.calm_window"),
        misspelling_min_length=_count(_required(settings, "misspelling_min_length"),
                                      "settings.misspelling_min_length"),
        word_endings=_texts(_required(top, "word_endings"), "word_endings"),
        shorthand=_shorthand(top.get("shorthand", {})),
        catch_misspellings_of=_texts(top.get("catch_misspellings_of", []),
                                     "catch_misspellings_of"),
        not_misspellings=_grouped_texts(top.get("not_misspellings", []), "not_misspellings"),
        groups=_groups(top.get("groups", {})),
        entries=(*_entries(top, "harm"), *_entries(top, "self_harm")),
    )


def _review(value: Any) -> Review:
    review = _mapping(value, "review")
    if "reviewed_by" not in review:
        raise SafetyLexiconError(
            "review: add `reviewed_by:` (null until the safeguarding lead signs it off)")
    reviewed_by = review["reviewed_by"]
    reviewed_on = review.get("reviewed_on")
    return Review(
        status=_text(_required(review, "status"), "review.status"),
        reviewed_by=None if reviewed_by is None else _text(reviewed_by, "review.reviewed_by"),
        reviewed_on=None if reviewed_on is None else _date(reviewed_on, "review.reviewed_on"),
        how_changes_are_signed_off=_text(_required(review, "how_changes_are_signed_off"),
                                         "review.how_changes_are_signed_off"),
    )


def _entries(top: Mapping[str, Any], kind: Kind) -> list[Entry]:
    section = _mapping(_required(top, kind), kind)
    unknown = set(section) - {"words", "phrases"}
    if unknown:
        raise SafetyLexiconError(f"{kind}: unknown part(s) {sorted(unknown)}; "
                                 "use `words` and `phrases`")
    entries = [Entry(kind, _texts(section.get("words", []), f"{kind}.words"))]
    for index, item in enumerate(_list(section.get("phrases", []), f"{kind}.phrases")):
        where = f"{kind}.phrases[{index}]"
        phrase = _mapping(item, where)
        entries.append(Entry(kind, _texts(_required(phrase, "match", where), f"{where}.match"),
                             _texts(phrase.get("unless_near", []), f"{where}.unless_near")))
    if not any(entry.patterns for entry in entries):
        raise SafetyLexiconError(f"{kind}: list at least one word or phrase")
    return entries


def _groups(value: Any) -> dict[str, tuple[str, ...]]:
    groups = _mapping(value, "groups")
    return {str(name): _texts(words, f"groups.{name}") for name, words in groups.items()}


def _shorthand(value: Any) -> dict[str, str]:
    shorthand = _mapping(value, "shorthand")
    return {str(word): _text(meaning, f"shorthand.{word}") for word, meaning in shorthand.items()}


def _required(mapping: Mapping[str, Any], key: str, where: str = "the file") -> Any:
    if key not in mapping:
        raise SafetyLexiconError(f"{where}: `{key}` is missing; add it")
    return mapping[key]


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise SafetyLexiconError(f"{where}: expected `name: value` lines, found {value!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SafetyLexiconError(f"{where}: expected a list (lines starting with `- `)")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_text(item, f"{where}[{index}]")
                 for index, item in enumerate(_list(value, where)))


def _grouped_texts(value: Any, where: str) -> tuple[str, ...]:
    """Words listed singly or in small lists (`- [eaten, eating]`), read as one list."""
    words: list[str] = []
    for index, item in enumerate(_list(value, where)):
        words.extend(_texts(item, f"{where}[{index}]") if isinstance(item, list)
                     else (_text(item, f"{where}[{index}]"),))
    return tuple(words)


def _text(value: Any, where: str) -> str:
    # YAML reads a bare 2 or yes as a number or a boolean; the lexicon means the word.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SafetyLexiconError(f"{where}: expected words, found {value!r}")
    text = str(value).strip()
    if not text:
        raise SafetyLexiconError(f"{where}: is empty; write the words or remove the line")
    return text


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SafetyLexiconError(f"{where}: expected a whole number of words, found {value!r}")
    return value


def _date(value: Any, where: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise SafetyLexiconError(f"{where}: expected a date like 2026-12-01, "
                                 f"found {value!r}") from error

"""Checks of the local area, the decision rules, and the flows against the area."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pathway_bot import yaml_data
from pathway_bot.area import Area, load_area
from pathway_bot.area.lifecycle import FILE as LIFECYCLE_FILE
from pathway_bot.area.lifecycle import load_lifecycle
from pathway_bot.assessment.profile import NEED_AREAS, NeedsProfile
from pathway_bot.assessment.rules import load_rules
from pathway_bot.checks.problem import Problem
from pathway_bot.checks.words import PackMessages
from pathway_bot.conditions import referenced_profile_fields
from pathway_bot.engine.options import AREA_OPTIONS
from pathway_bot.errors import FlowError
from pathway_bot.flows.model import Flow, Question

DISTRICT_OPTIONS = "area.districts"
# What every contact must say about where its details come from and whom it serves.
CONTACT_PROVENANCE = ("source", "source_quote", "last_verified", "min_age", "max_age")
_WEB_PAGE = re.compile(r"^https?://\S+$")


# A check reads the files as they are now, never a copy cached earlier in the process.
read_area = load_area.__wrapped__
read_rules = load_rules.__wrapped__


def check_rules(rules_file: Path, messages: PackMessages) -> list[Problem]:
    """The decision rules load, and every reason they give has its words."""
    source = str(rules_file)
    try:
        rules = read_rules(rules_file)
    except (FlowError, yaml.YAMLError) as error:
        return [Problem(source, "rules", str(error))]
    return [Problem(source, "messages", messages.missing(m))
            for m in sorted(rules.message_ids()) if not messages.has(m)]


def check_area(area_dir: Path, messages: PackMessages) -> tuple[Area | None, list[Problem]]:
    """The local area in `area_dir`, if it loads, and what is wrong with it: the support it
    offers by name must read real profile fields and have its words."""
    try:
        area = read_area(area_dir)
    except FlowError as error:
        return None, [Problem(str(area_dir), "area", str(error))]
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        return None, [Problem(str(area_dir), "area", f"the area does not load: "
                              f"{error.__class__.__name__} {error}; compare its files with "
                              "flows/area")]
    return area, [*_check_lesser_known_support(area_dir / "might_not_know.yaml", messages),
                  *check_contacts(area_dir / "contacts.yaml"),
                  *check_lifecycle(area_dir, messages)]


def check_lifecycle(area_dir: Path, messages: PackMessages) -> list[Problem]:
    """The request lifecycle: every status the product relies on, each in one of the seeds'
    stages, the moves between them, the response times, and the stages' words."""
    source = str(area_dir / LIFECYCLE_FILE)
    try:
        data = load_lifecycle(area_dir)
    except FlowError as error:
        return [Problem(source, "lifecycle", str(error))]
    return [Problem(source, "messages", messages.missing(m))
            for m in sorted(data.message_ids()) if not messages.has(m)]


def check_contacts(source: Path) -> Iterable[Problem]:
    """Every contact names the public page its details come from, quotes it, says when it
    was last checked and which ages it serves; its number and email are in the quote, so
    none can be made up."""
    data = yaml_data.safe_load(source.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        yield Problem(str(source), "contacts", "must map each contact's id to its details, "
                      "as in flows/area/contacts.yaml")
        return
    for key, contact in data.items():
        if key == "shown_for":
            continue
        if not isinstance(contact, dict):
            yield Problem(str(source), "contacts", f"{key}: give its name, phone or email, "
                          "source, source_quote, last_verified and ages")
            continue
        for message in _contact_problems(contact):
            yield Problem(str(source), "contacts", f"{key}: {message}")


def _contact_problems(contact: dict[str, Any]) -> Iterable[str]:
    missing = [name for name in CONTACT_PROVENANCE if name not in contact]
    if missing:
        yield (f"add {', '.join(missing)}: a contact says where its details come from, when "
               "they were last checked and which ages it serves (max_age: null for no limit)")
        return
    for page in ("source", "age_source"):
        if page in contact and not _WEB_PAGE.match(str(contact[page])):
            yield f"{page} must be the address of a public web page (http:// or https://)"
    if not isinstance(contact["last_verified"], date):
        yield "last_verified must be a date, like 2026-12-01"
    yield from _age_problems(contact["min_age"], contact["max_age"])
    yield from _details_not_quoted(contact)


def _age_problems(low: Any, high: Any) -> Iterable[str]:
    if not _whole_years(low):
        yield "min_age must be a whole number of years, 0 or more"
    elif high is not None and (not _whole_years(high) or high < low):
        yield "max_age must be a whole number of years, at least min_age, or null for no limit"


def _whole_years(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _details_not_quoted(contact: dict[str, Any]) -> Iterable[str]:
    quote = str(contact.get("source_quote") or "")
    phone = str(contact.get("phone") or "")
    if phone and _digits(phone) not in _digits(quote):
        yield f"the phone number {phone} is not in source_quote: quote the page that gives it"
    email = str(contact.get("email") or "")
    if email and email.lower() not in quote.lower():
        yield f"the email address {email} is not in source_quote: quote the page that gives it"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _check_lesser_known_support(source: Path, messages: PackMessages) -> Iterable[Problem]:
    known = ({f.name for f in fields(NeedsProfile)} - {"needs"}) | {
        f"needs.{a}" for a in NEED_AREAS}
    for entry in yaml_data.safe_load(source.read_text(encoding="utf-8")) or []:
        unknown = referenced_profile_fields(entry.get("fits", {"all": []})) - known
        if unknown:
            yield Problem(str(source), "profile fields", f"{entry['code']} reads "
                          f"{sorted(unknown)}, which a needs profile does not have; use one "
                          f"of {sorted(known)}")
        message = f"signpost.might.{entry['code']}"
        if not messages.has(message):
            yield Problem(str(source), "messages", messages.missing(message))


def check_options_agree_with_area(flow: Flow, area: Area) -> Iterable[Problem]:
    """Options taken from the area name something it has; districts a flow lists itself are
    exactly the area's."""
    for question in flow.questions.values():
        if question.options_from is not None and question.options_from not in AREA_OPTIONS:
            yield Problem(flow.source, "options_from", f"{question.id} takes its options from "
                          f"{question.options_from!r}, which the area does not have; use one "
                          f"of {sorted(AREA_OPTIONS)}")
        if question.options and _fills_district(question):
            yield from _check_listed_districts(flow, question, area)


def _fills_district(question: Question) -> bool:
    return any(fill.field == "district" for fill in question.fills)


def _check_listed_districts(flow: Flow, question: Question, area: Area) -> Iterable[Problem]:
    listed = {option.value for option in question.options}
    unknown = sorted(map(str, listed - set(area.district_ids)))
    missing = sorted(set(area.district_ids) - listed)
    if unknown or missing:
        yield Problem(flow.source, "districts", f"{question.id} lists districts that disagree "
                      f"with {area.directory / 'area.yaml'} (not in the area: {unknown}; "
                      f"left out: {missing}); replace its options with "
                      f"`options_from: {DISTRICT_OPTIONS}`")

"""Checks of an area pack's data once its area loads: meetings, the Local Offer, the front
door, the flows' options, its words and rules, and the files the area itself does not read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pathway_bot import yaml_data
from pathway_bot.area import Area
from pathway_bot.area.meetings import load_meeting_calendar
from pathway_bot.checks.area import check_options_agree_with_area, check_rules, read_rules
from pathway_bot.checks.area_file import AREA_FILE, read_yaml
from pathway_bot.checks.problem import Problem
from pathway_bot.checks.words import PackMessages
from pathway_bot.directory.importing import DEFAULT_SERVICES_FILE, shipped_feed
from pathway_bot.directory.local_offer_source import SOURCE_FILE, read_source
from pathway_bot.directory.oruk_import import AreaNames
from pathway_bot.engine.options import AREA_OPTIONS
from pathway_bot.errors import FlowError
from pathway_bot.flows import load_flow_registry
from pathway_bot.insights.settings import load_insight_settings
from pathway_bot.safety import SafetyNet
from pathway_bot.safety.lexicon import parse_lexicon

RULES_FILE = "rules.yaml"


def check_meetings(area: Area) -> list[Problem]:
    """Every district has a meeting schedule, and the bank holidays are dates."""
    try:
        load_meeting_calendar(area.directory, area.district_ids)
    except FlowError as error:
        return [Problem(str(area.directory / "meetings.yaml"), "meetings", str(error))]
    return []


def check_local_offer(area: Area, messages: PackMessages) -> list[Problem]:
    """Every service follows the Local Offer's source rules, and services.json is the feed
    local_offer.yaml builds."""
    source = area.directory / SOURCE_FILE
    names = AreaNames({d.id: messages.english(d.name) for d in area.districts},
                      messages.english(area.name), area_id=area.id)
    try:
        reading = read_source(source, names)
    except (yaml.YAMLError, AttributeError, TypeError) as error:
        return [Problem(str(source), "local offer", f"cannot be read as a Local Offer source "
                        f"({error}); compare it with flows/area/{SOURCE_FILE}")]
    if reading.problems:
        return [Problem(str(source), "local offer", line) for line in reading.problems]
    if not all(messages.has(d.name) for d in area.districts):
        return []  # the feed names the districts: first their words (check_pack_messages)
    return list(_feed_out_of_date(area.directory / DEFAULT_SERVICES_FILE,
                                  shipped_feed(reading.services)))


def _feed_out_of_date(shipped: Path, built: dict[str, Any]) -> Iterable[Problem]:
    try:
        matches = json.loads(shipped.read_text(encoding="utf-8")) == json.loads(
            json.dumps(built))
    except json.JSONDecodeError:
        matches = False
    if not matches:
        yield Problem(str(shipped), "local offer", f"is not the feed {SOURCE_FILE} builds: "
                      "build it again from the source (`pathway-bot services build`)")


def check_front_door(area: Area) -> list[Problem]:
    """A single front door names a contact the pack has."""
    door = _front_door(area)
    if door is None or door.get("contact") in area.contacts:
        return []
    return [Problem(str(area.directory / AREA_FILE), "front door",
                    f"front_door names the contact {door.get('contact')!r}, which is not in "
                    f"contacts.yaml; use one of {', '.join(sorted(area.contacts))}")]


def _front_door(area: Area) -> dict[str, Any] | None:
    data, _ = read_yaml(area.directory / AREA_FILE)
    door = data.get("front_door") if isinstance(data, dict) else None
    return door if isinstance(door, dict) else None


def check_options_from(area: Area, flows_dir: Path) -> list[Problem]:
    """Every question whose options come from the area finds some in this pack; a flow that
    lists districts itself lists exactly this pack's."""
    try:
        flows = load_flow_registry(flows_dir).newest_flows()
    except FlowError as error:
        return [Problem(str(flows_dir), "flows", f"the flows do not load, so the pack cannot "
                        f"be checked against them ({error}); run `pathway-bot flows check`")]
    problems = [p for flow in flows for p in check_options_agree_with_area(flow, area)]
    for flow in flows:
        for question in flow.questions.values():
            options_of = AREA_OPTIONS.get(question.options_from or "")
            if options_of is not None and not options_of(area, area):
                problems.append(Problem(str(area.directory), "options_from", f"{flow.name} "
                                        f"asks {question.id} from {question.options_from}, "
                                        "which this pack leaves empty"))
    return problems


def check_pack_messages(area: Area, messages: PackMessages) -> list[Problem]:
    """Every local word the pack uses can be said: in the catalogs or in its words.yaml."""
    used = dict(_used_message_ids(area))
    return [Problem(str(area.directory / where), "messages", messages.missing(message_id))
            for message_id, where in sorted(used.items()) if not messages.has(message_id)]


def _used_message_ids(area: Area) -> Iterable[tuple[str, str]]:
    yield area.name, AREA_FILE
    for district in area.districts:
        yield district.name, AREA_FILE
        if district.allocations_group:
            yield district.allocations_group, AREA_FILE
    door = _front_door(area)
    if door and isinstance(door.get("name"), str):
        yield door["name"], AREA_FILE
    for contact in area.contacts.values():
        yield contact.name, "contacts.yaml"
        yield contact.description, "contacts.yaml"
    for step in area.next_steps:
        yield f"next_step.{step.code}", "next_steps.yaml"


def check_pack_rules(folder: Path, flows_dir: Path, messages: PackMessages) -> list[Problem]:
    """The pack's own rules.yaml, or else the deployment's: it loads, its reasons have words,
    and so do the names of its tiers."""
    own = folder / RULES_FILE
    rules_file = own if own.is_file() else flows_dir / RULES_FILE
    problems = check_rules(rules_file, messages)
    if problems:
        return problems
    if own.is_file():
        problems += _confirm_problems(own)
    tiers = read_rules(rules_file).tiers
    labels = [f"tier.{tier.tier}{part}" for tier in tiers for part in ("", ".summary")]
    return [*problems, *(Problem(str(rules_file), "messages", messages.missing(label))
                         for label in labels if not messages.has(label))]


def _confirm_problems(rules_file: Path) -> Iterable[Problem]:
    data, _ = read_yaml(rules_file)
    if isinstance(data, dict) and not isinstance(data.get("confirm", False), bool):
        yield Problem(str(rules_file), "rules", "confirm: write true (the council has not "
                      "confirmed these thresholds yet) or false")


def check_other_files(folder: Path) -> list[Problem]:
    """The files the area loader does not read: what the insights count, the safety net's
    words and the search's everyday words."""
    problems: list[Problem] = []
    for name, load in (("insights.yaml", load_insight_settings),
                       ("safety_lexicon.yaml", _compile_lexicon)):
        try:
            load(folder / name)
        except (FlowError, yaml.YAMLError) as error:
            problems.append(Problem(str(folder / name), name.removesuffix(".yaml"), str(error)))
    return [*problems, *_synonym_problems(folder / "search_synonyms.yaml")]


def _compile_lexicon(path: Path) -> None:
    """The safety net compiles from the lexicon, as it does at start-up."""
    _compiled(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _compiled(lexicon: str) -> None:
    # By its text: packs that share a lexicon (most do) are compiled once, not once each.
    SafetyNet.from_lexicon(parse_lexicon(yaml_data.safe_load(lexicon)))


def _synonym_problems(path: Path) -> Iterable[Problem]:
    data, problems = read_yaml(path)
    yield from problems
    if problems:
        return
    if data is not None and not (isinstance(data, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items())):
        yield Problem(str(path), "search words", "map each everyday phrase to the words it "
                      "should also search for, like `respite: short breaks`")

"""Named semantic checks over flows, after the JSON Schema. Each problem says how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import yaml

from pathway_bot.area import load_area
from pathway_bot.assessment.profile import NEED_AREAS, NeedsProfile
from pathway_bot.assessment.rules import load_rules
from pathway_bot.errors import FlowError
from pathway_bot.flows.conditions import referenced_answers, referenced_profile_fields
from pathway_bot.flows.loader import flow_schema, read_flow_file
from pathway_bot.flows.model import ENDINGS, Flow
from pathway_bot.flows.registry import flow_files
from pathway_bot.i18n import Catalogs

CHOICE_TYPES = {"single", "multi"}
PROFILE_FIELDS = ("age", "district", "support_tried", "progress_with_support", "has_ehcp",
                  "risk_of_harm", "consent_to_share", *(f"needs.{a}" for a in NEED_AREAS))


@dataclass(frozen=True)
class Problem:
    source: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: [{self.check}] {self.message}"


def edges(flow: Flow) -> dict[str, set[str]]:
    return {qid: {n.target for n in q.next if not n.is_end} for qid, q in flow.questions.items()}


def reachable(flow: Flow) -> set[str]:
    graph, seen, todo = edges(flow), set(), [flow.start]
    while todo:
        qid = todo.pop()
        if qid in seen or qid not in flow.questions:
            continue
        seen.add(qid)
        todo.extend(graph[qid])
    return seen


def ancestors(flow: Flow) -> dict[str, set[str]]:
    """For each question, every question that can come before it."""
    graph = edges(flow)
    before: dict[str, set[str]] = {qid: set() for qid in flow.questions}
    order = list(TopologicalSorter({q: {p for p, ts in graph.items() if q in ts}
                                    for q in graph}).static_order())
    for qid in order:
        for target in graph[qid]:
            if target in before:
                before[target] |= before[qid] | {qid}
    return before


def check_targets(flow: Flow) -> Iterable[Problem]:
    if flow.start not in flow.questions:
        yield Problem(flow.source, "start", f"start {flow.start!r} is not a question here")
    elif flow.questions[flow.start].conditional:
        yield Problem(flow.source, "start", "the first question cannot have ask_if")
    for question in flow.questions.values():
        for step in question.next:
            if step.is_end and step.target not in ENDINGS:
                yield Problem(flow.source, "targets", f"{question.id} ends in unknown "
                              f"{step.target!r}; use one of {ENDINGS}")
            if not step.is_end and step.target not in flow.questions:
                yield Problem(flow.source, "targets", f"{question.id} goes to {step.target!r}, "
                              "which is not a question in this flow")


def check_terminates(flow: Flow) -> Iterable[Problem]:
    for question in flow.questions.values():
        if question.next[-1].conditional:
            yield Problem(flow.source, "terminates", f"{question.id}: the last entry of next "
                          "must have no `if`, so every answer has a way on")
    try:
        tuple(TopologicalSorter({q: targets for q, targets in edges(flow).items()})
              .static_order())
    except CycleError as cycle:
        yield Problem(flow.source, "no-loops", f"questions loop back on themselves: "
                      f"{' -> '.join(cycle.args[1])}; a flow must always move forward")


def check_reachable(flow: Flow) -> Iterable[Problem]:
    for qid in sorted(set(flow.questions) - reachable(flow)):
        yield Problem(flow.source, "reachable", f"{qid} can never be asked: no question goes "
                      "to it; add a goto or remove it")


def check_question_shapes(flow: Flow) -> Iterable[Problem]:
    for question in flow.questions.values():
        has_options = bool(question.options)
        if question.type in CHOICE_TYPES and not has_options:
            yield Problem(flow.source, "options", f"{question.id} is {question.type} and "
                          "needs options")
        if question.type not in CHOICE_TYPES and has_options:
            yield Problem(flow.source, "options", f"{question.id} is {question.type}; "
                          "options are only for single and multi questions")
        for fill in question.fills:
            area = fill.field.removeprefix("needs.")
            if fill.field.startswith("needs.") and area not in NEED_AREAS:
                yield Problem(flow.source, "fills", f"{question.id} fills unknown need area "
                              f"{area!r}; use one of {list(NEED_AREAS)}")


def check_conditions_read_earlier_answers(flow: Flow, raw: dict) -> Iterable[Problem]:
    try:
        before = ancestors(flow)
    except CycleError:
        return
    for qid, data in (raw.get("questions") or {}).items():
        conditions = [n["if"] for n in data.get("next", []) if "if" in n]
        conditions += [o["when"] for o in data.get("options", []) if "when" in o]
        conditions += [data["ask_if"]] if "ask_if" in data else []
        allowed = before.get(qid, set()) | {qid}
        for condition in conditions:
            for name in sorted(referenced_answers(condition) - allowed):
                yield Problem(flow.source, "conditions", f"{qid} reads the answer to {name!r},"
                              " which is never asked before it")


def check_messages(flow: Flow, catalogs: Catalogs) -> Iterable[Problem]:
    ids = {flow.title, flow.description}
    for question in flow.questions.values():
        ids |= {question.text, question.help, question.why}
        for option in question.options:
            ids |= {option.label, option.hint}
    for message_id in sorted(i for i in ids if i and not catalogs.has(i)):
        yield Problem(flow.source, "messages", f"message {message_id!r} is not in "
                      "locales/en/LC_MESSAGES/*.po; add its English text there")


def filled_fields(flow: Flow) -> set[str]:
    fields = {fill.field for q in flow.questions.values() for fill in q.fills}
    if "postcode" in fields:
        fields.add("district")  # a postcode inside the area finds its district
    return fields


def check_profile_filled(flow: Flow) -> Iterable[Problem]:
    for field in PROFILE_FIELDS:
        if field not in filled_fields(flow):
            yield Problem(flow.source, "profile", f"no question fills {field}; every field of "
                          "the needs profile must be filled on some path")


def need_levels(flows: Iterable[Flow]) -> dict[str, set[int]]:
    levels: dict[str, set[int]] = {area: {0} for area in NEED_AREAS}  # unasked means 0
    for flow in flows:
        for question in flow.questions.values():
            for fill in question.fills:
                if fill.field.startswith("needs."):
                    values = {o.value for o in question.options if isinstance(o.value, int)}
                    levels[fill.field.removeprefix("needs.")] |= values
    return levels


def check_all_levels(flows: list[Flow]) -> Iterable[Problem]:
    for area, levels in need_levels(flows).items():
        missing = sorted({0, 1, 2, 3, 4} - levels)
        if missing:
            yield Problem("flows", "levels", f"no flow can record {area} at level(s) {missing}")


def _raw(path: Path) -> dict:
    import yaml

    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def check_flow_file(path: Path, schema: dict, catalogs: Catalogs) -> tuple[Flow | None,
                                                                          list[Problem]]:
    try:
        flow = read_flow_file(path, schema)
    except FlowError as error:
        return None, [Problem(str(path), "schema", line) for line in str(error).splitlines()]
    problems = [*check_targets(flow), *check_terminates(flow)]
    if not problems:
        problems += [*check_reachable(flow),
                     *check_conditions_read_earlier_answers(flow, _raw(path))]
    problems += [*check_question_shapes(flow), *check_messages(flow, catalogs),
                 *check_profile_filled(flow)]
    return flow, problems


def check_rules(flows_dir: Path, catalogs: Catalogs) -> list[Problem]:
    source = str(flows_dir / "rules.yaml")
    try:
        rules = load_rules(flows_dir / "rules.yaml")
    except FlowError as error:
        return [Problem(source, "rules", str(error))]
    return [Problem(source, "messages", f"message {m!r} is not in the English catalog")
            for m in sorted(rules.message_ids()) if not catalogs.has(m)]


def check_area(flows_dir: Path, catalogs: Catalogs) -> list[Problem]:
    """The local area loads, and the support it offers by name reads real profile fields and
    has its words."""
    area_dir = flows_dir / "area"
    try:
        load_area(area_dir)
    except FlowError as error:
        return [Problem(str(area_dir), "area", str(error))]
    source = area_dir / "might_not_know.yaml"
    known = ({f.name for f in fields(NeedsProfile)} - {"needs"}) | {
        f"needs.{a}" for a in NEED_AREAS}
    problems = []
    for entry in yaml.safe_load(source.read_text(encoding="utf-8")) or []:
        unknown = referenced_profile_fields(entry.get("fits", {"all": []})) - known
        if unknown:
            problems.append(Problem(str(source), "profile fields",
                                    f"{entry['code']} reads {sorted(unknown)}, which a needs "
                                    f"profile does not have; use one of {sorted(known)}"))
        message = f"signpost.might.{entry['code']}"
        if not catalogs.has(message):
            problems.append(Problem(str(source), "messages",
                                    f"message {message!r} is not in the English catalog"))
    return problems


def check_flows(flows_dir: Path, catalogs: Catalogs) -> tuple[list[Flow], list[Problem]]:
    schema = flow_schema(flows_dir)
    flows, problems = [], []
    for path in flow_files(flows_dir):
        flow, found = check_flow_file(path, schema, catalogs)
        problems += found
        if flow is not None:
            flows.append(flow)
    problems += check_all_levels(flows)
    problems += check_rules(flows_dir, catalogs)
    problems += check_area(flows_dir, catalogs)
    return flows, problems

"""Named semantic checks over one flow, after the JSON Schema. Each problem says how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from graphlib import CycleError, TopologicalSorter

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.checks.problem import Problem
from pathway_bot.engine.profile import fields_filled
from pathway_bot.flows.model import ENDINGS, Flow
from pathway_bot.i18n import Catalogs

CHOICE_TYPES = {"single", "multi"}
PROFILE_FIELDS = ("age", "district", "support_tried", "progress_with_support", "has_ehcp",
                  "risk_of_harm", "self_harm", "consent_to_share",
                  *(f"needs.{a}" for a in NEED_AREAS))


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
        has_options = bool(question.options) or question.options_from is not None
        if question.options and question.options_from is not None:
            yield Problem(flow.source, "options", f"{question.id} has both options and "
                          "options_from; keep one")
        if question.type in CHOICE_TYPES and not has_options:
            yield Problem(flow.source, "options", f"{question.id} is {question.type} and "
                          "needs options (or options_from)")
        if question.type not in CHOICE_TYPES and has_options:
            yield Problem(flow.source, "options", f"{question.id} is {question.type}; "
                          "options are only for single and multi questions")
        for fill in question.fills:
            area = fill.field.removeprefix("needs.")
            if fill.field.startswith("needs.") and area not in NEED_AREAS:
                yield Problem(flow.source, "fills", f"{question.id} fills unknown need area "
                              f"{area!r}; use one of {list(NEED_AREAS)}")


def check_conditions_read_earlier_answers(flow: Flow) -> Iterable[Problem]:
    try:
        before = ancestors(flow)
    except CycleError:
        return
    for question in flow.questions.values():
        allowed = before.get(question.id, set()) | {question.id}
        for name in sorted(question.reads_answers - allowed):
            yield Problem(flow.source, "conditions", f"{question.id} reads the answer to "
                          f"{name!r}, which is never asked before it")


def check_messages(flow: Flow, catalogs: Catalogs) -> Iterable[Problem]:
    ids = {flow.title, flow.description, flow.consent_wording}
    if flow.start_choice is not None:
        ids |= {flow.start_choice.label, flow.start_choice.hint}
    for question in flow.questions.values():
        ids |= {question.text, question.help, question.why}
        for option in question.options:
            ids |= {option.label, option.hint}
    for message_id in sorted(i for i in ids if i and not catalogs.has(i)):
        yield Problem(flow.source, "messages", f"message {message_id!r} is not in "
                      "locales/en/LC_MESSAGES/*.po; add its English text there")


def filled_fields(flow: Flow) -> set[str]:
    return {reached for q in flow.questions.values() for fill in q.fills
            for reached in fields_filled(fill.field)}


def check_profile_filled(flow: Flow) -> Iterable[Problem]:
    filled = filled_fields(flow)
    for field in PROFILE_FIELDS:
        if field not in filled:
            yield Problem(flow.source, "profile", f"no question fills {field}; every field of "
                          "the needs profile must be filled on some path")


def check_flow(flow: Flow, catalogs: Catalogs) -> list[Problem]:
    """Every check of one flow; the graph is walked only once its targets and ends are sound."""
    problems = [*check_targets(flow), *check_terminates(flow)]
    if not problems:
        problems += [*check_reachable(flow), *check_conditions_read_earlier_answers(flow)]
    return [*problems, *check_question_shapes(flow), *check_messages(flow, catalogs),
            *check_profile_filled(flow)]

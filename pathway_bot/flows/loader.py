"""Read a flow file, validate it against flows/_schema.json, and build the frozen model."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pathway_bot import yaml_data
from pathway_bot.conditions import (
    compile_condition,
    referenced_answers,
    referenced_profile_fields,
)
from pathway_bot.errors import FlowError
from pathway_bot.flows.model import Fill, Flow, Next, Option, Question, Raiser, StartChoice


@lru_cache(maxsize=4)
def flow_schema(flows_dir: Path) -> dict[str, Any]:
    with (flows_dir / "_schema.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def schema_problems(data: object, schema: dict[str, Any], source: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        problems.append(f"{source}: at {where}: {error.message}")
    return problems


def _option(data: dict[str, Any], where: str) -> Option:
    when = data.get("when")
    return Option(
        value=data["value"],
        label=data["label"],
        hint=data.get("hint"),
        when=compile_condition(when, where) if when else Option.when,
        exclusive=bool(data.get("exclusive", False)),
        conditional=when is not None,
    )


def _fill(data: dict[str, Any], where: str) -> Fill:
    when = data.get("when")
    return Fill(
        field=data["field"],
        value=data.get("value"),
        has_value="value" in data,
        mapping=data.get("map"),
        when=compile_condition(when, where) if when else Fill.when,
    )


def _next(data: dict[str, Any], where: str) -> Next:
    condition = data.get("if")
    is_end = "end" in data
    return Next(
        target=data["end"] if is_end else data["goto"],
        is_end=is_end,
        when=compile_condition(condition, where) if condition else Next.when,
        conditional=condition is not None,
        source=data,
    )


def _question(question_id: str, data: dict[str, Any], source: str) -> Question:
    where = f"{source}: question {question_id}"
    ask_if = data.get("ask_if")
    conditions = _conditions_of(data)
    return Question(
        id=question_id,
        type=data["type"],
        text=data["text"],
        help=data.get("help"),
        why=data.get("why"),
        required=data.get("required", True),
        min=data.get("min"),
        max=data.get("max"),
        min_length=data.get("min_length"),
        max_length=data.get("max_length"),
        options=tuple(_option(o, where) for o in data.get("options") or ()),
        options_from=data.get("options_from"),
        fills=tuple(_fill(f, where) for f in data.get("fills") or ()),
        next=tuple(_next(n, where) for n in data["next"]),
        ask_if=compile_condition(ask_if, where) if ask_if else Question.ask_if,
        conditional=ask_if is not None,
        reads_answers=frozenset().union(*(referenced_answers(c) for c in conditions)),
        reads_profile=frozenset().union(*(referenced_profile_fields(c) for c in conditions)),
    )


def _conditions_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    conditions = [n["if"] for n in data.get("next", []) if "if" in n]
    conditions += [o["when"] for o in data.get("options") or [] if "when" in o]
    conditions += [f["when"] for f in data.get("fills") or [] if "when" in f]
    return conditions + ([data["ask_if"]] if "ask_if" in data else [])


def parse_flow(data: object, schema: dict[str, Any], source: str) -> Flow:
    problems = schema_problems(data, schema, source)
    if problems:
        raise FlowError("\n".join(problems))
    assert isinstance(data, dict)
    return Flow(
        name=data["flow"],
        version=data["version"],
        respondent=data["respondent"],
        title=data["title"],
        description=data.get("description"),
        start=data["start"],
        questions={qid: _question(qid, q, source) for qid, q in data["questions"].items()},
        consent_wording=data["consent_wording"],
        raised_by=Raiser(**data["raised_by"]),
        start_choice=_start_choice(data),
        source=source,
    )


def _start_choice(data: dict[str, Any]) -> StartChoice | None:
    choice = data.get("start_choice")
    if choice is None:
        return None
    return StartChoice(who=data["respondent"], label=choice["label"], hint=choice["hint"],
                       order=choice["order"])


def read_flow_file(path: Path, schema: dict[str, Any]) -> Flow:
    with path.open(encoding="utf-8") as handle:
        try:
            data = yaml_data.safe_load(handle)
        except yaml.YAMLError as error:
            raise FlowError(f"{path}: not valid YAML: {error}") from error
    return parse_flow(data, schema, str(path))

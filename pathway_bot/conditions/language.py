"""The condition language of flows: data in, a predicate out. Never eval.

    {answer: age, gte: 14}                 an earlier answer compared with a value
    {answer: worries, contains: learning}  a multi answer includes a value
    {answer: postcode, answered: false}    whether it was answered at all
    {profile: district, answered: false}   a field of the needs profile built so far
    {all: [...]} / {any: [...]} / {not: {...}}
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from pathway_bot.errors import FlowError


class Facts(Protocol):
    """What a condition reads. `profile` may be built lazily: only profile conditions ask."""

    @property
    def answers(self) -> Mapping[str, Any]: ...

    @property
    def profile(self) -> Mapping[str, Any]: ...


Predicate = Callable[[Facts], bool]

_MISSING = object()


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(actual: Any, expected: Any) -> bool:
        if actual is _MISSING or actual is None:
            return False
        try:
            return op(actual, expected)
        except TypeError:
            return False

    return check


def _contains(actual: Any, expected: Any) -> bool:
    return isinstance(actual, list | tuple) and expected in actual


def _contains_any(actual: Any, expected: Any) -> bool:
    return isinstance(actual, list | tuple) and any(item in actual for item in expected)


def _answered(actual: Any, expected: Any) -> bool:
    return (actual is not _MISSING and actual is not None) == bool(expected)


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda actual, expected: actual is not _MISSING and actual == expected,
    "ne": lambda actual, expected: actual is _MISSING or actual != expected,
    "lt": _compare(operator.lt),
    "lte": _compare(operator.le),
    "gt": _compare(operator.gt),
    "gte": _compare(operator.ge),
    "in": lambda actual, expected: actual is not _MISSING and actual in expected,
    "contains": _contains,
    "contains_any": _contains_any,
    "answered": _answered,
}


def _lookup(source: str, name: str) -> Callable[[Facts], Any]:
    if source == "answer":
        return lambda facts: facts.answers.get(name, _MISSING)
    return lambda facts: facts.profile.get(name, _MISSING)


def _comparison(source: str, condition: dict[str, Any], where: str) -> Predicate:
    name = condition[source]
    ops = [key for key in condition if key != source]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise FlowError(f"{where}: a condition on {source} {name!r} takes exactly one of "
                        f"{sorted(OPERATORS)}; found {ops}")
    check, expected, value_of = OPERATORS[ops[0]], condition[ops[0]], _lookup(source, name)
    return lambda facts: check(value_of(facts), expected)


def compile_condition(condition: dict[str, Any], where: str = "condition") -> Predicate:
    if not isinstance(condition, dict) or not condition:
        raise FlowError(f"{where}: a condition is a non-empty mapping")
    if "all" in condition:
        parts = [compile_condition(c, where) for c in condition["all"]]
        return lambda facts: all(p(facts) for p in parts)
    if "any" in condition:
        parts = [compile_condition(c, where) for c in condition["any"]]
        return lambda facts: any(p(facts) for p in parts)
    if "not" in condition:
        inner = compile_condition(condition["not"], where)
        return lambda facts: not inner(facts)
    for source in ("answer", "profile"):
        if source in condition:
            return _comparison(source, condition, where)
    raise FlowError(f"{where}: unknown condition {condition!r}; use answer, profile, all, any "
                    "or not")


def referenced_profile_fields(condition: dict[str, Any]) -> set[str]:
    """Profile fields a condition reads."""
    return {leaf["profile"] for leaf in _comparisons(condition) if "profile" in leaf}


def referenced_answers(condition: dict[str, Any]) -> set[str]:
    """Question ids a condition reads, for the checker."""
    return {leaf["answer"] for leaf in _comparisons(condition) if "answer" in leaf}


def _comparisons(condition: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every comparison within a condition, through all, any and not."""
    if "all" in condition or "any" in condition:
        for part in condition.get("all") or condition.get("any") or ():
            yield from _comparisons(part)
        return
    if "not" in condition:
        yield from _comparisons(condition["not"])
        return
    yield condition

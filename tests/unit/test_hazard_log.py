"""The hazard log (docs/hazard-log.md) stays true: every test it names as proof of a control
exists, and every hazard names its cause, effect, risks, controls and tests."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from pathway_bot import PROJECT_ROOT

LOG = PROJECT_ROOT / "docs" / "hazard-log.md"
HAZARD = re.compile(r"^### (H\d+)\. (.+)$", re.MULTILINE)
NODE_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]`]*\])?`")
PARTS = ("**Cause**", "**Effect**", "**Initial risk**", "**Controls**", "**Residual risk**",
         "**Tests**")


def hazards() -> dict[str, str]:
    """Each hazard's id with its section of the log."""
    text = LOG.read_text(encoding="utf-8")
    found = list(HAZARD.finditer(text))
    ends = [match.start() for match in found[1:]] + [len(text)]
    return {match.group(1): text[match.start():end] for match, end in zip(found, ends,
                                                                            strict=True)}


@cache
def defined_test_names(path: str) -> frozenset[str]:
    tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    return frozenset(node.name for node in tree.body
                     if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"))


def named_tests() -> list[tuple[str, str]]:
    return NODE_ID.findall(LOG.read_text(encoding="utf-8"))


def test_the_log_lists_the_hazards_it_promises():
    titles = " ".join(section.splitlines()[0] for section in hazards().values()).lower()
    for hazard in ("missed", "self-harm", "tier", "contact", "exposed", "quick exit",
                   "language", "lost or duplicated", "another district"):
        assert hazard in titles


@pytest.mark.parametrize("hazard", sorted(hazards()))
def test_every_hazard_has_its_parts_and_at_least_one_test(hazard):
    section = hazards()[hazard]
    missing = [part for part in PARTS if part not in section]
    assert missing == [], f"{hazard} lacks {missing}"
    assert NODE_ID.search(section), f"{hazard} names no test"


@pytest.mark.parametrize(("path", "name"), named_tests(), ids=lambda value: str(value))
def test_every_test_the_log_names_exists(path, name):
    assert Path(PROJECT_ROOT / path).is_file(), f"{path} does not exist"
    assert name in defined_test_names(path), f"{path} has no {name}"


def test_a_test_that_does_not_exist_would_be_caught():
    assert "test_nothing_like_this" not in defined_test_names("tests/unit/test_decision.py")
    assert NODE_ID.findall("`tests/unit/test_x.py::test_y[case]`") == [
        ("tests/unit/test_x.py", "test_y")]

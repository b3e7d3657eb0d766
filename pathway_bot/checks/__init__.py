"""`pathway-bot flows check`: the flows, the decision rules and the local area, checked
together. Above flows, area and assessment, so that none of them needs the others to be
validated."""

from __future__ import annotations

from pathlib import Path

from pathway_bot.checks.across_flows import check_across_flows
from pathway_bot.checks.area import check_area, check_options_agree_with_area, check_rules
from pathway_bot.checks.flow_file import check_flow
from pathway_bot.checks.problem import Problem
from pathway_bot.checks.words import PackMessages
from pathway_bot.errors import FlowError
from pathway_bot.flows.loader import flow_schema, read_flow_file
from pathway_bot.flows.model import Flow
from pathway_bot.flows.registry import flow_files
from pathway_bot.i18n import Catalogs

__all__ = ["Problem", "check_flows"]


def check_flows(flows_dir: Path, catalogs: Catalogs) -> tuple[list[Flow], list[Problem]]:
    """Every flow that loads, and every problem found anywhere."""
    flows, problems = _read_flows(flows_dir, catalogs)
    problems += check_across_flows(flows)
    problems += check_rules(flows_dir / "rules.yaml", PackMessages(catalogs))
    area, area_problems = check_area(flows_dir / "area", PackMessages(catalogs))
    problems += area_problems
    if area is not None:
        problems += [p for flow in flows for p in check_options_agree_with_area(flow, area)]
    return flows, problems


def _read_flows(flows_dir: Path, catalogs: Catalogs) -> tuple[list[Flow], list[Problem]]:
    schema = flow_schema(flows_dir)
    flows: list[Flow] = []
    problems: list[Problem] = []
    for path in flow_files(flows_dir):
        try:
            flow = read_flow_file(path, schema)
        except FlowError as error:
            problems += [Problem(str(path), "schema", line) for line in str(error).splitlines()]
            continue
        flows.append(flow)
        problems += check_flow(flow, catalogs)
    return flows, problems

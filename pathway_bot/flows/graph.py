"""Draw a flow as a Mermaid diagram, for people who would rather look than read."""

from __future__ import annotations

import json
from typing import Any

from pathway_bot.flows.model import Flow


def _label(condition: dict[str, Any]) -> str:
    return json.dumps(condition, separators=(",", ":")).replace('"', "'")


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TD", f"  %% {flow.name} version {flow.version}"]
    for question in flow.questions.values():
        marker = " (asked if ...)" if question.conditional else ""
        lines.append(f'  {question.id}["{question.id}: {question.type}{marker}"]')
    lines += ['  outcome(["outcome"])', '  safeguarding(["safeguarding: 999 and front door"])']
    for question in flow.questions.values():
        for step in question.next:
            condition = step.source.get("if")
            arrow = f'-- "{_label(condition)}" -->' if condition else "-->"
            lines.append(f"  {question.id} {arrow} {step.target}")
    return "\n".join(lines)

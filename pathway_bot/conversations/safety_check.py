"""The safety net over free text, as every transport's turns use it."""

from __future__ import annotations

import logging
from typing import Any

from pathway_bot.engine import FlowEngine, Snapshot, TurnResult
from pathway_bot.safety import SafetyNet

log = logging.getLogger(__name__)


def answer_checked(engine: FlowEngine, net: SafetyNet, snapshot: Snapshot, question_id: str,
                   answer: Any) -> TurnResult:
    """The engine's turn; free text that suggests a risk is first checked with the person
    (the `safety_check` question), before the questions go on."""
    result = engine.answer(snapshot, question_id, answer)
    if engine.flow.questions[question_id].type != "text":
        return result  # only free text is read: every other turn stays as fast as it was
    words = result.snapshot.answers.get(question_id)
    finding = net.scan(words) if words else None
    if finding is None:
        return result
    # The terms name lexicon entries, never the person's words: safe to log.
    log.info("safety net: %s noticed (%s)", "/".join(finding.kinds), "; ".join(finding.terms))
    return engine.hold_for_safety_check(result, finding.kinds)

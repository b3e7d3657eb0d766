"""A decision kept as it was made: stored with the conversation, rendered in any language later."""

from __future__ import annotations

from typing import Any

from pathway_bot.assessment.decision import Decision, Reason
from pathway_bot.assessment.profile import NeedsProfile


def _reason_record(reason: Reason) -> dict[str, Any]:
    record: dict[str, Any] = {"m": reason.message_id}
    if reason.params:
        record["p"] = reason.params
    if reason.terms:
        record["t"] = reason.terms
    return record


def _reason(record: dict[str, Any]) -> Reason:
    return Reason(record["m"], record.get("p", {}), record.get("t", {}))


def decision_to_record(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        "tier": decision.tier,
        "tier_level": decision.tier_level,
        "eligible": decision.eligible,
        "eligibility_reason": _reason_record(decision.eligibility_reason),
        "reasons": [_reason_record(r) for r in decision.reasons],
        "profile": decision.profile.to_dict(),
    }


def decision_from_record(record: dict[str, Any]) -> Decision:
    return Decision(
        outcome=record["outcome"],
        tier=record["tier"],
        tier_level=record["tier_level"],
        eligible=record["eligible"],
        eligibility_reason=_reason(record["eligibility_reason"]),
        reasons=tuple(_reason(r) for r in record["reasons"]),
        profile=NeedsProfile.from_dict(record["profile"]),
    )

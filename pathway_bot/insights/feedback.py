"""'Was this helpful?' after the outcome: about the conversation, or one suggested service.

Kept without personal data: yes or no, an optional short comment (the person is asked not to
type names), the flow, the district and the month. The free-text safety net reads the
comment first: if it suggests harm or self-harm the person is shown help at once, and the
words are not kept (nobody reads feedback in time to act on it; the help is what matters).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.errors import ValidationFailed
from pathway_bot.insights.figures import CONVERSATION_SUBJECT
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.insights import FeedbackAnswer
from pathway_bot.safety import SafetyNet
from pathway_bot.safety.net import SafetyFinding
from pathway_bot.storable_text import is_storable_text

log = logging.getLogger(__name__)
COMMENT_MAX_LENGTH = 500


@dataclass(frozen=True)
class Feedback:
    subject: str  # CONVERSATION_SUBJECT or a suggested service's id
    helpful: bool
    comment: str | None = None


@dataclass(frozen=True)
class FeedbackKept:
    finding: SafetyFinding | None  # the comment suggested a risk: show help
    comment_kept: bool


def check_feedback(feedback: Feedback, suggested_services: Collection[str]) -> Feedback:
    errors: dict[str, list[str]] = {}
    if feedback.subject != CONVERSATION_SUBJECT and feedback.subject not in suggested_services:
        errors["service"] = ["give the id of a service suggested in this outcome, or none"]
    comment = (feedback.comment or "").strip() or None
    if comment is not None and (len(comment) > COMMENT_MAX_LENGTH
                                or not is_storable_text(comment)):
        errors["comment"] = [f"write at most {COMMENT_MAX_LENGTH} characters of plain text"]
    if errors:
        raise ValidationFailed("That feedback could not be kept: see errors.", errors=errors)
    return Feedback(feedback.subject, feedback.helpful, comment)


def record_feedback(session: Session, net: SafetyNet, feedback: Feedback, *,
                    conversation_id: str, area: str, flow: str, district: str | None,
                    month: str) -> FeedbackKept:
    """Keep the answer; a second answer about the same thing replaces the first."""
    finding = net.scan(feedback.comment) if feedback.comment else None
    if finding is not None:
        log.info("safety net: %s noticed in feedback (%s)", "/".join(finding.kinds),
                 "; ".join(finding.terms))
    comment = feedback.comment if finding is None else None
    with unit_of_work(session):
        row = session.scalar(select(FeedbackAnswer).where(
            FeedbackAnswer.conversation_id == conversation_id,
            FeedbackAnswer.subject == feedback.subject))
        if row is None:
            row = FeedbackAnswer(conversation_id=conversation_id, subject=feedback.subject,
                                 area=area, flow=flow)
            session.add(row)
        row.district, row.month = district, month
        row.helpful, row.comment = feedback.helpful, comment
    return FeedbackKept(finding, comment is not None)

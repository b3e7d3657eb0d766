"""Equality monitoring: short, optional questions after the outcome, only where the area has
switched them on (`equality_monitoring: true` in flows/area/area.yaml, after its DPIA).

The answers are special-category data. They are stored apart from conversations and
requests (no answer, no profile, no free text beside them), never shown to coordinators,
counted only in insights with small numbers hidden, and erased with the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.insights import EqualityAnswer

PREFER_NOT_TO_SAY = "prefer_not_to_say"
# The ONS 2021 Census ethnic groups for England and Wales: 19 categories in 5 groups.
ETHNIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("asian", ("bangladeshi", "chinese", "indian", "pakistani", "other_asian")),
    ("black", ("african", "caribbean", "other_black")),
    ("mixed", ("white_and_asian", "white_and_black_african", "white_and_black_caribbean",
               "other_mixed")),
    ("white", ("white_british", "irish", "gypsy_or_irish_traveller", "roma",
               "other_white")),
    ("other", ("arab", "any_other")),
)
ETHNICITIES: tuple[str, ...] = tuple(code for _, codes in ETHNIC_GROUPS for code in codes)
GENDERS: tuple[str, ...] = ("girl_or_woman", "boy_or_man", "non_binary", "another_way")
DISABILITIES: tuple[str, ...] = ("yes", "no", "not_sure")
CHOICES: dict[str, tuple[str, ...]] = {
    "ethnicity": (*ETHNICITIES, PREFER_NOT_TO_SAY),
    "gender": (*GENDERS, PREFER_NOT_TO_SAY),
    "disability": (*DISABILITIES, PREFER_NOT_TO_SAY),
}


@dataclass(frozen=True)
class EqualityAnswers:
    ethnicity: str | None = None
    gender: str | None = None
    disability: str | None = None


def check_answers(answers: dict[str, str | None]) -> EqualityAnswers:
    """Every question may be left out; an answer given must be one of its choices."""
    errors = {question: [f"use one of {', '.join(choices)}, or leave it out"]
              for question, choices in CHOICES.items()
              if answers.get(question) not in (None, "", *choices)}
    unknown = set(answers) - set(CHOICES)
    for question in sorted(unknown):
        errors[question] = ["not an equality monitoring question"]
    if errors:
        raise ValidationFailed("Those answers could not be kept: see errors.", errors=errors)
    return EqualityAnswers(**{q: answers.get(q) or None for q in CHOICES})


def record_equality(session: Session, *, enabled: bool, conversation_id: str, area: str,
                    district: str | None, month: str, answers: EqualityAnswers,
                    now: datetime) -> None:
    """Keep (or replace) the answers. NotFound where the area has not switched them on."""
    if not enabled:
        raise NotFound("Equality monitoring is not switched on in this area.")
    with unit_of_work(session):
        row = session.scalar(select(EqualityAnswer)
                             .where(EqualityAnswer.conversation_id == conversation_id))
        if row is None:
            row = EqualityAnswer(conversation_id=conversation_id, area=area,
                                 district=district, month=month, answered_at=now)
            session.add(row)
        row.ethnicity, row.gender, row.disability = (answers.ethnicity, answers.gender,
                                                     answers.disability)
        row.answered_at = now

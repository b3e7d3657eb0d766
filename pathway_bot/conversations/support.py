"""Requests for support raised from a conversation, and the family tracking theirs.

Tell the story once: the request carries the profile, the answers and the reasons already
given; only contact details and explicit consent are asked for now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pathway_bot.conversations.service import ConversationView, open_conversation
from pathway_bot.errors import Conflict, NotFound, ValidationFailed
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.family import describe_status_for_family
from pathway_bot.requests.moves import Actor
from pathway_bot.requests.service import (
    find_request_by_reference,
    find_request_for_conversation,
    raise_request,
    request_receipt,
    withdraw_request,
)
from pathway_bot.runtime import Runtime

OWN_WORDS = ("own_words", "concern")


def consent_wording(runtime: Runtime, view: ConversationView) -> str:
    """The exact words a person agrees to, as shown to them; recorded with the request."""
    locale = view.conversation.locale
    district = view.decision.profile.district if view.decision else None
    named = runtime.text(f"district.{district}", locale) if district else ""
    wording = runtime.flows.consent_wording(view.conversation.flow,
                                            view.conversation.flow_version)
    return runtime.text(wording, locale, district=named)


def _raised_by(runtime: Runtime, view: ConversationView) -> Actor:
    raiser = runtime.flows.raised_by(view.conversation.flow, view.conversation.flow_version)
    return Actor(raiser.role, raiser.label)


def _finished(view: ConversationView) -> None:
    if view.decision is None:
        raise Conflict("Answer the remaining questions first: a request is raised from the "
                       "outcome.", extra={"current_question": view.snapshot.state})


def _lead_professional(view: ConversationView, contact: dict) -> dict | None:
    answers = view.snapshot.answers
    if view.conversation.flow != "practitioner" or answers.get("lead_professional") is not True:
        return None
    return {"name": contact.get("name"), "role": answers.get("role"),
            "email": contact.get("email")}


def raise_from_conversation(session: Session, runtime: Runtime, conversation_id: str,
                            token: str | None, *, contact: dict[str, Any], consent: bool,
                            idempotency_key: str | None, now: datetime) -> dict:
    """The receipt: reference, district, status, next meeting and where it stands."""
    view = open_conversation(runtime, conversation_id, token)
    _finished(view)
    assert view.decision is not None
    if consent is not True:
        raise ValidationFailed("We need your agreement to share what you told us.",
                               errors={"consent": ["must be true to raise a request"]})
    locale = view.conversation.locale
    answers = view.snapshot.answers_on_path()
    raised = raise_request(
        session, runtime, decision=view.decision, answers=answers, source="conversation",
        conversation_id=conversation_id, contact=contact,
        consent_wording=consent_wording(runtime, view),
        idempotency_key=idempotency_key, lead_professional=_lead_professional(view, contact),
        summary=next((answers[k] for k in OWN_WORDS if answers.get(k)), None), now=now,
        raised_by=_raised_by(runtime, view), locale=locale)
    return tracking(raised, runtime, locale, now)


def _own_request(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
                 reference: str | None) -> tuple[ConversationView, SupportRequest]:
    view = open_conversation(runtime, conversation_id, token)
    request = (find_request_by_reference(session, reference, conversation_id) if reference
               else find_request_for_conversation(session, conversation_id))
    if request is None:
        raise NotFound("No request for support was found for this conversation.")
    return view, request


def track_request(session: Session, runtime: Runtime, conversation_id: str,
                  token: str | None, *, reference: str | None, now: datetime) -> dict:
    view, request = _own_request(session, runtime, conversation_id, token, reference)
    return tracking(request, runtime, view.conversation.locale, now)


def tracking(request: SupportRequest, runtime: Runtime, locale: str, now: datetime) -> dict:
    """Where the request stands, in the family's language and in plain words."""
    return {**request_receipt(request, runtime, now),
            "description": describe_status_for_family(request, runtime, locale, now=now)}


def withdraw_from_conversation(session: Session, runtime: Runtime, conversation_id: str,
                               token: str | None, *, now: datetime) -> dict:
    view, request = _own_request(session, runtime, conversation_id, token, None)
    withdrawn = withdraw_request(session, request, now=now)
    return tracking(withdrawn, runtime, view.conversation.locale, now)

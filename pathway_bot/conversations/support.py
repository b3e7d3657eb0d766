"""Requests for support raised from a conversation, and the family tracking theirs.

Tell the story once: the request carries the profile, the answers and the reasons already
given; only contact details and explicit consent are asked for now.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pathway_bot.conversations.service import Conversations, ConversationView
from pathway_bot.errors import Conflict, NoMatchForCredentials, NotFound, ValidationFailed
from pathway_bot.flows import FlowRegistry
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.moves import Actor
from pathway_bot.requests.service import (
    Requests,
    body_fingerprint,
    find_request_by_reference,
    find_request_for_conversation,
)

OWN_WORDS = ("own_words", "concern")
NO_REQUEST = "No request for support was found for this conversation."


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


class ConversationRequests:
    """The request for support a conversation raises, as the person who raised it sees it."""

    def __init__(self, *, conversations: Conversations, requests: Requests,
                 flows: FlowRegistry, catalogs: Catalogs):
        self.conversations = conversations
        self.requests = requests
        self.flows = flows
        self.catalogs = catalogs

    def consent_wording(self, view: ConversationView) -> str:
        """The exact words a person agrees to, as shown to them; recorded with the request."""
        conversation = view.conversation
        locale = conversation.locale
        district = view.decision.profile.district if view.decision else None
        named = self.catalogs.text(f"district.{district}", locale) if district else ""
        wording = self.flows.consent_wording(conversation.flow, conversation.flow_version)
        return self.catalogs.text(wording, locale, district=named)

    def _raised_by(self, view: ConversationView) -> Actor:
        conversation = view.conversation
        raiser = self.flows.raised_by(conversation.flow, conversation.flow_version)
        return Actor(raiser.role, raiser.label)

    def raise_request(self, session: Session, conversation_id: str, token: str | None, *,
                      contact: dict[str, Any], consent: bool,
                      idempotency_key: str | None) -> dict:
        """The receipt: reference, district, status, next meeting and where it stands."""
        view = self.conversations.open(conversation_id, token)
        _finished(view)
        assert view.decision is not None
        if consent is not True:
            raise ValidationFailed("We need your agreement to share what you told us.",
                                   errors={"consent": ["must be true to raise a request"]})
        locale = view.conversation.locale
        answers = view.snapshot.answers_on_path()
        raised = self.requests.raise_request(
            session, decision=view.decision, answers=answers, source="conversation",
            conversation_id=conversation_id, contact=contact,
            consent_wording=self.consent_wording(view), idempotency_key=idempotency_key,
            lead_professional=_lead_professional(view, contact),
            summary=next((answers[k] for k in OWN_WORDS if answers.get(k)), None),
            raised_by=self._raised_by(view), locale=locale, area=view.conversation.area,
            body_hash=body_fingerprint({"contact": contact, "consent": consent}))
        return self.requests.tracking(raised, locale)

    def request_for(self, session: Session, view: ConversationView) -> SupportRequest | None:
        """The conversation's latest request, whatever its status."""
        return find_request_for_conversation(session, view.conversation.id)

    def find_by_reference(self, session: Session, view: ConversationView,
                          reference: str) -> SupportRequest | None:
        return find_request_by_reference(session, reference, view.conversation.id)

    def track(self, session: Session, conversation_id: str, token: str | None, *,
              reference: str | None) -> dict:
        view, request = self._own_request(session, conversation_id, token, reference)
        return self.requests.tracking(request, view.conversation.locale)

    def withdraw(self, session: Session, conversation_id: str, token: str | None) -> dict:
        view, request = self._own_request(session, conversation_id, token, None)
        withdrawn = self.requests.withdraw(session, request)
        return self.requests.tracking(withdrawn, view.conversation.locale)

    def _own_request(self, session: Session, conversation_id: str, token: str | None,
                     reference: str | None) -> tuple[ConversationView, SupportRequest]:
        view = self.conversations.open(conversation_id, token)
        if reference:
            request = self.find_by_reference(session, view, reference)
            if request is None:  # a reference is a secret of sorts: a wrong one is counted
                raise NoMatchForCredentials(NO_REQUEST)
            return view, request
        request = self.request_for(session, view)
        if request is None:
            raise NotFound(NO_REQUEST)
        return view, request

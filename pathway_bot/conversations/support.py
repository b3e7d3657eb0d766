"""Requests for support raised from a conversation, and the family tracking theirs.

Tell the story once: the request carries the profile, the answers and the reasons already
given; only what the conversation does not know is asked for now (contact details, who the
child or young person is, their own view, who is involved, consent).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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
from pathway_bot.requests.story import Story

OWN_WORDS = ("own_words", "concern")
NO_REQUEST = "No request for support was found for this conversation."

# Who agreed, by the flow's respondent: a person ticking the box in the chat, today.
_CONSENT_GIVEN_BY = {"parent_carer": "parent_carer", "young_person": "young_person"}


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _finished(view: ConversationView) -> None:
    if view.decision is None:
        raise Conflict("Answer the remaining questions first: a request is raised from the "
                       "outcome.", extra={"current_question": view.snapshot.state})


def _is_practitioner(view: ConversationView) -> bool:
    return view.conversation.flow == "practitioner"


def _lead_professional(view: ConversationView, contact: dict, given: dict | None
                       ) -> dict | None:
    answers = view.snapshot.answers
    if not _is_practitioner(view) or answers.get("lead_professional") is not True:
        return None
    lead = {"name": contact.get("name"), "role": answers.get("role"),
            "organisation": None, "email": contact.get("email")}
    lead.update({k: v for k, v in (given or {}).items() if v})
    return lead


def _with_review_cycles(details: dict, answers: dict) -> dict:
    """The practitioner flow asks how many assess-plan-do-review cycles there have been:
    the request carries the answer rather than asking again."""
    cycles = answers.get("review_cycles")
    if cycles is None:
        return details
    tried = details.get("support_tried")
    tried = dict(tried) if isinstance(tried, dict) else {}
    tried.setdefault("review_cycles", cycles)
    return {**details, "support_tried": tried}


class ConversationRequests:
    """The request for support a conversation raises, as the person who raised it sees it."""

    def __init__(self, *, conversations: Conversations, requests: Requests,
                 flows: FlowRegistry, catalogs: Catalogs,
                 requests_by_area: Mapping[str, Requests] | None = None):
        self.conversations = conversations
        self.requests = requests  # the home area's
        # Each area raises and tracks its requests its own way (its districts, its front door).
        self.requests_by_area = requests_by_area or {requests.area.id: requests}
        self.flows = flows
        self.catalogs = catalogs

    def requests_in(self, area: str) -> Requests:
        return self.requests_by_area.get(area, self.requests)

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

    def consent_default(self, view: ConversationView) -> dict:
        """A family or young person agrees by ticking the box here and now; a practitioner
        says who agreed, when and how."""
        if _is_practitioner(view) or view.decision is None:
            return {}
        respondent = view.decision.profile.respondent
        return {"given_by": _CONSENT_GIVEN_BY.get(respondent, respondent),
                "given_on": self.requests.today().isoformat(), "how": "online"}

    def raise_request(self, session: Session, conversation_id: str, token: str | None, *,
                      contact: dict[str, Any], consent: bool,
                      idempotency_key: str | None, details: dict | None = None) -> dict:
        """The receipt: reference, district, status, next meeting and where it stands.

        `details`: the story told once (see Requests.check_story); the child's or young
        person's name and date of birth are needed. Every error, consent's and the
        contact's included, is reported at once.
        """
        view = self.conversations.open(conversation_id, token)
        _finished(view)
        assert view.decision is not None
        answers = view.snapshot.answers_on_path()
        details = _with_review_cycles(dict(details or {}), answers)
        story, family_contact = self._checked_story(view, details, contact, consent)
        locale = view.conversation.locale
        requests = self.requests_in(view.conversation.area)
        raised = requests.raise_request(
            session, decision=view.decision, answers=answers, source="conversation",
            conversation_id=conversation_id, contact=contact,
            consent_wording=self.consent_wording(view), idempotency_key=idempotency_key,
            lead_professional=_lead_professional(view, contact, details.get("lead_professional")),
            summary=next((answers[k] for k in OWN_WORDS if answers.get(k)), None),
            raised_by=self._raised_by(view), locale=locale, area=view.conversation.area,
            body_hash=body_fingerprint({"contact": contact, "consent": consent,
                                        "details": details}),
            story=story, family_contact=family_contact)
        return requests.tracking(raised, locale)

    def _checked_story(self, view: ConversationView, details: dict, contact: dict,
                       consent: bool) -> tuple[Story, dict | None]:
        assert view.decision is not None
        errors: dict = {}
        if consent is not True:
            errors["consent"] = ["must be true to raise a request"]
        try:
            checked = self.requests_in(view.conversation.area).check_story(
                details, stated_age=view.decision.profile.age, child_required=True,
                consent_default=self.consent_default(view), contact=contact,
                contact_required=True)
        except ValidationFailed as failed:
            errors.update(failed.errors)
        if not errors:
            return checked
        if errors.keys() == {"consent"}:
            raise ValidationFailed("We need your agreement to share what you told us.",
                                   errors=errors)
        raise ValidationFailed("Some details are missing or not valid: see errors.",
                               errors=errors)

    def request_for(self, session: Session, view: ConversationView) -> SupportRequest | None:
        """The conversation's latest request, whatever its status."""
        return find_request_for_conversation(session, view.conversation.id)

    def copy_of_request(self, session: Session, view: ConversationView) -> dict | None:
        """What was sent, for the person who sent it to keep or print: their own words."""
        found = self.request_for(session, view)
        if found is None or found.erased_at is not None:
            return None
        return {"reference": found.reference, "sent_at": found.created_at,
                "child": _loads(found.child) or {}, "contact": _loads(found.contact) or {},
                "child_view": found.child_view, "agencies": _loads(found.agencies) or [],
                "family_contact": _loads(found.family_contact) or {},
                "consent_wording": found.consent_wording}

    def find_by_reference(self, session: Session, view: ConversationView,
                          reference: str) -> SupportRequest | None:
        return find_request_by_reference(session, reference, view.conversation.id)

    def track(self, session: Session, conversation_id: str, token: str | None, *,
              reference: str | None) -> dict:
        view, request = self._own_request(session, conversation_id, token, reference)
        return self.requests_in(request.area).tracking(request, view.conversation.locale)

    def add_information(self, session: Session, conversation_id: str, token: str | None,
                        text: str) -> dict:
        """The holder of the conversation (the browser that raised it, or whoever resumed it
        with its code) adds something new to its request."""
        view, request = self._own_request(session, conversation_id, token, None)
        return self.requests_in(request.area).add_information(session, request, text,
                                             actor=self._raised_by(view))

    def withdraw(self, session: Session, conversation_id: str, token: str | None) -> dict:
        view, request = self._own_request(session, conversation_id, token, None)
        requests = self.requests_in(request.area)
        withdrawn = requests.withdraw(session, request)
        return requests.tracking(withdrawn, view.conversation.locale)

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

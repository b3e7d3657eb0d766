"""Raising, finding, withdrawing and erasing requests for support.

The chat (a conversation reaching an eligible outcome) and practitioners' systems both raise
requests here. Each use case commits its own transaction, except erasure, which joins the
caller's (see erase_requests_for_conversation); the helpers beneath them never commit.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.area.meetings import MeetingCalendar
from pathway_bot.area.routing import district_for
from pathway_bot.assessment import Decision, Rules, decide_profile
from pathway_bot.assessment.outcome import help_contacts, outcome_risks, present_contact
from pathway_bot.engine.safety_check import SAFETY_CHECK, SELF_HARM
from pathway_bot.errors import Forbidden, IdempotencyKeyReused, NotEligible, ValidationFailed
from pathway_bot.i18n import SOURCE_LOCALE, Catalogs
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import ApiKey, RequestEvent, SupportRequest
from pathway_bot.requests import tracking
from pathway_bot.requests.additions import add_information, erase_additions
from pathway_bot.requests.agenda import Agenda, next_meeting_agenda
from pathway_bot.requests.announcements import announce_erasure
from pathway_bot.requests.contact import channels_safe_to_use, clean_contact
from pathway_bot.requests.family import describe_status_for_family
from pathway_bot.requests.lifecycle import (
    ALLOCATED,
    CLAIMED,
    FINAL_STATUSES,
    IN_REVIEW,
    PLANNED,
    QUEUED,
    WITHDRAWN,
    can,
)
from pathway_bot.requests.moves import FAMILY, SYSTEM, Actor, move, record_event
from pathway_bot.requests.references import new_reference, normalise_reference
from pathway_bot.requests.story import (
    STORY_FIELDS,
    Story,
    checked_contact,
    clean_story,
    match_key,
    raise_if_wrong,
)
from pathway_bot.requests.transfers import erase_transfer_words
from pathway_bot.safety import SafetyNet

# "review": a new assessment a key worker started at a review or for a new concern.
SOURCES: tuple[str, ...] = ("conversation", "practitioner", "review")
PRACTITIONER_CONSENT = "request.consent.practitioner"
RISK_NOTE = "request.risk_flag"  # what a flag means, in the coordinators' words
_MAX_IDEMPOTENCY_KEY = 200
# What erasure blanks: everything that could say who the child or family is.
PERSONAL_FIELDS = ("profile", "answers", "reasons", "contact", "lead_professional", "summary",
                   "plan", "key_worker",
                   "decision", "conversation_id", "idempotency_hash", "idempotency_body_hash",
                   *STORY_FIELDS)
# A request another may duplicate: one still waiting for, or being given, support.
_OPEN_FOR_DUPLICATES = (QUEUED, CLAIMED, ALLOCATED, PLANNED, IN_REVIEW)

Clock = Callable[[], datetime]


class Requests:
    """Requests for support in one local area: raising them, and telling people where they
    stand."""

    def __init__(self, *, area: Area, catalogs: Catalogs, rules: Rules,
                 calendar: MeetingCalendar, clock: Clock, safety_net: SafetyNet,
                 match_secret: bytes):
        self.area = area
        # The key of the hash that links likely duplicates (see requests.story.match_key).
        self.match_secret = match_secret
        self.catalogs = catalogs
        self.rules = rules
        self.calendar = calendar
        self.clock = clock
        self.safety_net = safety_net  # reads the free text a request carries
        # Every area's Requests, for what any device may ask of any area's request (tracking
        # by reference): the composition root hands them over once all are built.
        self.of_area: Callable[[str], Requests] = lambda _area: self

    # ---- raising ---------------------------------------------------------------------------

    def raise_request(self, session: Session, *, decision: Decision, answers: dict,
                      source: str, conversation_id: str | None, contact: dict,
                      consent_wording: str, idempotency_key: str | None,
                      lead_professional: dict | None, summary: str | None,
                      now: datetime | None = None, raised_by: Actor | None = None,
                      locale: str = SOURCE_LOCALE, area: str | None = None,
                      body_hash: str | None = None, story: Story | None = None,
                      family_contact: dict | None = None,
                      follows_request_id: str | None = None) -> SupportRequest:
        """Queue a request for the district's allocations group, or return the one already
        raised.

        The same idempotency key (per conversation, or per practitioner key) always returns
        the same request, and a conversation has at most one request that is not withdrawn.
        The key sent again with another body (`body_hash`, see `body_fingerprint`) is
        IdempotencyKeyReused (422).
        NotEligible (422) carries the reasons, in `locale`, when the outcome does not qualify.
        """
        _check_origin(source, conversation_id, idempotency_key)
        # Checked before looking for a request already raised: contact details that are not
        # valid are a 422 even when the answer would otherwise be that request.
        contact = clean_contact(contact, required=source == "conversation")
        now = now or self.clock()
        raised_by = raised_by or (FAMILY if source == "conversation" else SYSTEM)
        idempotency_hash = _idempotency_hash(source, conversation_id, raised_by,
                                             idempotency_key)
        key = _Idempotency(idempotency_hash, body_hash)
        existing = _already_raised(session, key, conversation_id)
        if existing is not None:
            return existing
        self._check_eligible(decision, locale)
        flagged = self.may_describe_risk(decision, answers, (summary, contact.get("own_words")))
        story = story or Story()
        area = area or self.area.id
        child_key = match_key(story.child, self.match_secret)
        request = SupportRequest(
            id=uuid.uuid4().hex, reference=new_reference(), area=area,
            district=self._district_of(decision), status=QUEUED, source=source,
            conversation_id=conversation_id, idempotency_hash=idempotency_hash,
            idempotency_body_hash=body_hash if idempotency_hash else None,
            outcome=decision.outcome, tier=decision.tier, tier_level=decision.tier_level,
            profile=_json(decision.profile.to_dict()), answers=_json(answers or {}),
            reasons=_json(self.rendered_reasons(decision, SOURCE_LOCALE)),
            contact=_json(contact), lead_professional=_json(lead_professional),
            summary=summary, risk_flag=flagged,
            consent_wording=_recorded_consent(consent_wording), consent_given_at=now,
            locale=locale, created_at=now, updated_at=now,
            **_story_columns(story, family_contact), match_key=child_key,
            likely_duplicate_of=_likely_duplicate_of(session, area, child_key),
            raised_by_key_id=raised_by.key_id, follows_request_id=follows_request_id)

        def stage() -> None:
            session.add(request)
            record_event(session, request, action="raise", actor=raised_by,
                         from_status=None, to_status=QUEUED, now=now)

        return _commit_once(session, request, stage, key, conversation_id)

    def raise_for_practitioner(self, session: Session, key: ApiKey, *, profile: dict,
                               lead_professional: dict, summary: str, consent: bool,
                               idempotency_key: str | None, details: dict | None = None
                               ) -> SupportRequest:
        """A practitioner's system raises a request with the practitioner as lead
        professional, for a district the key may act for.

        `details`: the story told once (child, family_contact, child_view,
        agencies_involved, support_tried, consent_details); optional, so systems written
        before it keep working, but a request without the child cannot be matched or
        tracked.
        """
        scoped = dict(profile)
        scoped["district"] = district_for(self.area, scoped.get("district"),
                                          scoped.get("postcode"),
                                          self.catalogs.text(self.area.name))
        if scoped["district"] not in key.district_ids:
            raise Forbidden("This key may raise requests only for "
                            f"{', '.join(key.district_ids)}.")
        # The request's own consent field is the practitioner's statement that consent was
        # given.
        scoped["consent_to_share"] = consent
        story, family_contact = self.check_story(
            details or {}, stated_age=scoped.get("age"), child_required=False,
            consent_default={})
        sent = {"profile": profile, "lead_professional": lead_professional,
                "summary": summary, "consent": consent, "details": details or {}}
        return self.raise_request(
            session, decision=decide_profile(scoped, self.rules), answers={},
            source="practitioner", conversation_id=None, contact={},
            consent_wording=self.catalogs.text(PRACTITIONER_CONSENT),
            idempotency_key=idempotency_key, lead_professional=lead_professional,
            summary=summary, raised_by=Actor.from_key(key), area=key.area,
            body_hash=body_fingerprint(sent), story=story, family_contact=family_contact)

    def may_describe_risk(self, decision: Decision, answers: dict | None,
                          words: tuple[str | None, ...]) -> bool:
        """Whether the request is flagged for coordinators to read first: self-harm was told,
        the safety check was asked (whatever the answer), or its free text reads as a risk."""
        if decision.profile.self_harm or SAFETY_CHECK in (answers or {}):
            return True
        return any(self.safety_net.scan(text) is not None for text in words if text)

    def today(self) -> date:
        """The area's calendar day now: what a date of birth or a consent date is checked
        against."""
        return self.calendar.local_date(self.clock())

    def check_story(self, details: dict, *, stated_age: int | None, child_required: bool,
                    consent_default: dict, contact: dict | None = None,
                    contact_required: bool = False) -> tuple[Story, dict | None]:
        """The story and the family's contact (and the raiser's, if given), checked together:
        ValidationFailed names every field that is wrong, and nothing is stored."""
        story = clean_story(details, today=self.today(), stated_age=stated_age,
                            child_required=child_required, consent_default=consent_default)
        errors = dict(story.errors)
        family_contact = checked_contact(details.get("family_contact"), required=False,
                                         prefix="family_contact.", errors=errors)
        if contact is not None:
            checked_contact(contact, required=contact_required, prefix="contact.",
                            errors=errors)
        raise_if_wrong(errors)
        return story, family_contact

    def rendered_reasons(self, decision: Decision, locale: str) -> list[str]:
        return [reason.render(self.catalogs.text, locale) for reason in decision.reasons]

    def decide(self, profile: dict) -> Decision:
        return decide_profile(profile, self.rules)

    def check_eligible(self, decision: Decision, locale: str) -> None:
        """NotEligible (422), with the reasons in `locale`, unless a request may be raised."""
        self._check_eligible(decision, locale)

    def _check_eligible(self, decision: Decision, locale: str) -> None:
        if decision.eligible:
            return
        why = decision.eligibility_reason.render(self.catalogs.text, locale)
        extra: dict = {"reasons": self.rendered_reasons(decision, locale)}
        risks = outcome_risks(decision)
        if risks:
            # Harm or self-harm: who to contact now comes with the refusal.
            extra["contacts"] = self._contacts(risks, decision, locale)
        raise NotEligible(why, extra=extra)

    def _contacts(self, risks: tuple[str, ...], decision: Decision, locale: str) -> list[dict]:
        profile = decision.profile
        return [present_contact(contact, self.catalogs, locale) for contact
                in help_contacts(self.area, risks, profile.respondent, profile.age)]

    def _district_of(self, decision: Decision) -> str:
        district = decision.profile.district
        if district is None or self.area.district(district) is None:
            raise ValidationFailed(
                "A request needs the child's district: give a district or a postcode in the "
                "area.", errors={"district": [f"one of {', '.join(self.area.district_ids)}"]})
        return district

    # ---- where it stands -------------------------------------------------------------------

    def next_meeting(self, request: SupportRequest, now: datetime | None = None) -> date:
        calendar = self.calendar
        return calendar.next_meeting(request.district, calendar.local_date(now or self.clock()))

    def receipt(self, request: SupportRequest, now: datetime | None = None) -> dict:
        """What the person who raised it is told: reference, district, status, next meeting."""
        return {"id": request.id, "reference": request.reference, "district": request.district,
                "status": request.status,
                "next_meeting": self.next_meeting(request, now).isoformat(),
                # Whether we will write to them at all: only on channels they marked safe.
                "notifications": channels_safe_to_use(json.loads(request.contact or "{}"))}

    def practitioner_receipt(self, request: SupportRequest, profile: dict) -> dict:
        """The receipt; for a flagged request, the flag and what the practitioner does now:
        their own safeguarding procedures and lead, with the professionals' contacts."""
        receipt = self.receipt(request)
        if not request.risk_flag:
            return receipt  # the receipt of SPEC section 5, as it was
        found = self.safety_net.scan(request.summary or "")
        kinds = found.kinds if found is not None else (SELF_HARM,)
        contacts = help_contacts(self.area, kinds, "practitioner", profile.get("age"))
        return {**receipt, "risk_flag": True, "help": {
            "kind": kinds[0], "text": self.catalogs.text(f"help.{kinds[0]}.practitioner.text"),
            "contacts": [present_contact(c, self.catalogs, SOURCE_LOCALE) for c in contacts]}}

    def risk_note(self, request: SupportRequest) -> str | None:
        """What a flag asks of coordinators, in words; None for a request not flagged."""
        return self.catalogs.text(RISK_NOTE) if request.risk_flag else None

    def describe_for_family(self, request: SupportRequest, locale: str,
                            now: datetime | None = None) -> str:
        return describe_status_for_family(request, self.catalogs, self.calendar, locale,
                                          now=now or self.clock())

    def tracking(self, request: SupportRequest, locale: str,
                 now: datetime | None = None) -> dict:
        """Where the request stands, in the family's language and in plain words."""
        now = now or self.clock()
        return {**self.receipt(request, now),
                "description": self.describe_for_family(request, locale, now),
                **tracking.progress_for_family(request, self.catalogs, locale)}

    def track_anywhere(self, session: Session, *, reference: str, date_of_birth: str,
                       locale: str, now: datetime | None = None) -> dict:
        """Where a request stands, for whoever holds its reference and the child's date of
        birth, on any device: the status in plain words, the meeting, who will be in touch
        and by when, and what to do meanwhile. Never a name or a detail of the story."""
        request = tracking.find_request_to_track(session, reference, date_of_birth)
        return self.of_area(request.area)._tracked_anywhere(request, locale, now or self.clock())

    def _tracked_anywhere(self, request: SupportRequest, locale: str, now: datetime) -> dict:
        """`track_anywhere` in the request's own area: its calendar, its words."""
        meeting = self.next_meeting(request, now)
        by = tracking.in_touch_by(request, meeting)
        day = by.isoformat() if by else None
        text = self.catalogs.text
        district = text(f"district.{request.district}", locale)
        return {
            "reference": request.reference, "status": request.status,
            "description": self._anonymous_description(request, locale, now, district),
            "next_meeting": day, "in_touch_by": day,
            "who_will_be_in_touch": text(tracking.who_will_be_in_touch_message(request),
                                         locale, district=district),
            "meanwhile": text("request.track.meanwhile", locale,
                              local_offer_url=self.area.local_offer_url),
            **tracking.progress_for_family(request, self.catalogs, locale),
        }

    def _anonymous_description(self, request: SupportRequest, locale: str, now: datetime,
                               district: str) -> str:
        # Allocated to a named person is for the family's own browser, not for any device.
        if request.status == ALLOCATED:
            return self.catalogs.text("request.status.allocated", locale, district=district)
        return self.describe_for_family(request, locale, now)

    def add_information(self, session: Session, request: SupportRequest, text: str, *,
                        actor: Actor = FAMILY, now: datetime | None = None) -> dict:
        """The family adds to its request; the coordinator sees it as new."""
        addition = add_information(session, request, text, actor=actor,
                                   now=now or self.clock())
        return {"reference": request.reference, "added_at": addition.at}

    def next_meeting_agenda(self, session: Session, key: ApiKey, district: str,
                            now: datetime | None = None) -> Agenda:
        return next_meeting_agenda(session, key, district, area=self.area,
                                   catalogs=self.catalogs, calendar=self.calendar,
                                   now=now or self.clock())

    def withdraw(self, session: Session, request: SupportRequest, *,
                 now: datetime | None = None, actor: Actor = FAMILY,
                 note: str | None = None) -> SupportRequest:
        return withdraw_request(session, request, now=now or self.clock(), actor=actor,
                                note=note)


def _check_origin(source: str, conversation_id: str | None, key: str | None) -> None:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    if source == "conversation" and not conversation_id:
        raise ValueError("a request from a conversation needs its conversation_id")
    if key is not None and not 1 <= len(key) <= _MAX_IDEMPOTENCY_KEY:
        raise ValidationFailed("The Idempotency-Key must be 1 to 200 characters.",
                               errors={"Idempotency-Key": ["1 to 200 characters"]})


def _story_columns(story: Story, family_contact: dict | None) -> dict:
    return {"child": _json(story.child), "child_view": story.child_view,
            "agencies": _json(story.agencies), "tried": _json(story.tried),
            "consent_record": _json(story.consent),
            "family_contact": _json(family_contact or None)}


def _likely_duplicate_of(session: Session, area: str, child_key: str | None) -> str | None:
    """The oldest open request for the same child in the same area (a school and a parent
    both asking, say): linked for a coordinator to see, never merged."""
    if child_key is None:
        return None
    return session.scalar(select(SupportRequest.id)
                          .where(SupportRequest.area == area,
                                 SupportRequest.match_key == child_key,
                                 SupportRequest.status.in_(_OPEN_FOR_DUPLICATES))
                          .order_by(SupportRequest.created_at, SupportRequest.id).limit(1))


def _recorded_consent(wording: str) -> str:
    if not wording or not wording.strip():
        raise ValueError("record the consent wording the person was shown")
    return wording.strip()


def _idempotency_hash(source: str, conversation_id: str | None, raised_by: Actor,
                      key: str | None) -> str | None:
    # Scoped to whoever sent it, so two clients choosing the same key never collide.
    if key is None:
        return None
    scope = conversation_id if source == "conversation" else f"key:{raised_by.key_id}"
    return hashlib.sha256(f"{source}:{scope}:{key}".encode()).hexdigest()


def body_fingerprint(body: dict) -> str:
    """A hash of a request body as sent, the same whatever the order of its members."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class _Idempotency:
    key_hash: str | None  # the scoped Idempotency-Key, hashed; None when none was sent
    body_hash: str | None

    def check_reuse(self, found: SupportRequest) -> SupportRequest:
        """The request the key was first sent for, if this is the same body again."""
        stored = found.idempotency_body_hash
        if stored is not None and self.body_hash is not None and stored != self.body_hash:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used for a request with a different body. "
                "Send a new key for a new request, or the same body to retry.",
                errors={"Idempotency-Key": ["already used for a different request"]})
        return found


def _already_raised(session: Session, key: _Idempotency,
                    conversation_id: str | None) -> SupportRequest | None:
    if key.key_hash is not None:
        found = session.scalar(select(SupportRequest)
                               .where(SupportRequest.idempotency_hash == key.key_hash))
        if found is not None:
            return key.check_reuse(found)
    if conversation_id is None:
        return None
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.conversation_id == conversation_id,
                                 SupportRequest.status != WITHDRAWN)
                          .order_by(SupportRequest.created_at.desc()).limit(1))


def _commit_once(session: Session, request: SupportRequest, stage: Callable[[], None],
                 key: _Idempotency, conversation_id: str | None) -> SupportRequest:
    """Stage the request with what it causes (its audit entry, its messages) and commit; if a
    twin with the same key won the race, return the twin instead.

    A clash of the random reference is as rare as one in 10^12: staged again under a new
    one, since the messages quote it.
    """
    for _attempt in range(3):
        stage()
        try:
            session.commit()
            return request
        except IntegrityError:
            session.rollback()
            twin = _already_raised(session, key, conversation_id)
            if twin is not None:
                return twin
            request.reference = new_reference()
    raise RuntimeError("could not store the request; try again")


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False,
                                                 separators=(",", ":"))


def find_request_for_conversation(session: Session, conversation_id: str
                                  ) -> SupportRequest | None:
    """The conversation's latest request, whatever its status; None if it never raised one."""
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.conversation_id == conversation_id)
                          .order_by(SupportRequest.created_at.desc()).limit(1))


def find_request_by_reference(session: Session, reference: str, conversation_id: str
                              ) -> SupportRequest | None:
    """A family's request by the reference they were given, only within their conversation."""
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return session.scalar(select(SupportRequest)
                          .where(SupportRequest.reference == normalised,
                                 SupportRequest.conversation_id == conversation_id))


def withdraw_request(session: Session, request: SupportRequest, *, now: datetime,
                     actor: Actor = FAMILY, note: str | None = None) -> SupportRequest:
    """The family withdraws a request still waiting in the queue; 409 once it is picked up."""
    with unit_of_work(session):
        return move(session, request, "withdraw", actor, now=now, note=note)


def erase_requests_for_conversation(session: Session, conversation_id: str,
                                    now: datetime) -> int:
    """Erasure on request: remove everything personal, the messages waiting to be sent among
    it; keep an anonymous trace for the audit.

    Withdraws requests not yet decided (nobody could act on them without contact details)
    and blanks audit notes, which may name people. Joins the caller's transaction, so the
    conversation and its requests are erased together: the caller commits.
    """
    requests = list(session.scalars(select(SupportRequest)
                                    .where(SupportRequest.conversation_id == conversation_id)))
    for request in requests:
        _erase(session, request, now, FAMILY)
    return len(requests)


def purge_finished_requests(session: Session, retention_days: int, now: datetime) -> int:
    """Blank the personal details of requests that reached a final status (declined,
    withdrawn) longer than `retention_days` ago, as erasure does: the anonymous row and its
    audit trail stay. Commits; returns how many were purged."""
    cutoff = now - timedelta(days=retention_days)
    with unit_of_work(session):
        expired = list(session.scalars(
            select(SupportRequest)
            .where(SupportRequest.status.in_(FINAL_STATUSES),
                   SupportRequest.erased_at.is_(None),
                   _reached_its_status_at() < cutoff)))
        for request in expired:
            _erase(session, request, now, SYSTEM)
    return len(expired)


def _reached_its_status_at():
    """When the request moved into the status it is in: its latest audit entry that moved
    it there (an erasure's entry, which keeps the status, does not count)."""
    return (select(func.max(RequestEvent.at))
            .where(RequestEvent.request_id == SupportRequest.id,
                   RequestEvent.to_status == SupportRequest.status,
                   RequestEvent.from_status.is_distinct_from(RequestEvent.to_status))
            .scalar_subquery())


def _erase(session: Session, request: SupportRequest, now: datetime, actor: Actor) -> None:
    announce_erasure(session, request)  # its messages not yet sent go with it
    # Audit notes are redacted in place (a Core update: the ORM refuses to touch the audit).
    session.execute(update(RequestEvent).where(RequestEvent.request_id == request.id)
                    .values(note=None))
    erase_additions(session, request)
    erase_transfer_words(session, request)
    blanked = dict.fromkeys(PERSONAL_FIELDS)
    if can(request.status, "erase"):
        move(session, request, "erase", actor, now=now, erased_at=now, **blanked)
        return
    # A request already decided keeps its status; its personal details go all the same.
    for field, value in {**blanked, "updated_at": now, "erased_at": now}.items():
        setattr(request, field, value)
    record_event(session, request, action="erase", actor=actor, from_status=request.status,
                 to_status=request.status, now=now)
    session.flush()


def erase_request(session: Session, request: SupportRequest, now: datetime) -> None:
    """Erasure asked for by the person through an operator (`pathway-bot erase REFERENCE`):
    as erasure from the chat does. Joins the caller's transaction: the caller commits."""
    _erase(session, request, now, SYSTEM)

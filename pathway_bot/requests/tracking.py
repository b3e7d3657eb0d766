"""A family tracking its request from any device, with the reference and the child's date of
birth: read-only, and telling nothing about the child or the family.

A wrong pair is the same NotFound as an unknown reference, so a reference alone never
confirms that a request exists.
"""

from __future__ import annotations

import hmac
import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.i18n import Catalogs
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.lifecycle import ALLOCATED, CLAIMED, QUEUED, stage_label, stage_of
from pathway_bot.requests.references import normalise_reference
from pathway_bot.requests.story import parse_date

NOT_FOUND = "No request matches that reference and date of birth."
# Waiting for the group: someone from it will be in touch after its next meeting.
_WITH_THE_GROUP = (QUEUED, CLAIMED)


def find_request_to_track(session: Session, reference: str, date_of_birth: str
                          ) -> SupportRequest:
    """The request whose reference and child's date of birth both match; NotFound if not.

    ValidationFailed when either could never match. An erased request has no date of birth
    left, so it can no longer be found this way.
    """
    normalised, born = _checked_pair(reference, date_of_birth)
    request = session.scalar(select(SupportRequest)
                             .where(SupportRequest.reference == normalised))
    stored = _stored_date_of_birth(request)
    # Compared in constant time, and compared even when nothing was found.
    if not hmac.compare_digest(stored or "-", born.isoformat()) or request is None:
        raise NotFound(NOT_FOUND)
    return request


def _checked_pair(reference: str, date_of_birth: str) -> tuple[str, date]:
    normalised = normalise_reference(reference)
    born = parse_date(date_of_birth)
    errors = {}
    if normalised is None:
        errors["reference"] = ["8 letters and numbers, like K7MQ-4XZP"]
    if born is None:
        errors["date_of_birth"] = ["a real date, as YYYY-MM-DD"]
    if errors or normalised is None or born is None:
        raise ValidationFailed("Give the reference and the date of birth: see errors.",
                               errors=errors)
    return normalised, born


def in_touch_by(request: SupportRequest, next_meeting: date) -> date | None:
    """The day after which the group will be in touch, while it still has the request."""
    return next_meeting if request.status in _WITH_THE_GROUP else None


def who_will_be_in_touch_message(request: SupportRequest) -> str:
    """The message id saying who will be in touch: never a person's name."""
    if request.status in _WITH_THE_GROUP:
        return "request.track.in_touch.group"
    if request.status == ALLOCATED:
        return "request.track.in_touch.allocated"
    return "request.track.in_touch.nobody"


def progress_for_family(request: SupportRequest, catalogs: Catalogs, locale: str) -> dict:
    """The stage in plain words, who the key worker is (a first name and a role: never a
    phone number or a surname) and the next review date."""
    named = json.loads(request.key_worker or "null") or {}
    worker = ({"first_name": named["first_name"], "role": named["role"]}
              if named.get("first_name") and request.erased_at is None else None)
    review = request.next_review_on
    return {"stage": stage_of(request.status),
            "stage_text": catalogs.text(stage_label(request.status), locale),
            "key_worker": worker,
            "next_review_on": review.isoformat() if review is not None else None}


def _stored_date_of_birth(request: SupportRequest | None) -> str | None:
    if request is None or not request.child:
        return None
    return json.loads(request.child).get("date_of_birth")

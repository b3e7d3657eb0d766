"""A family tracking its request from any device, with the reference and the child's date of
birth: read-only, and telling nothing about the child or the family.

A wrong pair is the same NotFound as an unknown reference, so a reference alone never
confirms that a request exists.
"""

from __future__ import annotations

import hmac
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.errors import NotFound
from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.references import normalise_reference
from pathway_bot.requests.story import parse_date

NOT_FOUND = "No request matches that reference and date of birth."


def find_request_to_track(session: Session, reference: str, date_of_birth: str
                          ) -> SupportRequest:
    """The request whose reference and child's date of birth both match; NotFound if not.

    An erased request has no date of birth left, so it can no longer be found this way.
    """
    normalised = normalise_reference(reference)
    born = parse_date(date_of_birth)
    if normalised is None or born is None:
        raise NotFound(NOT_FOUND)
    request = session.scalar(select(SupportRequest)
                             .where(SupportRequest.reference == normalised))
    stored = _stored_date_of_birth(request)
    # Compared in constant time, and compared even when nothing was found.
    if not hmac.compare_digest(stored or "-", born.isoformat()) or request is None:
        raise NotFound(NOT_FOUND)
    return request


def _stored_date_of_birth(request: SupportRequest | None) -> str | None:
    if request is None or not request.child:
        return None
    return json.loads(request.child).get("date_of_birth")

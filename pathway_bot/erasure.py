"""Erasure on request, for an operator holding the request's reference (`pathway-bot erase`):
the request keeps only an anonymous trace, the conversation behind it is deleted, in one
transaction; then the database's files are scrubbed of what was erased."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.requests.references import normalise_reference
from pathway_bot.requests.service import erase_request, erase_requests_for_conversation
from pathway_bot.runtime import Runtime


class NoSuchReference(LookupError):
    pass


@dataclass(frozen=True)
class Erased:
    reference: str
    conversation: bool


def erase_by_reference(runtime: Runtime, reference: str) -> Erased:
    now = runtime.clock()
    with runtime.database.session() as session:
        request = session.scalar(select(SupportRequest).where(
            SupportRequest.reference == normalise_reference(reference)))
        if request is None:
            raise NoSuchReference(f"No request has the reference {reference!r}.")
        conversation_id = request.conversation_id
        with runtime.conversation_store.within(session) as turn:
            if conversation_id:
                erase_requests_for_conversation(session, conversation_id, now)
                turn.delete(conversation_id)
            else:
                erase_request(session, request, now)
        found = Erased(reference=request.reference, conversation=bool(conversation_id))
    runtime.database.scrub_erased()
    return found

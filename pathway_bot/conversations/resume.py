"""Save and come back later: a resume code brings a conversation back on another device, at
the same question with every answer.

A code is 12 letters from an alphabet of 23 with nothing to mistake (no I, L or O),
in three groups of four: 23^12 is about 2^54. Only a keyed hash of it is stored, so the
table alone is no help to anyone guessing. A code lasts as long as the retention period, goes
with its conversation when that is erased or purged, and a new one replaces the old.
No email link: contact details are asked only when a request is raised.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pathway_bot.conversations.service import Conversations, ConversationView
from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.persistence.db import begin_read_only, unit_of_work
from pathway_bot.persistence.models import ResumeCode

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
GROUP = 4
GROUPS = 3
_SHAPE = re.compile(rf"^[{ALPHABET}]{{{GROUP * GROUPS}}}$")
NOT_FOUND = "That code does not bring back a conversation: it may be mistyped or expired."
WRONG_SHAPE = f"a code is {GROUPS} groups of {GROUP} letters, like HKRT-MWPB-CXNA"


def new_resume_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * GROUPS))
    return "-".join(letters[i:i + GROUP] for i in range(0, len(letters), GROUP))


def normalise_resume_code(raw: str | None) -> str | None:
    """'hkrt mwpb cxna', 'HKRT-MWPB-CXNA' -> 'HKRTMWPBCXNA'; None if it cannot be a code."""
    compact = re.sub(r"[\s-]+", "", raw or "").upper() if isinstance(raw, str) else ""
    return compact if _SHAPE.match(compact) else None


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


class ResumeCodes:
    """Issuing resume codes, and bringing a conversation back with one."""

    def __init__(self, *, conversations: Conversations, secret: bytes, retention_days: int,
                 clock: Callable[[], datetime]):
        self.conversations = conversations
        self.secret = secret
        self.lifetime = timedelta(days=retention_days)
        self.clock = clock

    def issue(self, session: Session, conversation_id: str, token: str | None) -> IssuedCode:
        """A new code for the conversation (shown once); any earlier code stops working."""
        self.conversations.open(conversation_id, token)  # the holder only
        now = self.clock()
        code = new_resume_code()
        with unit_of_work(session):
            session.execute(delete(ResumeCode)
                            .where(ResumeCode.conversation_id == conversation_id))
            session.add(ResumeCode(code_hash=self._hash(normalise_resume_code(code) or ""),
                                   conversation_id=conversation_id, created_at=now,
                                   expires_at=now + self.lifetime))
        return IssuedCode(code, now + self.lifetime)

    def resume(self, session: Session, code: str) -> tuple[ConversationView, str]:
        """The conversation the code was issued for, with a new token for this device: the
        token held before stops working, so one device at a time holds the conversation.

        ValidationFailed for a code of the wrong shape; NotFound, the same for every other
        failure (unknown, expired, erased).
        """
        normalised = normalise_resume_code(code)
        if normalised is None:
            raise ValidationFailed("That is not a resume code.", errors={"code": [WRONG_SHAPE]})
        begin_read_only(session)
        found = session.get(ResumeCode, self._hash(normalised))
        held = (found.conversation_id, found.expires_at) if found else None
        session.rollback()  # nothing held open while the conversation's row is written
        if held is None or held[1] <= self.clock():
            raise NotFound(NOT_FOUND)
        return self.conversations.hand_over(held[0])

    def _hash(self, normalised: str) -> str:
        return hmac.new(self.secret, normalised.encode(), hashlib.sha256).hexdigest()

"""API keys for coordinators' and practitioners' systems. Only a hash is ever stored.

A key is 32 random bytes, so a single SHA-256 is enough: there is nothing to guess, and
a slow password hash would only add latency to every call.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathway_bot.area import Area
from pathway_bot.errors import Forbidden, NotFound, Unauthorised, ValidationFailed
from pathway_bot.persistence.models.requests import ApiKey

COORDINATOR = "coordinator"
PRACTITIONER = "practitioner"
# A key worker (or lead professional) sees only the requests allocated to them, whatever
# their districts (which say where they work).
KEY_WORKER = "key_worker"
# Service managers: insights for their area and districts, never a request's details.
MANAGER = "manager"
ROLES: tuple[str, ...] = (COORDINATOR, PRACTITIONER, KEY_WORKER, MANAGER)
KEY_PREFIX = "pbk_"
_PREFIX_CHARS = 8


def hash_key(presented: str) -> str:
    return hashlib.sha256(presented.encode("utf-8")).hexdigest()


def new_key_text() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_key(session: Session, area: Area, *, role: str, districts: Iterable[str], name: str,
               now: datetime) -> tuple[ApiKey, str]:
    """Store a new key's hash and return the key itself: the only time it is ever seen."""
    wanted = tuple(dict.fromkeys(districts))
    _check_new_key(area, role, wanted, name)
    text = new_key_text()
    key = ApiKey(id=uuid.uuid4().hex, area=area.id, name=name.strip(), role=role,
                 districts=" ".join(wanted),
                 key_hash=hash_key(text), prefix=text[:len(KEY_PREFIX) + _PREFIX_CHARS],
                 created_at=now)
    session.add(key)
    session.commit()
    return key, text


def _check_new_key(area: Area, role: str, districts: tuple[str, ...], name: str) -> None:
    errors: dict[str, list[str]] = {}
    if role not in ROLES:
        errors["role"] = [f"must be one of {', '.join(ROLES)}"]
    unknown = [d for d in districts if area.district(d) is None]
    if not districts or unknown:
        errors["district"] = [f"give one or more of {', '.join(area.district_ids)}"]
    if not name or not name.strip() or len(name.strip()) > 120:
        errors["name"] = ["give a name of 1 to 120 characters"]
    if errors:
        raise ValidationFailed("The key could not be created: see errors.", errors=errors)


def authenticate(session: Session, presented: str | None) -> ApiKey:
    """The active key presented, or Unauthorised (401) without saying which check failed."""
    if not presented or not presented.startswith(KEY_PREFIX):
        raise Unauthorised("Send a valid API key as 'Authorization: Bearer <key>'.")
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(presented)))
    if key is None or not key.active:
        raise Unauthorised("Send a valid API key as 'Authorization: Bearer <key>'.")
    return key


def require_role(key: ApiKey, role: str) -> ApiKey:
    if key.role != role:
        raise Forbidden(f"This needs a {role} key; this key is a {key.role} key.")
    return key


def find_key_worker(session: Session, area: Area, key_id_or_prefix: str) -> ApiKey:
    """The active key worker's key a request is allocated to; ValidationFailed if none."""
    wanted = key_id_or_prefix.strip()
    found = list(session.scalars(
        select(ApiKey).where((ApiKey.id == wanted) | (ApiKey.prefix == wanted),
                             ApiKey.area == area.id, ApiKey.role == KEY_WORKER)))
    if len(found) != 1 or not found[0].active:
        raise ValidationFailed(
            "Name the key worker by the id or prefix of their active key_worker key "
            "(see list-keys).", errors={"key_worker.key": ["no active key worker's key"]})
    return found[0]


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)))


def revoke_key(session: Session, key_id_or_prefix: str, *, now: datetime) -> ApiKey:
    """Revoke by id or by the prefix list-keys shows. Revoking twice changes nothing."""
    wanted = key_id_or_prefix.strip()
    matches = list(session.scalars(
        select(ApiKey).where((ApiKey.id == wanted) | (ApiKey.prefix == wanted))))
    if len(matches) != 1:
        raise NotFound(f"No single key has the id or prefix {wanted!r}; see list-keys.")
    key = matches[0]
    if key.revoked_at is None:
        key.revoked_at = now
        session.commit()
    return key

"""`Authorization: Bearer <api key>` for coordinators' and practitioners' systems."""

from __future__ import annotations

from api.auth import bearer_token
from pathway_bot.extensions import db_session
from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys


def require_key(role: str) -> ApiKey:
    """The caller's key: 401 if missing, unknown or revoked; 403 if it has the wrong role."""
    return keys.require_role(keys.authenticate(db_session(), bearer_token(required=False)), role)


def coordinator() -> ApiKey:
    return require_key(keys.COORDINATOR)


def practitioner() -> ApiKey:
    return require_key(keys.PRACTITIONER)


def any_key() -> ApiKey:
    """The caller's key, whatever its role: 401 if missing, unknown or revoked."""
    return keys.authenticate(db_session(), bearer_token(required=False))

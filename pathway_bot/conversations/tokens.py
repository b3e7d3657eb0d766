"""The conversation token: the only key to a conversation, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # 256 random bits need no slow hash: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    return token is not None and hmac.compare_digest(hash_token(token), stored_hash)

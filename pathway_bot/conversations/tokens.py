"""The conversation token: the only key to a conversation, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

# What new_token makes: 32 random bytes in unpadded base64url, 43 characters.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # 256 random bits need no slow hash: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    return token is not None and hmac.compare_digest(hash_token(token), stored_hash)


def looks_like_token(text: str) -> bool:
    """Whether `text` could be a token at all: a cheap check before anything is looked up."""
    return _TOKEN_SHAPE.fullmatch(text) is not None

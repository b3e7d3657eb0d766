"""The secrets of a staff account: password hashes, the TOTP secret at rest, recovery codes.

- Passwords: argon2id (argon2-cffi's defaults, which follow RFC 9106's second choice).
- The TOTP secret must be read back to check a code, so it is encrypted, not hashed: Fernet
  (AES-128-CBC with HMAC-SHA256) under a key derived from the app's secret for this purpose
  alone. Changing PATHWAY_SECRET_KEY makes every enrolment unreadable: reset the accounts.
- Recovery codes and set-up tokens are random and long, so a keyed or plain SHA-256 is
  enough (nothing to guess); a slow hash would only slow signing in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code read off paper is typed right.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10  # about 49 bits each
_hasher = PasswordHasher()
# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_DECOY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DECOY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def spend_time_as_if_checking(password: str) -> None:
    password_matches(None, password)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SecretBox:
    """Encrypts TOTP secrets and hashes recovery codes, each with its own derived key."""

    def __init__(self, totp_key: bytes, recovery_key: bytes):
        self._fernet = Fernet(base64.urlsafe_b64encode(totp_key))
        self._recovery_key = recovery_key

    def seal(self, totp_secret: str) -> str:
        return self._fernet.encrypt(totp_secret.encode("ascii")).decode("ascii")

    def open(self, sealed: str) -> str | None:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            return None

    def recovery_hash(self, code: str) -> str:
        return hmac.new(self._recovery_key, normalise_recovery_code(code).encode("utf-8"),
                        hashlib.sha256).hexdigest()


def new_totp_secret() -> str:
    return pyotp.random_base32()


def new_recovery_codes() -> list[str]:
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
             for _ in range(RECOVERY_CODES)]
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def looks_like_totp(code: str) -> bool:
    digits = code.replace(" ", "")
    return len(digits) == 6 and digits.isdigit()

"""TOTP codes (RFC 6238: 30-second steps, 6 digits) that are never accepted twice.

pyotp's `verify` alone would take the same code again within its window: a code seen over
a shoulder or in a log could be replayed. Here the step a code belongs to must be later than
the last step accepted, which the account stores.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp

STEP_SECONDS = 30
# A code from the step before or after now is accepted too: clocks drift and people type.
DRIFT_STEPS = 1
ISSUER = "Pathway Bot"


def accepted_step(secret: str, code: str, *, now: datetime, last_step: int | None
                  ) -> int | None:
    """The time step `code` belongs to, if it is right and later than `last_step`."""
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    typed = code.replace(" ", "")
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator app shows at `moment` (for tests and set-up checks)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(moment)


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=email,
                                                                      issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def step_length() -> timedelta:
    return timedelta(seconds=STEP_SECONDS)

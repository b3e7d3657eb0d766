"""Short references a family can read aloud over the phone: no 0/O or 1/I to confuse."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: digits 2-9, letters without I, O
GROUP = 4
GROUPS = 2
_SHAPE = re.compile(rf"^[{ALPHABET}]{{{GROUP * GROUPS}}}$")


def new_reference() -> str:
    """'K7MQ-4XZP': 32^8 (about 10^12) possibilities, so a clash is rare and just retried."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * GROUPS))
    return "-".join(symbols[i:i + GROUP] for i in range(0, len(symbols), GROUP))


def normalise_reference(raw: str) -> str | None:
    """What a person types ('k7mq 4xzp', 'K7MQ4XZP') -> 'K7MQ-4XZP'; None if it cannot be one."""
    compact = re.sub(r"[\s-]+", "", raw or "").upper()
    if not _SHAPE.match(compact):
        return None
    return f"{compact[:GROUP]}-{compact[GROUP:]}"

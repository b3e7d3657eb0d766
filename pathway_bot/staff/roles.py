"""Who signs in to the console, and what each role may do there.

Key workers land on their own pages (the requests allocated to them, and the casework on
each); coordinators can do the casework of their districts' requests too.
"""

from __future__ import annotations

COORDINATOR = "coordinator"
KEY_WORKER = "key_worker"
SERVICE_MANAGER = "service_manager"
ADMINISTRATOR = "administrator"
ROLES: tuple[str, ...] = (COORDINATOR, KEY_WORKER, SERVICE_MANAGER, ADMINISTRATOR)

# Read the districts' queue, requests and meetings.
READS_THE_QUEUE: frozenset[str] = frozenset({COORDINATOR, SERVICE_MANAGER, ADMINISTRATOR})
# Claim, release, allocate, decline, transfer, and record a meeting's decisions.
WORKS_THE_QUEUE: frozenset[str] = frozenset({COORDINATOR})


def reads_the_queue(role: str) -> bool:
    return role in READS_THE_QUEUE


def works_the_queue(role: str) -> bool:
    return role in WORKS_THE_QUEUE

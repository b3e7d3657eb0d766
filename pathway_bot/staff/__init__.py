"""Staff accounts: the people who sign in to the allocations console, and what they may see.

Pure domain code over a SQLAlchemy session: no Flask. The console (a transport) keeps the
signed-in person in its session cookie and asks `StaffAccounts` who they are on each page.
"""

from pathway_bot.staff.accounts import SetUpLink, StaffAccounts
from pathway_bot.staff.roles import (
    ADMINISTRATOR,
    COORDINATOR,
    KEY_WORKER,
    ROLES,
    SERVICE_MANAGER,
)

__all__ = ["ADMINISTRATOR", "COORDINATOR", "KEY_WORKER", "ROLES", "SERVICE_MANAGER",
           "SetUpLink", "StaffAccounts"]

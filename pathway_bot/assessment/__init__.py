"""The needs profile and the decision that turns it into an outcome (SPEC sections 3 and 4)."""

from pathway_bot.assessment.decision import Decision, Reason, decide, decide_profile
from pathway_bot.assessment.profile import NEED_AREAS, RESPONDENTS, SUPPORT_LEVELS, NeedsProfile
from pathway_bot.assessment.rules import Rules, load_rules

__all__ = [
    "NEED_AREAS",
    "RESPONDENTS",
    "SUPPORT_LEVELS",
    "Decision",
    "NeedsProfile",
    "Reason",
    "Rules",
    "decide",
    "decide_profile",
    "load_rules",
]

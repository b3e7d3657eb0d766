"""The condition language shared by flows and the local area. It reads facts only: it knows
nothing of flows or areas, so both can build on it."""

from pathway_bot.conditions.language import (
    Facts,
    Predicate,
    compile_condition,
    referenced_answers,
    referenced_profile_fields,
)

__all__ = ["Facts", "Predicate", "compile_condition", "referenced_answers",
           "referenced_profile_fields"]

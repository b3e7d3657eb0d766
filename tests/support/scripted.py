"""Answer any flow's questions so that it fills a given needs profile, as a person would."""

from __future__ import annotations

from typing import Any

from pathway_bot.flows.model import Question

PROGRESS_WORDS = {True: "yes", False: "no", None: "not_sure"}
EXTRA_ANSWERS = {
    "role": "senco",
    "setting": "school",
    "review_cycles": 2,
    "lead_professional": True,
    "trusted_adult": "carry_on",
    "own_words": "He is kind and loves drawing; mornings are hardest.",
    "concern": "Attendance has dropped this term despite a support plan.",
    "something_else": "She seems quieter than before.",
}


def scripted_answer(question: Question, profile: dict) -> Any:
    """The answer that moves the flow towards `profile` (a SPEC needs profile)."""
    needs = {area: level for area, level in (profile.get("needs") or {}).items() if level}
    qid = question.id
    if qid == "harm":
        return bool(profile.get("risk_of_harm"))
    if qid == "self_harm":
        return bool(profile.get("self_harm"))
    if qid == "age":
        return profile["age"]
    if qid == "postcode":
        return profile.get("postcode")
    if qid == "district":
        return profile["district"]
    if qid == "worries":
        return list(needs) or ["none"]
    if question.fills and question.fills[0].field.startswith("needs."):
        area = question.fills[0].field.removeprefix("needs.")
        unsure = area in (profile.get("unsure_needs") or ()) and \
            any(option.value == "unsure" for option in question.options)
        return "unsure" if unsure else needs[area]
    if qid == "changes":
        return profile.get("changed") or "none"
    if qid == "circumstances":
        return list(profile.get("circumstances") or ()) or ["none"]
    if qid == "ehcp_requested":
        return bool(profile.get("ehcp_requested"))
    if qid == "support_tried":
        return profile.get("support_tried", "none")
    if qid == "progress":
        return PROGRESS_WORDS[profile.get("progress_with_support")]
    if qid == "has_ehcp":
        return bool(profile.get("has_ehcp"))
    if qid == "review_cycles" and profile.get("review_cycles") is not None:
        return profile["review_cycles"]
    if qid == "consent":
        return bool(profile.get("consent_to_share"))
    return EXTRA_ANSWERS[qid]

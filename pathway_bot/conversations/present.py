"""Conversations in a person's language: the step of SPEC section 5 and the outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pathway_bot.area import Area
from pathway_bot.assessment import Decision
from pathway_bot.assessment.outcome import help_contacts, present_contact, present_outcome
from pathway_bot.conversations.service import ConversationView
from pathway_bot.directory.signposting import Signposting
from pathway_bot.engine import Step
from pathway_bot.engine.safety_check import StepHelp
from pathway_bot.i18n import Catalogs


def _maybe(catalogs: Catalogs, message_id: str | None, locale: str) -> str | None:
    return catalogs.text(message_id, locale) if message_id else None


def present_step(step: Step, catalogs: Catalogs, locale: str) -> dict[str, Any]:
    question = step.question
    return {
        "question": {
            "id": question.id,
            "text": catalogs.text(question.text, locale),
            "help": _maybe(catalogs, question.help, locale),
            "why": _maybe(catalogs, question.why, locale),
            "type": question.type,
            "options": [
                {"value": option.value, "label": catalogs.text(option.label, locale),
                 "hint": _maybe(catalogs, option.hint, locale),
                 "exclusive": option.exclusive}
                for option in step.options
            ],
            "required": question.required,
            "min": question.min,
            "max": question.max if question.type != "text" else question.max_length,
            "answer": step.kept_answer,
        },
        "progress": {"answered": step.progress.answered,
                     "estimated_total": step.progress.estimated_total},
    }


class Presenter:
    """Conversations and their outcomes in the person's language, services signposted."""

    def __init__(self, *, catalogs: Catalogs, area: Area, signposting: Signposting):
        self.catalogs = catalogs
        self.area = area
        self.signposting = signposting

    def step(self, step: Step, locale: str) -> dict[str, Any]:
        shown = present_step(step, self.catalogs, locale)
        if step.help is not None:
            shown["help"] = self.help(step.help, locale)
        return shown

    def help(self, step_help: StepHelp, locale: str) -> dict[str, Any]:
        """The help shown with a step: what it is for, in a sentence, and who to contact."""
        contacts = help_contacts(self.area, step_help.kinds, step_help.respondent,
                                 step_help.age)
        audience = ".practitioner" if step_help.respondent == "practitioner" else ""
        return {"kind": step_help.kind,
                "text": self.catalogs.text(f"help.{step_help.kind}{audience}.text", locale),
                "contacts": [present_contact(c, self.catalogs, locale) for c in contacts]}

    def decision(self, decision: Decision, locale: str) -> dict[str, Any]:
        """The outcome of SPEC section 4 for a decision, with its signposted services."""
        found = self.signposting.signpost(decision, locale)
        return present_outcome(decision, self.area, self.catalogs, locale,
                               services=found.services, might_not_know=found.might_not_know)

    def outcome(self, view: ConversationView, locale: str | None = None
                ) -> dict[str, Any] | None:
        if view.decision is None:
            return None
        return self.decision(view.decision, locale or view.conversation.locale)

    def conversation(self, view: ConversationView, *,
                     with_answers: bool = True) -> dict[str, Any]:
        conversation = view.conversation
        locale = conversation.locale
        shown: dict[str, Any] = {
            "id": conversation.id,
            "flow": conversation.flow,
            "flow_version": conversation.flow_version,
            "locale": locale,
            "status": "finished" if view.finished else "in_progress",
            "step": self.step(view.step, locale) if view.step else None,
            "outcome": self.outcome(view),
        }
        if with_answers:
            shown["answers"] = view.snapshot.answers_on_path()
        return shown


class Presenters:
    """Every area's Presenter behind one face: a conversation, a step or an outcome is shown
    in the words and with the contacts of the area it belongs to."""

    def __init__(self, by_area: Mapping[str, Presenter], home: str,
                 area_of_district: Callable[[str], str | None] = lambda _district: None):
        self.by_area = by_area
        self.home = by_area[home]
        self._area_of_district = area_of_district

    def in_area(self, area: str | None) -> Presenter:
        return self.by_area.get(area or "", self.home)

    def step(self, step: Step, locale: str) -> dict[str, Any]:
        return self.in_area(step.area).step(step, locale)

    def help(self, step_help: StepHelp, locale: str) -> dict[str, Any]:
        return self.in_area(step_help.area).help(step_help, locale)

    def decision(self, decision: Decision, locale: str) -> dict[str, Any]:
        """A decision made outside a conversation shows in the area of its district."""
        district = decision.profile.district
        return self.in_area(self._area_of_district(district) if district else None
                            ).decision(decision, locale)

    def outcome(self, view: ConversationView, locale: str | None = None
                ) -> dict[str, Any] | None:
        return self.in_area(view.conversation.area).outcome(view, locale)

    def conversation(self, view: ConversationView, *,
                     with_answers: bool = True) -> dict[str, Any]:
        return self.in_area(view.conversation.area).conversation(view,
                                                                 with_answers=with_answers)

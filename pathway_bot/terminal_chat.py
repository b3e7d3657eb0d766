"""`pathway-bot chat`: a whole conversation at a terminal, on the same engine as the web."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pathway_bot.assessment import decide_profile
from pathway_bot.conversations.safety_check import answer_checked
from pathway_bot.engine import Step, TurnResult
from pathway_bot.engine.answers import answer_from_form
from pathway_bot.errors import InvalidAnswer, NothingToGoBackTo
from pathway_bot.runtime import Runtime

COMMANDS = "Type the number of a choice (several with commas), 'back', 'danger' or 'quit'."


class TerminalChat:
    def __init__(self, runtime: Runtime, flow: str, locale: str,
                 ask: Callable[[str], str], say: Callable[[str], None]):
        self.runtime = runtime
        self.engine = runtime.engines.get(flow)
        self.catalogs = runtime.catalogs
        self.locale = locale
        self.ask = ask
        self.say = say

    def text(self, message_id: str | None, **params) -> str:
        return self.catalogs.text(message_id, self.locale, **params) if message_id else ""

    def run(self) -> dict | None:
        """Ask until the flow ends, then print the outcome with its services; None if the
        person stopped first."""
        self.say(self.text(self.engine.flow.title))
        self.say(self.text(self.engine.flow.description))
        self.say(COMMANDS)
        result = self.engine.start()
        while result.step is not None:
            moved = self.turn(result)
            if moved is None:
                return None
            result = moved
        decision = decide_profile(result.profile, self.runtime.rules)
        outcome = self.runtime.presenter.decision(decision, self.locale)
        self.print_outcome(outcome)
        return outcome

    def show(self, step: Step) -> None:
        question = step.question
        self.say("")
        if step.help is not None:
            self.show_help(step)
        self.say(f"[{step.progress.answered + 1}/{step.progress.estimated_total}] "
                 f"{self.text(question.text)}")
        if question.help:
            self.say(f"  {self.text(question.help)}")
        for number, label in enumerate(self.choices(step), start=1):
            self.say(f"  {number}. {label}")
        if step.kept_answer is not None:
            self.say(f"  (you answered: {step.kept_answer}; press Enter to keep it)")

    def show_help(self, step: Step) -> None:
        """Help first, above the question, as the web shows it."""
        assert step.help is not None
        shown = self.runtime.presenter.help(step.help, self.locale)
        self.say(f"! {shown['text']}")
        self.say_contacts(shown["contacts"])

    def say_contacts(self, contacts: list[dict]) -> None:
        for contact in contacts:
            phone = f": {contact['phone']}" if contact.get("phone") else ""
            self.say(f"! {contact['name']}{phone}. {contact['description']}")

    def choices(self, step: Step) -> list[str]:
        if step.question.type == "yes_no":
            return [self.text("answer.yes"), self.text("answer.no")]
        return [self.text(option.label) for option in step.options]

    def turn(self, result: TurnResult) -> TurnResult | None:
        step = result.step
        assert step is not None
        self.show(step)
        try:
            reply = self.ask("> ").strip()
        except EOFError:
            return None
        command = reply.lower()
        if command in {"quit", "q", "exit"}:
            return None
        if command in {"danger", "harm"}:
            return self.engine.report_harm(result.snapshot)
        if command in {"back", "b"}:
            try:
                return self.engine.back(result.snapshot)
            except NothingToGoBackTo:
                self.say("This is the first question.")
                return result
        answer = step.kept_answer if reply == "" and step.kept_answer is not None \
            else self.parse(step, reply)
        try:
            return answer_checked(self.engine, self.runtime.safety_net, result.snapshot,
                                  step.question.id, answer)
        except InvalidAnswer as error:
            self.say(self.text(error.message_id, **error.params))
            return result

    def parse(self, step: Step, reply: str) -> Any:
        if step.question.type == "yes_no":
            return {"1": True, "2": False}.get(reply, answer_from_form(step.question, reply))
        if step.options:
            picked = []
            for part in reply.replace(" ", "").split(","):
                if part.isdigit() and 1 <= int(part) <= len(step.options):
                    picked.append(str(step.options[int(part) - 1].value))
                elif part:
                    picked.append(part)
            return answer_from_form(step.question, picked if step.question.type == "multi"
                                    else (picked[0] if picked else ""))
        return answer_from_form(step.question, reply)

    def print_outcome(self, outcome: dict) -> None:
        self.say("")
        self.say_contacts(outcome["contacts"])
        if outcome["tier_description"]:
            self.say(f"== {outcome['tier_description']['name']} ==")
            self.say(outcome["tier_description"]["summary"])
        self.say("Why:")
        for reason in outcome["reasons"]:
            self.say(f"  - {reason}")
        for service in outcome["services"]:
            self.say(f"* {service['name']}: {service.get('why', '')}")

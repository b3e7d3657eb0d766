"""`pathway-bot chat`: a whole conversation at the terminal."""

from __future__ import annotations

from pathway_bot.terminal_chat import TerminalChat


def run_chat(runtime, flow: str, replies: list[str]) -> tuple[dict | None, str]:
    feed = iter(replies)
    shown: list[str] = []

    def ask(_prompt: str) -> str:
        return next(feed)

    outcome = TerminalChat(runtime, flow, "en", ask=ask, say=shown.append).run()
    return outcome, "\n".join(shown)


def test_a_parent_reaches_an_outcome_with_reasons(runtime):
    # The worries, then "no" to self-harm, then how much each worry affects them, nothing
    # changed, none of the circumstances, no help yet, no plan and none asked for.
    replies = ["2", "12", "GL14 2AB", "3,7", "2", "2", "2", "1", "8", "1", "2", "2", "", "1"]
    outcome, shown = run_chat(runtime, "family", replies)
    assert outcome["tier"] == "early_intervention"
    assert "Why:" in shown and ("You told us about feelings, behaviour and mental health. "
                                "You said it gets in the way quite a lot.") in shown


def test_a_wrong_answer_is_explained_and_asked_again(runtime):
    outcome, shown = run_chat(runtime, "family", ["2", "seven", "7", "quit"])
    assert outcome is None
    assert "Enter a whole number, like 7." in shown


def test_danger_at_any_question_shows_999_first(runtime):
    outcome, shown = run_chat(runtime, "young_person", ["2", "danger"])
    assert outcome["outcome"] == "safeguarding"
    assert "999" in shown.split("Why:")[0]

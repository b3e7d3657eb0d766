"""The free-text safety net: what it notices, what it leaves alone, and how well it does on
the labelled phrases (figures printed at the end of the test run)."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.errors import FlowError
from pathway_bot.safety import SafetyLexiconError, SafetyNet, load_safety_net, read_lexicon

LEXICON = PROJECT_ROOT / "flows" / "area" / "safety_lexicon.yaml"
DATA = PROJECT_ROOT / "tests" / "data"
LABELLED = json.loads((DATA / "safety_phrases.json").read_text())
HELD_OUT = json.loads((DATA / "safety_phrases_holdout.json").read_text())


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return load_safety_net(LEXICON)


def phrases(rows: list[dict], *, notes: set[str], concerning: bool) -> list[str]:
    return [row["text"] for row in rows
            if row.get("note") in notes and (row["label"] != "none") == concerning]


# What it notices, and what it leaves alone

@pytest.mark.parametrize("text", phrases(LABELLED, notes={"trap"}, concerning=False))
def test_a_harmless_phrase_with_a_trap_word_stays_quiet(net, text):
    assert net.scan(text) is None


@pytest.mark.parametrize("text", phrases(LABELLED, notes={"misspelt", "text_speak"},
                                         concerning=True))
def test_a_misspelt_or_text_speak_worry_is_caught(net, text):
    assert net.scan(text) is not None


@pytest.mark.parametrize("text", ["his dad hitts him", "step dad is hurtin her", "i wanna kms",
                                  "HE HIIIITS HER", "dad k1cks him", "she was abussed",
                                  "he’s su1c1dal", "mum’s boyfriend is voilent"])
def test_spelling_case_and_symbols_do_not_hide_a_worry(net, text):
    assert net.scan(text) is not None


@pytest.mark.parametrize("text", ["he loves eating with her", "kissing him goodnight",
                                  "she's growing up so fast", "we were clapping for her",
                                  "he is kidding me", "the weather's been strange"])
def test_real_words_one_letter_from_a_lexicon_word_mean_what_they_say(net, text):
    assert net.scan(text) is None


def test_harm_by_others_is_reported_as_harm(net):
    finding = net.scan("his stepdad hits him with a belt")
    assert (finding.kind, finding.kinds) == ("harm", ("harm",))
    assert not finding.self_harm


def test_self_harm_is_reported_as_self_harm(net):
    finding = net.scan("she keeps saying she wants to die")
    assert (finding.kind, finding.kinds) == ("self_harm", ("self_harm",))


def test_an_answer_suggesting_both_acts_on_harm_by_others_and_keeps_self_harm(net):
    finding = net.scan("dad hits him every night and now he says he wants to die")
    assert finding.kind == "harm"
    assert finding.kinds == ("harm", "self_harm")
    assert finding.self_harm


def test_a_finding_names_lexicon_entries_and_never_the_persons_words(net):
    finding = net.scan("Jayden's uncle Marcus punches him at Riverside Road")
    assert finding.terms
    assert all(term.startswith(("harm: ", "self_harm: ")) for term in finding.terms)
    assert not any(name in " ".join(finding.terms).casefold()
                   for name in ("jayden", "marcus", "riverside"))


def test_harmless_context_in_another_sentence_does_not_calm_a_worry(net):
    assert net.scan("He beats his brother at chess. Dad hits him when he's drunk.") is not None


def test_a_phrase_does_not_join_two_sentences(net):
    assert net.scan("He hit the ball hard! Her sister cheered.") is None


def test_an_empty_or_punctuation_only_answer_is_quiet(net):
    assert net.scan("") is None
    assert net.scan("  ?!... ") is None


def test_one_net_serves_many_threads_alike(net):
    texts = [row["text"] for row in LABELLED] * 4
    alone = [net.scan(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(net.scan, texts))
    assert together == alone


def test_the_net_cannot_be_changed_once_built(net):
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.calm_window = 99


def test_the_safety_net_imports_nothing_beyond_its_own_package_and_the_errors():
    allowed = {"pathway_bot.errors", "pathway_bot.safety"}
    for path in (PROJECT_ROOT / "pathway_bot" / "safety").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                inside = name.startswith("pathway_bot")
                assert not inside or any(name.startswith(a) for a in allowed), (path, name)
                assert name.split(".")[0] not in {"flask", "sqlalchemy", "api"}, (path, name)


# How well it does on the labelled phrases

def figures(net: SafetyNet, rows: list[dict]) -> dict[str, float | int]:
    concerning = [row for row in rows if row["label"] != "none"]
    harmless = [row for row in rows if row["label"] == "none"]
    findings = [(row, net.scan(row["text"])) for row in concerning]
    caught = [(row, finding) for row, finding in findings if finding is not None]
    kind_right = sum(1 for row, finding in caught if row["label"] in finding.kinds)
    false_alarms = sum(1 for row in harmless if net.scan(row["text"]) is not None)
    return {"phrases": len(rows), "concerning": len(concerning), "caught": len(caught),
            "recall": len(caught) / len(concerning), "kind_right": kind_right,
            "harmless": len(harmless), "false_alarms": false_alarms,
            "false_alarm_rate": false_alarms / len(harmless)}


def test_the_labelled_set_is_caught_with_few_false_alarms(net, safety_figures):
    result = figures(net, LABELLED)
    safety_figures["labelled set (tests/data/safety_phrases.json)"] = result
    assert result["recall"] >= 0.95
    assert result["false_alarm_rate"] <= 0.10


def test_the_held_out_set_is_measured_and_reported(net, safety_figures):
    # Never tuned on: its figures are reported as they are, and not held to a threshold
    # that would invite tuning the lexicon to it.
    result = figures(net, HELD_OUT)
    safety_figures["held-out set (tests/data/safety_phrases_holdout.json)"] = result
    assert result["phrases"] >= 60


def test_the_labelled_sets_have_the_mix_they_promise():
    def count(rows: list[dict], label: str) -> int:
        return sum(1 for row in rows if row["label"] == label)
    misspelt = phrases(LABELLED, notes={"misspelt", "text_speak"}, concerning=True)
    assert len(LABELLED) >= 240 and len(HELD_OUT) >= 60
    assert count(LABELLED, "self_harm") >= 30 and count(LABELLED, "harm") >= 60
    assert len(misspelt) >= 30
    for rows in (LABELLED, HELD_OUT):
        assert count(rows, "none") / len(rows) >= 0.45
        assert {row["label"] for row in rows} == {"harm", "self_harm", "none"}
    assert not {row["text"] for row in LABELLED} & {row["text"] for row in HELD_OUT}


# The lexicon file

def test_the_lexicon_names_its_draft_date_and_awaits_the_safeguarding_leads_sign_off():
    lexicon = read_lexicon(LEXICON)
    assert lexicon.drafted_on == datetime.date(2026, 12, 1)
    assert lexicon.drafted_by
    # Nobody's name is recorded until the safeguarding lead has signed the list off.
    assert lexicon.review.reviewed_by is None and lexicon.review.reviewed_on is None
    assert "sign" in lexicon.review.status
    assert "safeguarding lead" in lexicon.review.how_changes_are_signed_off


VALID = LEXICON.read_text()


@pytest.mark.parametrize(("change", "message"), [
    (lambda text: text.replace("harm:\n  # Words that are enough", "harms:\n  #"),
     "`harm` is missing"),
    (lambda text: text.replace("- abus*\n", "- abus*\n    - hit* .. <nobody>\n", 1),
     "`<nobody>` is not a group"),
    (lambda text: text.replace("- abus*\n", "- ab*us\n", 1), "`*` goes only at the end"),
    (lambda text: text.replace("- abus*\n", "- .. abus*\n", 1), "`..` goes between two words"),
    (lambda text: text.replace("  - abused\n", "  - wandering\n", 1), "is not in any entry"),
    (lambda text: text.replace("  reviewed_by: null\n", ""), "add `reviewed_by:`"),
    (lambda text: text.replace("drafted_on: 2026-12-01", "drafted_on: soon"),
     "expected a date like 2026-12-01"),
    (lambda text: text + "\n  : [unclosed\n", "cannot be read as YAML"),
])
def test_a_malformed_lexicon_is_refused_with_a_message_that_says_how_to_fix_it(
        tmp_path: Path, change, message):
    path = tmp_path / "safety_lexicon.yaml"
    path.write_text(change(VALID))
    assert path.read_text() != VALID
    with pytest.raises(SafetyLexiconError, match=message) as refused:
        load_safety_net(path)
    assert str(path) in str(refused.value)
    assert isinstance(refused.value, FlowError)

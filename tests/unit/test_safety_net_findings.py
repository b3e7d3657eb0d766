"""The safety net's exact finding on every labelled phrase, pinned: a change that only means
to make the net faster must not change what it finds, not even the order of the terms.

Besides each phrase on its own, each phrase is pinned run together with the next one in its
set, with and without a full stop between them: a phrase then sits in another's calm window
or across a sentence end, as in a long answer.

When the lexicon or the labelled phrases change on purpose (with the safeguarding lead's
sign-off), write the pins again and review the difference:

    python -m tests.unit.test_safety_net_findings
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.safety import SafetyFinding, SafetyNet, load_safety_net

LEXICON = PROJECT_ROOT / "flows" / "area" / "safety_lexicon.yaml"
DATA = PROJECT_ROOT / "tests" / "data"
PHRASE_SETS = ("safety_phrases.json", "safety_phrases_holdout.json")
PINS = DATA / "safety_findings_pinned.json"


def pinned_texts() -> Iterator[str]:
    for name in PHRASE_SETS:
        texts = [row["text"] for row in json.loads((DATA / name).read_text())]
        yield from texts
        for text, following in itertools.pairwise(texts):
            yield f"{text}. {following}"
            yield f"{text} {following}"


def as_pin(finding: SafetyFinding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {"kind": finding.kind, "kinds": list(finding.kinds), "terms": list(finding.terms)}


def findings(net: SafetyNet) -> list[dict[str, Any]]:
    return [{"text": text, "finding": as_pin(net.scan(text))} for text in pinned_texts()]


# Read at collection, to name one test per pin; missing, the first test says so.
PINNED: list[dict[str, Any]] = json.loads(PINS.read_text()) if PINS.exists() else []


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return load_safety_net(LEXICON)


def test_every_labelled_phrase_and_pair_is_pinned():
    assert [pin["text"] for pin in PINNED] == list(pinned_texts())


@pytest.mark.parametrize("pin", PINNED, ids=lambda pin: pin["text"][:60])
def test_the_net_finds_exactly_what_is_pinned(net, pin):
    assert as_pin(net.scan(pin["text"])) == pin["finding"]


if __name__ == "__main__":
    PINS.write_text(json.dumps(findings(load_safety_net(LEXICON)), indent=1,
                               ensure_ascii=False) + "\n")
    print(f"wrote {PINS}")

"""Engine cost of one chat turn: a shared compiled machine vs building a machine per turn.

    .venv/bin/python bench/engine.py [--conversations 300] [--naive-conversations 8]

Walks whole family conversations (the public vignettes, answered as a parent would), timing
each turn. The naive variant does what a machine-per-request design does: for every turn it
builds a `transitions.Machine` bound to that conversation, with the library's defaults, then
runs the same turn. Both are measured in this run; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from transitions import Machine

from pathway_bot.area import load_area
from pathway_bot.engine import FlowEngine
from pathway_bot.flows import Flow, load_flow_registry
from pathway_bot.flows.model import ENDINGS

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only bench/ is on sys.path; tests/support (not installed) is in the checkout.
sys.path.insert(0, str(ROOT))
from tests.support.scripted import scripted_answer  # noqa: E402

VIGNETTES = json.loads((ROOT / "tests" / "data" / "vignettes.json").read_text())
PROFILES = [v["profile"] for v in VIGNETTES if v["profile"]["respondent"] == "parent_carer"]


class Conversation:
    """The model a per-request design would bind its machine to."""

    def __init__(self, state: str):
        self.state = state


def machine_per_turn(flow: Flow, shared: FlowEngine):
    states = [*flow.questions, *ENDINGS]
    transitions = [
        {"trigger": "answer", "source": q.id, "dest": step.target,
         "conditions": [lambda event, step=step: step.when(event.model)]}
        for q in flow.questions.values() for step in q.next
    ]

    def answer_with_a_new_machine(snapshot, question_id, answer):
        Machine(model=Conversation(snapshot.state), states=states, transitions=transitions,
                initial=snapshot.state, send_event=True)
        return shared.answer(snapshot, question_id, answer)

    return answer_with_a_new_machine


class _Naive:
    def __init__(self, answer):
        self.answer = answer


def time_turns(make_engine, shared: FlowEngine, conversations: int) -> list[float]:
    """Microseconds per turn. `shared` only decides the questions; `make_engine` is timed."""
    samples: list[float] = []
    for index in range(conversations):
        profile = PROFILES[index % len(PROFILES)]
        result = shared.start()
        while result.step is not None:
            question = result.step.question
            answer = scripted_answer(question, profile)
            started = time.perf_counter_ns()
            result = make_engine().answer(result.snapshot, question.id, answer)
            samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def synthetic_flow(states: int) -> Flow:
    """A chain of yes/no questions, for measuring at a given size (the README reports 60)."""
    from pathway_bot.flows.loader import flow_schema, parse_flow

    def way_on(i: int) -> dict:
        return {"goto": f"q{i + 1}"} if i + 1 < states else {"end": "outcome"}

    questions = {
        f"q{i}": {"type": "yes_no", "text": "family.harm.text",
                  "next": [{"if": {"answer": f"q{i}", "eq": True}, **way_on(i)}, way_on(i)]}
        for i in range(states)
    }
    data = {"flow": "synthetic", "version": 1, "respondent": "parent_carer",
            "title": "family.title", "start": "q0", "questions": questions}
    return parse_flow(data, flow_schema(ROOT / "flows"), "synthetic")


def chain_turns(engine, answer, conversations: int) -> list[float]:
    samples = []
    for _ in range(conversations):
        result = engine.start()
        while result.step is not None:
            started = time.perf_counter_ns()
            result = answer(result.snapshot, result.step.question.id, True)
            samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def at_size(states: int, area) -> tuple[float, float]:
    flow = synthetic_flow(states)
    shared = FlowEngine(flow, area)
    chain_turns(shared, shared.answer, 3)
    turns = chain_turns(shared, shared.answer, 30)
    naive = chain_turns(shared, machine_per_turn(flow, shared), 1)
    return statistics.median(turns), statistics.median(naive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--naive-conversations", type=int, default=8)
    args = parser.parse_args()

    area = load_area(ROOT / "flows" / "area")
    flow = load_flow_registry(ROOT / "flows").latest("family")
    shared = FlowEngine(flow, area)
    time_turns(lambda: shared, shared, 20)  # warm up

    turns = time_turns(lambda: shared, shared, args.conversations)
    naive_engine = _Naive(machine_per_turn(flow, shared))
    naive = time_turns(lambda: naive_engine, shared, args.naive_conversations)
    turn_median = statistics.median(turns)
    naive_median = statistics.median(naive)
    print(f"flow {flow.name} v{flow.version}: {len(flow.questions)} questions; "
          f"{len(turns)} shared turns, {len(naive)} naive turns")
    print(f"shared machine  median {turn_median:9.1f} µs   p99 "
          f"{statistics.quantiles(turns, n=100)[98]:9.1f} µs")
    print(f"machine per turn median {naive_median:9.1f} µs")
    big_turn, big_naive = at_size(60, area)
    print(f"synthetic 60-state chain: shared {big_turn:.1f} µs, machine per turn "
          f"{big_naive:.1f} µs, ratio {big_naive / big_turn:.0f}")
    print(json.dumps({"turn_median_us": round(turn_median, 1),
                      "naive_turn_median_us": round(naive_median, 1),
                      "ratio": round(naive_median / turn_median, 1),
                      "states": len(flow.questions) + 2,
                      "ratio_at_60_states": round(big_naive / big_turn, 1)}))


if __name__ == "__main__":
    main()

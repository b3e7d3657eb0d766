"""Safety net cost of reading one long free-text answer, in two cases.

    python bench/safety.py [--answers 200] [--rounds 10]

Each answer is 2,000 characters of the labelled set's harmless phrases (tests/data/
safety_phrases.json), run together as a person might write them ("he hit his head on the
swing. she's dying to go to the party. ..."):

- worst case: any harmless phrase, most of them traps (a word the net has to look at
  closer, "hit", "dying"), so that nearly every sentence costs a closer look;
- everyday: each sentence is a trap phrase one time in five and otherwise a harmless
  phrase without a trap note, as an ordinary answer mentions a fall or a game now and then.

In each case half the answers end with a harmful phrase from the labelled set instead, so
that the scan finds something and does not stop early. Every answer is scanned `rounds`
times with the net built once, the cases taking turns so that the machine's load falls on
them alike; the target applies to each case, with and without harm. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pathway_bot.safety import SafetyNet, load_safety_net

ROOT = Path(__file__).resolve().parent.parent
ANSWER_LENGTH = 2000
TARGET_P99_US = 200
EVERYDAY_TRAP_SHARE = 0.2

PHRASES = json.loads((ROOT / "tests" / "data" / "safety_phrases.json").read_text())
HARMLESS = [p["text"] for p in PHRASES if p["label"] == "none"]
TRAPS = [p["text"] for p in PHRASES if p["label"] == "none" and p.get("note") == "trap"]
UNTRAPPED = [p["text"] for p in PHRASES if p["label"] == "none" and p.get("note") != "trap"]
HARMFUL = [p["text"] for p in PHRASES if p["label"] != "none"]

# A sentence of an answer, drawn with the given chooser.
Sentence = Callable[[random.Random], str]


def any_harmless(chooser: random.Random) -> str:
    return chooser.choice(HARMLESS)


def everyday(chooser: random.Random) -> str:
    return chooser.choice(TRAPS if chooser.random() < EVERYDAY_TRAP_SHARE else UNTRAPPED)


CASES: dict[str, Sentence] = {"worst case": any_harmless, "everyday": everyday}


def harmless_answer(chooser: random.Random, length: int, sentence: Sentence) -> str:
    # Whole sentences only: half a one ("she was beaten in the final" cut after "beaten")
    # may mean something else. The few characters short of `length` are spaces.
    answer = ""
    while True:
        next_sentence = sentence(chooser).capitalize() + ". "
        if len(answer) + len(next_sentence) > length:
            return answer.ljust(length)
        answer += next_sentence


def answer_ending_in_harm(chooser: random.Random, length: int, sentence: Sentence) -> str:
    harm = chooser.choice(HARMFUL)
    start = harmless_answer(chooser, length - len(harm), sentence)
    return start.rstrip().ljust(length - len(harm)) + harm


def time_scans(net: SafetyNet, answers: list[str]) -> tuple[list[float], list[float]]:
    """Microseconds per scan: as the clock on the wall saw it, and as this thread spent on
    the processor (on shared cores the first also counts other programs' turns)."""
    wall: list[float] = []
    processor: list[float] = []
    for answer in answers:
        started, started_on_cpu = time.perf_counter_ns(), time.thread_time_ns()
        net.scan(answer)
        processor.append((time.thread_time_ns() - started_on_cpu) / 1000)
        wall.append((time.perf_counter_ns() - started) / 1000)
    return wall, processor


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def figures(wall: list[float], processor: list[float]) -> dict[str, float]:
    return {"p50_us": round(statistics.median(wall), 1), "p99_us": round(p99(wall), 1),
            "p99_cpu_us": round(p99(processor), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    net = load_safety_net(ROOT / "flows" / "area" / "safety_lexicon.yaml")
    build_ms = (time.perf_counter() - started) * 1000
    chooser = random.Random(2026)
    half = args.answers // 2
    answers = {(case, ending): [make(chooser, ANSWER_LENGTH, sentence) for _ in range(half)]
               for case, sentence in CASES.items()
               for ending, make in (("harmless", harmless_answer),
                                    ("ending in harm", answer_ending_in_harm))}
    for group in answers.values():
        time_scans(net, group)  # warm up

    samples: dict[tuple[str, str], tuple[list[float], list[float]]] = {
        key: ([], []) for key in answers}
    for _ in range(args.rounds):
        for key, group in answers.items():
            wall, processor = time_scans(net, group)
            samples[key][0].extend(wall)
            samples[key][1].extend(processor)

    print(f"net built in {build_ms:.0f} ms; {args.rounds} scans each of {half} answers of "
          f"{ANSWER_LENGTH} characters per case and ending")
    report: dict[str, object] = {}
    for (case, ending), (wall, processor) in samples.items():
        flagged = sum(1 for answer in answers[case, ending] if net.scan(answer))
        result = figures(wall, processor) | {"flagged": flagged, "answers": half}
        report[f"{case}, {ending}"] = result
        print(f"{case + ', ' + ending:29s} p50 {result['p50_us']:7.1f} µs   "
              f"p99 {result['p99_us']:7.1f} µs   processor p99 {result['p99_cpu_us']:7.1f} µs"
              f"   flagged {flagged}/{half}")
    print(f"target: p99 ≤ {TARGET_P99_US} µs in each case")
    # The machine's load when the run ended: timings on shared cores are only as quiet as it.
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores")
    print(json.dumps({"cases": report, "answer_chars": ANSWER_LENGTH,
                      "build_ms": round(build_ms), "target_p99_us": TARGET_P99_US,
                      "load_average": round(load, 2)}, ensure_ascii=False))


if __name__ == "__main__":
    main()

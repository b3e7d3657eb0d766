"""Safety net cost of reading one long free-text answer.

    python bench/safety.py [--answers 200] [--rounds 10]

Each answer is 2,000 characters of the labelled set's harmless phrases, run together as a
person might write them ("he hit his head on the swing. she's dying to go to the party. ..."):
a worst case, since nearly every sentence holds a trap word the net has to look at closer.
Half the answers end with a harmful phrase from the labelled set instead. Every answer is
scanned `rounds` times with the net built once; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

from pathway_bot.safety import SafetyNet, load_safety_net

ROOT = Path(__file__).resolve().parent.parent
ANSWER_LENGTH = 2000

PHRASES = json.loads((ROOT / "tests" / "data" / "safety_phrases.json").read_text())
HARMLESS = [p["text"] for p in PHRASES if p["label"] == "none"]
HARMFUL = [p["text"] for p in PHRASES if p["label"] != "none"]


def harmless_answer(chooser: random.Random, length: int) -> str:
    # Whole sentences only: half a one ("she was beaten in the final" cut after "beaten")
    # may mean something else. The few characters short of `length` are spaces.
    answer = ""
    while True:
        sentence = chooser.choice(HARMLESS).capitalize() + ". "
        if len(answer) + len(sentence) > length:
            return answer.ljust(length)
        answer += sentence


def answer_ending_in_harm(chooser: random.Random, length: int) -> str:
    harm = chooser.choice(HARMFUL)
    return harmless_answer(chooser, length - len(harm)).rstrip().ljust(length - len(harm)) + harm


def time_scans(net: SafetyNet, answers: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Microseconds per scan: as the clock on the wall saw it, and as this thread spent on
    the processor (on shared cores the first also counts other programs' turns)."""
    wall: list[float] = []
    processor: list[float] = []
    for _ in range(rounds):
        for answer in answers:
            started, started_on_cpu = time.perf_counter_ns(), time.thread_time_ns()
            net.scan(answer)
            processor.append((time.thread_time_ns() - started_on_cpu) / 1000)
            wall.append((time.perf_counter_ns() - started) / 1000)
    return wall, processor


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    net = load_safety_net(ROOT / "flows" / "area" / "safety_lexicon.yaml")
    build_ms = (time.perf_counter() - started) * 1000
    chooser = random.Random(2026)
    harmless = [harmless_answer(chooser, ANSWER_LENGTH) for _ in range(args.answers // 2)]
    harmful = [answer_ending_in_harm(chooser, ANSWER_LENGTH) for _ in range(args.answers // 2)]
    time_scans(net, harmless + harmful, 2)  # warm up

    quiet, quiet_cpu = time_scans(net, harmless, args.rounds)
    loud, loud_cpu = time_scans(net, harmful, args.rounds)
    both, both_cpu = quiet + loud, quiet_cpu + loud_cpu
    flagged_harmless = sum(1 for answer in harmless if net.scan(answer))
    caught_harmful = sum(1 for answer in harmful if net.scan(answer))
    print(f"net built in {build_ms:.0f} ms; {len(both)} scans of {ANSWER_LENGTH}-character "
          f"answers ({len(harmless)} harmless, {len(harmful)} ending in harm)")
    for name, samples in (("harmless answers", quiet), ("ending in harm", loud),
                          ("all", both), ("all, processor time", both_cpu)):
        print(f"{name:20s} p50 {statistics.median(samples):7.1f} µs   "
              f"p99 {p99(samples):7.1f} µs")
    print("target: p99 ≤ 200 µs")
    print(f"harmful answers caught {caught_harmful}/{len(harmful)}; harmless answers flagged "
          f"{flagged_harmless}/{len(harmless)}")
    # The machine's load when the run ended: timings on shared cores are only as quiet as it.
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores")
    print(json.dumps({"p50_us": round(statistics.median(both), 1), "p99_us": round(p99(both), 1),
                      "p99_harmless_us": round(p99(quiet), 1),
                      "p99_ending_in_harm_us": round(p99(loud), 1),
                      "p50_cpu_us": round(statistics.median(both_cpu), 1),
                      "p99_cpu_us": round(p99(both_cpu), 1),
                      "answer_chars": ANSWER_LENGTH, "scans": len(both),
                      "build_ms": round(build_ms), "harmful_caught": caught_harmful,
                      "harmless_flagged": flagged_harmless, "load_average": round(load, 2)}))


if __name__ == "__main__":
    main()

"""Safety net cost of reading one long free-text answer, in three cases.

    python bench/safety.py [--answers 200] [--rounds 10] [--against REV]

Each answer is 2,000 characters of the labelled set's harmless phrases (tests/data/
safety_phrases.json), run together as a person might write them ("he hit his head on the
swing. she's dying to go to the party. ..."):

- worst case: any harmless phrase, most of them traps (a word the net has to look at
  closer, "hit", "dying"), so that nearly every sentence costs a closer look;
- everyday: each sentence is a trap phrase one time in five and otherwise a harmless
  phrase without a trap note, as an ordinary answer mentions a fall or a game now and then;
- text-speak: everyday sentences typed in a hurry: the common words the lexicon's shorthand
  reads out written short ("u", "2", "ppl"), and one longer word in ten misspelt (a letter
  doubled, dropped or swapped), so that the net reads much of the answer again.

In each case half the answers end with a harmful phrase from the labelled set instead (in
text-speak, a misspelt or text-speak one), so that the scan finds something and does not
stop early. Every answer is scanned `rounds` times with the net built once, the cases taking
turns so that the machine's load falls on them alike; the target applies to each case, with
and without harm.

Each scan is timed twice: by the clock on the wall (p50, p99) and by the processor time this
thread spent (`time.thread_time_ns`, p50, p99). On shared cores the wall clock also counts
other programs' turns; processor time is the steadier figure to compare. Last, the p99 over
the answers of each answer's quickest scan of its rounds: what the slowest answers cost in
themselves, which a busy machine inflates least (other programs still evict the net from the
processor's caches between a thread's turns).

`--against REV` also builds the net as it was at git revision REV (its `pathway_bot/safety`
read from git, the lexicon as it is now) and times both on the same answers in the same
rounds, taking turns, so that old and new are measured in one sitting; the ratios old/new
are printed. The last line is JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import yaml

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "flows" / "area" / "safety_lexicon.yaml"
ANSWER_LENGTH = 2000
TARGET_P99_US = 200
EVERYDAY_TRAP_SHARE = 0.2
MISSPELT_SHARE = 0.1

PHRASES = json.loads((ROOT / "tests" / "data" / "safety_phrases.json").read_text())
HARMLESS = [p["text"] for p in PHRASES if p["label"] == "none"]
TRAPS = [p["text"] for p in PHRASES if p["label"] == "none" and p.get("note") == "trap"]
UNTRAPPED = [p["text"] for p in PHRASES if p["label"] == "none" and p.get("note") != "trap"]
HARMFUL = [p["text"] for p in PHRASES if p["label"] != "none"]
HARMFUL_TYPED = [p["text"] for p in PHRASES
                 if p["label"] != "none" and p.get("note") in ("misspelt", "text_speak")]
# The lexicon's short ways of writing one word, the other way round: "you" -> "u".
SHORT_FOR = {meaning: str(word)
             for word, meaning in yaml.safe_load(LEXICON.read_text())["shorthand"].items()
             if " " not in meaning and len(str(word)) <= 4}


class Net(Protocol):
    def scan(self, text: str) -> object: ...


# A sentence of an answer, drawn with the given chooser.
Sentence = Callable[[random.Random], str]


def any_harmless(chooser: random.Random) -> str:
    return chooser.choice(HARMLESS)


def everyday(chooser: random.Random) -> str:
    return chooser.choice(TRAPS if chooser.random() < EVERYDAY_TRAP_SHARE else UNTRAPPED)


def misspelt(chooser: random.Random, word: str) -> str:
    at = chooser.randrange(1, len(word) - 1)
    how = chooser.randrange(3)
    if how == 0:
        return word[:at] + word[at] + word[at:]
    if how == 1:
        return word[:at] + word[at + 1:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]


def typed_in_a_hurry(chooser: random.Random) -> str:
    words = []
    for word in everyday(chooser).split():
        if word in SHORT_FOR:
            word = SHORT_FOR[word]
        elif len(word) >= 5 and word.isalpha() and chooser.random() < MISSPELT_SHARE:
            word = misspelt(chooser, word)
        words.append(word)
    return " ".join(words)


CASES: dict[str, tuple[Sentence, list[str]]] = {
    "worst case": (any_harmless, HARMFUL),
    "everyday": (everyday, HARMFUL),
    "text-speak": (typed_in_a_hurry, HARMFUL_TYPED),
}


def harmless_answer(chooser: random.Random, length: int, sentence: Sentence) -> str:
    # Whole sentences only: half a one ("she was beaten in the final" cut after "beaten")
    # may mean something else. The few characters short of `length` are spaces.
    answer = ""
    while True:
        next_sentence = sentence(chooser).capitalize() + ". "
        if len(answer) + len(next_sentence) > length:
            return answer.ljust(length)
        answer += next_sentence


def answer_ending_in_harm(chooser: random.Random, length: int, sentence: Sentence,
                          harmful: list[str]) -> str:
    harm = chooser.choice(harmful)
    start = harmless_answer(chooser, length - len(harm), sentence)
    return start.rstrip().ljust(length - len(harm)) + harm


def time_scans(net: Net, answers: list[str], wall: list[float],
               processor: list[float]) -> None:
    """Microseconds per scan, added to `wall` (as the clock on the wall saw it) and
    `processor` (as this thread spent on the processor)."""
    scan = net.scan
    for answer in answers:
        started, started_on_cpu = time.perf_counter_ns(), time.thread_time_ns()
        scan(answer)
        on_cpu, ended = time.thread_time_ns(), time.perf_counter_ns()
        processor.append((on_cpu - started_on_cpu) / 1000)
        wall.append((ended - started) / 1000)


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def quickest(samples: list[float], answers: int) -> list[float]:
    """Each answer's quickest scan: `samples` holds rounds of `answers` scans, in order.
    What the answer itself costs, with little of what other programs cost it."""
    return [min(samples[at::answers]) for at in range(answers)]


def figures(wall: list[float], processor: list[float], answers: int) -> dict[str, float]:
    return {"p50_us": round(statistics.median(wall), 1), "p99_us": round(p99(wall), 1),
            "p50_cpu_us": round(statistics.median(processor), 1),
            "p99_cpu_us": round(p99(processor), 1),
            "p99_quickest_cpu_us": round(p99(quickest(processor, answers)), 1)}


def net_at(revision: str, into: Path) -> Net:
    """The safety net as `pathway_bot/safety` was at `revision`, built from today's lexicon.
    Its modules are read from git into a package of another name, so that both nets live in
    one process."""
    package = "safety_at_" + "".join(ch if ch.isalnum() else "_" for ch in revision)
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{revision}:pathway_bot/safety"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    (into / package).mkdir()
    for name in names:
        if name.endswith(".py"):
            source = subprocess.run(["git", "show", f"{revision}:pathway_bot/safety/{name}"],
                                    cwd=ROOT, check=True, capture_output=True, text=True).stdout
            (into / package / name).write_text(source.replace("pathway_bot.safety", package))
    sys.path.insert(0, str(into))
    module: Any = importlib.import_module(package)
    net: Net = module.load_safety_net(LEXICON)
    return net


def make_answers(count: int, seed: int = 2026) -> dict[tuple[str, str], list[str]]:
    """`count` answers for each case, half of them ending in harm, keyed by (case, ending)."""
    chooser = random.Random(seed)
    half = count // 2
    answers: dict[tuple[str, str], list[str]] = {}
    for case, (sentence, harmful) in CASES.items():
        answers[case, "harmless"] = [harmless_answer(chooser, ANSWER_LENGTH, sentence)
                                     for _ in range(half)]
        answers[case, "ending in harm"] = [
            answer_ending_in_harm(chooser, ANSWER_LENGTH, sentence, harmful)
            for _ in range(half)]
    return answers


Samples = dict[tuple[str, tuple[str, str]], tuple[list[float], list[float]]]


def time_all(nets: dict[str, Net], answers: dict[tuple[str, str], list[str]],
             rounds: int) -> Samples:
    """Wall-clock and processor microseconds of every scan, by net and group of answers:
    each answer scanned `rounds` times, groups and nets taking turns."""
    samples: Samples = {(name, key): ([], []) for name in nets for key in answers}
    for group in answers.values():
        for net in nets.values():
            time_scans(net, group, [], [])  # warm up
    order = list(nets)
    for _ in range(rounds):
        for key, group in answers.items():
            for name in order:
                time_scans(nets[name], group, *samples[name, key])
        order.reverse()  # neither net always goes first
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--against", metavar="REV",
                        help="also time the net as it was at this git revision")
    args = parser.parse_args()

    from pathway_bot.safety import load_safety_net

    started = time.perf_counter()
    nets: dict[str, Net] = {"now": load_safety_net(LEXICON)}
    build_ms = (time.perf_counter() - started) * 1000
    workdir = tempfile.TemporaryDirectory()
    if args.against:
        nets[args.against] = net_at(args.against, Path(workdir.name))
    half = args.answers // 2
    answers = make_answers(args.answers)
    samples = time_all(nets, answers, args.rounds)

    print(f"net built in {build_ms:.0f} ms; {args.rounds} scans each of {half} answers of "
          f"{ANSWER_LENGTH} characters per case and ending")
    report: dict[str, Any] = {}
    for name, net in nets.items():
        report[name] = {}
        for (case, ending), group in answers.items():
            wall, processor = samples[name, (case, ending)]
            flagged = sum(1 for answer in group if net.scan(answer))
            result = figures(wall, processor, half) | {"flagged": flagged, "answers": half}
            report[name][f"{case}, {ending}"] = result
            print(f"{name:>8s} {case + ', ' + ending:29s} p50 {result['p50_us']:6.1f} µs  "
                  f"p99 {result['p99_us']:6.1f} µs   processor p50 {result['p50_cpu_us']:6.1f}"
                  f" µs  p99 {result['p99_cpu_us']:6.1f} µs  (each answer's quickest: p99 "
                  f"{result['p99_quickest_cpu_us']:6.1f} µs)   flagged {flagged}/{half}")
    ratios: dict[str, dict[str, float]] = {}
    if args.against:
        for group, new in report["now"].items():
            old = report[args.against][group]
            ratios[group] = {figure: round(old[figure] / new[figure], 2)
                             for figure in ("p50_us", "p99_us", "p50_cpu_us", "p99_cpu_us",
                                            "p99_quickest_cpu_us")}
            print(f"{args.against} / now {group:29s} " + "  ".join(
                f"{figure} ×{ratio}" for figure, ratio in ratios[group].items()))
    worst = max(result["p99_us"] for result in report["now"].values())
    worst_cpu = max(result["p99_cpu_us"] for result in report["now"].values())
    worst_quickest = max(result["p99_quickest_cpu_us"] for result in report["now"].values())
    print(f"target: p99 ≤ {TARGET_P99_US} µs in each case; worst p99 now {worst} µs "
          f"(processor {worst_cpu} µs; each answer's quickest {worst_quickest} µs)")
    # The machine's load when the run ended: timings on shared cores are only as quiet as it.
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores")
    print(json.dumps({"cases": report["now"], "against": args.against,
                      "cases_against": report.get(args.against), "ratios_old_over_new": ratios,
                      "worst_p99_us": worst, "worst_p99_cpu_us": worst_cpu,
                      "worst_p99_quickest_cpu_us": worst_quickest,
                      "answer_chars": ANSWER_LENGTH, "build_ms": round(build_ms),
                      "target_p99_us": TARGET_P99_US, "met": worst <= TARGET_P99_US,
                      "load_average": round(load, 2)}, ensure_ascii=False))
    workdir.cleanup()


if __name__ == "__main__":
    main()

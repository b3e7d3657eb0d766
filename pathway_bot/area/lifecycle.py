"""The request lifecycle as area data: statuses, the seeds' stages they belong to, the moves
between them and the response times the area has agreed (flows/area/request_lifecycle.yaml).

Pure data: read and checked here, compiled into one shared machine by requests.lifecycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pathway_bot.area.model import read_area_file
from pathway_bot.errors import FlowError

FILE = "request_lifecycle.yaml"
SAME = "same"
# The statuses the product's code relies on (status=queued, pull, the agenda, tracking...):
# the data may move between them as it likes, but must name every one.
REQUIRED_STATUSES: tuple[str, ...] = ("queued", "claimed", "allocated", "planned",
                                      "in_review", "closed", "declined", "withdrawn")
REQUIRED_ACTIONS: tuple[str, ...] = ("claim", "release", "allocate", "decline", "withdraw",
                                     "erase", "carry_forward", "first_contact", "plan",
                                     "start_review", "review", "new_concern", "close")
TARGETS: tuple[str, ...] = ("acknowledge", "decide", "first_contact")


@dataclass(frozen=True)
class Stage:
    id: str
    label: str  # a message id
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    action: str
    source: str
    dest: str


@dataclass(frozen=True)
class ResponseTime:
    """One target: `working_days` after its start (or, for `decide`, the first meeting held
    that many working days or more after the request was raised)."""

    target: str
    working_days: int
    confirm: bool


@dataclass(frozen=True)
class LifecycleData:
    statuses: tuple[str, ...]
    final: tuple[str, ...]
    stages: tuple[Stage, ...]
    moves: tuple[Move, ...]
    response_times: dict[str, ResponseTime]

    def stage_of(self, status: str) -> Stage:
        return next(stage for stage in self.stages if status in stage.statuses)

    def message_ids(self) -> set[str]:
        return {stage.label for stage in self.stages}


def load_lifecycle(area_dir: Path) -> LifecycleData:
    """The area's lifecycle; FlowError saying how to fix the file if it is wrong."""
    data = read_area_file(area_dir / FILE, " for the request lifecycle")
    statuses = tuple(data.get("statuses") or ())
    problems = list(_status_problems(statuses, data))
    stages = tuple(Stage(str(s.get("id")), str(s.get("label")), tuple(s.get("statuses") or ()))
                   for s in data.get("stages") or ())
    problems += _stage_problems(statuses, stages)
    moves = tuple(_moves(data.get("transitions") or ()))
    problems += _move_problems(statuses, moves)
    times, time_problems = _response_times(data.get("response_times") or {})
    problems += time_problems
    if problems:
        raise FlowError(f"{FILE}: " + "; ".join(problems))
    return LifecycleData(statuses, tuple(data.get("final") or ()), stages, moves, times)


def _status_problems(statuses: tuple[str, ...], data: dict) -> Iterable[str]:
    missing = [s for s in REQUIRED_STATUSES if s not in statuses]
    if missing or len(set(statuses)) != len(statuses):
        yield f"statuses must list each of {', '.join(REQUIRED_STATUSES)} once"
    unknown_final = [s for s in data.get("final") or () if s not in statuses]
    if unknown_final:
        yield f"final names unknown statuses {unknown_final}"


def _stage_problems(statuses: tuple[str, ...], stages: tuple[Stage, ...]) -> Iterable[str]:
    for status in statuses:
        holding = [stage.id for stage in stages if status in stage.statuses]
        if len(holding) != 1:
            yield f"status {status!r} must be in exactly one stage (it is in {holding})"
    for stage in stages:
        unknown = [s for s in stage.statuses if s not in statuses]
        if unknown:
            yield f"stage {stage.id!r} names unknown statuses {unknown}"


def _moves(listed: Iterable[dict]) -> Iterable[Move]:
    for item in listed:
        sources = item.get("from")
        for source in sources if isinstance(sources, list) else [sources]:
            dest = item.get("to")
            yield Move(str(item.get("action")), str(source),
                       str(source) if dest == SAME else str(dest))


def _move_problems(statuses: tuple[str, ...], moves: tuple[Move, ...]) -> Iterable[str]:
    for move in moves:
        if move.source not in statuses or move.dest not in statuses:
            yield f"transition {move.action!r} goes from or to an unknown status"
    seen = [(m.action, m.source) for m in moves]
    if len(set(seen)) != len(seen):
        yield "each action may leave a status only once"
    missing = [a for a in REQUIRED_ACTIONS if a not in {m.action for m in moves}]
    if missing:
        yield f"transitions must include the actions {missing}"


def _response_times(data: dict) -> tuple[dict[str, ResponseTime], list[str]]:
    times, problems = {}, []
    for target in TARGETS:
        item = data.get(target)
        field = "meeting_after_working_days" if target == "decide" else "working_days"
        days = (item or {}).get(field)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 60:
            problems.append(f"response_times.{target}.{field} must be whole working days, "
                            "0 to 60")
            continue
        times[target] = ResponseTime(target, days, bool((item or {}).get("confirm", True)))
    return times, problems


@lru_cache(maxsize=4)
def lifecycle_data(area_dir: Path) -> LifecycleData:
    """The area's lifecycle, read once per process."""
    return load_lifecycle(area_dir)

"""What the insights count about requests, read from `flows/area/insights.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathway_bot import yaml_data
from pathway_bot.errors import FlowError


@dataclass(frozen=True)
class InsightSettings:
    request_statuses: tuple[str, ...]
    queue_statuses: tuple[str, ...]
    milestones: dict[str, tuple[str, ...]]


def load_insight_settings(path: Path) -> InsightSettings:
    try:
        data = yaml_data.safe_load(path.read_text(encoding="utf-8")) or {}
        return InsightSettings(
            request_statuses=tuple(data["request_statuses"]),
            queue_statuses=tuple(data["queue_statuses"]),
            milestones={name: tuple(statuses or ())
                        for name, statuses in data["milestones"].items()})
    except (OSError, KeyError, TypeError, AttributeError) as problem:
        raise FlowError(f"{path}: needs request_statuses, queue_statuses and milestones "
                        f"({problem})") from problem

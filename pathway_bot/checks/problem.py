"""One thing wrong with the flows or the area, saying where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    source: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: [{self.check}] {self.message}"

"""Working days in the area: Monday to Friday, except the bank holidays in bank_holidays.yaml.

Pure dates. The calendar day of a moment is the area's (Europe/London), see MeetingCalendar.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

from pathway_bot.area.meetings import FOR_MEETINGS, _as_date
from pathway_bot.area.model import read_area_file

_SATURDAY = 5


@dataclass(frozen=True)
class WorkingDays:
    bank_holidays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and day not in self.bank_holidays

    def add(self, day: date, working_days: int) -> date:
        """The working day `working_days` working days after `day` (which need not be one
        itself): 3 working days after a Friday is the Wednesday, bank holidays skipped."""
        counted = 0
        while counted < working_days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is
        earlier (the working days since)."""
        if end < start:
            return -self.between(end, start)
        # Counted by whole weeks, then the few days left, then the bank holidays among them:
        # the insights and the ageing report ask this of every open request, some a year old.
        weeks, rest = divmod((end - start).days, 7)
        weekdays = 5 * weeks + sum(1 for n in range(1, rest + 1)
                                   if (start + timedelta(days=n)).weekday() < _SATURDAY)
        holidays = self._weekday_holidays
        return weekdays - (bisect_right(holidays, end) - bisect_right(holidays, start))

    @cached_property
    def _weekday_holidays(self) -> list[date]:
        return sorted(day for day in self.bank_holidays if day.weekday() < _SATURDAY)


def load_working_days(area_dir: Path) -> WorkingDays:
    listed = read_area_file(area_dir / "bank_holidays.yaml", FOR_MEETINGS)
    return WorkingDays(frozenset(_as_date(d, "bank_holidays.yaml")
                                 for d in listed.get("england_and_wales") or ()))


@lru_cache(maxsize=4)
def working_days(area_dir: Path) -> WorkingDays:
    """The area's working days, read once per process."""
    return load_working_days(area_dir)

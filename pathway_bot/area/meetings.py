"""Allocations meetings as data: each district's fortnightly schedule, bank holidays skipped.

Reads flows/area/meetings.yaml and flows/area/bank_holidays.yaml the first time they are
needed, once per area directory. Pure dates: no database, no clock, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pathway_bot.area.model import Area, read_area_file
from pathway_bot.errors import FlowError

SKIP = "skip"
NEXT_WORKING_DAY = "next_working_day"
_SATURDAY = 5
FOR_MEETINGS = " for allocations meetings"


@dataclass(frozen=True)
class MeetingSchedule:
    district: str
    anchor: date
    interval_days: int
    on_bank_holiday: str
    confirm: bool
    bank_holidays: frozenset[date]

    def next_on_or_after(self, day: date) -> date:
        """The first meeting held on `day` or later."""
        scheduled = self._first_scheduled_on_or_after(day)
        while True:
            held = self._held_on(scheduled)
            if held is not None and held >= day:
                return held
            scheduled += timedelta(days=self.interval_days)

    def _first_scheduled_on_or_after(self, day: date) -> date:
        # Python's // floors towards minus infinity, so this works before the anchor too.
        periods = -((self.anchor - day).days // self.interval_days)
        return self.anchor + timedelta(days=periods * self.interval_days)

    def _held_on(self, scheduled: date) -> date | None:
        if scheduled not in self.bank_holidays:
            return scheduled
        if self.on_bank_holiday == SKIP:
            return None
        moved = scheduled + timedelta(days=1)
        while moved.weekday() >= _SATURDAY or moved in self.bank_holidays:
            moved += timedelta(days=1)
        return moved


@dataclass(frozen=True)
class MeetingCalendar:
    schedules: dict[str, MeetingSchedule]
    timezone: ZoneInfo

    def local_date(self, moment: datetime) -> date:
        """The area's calendar day at `moment` (an aware datetime)."""
        return moment.astimezone(self.timezone).date()

    def schedule(self, district: str) -> MeetingSchedule:
        return self.schedules[district]

    def next_meeting(self, district: str, on_or_after: date) -> date:
        return self.schedules[district].next_on_or_after(on_or_after)


def _as_date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as bad:
        raise FlowError(f"{where}: {value!r} is not a date like 2025-12-02") from bad


def _schedule(district: str, item: dict, defaults: dict, holidays: frozenset[date]
              ) -> MeetingSchedule:
    merged = {**defaults, **(item or {})}
    where = f"meetings.yaml: districts.{district}"
    if "anchor" not in merged:
        raise FlowError(f"{where} needs an anchor: the date of any one meeting")
    interval = int(merged.get("interval_days", 14))
    rule = merged.get("on_bank_holiday", SKIP)
    if interval < 1 or rule not in (SKIP, NEXT_WORKING_DAY):
        raise FlowError(f"{where}: interval_days must be 1 or more and on_bank_holiday "
                        f"one of {SKIP}, {NEXT_WORKING_DAY}")
    return MeetingSchedule(district, _as_date(merged["anchor"], where), interval, rule,
                           bool(merged.get("confirm", False)), holidays)


def load_meeting_calendar(area_dir: Path, district_ids: tuple[str, ...]) -> MeetingCalendar:
    data = read_area_file(area_dir / "meetings.yaml", FOR_MEETINGS)
    listed_holidays = read_area_file(area_dir / "bank_holidays.yaml", FOR_MEETINGS)
    holidays = frozenset(_as_date(d, "bank_holidays.yaml")
                         for d in listed_holidays.get("england_and_wales") or ())
    listed = data.get("districts") or {}
    missing = set(district_ids) - set(listed)
    unknown = set(listed) - set(district_ids)
    if missing or unknown:
        raise FlowError(f"meetings.yaml: list every district of area.yaml once "
                        f"(missing {sorted(missing)}, unknown {sorted(unknown)})")
    defaults = data.get("defaults") or {}
    schedules = {d: _schedule(d, listed[d], defaults, holidays) for d in district_ids}
    return MeetingCalendar(schedules, _timezone(data.get("timezone", "Europe/London")))


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as unknown:
        raise FlowError(f"meetings.yaml: timezone {name!r} is not a known time zone") from unknown


@lru_cache(maxsize=4)
def _cached(area_dir: Path, district_ids: tuple[str, ...]) -> MeetingCalendar:
    return load_meeting_calendar(area_dir, district_ids)


def meeting_calendar(area: Area) -> MeetingCalendar:
    """The area's meeting calendar, read once per process."""
    return _cached(area.directory, area.district_ids)

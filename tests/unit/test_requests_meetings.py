from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.area import load_area
from pathway_bot.area.meetings import MeetingSchedule, load_meeting_calendar, meeting_calendar
from pathway_bot.errors import FlowError

AREA_DIR = PROJECT_ROOT / "flows" / "area"


def schedule(anchor=date(2025, 12, 1), holidays=(), rule="skip"):
    return MeetingSchedule("stroud", anchor, 14, rule, True, frozenset(holidays))


def test_every_district_has_a_fortnightly_schedule():
    area = load_area(AREA_DIR)
    calendar = meeting_calendar(area)
    assert set(calendar.schedules) == set(area.district_ids)
    assert {s.interval_days for s in calendar.schedules.values()} == {14}


def test_the_stroud_group_meets_on_tuesday_2_december_2025():
    calendar = meeting_calendar(load_area(AREA_DIR))
    assert calendar.next_meeting("stroud", date(2025, 11, 25)) == date(2025, 12, 2)


def test_a_meeting_on_the_day_asked_is_the_next_meeting():
    assert schedule().next_on_or_after(date(2025, 12, 1)) == date(2025, 12, 1)


def test_the_day_after_a_meeting_waits_a_fortnight():
    assert schedule().next_on_or_after(date(2025, 12, 2)) == date(2025, 12, 15)


def test_dates_before_the_anchor_follow_the_same_rhythm():
    assert schedule().next_on_or_after(date(2025, 11, 5)) == date(2025, 11, 17)


def test_a_meeting_on_a_bank_holiday_is_skipped():
    held = schedule(anchor=date(2025, 12, 11), holidays=[date(2025, 12, 25)])
    assert held.next_on_or_after(date(2025, 12, 12)) == date(2026, 1, 8)


def test_a_district_may_move_a_bank_holiday_meeting_to_the_next_working_day():
    held = schedule(anchor=date(2025, 12, 11), rule="next_working_day",
                    holidays=[date(2025, 12, 25), date(2025, 12, 26)])
    # Thursday 25th and Friday 26th are bank holidays; the weekend follows: Monday 29th.
    assert held.next_on_or_after(date(2025, 12, 12)) == date(2025, 12, 29)


def test_the_real_bank_holidays_are_skipped():
    calendar = meeting_calendar(load_area(AREA_DIR))
    holidays = calendar.schedule("stroud").bank_holidays
    assert date(2026, 12, 28) in holidays  # Boxing Day's substitute
    for district in calendar.schedules:
        day = date(2025, 1, 1)
        for _ in range(60):
            day = calendar.next_meeting(district, day)
            assert day not in holidays
            day = date.fromordinal(day.toordinal() + 1)


def test_today_is_the_area_s_calendar_day():
    calendar = meeting_calendar(load_area(AREA_DIR))
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert calendar.local_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def _area_copy(tmp_path: Path, meetings: str) -> Path:
    for name in ("bank_holidays.yaml",):
        (tmp_path / name).write_text((AREA_DIR / name).read_text())
    (tmp_path / "meetings.yaml").write_text(meetings)
    return tmp_path


def test_a_district_without_a_schedule_is_a_flow_error_that_says_which(tmp_path):
    folder = _area_copy(tmp_path, "districts:\n  stroud: {anchor: 2025-12-02}\n")
    with pytest.raises(FlowError, match="missing"):
        load_meeting_calendar(folder, ("stroud", "cotswold"))


def test_a_schedule_without_an_anchor_says_how_to_fix_it(tmp_path):
    folder = _area_copy(tmp_path, "districts:\n  stroud: {interval_days: 14}\n")
    with pytest.raises(FlowError, match="anchor"):
        load_meeting_calendar(folder, ("stroud",))


def test_an_unknown_bank_holiday_rule_is_refused(tmp_path):
    folder = _area_copy(tmp_path, "districts:\n  stroud: {anchor: 2025-12-02, "
                                  "on_bank_holiday: cancel}\n")
    with pytest.raises(FlowError, match="on_bank_holiday"):
        load_meeting_calendar(folder, ("stroud",))

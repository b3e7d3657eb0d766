"""Working days skip weekends and the area's bank holidays (bank_holidays.yaml)."""

from datetime import date

from pathway_bot.area.working_days import load_working_days
from pathway_bot.locations import default_flows_dir

DAYS = load_working_days(default_flows_dir() / "area")


def test_one_working_day_after_the_thursday_before_easter_is_the_tuesday_after_it():
    # Good Friday 3 April 2026 and Easter Monday 6 April are bank holidays.
    assert DAYS.add(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_three_working_days_from_christmas_eve_skip_christmas_boxing_day_and_the_weekend():
    assert DAYS.add(date(2025, 12, 24), 3) == date(2025, 12, 31)


def test_a_request_raised_at_the_weekend_counts_from_the_monday():
    assert DAYS.add(date(2025, 11, 29), 1) == date(2025, 12, 1)


def test_working_days_between_count_forwards_and_backwards_across_a_bank_holiday_weekend():
    assert DAYS.between(date(2026, 4, 2), date(2026, 4, 8)) == 2
    assert DAYS.between(date(2026, 4, 8), date(2026, 4, 2)) == -2
    assert DAYS.between(date(2026, 4, 2), date(2026, 4, 2)) == 0


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not DAYS.is_working_day(date(2025, 12, 25))
    assert not DAYS.is_working_day(date(2025, 12, 27))
    assert DAYS.is_working_day(date(2025, 12, 29))


def test_working_days_between_over_a_long_span_are_the_working_days_counted_one_by_one():
    from datetime import timedelta

    start = date(2025, 1, 1)
    for offset, length in ((0, 0), (3, 1), (5, 6), (10, 7), (40, 200), (0, 730), (100, 366)):
        begin, end = start + timedelta(days=offset), start + timedelta(days=offset + length)
        one_by_one = sum(1 for n in range(1, length + 1)
                         if DAYS.is_working_day(begin + timedelta(days=n)))
        assert DAYS.between(begin, end) == one_by_one
        assert DAYS.between(end, begin) == -one_by_one

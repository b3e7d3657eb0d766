"""The coarse groups insights count people in: age bands and months, never a date of birth
or a day."""

from __future__ import annotations

from datetime import date, datetime

# (code, youngest, oldest): the early years, primary, secondary, 16-17 (post-16), 18-25
# (preparing for adulthood), and over 25 (out of scope).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-4", 0, 4), ("5-10", 5, 10), ("11-15", 11, 15), ("16-17", 16, 17),
    ("18-25", 18, 25), ("26+", 26, None),
)
AGE_BAND_CODES: tuple[str, ...] = tuple(code for code, _, _ in AGE_BANDS)
UNKNOWN = "unknown"


def age_band(age: object) -> str | None:
    """The band a whole-years age falls in; None for no age (or not a whole number)."""
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        return None
    for code, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return code
    return None


def month_of(moment: datetime | date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    year, month = (int(part) for part in first.split("-"))
    end = tuple(int(part) for part in last.split("-"))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months

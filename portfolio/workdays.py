"""Working days on China's official calendar, with the weekend days made working days (调休).

Deadlines and service levels count these days (DESIGN.md section 8); the calendar comes from the
maintained `holidays` package rather than a hand-written list."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings

from .months import parse_month, shift_month


@lru_cache(maxsize=32)
def _calendar(year: int):
    return holidays.China(years=year)


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def filing_deadline(month: str) -> datetime.date:
    """The day a month's reports are due: the configured day of the following month
    (default the 5th), moved to the next working day when it is a day off."""
    year, number = parse_month(month)
    due_year, due_month = shift_month(year, number, 1)
    return next_working_day(datetime.date(due_year, due_month, settings.PORTAL_FILING_DEADLINE_DAY))


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The date `n` working days after `day` (n >= 0); 0 gives `day` moved to a working day.
    A case raised on Friday with one working day is due on Monday, or on the Sunday made a
    working day (调休) when there is one."""
    if n <= 0:
        return next_working_day(day)
    while n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day

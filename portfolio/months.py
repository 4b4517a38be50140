"""Reporting months as 'YYYY-MM' strings, the form used in the database and the API."""

import re
from datetime import date

from django.utils import timezone

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(value: str) -> tuple[int, int]:
    match = MONTH_RE.match(value or "")
    if not match:
        raise ValueError(f"{value!r} is not a month in the form YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def format_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def current_month(today: date | None = None) -> str:
    today = today or timezone.localdate()
    return format_month(today.year, today.month)


def previous_month(today: date | None = None) -> str:
    today = today or timezone.localdate()
    return format_month(*shift_month(today.year, today.month, -1))


def resolve_month(value: str) -> str:
    """'current', 'previous' or an explicit YYYY-MM, as the schedule and commands pass it."""
    if value == "current":
        return current_month()
    if value == "previous":
        return previous_month()
    parse_month(value)
    return value

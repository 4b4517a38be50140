"""Formatting shared by every template: money in 亿元/万元, percentages with one decimal."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()

TEN_THOUSAND = Decimal("10000")


def _rounded(amount, places):
    # number_format truncates extra decimals (45.86 -> "45.8"); published figures round half up.
    return amount.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def yi(value, places=2):
    """万元 -> 亿元 with thousands separators, e.g. 123456.78 -> 12.35."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    return number_format(_rounded(amount / TEN_THOUSAND, places), decimal_pos=int(places), force_grouping=True)


@register.filter
def wan(value, places=2):
    """万元 with thousands separators."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    return number_format(_rounded(amount, places), decimal_pos=int(places), force_grouping=True)


@register.filter
def pct(value, places=1):
    """A percentage with one decimal by default; '—' where it cannot be computed."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    return number_format(_rounded(amount, places), decimal_pos=int(places))


@register.filter
def signed_pct(value, places=1):
    amount = _decimal(value)
    if amount is None:
        return "—"
    amount = _rounded(amount, places)
    text = number_format(abs(amount), decimal_pos=int(places))
    return f"+{text}" if amount > 0 else (f"-{text}" if amount < 0 else text)

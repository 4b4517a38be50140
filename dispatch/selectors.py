"""Dispatch reads: the alert board, a project's colour history, the ranking board."""

from django.db.models import Count, Q

from dispatch.choices import AlertLevelChoices
from dispatch.models import Alert, Ranking
from portfolio.months import previous_month


def alert_months(*, user) -> list[str]:
    return list(Alert.objects.visible_to(user).values_list("month", flat=True).distinct().order_by("-month"))


def default_alert_month(*, user) -> str:
    """The month just ended when it was judged (the nightly run also judges the running month,
    whose reports are not due yet), else the latest month judged."""
    months = alert_months(user=user)
    if previous_month() in months:
        return previous_month()
    return months[0] if months else previous_month()


def alert_counts(alerts) -> dict:
    counts = alerts.aggregate(
        red=Count("id", filter=Q(level=AlertLevelChoices.RED)),
        yellow=Count("id", filter=Q(level=AlertLevelChoices.YELLOW)),
        green=Count("id", filter=Q(level=AlertLevelChoices.GREEN)),
    )
    counts["total"] = sum(counts.values())
    return counts


def ranking_months(*, user) -> list[str]:
    return list(Ranking.objects.visible_to(user).values_list("month", flat=True).distinct().order_by("-month"))


def red_black_lists(rows: list, size: int = 3) -> tuple[list, list]:
    """红黑榜: the top of the ranking (red list) and its bottom (black list), ties included."""
    if not rows:
        return [], []
    top_cut = rows[min(size, len(rows)) - 1].rank
    top = [r for r in rows if r.rank <= top_cut]
    bottom_rows = [r for r in rows if r not in top]
    if not bottom_rows:
        return top, []
    cut = bottom_rows[max(len(bottom_rows) - size, 0)].rank
    return top, [r for r in bottom_rows if r.rank >= cut][::-1]


def alert_trend(*, alerts, months: int = 12) -> list[dict]:
    """Counts by colour for the latest judged months, oldest first (one query): the board's
    trend chart and its table."""
    rows = (
        alerts.values("month")
        .annotate(
            red=Count("id", filter=Q(level=AlertLevelChoices.RED)),
            yellow=Count("id", filter=Q(level=AlertLevelChoices.YELLOW)),
            green=Count("id", filter=Q(level=AlertLevelChoices.GREEN)),
        )
        .order_by("-month")[:months]
    )
    return list(reversed(list(rows)))

"""Dispatch writes: alerts, rankings, warning notices, exemptions, rules and filing reminders."""

from .alerts import JobResult, alerts_compute, alerts_judge, month_end
from .rankings import RankingFrozen, assign_ranks, ranking_rows, rankings_compute, rankings_publish

__all__ = [
    "JobResult",
    "RankingFrozen",
    "alerts_compute",
    "alerts_judge",
    "assign_ranks",
    "month_end",
    "ranking_rows",
    "rankings_compute",
    "rankings_publish",
]

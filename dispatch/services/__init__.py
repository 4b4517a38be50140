"""Dispatch writes: alerts, rankings, warning notices, exemptions, rules and filing reminders."""

from .alerts import JobResult, alerts_compute, alerts_judge, month_end

__all__ = ["JobResult", "alerts_compute", "alerts_judge", "month_end", "rankings_compute"]


def rankings_compute(
    *, month: str, republish: bool = False, reason: str = "", triggered_by=None, progress=None
) -> JobResult:
    return JobResult(month=month, written=0, message=f"No rankings are defined yet: nothing computed for {month}.")

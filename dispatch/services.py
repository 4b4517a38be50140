"""Dispatch writes: alerts and rankings (rules arrive with the dispatch issue)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobResult:
    month: str
    written: int
    message: str


def alerts_compute(*, month: str, triggered_by=None, progress=None) -> JobResult:
    """Compute every project's alert level for `month`. No rules are defined yet."""
    return JobResult(month=month, written=0, message=f"No alert rules are defined yet: nothing computed for {month}.")


def rankings_compute(
    *, month: str, republish: bool = False, reason: str = "", triggered_by=None, progress=None
) -> JobResult:
    """Compute the rankings for `month`. No ranking dimensions are defined yet."""
    return JobResult(month=month, written=0, message=f"No rankings are defined yet: nothing computed for {month}.")

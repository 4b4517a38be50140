"""The year's targets (AnnualTarget) measured from the data that measures each of them.

Policy loans come from `funding.Allocation` (kind `policy_loan`), idle land from the land cases
settled this year (`dispatch.SupportCase.land_mu`). Project commissioners trained have no data in
the portal: always entered by hand.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from dispatch.models import SupportCase
from dispatch.selectors_support import land_secured_mu
from funding.choices import AllocationKindChoices
from funding.models import Allocation
from projects.choices import AnnualTargetMetricChoices as Metric
from projects.choices import AnnualTargetUnitChoices as Unit
from projects.choices import ProjectLevelChoices, ProjectStageChoices
from projects.models import AnnualTarget

from . import figures

TEN_THOUSAND = Decimal("10000")
METRIC_UNITS = {
    Metric.MAJOR_COMPLETION: Unit.PERCENT,
    Metric.KEY_COMPLETION: Unit.PERCENT,
    Metric.RESERVE_INVESTMENT: Unit.YI,
    Metric.PROVINCIAL_PACKAGED: Unit.COUNT,
    Metric.POLICY_LOANS: Unit.YI,
    Metric.IDLE_LAND: Unit.MU,
    Metric.BENCHMARK_PROJECTS: Unit.COUNT,
    Metric.COMMISSIONERS: Unit.PERSONS,
}
RESERVE_STAGES = (ProjectStageChoices.CONCEIVED, ProjectStageChoices.RESERVE)
PACKAGED_STAGES = (ProjectStageChoices.CONCEIVED, ProjectStageChoices.RESERVE, ProjectStageChoices.PRELIMINARY)
# How each target is measured, shown beside it so that nobody has to guess.
MEASURED_BY = {
    Metric.MAJOR_COMPLETION: _("completed / annual plan of provincial major projects on the year's list, months 1..M"),
    Metric.KEY_COMPLETION: _("completed / annual plan of all key projects on the year's list, months 1..M"),
    Metric.RESERVE_INVESTMENT: _("total investment of projects in stage conceived or reserve"),
    Metric.PROVINCIAL_PACKAGED: _("provincial-level projects still conceived, in reserve or in preliminary work"),
    Metric.POLICY_LOANS: _("policy-loan allocations of the year (funding)"),
    Metric.IDLE_LAND: _("land (mu) of the land support cases settled in the year"),
    Metric.BENCHMARK_PROJECTS: _("projects marked as benchmark projects"),
    Metric.COMMISSIONERS: _("entered by the office"),
}


@dataclass
class TrackedTarget:
    target: AnnualTarget
    value: Decimal | None
    measured: bool  # False: the value was entered by hand (or is missing)

    @property
    def progress_pct(self) -> Decimal | None:
        return figures.ratio_pct(self.value, self.target.target_value)

    @property
    def places(self) -> int:
        """Decimals to show: whole numbers for counts of projects and persons."""
        return 0 if self.target.unit in (Unit.COUNT, Unit.PERSONS) else 2

    @property
    def reached(self) -> bool:
        return self.value is not None and self.value >= self.target.target_value

    @property
    def measured_by(self) -> str:
        return MEASURED_BY.get(self.target.metric, "")


def _policy_loans(projects, year):
    total = Allocation.objects.filter(
        project__in=projects.values("pk"), kind=AllocationKindChoices.POLICY_LOAN, year=year
    ).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal("0")) / TEN_THOUSAND


def _idle_land(projects, year):
    return land_secured_mu(cases=SupportCase.objects.filter(project__in=projects.values("pk")), year=year)


def measure(*, metric: str, projects, year: int, month: int) -> Decimal | None:
    """The value reached for `metric` over `projects` (None where the portal holds no data for it)."""
    if metric == Metric.MAJOR_COMPLETION:
        scoped = projects.filter(level=ProjectLevelChoices.PROVINCIAL)
        return figures.summary(projects=scoped, year=year, month=month)["completion_pct"]
    if metric == Metric.KEY_COMPLETION:
        return figures.summary(projects=projects, year=year, month=month)["completion_pct"]
    if metric == Metric.RESERVE_INVESTMENT:
        total = projects.filter(stage__in=RESERVE_STAGES).aggregate(total=Sum("total_investment"))["total"]
        return (total or Decimal("0")) / TEN_THOUSAND
    if metric == Metric.PROVINCIAL_PACKAGED:
        count = projects.filter(level=ProjectLevelChoices.PROVINCIAL, stage__in=PACKAGED_STAGES).aggregate(
            n=Count("pk")
        )["n"]
        return Decimal(count)
    if metric == Metric.BENCHMARK_PROJECTS:
        return Decimal(projects.filter(is_benchmark=True).count())
    if metric == Metric.POLICY_LOANS:
        return _policy_loans(projects, year)
    if metric == Metric.IDLE_LAND:
        return _idle_land(projects, year)
    return None


def tracked_targets(*, projects, year: int, month: int) -> list[TrackedTarget]:
    """The year's targets with the value reached: measured from data where the portal has it,
    otherwise the office's entered value. One query per target (a fixed list of at most eight)."""
    rows = []
    for target in AnnualTarget.objects.filter(year=year).order_by("metric"):
        value = measure(metric=target.metric, projects=projects, year=year, month=month)
        measured = value is not None
        if value is None:
            value = target.manual_value
        rows.append(TrackedTarget(target=target, value=value, measured=measured))
    return rows

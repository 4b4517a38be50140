"""Reads for the register pages: the project list with this year's figures, a project's year
in months, and the filing desk's rows. Completed investment counts only counted reports
(submitted, approved), as the figures module defines it; the project page's year comes from
the figures selectors themselves."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portfolio.months import format_month, parse_month, shift_month

from ..choices import COUNTED_REPORT_STATUSES
from ..models import AnnualPlan, LeaderAssignment, Milestone, MonthlyReport, Project
from . import figures
from .figures import MONEY_FIELD, ZERO

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _plan_of_year(year: int):
    return Subquery(
        AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment")[:1],
        output_field=MONEY,
    )


def _completed_of_year(year: int):
    reports = (
        MonthlyReport.objects.filter(
            project=OuterRef("pk"),
            status__in=COUNTED_REPORT_STATUSES,
            month__gte=format_month(year, 1),
            month__lte=format_month(year, 12),
        )
        .order_by()
        .values("project")
        .annotate(total=Sum("completed_investment"))
        .values("total")
    )
    return Subquery(reports, output_field=MONEY)


def _active_leader(field: str):
    return Subquery(LeaderAssignment.objects.filter(project=OuterRef("pk"), ended_on__isnull=True).values(field)[:1])


def project_list(*, projects, year: int):
    """The register list: each project with its plan and counted completion for `year` and
    its active leader, in one query."""
    return projects.select_related("district", "department", "industry_chain").annotate(
        plan_year=_plan_of_year(year),
        completed_year=_completed_of_year(year),
        leader_name=_active_leader("leader__name"),
        leader_id_active=_active_leader("leader_id"),
    )


def project_list_totals(*, projects, year: int) -> dict:
    """Count and sums of exactly the rows of a (filtered, scoped) list."""
    base = Project.objects.filter(pk__in=projects.values("pk"))
    totals = base.aggregate(
        project_count=Count("id"),
        total_investment=Coalesce(Sum("total_investment"), Value(ZERO), output_field=MONEY_FIELD),
    )
    totals["annual_plan"] = AnnualPlan.objects.filter(year=year, project__in=base.values("pk")).aggregate(
        total=Coalesce(Sum("planned_investment"), Value(ZERO), output_field=MONEY_FIELD)
    )["total"]
    return totals


@dataclass
class MonthPoint:
    month: int
    plan: Decimal | None
    completed: Decimal
    plan_cumulative: Decimal | None
    completed_cumulative: Decimal | None


def project_year(*, project: Project, year: int) -> dict:
    """A project's year for the S-curve: plan against counted completion month by month, from the
    figures selectors over this one project. Months after the current one have no actual figure."""
    plan = AnnualPlan.objects.filter(project=project, year=year).first()
    monthly_plan = plan.monthly_plan if plan else None
    today = timezone.localdate()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    series = figures.monthly_series(projects=Project.objects.filter(pk=project.pk), year=year, month=12)
    points = [
        MonthPoint(
            month=row["month"],
            plan=monthly_plan[row["month"] - 1] if monthly_plan else None,
            completed=row["completed"],
            plan_cumulative=row["cumulative_plan"] if monthly_plan else None,
            completed_cumulative=row["cumulative_completed"] if row["month"] <= last_month else None,
        )
        for row in series
    ]
    completed = series[-1]["cumulative_completed"]
    return {
        "plan": plan,
        "points": points,
        "completed": completed,
        "completion_pct": figures.ratio_pct(completed, plan.planned_investment) if plan else None,
        "time_progress_pct": figures.time_progress_pct(last_month),
        "cumulative_since_start": MonthlyReport.objects.filter(
            project=project, status__in=COUNTED_REPORT_STATUSES
        ).aggregate(total=Coalesce(Sum("completed_investment"), Value(ZERO), output_field=MONEY_FIELD))["total"],
    }


def milestones_with_state(*, project: Project):
    today = timezone.localdate()
    rows = list(Milestone.objects.filter(project=project).order_by(F("planned_date").asc(nulls_last=True), "id"))
    for m in rows:
        m.is_overdue = bool(m.planned_date and not m.actual_date and m.planned_date < today)
        m.days_overdue = (today - m.planned_date).days if m.is_overdue else 0
        m.is_late = bool(m.planned_date and m.actual_date and m.actual_date > m.planned_date)
    return rows


# --- Filing desk -------------------------------------------------------------------------------


@dataclass
class FilingRow:
    project: Project
    report: MonthlyReport | None
    previous: MonthlyReport | None
    cumulative_year: Decimal
    annual_plan: Decimal | None

    @property
    def editable(self) -> bool:
        return self.report is None or self.report.status in ("draft", "returned")

    @property
    def missing(self) -> bool:
        return self.report is None or self.report.status in ("draft", "returned")


def filing_rows(*, user, month: str) -> list[FilingRow]:
    """Every project of the user's on the month's year list, with this month's report, last
    month's report and the year's counted total so far. A fixed number of queries."""
    year, number = parse_month(month)
    previous = format_month(*shift_month(year, number, -1))
    projects = list(
        Project.objects.visible_to(user)
        .on_list(year)
        .select_related("district", "department")
        .annotate(
            plan_year=_plan_of_year(year),
            cumulative_year=Coalesce(
                Subquery(
                    MonthlyReport.objects.filter(
                        project=OuterRef("pk"),
                        status__in=COUNTED_REPORT_STATUSES,
                        month__gte=format_month(year, 1),
                        month__lt=month,
                    )
                    .order_by()
                    .values("project")
                    .annotate(total=Sum("completed_investment"))
                    .values("total"),
                    output_field=MONEY,
                ),
                Value(ZERO),
                output_field=MONEY,
            ),
        )
        .distinct()
        .order_by("code")
    )
    ids = [p.pk for p in projects]
    reports = {
        (r.project_id, r.month): r
        for r in MonthlyReport.objects.filter(project_id__in=ids, month__in=[month, previous]).prefetch_related(
            "photos"
        )
    }
    return [
        FilingRow(
            project=p,
            report=reports.get((p.pk, month)),
            previous=reports.get((p.pk, previous)),
            cumulative_year=p.cumulative_year,
            annual_plan=p.plan_year,
        )
        for p in projects
    ]


def review_queue(*, user, filters=None):
    """Submitted reports awaiting the office's review, oldest first."""
    return (
        MonthlyReport.objects.filter(project__in=Project.objects.visible_to(user).values("pk"), status="submitted")
        .select_related("project", "project__department", "project__district", "filed_by")
        .prefetch_related("photos")
        .order_by("submitted_at", "id")
    )

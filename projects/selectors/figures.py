"""Figures of DESIGN.md section 4. Every page, export, bulletin and API computes from here."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from projects.choices import COUNTED_REPORT_STATUSES
from projects.models import AnnualPlan, MonthlyReport

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def counted_reports(*, year: int, month: int):
    """Reports that count in figures for months year-01 .. year-month."""
    return MonthlyReport.objects.filter(
        status__in=COUNTED_REPORT_STATUSES, month__gte=month_key(year, 1), month__lte=month_key(year, month)
    )


def plan_totals(*, projects, year: int, month: int) -> dict:
    """Project count, annual plan and completed investment of year Y's list within `projects`."""
    plans = AnnualPlan.objects.filter(year=year, project__in=projects.values("pk"))
    totals = plans.aggregate(
        project_count=Count("id"),
        annual_plan=Coalesce(Sum("planned_investment"), Value(ZERO), output_field=MONEY_FIELD),
    )
    totals.update(
        counted_reports(year=year, month=month)
        .filter(project__in=plans.values("project_id"))
        .aggregate(completed=Coalesce(Sum("completed_investment"), Value(ZERO), output_field=MONEY_FIELD))
    )
    return totals

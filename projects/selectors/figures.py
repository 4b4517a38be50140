"""Figures of DESIGN.md section 4. Every page, export, bulletin and API computes from here.

All functions take `projects`, a Project queryset already scoped with `Project.objects.visible_to(user)`
and filtered, and work over the projects of that queryset that are on year Y's list (have an
AnnualPlan for Y). They are set-based: a handful of aggregate queries whatever the number of
projects. Values are unrounded `Decimal`s; percentages are None where the denominator is 0.
Rounding happens only for display (`round_pct`, one decimal in prose, two in the API).

Readings of DESIGN.md section 4 made here:
- `period_completion_pct` = completed / period_plan literally: `completed` is the same figure as in
  `completion_pct` (all projects of the list in scope), `period_plan` sums the monthly plans of the
  projects that have one. Per project (`project_figures`) both sides are the project's own.
- Starts, over the plans of nature `new`, with E the last day of month M: `started` = actual start
  on or before E; `early_starts` = started, and before the first day of the planned start month;
  `not_started_as_planned` = planned start month <= M and not started by E (what the alert rule
  `start` lights); `started_as_planned` = started with planned start month <= M.
- `yoy_pct` compares with the counted reports of Y-1, months 1..M, of the projects in `projects`
  that have an AnnualPlan for Y-1 (Y-1's own list, same filters and scope).

`nature` (an AnnualPlan attribute, so it belongs to a year) is a separate keyword: the year-on-year
figure applies it to Y-1's own plans, which a filter on `projects` could not do.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portfolio.models import Department, District, Leader
from projects.choices import (
    COUNTED_REPORT_STATUSES,
    INDUSTRIAL_CATEGORIES,
    AnnualPlanNatureChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
)
from projects.models import MONTH_PLAN_FIELDS, AnnualPlan, IndustryChain, LeaderAssignment, MonthlyReport

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=2)
REPORTS = "project__monthly_reports"


# --- Small helpers -----------------------------------------------------------------------------


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def ratio_pct(numerator, denominator) -> Decimal | None:
    """numerator / denominator x 100, unrounded; None where the denominator is 0 or missing."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def growth_pct(current, previous) -> Decimal | None:
    """(current / previous - 1) x 100; None where there is nothing to compare with."""
    if current is None or not previous:
        return None
    return (Decimal(current) / Decimal(previous) - 1) * HUNDRED


def round_pct(value, places: int = 2) -> Decimal | None:
    """Half-up rounding, as statisticians publish (Python's default would round half to even)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def time_progress_pct(month: int) -> Decimal:
    return Decimal(month) * HUNDRED / Decimal(12)


def counted_reports(*, year: int, month: int):
    """Reports that count in figures for months year-01 .. year-month."""
    return MonthlyReport.objects.filter(
        status__in=COUNTED_REPORT_STATUSES, month__gte=month_key(year, 1), month__lte=month_key(year, month)
    )


def list_plans(*, projects, year: int, nature: str | None = None):
    """The AnnualPlans of year Y for the projects in `projects` (year Y's list in that scope)."""
    plans = AnnualPlan.objects.filter(year=year, project__in=projects.values("pk"))
    if nature:
        plans = plans.filter(nature=nature)
    return plans


def _reports_of(plans, *, year: int, month: int):
    """`plans` joined to their counted reports of year-01..year-month. The filter and the later
    Sum share one join (filter before annotate), so only these reports are summed."""
    return plans.filter(
        **{
            f"{REPORTS}__status__in": COUNTED_REPORT_STATUSES,
            f"{REPORTS}__month__gte": month_key(year, 1),
            f"{REPORTS}__month__lte": month_key(year, month),
        }
    )


def _period_plan_expression(month: int):
    # All twelve monthly figures are given or none (AnnualPlan.clean), so the sum is NULL for plans
    # without a monthly plan and SUM() leaves them out: "where projects have them".
    expression = F(MONTH_PLAN_FIELDS[0])
    for field in MONTH_PLAN_FIELDS[1:month]:
        expression = expression + F(field)
    return Sum(expression, output_field=MONEY_FIELD)


def _money_sum(expression):
    return Coalesce(Sum(expression, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def _plan_aggregates(*, year: int, month: int) -> dict:
    end = month_end(year, month)
    new = Q(nature=AnnualPlanNatureChoices.NEW)
    started = new & Q(project__actual_start__isnull=False, project__actual_start__lte=end)
    # Early: started before the first day of its planned start month (planned months are in year Y).
    early = Q()
    for planned_month in range(1, 13):
        early |= Q(planned_start_month=planned_month, project__actual_start__lt=datetime.date(year, planned_month, 1))
    return {
        "project_count": Count("id"),
        "total_investment": _money_sum("project__total_investment"),
        "annual_plan": _money_sum("planned_investment"),
        "period_plan": _period_plan_expression(month),
        "period_plan_projects": Count("id", filter=Q(plan_m01__isnull=False)),
        "new_count": Count("id", filter=new),
        "planned_starts": Count("id", filter=new & Q(planned_start_month__lte=month)),
        "started": Count("id", filter=started),
        "started_as_planned": Count("id", filter=started & Q(planned_start_month__lte=month)),
        "early_starts": Count("id", filter=started & early),
        "not_started_as_planned": Count(
            "id",
            filter=new
            & Q(planned_start_month__lte=month)
            & (Q(project__actual_start__isnull=True) | Q(project__actual_start__gt=end)),
        ),
        "industrial_count": Count("id", filter=Q(project__category__in=INDUSTRIAL_CATEGORIES)),
        "industrial_investment": _money_sum(
            Case(When(project__category__in=INDUSTRIAL_CATEGORIES, then=F("project__total_investment")))
        ),
        "top100_count": Count("id", filter=Q(project__is_top100=True)),
    }


MONEY_KEYS = ("total_investment", "annual_plan", "completed", "period_plan", "industrial_investment")
CENT = Decimal("0.01")


def _cents(value):
    # Sums of 2-place amounts are exact; this only normalises the exponent (SQLite returns 10 places).
    return None if value is None else Decimal(value).quantize(CENT)


def _derive(row: dict, *, month: int, previous_completed) -> dict:
    """The ratios of section 4 from the sums, unrounded."""
    row["period_plan"] = row.get("period_plan")
    for key in MONEY_KEYS:
        row[key] = _cents(row.get(key))
    previous_completed = _cents(previous_completed)
    row["time_progress_pct"] = time_progress_pct(month)
    row["completion_pct"] = ratio_pct(row["completed"], row["annual_plan"])
    row["lead_pts"] = None if row["completion_pct"] is None else row["completion_pct"] - row["time_progress_pct"]
    # DESIGN: period_completion_pct = completed / period_plan, with `completed` the same figure as
    # everywhere else (all projects in scope on the list), not only those with a monthly plan.
    row["period_completion_pct"] = ratio_pct(row["completed"], row["period_plan"])
    row["previous_completed"] = previous_completed
    row["yoy_pct"] = growth_pct(row["completed"], previous_completed)
    row["start_rate_pct"] = ratio_pct(row["started"], row["new_count"])
    return row


def _empty_plan_row() -> dict:
    row = dict.fromkeys(
        (
            "project_count",
            "new_count",
            "planned_starts",
            "started",
            "started_as_planned",
            "early_starts",
            "not_started_as_planned",
            "industrial_count",
            "top100_count",
            "period_plan_projects",
        ),
        0,
    )
    row.update(total_investment=ZERO, annual_plan=ZERO, industrial_investment=ZERO, period_plan=None)
    return row


# --- Summary -----------------------------------------------------------------------------------


def summary(*, projects, year: int, month: int, nature: str | None = None) -> dict:
    """Every figure of section 4 over `projects` on year Y's list, for months 1..M (three queries)."""
    plans = list_plans(projects=projects, year=year, nature=nature)
    row = plans.aggregate(**_plan_aggregates(year=year, month=month))
    for key, value in _empty_plan_row().items():
        if row.get(key) is None:
            row[key] = value
    row["completed"] = _reports_of(plans, year=year, month=month).aggregate(
        completed=_money_sum(f"{REPORTS}__completed_investment")
    )["completed"]
    previous = list_plans(projects=projects, year=year - 1, nature=nature)
    previous_completed = _reports_of(previous, year=year - 1, month=month).aggregate(
        completed=_money_sum(f"{REPORTS}__completed_investment")
    )["completed"]
    row.update(year=year, month=month)
    return _derive(row, month=month, previous_completed=previous_completed)


# --- Breakdowns --------------------------------------------------------------------------------

SIZE_BANDS = (
    # key, label, lower bound (inclusive), upper bound (exclusive), in 万元 (1亿 = 10,000万元)
    ("lt1", _("Under 100 million yuan"), None, Decimal("10000")),
    ("1to5", _("100-500 million yuan"), Decimal("10000"), Decimal("50000")),
    ("5to10", _("500 million to 1 billion yuan"), Decimal("50000"), Decimal("100000")),
    ("10to50", _("1-5 billion yuan"), Decimal("100000"), Decimal("500000")),
    ("50plus", _("5 billion yuan and more"), Decimal("500000"), None),
)


def _size_band_expression(prefix: str = "project__"):
    whens = []
    for key, _label, low, high in SIZE_BANDS:
        condition = Q()
        if low is not None:
            condition &= Q(**{f"{prefix}total_investment__gte": low})
        if high is not None:
            condition &= Q(**{f"{prefix}total_investment__lt": high})
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, output_field=CharField())


def _active_leader_expression():
    return Subquery(
        LeaderAssignment.objects.filter(project=OuterRef("project_id"), ended_on__isnull=True).values("leader_id")[:1]
    )


# dimension -> (group key expression relative to AnnualPlan or a field path, names source)
DIMENSIONS = ("level", "is_top100", "category", "nature", "district", "department", "leader", "industry_chain", "size")


def _group_key(dimension: str):
    if dimension == "level":
        return F("project__level")
    if dimension == "is_top100":
        return F("project__is_top100")
    if dimension == "category":
        return F("project__category")
    if dimension == "nature":
        return F("nature")
    if dimension == "district":
        return F("project__district_id")
    if dimension == "department":
        return F("project__department_id")
    if dimension == "leader":
        return _active_leader_expression()
    if dimension == "industry_chain":
        return F("project__industry_chain_id")
    if dimension == "size":
        return _size_band_expression()
    raise ValueError(f"Unknown dimension {dimension!r}; use one of {', '.join(DIMENSIONS)}")


def _dimension_labels(dimension: str, keys) -> list[tuple]:
    """(key, code, name) in the display order of the dimension; `code` is what a project-list
    filter takes (a district code, a leader id...). One query for model-backed dimensions."""
    if dimension == "level":
        return [(k, k, str(label)) for k, label in ProjectLevelChoices.choices]
    if dimension == "category":
        return [(k, k, str(label)) for k, label in ProjectCategoryChoices.choices]
    if dimension == "nature":
        return [(k, k, str(label)) for k, label in AnnualPlanNatureChoices.choices]
    if dimension == "is_top100":
        return [(True, "true", str(_("Top-100 projects"))), (False, "false", str(_("Other projects")))]
    if dimension == "size":
        return [(key, key, str(label)) for key, label, _low, _high in SIZE_BANDS]
    ids = [k for k in keys if k is not None]
    if dimension == "district":
        rows = [(d.pk, d.code, d.name) for d in District.objects.filter(pk__in=ids)]
    elif dimension == "department":
        rows = [(d.pk, d.code, d.name) for d in Department.objects.filter(pk__in=ids)]
    elif dimension == "leader":
        rows = [(x.pk, str(x.pk), f"{x.name}({x.title})") for x in Leader.objects.filter(pk__in=ids)]
    else:
        rows = [(c.pk, c.code, c.name) for c in IndustryChain.objects.filter(pk__in=ids)]
    if None in keys:
        label = {"leader": _("No leader assigned"), "industry_chain": _("No industry chain")}.get(dimension, _("None"))
        rows.append((None, "", str(label)))
    return rows


def breakdown(*, projects, year: int, month: int, dimension: str, nature: str | None = None) -> list[dict]:
    """Section 4 figures split by `dimension` (see DIMENSIONS): rows of {key, code, name, ...} with
    the same keys as `summary`. Groups without a project on the list are left out. Four queries."""
    key_expression = _group_key(dimension)
    plans = list_plans(projects=projects, year=year, nature=nature).annotate(group_key=key_expression)
    grouped = {
        row["group_key"]: row
        for row in plans.values("group_key").annotate(**_plan_aggregates(year=year, month=month)).order_by()
    }
    completed = {
        row["group_key"]: row["completed"]
        for row in _reports_of(plans, year=year, month=month)
        .values("group_key")
        .annotate(completed=_money_sum(f"{REPORTS}__completed_investment"))
        .order_by()
    }
    previous_plans = list_plans(projects=projects, year=year - 1, nature=nature).annotate(
        group_key=_group_key(dimension)
    )
    previous = {
        row["group_key"]: row["completed"]
        for row in _reports_of(previous_plans, year=year - 1, month=month)
        .values("group_key")
        .annotate(completed=_money_sum(f"{REPORTS}__completed_investment"))
        .order_by()
    }
    rows = []
    for key, code, name in _dimension_labels(dimension, list(grouped)):
        if key not in grouped:
            continue
        row = dict(grouped[key])
        row.pop("group_key", None)
        row.update(key=key, code=code, name=name, dimension=dimension, year=year, month=month)
        row["completed"] = completed.get(key, ZERO)
        rows.append(_derive(row, month=month, previous_completed=previous.get(key, ZERO)))
    return rows


# --- Per project --------------------------------------------------------------------------------


@dataclass
class ProjectFigures:
    """One project's figures for year Y and months 1..M; `plan` carries the project (select_related
    district, department, industry chain) and its AnnualPlan fields."""

    plan: AnnualPlan
    annual_plan: Decimal
    completed: Decimal
    period_plan: Decimal | None
    leader_id: int | None
    month: int
    url: str | None = None  # for pages that link the row to the project

    @property
    def project(self):
        return self.plan.project

    @property
    def completion_pct(self) -> Decimal | None:
        return ratio_pct(self.completed, self.annual_plan)

    @property
    def lead_pts(self) -> Decimal | None:
        pct = self.completion_pct
        return None if pct is None else pct - time_progress_pct(self.month)

    @property
    def period_completion_pct(self) -> Decimal | None:
        return ratio_pct(self.completed, self.period_plan)


def project_figures(*, projects, year: int, month: int, nature: str | None = None) -> list[ProjectFigures]:
    """One row per project on year Y's list with plan, completed, completion %, period plan
    (two queries), ordered by category then code: the Excel attachment, alerts and rankings."""
    plans = (
        list_plans(projects=projects, year=year, nature=nature)
        .select_related("project", "project__district", "project__department", "project__industry_chain")
        .annotate(active_leader_id=_active_leader_expression())
        .order_by("project__category", "project__code")
    )
    completed = dict(
        counted_reports(year=year, month=month)
        .filter(project__in=projects.values("pk"), project__annual_plans__year=year)
        .values("project_id")
        .annotate(total=Sum("completed_investment"))
        .values_list("project_id", "total")
        .order_by()
    )
    rows = []
    for plan in plans:
        monthly = [getattr(plan, f) for f in MONTH_PLAN_FIELDS[:month]]
        period_plan = None if any(v is None for v in monthly) else sum(monthly, ZERO)
        rows.append(
            ProjectFigures(
                plan=plan,
                annual_plan=plan.planned_investment,
                completed=completed.get(plan.project_id, ZERO) or ZERO,
                period_plan=period_plan,
                leader_id=plan.active_leader_id,
                month=month,
            )
        )
    return rows


# --- Month by month -----------------------------------------------------------------------------


def monthly_series(*, projects, year: int, month: int, nature: str | None = None) -> list[dict]:
    """Cumulative completed for each month 1..M against time progress and the cumulative monthly
    plan (two queries): the line chart of the dashboard."""
    plans = list_plans(projects=projects, year=year, nature=nature)
    sums = {f"m{i + 1}": Sum(field, output_field=MONEY_FIELD) for i, field in enumerate(MONTH_PLAN_FIELDS)}
    plan_row = plans.aggregate(annual_plan=_money_sum("planned_investment"), **sums)
    per_month = {
        row["report_month"]: row["completed"]
        for row in _reports_of(plans, year=year, month=month)
        .values(report_month=F(f"{REPORTS}__month"))
        .annotate(completed=_money_sum(f"{REPORTS}__completed_investment"))
        .order_by()
    }
    series = []
    cumulative = ZERO
    cumulative_plan = ZERO
    for m in range(1, month + 1):
        cumulative += per_month.get(month_key(year, m), ZERO) or ZERO
        monthly_plan = plan_row[f"m{m}"]
        cumulative_plan = None if monthly_plan is None or cumulative_plan is None else cumulative_plan + monthly_plan
        series.append(
            {
                "month": m,
                "month_key": month_key(year, m),
                "completed": per_month.get(month_key(year, m), ZERO) or ZERO,
                "cumulative_completed": cumulative,
                "completion_pct": ratio_pct(cumulative, plan_row["annual_plan"]),
                "time_progress_pct": time_progress_pct(m),
                "cumulative_plan": cumulative_plan,
                "planned_pct": ratio_pct(cumulative_plan, plan_row["annual_plan"]),
            }
        )
    return series


# --- Size bands ----------------------------------------------------------------------------------


def size_bands(*, projects, year: int, nature: str | None = None) -> list[dict]:
    """Projects of year Y's list by total investment band, with count and total investment and
    their growth against Y-1's list; a last row `1plus` sums the bands of 100 million yuan and
    more ("projects of 100 million yuan and more grew 14.5% in number and 12.3% in investment")."""

    def grouped(y):
        qs = list_plans(projects=projects, year=y, nature=nature).annotate(band=_size_band_expression())
        return {
            row["band"]: row
            for row in qs.values("band")
            .annotate(
                count=Count("id"),
                total_investment=_money_sum("project__total_investment"),
                annual_plan=_money_sum("planned_investment"),
            )
            .order_by()
        }

    current, previous = grouped(year), grouped(year - 1)
    empty = {"count": 0, "total_investment": ZERO, "annual_plan": ZERO}
    rows = []
    over = {"count": 0, "total_investment": ZERO, "annual_plan": ZERO}
    over_previous = {"count": 0, "total_investment": ZERO, "annual_plan": ZERO}
    for key, label, low, _high in SIZE_BANDS:
        now, before = current.get(key, empty), previous.get(key, empty)
        rows.append(_band_row(key, str(label), now, before))
        if low is not None:
            for target, source in ((over, now), (over_previous, before)):
                for field in target:
                    target[field] += source[field]
    rows.append(_band_row("1plus", str(_("100 million yuan and more")), over, over_previous))
    return rows


def _band_row(key, name, now, before) -> dict:
    return {
        "key": key,
        "code": key,
        "name": name,
        "count": now["count"],
        "total_investment": now["total_investment"],
        "annual_plan": now["annual_plan"],
        "previous_count": before["count"],
        "previous_total_investment": before["total_investment"],
        "count_growth_pct": growth_pct(now["count"], before["count"]),
        "investment_growth_pct": growth_pct(now["total_investment"], before["total_investment"]),
    }


# --- Shares of the city ---------------------------------------------------------------------------


def top100_completed(*, projects, year: int, month: int) -> Decimal:
    """Completed investment of top-100 projects on Y's list for months 1..M (for the city share)."""
    plans = list_plans(projects=projects.filter(is_top100=True), year=year)
    return _reports_of(plans, year=year, month=month).aggregate(
        completed=_money_sum(f"{REPORTS}__completed_investment")
    )["completed"]


def plan_totals(*, projects, year: int, month: int) -> dict:
    """Project count, annual plan and completed of year Y's list (kept for early callers; `summary`
    has every figure)."""
    figures = summary(projects=projects, year=year, month=month)
    return {key: figures[key] for key in ("project_count", "annual_plan", "completed")}

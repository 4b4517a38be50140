"""Reads for support cases, meetings, inspections and the green channel. Every function starts
from the user's scope (`SupportCase.objects.visible_to`, `Project.objects.visible_to`)."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from dispatch.choices import (
    SETTLED_CASE_STATUSES,
    SupportCaseCategoryChoices,
    SupportCaseLevelChoices,
    SupportCaseStatusChoices,
)
from dispatch.models import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    MeetingItem,
    SupportCase,
)
from portfolio.choices import UserRoleChoices
from portfolio.models import Department
from projects.choices import AnnualTargetMetricChoices, MilestoneKindChoices
from projects.models import AnnualTarget, Milestone, Project

# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


def case_list(*, user):
    """Every case the user may see, with what a list row shows."""
    return SupportCase.objects.visible_to(user).select_related("project", "project__district", "owner_department")


def case_inbox(*, user):
    """The cases waiting for this user's side: a department's own cases, a district's cases at
    district level, everything unsettled for the office; soonest due first."""
    cases = case_list(user=user).unsettled()
    if user.role == UserRoleChoices.DEPARTMENT:
        cases = cases.filter(owner_department_id=user.department_id)
    elif user.role == UserRoleChoices.DISTRICT:
        cases = cases.filter(project__district_id=user.district_id, level=SupportCaseLevelChoices.DISTRICT)
    return cases.order_by("due_at", "pk")


def project_open_cases(*, user, project: Project):
    return case_list(user=user).unsettled().filter(project=project).order_by("due_at", "pk")


def meeting_list(*, user):
    """Meetings with the number of agenda items in the user's scope (and of those decided)."""
    in_scope = Q(items__case__in=SupportCase.objects.visible_to(user).values("pk"))
    return CoordinationMeeting.objects.annotate(
        item_count=Count("items", filter=in_scope),
        decided_count=Count("items", filter=in_scope & ~Q(items__decision="")),
    )


def meeting_items(*, user, meeting: CoordinationMeeting):
    """The agenda as this user may see it: items of cases in scope only."""
    visible = SupportCase.objects.visible_to(user).values("pk")
    return (
        MeetingItem.objects.filter(meeting=meeting, case__in=visible)
        .select_related("case__project", "case__owner_department", "assignee")
        .order_by("order", "pk")
    )


def inspection_list(*, user):
    return Inspection.objects.visible_to(user).annotate(
        visit_count=Count("visits", distinct=True),
        finding_count=Count("visits__findings", distinct=True),
        open_finding_count=Count("visits__findings", filter=~Q(visits__findings__follow_up="closed"), distinct=True),
    )


# ---------------------------------------------------------------------------------------------
# Board figures
# ---------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (0..100) by linear interpolation between closest ranks (the
    spreadsheet PERCENTILE.INC rule), so figures can be checked by hand."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class BoardFigures:
    totals: dict
    by_category: list[dict]
    by_department: list[dict]
    by_level: list[dict]
    resolved_count: int
    median_days: float | None
    p90_days: float | None
    month_resolved: int
    month_within_sla: int
    within_sla_pct: float | None
    land_mu: Decimal
    land_target: Decimal | None
    land_pct: float | None
    monthly: list[dict] = field(default_factory=list)


def _counts(cases, key, now):
    return {
        row[key]: row
        for row in cases.values(key).annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            escalated=Count("pk", filter=Q(status=SupportCaseStatusChoices.ESCALATED)),
        )
    }


def land_secured_mu(*, cases, year: int) -> Decimal:
    """Land (亩) secured or revitalised by the land cases settled in `year`."""
    return cases.filter(
        category=SupportCaseCategoryChoices.LAND, status__in=SETTLED_CASE_STATUSES, resolved_on__year=year
    ).aggregate(total=Sum("land_mu"))["total"] or Decimal("0")


def land_target_mu(*, year: int) -> Decimal | None:
    """The year's idle-land target, one of the office's annual targets (projects.AnnualTarget)."""
    return (
        AnnualTarget.objects.filter(year=year, metric=AnnualTargetMetricChoices.IDLE_LAND)
        .values_list("target_value", flat=True)
        .first()
    )


def board_figures(*, user, now: datetime.datetime | None = None) -> BoardFigures:
    """The city board: open, overdue and escalated cases by category, owner and level; how long
    cases take to resolve this year; the share of this month's resolutions within their service
    level; land secured this year against the target."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cases = SupportCase.objects.visible_to(user)
    unsettled = cases.exclude(status__in=SETTLED_CASE_STATUSES)

    by_cat = _counts(unsettled, "category", now)
    by_category = [
        {"key": code, "label": label, **{k: by_cat.get(code, {}).get(k, 0) for k in ("open", "overdue", "escalated")}}
        for code, label in SupportCaseCategoryChoices.choices
    ]
    by_lvl = _counts(unsettled, "level", now)
    by_level = [
        {"key": code, "label": label, **{k: by_lvl.get(code, {}).get(k, 0) for k in ("open", "overdue", "escalated")}}
        for code, label in SupportCaseLevelChoices.choices
    ]
    by_dep = _counts(unsettled, "owner_department", now)
    names = dict(Department.objects.filter(pk__in=list(by_dep)).values_list("pk", "name"))
    by_department = sorted(
        (
            {"key": pk, "label": names.get(pk, ""), **{k: row[k] for k in ("open", "overdue", "escalated")}}
            for pk, row in by_dep.items()
        ),
        key=lambda r: (-r["overdue"], -r["open"], r["label"]),
    )
    totals = {k: sum(r[k] for r in by_category) for k in ("open", "overdue", "escalated")}

    # Time to resolve, over this year's resolutions: one query of start and end times.
    spans = cases.filter(resolved_at__isnull=False, resolved_on__year=today.year).values_list(
        "raised_at", "resolved_at", "sla_due_at", "resolved_on"
    )
    durations, month_resolved, month_within = [], 0, 0
    for raised_at, resolved_at, sla_due_at, resolved_on in spans:
        durations.append((resolved_at - raised_at).total_seconds() / 86400)
        if resolved_on.month == today.month:
            month_resolved += 1
            if sla_due_at is None or resolved_at <= sla_due_at:
                month_within += 1

    land_mu = land_secured_mu(cases=cases, year=today.year)
    target = land_target_mu(year=today.year)

    return BoardFigures(
        totals=totals,
        by_category=by_category,
        by_department=by_department,
        by_level=by_level,
        resolved_count=len(durations),
        median_days=statistics.median(durations) if durations else None,
        p90_days=percentile(durations, 90),
        month_resolved=month_resolved,
        month_within_sla=month_within,
        within_sla_pct=month_within / month_resolved * 100 if month_resolved else None,
        land_mu=land_mu,
        land_target=target,
        land_pct=float(land_mu / target * 100) if target else None,
        monthly=monthly_flow(cases=cases, year=today.year, through_month=today.month),
    )


def monthly_flow(*, cases, year: int, through_month: int = 12) -> list[dict]:
    """Cases raised and resolved per month of the year up to `through_month` (two grouped queries)."""
    raised = dict(
        cases.filter(raised_at__year=year)
        .values_list("raised_at__month")
        .annotate(n=Count("pk"))
        .values_list("raised_at__month", "n")
    )
    resolved = dict(
        cases.filter(resolved_on__year=year)
        .values_list("resolved_on__month")
        .annotate(n=Count("pk"))
        .values_list("resolved_on__month", "n")
    )
    return [
        {"month": f"{year}-{m:02d}", "raised": raised.get(m, 0), "resolved": resolved.get(m, 0)}
        for m in range(1, through_month + 1)
    ]


# ---------------------------------------------------------------------------------------------
# Green channel (approval speed)
# ---------------------------------------------------------------------------------------------


@dataclass
class ApprovalSpeed:
    baseline_days: int
    rows: list[dict]
    median_days: float | None
    faster_pct: float | None
    by_district: list[dict]
    by_category: list[dict]


def _faster(days, baseline):
    return None if days is None or not baseline else (1 - days / baseline) * 100


def approval_speed(*, user) -> ApprovalSpeed:
    """Days from each visible project's approval (立项) to its start (开工: the start milestone's
    actual date, or the project's actual start), and medians by district and category, against
    the office's baseline."""
    baseline = ApprovalBaseline.load().days

    def first_actual(kind):
        return Subquery(
            Milestone.objects.filter(project=OuterRef("pk"), kind=kind, actual_date__isnull=False)
            .values("project")
            .annotate(d=Min("actual_date"))
            .values("d")[:1]
        )

    projects = (
        Project.objects.visible_to(user)
        .annotate(
            approved_on=first_actual(MilestoneKindChoices.APPROVAL),
            started_on=Coalesce(first_actual(MilestoneKindChoices.START), "actual_start"),
        )
        .filter(approved_on__isnull=False, started_on__isnull=False)
        .select_related("district")
        .order_by("code")
    )
    rows = []
    for p in projects:
        days = (p.started_on - p.approved_on).days
        if days < 0:
            continue  # a start recorded before approval is a data error, not a record speed
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "district": p.district.name,
                "district_code": p.district.code,
                "category": p.category,
                "category_label": p.get_category_display(),
                "approved_on": p.approved_on,
                "started_on": p.started_on,
                "days": days,
                "faster_pct": _faster(days, baseline),
            }
        )
    rows.sort(key=lambda r: (r["days"], r["code"]))

    def grouped(key, label_key):
        groups = {}
        for r in rows:
            groups.setdefault(r[key], {"key": r[key], "label": r[label_key], "days": []})["days"].append(r["days"])
        out = []
        for g in groups.values():
            median = statistics.median(g["days"])
            out.append(
                {
                    "key": g["key"],
                    "label": g["label"],
                    "count": len(g["days"]),
                    "median_days": median,
                    "faster_pct": _faster(median, baseline),
                }
            )
        return sorted(out, key=lambda g: (g["median_days"], str(g["label"])))

    median = statistics.median([r["days"] for r in rows]) if rows else None
    return ApprovalSpeed(
        baseline_days=baseline,
        rows=rows,
        median_days=median,
        faster_pct=_faster(median, baseline),
        by_district=grouped("district_code", "district"),
        by_category=grouped("category", "category_label"),
    )

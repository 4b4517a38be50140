"""The alert engine: every listed project's red/yellow/green level for a month (DESIGN.md section 5).

Each rule is one set-based query over the year's list; the results are merged in memory and
written with one bulk upsert keyed by (project, month), so a rerun of the same month with the
same data leaves exactly the same rows."""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DecimalField, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dispatch.choices import LEVEL_ORDER, SETTLED_CASE_STATUSES, AlertLevelChoices, AlertRuleCodeChoices
from dispatch.models import (
    DEFAULT_RULE_THRESHOLDS,
    FUNDS_RULE_KINDS,
    Alert,
    AlertRule,
    AlertRun,
    Exemption,
    SupportCase,
)
from funding.models import Allocation
from portfolio.months import format_month, parse_month, shift_month
from projects.choices import COUNTED_REPORT_STATUSES, AnnualPlanNatureChoices, ProjectStageChoices
from projects.models import AnnualPlan, Milestone, MonthlyReport, Project
from projects.selectors.figures import project_figures

RULE = AlertRuleCodeChoices


GREEN, YELLOW, RED = AlertLevelChoices.GREEN, AlertLevelChoices.YELLOW, AlertLevelChoices.RED
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class JobResult:
    month: str
    written: int
    message: str
    counts: dict | None = None


def month_end(month: str) -> datetime.date:
    year, number = parse_month(month)
    return datetime.date(year, number, calendar.monthrange(year, number)[1])


def _money_str(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _pct_str(value: Fraction) -> str:
    """An unrounded figure for the record, shown with two decimals."""
    return f"{float(value):.2f}"


def active_rules() -> dict[str, dict]:
    """Enabled rules with their effective thresholds. A rule without a row (e.g. after a test
    database flush) runs with its published defaults."""
    rows = {rule.code: rule for rule in AlertRule.objects.all()}
    rules = {}
    for code, defaults in DEFAULT_RULE_THRESHOLDS.items():
        row = rows.get(code)
        if row is None:
            rules[code] = dict(defaults)
        elif row.enabled:
            rules[code] = row.effective_thresholds
    return rules


class _Judgement:
    """Collects (project, rule) -> reason while the rules run."""

    def __init__(self, exempt: set[tuple[int, str]]):
        self.exempt = exempt
        self.reasons: dict[int, list[dict]] = defaultdict(list)

    def add(self, project_id: int, rule: str, level: str, message: str, figures: dict) -> None:
        if level == GREEN or (project_id, rule) in self.exempt:
            return
        self.reasons[project_id].append({"rule": rule, "level": str(level), "message": message, "figures": figures})


# --- The rules ---------------------------------------------------------------------------------
# Each takes the month context and adds reasons; each runs at most one query.


@dataclass
class MonthContext:
    month: str
    year: int
    number: int
    end: datetime.date
    plans: dict[int, dict]  # project_id -> plan and project fields of year Y's list

    @property
    def listed(self):
        """Year Y's list as a subquery, so rule queries never carry thousands of ids."""
        return AnnualPlan.objects.filter(year=self.year).values("project_id")


def rule_start(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    for pid, plan in ctx.plans.items():
        if plan["nature"] != AnnualPlanNatureChoices.NEW or plan["planned_start_month"] is None:
            continue
        started = plan["project__actual_start"]
        if started is not None and started <= ctx.end:
            continue
        k = ctx.number - plan["planned_start_month"] + 1
        if k >= t["red_from_months"]:
            level = RED
        elif k >= t["yellow_from_months"]:
            level = YELLOW
        else:
            continue
        judge.add(
            pid,
            RULE.START,
            level,
            _("Planned to start in month %(planned)s, not started: %(k)s month(s) late.")
            % {"planned": plan["planned_start_month"], "k": k},
            {"planned_start_month": plan["planned_start_month"], "months_late": k},
        )


def rule_progress(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    in_scope = [
        pid
        for pid, plan in ctx.plans.items()
        if plan["project__stage"] == ProjectStageChoices.CONSTRUCTION and plan["planned_investment"] > 0
    ]
    if not in_scope:
        return
    time_pct = Fraction(ctx.number * 100, 12)
    # The figures selectors give the sums; the lag is compared as an exact fraction, unrounded.
    projects = Project.objects.filter(
        stage=ProjectStageChoices.CONSTRUCTION, annual_plans__year=ctx.year, annual_plans__planned_investment__gt=0
    )
    for row in project_figures(projects=projects, year=ctx.year, month=ctx.number):
        pid, plan, completed = row.plan.project_id, row.annual_plan, row.completed
        completion = Fraction(completed) * 100 / Fraction(plan)
        lag = time_pct - completion  # compared unrounded
        if lag > t["red_lag_pts"]:
            level = RED
        elif lag >= t["yellow_lag_pts"]:
            level = YELLOW
        else:
            continue
        judge.add(
            pid,
            RULE.PROGRESS,
            level,
            _("Completed %(done)s%% of the annual plan, %(lag)s points behind the time progress of %(time)s%%.")
            % {"done": _pct_str(completion), "lag": _pct_str(lag), "time": _pct_str(time_pct)},
            {
                "annual_plan": _money_str(plan),
                "completed": _money_str(completed),
                "completion_pct": _pct_str(completion),
                "time_progress_pct": _pct_str(time_pct),
                "lag_pts": _pct_str(lag),
            },
        )


def rule_funds(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    # "received more than N days before E": E - received_on > N days.
    cutoff = ctx.end - datetime.timedelta(days=int(t["days_after_receipt"]))
    required = Fraction(t["required_rate_pct"]) / 100
    rows = (
        Allocation.objects.filter(kind__in=FUNDS_RULE_KINDS, received_on__lt=cutoff, project_id__in=ctx.listed)
        .annotate(
            paid=Coalesce(
                Sum("disbursements__amount", filter=Q(disbursements__paid_on__lte=ctx.end)),
                Value(ZERO),
                output_field=MONEY_FIELD,
            )
        )
        .order_by("received_on", "id")
        .values("id", "project_id", "kind", "document_no", "amount", "received_on", "paid")
    )
    late: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        rate = Fraction(row["paid"]) / Fraction(row["amount"])
        if rate < required:
            late[row["project_id"]].append({**row, "rate": rate})
    for pid, allocations in late.items():
        worst = min(allocations, key=lambda a: a["rate"])
        judge.add(
            pid,
            RULE.FUNDS,
            RED,
            _(
                "%(count)s allocation(s) received over %(days)s days ago paid out below %(required)s%% "
                "(lowest %(rate)s%%)."
            )
            % {
                "count": len(allocations),
                "days": t["days_after_receipt"],
                "required": t["required_rate_pct"],
                "rate": _pct_str(worst["rate"] * 100),
            },
            {
                "required_rate_pct": t["required_rate_pct"],
                "allocations": [
                    {
                        "id": a["id"],
                        "kind": a["kind"],
                        "document_no": a["document_no"],
                        "amount": _money_str(a["amount"]),
                        "received_on": a["received_on"].isoformat(),
                        "paid": _money_str(a["paid"]),
                        "payment_rate_pct": _pct_str(a["rate"] * 100),
                    }
                    for a in allocations
                ],
            },
        )


def rule_registration(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    for pid, plan in ctx.plans.items():
        started = plan["project__actual_start"]
        if started is None or started > ctx.end:
            continue
        registered_on = plan["project__registered_on"]
        if registered_on is not None and registered_on <= ctx.end:
            continue
        if registered_on is None and plan["project__is_registered"]:
            continue  # registered, date unknown: not judged late
        m = (ctx.year * 12 + ctx.number) - (started.year * 12 + started.month)
        if m > t["red_above_months"]:
            level = RED
        elif m >= t["yellow_from_months"]:
            level = YELLOW
        else:
            continue
        judge.add(
            pid,
            RULE.REGISTRATION,
            level,
            _("Started on %(start)s and not registered in statistics %(m)s month(s) later.")
            % {"start": started.isoformat(), "m": m},
            {"actual_start": started.isoformat(), "months_unregistered": m},
        )


def rule_reporting(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    in_scope = set()
    for pid, plan in ctx.plans.items():
        started = plan["project__actual_start"]
        if plan["project__stage"] == ProjectStageChoices.CONSTRUCTION or (
            plan["nature"] == AnnualPlanNatureChoices.NEW and started is not None and started <= ctx.end
        ):
            in_scope.add(pid)
    if not in_scope:
        return
    previous = format_month(*shift_month(ctx.year, ctx.number, -1))
    filed = set(
        MonthlyReport.objects.filter(
            status__in=COUNTED_REPORT_STATUSES, month__in=(ctx.month, previous), project_id__in=ctx.listed
        ).values_list("project_id", "month")
    )
    for pid in in_scope:
        if (pid, ctx.month) in filed:
            continue
        if (pid, previous) in filed:
            level, message = YELLOW, _("No report counted for %(month)s.") % {"month": ctx.month}
        else:
            level = RED
            message = _("No report counted for %(month)s nor for %(previous)s.") % {
                "month": ctx.month,
                "previous": previous,
            }
        judge.add(
            pid,
            RULE.REPORTING,
            level,
            message,
            {"missing_months": [m for m in (previous, ctx.month) if (pid, m) not in filed]},
        )


def rule_milestone(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    rows = (
        # Judged at E: a milestone reached after E was still outstanding then.
        Milestone.objects.filter(project_id__in=ctx.listed, planned_date__lt=ctx.end)
        .filter(Q(actual_date__isnull=True) | Q(actual_date__gt=ctx.end))
        .values("project_id")
        .annotate(earliest=Min("planned_date"), overdue_count=Count("id"))
        .order_by()
    )
    for row in rows:
        days = (ctx.end - row["earliest"]).days
        level = RED if days > t["red_above_days"] else YELLOW
        judge.add(
            row["project_id"],
            RULE.MILESTONE,
            level,
            _("%(count)s milestone(s) overdue, the oldest planned for %(date)s: %(days)s days.")
            % {"count": row["overdue_count"], "date": row["earliest"].isoformat(), "days": days},
            {"overdue_count": row["overdue_count"], "earliest_planned": row["earliest"].isoformat(), "days": days},
        )


def rule_support(ctx: MonthContext, t: dict, judge: _Judgement) -> None:
    rows = (
        SupportCase.objects.filter(project_id__in=ctx.listed, due_date__lt=ctx.end)
        # Judged at E: a case settled after E was still open then.
        .exclude(Q(status__in=SETTLED_CASE_STATUSES) & (Q(resolved_on__isnull=True) | Q(resolved_on__lte=ctx.end)))
        .values("project_id")
        .annotate(earliest=Min("due_date"), overdue_count=Count("id"))
        .order_by()
    )
    for row in rows:
        judge.add(
            row["project_id"],
            RULE.SUPPORT,
            YELLOW,
            _("%(count)s support case(s) past their due date (the oldest due %(date)s).")
            % {"count": row["overdue_count"], "date": row["earliest"].isoformat()},
            {"overdue_count": row["overdue_count"], "earliest_due": row["earliest"].isoformat()},
        )


RULES: dict[str, Callable] = {
    RULE.START: rule_start,
    RULE.PROGRESS: rule_progress,
    RULE.FUNDS: rule_funds,
    RULE.REGISTRATION: rule_registration,
    RULE.REPORTING: rule_reporting,
    RULE.MILESTONE: rule_milestone,
    RULE.SUPPORT: rule_support,
}


def alerts_judge(*, month: str, progress: Callable[[int], None] | None = None) -> dict[int, tuple[str, list]]:
    """project_id -> (level, reasons) for every project on the list of the month's year."""
    year, number = parse_month(month)
    end = month_end(month)
    plans = {
        row["project_id"]: row
        for row in AnnualPlan.objects.filter(year=year).values(
            "project_id",
            "nature",
            "planned_investment",
            "planned_start_month",
            "project__stage",
            "project__actual_start",
            "project__registered_on",
            "project__is_registered",
        )
    }
    ctx = MonthContext(month=month, year=year, number=number, end=end, plans=plans)
    exempt = set(Exemption.objects.valid_on(end).values_list("project_id", "rule"))
    judge = _Judgement(exempt)
    rules = active_rules()
    # Messages are stored once, in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        for index, (code, rule) in enumerate(RULES.items(), start=1):
            if code in rules and plans:
                rule(ctx, rules[code], judge)
            if progress:
                progress(10 + index * 10)
    order = list(RULES)
    result = {}
    for pid in plans:
        reasons = sorted(judge.reasons.get(pid, []), key=lambda r: order.index(r["rule"]))
        level = max((r["level"] for r in reasons), key=lambda lv: LEVEL_ORDER[lv], default=GREEN)
        result[pid] = (str(level), reasons)
    return result


def alerts_compute(
    *, month: str, triggered_by=None, progress: Callable[[int], None] | None = None, job_run_id: int | None = None
) -> JobResult:
    """Compute and store every listed project's alert for `month`; idempotent."""
    parse_month(month)
    started_at = timezone.now()
    if progress:
        progress(5)
    judged = alerts_judge(month=month, progress=progress)
    counts = {GREEN: 0, YELLOW: 0, RED: 0}
    for level, _reasons in judged.values():
        counts[level] += 1
    removed = _alerts_write(month=month, judged=judged)
    if progress:
        progress(95)
    AlertRun.objects.create(
        month=month,
        started_at=started_at,
        finished_at=timezone.now(),
        triggered_by=triggered_by,
        job_run_id=job_run_id,
        project_count=len(judged),
        green_count=counts[GREEN],
        yellow_count=counts[YELLOW],
        red_count=counts[RED],
        removed_count=removed,
    )
    # In the active language: the command prints English, the portal's job log shows Chinese.
    message = _(
        "Alerts for %(month)s: %(count)s projects, red %(red)s, yellow %(yellow)s, green %(green)s; "
        "%(removed)s alert(s) of projects no longer listed removed."
    ) % {
        "month": month,
        "count": len(judged),
        "red": counts[RED],
        "yellow": counts[YELLOW],
        "green": counts[GREEN],
        "removed": removed,
    }
    return JobResult(month=month, written=len(judged), message=message, counts={str(k): v for k, v in counts.items()})


@transaction.atomic
def _alerts_write(*, month: str, judged: dict[int, tuple[str, list]]) -> int:
    """Upsert keyed by (project, month) and drop the month's alerts of projects off the list,
    in one transaction: a killed run leaves the previous state, a rerun the same rows."""
    now = timezone.now()
    Alert.objects.bulk_create(
        [
            Alert(project_id=pid, month=month, level=level, reasons=reasons, computed_at=now)
            for pid, (level, reasons) in judged.items()
        ],
        update_conflicts=True,
        unique_fields=["project", "month"],
        update_fields=["level", "reasons", "computed_at"],
        batch_size=1000,
    )
    year, _number = parse_month(month)
    removed, _ = (
        Alert.objects.filter(month=month)
        .exclude(project_id__in=AnnualPlan.objects.filter(year=year).values("project_id"))
        .delete()
    )
    return removed

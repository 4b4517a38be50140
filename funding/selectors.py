"""Funding figures. Every page, export, API and the `funds` alert rule compute from here.

All functions are set-based: a handful of aggregate queries whatever the number of projects.
They take `projects`, a queryset already scoped with `Project.objects.visible_to(user)`, so a
figure never includes a project its reader may not see. Amounts are Decimal 万元; percentages
are unrounded Decimal (round only for display) or None where the denominator is zero.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from .choices import (
    BOND_KINDS,
    LEVERAGED_KINDS,
    WATCHED_ALLOCATION_KINDS,
    AllocationKindChoices,
    FundApplicationStatusChoices,
)
from .models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=2)
HOLDING_DAYS = 90


def cents(value) -> Decimal:
    """Sums computed in the database come back unscaled on SQLite; money has two places."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def pct(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator) * HUNDRED


def growth_pct(current, previous) -> Decimal | None:
    if not previous:
        return None
    return (Decimal(current) / Decimal(previous) - 1) * HUNDRED


def _money(expression):
    return Coalesce(expression, Value(ZERO), output_field=MONEY_FIELD)


def same_day_last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def scoped_allocations(*, projects):
    return Allocation.objects.filter(project__in=projects.values("pk"))


def paid_by(as_of: datetime.date):
    """Subquery: what has been paid out of the outer allocation on or before `as_of`."""
    return _money(
        Subquery(
            Disbursement.objects.filter(allocation=OuterRef("pk"), paid_on__lte=as_of)
            .values("allocation")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=MONEY_FIELD,
        )
    )


# --- Secured money ------------------------------------------------------------------------------


def secured_by_kind(*, projects, year: int, as_of: datetime.date | None = None) -> list[dict]:
    """Money secured in `year` per kind, with the same period of the year before.

    With `as_of`, only allocations received on or before it count, and last year counts up
    to the same day a year earlier, so the growth compares like with like."""
    current = Q(year=year)
    previous = Q(year=year - 1)
    if as_of is not None:
        current &= Q(received_on__lte=as_of)
        previous &= Q(received_on__lte=same_day_last_year(as_of))
    rows = (
        scoped_allocations(projects=projects)
        .filter(current | previous)
        .values("kind")
        .annotate(
            secured=_money(Sum("amount", filter=current)),
            previous_secured=_money(Sum("amount", filter=previous)),
            count=Count("id", filter=current),
            project_count=Count("project", filter=current, distinct=True),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    result = []
    for kind, label in AllocationKindChoices.choices:
        row = by_kind.get(kind, {"secured": ZERO, "previous_secured": ZERO, "count": 0, "project_count": 0})
        result.append(
            {
                "kind": kind,
                "label": label,
                "amount": row["secured"],
                "previous": row["previous_secured"],
                "count": row["count"],
                "project_count": row["project_count"],
                "yoy_pct": growth_pct(row["secured"], row["previous_secured"]),
            }
        )
    return result


def secured_total(rows: list[dict]) -> dict:
    amount = sum((r["amount"] for r in rows), ZERO)
    previous = sum((r["previous"] for r in rows), ZERO)
    return {"amount": amount, "previous": previous, "yoy_pct": growth_pct(amount, previous)}


# --- Payment rate -------------------------------------------------------------------------------

PAYMENT_DIMENSIONS = {
    "kind": ("kind",),
    "department": ("project__department__code", "project__department__name"),
    "district": ("project__district__code", "project__district__name"),
    "project": ("project__code", "project__name"),
}


def payment_rate_by(*, projects, as_of: datetime.date, dimension: str, year: int | None = None) -> list[dict]:
    """Allocated (received on or before `as_of`), paid (by `as_of`) and payment rate, grouped by
    `dimension` (kind, department, district or project). With `year`, only that year's money."""
    keys = PAYMENT_DIMENSIONS[dimension]
    allocations = scoped_allocations(projects=projects).filter(received_on__lte=as_of)
    if year is not None:
        allocations = allocations.filter(year=year)
    rows = (
        allocations.annotate(paid=paid_by(as_of))
        .values(*keys)
        .annotate(allocated=_money(Sum("amount")), paid_total=_money(Sum("paid")), count=Count("id"))
        .order_by(*keys)
    )
    labels = dict(AllocationKindChoices.choices)
    result = []
    for row in rows:
        key = row[keys[0]]
        result.append(
            {
                "key": key,
                "label": labels.get(key, key) if dimension == "kind" else row[keys[1]],
                "allocated": row["allocated"],
                "paid": row["paid_total"],
                "unpaid": row["allocated"] - row["paid_total"],
                "count": row["count"],
                "payment_rate": pct(row["paid_total"], row["allocated"]),
            }
        )
    if dimension == "kind":
        order = list(labels)
        result.sort(key=lambda r: order.index(r["key"]))
    else:
        result.sort(key=lambda r: (r["payment_rate"] is None, r["payment_rate"] or 0))
    return result


def payment_totals(*, projects, as_of: datetime.date, year: int | None = None, kinds=None) -> dict:
    """Allocated, paid and payment rate at `as_of`; `kinds` narrows to some sources (e.g.
    WATCHED_ALLOCATION_KINDS, the higher-level funds whose payment rate the city is judged on)."""
    allocations = scoped_allocations(projects=projects).filter(received_on__lte=as_of)
    if year is not None:
        allocations = allocations.filter(year=year)
    if kinds is not None:
        allocations = allocations.filter(kind__in=kinds)
    allocated = allocations.aggregate(total=_money(Sum("amount")))["total"]
    paid = Disbursement.objects.filter(allocation__in=allocations.values("pk"), paid_on__lte=as_of).aggregate(
        total=_money(Sum("amount"))
    )["total"]
    return {"allocated": allocated, "paid": paid, "unpaid": allocated - paid, "payment_rate": pct(paid, allocated)}


# --- The 90-day clock ---------------------------------------------------------------------------


def allocations_holding_money(*, projects, as_of: datetime.date, required_rate: Decimal = Decimal("90")) -> list[dict]:
    """The allocations the `funds` rule (DESIGN.md section 5, rule 3) lights red at `as_of`.

    An allocation of kind central_budget, treasury_bond or special_bond received more than 90
    days before `as_of` whose payment rate (paid on or before `as_of` / amount x 100) is below
    `required_rate`. One query. Each row: project_id, project_code, project_name, id, kind,
    amount, paid, payment_rate (unrounded Decimal), received_on, days_since (days from
    received_on to as_of). Ordered by project, then oldest first."""
    cutoff = as_of - datetime.timedelta(days=HOLDING_DAYS)
    rows = (
        scoped_allocations(projects=projects)
        .filter(kind__in=WATCHED_ALLOCATION_KINDS, received_on__lt=cutoff)
        .annotate(paid=paid_by(as_of))
        .filter(paid__lt=F("amount") * required_rate / HUNDRED)
        .order_by("project_id", "received_on", "id")
        .values("project_id", "project__code", "project__name", "id", "kind", "amount", "paid", "received_on")
    )
    return [
        {
            "project_id": row["project_id"],
            "project_code": row["project__code"],
            "project_name": row["project__name"],
            "id": row["id"],
            "kind": row["kind"],
            "amount": row["amount"],
            "paid": cents(row["paid"]),
            "unpaid": row["amount"] - cents(row["paid"]),
            "payment_rate": pct(row["paid"], row["amount"]),
            "received_on": row["received_on"],
            "days_since": (as_of - row["received_on"]).days,
        }
        for row in rows
    ]


def funds_rule_reasons(*, projects, as_of: datetime.date, required_rate: Decimal = Decimal("90")) -> dict:
    """The `funds` rule's reason per project, ready for an alert: {project_id: {"rule": "funds",
    "level": "red", "message": ..., "figures": {...}}}. Built on `allocations_holding_money`
    (one query); figures are JSON-ready (amounts as decimal strings, rates rounded to 2)."""
    reasons = {}
    for row in allocations_holding_money(projects=projects, as_of=as_of, required_rate=required_rate):
        reason = reasons.setdefault(
            row["project_id"],
            {"rule": "funds", "level": "red", "figures": {"required_rate": str(required_rate), "allocations": []}},
        )
        reason["figures"]["allocations"].append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "amount": str(row["amount"]),
                "paid": str(row["paid"]),
                "payment_rate": float(round(row["payment_rate"], 2)),
                "received_on": row["received_on"].isoformat(),
                "days_since": row["days_since"],
            }
        )
    for reason in reasons.values():
        held = reason["figures"]["allocations"]
        reason["message"] = ngettext(
            "%(n)s allocation received more than 90 days ago is %(rate)s%% paid, below %(required)s%%.",
            "%(n)s allocations received more than 90 days ago are paid as little as %(rate)s%%, below %(required)s%%.",
            len(held),
        ) % {
            "n": len(held),
            "rate": f"{min(a['payment_rate'] for a in held):.1f}",
            "required": f"{required_rate:.0f}",
        }
    return reasons


# --- Leverage -----------------------------------------------------------------------------------


def leverage(*, projects, year: int) -> dict:
    """Loans and private capital drawn in per yuan of bonds (债贷组合) for `year`'s bonds."""
    bonds = scoped_allocations(projects=projects).filter(year=year, kind__in=BOND_KINDS)
    bond_total = bonds.aggregate(total=_money(Sum("amount")))["total"]
    rows = (
        BondLoanCombination.objects.filter(bond__in=bonds.values("pk"))
        .values("leveraged__kind")
        .annotate(total=_money(Sum("amount")))
    )
    by_kind = {row["leveraged__kind"]: row["total"] for row in rows}
    loans = by_kind.get(AllocationKindChoices.POLICY_LOAN, ZERO) + by_kind.get(AllocationKindChoices.BANK_CREDIT, ZERO)
    private = by_kind.get(AllocationKindChoices.PRIVATE_CAPITAL, ZERO)
    combined_bonds = (
        BondLoanCombination.objects.filter(bond__in=bonds.values("pk"))
        .values("bond")
        .distinct()
        .aggregate(n=Count("bond", distinct=True))["n"]
    )
    ratio = (loans + private) / bond_total if bond_total else None
    return {
        "bonds": bond_total,
        "loans": loans,
        "private_capital": private,
        "leveraged": loans + private,
        "per_yuan": ratio,
        "combined_bonds": combined_bonds,
        "by_kind": [{"kind": k, "amount": by_kind.get(k, ZERO)} for k in LEVERAGED_KINDS],
    }


def bond_loan_combinations(*, projects, year: int | None = None):
    qs = BondLoanCombination.objects.filter(bond__project__in=projects.values("pk")).select_related(
        "bond__project", "leveraged__project"
    )
    if year is not None:
        qs = qs.filter(bond__year=year)
    return qs.order_by("bond__project__code", "bond_id", "id")


# --- Credit -------------------------------------------------------------------------------------


def credit_by_event(*, credit_lines, year: int | None = None) -> list[dict]:
    """Credit granted per matchmaking event, over already scoped `credit_lines`."""
    if year is not None:
        credit_lines = credit_lines.filter(granted_on__year=year)
    rows = (
        credit_lines.values("event_id", "event__name", "event__date", "event__place")
        .annotate(amount=_money(Sum("amount")), lines=Count("id"), projects=Count("project", distinct=True))
        .order_by(F("event__date").asc(nulls_last=True), "event_id")
    )
    return [
        {
            "event_id": r["event_id"],
            "name": r["event__name"],
            "date": r["event__date"],
            "place": r["event__place"],
            "amount": r["amount"],
            "lines": r["lines"],
            "projects": r["projects"],
        }
        for r in rows
    ]


def credit_by_project(*, credit_lines, year: int | None = None, limit: int | None = None) -> list[dict]:
    if year is not None:
        credit_lines = credit_lines.filter(granted_on__year=year)
    rows = (
        credit_lines.filter(project__isnull=False)
        .values("project__code", "project__name")
        .annotate(amount=_money(Sum("amount")), lines=Count("id"), banks=Count("bank", distinct=True))
        .order_by("-amount", "project__code")
    )
    if limit:
        rows = rows[:limit]
    return [
        {
            "code": r["project__code"],
            "name": r["project__name"],
            "amount": r["amount"],
            "lines": r["lines"],
            "banks": r["banks"],
        }
        for r in rows
    ]


def credit_totals(*, credit_lines, year: int | None = None) -> dict:
    if year is not None:
        credit_lines = credit_lines.filter(granted_on__year=year)
    return credit_lines.aggregate(
        amount=_money(Sum("amount")),
        lines=Count("id"),
        projects=Count("project", distinct=True),
        events=Count("event", distinct=True),
    )


# --- Applications -------------------------------------------------------------------------------


def application_pipeline(*, applications) -> list[dict]:
    """Count and amount asked per status, in pipeline order (drafting -> approved/rejected)."""
    rows = {
        r["status"]: r
        for r in applications.order_by()
        .values("status")
        .annotate(count=Count("id"), amount=_money(Sum("amount_requested")))
    }
    return [
        {
            "status": status,
            "label": label,
            "count": rows.get(status, {}).get("count", 0),
            "amount": rows.get(status, {}).get("amount", ZERO),
        }
        for status, label in FundApplicationStatusChoices.choices
    ]


# --- One project --------------------------------------------------------------------------------


def project_funding(*, project, as_of: datetime.date, required_rate: Decimal = Decimal("90")) -> dict:
    """A project's allocations with what is paid by `as_of`, its payments, and the 90-day clock."""
    cutoff = as_of - datetime.timedelta(days=HOLDING_DAYS)
    allocations = list(project.allocations.annotate(paid=paid_by(as_of)).order_by("received_on", "id"))
    for allocation in allocations:
        allocation.payment_rate = pct(allocation.paid, allocation.amount)
        allocation.days_since = (as_of - allocation.received_on).days
        allocation.watched = allocation.kind in WATCHED_ALLOCATION_KINDS
        allocation.deadline = allocation.received_on + datetime.timedelta(days=HOLDING_DAYS)
        allocation.days_left = (allocation.deadline - as_of).days
        allocation.holding = (
            allocation.watched
            and allocation.received_on < cutoff
            and allocation.paid < allocation.amount * required_rate / HUNDRED
        )
    disbursements = list(
        Disbursement.objects.filter(allocation__project=project).select_related("allocation").order_by("paid_on", "id")
    )
    allocated = sum((a.amount for a in allocations if a.received_on <= as_of), ZERO)
    paid = sum((d.amount for d in disbursements if d.paid_on <= as_of), ZERO)
    return {
        "allocations": allocations,
        "disbursements": disbursements,
        "allocated": allocated,
        "paid": paid,
        "payment_rate": pct(paid, allocated),
        "holding": [a for a in allocations if a.holding],
    }


def monthly_payments(*, projects, year: int, as_of: datetime.date) -> list[dict]:
    """Money received and paid per month of `year` up to `as_of` (for the dashboard's trend)."""
    allocations = scoped_allocations(projects=projects)
    received = {
        r["month"]: r["total"]
        for r in allocations.filter(received_on__year=year, received_on__lte=as_of)
        .values(month=F("received_on__month"))
        .annotate(total=_money(Sum("amount")))
    }
    paid = {
        r["month"]: r["total"]
        for r in Disbursement.objects.filter(
            allocation__in=allocations.values("pk"), paid_on__year=year, paid_on__lte=as_of
        )
        .values(month=F("paid_on__month"))
        .annotate(total=_money(Sum("amount")))
    }
    last = as_of.month if as_of.year == year else 12
    return [
        {"month": f"{year:04d}-{m:02d}", "received": received.get(m, ZERO), "paid": paid.get(m, ZERO)}
        for m in range(1, last + 1)
    ]


def scoped_applications(*, projects):
    return FundApplication.objects.filter(project__in=projects.values("pk"))


def scoped_credit_lines(*, user):
    return CreditLine.objects.visible_to(user)

"""Rankings (赛马) of districts, departments and leaders for a month (DESIGN.md section 6).

Scores come from the figures selectors (`breakdown`), so the ranking board agrees with the
dashboard and the bulletin. A month is stored; once published it is frozen until republished
with a reason."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.choices import AlertLevelChoices, RankingDimensionChoices, RankingLogActionChoices
from dispatch.models import Alert, Ranking, RankingLog
from portfolio.months import format_month, parse_month, shift_month
from portfolio.workdays import filing_deadline
from projects.choices import COUNTED_REPORT_STATUSES
from projects.models import AnnualPlan, LeaderAssignment, MonthlyReport, Project
from projects.selectors.figures import breakdown

from .alerts import JobResult

DIMENSIONS = [choice.value for choice in RankingDimensionChoices]
SIX = Decimal("0.000001")


class RankingFrozen(Exception):
    """A published month is recomputed only by an explicit republish with a reason."""


def _group_key(dimension: str):
    """The entity of a row that has a `project` (alerts, reports), as `breakdown` groups them."""
    if dimension == RankingDimensionChoices.DISTRICT:
        return F("project__district_id")
    if dimension == RankingDimensionChoices.DEPARTMENT:
        return F("project__department_id")
    return Subquery(
        LeaderAssignment.objects.filter(project=OuterRef("project_id"), ended_on__isnull=True).values("leader_id")[:1]
    )


def assign_ranks(rows: list[dict]) -> list[dict]:
    """Highest score first; equal scores share a rank and the next rank skips (1, 2, 2, 4).
    Scores are exact fractions, so equality is never an artefact of rounding."""
    rows.sort(key=lambda r: (-r["score"], r["name"]))
    previous_score, previous_rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["score"] != previous_score:
            previous_rank, previous_score = position, row["score"]
        row["rank"] = previous_rank
    return rows


def ranking_rows(*, month: str, dimension: str) -> list[dict]:
    """The month's ranking of one dimension, computed now (not stored): entities with a plan only."""
    year, number = parse_month(month)
    projects = Project.objects.all()
    rows = [
        row
        for row in breakdown(projects=projects, year=year, month=number, dimension=dimension)
        if row["key"] is not None and row["annual_plan"] and row["annual_plan"] > 0
    ]
    if not rows:
        return []
    listed = AnnualPlan.objects.filter(year=year)
    # Red and yellow counts of the month's stored alerts, per entity (one query).
    colours = defaultdict(lambda: {"red": 0, "yellow": 0})
    for item in (
        Alert.objects.filter(month=month, project_id__in=listed.values("project_id"))
        .annotate(group_key=_group_key(dimension))
        .values("group_key")
        .annotate(
            red=Count("id", filter=Q(level=AlertLevelChoices.RED)),
            yellow=Count("id", filter=Q(level=AlertLevelChoices.YELLOW)),
        )
        .order_by()
    ):
        colours[item["group_key"]] = item
    # Timely filing: the month's counted reports submitted by the filing deadline (one query).
    deadline = filing_deadline(month)
    deadline_end = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time.max))
    timely = {
        item["group_key"]: item["timely"]
        for item in MonthlyReport.objects.filter(
            month=month,
            status__in=COUNTED_REPORT_STATUSES,
            submitted_at__lte=deadline_end,
            project_id__in=listed.values("project_id"),
        )
        .annotate(group_key=_group_key(dimension))
        .values("group_key")
        .annotate(timely=Count("id"))
        .order_by()
    }
    result = []
    for row in rows:
        key = row["key"]
        count = row["project_count"]
        result.append(
            {
                "entity": str(row["code"]),
                "name": row["name"],
                "project_count": count,
                "annual_plan": row["annual_plan"],
                "completed": row["completed"],
                "score": Fraction(row["completed"]) / Fraction(row["annual_plan"]),
                "completion_pct": row["completion_pct"],
                "lead_pts": row["lead_pts"],
                "new_count": row["new_count"],
                "started_count": row["started"],
                "start_rate_pct": row["start_rate_pct"],
                "red_count": colours[key]["red"],
                "yellow_count": colours[key]["yellow"],
                "timely_rate_pct": Decimal(timely.get(key, 0)) * 100 / Decimal(count) if count else None,
            }
        )
    return assign_ranks(result)


def _previous_ranks(*, month: str, dimension: str) -> dict[str, int]:
    """The previous month's stored ranks, or computed on the fly where it was never stored."""
    previous = format_month(*shift_month(*parse_month(month), -1))
    stored = dict(Ranking.objects.filter(month=previous, dimension=dimension).values_list("entity", "rank"))
    if stored:
        return stored
    return {row["entity"]: row["rank"] for row in ranking_rows(month=previous, dimension=dimension)}


def _quantize(value, places=SIX):
    return None if value is None else Decimal(value).quantize(places)


def rankings_compute(
    *,
    month: str,
    republish: bool = False,
    reason: str = "",
    triggered_by=None,
    progress: Callable[[int], None] | None = None,
) -> JobResult:
    """Compute and store the month's rankings for every dimension. An unpublished month may be
    recomputed any number of times; a published one is left alone unless republished."""
    parse_month(month)
    published = Ranking.objects.filter(month=month, published=True).first()
    if published and not republish:
        return JobResult(
            month=month,
            written=0,
            message=_("Rankings for %(month)s are published and were left unchanged (republish with a reason).")
            % {"month": month},
        )
    if republish and not reason.strip():
        raise RankingFrozen("Republishing a month needs a reason.")
    computed = {}
    for index, dimension in enumerate(DIMENSIONS):
        rows = ranking_rows(month=month, dimension=dimension)
        previous = _previous_ranks(month=month, dimension=dimension)
        for row in rows:
            row["previous_rank"] = previous.get(row["entity"])
        computed[dimension] = rows
        if progress:
            progress(int((index + 1) * 90 / len(DIMENSIONS)))
    written = _rankings_write(
        month=month, computed=computed, republish=bool(published) and republish, reason=reason, user=triggered_by
    )
    labels = dict(RankingDimensionChoices.choices)
    sizes = ", ".join(f"{labels[d]} {len(r)}" for d, r in computed.items())
    if published:
        message = _("Republished rankings for %(month)s: %(sizes)s entities.") % {"month": month, "sizes": sizes}
    else:
        message = _("Computed rankings for %(month)s: %(sizes)s entities.") % {"month": month, "sizes": sizes}
    return JobResult(month=month, written=written, message=message)


@transaction.atomic
def _rankings_write(*, month: str, computed: dict, republish: bool, reason: str, user) -> int:
    now = timezone.now()
    objects = []
    for dimension, rows in computed.items():
        for row in rows:
            objects.append(
                Ranking(
                    month=month,
                    dimension=dimension,
                    entity=row["entity"],
                    name=row["name"],
                    project_count=row["project_count"],
                    annual_plan=row["annual_plan"],
                    completed=row["completed"],
                    completion_pct=_quantize(row["completion_pct"]),
                    lead_pts=_quantize(row["lead_pts"]),
                    new_count=row["new_count"],
                    started_count=row["started_count"],
                    start_rate_pct=_quantize(row["start_rate_pct"], Decimal("0.0001")),
                    red_count=row["red_count"],
                    yellow_count=row["yellow_count"],
                    timely_rate_pct=_quantize(row["timely_rate_pct"], Decimal("0.0001")),
                    rank=row["rank"],
                    previous_rank=row["previous_rank"],
                    published=republish,
                    published_at=now if republish else None,
                    published_by=user if republish else None,
                    computed_at=now,
                )
            )
    fields = [f.name for f in Ranking._meta.concrete_fields if f.name not in ("id", "month", "dimension", "entity")]
    Ranking.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=["month", "dimension", "entity"], update_fields=fields
    )
    stale = Ranking.objects.filter(month=month)
    for dimension, rows in computed.items():
        stale = stale.exclude(dimension=dimension, entity__in=[r["entity"] for r in rows])
    stale.delete()
    RankingLog.objects.create(
        month=month,
        action=RankingLogActionChoices.REPUBLISHED if republish else RankingLogActionChoices.COMPUTED,
        reason=reason,
        user=user,
    )
    return len(objects)


@transaction.atomic
def rankings_publish(*, month: str, user) -> int:
    """Publish a computed month: other roles see it, and it is frozen from now on."""
    count = Ranking.objects.filter(month=month, published=False).update(
        published=True, published_at=timezone.now(), published_by=user
    )
    if count:
        RankingLog.objects.create(month=month, action=RankingLogActionChoices.PUBLISHED, user=user)
    return count

"""The monthly bulletin (月度通报): its text in the published form and its tables, computed once from
the figures selectors and shared by the page, the Word document and the Excel attachment."""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import figures

TEN_THOUSAND = Decimal("10000")


def yi_text(amount, places: int = 2) -> str:
    """万元 -> 亿元 as the bulletin prints it (half-up, no grouping)."""
    value = Decimal(amount or 0) / TEN_THOUSAND
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=figures.ROUND_HALF_UP))


def pct_text(value, places: int = 1) -> str:
    rounded = figures.round_pct(value, places)
    return "—" if rounded is None else str(rounded)


def month_range_text(month: int) -> str:
    """ "1-M月" (or "1月" for January)."""
    return month_name(1) if month == 1 else _("January to %(month)s") % {"month": month_name(month)}


def month_name(month: int) -> str:
    return [
        _("January"),
        _("February"),
        _("March"),
        _("April"),
        _("May"),
        _("June"),
        _("July"),
        _("August"),
        _("September"),
        _("October"),
        _("November"),
        _("December"),
    ][month - 1]


def lead_text(lead_pts) -> str:
    """ "超过/低于时间进度D个百分点", D from the unrounded lead, one decimal."""
    if lead_pts is None:
        return ""
    rounded = figures.round_pct(lead_pts, 1)
    if rounded > 0:
        return _("%(points)s percentage points ahead of time progress") % {"points": rounded}
    if rounded < 0:
        return _("%(points)s percentage points behind time progress") % {"points": -rounded}
    return _("level with time progress")


def headline_paragraph(total: dict, *, scope_name: str, month: int) -> str:
    """The first paragraph in the published form of DESIGN.md section 4."""
    parts = [
        _(
            "This year %(scope)s has %(count)s key construction projects, with a total investment of "
            "%(total)s hundred million yuan and an annual investment plan of %(plan)s hundred million yuan."
        )
        % {
            "scope": scope_name,
            "count": total["project_count"],
            "total": yi_text(total["total_investment"]),
            "plan": yi_text(total["annual_plan"]),
        }
    ]
    completion = _(
        "In %(months)s the projects completed %(completed)s hundred million yuan of investment, "
        "%(pct)s%% of the annual investment plan"
    ) % {
        "months": month_range_text(month),
        "completed": yi_text(total["completed"]),
        "pct": pct_text(total["completion_pct"]),
    }
    lead = lead_text(total["lead_pts"])
    parts.append(completion + (_(", ") + lead if lead else "") + _("."))
    if total["period_completion_pct"] is not None:
        parts.append(
            _("They completed %(pct)s%% of the investment planned for %(months)s.")
            % {"pct": pct_text(total["period_completion_pct"]), "months": month_range_text(month)}
        )
    if total["yoy_pct"] is not None:
        if total["yoy_pct"] >= 0:
            text = _("Completed investment grew %(pct)s%% year on year.")
        else:
            text = _("Completed investment fell %(pct)s%% year on year.")
        parts.append(text % {"pct": pct_text(abs(total["yoy_pct"]))})
    parts.append(
        _(
            "This year %(planned)s projects are planned to start; %(started)s have actually started so far, "
            "%(pct)s%% of the year's planned starts."
        )
        % {"planned": total["new_count"], "started": total["started"], "pct": pct_text(total["start_rate_pct"])}
    )
    if total["early_starts"] or total["not_started_as_planned"]:
        parts.append(
            _("%(early)s started ahead of plan; %(late)s due by now have not started.")
            % {"early": total["early_starts"], "late": total["not_started_as_planned"]}
        )
    return _sentences(parts)


def _sentences(parts) -> str:
    # Chinese runs sentences on without spaces; English needs one.
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(parts)


def ranked(rows: list[dict]) -> list[dict]:
    """Rows with a plan, ranked by completion % as section 6 ranks (ties share a rank, the next skips)."""
    with_plan = sorted((r for r in rows if r["annual_plan"]), key=lambda r: r["completion_pct"], reverse=True)
    previous_score, previous_rank = None, 0
    for index, row in enumerate(with_plan, start=1):
        if row["completion_pct"] != previous_score:
            previous_rank, previous_score = index, row["completion_pct"]
        row["rank"] = previous_rank
    return with_plan + [r for r in rows if not r["annual_plan"]]


def nature_sentence(rows: list[dict]) -> str:
    parts = []
    for row in rows:
        parts.append(
            _(
                "%(name)s: %(count)s projects, annual plan %(plan)s hundred million yuan, completed %(completed)s "
                "hundred million yuan, %(pct)s%% of plan"
            )
            % {
                "name": row["name"],
                "count": row["project_count"],
                "plan": yi_text(row["annual_plan"]),
                "completed": yi_text(row["completed"]),
                "pct": pct_text(row["completion_pct"]),
            }
        )
    return (_("Of these, ") + _("; ").join(parts) + _(".")) if parts else ""


def red_yellow_lists(*, projects, year: int, month: int):
    """The month's red and yellow projects from the dispatch app, or None while that app has no
    alerts (the section is left out rather than shown empty)."""
    try:
        from dispatch.models import Alert
    except ImportError:
        return None
    try:
        alerts = list(
            Alert.objects.filter(
                project__in=projects.values("pk"), month=figures.month_key(year, month), level__in=("red", "yellow")
            )
            .select_related("project", "project__district", "project__department")
            .order_by("level", "project__code")
        )
    except Exception:  # noqa: BLE001 - a dispatch model without the expected fields must not break the bulletin
        return None
    if not alerts:
        return None
    return {
        "red": [a for a in alerts if a.level == "red"],
        "yellow": [a for a in alerts if a.level == "yellow"],
    }


def bulletin(*, projects, year: int, month: int, scope_name: str) -> dict:
    """Everything the bulletin shows, from the figures selectors (a bounded number of queries)."""
    total = figures.summary(projects=projects, year=year, month=month)
    by_nature = figures.breakdown(projects=projects, year=year, month=month, dimension="nature")
    by_category = figures.breakdown(projects=projects, year=year, month=month, dimension="category")
    by_district = ranked(figures.breakdown(projects=projects, year=year, month=month, dimension="district"))
    by_department = ranked(figures.breakdown(projects=projects, year=year, month=month, dimension="department"))
    return {
        "year": year,
        "month": month,
        "scope_name": scope_name,
        "total": total,
        "headline": headline_paragraph(total, scope_name=scope_name, month=month),
        "nature_text": nature_sentence(by_nature),
        "by_nature": by_nature,
        "by_category": by_category,
        "by_district": by_district,
        "by_department": by_department,
        "alerts": red_yellow_lists(projects=projects, year=year, month=month),
    }

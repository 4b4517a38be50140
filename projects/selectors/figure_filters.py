"""Project-list filters for the figures (summary API, dashboard, bulletin).

A minimal stand-in written while the register's `projects/filtersets.py` ProjectFilterSet was being
built in parallel: the parameter names are the project list's (`level`, `is_top100`, `category`,
`district` code, `department` code, `leader` id, ...). TODO after merge: run ProjectFilterSet over the
scoped queryset here so that every project-list filter works on the figures too; only `nature` and
the period (`year`, `month`) stay handled here, since they belong to the annual plan of each year.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio.months import shift_month
from projects.choices import (
    INDUSTRIAL_CATEGORIES,
    AnnualPlanNatureChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
    ProjectStageChoices,
)

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}
# "industrial" is the three industrial categories at once, as the dashboard's share links need.
CATEGORY_VALUES = {*ProjectCategoryChoices.values, "industrial"}


@dataclass
class FigureFilters:
    projects: object  # the filtered Project queryset
    nature: str | None = None
    year: int | None = None
    month: int | None = None
    errors: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)  # the clean filter values, for links and forms

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """The filters as (name, value) pairs, for hidden inputs that carry them across forms."""
        out = []
        for name, value in self.params.items():
            out.extend((name, v) for v in (value if isinstance(value, list) else [value]))
        return out


def default_period(today: datetime.date | None = None) -> tuple[int, int]:
    """The latest month whose filing deadline has passed: the previous month."""
    today = today or timezone.localdate()
    return shift_month(today.year, today.month, -1)


def _values(data, name):
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        value = data.get(name)
        values = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    out = []
    for value in values:
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return out


def _bool(data, name, errors):
    values = _values(data, name)
    if not values:
        return None
    value = values[0].lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    errors[name] = [_("Enter true or false.")]
    return None


def _int(data, name, errors, low, high):
    values = _values(data, name)
    if not values:
        return None
    try:
        number = int(values[0])
    except ValueError:
        errors[name] = [_("Enter a whole number.")]
        return None
    if not low <= number <= high:
        errors[name] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return number


def _choices(data, name, allowed, errors):
    values = _values(data, name)
    bad = [v for v in values if v not in allowed]
    if bad:
        errors[name] = [_("Not a valid choice: %(values)s.") % {"values": ", ".join(bad)}]
        return []
    return values


def filter_for_figures(projects, data, *, with_period: bool = True, today=None) -> FigureFilters:
    """Apply the filters in `data` (a QueryDict or dict) to the scoped `projects` queryset. Unknown
    codes simply match nothing, as a list filter would; malformed values are reported per field."""
    errors: dict = {}
    params: dict = {}
    qs = projects

    levels = _choices(data, "level", set(ProjectLevelChoices.values), errors)
    if levels:
        qs = qs.filter(level__in=levels)
        params["level"] = levels
    categories = _choices(data, "category", CATEGORY_VALUES, errors)
    if categories:
        expanded = set(categories) - {"industrial"}
        if "industrial" in categories:
            expanded |= set(INDUSTRIAL_CATEGORIES)
        qs = qs.filter(category__in=expanded)
        params["category"] = categories
    stages = _choices(data, "stage", set(ProjectStageChoices.values), errors)
    if stages:
        qs = qs.filter(stage__in=stages)
        params["stage"] = stages
    for name in ("is_top100", "is_benchmark", "is_registered"):
        value = _bool(data, name, errors)
        if value is not None:
            qs = qs.filter(**{name: value})
            params[name] = "true" if value else "false"
    for name, lookup in (
        ("district", "district__code__in"),
        ("department", "department__code__in"),
        ("industry_chain", "industry_chain__code__in"),
    ):
        codes = _values(data, name)
        if codes:
            qs = qs.filter(**{lookup: codes})
            params[name] = codes
    leaders = _values(data, "leader")
    if leaders:
        if not all(v.isdigit() for v in leaders):
            errors["leader"] = [_("Enter the id of a city leader.")]
        else:
            qs = qs.filter(
                leader_assignments__leader_id__in=[int(v) for v in leaders], leader_assignments__ended_on__isnull=True
            )
            params["leader"] = leaders
    natures = _choices(data, "nature", set(AnnualPlanNatureChoices.values), errors)
    nature = natures[0] if natures else None
    if len(natures) > 1:
        errors["nature"] = [_("Give one nature.")]
    if nature:
        params["nature"] = nature

    year = month = None
    if with_period:
        default_year, default_month = default_period(today)
        year = _int(data, "year", errors, 2000, 2100)
        month = _int(data, "month", errors, 1, 12)
        if year is None:
            year = default_year
        if month is None:
            month = default_month if year == default_year else (12 if year < default_year else 1)
    return FigureFilters(projects=qs, nature=nature, year=year, month=month, errors=errors, params=params)

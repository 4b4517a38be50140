"""Project-list filters for the figures (summary API, dashboard, bulletin).

The projects are filtered by the register's ProjectFilterSet, so every project-list filter works on
the figures too. The period (`year`, `month`) and `nature` are read here instead: nature belongs to
each year's annual plan, and year-on-year growth compares Y's list with Y-1's list under the same
project filters, so neither may narrow the project queryset itself.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portfolio.months import parse_month, previous_month
from projects.choices import AnnualPlanNatureChoices
from projects.filtersets import ProjectFilterSet

PERIOD_PARAMS = ("year", "month", "nature")


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


def filter_for_figures(projects, data, *, with_period: bool = True, today=None) -> FigureFilters:
    """Apply the project-list filters in `data` (a QueryDict or dict) to the scoped `projects`
    queryset; malformed or unknown values are reported per field, as the project list does."""
    errors: dict = {}
    project_data = {name: _values(data, name) for name in ProjectFilterSet.base_filters if name not in PERIOD_PARAMS}
    project_data = {name: values for name, values in project_data.items() if values}
    filterset = ProjectFilterSet(_as_querydict(project_data), queryset=projects)
    for name in PERIOD_PARAMS:
        filterset.filters.pop(name, None)
    if filterset.is_valid():
        qs = filterset.qs
    else:
        errors.update({name: list(messages) for name, messages in filterset.errors.items()})
        qs = projects.none()
    params: dict = {name: values if len(values) > 1 else values[0] for name, values in project_data.items()}

    natures = _values(data, "nature")
    nature = natures[0] if natures else None
    if len(natures) > 1:
        errors["nature"] = [_("Give one nature.")]
    elif nature and nature not in AnnualPlanNatureChoices.values:
        errors["nature"] = [_("Not a valid choice: %(values)s.") % {"values": nature}]
        nature = None
    if nature:
        params["nature"] = nature

    year = month = None
    if with_period:
        # The latest month whose filing deadline has passed: the previous month.
        default_year, default_month = parse_month(previous_month(today))
        year = _int(data, "year", errors, 2000, 2100)
        month = _int(data, "month", errors, 1, 12)
        if year is None:
            year = default_year
        if month is None:
            month = default_month if year == default_year else (12 if year < default_year else 1)
    return FigureFilters(projects=qs, nature=nature, year=year, month=month, errors=errors, params=params)


def _as_querydict(values: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, items in values.items():
        query.setlist(name, items)
    return query

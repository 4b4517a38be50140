"""Writes of the figures area: the office's city statistics and annual targets."""

from decimal import Decimal

from django.db import transaction

from portfolio.models import User
from projects.models import AnnualTarget, CityStatistic
from projects.selectors.targets import METRIC_UNITS


@transaction.atomic
def city_statistic_save(
    *, month: str, fixed_asset_investment: Decimal, growth_pct: Decimal | None, entered_by: User
) -> CityStatistic:
    """Create or replace the city-wide fixed-asset investment of a month (one row per month)."""
    statistic = CityStatistic.objects.filter(month=month).first() or CityStatistic(month=month)
    statistic.fixed_asset_investment = fixed_asset_investment
    statistic.growth_pct = growth_pct
    statistic.entered_by = entered_by
    statistic.full_clean()
    statistic.save()
    return statistic


@transaction.atomic
def annual_target_save(
    *,
    year: int,
    metric: str,
    target_value: Decimal,
    manual_value: Decimal | None = None,
    note: str = "",
    target: AnnualTarget | None = None,
) -> AnnualTarget:
    """Create or update a year's target; the unit follows the metric."""
    target = target or AnnualTarget.objects.filter(year=year, metric=metric).first() or AnnualTarget()
    target.year = year
    target.metric = metric
    target.target_value = target_value
    target.manual_value = manual_value
    target.note = note
    target.unit = METRIC_UNITS[metric]
    target.full_clean()
    target.save()
    return target

"""One FilterSet per listable dispatch model, shared by the pages and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dispatch.choices import (
    AlertLevelChoices,
    AlertRuleCodeChoices,
    RankingDimensionChoices,
    WarningNoticeKindChoices,
    WarningNoticeStatusChoices,
)
from dispatch.models import Alert, Exemption, Ranking, WarningNotice
from portfolio.models import Department, District

MONTH_HELP = _("YYYY-MM")


class AlertFilterSet(django_filters.FilterSet):
    month = django_filters.CharFilter(label=_("Month"), help_text=MONTH_HELP)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=AlertLevelChoices.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__district", to_field_name="code", queryset=District.objects.all()
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        field_name="project__department",
        to_field_name="code",
        queryset=Department.objects.all(),
    )
    project = django_filters.CharFilter(label=_("Project code"), field_name="project__code")

    class Meta:
        model = Alert
        fields = ["month", "level", "district", "department", "project"]


class RankingFilterSet(django_filters.FilterSet):
    month = django_filters.CharFilter(label=_("Month"), help_text=MONTH_HELP)
    dimension = django_filters.ChoiceFilter(label=_("Dimension"), choices=RankingDimensionChoices.choices)

    class Meta:
        model = Ranking
        fields = ["month", "dimension"]


class WarningNoticeFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WarningNoticeStatusChoices.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=WarningNoticeKindChoices.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Addressee"), field_name="department", to_field_name="code", queryset=Department.objects.all()
    )
    project = django_filters.CharFilter(label=_("Project code"), field_name="project__code")
    month = django_filters.CharFilter(label=_("Alert month"), help_text=MONTH_HELP)
    overdue = django_filters.BooleanFilter(label=_("Reply overdue"), method="filter_overdue")

    class Meta:
        model = WarningNotice
        fields = ["status", "kind", "department", "project", "month", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": WarningNoticeStatusChoices.ISSUED, "deadline__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class ExemptionFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(label=_("Project code"), field_name="project__code")
    rule = django_filters.ChoiceFilter(label=_("Rule"), choices=AlertRuleCodeChoices.choices)
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="filter_valid_on")

    class Meta:
        model = Exemption
        fields = ["project", "rule", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)

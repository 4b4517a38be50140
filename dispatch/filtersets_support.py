"""FilterSets for support cases and inspections, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.models import Department, District

from .choices import (
    SETTLED_CASE_STATUSES,
    InspectionFollowUpChoices,
    SupportCaseCategoryChoices,
    SupportCaseLevelChoices,
    SupportCaseSourceChoices,
    SupportCaseStatusChoices,
)
from .models import Inspection, SupportCase, SupportCaseLogEntry

ALL = _("All")


class SupportCaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    project = django_filters.CharFilter(label=_("project"), field_name="project__code")
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=SupportCaseCategoryChoices.choices, empty_label=ALL
    )
    level = django_filters.ChoiceFilter(label=_("level"), choices=SupportCaseLevelChoices.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("status"), choices=SupportCaseStatusChoices.choices, empty_label=ALL)
    source = django_filters.ChoiceFilter(
        label=_("raised by"), choices=SupportCaseSourceChoices.choices, empty_label=ALL
    )
    owner_department = django_filters.ModelChoiceFilter(
        label=_("owning department"), queryset=Department.objects.all(), to_field_name="code", empty_label=ALL
    )
    district = django_filters.ModelChoiceFilter(
        label=_("district"),
        queryset=District.objects.all(),
        to_field_name="code",
        field_name="project__district",
        empty_label=ALL,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("overdue"),
        choices=[("true", _("overdue only")), ("false", _("not overdue"))],
        method="filter_overdue",
        empty_label=ALL,
    )
    settled = django_filters.BooleanFilter(label=_("resolved or closed"), method="filter_settled")
    due_before = django_filters.DateFilter(label=_("due on or before"), field_name="due_date", lookup_expr="lte")

    class Meta:
        model = SupportCase
        fields = ["project", "category", "level", "status", "source", "owner_department", "district"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(project__name__icontains=value) | Q(project__code__icontains=value) | Q(description__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_at__lt=timezone.now()) & ~Q(status__in=SETTLED_CASE_STATUSES)
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def filter_settled(self, queryset, name, value):
        settled = Q(status__in=SETTLED_CASE_STATUSES)
        return queryset.filter(settled) if value else queryset.exclude(settled)


class SupportCaseLogEntryFilterSet(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("support case"), field_name="case_id")
    action = django_filters.CharFilter(label=_("action"))

    class Meta:
        model = SupportCaseLogEntry
        fields = ["case", "action"]


class InspectionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    project = django_filters.CharFilter(label=_("project"), field_name="visits__project__code", distinct=True)
    follow_up = django_filters.ChoiceFilter(
        label=_("follow-up"), choices=InspectionFollowUpChoices.choices, empty_label=ALL
    )
    date_from = django_filters.DateFilter(label=_("from"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("to"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["project", "follow_up"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(inspectors__icontains=value))

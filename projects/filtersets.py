"""One FilterSet per listable model, shared by the pages and the API, so a page's query string
works on the API as well."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portfolio.models import Department, District, Leader

from .choices import (
    INDUSTRIAL_CATEGORIES,
    AnnualPlanNatureChoices,
    MilestoneKindChoices,
    MonthlyReportStatusChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
    ProjectStageChoices,
)
from .models import AnnualPlan, IndustryChain, Milestone, MonthlyReport, Project

# "industrial" selects the three industrial categories at once (the dashboard's industrial share).
INDUSTRIAL = "industrial"
CATEGORY_FILTER_CHOICES = [(INDUSTRIAL, _("Industry (all three kinds)")), *ProjectCategoryChoices.choices]


@extend_schema_field(OpenApiTypes.INT)
class LeaderFilter(django_filters.ModelChoiceFilter):
    """A city leader by id (the active 包保 leader)."""


def filter_yes_no(queryset, name, value):
    return queryset.filter(**{name: value == "true"})


def yes_no_filter(label):
    """A yes/no filter that reads true/false (API and page alike) and refuses anything else."""
    return django_filters.ChoiceFilter(
        label=label, choices=[("true", _("Yes")), ("false", _("No"))], empty_label=_("Any"), method=filter_yes_no
    )


def search_projects(queryset, value: str, prefix: str = ""):
    """Free text as staff type it: characters of the name, the code, or pinyin initials."""
    value = (value or "").strip()
    if not value:
        return queryset
    q = Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}code__icontains": value})
    if value.isascii() and value.replace(" ", "").isalnum():
        q |= Q(**{f"{prefix}name_initials__icontains": value.replace(" ", "").lower()})
    return queryset.filter(q)


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    level = django_filters.ChoiceFilter(label=_("level"), choices=ProjectLevelChoices.choices)
    is_top100 = yes_no_filter(_("top-100 project"))
    category = django_filters.MultipleChoiceFilter(
        label=_("category"), choices=CATEGORY_FILTER_CHOICES, method="filter_category"
    )
    industry_chain = django_filters.ModelChoiceFilter(
        label=_("industry chain"), queryset=IndustryChain.objects.all(), to_field_name="code"
    )
    stage = django_filters.MultipleChoiceFilter(label=_("stage"), choices=ProjectStageChoices.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("district"), queryset=District.objects.all(), to_field_name="code"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("department"), queryset=Department.objects.all(), to_field_name="code"
    )
    leader = LeaderFilter(label=_("city leader"), queryset=Leader.objects.all(), method="filter_leader")
    year = django_filters.NumberFilter(label=_("year"), method="filter_year")
    nature = django_filters.ChoiceFilter(
        label=_("nature"), choices=AnnualPlanNatureChoices.choices, method="filter_nature"
    )
    is_benchmark = yes_no_filter(_("benchmark project"))
    is_registered = yes_no_filter(_("registered in statistics"))
    total_investment_min = django_filters.NumberFilter(
        label=_("total investment from (10k yuan)"), field_name="total_investment", lookup_expr="gte"
    )
    total_investment_max = django_filters.NumberFilter(
        label=_("total investment to (10k yuan)"), field_name="total_investment", lookup_expr="lte"
    )

    class Meta:
        model = Project
        fields = []

    def filter_q(self, queryset, name, value):
        return search_projects(queryset, value)

    def filter_category(self, queryset, name, value):
        codes = set(value)
        if INDUSTRIAL in codes:
            codes = (codes - {INDUSTRIAL}) | set(INDUSTRIAL_CATEGORIES)
        return queryset.filter(category__in=codes)

    def filter_leader(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.objects.filter(
                leader_assignments__leader=value, leader_assignments__ended_on__isnull=True
            ).values("pk")
        )

    def _plan_year(self):
        year = self.form.cleaned_data.get("year")
        return int(year) if year else timezone.localdate().year

    def filter_year(self, queryset, name, value):
        # With a nature, filter_nature applies the year; alone, the year means "on that year's list".
        if self.form.cleaned_data.get("nature"):
            return queryset
        return queryset.filter(pk__in=AnnualPlan.objects.filter(year=int(value)).values("project_id"))

    def filter_nature(self, queryset, name, value):
        plans = AnnualPlan.objects.filter(year=self._plan_year(), nature=value)
        return queryset.filter(pk__in=plans.values("project_id"))


class AnnualPlanFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("project"))
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    year = django_filters.NumberFilter()
    nature = django_filters.ChoiceFilter(choices=AnnualPlanNatureChoices.choices)
    district = django_filters.CharFilter(field_name="project__district__code", label=_("district"))
    department = django_filters.CharFilter(field_name="project__department__code", label=_("department"))

    class Meta:
        model = AnnualPlan
        fields = []

    def filter_q(self, queryset, name, value):
        return search_projects(queryset, value, prefix="project__")


class MonthlyReportFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("project"))
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    month = django_filters.CharFilter(label=_("month"))
    month_from = django_filters.CharFilter(field_name="month", lookup_expr="gte", label=_("from month"))
    month_to = django_filters.CharFilter(field_name="month", lookup_expr="lte", label=_("to month"))
    status = django_filters.MultipleChoiceFilter(choices=MonthlyReportStatusChoices.choices, label=_("status"))
    district = django_filters.CharFilter(field_name="project__district__code", label=_("district"))
    department = django_filters.CharFilter(field_name="project__department__code", label=_("department"))

    class Meta:
        model = MonthlyReport
        fields = []

    def filter_q(self, queryset, name, value):
        return search_projects(queryset, value, prefix="project__")


class MilestoneFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("project"))
    kind = django_filters.ChoiceFilter(choices=MilestoneKindChoices.choices)
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")
    district = django_filters.CharFilter(field_name="project__district__code", label=_("district"))
    department = django_filters.CharFilter(field_name="project__department__code", label=_("department"))

    class Meta:
        model = Milestone
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = Q(planned_date__lt=timezone.localdate(), actual_date__isnull=True)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

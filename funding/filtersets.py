"""One FilterSet per listable model, shared by the pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AllocationKindChoices, FundApplicationStatusChoices
from .models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent


class PortalFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter widgets, so pages render the form as is."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.SelectMultiple):
                widget.attrs.update({"class": "form-select form-select-sm", "size": 3})
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.DateField):
                widget.input_type = "date"
        return form


class AllocationFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    kind = django_filters.MultipleChoiceFilter(choices=AllocationKindChoices.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    batch = django_filters.CharFilter(label=_("Batch"))
    department = django_filters.CharFilter(field_name="project__department__code", label=_("Department"))
    district = django_filters.CharFilter(field_name="project__district__code", label=_("District"))
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("Received from"))
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Received to"))

    class Meta:
        model = Allocation
        fields = [
            "q",
            "project",
            "kind",
            "year",
            "batch",
            "department",
            "district",
            "received_after",
            "received_before",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__code__icontains=value)
            | Q(project__name__icontains=value)
            | Q(document_no__icontains=value)
            | Q(purpose__icontains=value)
        )


class DisbursementFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    allocation = django_filters.NumberFilter(field_name="allocation_id", label=_("Allocation"))
    project = django_filters.CharFilter(field_name="allocation__project__code", label=_("Project code"))
    kind = django_filters.MultipleChoiceFilter(
        field_name="allocation__kind", choices=AllocationKindChoices.choices, label=_("Kind")
    )
    year = django_filters.NumberFilter(field_name="allocation__year", label=_("Allocation year"))
    department = django_filters.CharFilter(field_name="allocation__project__department__code", label=_("Department"))
    district = django_filters.CharFilter(field_name="allocation__project__district__code", label=_("District"))
    paid_after = django_filters.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid from"))
    paid_before = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid to"))

    class Meta:
        model = Disbursement
        fields = ["q", "allocation", "project", "kind", "year", "department", "district", "paid_after", "paid_before"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(allocation__project__code__icontains=value)
            | Q(allocation__project__name__icontains=value)
            | Q(allocation__document_no__icontains=value)
            | Q(note__icontains=value)
        )


class BondLoanCombinationFilterSet(PortalFilterSet):
    project = django_filters.CharFilter(field_name="bond__project__code", label=_("Project code"))
    year = django_filters.NumberFilter(field_name="bond__year", label=_("Year"))

    class Meta:
        model = BondLoanCombination
        fields = ["project", "year"]


class MatchmakingEventFilterSet(PortalFilterSet):
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"))

    class Meta:
        model = MatchmakingEvent
        fields = ["year"]


class CreditLineFilterSet(PortalFilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    event = django_filters.NumberFilter(field_name="event_id", label=_("Matchmaking event"))
    bank = django_filters.CharFilter(lookup_expr="icontains", label=_("Bank"))
    year = django_filters.NumberFilter(field_name="granted_on__year", label=_("Year"))

    class Meta:
        model = CreditLine
        fields = ["project", "event", "bank", "year"]


class FundApplicationFilterSet(PortalFilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    status = django_filters.MultipleChoiceFilter(choices=FundApplicationStatusChoices.choices, label=_("Status"))

    class Meta:
        model = FundApplication
        fields = ["project", "status"]

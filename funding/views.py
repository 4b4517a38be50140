"""Funding pages: the dashboard, lists with Excel export, entry forms, the batch import, a
project's funding panel, matchmaking events and the application pipeline. Every page starts
from `Project.objects.visible_to(user)`; the figures come from `selectors`."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portfolio.mixins import OfficeRequiredMixin
from portfolio.spreadsheets import MAX_UPLOAD_BYTES, SpreadsheetRefused, xlsx_response
from projects.filtersets import ProjectFilterSet
from projects.models import Project

from . import charts, excel, oc4ids, selectors, services
from .choices import WATCHED_ALLOCATION_KINDS, AllocationKindChoices, FundApplicationStatusChoices
from .filtersets import AllocationFilterSet, DisbursementFilterSet
from .forms import AllocationForm, AllocationImportForm, DisbursementForm
from .models import Allocation, Disbursement, MatchmakingEvent


def as_of_from(request) -> datetime.date:
    """`?as_of=YYYY-MM-DD`, or `?month=YYYY-MM` (its last day), capped at today."""
    today = timezone.localdate()
    value = request.GET.get("as_of") or ""
    month = request.GET.get("month") or ""
    day = None
    try:
        if value:
            day = datetime.date.fromisoformat(value)
        elif month:
            year, mon = int(month[:4]), int(month[5:7])
            day = datetime.date(year + mon // 12, mon % 12 + 1, 1) - datetime.timedelta(days=1)
    except ValueError:
        day = None
    if day is None or day > today:
        return today
    return day


def sort_queryset(queryset, request, allowed: dict, default: str):
    key = request.GET.get("sort") or default
    field = allowed.get(key.lstrip("-"))
    if not field:
        key, field = default, allowed[default.lstrip("-")]
    return queryset.order_by(("-" if key.startswith("-") else "") + field, "-id"), key


# --- Dashboard -----------------------------------------------------------------------------------


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "funding/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        as_of = as_of_from(self.request)
        year = as_of.year
        projects = Project.objects.visible_to(user)
        credit_lines = selectors.scoped_credit_lines(user=user)
        secured = selectors.secured_by_kind(projects=projects, year=year, as_of=as_of)
        by_kind = selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="kind", year=year)
        by_department = selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="department", year=year)
        by_project = selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="project", year=year)
        monthly = selectors.monthly_payments(projects=projects, year=year, as_of=as_of)
        events = selectors.credit_by_event(credit_lines=credit_lines, year=year)
        holding = selectors.allocations_holding_money(projects=projects, as_of=as_of)
        labels = dict(AllocationKindChoices.choices)
        for row in holding:
            row["kind_label"] = labels[row["kind"]]
        context = super().get_context_data(**kwargs)
        context.update(
            as_of=as_of,
            year=year,
            secured=[row for row in secured if row["amount"] or row["previous"]],
            secured_total=selectors.secured_total(secured),
            secured_higher=selectors.secured_total([r for r in secured if r["kind"] in WATCHED_ALLOCATION_KINDS]),
            payments=selectors.payment_totals(
                projects=projects, as_of=as_of, year=year, kinds=WATCHED_ALLOCATION_KINDS
            ),
            by_kind=by_kind,
            by_department=by_department,
            lowest_projects=by_project[:15],
            monthly=monthly,
            holding=holding,
            holding_amount=sum((row["unpaid"] for row in holding), selectors.ZERO),
            leverage=selectors.leverage(projects=projects, year=year),
            credit=selectors.credit_totals(credit_lines=credit_lines, year=year),
            events=events,
            credit_projects=selectors.credit_by_project(credit_lines=credit_lines, year=year, limit=10),
            pipeline=selectors.application_pipeline(applications=selectors.scoped_applications(projects=projects)),
            charts={
                "secured": charts.secured_chart(secured, year),
                "by_kind": charts.rate_chart(by_kind),
                "by_department": charts.rate_chart(by_department),
                "monthly": charts.monthly_chart(monthly),
                "events": charts.events_chart(events),
            },
        )
        return context


class OC4IDSDownloadView(LoginRequiredMixin, View):
    """The OC4IDS package of the user's projects (filtered like the project list), as a file."""

    def get(self, request):
        projects = ProjectFilterSet(request.GET, queryset=Project.objects.visible_to(request.user)).qs
        package = oc4ids.project_package(projects=projects, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(oc4ids.dumps(package), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="oc4ids-{timezone.localdate():%Y%m%d}.json"'
        return response


# --- Lists ---------------------------------------------------------------------------------------


class AllocationListView(LoginRequiredMixin, TemplateView):
    template_name = "funding/allocation_list.html"
    sort_fields = {
        "project": "project__code",
        "kind": "kind",
        "year": "year",
        "amount": "amount",
        "paid": "paid",
        "received_on": "received_on",
    }

    def get_queryset(self):
        today = timezone.localdate()
        queryset = (
            Allocation.objects.visible_to(self.request.user)
            .select_related("project")
            .annotate(paid=selectors.paid_by(today))
        )
        self.filterset = AllocationFilterSet(self.request.GET, queryset=queryset)
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        queryset, self.sort = sort_queryset(self.get_queryset(), request, self.sort_fields, "-received_on")
        if request.GET.get("export") == "xlsx":
            content = excel.workbook_response_bytes(
                title=_("Allocations"), headers=excel.allocation_headers(), rows=excel.allocation_rows(queryset)
            )
            return xlsx_response(content, "allocations.xlsx")
        self.queryset = queryset
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(self.queryset, 50).get_page(self.request.GET.get("page"))
        totals = self.queryset.order_by().aggregate(amount=Sum("amount"))
        totals["paid"] = (
            Disbursement.objects.filter(allocation__in=self.queryset.order_by().values("pk"))
            .filter(paid_on__lte=timezone.localdate())
            .aggregate(total=Sum("amount"))["total"]
        )
        totals["payment_rate"] = selectors.pct(totals["paid"] or 0, totals["amount"])
        for allocation in page.object_list:
            allocation.payment_rate = selectors.pct(allocation.paid, allocation.amount)
        return super().get_context_data(
            filterset=self.filterset,
            page_obj=page,
            totals=totals,
            sort=self.sort,
            query=query_without(self.request, "page", "sort", "export"),
            **kwargs,
        )


class DisbursementListView(LoginRequiredMixin, TemplateView):
    template_name = "funding/disbursement_list.html"
    sort_fields = {"project": "allocation__project__code", "amount": "amount", "paid_on": "paid_on"}

    def get(self, request, *args, **kwargs):
        queryset = Disbursement.objects.visible_to(request.user).select_related("allocation__project")
        self.filterset = DisbursementFilterSet(request.GET, queryset=queryset)
        queryset, self.sort = sort_queryset(self.filterset.qs, request, self.sort_fields, "-paid_on")
        if request.GET.get("export") == "xlsx":
            content = excel.workbook_response_bytes(
                title=_("Payments"), headers=excel.disbursement_headers(), rows=excel.disbursement_rows(queryset)
            )
            return xlsx_response(content, "disbursements.xlsx")
        self.queryset = queryset
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset,
            page_obj=Paginator(self.queryset, 50).get_page(self.request.GET.get("page")),
            total=self.queryset.order_by().aggregate(total=Sum("amount"))["total"],
            sort=self.sort,
            query=query_without(self.request, "page", "sort", "export"),
            **kwargs,
        )


def query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# --- Entry forms ---------------------------------------------------------------------------------


class AllocationCreateView(OfficeRequiredMixin, TemplateView):
    template_name = "funding/allocation_form.html"

    def get(self, request, *args, **kwargs):
        initial = {"year": timezone.localdate().year, "received_on": timezone.localdate()}
        if request.GET.get("project"):
            initial["project"] = request.GET["project"]
        return self.render_to_response(self.get_context_data(form=AllocationForm(user=request.user, initial=initial)))

    def post(self, request, *args, **kwargs):
        form = AllocationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.allocation_create(
                    project=data["project"],
                    kind=data["kind"],
                    year=data["year"],
                    amount=data["amount"],
                    received_on=data["received_on"],
                    document_no=data["document_no"],
                    batch=data["batch"],
                    purpose=data["purpose"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Allocation recorded."))
                return redirect("funding:project_panel", code=allocation.project.code)
        return self.render_to_response(self.get_context_data(form=form))


class DisbursementCreateView(OfficeRequiredMixin, TemplateView):
    template_name = "funding/disbursement_form.html"

    def allocations(self):
        queryset = Allocation.objects.visible_to(self.request.user)
        self.allocation = None
        if self.request.GET.get("allocation"):
            self.allocation = get_object_or_404(queryset.select_related("project"), pk=self.request.GET["allocation"])
            return queryset.filter(pk=self.allocation.pk)
        return queryset

    def get(self, request, *args, **kwargs):
        allocations = self.allocations()
        initial = {"paid_on": timezone.localdate(), "allocation": self.allocation}
        form = DisbursementForm(user=request.user, allocations=allocations, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = DisbursementForm(request.POST, user=request.user, allocations=self.allocations())
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment = services.disbursement_create(
                    allocation=data["allocation"], amount=data["amount"], paid_on=data["paid_on"], note=data["note"]
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("funding:project_panel", code=payment.allocation.project.code)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.allocation is not None:
            paid = self.allocation.disbursements.aggregate(total=Sum("amount"))["total"] or 0
            context.update(allocation=self.allocation, paid=paid, remaining=self.allocation.amount - paid)
        return context


class AllocationImportView(OfficeRequiredMixin, TemplateView):
    template_name = "funding/allocation_import.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            return xlsx_response(excel.import_template(), "allocation-batch-template.xlsx")
        return self.render_to_response(self.get_context_data(form=AllocationImportForm()))

    def post(self, request, *args, **kwargs):
        form = AllocationImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_UPLOAD_BYTES:
                    raise SpreadsheetRefused(_("The file is larger than %(mb)s MB.") % {"mb": 5})
                created = excel.import_allocation_batch(
                    data=upload.read(),
                    batch=form.cleaned_data["batch"],
                    projects=Project.objects.visible_to(request.user),
                )
            except SpreadsheetRefused as error:
                form.add_error("file", str(error))
            except excel.BatchInvalid as error:
                context["cell_errors"] = error.errors
            else:
                messages.success(request, _("%(n)s allocations imported.") % {"n": len(created)})
                return redirect(reverse("funding:allocation_list") + f"?batch={form.cleaned_data['batch']}")
        failed = bool(context.get("cell_errors") or form.errors)
        return self.render_to_response(self.get_context_data(**context), status=400 if failed else 200)


# --- Project panel -------------------------------------------------------------------------------


class ProjectPanelView(LoginRequiredMixin, TemplateView):
    """The funding section of a project page, loaded by htmx; a full page when opened directly."""

    template_name = "funding/project_panel.html"

    def get_context_data(self, code, **kwargs):
        project = get_object_or_404(
            Project.objects.visible_to(self.request.user).select_related("district", "department"), code=code
        )
        as_of = as_of_from(self.request)
        funding = selectors.project_funding(project=project, as_of=as_of)
        is_htmx = self.request.headers.get("HX-Request") == "true"
        return super().get_context_data(
            project=project,
            as_of=as_of,
            funding=funding,
            gauge=charts.gauge_chart(funding["payment_rate"]),
            base_template="funding/_panel_base.html" if is_htmx else "base.html",
            standalone=not is_htmx,
            **kwargs,
        )


# --- Matchmaking and applications ----------------------------------------------------------------


class MatchmakingEventListView(LoginRequiredMixin, TemplateView):
    template_name = "funding/event_list.html"

    def get_context_data(self, **kwargs):
        credit_lines = selectors.scoped_credit_lines(user=self.request.user)
        year = as_of_from(self.request).year
        events = MatchmakingEvent.objects.filter(date__year=year).prefetch_related(
            Prefetch(
                "credit_lines",
                queryset=credit_lines.select_related("project").order_by("-amount"),
                to_attr="visible_lines",
            )
        )
        by_event = {row["event_id"]: row for row in selectors.credit_by_event(credit_lines=credit_lines)}
        events = list(events)
        for event in events:
            event.figures = by_event.get(event.id, {"amount": 0, "lines": 0, "projects": 0})
        return super().get_context_data(
            year=year,
            events=events,
            totals=selectors.credit_totals(credit_lines=credit_lines, year=year),
            unlinked=credit_lines.filter(event__isnull=True, granted_on__year=year).select_related("project"),
            **kwargs,
        )


class ApplicationPipelineView(LoginRequiredMixin, TemplateView):
    template_name = "funding/application_pipeline.html"

    def get_context_data(self, **kwargs):
        applications = (
            selectors.scoped_applications(projects=Project.objects.visible_to(self.request.user))
            .select_related("project", "allocation")
            .order_by("-amount_requested", "id")
        )
        columns = {status: [] for status, _label in FundApplicationStatusChoices.choices}
        for application in applications:
            columns[application.status].append(application)
        pipeline = selectors.application_pipeline(applications=applications)
        for stage in pipeline:
            stage["applications"] = columns[stage["status"]]
        return super().get_context_data(pipeline=pipeline, **kwargs)

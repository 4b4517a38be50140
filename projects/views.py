"""Register pages: the project list and page, the office's forms, the filing desk, the review
queue and the Excel round trip. Every view starts from `Project.objects.visible_to(user)`."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from portfolio.mixins import FilerRequiredMixin, OfficeRequiredMixin
from portfolio.months import MONTH_RE, format_month, parse_month, previous_month, shift_month
from portfolio.navigation import project_panels
from portfolio.spreadsheets import xlsx_response
from portfolio.workdays import filing_deadline

from . import services, spreadsheets
from .choices import MonthlyReportStatusChoices
from .filtersets import ProjectFilterSet
from .forms import (
    AnnualPlanForm,
    MilestoneForm,
    PhotoForm,
    ProjectForm,
    ReturnForm,
    SetLeaderForm,
    SpreadsheetUploadForm,
    party_formset,
)
from .models import AnnualPlan, Milestone, MonthlyReport, Project
from .selectors.register import (
    filing_rows,
    milestones_with_state,
    project_list,
    project_list_totals,
    project_year,
    review_queue,
)

PAGE_SIZE = 25
PRIMARY_FILTERS = ("level", "is_top100", "district", "department", "year", "nature")
SORTS = {
    "code": "code",
    "name": "name_initials",
    "level": "level",
    "stage": "stage",
    "district": "district__sort_order",
    "department": "department__sort_order",
    "total": "total_investment",
    "plan": "plan_year",
    "completed": "completed_year",
}


def visible_project(request, code: str) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user), code=code)


# --- Project list ------------------------------------------------------------------------------


class ProjectListView(LoginRequiredMixin, View):
    def get(self, request):
        # The plan column and sums follow the year filter, so "year=2025" shows 2025's plans.
        year_param = request.GET.get("year", "")
        year = (
            int(year_param) if year_param.isdigit() and 2000 <= int(year_param) <= 2100 else timezone.localdate().year
        )
        visible = Project.objects.visible_to(request.user)
        filterset = ProjectFilterSet(request.GET or None, queryset=visible, request=request)
        for field in filterset.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field.widget, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
            if getattr(field.widget, "allow_multiple_selected", False):
                field.widget.attrs["size"] = 4
        filtered = filterset.qs if filterset.is_bound else visible
        sort = request.GET.get("sort", "code")
        key = SORTS.get(sort.lstrip("-"), "code")
        order = F(key).desc(nulls_last=True) if sort.startswith("-") else F(key).asc(nulls_last=True)
        rows = project_list(projects=filtered, year=year).order_by(order, "code")
        if request.GET.get("export") == "xlsx":
            data = spreadsheets.project_list_workbook(projects=rows, year=year)
            return xlsx_response(data, f"projects-{timezone.localdate():%Y%m%d}.xlsx")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        return render(
            request,
            "projects/project_list.html",
            {
                "filterset": filterset,
                "page_obj": page,
                "totals": project_list_totals(projects=filtered, year=year),
                "year": year,
                "sort": sort,
                "query": query.urlencode(),
                "sort_query": sort_query.urlencode(),
                "filtered": filterset.is_bound,
                "primary_filters": PRIMARY_FILTERS,
                "more_filters_used": any(
                    request.GET.get(name) for name in filterset.filters if name not in PRIMARY_FILTERS and name != "q"
                ),
            },
        )


# --- Project page ------------------------------------------------------------------------------


def _panels(project):
    panels = []
    for panel in project_panels():
        try:
            panels.append({"label": panel.label, "url": reverse(panel.url_name, args=[project.code])})
        except NoReverseMatch:
            continue
    return panels


class ProjectDetailView(LoginRequiredMixin, View):
    def get(self, request, code):
        project = get_object_or_404(
            Project.objects.visible_to(request.user).select_related(
                "district", "department", "industry_chain", "parent", "commissioner"
            ),
            code=code,
        )
        year_param = request.GET.get("year", "")
        year = (
            int(year_param) if year_param.isdigit() and 2000 <= int(year_param) <= 2100 else timezone.localdate().year
        )
        year_data = project_year(project=project, year=year)
        reports = (
            MonthlyReport.objects.filter(project=project)
            .select_related("filed_by", "reviewed_by")
            .prefetch_related("photos")
            .order_by("-month")[:24]
        )
        assignments = list(project.leader_assignments.select_related("leader").order_by("-started_on", "-id"))
        history = project.history.select_related("history_user").order_by("-history_date")[:15]
        chart = {
            "months": [f"{p.month}月" for p in year_data["points"]],
            "plan": [str(p.plan_cumulative) if p.plan_cumulative is not None else None for p in year_data["points"]],
            "actual": [
                str(p.completed_cumulative) if p.completed_cumulative is not None else None for p in year_data["points"]
            ],
            "labels": {"plan": _("Planned cumulative"), "actual": _("Actual cumulative")},
        }
        return render(
            request,
            "projects/project_detail.html",
            {
                "project": project,
                "year": year,
                "year_data": year_data,
                "chart": chart,
                "active_assignment": next((a for a in assignments if a.ended_on is None), None),
                "assignments": assignments,
                "parties": project.responsible_parties.all(),
                "stage_changes": project.stage_changes.select_related("changed_by")[:10],
                "sub_projects": project.sub_projects.all(),
                "milestones": milestones_with_state(project=project),
                "reports": reports,
                "history": history,
                "panels": _panels(project),
                "plans": project.annual_plans.order_by("-year"),
                "can_edit": request.user.is_office,
                "can_edit_milestones": request.user.is_office or request.user.is_filer,
            },
        )


# --- Office forms ------------------------------------------------------------------------------


def _form_page(request, template, form, **context):
    return render(request, template, {"form": form, **context})


def _parties(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("organisation")
    ]


class ProjectFormView(OfficeRequiredMixin, View):
    """Create or edit a project with its five responsible parties, in one transaction."""

    template = "projects/project_form.html"

    def get(self, request, code=None):
        project = visible_project(request, code) if code else None
        return _form_page(
            request,
            self.template,
            ProjectForm(instance=project),
            parties=party_formset(instance=project),
            project=project,
        )

    def post(self, request, code=None):
        project = visible_project(request, code) if code else None
        form = ProjectForm(request.POST, instance=Project.objects.get(pk=project.pk) if project else None)
        parties = party_formset(request.POST, instance=project)
        if form.is_valid() and parties.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if not (project and k == "code")}
            reason = data.pop("stage_reason", "")
            try:
                with transaction.atomic():
                    if project is None:
                        project = services.project_create(user=request.user, stage_reason=reason, **data)
                        created = True
                    else:
                        services.project_update(project=project, user=request.user, stage_reason=reason, **data)
                        created = False
                    services.responsible_parties_set(project=project, parties=_parties(parties))
            except ValidationError as error:
                form.add_service_errors(error)
                project = None if code is None else project
            else:
                if created:
                    messages.success(request, _("Project %(code)s was created.") % {"code": project.code})
                else:
                    messages.success(request, _("The project was saved."))
                return redirect("projects:project_detail", code=project.code)
        return _form_page(request, self.template, form, parties=parties, project=project)


class AnnualPlanFormView(OfficeRequiredMixin, View):
    template = "projects/simple_form.html"

    def _context(self, project, plan):
        title = _("Annual plan") if plan is None else _("Annual plan %(year)s") % {"year": plan.year}
        return {"project": project, "title": title, "monthly": True}

    def get(self, request, code, pk=None):
        project = visible_project(request, code)
        plan = get_object_or_404(AnnualPlan, project=project, pk=pk) if pk else None
        form = AnnualPlanForm(instance=plan, initial={"year": timezone.localdate().year} if plan is None else None)
        return _form_page(request, self.template, form, **self._context(project, plan))

    def post(self, request, code, pk=None):
        project = visible_project(request, code)
        plan = get_object_or_404(AnnualPlan, project=project, pk=pk) if pk else None
        form = AnnualPlanForm(request.POST, instance=plan)
        form.instance.project = project
        if form.is_valid():
            data = form.cleaned_data
            monthly = [data.get(f"plan_m{m:02d}") for m in range(1, 13)]
            if plan is None and AnnualPlan.objects.filter(project=project, year=data["year"]).exists():
                form.add_error("year", _("This project already has a plan for that year."))
            else:
                try:
                    services.annual_plan_upsert(
                        project=project,
                        year=data["year"],
                        nature=data["nature"],
                        planned_investment=data["planned_investment"],
                        planned_start_month=data.get("planned_start_month"),
                        monthly_plan=None if all(v is None for v in monthly) else monthly,
                        plan=plan,
                    )
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(request, _("The annual plan was saved."))
                    return redirect("projects:project_detail", code=project.code)
        return _form_page(request, self.template, form, **self._context(project, plan))


class MilestoneFormView(LoginRequiredMixin, View):
    """The office, and the department or district owning the project, keep its milestone plan."""

    template = "projects/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.is_office or user.is_filer):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, code, pk=None):
        project = visible_project(request, code)
        milestone = get_object_or_404(Milestone, project=project, pk=pk) if pk else None
        return _form_page(
            request, self.template, MilestoneForm(instance=milestone), project=project, title=_("Milestone")
        )

    def post(self, request, code, pk=None):
        project = visible_project(request, code)
        milestone = get_object_or_404(Milestone, project=project, pk=pk) if pk else None
        form = MilestoneForm(request.POST, instance=milestone)
        form.instance.project = project
        if form.is_valid():
            try:
                if milestone is None:
                    services.milestone_create(project=project, **form.cleaned_data)
                else:
                    services.milestone_update(milestone=milestone, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The milestone was saved."))
                return redirect("projects:project_detail", code=project.code)
        return _form_page(request, self.template, form, project=project, title=_("Milestone"))


class SetLeaderView(OfficeRequiredMixin, View):
    template = "projects/simple_form.html"

    def get(self, request, code):
        project = visible_project(request, code)
        active = project.leader_assignments.filter(ended_on__isnull=True).first()
        form = SetLeaderForm(initial={"leader": active.leader_id if active else None})
        return _form_page(request, self.template, form, project=project, title=_("Assign a city leader"))

    def post(self, request, code):
        project = visible_project(request, code)
        form = SetLeaderForm(request.POST)
        if form.is_valid():
            try:
                services.project_set_leader(
                    project=project,
                    leader=form.cleaned_data["leader"],
                    user=request.user,
                    started_on=form.cleaned_data.get("started_on"),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The city leader was assigned."))
                return redirect("projects:project_detail", code=project.code)
        return _form_page(request, self.template, form, project=project, title=_("Assign a city leader"))


# --- Filing desk -------------------------------------------------------------------------------


def reporting_month(request) -> str:
    value = request.GET.get("month") or request.POST.get("month") or ""
    return value if MONTH_RE.match(value) else previous_month()


def _month_choices(selected: str) -> list[str]:
    today = timezone.localdate()
    months = [format_month(*shift_month(today.year, today.month, -k)) for k in range(0, 13)]
    if selected not in months:
        months.append(selected)
    return months


class FilingDeskView(FilerRequiredMixin, View):
    """The month for all of a department's or district's projects on one screen."""

    template = "projects/filing_desk.html"

    def _context(self, request, month, rows, errors=None, values=None):
        deadline = filing_deadline(month)
        today = timezone.localdate()
        values = values or {}
        for row in rows:
            row.errors = (errors or {}).get(row.project.pk, {})
            posted = values.get(row.project.pk)
            source = row.report
            row.value = posted or {
                "completed_investment": source.completed_investment if source else "",
                "progress": source.progress if source else "",
                "problems": source.problems if source else "",
                "next_steps": source.next_steps if source else "",
                "justification": source.justification if source else "",
            }
        year, number = parse_month(month)
        return {
            "month": month,
            "month_label": _("%(year)s-%(month)02d") % {"year": year, "month": number},
            "months": _month_choices(month),
            "rows": rows,
            "deadline": deadline,
            "days_left": (deadline - today).days,
            "days_overdue": (today - deadline).days,
            "missing_count": sum(1 for r in rows if r.missing),
            "filed_count": sum(1 for r in rows if not r.missing),
            "errors": errors,
            "upload_form": SpreadsheetUploadForm(),
            "photo_form": PhotoForm(),
        }

    def get(self, request):
        month = reporting_month(request)
        rows = filing_rows(user=request.user, month=month)
        return render(request, self.template, self._context(request, month, rows))

    def post(self, request):
        month = reporting_month(request)
        status = MonthlyReportStatusChoices.SUBMITTED if "submit" in request.POST else MonthlyReportStatusChoices.DRAFT
        rows = filing_rows(user=request.user, month=month)
        report_rows, values = [], {}
        for row in rows:
            if not row.editable:
                continue
            prefix = f"p{row.project.pk}-"
            value = {
                name: request.POST.get(prefix + name, "").strip()
                for name in ("completed_investment", "progress", "problems", "next_steps", "justification")
            }
            values[row.project.pk] = value
            if not value["completed_investment"]:
                continue
            try:
                amount = Decimal(value["completed_investment"].replace(",", ""))
            except InvalidOperation:
                amount = value["completed_investment"]
            report_rows.append(
                services.ReportRow(
                    key=row.project.pk,
                    project=row.project,
                    completed_investment=amount,
                    progress=value["progress"],
                    problems=value["problems"],
                    next_steps=value["next_steps"],
                    justification=value["justification"],
                )
            )
        errors = {}
        if not report_rows:
            messages.warning(request, _("Nothing to save: enter at least one month's amount."))
        else:
            try:
                saved = services.monthly_reports_save_bulk(
                    user=request.user, month=month, rows=report_rows, status=status
                )
            except services.BulkReportError as error:
                errors = error.errors
                for key, fields in errors.items():
                    if any(not isinstance(v, str) for v in fields.values()):
                        errors[key] = {k: str(v) for k, v in fields.items()}
                messages.error(
                    request,
                    _("%(count)s rows have problems; nothing was saved. Correct the rows marked in red.")
                    % {"count": len(errors)},
                )
            else:
                if status == MonthlyReportStatusChoices.SUBMITTED:
                    messages.success(request, _("%(count)s reports were submitted.") % {"count": len(saved)})
                else:
                    messages.success(request, _("%(count)s reports were saved as drafts.") % {"count": len(saved)})
                return HttpResponseRedirect(f"{reverse('projects:filing_desk')}?month={month}")
        rows = filing_rows(user=request.user, month=month)
        return render(request, self.template, self._context(request, month, rows, errors, values), status=200)


class ReportPhotoView(LoginRequiredMixin, View):
    """Add a progress photo to a report of a project in scope (filers and the office)."""

    def post(self, request, pk):
        user = request.user
        if not (user.is_office or user.is_filer):
            raise PermissionDenied
        visible = Project.objects.visible_to(user)
        report = get_object_or_404(MonthlyReport, pk=pk, project__in=visible.values("pk"))
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.report_photo_add(
                    report=report, user=user, upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The photo was added."))
        else:
            messages.error(request, _("Choose a photo to upload."))
        next_url = request.POST.get("next") or ""
        if not next_url.startswith("/") or next_url.startswith("//"):
            next_url = reverse("projects:project_detail", args=[report.project.code])
        return redirect(next_url)


class TemplateDownloadView(FilerRequiredMixin, View):
    def get(self, request):
        month = reporting_month(request)
        data = spreadsheets.monthly_template(user=request.user, month=month)
        return xlsx_response(data, f"monthly-report-{month}.xlsx")


class TemplateUploadView(FilerRequiredMixin, View):
    template = "projects/upload_result.html"

    def post(self, request):
        month = reporting_month(request)
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        status = MonthlyReportStatusChoices.SUBMITTED if "submit" in request.POST else MonthlyReportStatusChoices.DRAFT
        context = {
            "month": month,
            "title": _("Upload of the monthly template"),
            "back": f"{reverse('projects:filing_desk')}?month={month}",
        }
        if not form.is_valid():
            context["message"] = _("Choose an Excel file to upload.")
            return render(request, self.template, context, status=400)
        try:
            _month, saved = spreadsheets.monthly_upload(
                user=request.user, upload=form.cleaned_data["file"], status=status, expected_month=month
            )
        except spreadsheets.SpreadsheetError as error:
            context["message"] = str(error)
            return render(request, self.template, context, status=400)
        except spreadsheets.UploadRejected as error:
            context["cell_errors"] = error.errors
            return render(request, self.template, context, status=400)
        messages.success(request, _("%(count)s reports were saved from the spreadsheet.") % {"count": len(saved)})
        return redirect(context["back"])


# --- Review queue ------------------------------------------------------------------------------


class ReviewQueueView(OfficeRequiredMixin, View):
    template = "projects/review_queue.html"

    def get(self, request):
        queue = review_queue(user=request.user)
        month = request.GET.get("month", "")
        if MONTH_RE.match(month):
            queue = queue.filter(month=month)
        page = Paginator(queue, 50).get_page(request.GET.get("page"))
        return render(request, self.template, {"page_obj": page, "month": month, "return_form": ReturnForm()})

    def post(self, request):
        visible = Project.objects.visible_to(request.user)
        reports = MonthlyReport.objects.filter(project__in=visible.values("pk"))
        action = request.POST.get("action")
        try:
            if action == "approve_selected":
                ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
                count = services.reports_approve_bulk(reports=list(reports.filter(pk__in=ids)), user=request.user)
                messages.success(request, _("%(count)s reports were approved.") % {"count": count})
            elif action == "approve":
                report = get_object_or_404(reports, pk=request.POST.get("report_id"))
                services.report_approve(report=report, user=request.user)
                messages.success(request, _("The report was approved."))
            elif action == "return":
                report = get_object_or_404(reports, pk=request.POST.get("report_id"))
                services.report_return(report=report, user=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The report was returned to its department."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(f"{reverse('projects:review_queue')}?{request.GET.urlencode()}")


# --- Office import -----------------------------------------------------------------------------


class ProjectImportView(OfficeRequiredMixin, View):
    template = "projects/project_import.html"

    def get(self, request):
        if request.GET.get("template"):
            return xlsx_response(spreadsheets.import_template(), "project-list-template.xlsx")
        return render(request, self.template, {"form": SpreadsheetUploadForm()})

    def post(self, request):
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            try:
                count = spreadsheets.project_import(user=request.user, upload=form.cleaned_data["file"])
            except spreadsheets.SpreadsheetError as error:
                context["message"] = str(error)
            except spreadsheets.UploadRejected as error:
                context["cell_errors"] = error.errors
            else:
                messages.success(request, _("%(count)s projects were imported.") % {"count": count})
                return redirect("projects:project_list")
        return render(request, self.template, context, status=400)

"""The figures area: the city dashboard (驾驶舱, the home page), the monthly bulletin (月度通报) with its
Word document and Excel attachment, and the office's entry of city statistics and annual targets.

Every number comes from `projects.selectors.figures` over the user's scope."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max, Min
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portfolio.mixins import OfficeRequiredMixin
from portfolio.spreadsheets import xlsx_response
from projects.choices import AnnualTargetMetricChoices
from projects.exports_figures import bulletin_docx, completion_workbook
from projects.forms_figures import AnnualTargetForm, CityStatisticForm
from projects.models import AnnualPlan, AnnualTarget, CityStatistic, Project
from projects.selectors import figures
from projects.selectors.bulletin import bulletin, month_name, month_range_text
from projects.selectors.figure_filters import filter_for_figures
from projects.selectors.targets import tracked_targets
from projects.services_figures import annual_target_save, city_statistic_save

DASHBOARD_DIMENSIONS = ("category", "level", "district", "department")


# --- Scope, links and the period picker --------------------------------------------------------


def scope_name(user) -> str:
    if user.role == user.Role.DEPARTMENT and user.department_id:
        return user.department.name
    if user.role == user.Role.DISTRICT and user.district_id:
        return user.district.name
    return _("the city")


def project_list_url(params: dict, month: int | None = None) -> str:
    """A link to the projects behind a number: the register's project list with the filters. Until
    the register's list page exists in this branch, the dashboard itself takes the same filters
    (and the month, which the project list does not need)."""
    try:
        base = reverse("projects:project_list")
    except NoReverseMatch:
        base = reverse("home")
        params = {**params, "month": month}
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)
    return f"{base}?{query}" if query else base


def project_page_url(code: str) -> str | None:
    """The register's project page, once it is in this branch."""
    try:
        return reverse("projects:project_detail", args=[code])
    except NoReverseMatch:
        return None


def _dimension_param(dimension: str, code: str) -> dict:
    if dimension == "size":
        return {}
    return {dimension: code}


def period_choices(default_year: int) -> dict:
    bounds = AnnualPlan.objects.aggregate(first=Min("year"), last=Max("year"))
    first = min(bounds["first"] or default_year, default_year)
    last = max(bounds["last"] or default_year, default_year)
    return {"years": list(range(last, first - 1, -1)), "months": list(range(1, 13))}


def _float(value, places=2):
    rounded = figures.round_pct(value, places)
    return None if rounded is None else float(rounded)


def _yi(value):
    return None if value is None else float(figures.round_pct(value / figures.Decimal("10000"), 2))


class FiguresMixin(LoginRequiredMixin):
    """Reads the period and filters of the request once, over the user's scope."""

    def figures_filters(self, scope):
        filters = filter_for_figures(scope, self.request.GET)
        for field, errors in filters.errors.items():
            messages.warning(self.request, f"{field}: {' '.join(errors)}")
        return filters


# --- Dashboard -----------------------------------------------------------------------------------


class DashboardView(FiguresMixin, TemplateView):
    """The city dashboard (驾驶舱), the home page of every role."""

    template_name = "projects/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = self.figures_filters(Project.objects.overview_for(user))
        year, month, projects, nature = filters.year, filters.month, filters.projects, filters.nature
        base_params = {"year": year, **filters.params}

        total = figures.summary(projects=projects, year=year, month=month, nature=nature)
        series = figures.monthly_series(projects=projects, year=year, month=month, nature=nature)
        breakdowns = []
        for dimension in DASHBOARD_DIMENSIONS:
            rows = figures.breakdown(projects=projects, year=year, month=month, dimension=dimension, nature=nature)
            for row in rows:
                row["url"] = project_list_url({**base_params, **_dimension_param(dimension, row["code"])}, month)
            breakdowns.append(
                {
                    "dimension": dimension,
                    "title": BREAKDOWN_TITLES[dimension],
                    "rows": rows,
                    "chart": {
                        "names": [r["name"] for r in rows],
                        "completion_pct": [_float(r["completion_pct"]) for r in rows],
                        "completed": [_yi(r["completed"]) for r in rows],
                        "annual_plan": [_yi(r["annual_plan"]) for r in rows],
                        "urls": [r["url"] for r in rows],
                    },
                }
            )
        bands = figures.size_bands(projects=projects, year=year, nature=nature)
        for band in bands:
            band["url"] = project_list_url(base_params, month)

        statistic = CityStatistic.objects.filter(month=figures.month_key(year, month)).first()
        top100 = figures.top100_completed(projects=projects, year=year, month=month)
        city_share = None
        if statistic:
            city_share = figures.ratio_pct(top100, statistic.fixed_asset_investment)

        my_projects = None
        if user.role == user.Role.LEADER:
            my_projects = figures.project_figures(projects=Project.objects.visible_to(user), year=year, month=month)
            for row in my_projects:
                row.url = project_page_url(row.project.code)

        chart = {
            "months": [month_name(m) for m in range(1, month + 1)],
            "completion_pct": [_float(r["completion_pct"]) for r in series],
            "time_progress_pct": [_float(r["time_progress_pct"]) for r in series],
            "planned_pct": [_float(r["planned_pct"]) for r in series],
            "breakdowns": {b["dimension"]: b["chart"] for b in breakdowns},
            "labels": {
                "completion": _("Completion %"),
                "time": _("Time progress %"),
                "planned": _("Monthly plan %"),
                "completed": _("Completed (100m yuan)"),
                "plan": _("Annual plan (100m yuan)"),
            },
        }
        return super().get_context_data(
            year=year,
            month=month,
            filters=filters,
            scope_name=scope_name(user),
            totals=total,
            series=series,
            breakdowns=breakdowns,
            size_bands=bands,
            statistic=statistic,
            top100_completed=top100,
            city_share=city_share,
            industrial_count_share=figures.ratio_pct(total["industrial_count"], total["project_count"]),
            industrial_investment_share=figures.ratio_pct(total["industrial_investment"], total["total_investment"]),
            targets=tracked_targets(projects=projects, year=year, month=month),
            my_projects=my_projects,
            chart=chart,
            links={
                "all": project_list_url(base_params, month),
                "new": project_list_url({**base_params, "nature": "new"}, month),
                "top100": project_list_url({**base_params, "is_top100": "true"}, month),
                "industrial": project_list_url({**base_params, "category": "industrial"}, month),
                "clear": f"{reverse('home')}?{urlencode({'year': year, 'month': month})}",
            },
            period=period_choices(filters.year),
            is_office=user.is_office,
            **kwargs,
        )


BREAKDOWN_TITLES = {
    "category": gettext_lazy("By category"),
    "level": gettext_lazy("By level"),
    "district": gettext_lazy("By district"),
    "department": gettext_lazy("By department"),
}


# --- Monthly bulletin ------------------------------------------------------------------------------


class BulletinView(FiguresMixin, TemplateView):
    """The monthly bulletin (月度通报) for a chosen month, ready to print."""

    template_name = "projects/bulletin.html"

    def bulletin_data(self):
        user = self.request.user
        filters = self.figures_filters(Project.objects.overview_for(user))
        data = bulletin(projects=filters.projects, year=filters.year, month=filters.month, scope_name=scope_name(user))
        # Red and yellow lists name projects: only those the user may see one by one.
        if user.role == user.Role.LEADER and data["alerts"]:
            visible = set(Project.objects.visible_to(user).values_list("pk", flat=True))
            data["alerts"] = {k: [a for a in v if a.project_id in visible] for k, v in data["alerts"].items()}
        data["filters"] = filters
        return data

    def get_context_data(self, **kwargs):
        data = self.bulletin_data()
        query = urlencode({"year": data["year"], "month": data["month"]})
        return super().get_context_data(
            **data,
            period=period_choices(data["year"]),
            month_range=month_range_text(data["month"]),
            docx_url=f"{reverse('figures:bulletin_docx')}?{query}",
            xlsx_url=f"{reverse('figures:bulletin_xlsx')}?{query}",
            **kwargs,
        )


class BulletinDocxView(BulletinView):
    def get(self, request, *args, **kwargs):
        data = self.bulletin_data()
        response = HttpResponse(
            bulletin_docx(data),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        filename = f"bulletin-{figures.month_key(data['year'], data['month'])}.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class BulletinExcelView(FiguresMixin, TemplateView):
    """The attachment 计划完成表: one row per project the user may see, grouped by category."""

    def get(self, request, *args, **kwargs):
        filters = self.figures_filters(Project.objects.visible_to(request.user))
        rows = figures.project_figures(
            projects=filters.projects, year=filters.year, month=filters.month, nature=filters.nature
        )
        content = completion_workbook(rows, year=filters.year, month=filters.month)
        return xlsx_response(content, f"completion-{figures.month_key(filters.year, filters.month)}.xlsx")


# --- Office entry: city statistics and annual targets -------------------------------------------------


class CityStatisticView(OfficeRequiredMixin, TemplateView):
    """City-wide fixed-asset investment by month, entered by the office (a month saved again is replaced)."""

    template_name = "projects/city_statistics.html"

    def get_context_data(self, form=None, **kwargs):
        initial = {}
        edit = CityStatistic.objects.filter(month=self.request.GET.get("month", "")).first()
        if edit:
            initial = {
                "month": edit.month,
                "fixed_asset_investment": edit.fixed_asset_investment,
                "growth_pct": edit.growth_pct,
            }
        return super().get_context_data(
            form=form or CityStatisticForm(initial=initial),
            statistics=CityStatistic.objects.select_related("entered_by")[:60],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = CityStatisticForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        city_statistic_save(**form.cleaned_data, entered_by=request.user)
        messages.success(request, _("City statistics for %(month)s saved.") % {"month": form.cleaned_data["month"]})
        return redirect("figures:city_statistics")


class AnnualTargetView(OfficeRequiredMixin, TemplateView):
    """The year's targets set by the office, with what the dashboard measures for each."""

    template_name = "projects/annual_targets.html"

    def get_context_data(self, form=None, **kwargs):
        filters = filter_for_figures(Project.objects.visible_to(self.request.user), self.request.GET)
        year, month = filters.year, filters.month
        edit = AnnualTarget.objects.filter(pk=self.request.GET.get("edit") or None).first()
        initial = {"year": year}
        if edit:
            initial = {f: getattr(edit, f) for f in ("year", "metric", "target_value", "manual_value", "note")}
        return super().get_context_data(
            year=year,
            form=form or AnnualTargetForm(initial=initial),
            tracked=tracked_targets(projects=filters.projects, year=year, month=month),
            metrics=AnnualTargetMetricChoices.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        # Saving a year's metric again updates it: bind the existing row so its constraint holds.
        year = request.POST.get("year", "")
        existing = (
            AnnualTarget.objects.filter(year=int(year), metric=request.POST.get("metric", "")).first()
            if year.isdigit()
            else None
        )
        form = AnnualTargetForm(request.POST, instance=existing)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        target = annual_target_save(**form.cleaned_data, target=existing)
        messages.success(request, _("Target saved: %(target)s.") % {"target": target})
        return redirect(f"{reverse('figures:targets')}?year={target.year}")

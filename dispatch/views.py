"""Dispatch pages: alert board, rules, exemptions, notices, rankings and the job runner."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from dispatch import selectors, services
from dispatch.choices import AlertLevelChoices, RankingDimensionChoices
from dispatch.exports import notice_docx, rankings_xlsx
from dispatch.filtersets import AlertFilterSet, ExemptionFilterSet, WarningNoticeFilterSet
from dispatch.forms import AlertRuleForm, ExemptionForm, JobStartForm, NoticeIssueForm, NoticeReplyForm, styled
from dispatch.models import (
    DEFAULT_RULE_THRESHOLDS,
    Alert,
    AlertRule,
    AlertRun,
    Exemption,
    Ranking,
    RankingLog,
    WarningNotice,
)
from portfolio.mixins import OfficeRequiredMixin
from portfolio.models import JobRun
from portfolio.months import parse_month, previous_month
from portfolio.spreadsheets import table_xlsx, xlsx_response
from projects.models import Project

JOB_LABELS = {
    "compute_alerts": gettext_lazy("Compute alerts"),
    "compute_rankings": gettext_lazy("Compute rankings"),
    "filing_reminders": gettext_lazy("Send filing reminders"),
    "filing_escalation": gettext_lazy("Escalate missing reports to department heads"),
}


def _labelled(run: JobRun) -> JobRun:
    run.label = JOB_LABELS.get(run.name, run.name)
    return run


def _valid_month(value: str | None, default: str) -> str:
    try:
        parse_month(value or "")
        return value
    except ValueError:
        return default


# --- Alerts ------------------------------------------------------------------------------------


class AlertBoardView(LoginRequiredMixin, TemplateView):
    template_name = "dispatch/alert_board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        month = _valid_month(self.request.GET.get("month"), selectors.default_alert_month(user=user))
        params = self.request.GET.copy()
        params["month"] = month
        base = Alert.objects.visible_to(user).select_related("project", "project__district", "project__department")
        filterset = AlertFilterSet(params, queryset=base)
        styled(filterset.form)
        alerts = filterset.qs.order_by("project__code")
        counts = selectors.alert_counts(filterset.qs.order_by())
        flagged = list(alerts.exclude(level=AlertLevelChoices.GREEN))
        open_notices = dict(
            WarningNotice.objects.filter(alert__in=[a.pk for a in flagged])
            .exclude(status="closed")
            .values_list("alert_id", "number")
        )
        for alert in flagged:
            alert.open_notice = open_notices.get(alert.pk)
        return super().get_context_data(
            month=month,
            months=selectors.alert_months(user=user),
            filterset=filterset,
            counts=counts,
            red=[a for a in flagged if a.level == AlertLevelChoices.RED],
            yellow=[a for a in flagged if a.level == AlertLevelChoices.YELLOW],
            last_run=AlertRun.objects.filter(month=month).select_related("triggered_by").first(),
            trend=selectors.alert_trend(alerts=Alert.objects.visible_to(user)),
            issue_form=styled(NoticeIssueForm()),
            **kwargs,
        )


class AlertExportView(LoginRequiredMixin, View):
    """The board's list (same filters) as a spreadsheet: one row per project with its reasons."""

    def get(self, request):
        month = _valid_month(request.GET.get("month"), selectors.default_alert_month(user=request.user))
        params = request.GET.copy()
        params["month"] = month
        base = Alert.objects.visible_to(request.user).select_related(
            "project", "project__district", "project__department"
        )
        alerts = AlertFilterSet(params, queryset=base).qs.order_by("project__code")
        levels = dict(AlertLevelChoices.choices)
        rows = [
            [
                a.project.code,
                a.project.name,
                a.project.district.name,
                a.project.department.name,
                str(levels[a.level]),
                "\n".join(r["message"] for r in a.reasons),
            ]
            for a in alerts
        ]
        headers = [_("Project code"), _("Project"), _("District"), _("Department"), _("Level"), _("Reasons")]
        return xlsx_response(table_xlsx(title=month, headers=headers, rows=rows), f"alerts-{month}.xlsx")


class ProjectAlertsPanelView(LoginRequiredMixin, View):
    """The project page's panel: colour history, reasons, exemptions and notices."""

    def get(self, request, code):
        project = get_object_or_404(Project.objects.visible_to(request.user), code=code)
        # htmx loads the fragment into the project page; a plain visit (from the board) gets a page.
        template = (
            "dispatch/_project_alerts.html" if request.headers.get("HX-Request") else "dispatch/project_alerts.html"
        )
        return render(
            request,
            template,
            {
                "project": project,
                "alerts": project.alerts.order_by("-month")[:24],
                "exemptions": project.alert_exemptions.select_related("granted_by").order_by("-valid_until"),
                "notices": project.warning_notices.order_by("-issued_at")[:10],
            },
        )


class DashboardPanelView(LoginRequiredMixin, View):
    """A fragment for the dashboard and the bulletin page (loaded with htmx): the month's colour
    counts, the red list and the published district ranking, within the user's scope."""

    def get(self, request):
        user = request.user
        month = _valid_month(request.GET.get("month"), selectors.default_alert_month(user=user))
        alerts = Alert.objects.visible_to(user).filter(month=month)
        rankings = Ranking.objects.filter(month=month, dimension=RankingDimensionChoices.DISTRICT, published=True)
        return render(
            request,
            "dispatch/_dashboard_panel.html",
            {
                "month": month,
                "counts": selectors.alert_counts(alerts.order_by()),
                "red": alerts.filter(level=AlertLevelChoices.RED)
                .select_related("project")
                .order_by("project__code")[:10],
                "rankings": rankings.order_by("rank", "name")[:10],
            },
        )


# --- Rules and exemptions ---------------------------------------------------------------------


class AlertRuleListView(LoginRequiredMixin, TemplateView):
    template_name = "dispatch/rule_list.html"

    def _rules(self):
        rules = {r.code: r for r in AlertRule.objects.all()}
        for code in DEFAULT_RULE_THRESHOLDS:
            if code not in rules:
                rules[code] = AlertRule.objects.create(code=code, thresholds=dict(DEFAULT_RULE_THRESHOLDS[code]))
        return [rules[code] for code in DEFAULT_RULE_THRESHOLDS]

    def get_context_data(self, forms=None, **kwargs):
        rules = self._rules()
        forms = forms or {rule.code: AlertRuleForm(rule=rule) for rule in rules}
        history = AlertRule.history.select_related("history_user").order_by("-history_date")[:30]
        return super().get_context_data(rules=[(rule, forms[rule.code]) for rule in rules], history=history, **kwargs)

    def post(self, request):
        if not request.user.is_office:
            raise PermissionDenied
        rules = self._rules()
        forms = {rule.code: AlertRuleForm(request.POST, rule=rule) for rule in rules}
        code = request.POST.get("rule")
        form = forms.get(code)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.alert_rule_update(
                    rule=form.rule,
                    enabled=form.cleaned_data["enabled"],
                    thresholds=form.thresholds(),
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rule saved. It applies from the next computation."))
                return redirect("dispatch:rule_list")
        forms = {c: (form if c == code else AlertRuleForm(rule=f.rule)) for c, f in forms.items()}
        return self.render_to_response(self.get_context_data(forms=forms))


class ExemptionListView(LoginRequiredMixin, TemplateView):
    template_name = "dispatch/exemption_list.html"

    def get_context_data(self, **kwargs):
        base = Exemption.objects.filter(
            project__in=Project.objects.visible_to(self.request.user).values("pk")
        ).select_related("project", "granted_by")
        filterset = ExemptionFilterSet(self.request.GET, queryset=base)
        styled(filterset.form)
        return super().get_context_data(filterset=filterset, exemptions=filterset.qs[:500], **kwargs)


class ExemptionCreateView(OfficeRequiredMixin, View):
    def get(self, request):
        initial = {k: request.GET[k] for k in ("project", "rule") if k in request.GET}
        return render(
            request, "dispatch/exemption_form.html", {"form": styled(ExemptionForm(user=request.user, initial=initial))}
        )

    def post(self, request):
        form = styled(ExemptionForm(request.POST, user=request.user))
        if form.is_valid():
            try:
                services.exemption_create(granted_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Exemption granted."))
                return redirect("dispatch:exemption_list")
        return render(request, "dispatch/exemption_form.html", {"form": form})


# --- Warning notices ---------------------------------------------------------------------------


def visible_notices(user):
    return WarningNotice.objects.visible_to(user).select_related("project", "department", "issued_by")


class NoticeListView(LoginRequiredMixin, TemplateView):
    template_name = "dispatch/notice_list.html"

    def get_context_data(self, **kwargs):
        filterset = WarningNoticeFilterSet(self.request.GET, queryset=visible_notices(self.request.user))
        styled(filterset.form)
        return super().get_context_data(filterset=filterset, notices=filterset.qs[:500], **kwargs)


class NoticeExportView(LoginRequiredMixin, View):
    def get(self, request):
        notices = WarningNoticeFilterSet(request.GET, queryset=visible_notices(request.user)).qs
        rows = [
            [
                n.number,
                n.title,
                n.project.code,
                n.project.name,
                n.department.name,
                timezone.localtime(n.issued_at).date(),
                n.deadline,
                n.get_status_display(),
                n.reply,
            ]
            for n in notices
        ]
        headers = [
            _("Number"),
            _("Kind"),
            _("Project code"),
            _("Project"),
            _("Addressee"),
            _("Issued"),
            _("Reply deadline"),
            _("Status"),
            _("Rectification reply"),
        ]
        return xlsx_response(table_xlsx(title="notices", headers=headers, rows=rows), "warning-notices.xlsx")


class NoticeIssueView(OfficeRequiredMixin, View):
    """Issue notices for the alerts ticked on the board (or one alert)."""

    def post(self, request):
        form = NoticeIssueForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("alert") if i.isdigit()]
        if not form.is_valid() or not ids:
            messages.error(request, _("Choose at least one project and the kind of notice."))
            return redirect(request.POST.get("next") or reverse("dispatch:alert_board"))
        alerts = Alert.objects.visible_to(request.user).filter(pk__in=ids)
        notices = services.warning_notices_issue_for_alerts(
            alerts=alerts,
            kind=form.cleaned_data["kind"],
            issued_by=request.user,
            working_days=form.cleaned_data["working_days"] or services.NOTICE_REPLY_WORKING_DAYS,
        )
        messages.success(
            request,
            _("%(count)s notice(s) issued: %(numbers)s")
            % {"count": len(notices), "numbers": "、".join(n.number for n in notices) or "—"},
        )
        if len(notices) == 1:
            return redirect("dispatch:notice_detail", pk=notices[0].pk)
        return redirect("dispatch:notice_list")


class NoticeDetailView(LoginRequiredMixin, View):
    def get(self, request, pk, form=None):
        notice = get_object_or_404(visible_notices(request.user), pk=pk)
        may_reply = notice.status != "closed" and (request.user.is_filer or request.user.is_office)
        return render(
            request,
            "dispatch/notice_detail.html",
            {
                "notice": notice,
                "form": form or NoticeReplyForm(initial={"reply": notice.reply}),
                "may_reply": may_reply,
                "issue_form": styled(NoticeIssueForm(initial={"kind": notice.kind})),
                "reissues": notice.reissues.all(),
            },
        )

    def post(self, request, pk):
        notice = get_object_or_404(visible_notices(request.user), pk=pk)
        form = NoticeReplyForm(request.POST)
        if form.is_valid():
            try:
                services.warning_notice_reply(notice=notice, reply=form.cleaned_data["reply"], user=request.user)
            except ValidationError as exc:
                form.add_error("reply", exc.messages[0])
            else:
                messages.success(request, _("Your rectification plan was sent to the project office."))
                return redirect("dispatch:notice_detail", pk=pk)
        return self.get(request, pk, form=form)


class NoticeActionView(OfficeRequiredMixin, View):
    def post(self, request, pk, verb):
        notice = get_object_or_404(visible_notices(request.user), pk=pk)
        if verb == "close":
            services.warning_notice_close(notice=notice, user=request.user)
            messages.success(request, _("Notice closed."))
            return redirect("dispatch:notice_detail", pk=pk)
        if verb == "reissue":
            form = NoticeIssueForm(request.POST)
            kind = form.cleaned_data["kind"] if form.is_valid() else None
            new = services.warning_notice_reissue(notice=notice, user=request.user, kind=kind)
            messages.success(request, _("Re-issued as %(number)s.") % {"number": new.number})
            return redirect("dispatch:notice_detail", pk=new.pk)
        raise Http404


class NoticeDocxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        notice = get_object_or_404(visible_notices(request.user), pk=pk)
        response = HttpResponse(
            notice_docx(notice),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="notice-{notice.year}-{notice.kind}-{notice.sequence}.docx"'
        )
        return response


# --- Rankings ----------------------------------------------------------------------------------


class RankingBoardView(LoginRequiredMixin, TemplateView):
    template_name = "dispatch/rankings.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        months = selectors.ranking_months(user=user)
        month = _valid_month(self.request.GET.get("month"), months[0] if months else previous_month())
        dimension = self.request.GET.get("dimension") or RankingDimensionChoices.DISTRICT
        if dimension not in RankingDimensionChoices.values:
            dimension = RankingDimensionChoices.DISTRICT
        rows = list(Ranking.objects.visible_to(user).filter(month=month, dimension=dimension).order_by("rank", "name"))
        top, bottom = selectors.red_black_lists(rows)
        return super().get_context_data(
            month=month,
            months=months,
            dimension=dimension,
            dimensions=RankingDimensionChoices.choices,
            rows=rows,
            view=self.request.GET.get("view", "table"),
            top=top,
            bottom=bottom,
            published=bool(rows) and all(r.published for r in rows),
            log=RankingLog.objects.filter(month=month).select_related("user")[:20] if user.is_office else [],
            **kwargs,
        )


RANKING_HEADERS = [
    gettext_lazy("Rank"),
    gettext_lazy("Previous rank"),
    gettext_lazy("Name"),
    gettext_lazy("Projects"),
    gettext_lazy("Annual plan (10k yuan)"),
    gettext_lazy("Completed (10k yuan)"),
    gettext_lazy("Completion (%)"),
    gettext_lazy("Points ahead of time"),
    gettext_lazy("Start rate (%)"),
    gettext_lazy("Red"),
    gettext_lazy("Yellow"),
    gettext_lazy("Timely filing (%)"),
]


class RankingExportView(LoginRequiredMixin, View):
    def get(self, request):
        month = _valid_month(request.GET.get("month"), previous_month())
        rows = Ranking.objects.visible_to(request.user).filter(month=month).order_by("rank", "name")
        groups = [
            (label, [r for r in rows if r.dimension == value]) for value, label in RankingDimensionChoices.choices
        ]
        content = rankings_xlsx(month=month, groups=groups, headers=[str(h) for h in RANKING_HEADERS])
        return xlsx_response(content, f"rankings-{month}.xlsx")


class RankingRepublishView(OfficeRequiredMixin, View):
    """Recompute a published month: only with a reason, which the log keeps."""

    def post(self, request):
        month = _valid_month(request.POST.get("month"), "")
        reason = (request.POST.get("reason") or "").strip()
        if not month:
            raise Http404
        if not reason:
            messages.error(request, _("Give the reason for republishing."))
        else:
            services.rankings_compute(month=month, republish=True, reason=reason, triggered_by=request.user)
            messages.success(request, _("Rankings for %(month)s recomputed and republished.") % {"month": month})
        return redirect(f"{reverse('dispatch:rankings')}?month={month}")


class RankingPublishView(OfficeRequiredMixin, View):
    def post(self, request):
        month = _valid_month(request.POST.get("month"), "")
        if not month:
            raise Http404
        count = services.rankings_publish(month=month, user=request.user)
        messages.success(
            request, _("Rankings for %(month)s published (%(count)s rows).") % {"month": month, "count": count}
        )
        return redirect(f"{reverse('dispatch:rankings')}?month={month}")


# --- Jobs --------------------------------------------------------------------------------------


def _jobs():
    from dispatch.tasks import PORTAL_JOBS

    return PORTAL_JOBS


class JobListView(OfficeRequiredMixin, TemplateView):
    template_name = "dispatch/job_list.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or JobStartForm(jobs=JOB_LABELS, initial={"month": previous_month()}),
            runs=[_labelled(run) for run in JobRun.objects.select_related("triggered_by")[:30]],
            alert_runs=AlertRun.objects.select_related("triggered_by")[:10],
            job_labels=JOB_LABELS,
            **kwargs,
        )


class JobStartView(OfficeRequiredMixin, View):
    """Create the JobRun, queue the task after commit and answer at once; the page polls."""

    def post(self, request):
        form = JobStartForm(request.POST, jobs=JOB_LABELS)
        if not form.is_valid():
            return render(request, "dispatch/job_list.html", JobListView(request=request).get_context_data(form=form))
        name, month = form.cleaned_data["job"], form.cleaned_data["month"]
        run = JobRun.objects.create(name=name, arguments={"month": month}, triggered_by=request.user)
        task = _jobs()[name]
        transaction.on_commit(lambda: task.delay(month=month, job_run_id=run.pk))
        if request.headers.get("HX-Request"):
            return render(request, "dispatch/_job_status.html", {"run": _labelled(run)})
        return redirect(f"{reverse('dispatch:job_list')}?run={run.pk}")


class JobStatusView(OfficeRequiredMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(JobRun, pk=pk)
        return render(request, "dispatch/_job_status.html", {"run": _labelled(run)})

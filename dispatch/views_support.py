"""Pages of support work: the inbox, the city board, case pages, meetings, inspections and the
green channel. Views parse input, call a selector or a service, and render; scope comes from the
selectors (`visible_to`), so an out-of-scope object answers 404."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio.spreadsheets import escape_cell, xlsx_response
from projects.models import Project

from . import selectors_support as selectors
from . import support_services as services
from .choices import SupportCaseCategoryChoices
from .filtersets_support import InspectionFilterSet, SupportCaseFilterSet
from .forms_support import (
    CaseRaiseForm,
    CommentForm,
    DecisionForm,
    FindingForm,
    InspectionForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    PhotoForm,
    ReassignForm,
    ResolveForm,
    ServiceLevelForm,
    SupportSettingsForm,
    VisitForm,
    styled,
)
from .models import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    InspectionFinding,
    InspectionVisit,
    MeetingItem,
    ServiceLevel,
    SupportCase,
)
from .models.support import DEFAULT_SERVICE_LEVEL_DAYS

CASE_SORTS = {
    "due": ("due_at", "pk"),
    "-due": ("-due_at", "-pk"),
    "raised": ("raised_at", "pk"),
    "-raised": ("-raised_at", "-pk"),
    "project": ("project__code", "pk"),
    "-project": ("-project__code", "-pk"),
    "category": ("category", "due_at"),
    "level": ("level", "due_at"),
    "status": ("status", "due_at"),
}


def _office_only(user):
    if not user.is_office:
        raise PermissionDenied(_("Only the project office may do this."))


def _writer_only(user):
    if user.is_read_only or user.role == user.Role.LEADER:
        raise PermissionDenied(_("Your role may not change support cases."))


def _errors_to_messages(request, exc):
    if hasattr(exc, "message_dict"):
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        for error in exc.messages:
            messages.error(request, error)


# ---------------------------------------------------------------------------------------------
# Case lists
# ---------------------------------------------------------------------------------------------


def _case_table(request, cases, *, title, inbox):
    filterset = SupportCaseFilterSet(request.GET, queryset=cases)
    styled(filterset.form)
    sort = request.GET.get("sort", "due")
    rows = filterset.qs.order_by(*CASE_SORTS.get(sort, CASE_SORTS["due"]))
    if request.GET.get("export") == "xlsx":
        return _case_export(rows, title=title)
    total = rows.count()
    rows = list(rows[:500])
    return render(
        request,
        "dispatch/support/case_list.html",
        {
            "title": title,
            "inbox": inbox,
            "filterset": filterset,
            "cases": rows,
            "total": total,
            "sort": sort,
            "now": timezone.now(),
            "can_raise": request.user.is_office or request.user.is_filer,
        },
    )


def _case_export(cases, *, title):
    """The filtered list as an Excel sheet, one row per case, every row of the filter."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Support cases")[:31]
    headers = [
        "#", _("project code"), _("project"), _("district"), _("category"), _("description"), _("level"),
        _("owning department"), _("status"), _("raised at"), _("due"), _("resolved on"), _("resolution"),
        _("land (mu)"),
    ]  # fmt: skip
    sheet.append([str(h) for h in headers])
    local = timezone.localtime
    for case in cases:
        sheet.append(
            [
                case.pk,
                case.project.code,
                escape_cell(case.project.name),
                case.project.district.name,
                case.get_category_display(),
                escape_cell(case.description),
                case.get_level_display(),
                case.owner_department.name,
                case.get_status_display(),
                local(case.raised_at).strftime("%Y-%m-%d %H:%M"),
                local(case.due_at).strftime("%Y-%m-%d %H:%M"),
                case.resolved_on.isoformat() if case.resolved_on else "",
                escape_cell(case.resolution),
                float(case.land_mu) if case.land_mu is not None else None,
            ]
        )
    for column, width in zip("ABCDEFGHIJKLMN", (6, 16, 30, 12, 10, 50, 8, 20, 8, 17, 17, 12, 40, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return xlsx_response(buffer.getvalue(), f"support-cases-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def inbox(request):
    return _case_table(request, selectors.case_inbox(user=request.user), title=_("Support inbox"), inbox=True)


@login_required
def case_list(request):
    return _case_table(request, selectors.case_list(user=request.user), title=_("All support cases"), inbox=False)


# ---------------------------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------------------------


def _visible_case(user, pk) -> SupportCase:
    return get_object_or_404(
        selectors.case_list(user=user).select_related("raised_by", "project__department", "meeting"), pk=pk
    )


@login_required
def case_detail(request, pk):
    case = _visible_case(request.user, pk)
    user = request.user
    log = case.log_entries.select_related("actor").order_by("at", "pk")
    can_act = services.can_act_on(user, case)
    can_close = services.can_close(user, case)
    agenda = case.meeting_items.select_related("meeting", "assignee").order_by("meeting__date")
    return render(
        request,
        "dispatch/support/case_detail.html",
        {
            "case": case,
            "log": log,
            "agenda": agenda,
            "now": timezone.now(),
            "overdue": case.is_overdue(),
            "can_act": can_act and not case.is_settled,
            "can_escalate": can_act and not case.is_settled and case.level != "city",
            "can_take": can_act and case.status in ("open", "escalated"),
            "can_close": can_close and case.status == "resolved",
            "can_comment": can_act or can_close,
            "can_reassign": user.is_office and not case.is_settled,
            "note_form": NoteForm(),
            "comment_form": CommentForm(),
            "resolve_form": ResolveForm(initial={"resolved_on": timezone.localdate()}),
            "reassign_form": ReassignForm(initial={"owner_department": case.owner_department_id}),
            "is_land": case.category == SupportCaseCategoryChoices.LAND,
        },
    )


CASE_ACTIONS = ("take", "escalate", "resolve", "close", "reopen", "comment", "reassign")


@login_required
@require_POST
def case_action(request, pk, action):
    if action not in CASE_ACTIONS:
        raise Http404
    case = _visible_case(request.user, pk)
    user = request.user
    _writer_only(user)
    form_class = {"resolve": ResolveForm, "comment": CommentForm, "reassign": ReassignForm}.get(action, NoteForm)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("dispatch:support_case", pk=case.pk)
    data = form.cleaned_data
    try:
        if action == "take":
            services.case_take(case=case, actor=user, note=data["note"])
            messages.success(request, _("You have taken up the case."))
        elif action == "escalate":
            services.case_escalate(case=case, actor=user, note=data["note"])
            messages.success(request, _("The case was escalated one level; its new owner has been told."))
        elif action == "resolve":
            services.case_resolve(
                case=case,
                actor=user,
                resolution=data["resolution"],
                resolved_on=data["resolved_on"],
                land_mu=data["land_mu"],
                attachment=data["attachment"],
            )
            messages.success(request, _("The case is resolved."))
        elif action == "close":
            services.case_close(case=case, actor=user, note=data["note"])
            messages.success(request, _("The case is closed."))
        elif action == "reopen":
            services.case_reopen(case=case, actor=user, note=data["note"])
            messages.success(request, _("The case is open again."))
        elif action == "comment":
            services.case_comment(case=case, actor=user, note=data["note"], attachment=data["attachment"])
            messages.success(request, _("Your note was added to the timeline."))
        elif action == "reassign":
            services.case_reassign(
                case=case,
                actor=user,
                owner_department=data["owner_department"],
                deadline=data["deadline"],
                note=data["note"],
            )
            messages.success(request, _("The case was reassigned."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("dispatch:support_case", pk=case.pk)


@login_required
def case_raise(request):
    user = request.user
    if not (user.is_office or user.is_filer):
        raise PermissionDenied(_("Your role may not raise support cases."))
    initial = {"project": request.GET.get("project", "")}
    if request.method == "POST":
        form = CaseRaiseForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_raise(
                    project=data["project"],
                    category=data["category"],
                    description=data["description"],
                    land_mu=data["land_mu"],
                    attachment=data["attachment"],
                    level=data.get("level") or None,
                    owner_department=data.get("owner_department"),
                    actor=user,
                )
            except ValidationError as exc:
                _errors_to_messages(request, exc)
            else:
                messages.success(
                    request,
                    _("Case #%(id)s raised; it is due %(due)s.")
                    % {"id": case.pk, "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")},
                )
                return redirect("dispatch:support_case", pk=case.pk)
    else:
        form = CaseRaiseForm(initial=initial, user=user)
    project = Project.objects.visible_to(user).filter(code=initial["project"]).first() if initial["project"] else None
    levels = {sl.category: sl.working_days for sl in ServiceLevel.objects.all()}
    service_levels = [
        (label, levels.get(code, DEFAULT_SERVICE_LEVEL_DAYS)) for code, label in SupportCaseCategoryChoices.choices
    ]
    return render(
        request,
        "dispatch/support/case_raise.html",
        {
            "form": form,
            "project": project,
            "service_levels": service_levels,
            # Codes to pick from as one types (the field still checks the scope).
            "project_choices": Project.objects.visible_to(user).order_by("code").values_list("code", "name")[:3000],
        },
    )


# ---------------------------------------------------------------------------------------------
# Board and green channel
# ---------------------------------------------------------------------------------------------


@login_required
def board(request):
    figures = selectors.board_figures(user=request.user)
    chart = {
        "categories": [r["label"] for r in figures.by_category],
        "open": [r["open"] for r in figures.by_category],
        "overdue": [r["overdue"] for r in figures.by_category],
        "escalated": [r["escalated"] for r in figures.by_category],
        "months": [r["month"] for r in figures.monthly],
        "raised": [r["raised"] for r in figures.monthly],
        "resolved": [r["resolved"] for r in figures.monthly],
    }
    return render(
        request,
        "dispatch/support/board.html",
        {"figures": figures, "chart": chart, "today": timezone.localdate()},
    )


@login_required
def approval_speed(request):
    speed = selectors.approval_speed(user=request.user)
    chart = {
        "labels": [r["label"] for r in speed.by_district],
        "median": [r["median_days"] for r in speed.by_district],
        "baseline": speed.baseline_days,
    }
    return render(
        request,
        "dispatch/support/approval_speed.html",
        {"speed": speed, "chart": chart},
    )


@login_required
def settings_page(request):
    """Service levels per category, the green-channel baseline and the year's land target."""
    user = request.user
    year = timezone.localdate().year
    existing = {sl.category: sl for sl in ServiceLevel.objects.select_related("department")}
    baseline = ApprovalBaseline.load()
    land_target = selectors.land_target_mu(year=year)
    rows = []
    for code, label in SupportCaseCategoryChoices.choices:
        sl = existing.get(code)
        initial = {
            "working_days": sl.working_days if sl else DEFAULT_SERVICE_LEVEL_DAYS,
            "department": sl.department_id if sl else None,
        }
        rows.append({"code": code, "label": label, "form": ServiceLevelForm(initial=initial, prefix=code)})
    settings_form = SupportSettingsForm(initial={"baseline_days": baseline.days, "land_target_mu": land_target})
    if request.method == "POST":
        _office_only(user)
        forms_ok = True
        for row in rows:
            row["form"] = ServiceLevelForm(request.POST, prefix=row["code"])
            forms_ok &= row["form"].is_valid()
        settings_form = SupportSettingsForm(request.POST)
        forms_ok &= settings_form.is_valid()
        if forms_ok:
            for row in rows:
                services.service_level_set(
                    actor=user,
                    category=row["code"],
                    working_days=row["form"].cleaned_data["working_days"],
                    department=row["form"].cleaned_data["department"],
                )
            services.approval_baseline_set(actor=user, days=settings_form.cleaned_data["baseline_days"])
            if settings_form.cleaned_data["land_target_mu"] is not None:
                services.land_target_set(actor=user, year=year, target_mu=settings_form.cleaned_data["land_target_mu"])
            messages.success(request, _("Support settings saved."))
            return redirect("dispatch:support_settings")
    return render(
        request,
        "dispatch/support/settings.html",
        {"rows": rows, "settings_form": settings_form, "year": year, "editable": user.is_office},
    )


# ---------------------------------------------------------------------------------------------
# Coordination meetings
# ---------------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    user = request.user
    form = MeetingForm(initial={"date": timezone.localdate()})
    if request.method == "POST":
        _office_only(user)
        form = MeetingForm(request.POST)
        if form.is_valid():
            meeting = services.meeting_create(actor=user, **form.cleaned_data)
            messages.success(
                request, _("Meeting created with %(n)d cases on its agenda.") % {"n": meeting.items.count()}
            )
            return redirect("dispatch:support_meeting", pk=meeting.pk)
    waiting = selectors.case_list(user=user).unsettled().filter(level="city").count()
    return render(
        request,
        "dispatch/support/meeting_list.html",
        {"meetings": selectors.meeting_list(user=user), "form": form, "waiting": waiting},
    )


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(CoordinationMeeting, pk=pk)
    items = list(selectors.meeting_items(user=request.user, meeting=meeting))
    editable = request.user.is_office
    for item in items:
        item.form = (
            DecisionForm(
                initial={"decision": item.decision, "assignee": item.assignee_id, "deadline": item.deadline},
                prefix=f"item{item.pk}",
            )
            if editable
            else None
        )
    return render(
        request,
        "dispatch/support/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "editable": editable,
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        },
    )


@login_required
@require_POST
def meeting_decide(request, pk, item_pk):
    """Record a decision; an htmx request gets its agenda row back, a plain form a redirect."""
    _office_only(request.user)
    item = get_object_or_404(
        MeetingItem.objects.select_related("meeting", "case__project", "case__owner_department", "assignee"),
        pk=item_pk,
        meeting_id=pk,
    )
    form = DecisionForm(request.POST, prefix=f"item{item.pk}")
    saved = False
    if form.is_valid():
        try:
            item = services.meeting_item_decide(item=item, actor=request.user, **form.cleaned_data)
            saved = True
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                for error in errors:
                    form.add_error(None if field not in form.fields else field, error)
    if request.headers.get("HX-Request"):
        item = MeetingItem.objects.select_related("meeting", "case__project", "case__owner_department", "assignee").get(
            pk=item.pk
        )
        if saved:
            form = DecisionForm(
                initial={"decision": item.decision, "assignee": item.assignee_id, "deadline": item.deadline},
                prefix=f"item{item.pk}",
            )
        item.form = form
        return render(
            request,
            "dispatch/support/_meeting_item.html",
            {"item": item, "meeting": item.meeting, "number": request.POST.get("number", ""), "saved": saved},
        )
    if saved:
        messages.success(request, _("Decision recorded for case #%(id)s.") % {"id": item.case_id})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("dispatch:support_meeting", args=[pk]) + f"#item-{item.pk}")


@login_required
@require_POST
def meeting_add_case(request, pk):
    _office_only(request.user)
    meeting = get_object_or_404(CoordinationMeeting, pk=pk)
    case = selectors.case_list(user=request.user).filter(pk=request.POST.get("case") or 0).first()
    if case is None:
        messages.error(request, _("No such support case."))
    else:
        try:
            services.meeting_add_case(meeting=meeting, case=case, actor=request.user)
            messages.success(request, _("Case #%(id)s added to the agenda.") % {"id": case.pk})
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    return redirect("dispatch:support_meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_minutes(request, pk):
    _office_only(request.user)
    meeting = get_object_or_404(CoordinationMeeting, pk=pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.meeting_update_minutes(meeting=meeting, actor=request.user, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Minutes saved."))
    return redirect("dispatch:support_meeting", pk=meeting.pk)


# ---------------------------------------------------------------------------------------------
# Inspections
# ---------------------------------------------------------------------------------------------


INSPECTION_SORTS = {
    "-date": ("-date", "-pk"),
    "date": ("date", "pk"),
    "follow_up": ("follow_up", "-date"),
    "-open": ("-open_finding_count", "-date"),
}


@login_required
def inspection_list(request):
    sort = request.GET.get("sort", "-date")
    filterset = InspectionFilterSet(request.GET, queryset=selectors.inspection_list(user=request.user))
    styled(filterset.form)
    return render(
        request,
        "dispatch/support/inspection_list.html",
        {
            "filterset": filterset,
            "inspections": filterset.qs.order_by(*INSPECTION_SORTS.get(sort, INSPECTION_SORTS["-date"]))[:500],
            "sort": sort,
        },
    )


@login_required
def inspection_create(request):
    _office_only(request.user)
    form = InspectionForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        inspection = services.inspection_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Inspection recorded; now add the sites visited."))
        return redirect("dispatch:support_inspection", pk=inspection.pk)
    return render(request, "dispatch/support/inspection_form.html", {"form": form})


def _visible_inspection(user, pk) -> Inspection:
    return get_object_or_404(Inspection.objects.visible_to(user), pk=pk)


@login_required
def inspection_detail(request, pk):
    user = request.user
    inspection = _visible_inspection(user, pk)
    visible_projects = Project.objects.visible_to(user).values("pk")
    visits = (
        inspection.visits.filter(project__in=visible_projects)
        .select_related("project", "project__district")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=InspectionFinding.objects.select_related("case", "notice").order_by("pk"),
            )
        )
    )
    return render(
        request,
        "dispatch/support/inspection_detail.html",
        {
            "inspection": inspection,
            "visits": visits,
            "photos": inspection.photos.filter(project__in=visible_projects) | inspection.photos.filter(project=None),
            "editable": user.is_office,
            "visit_form": VisitForm(user=user),
            "finding_form": FindingForm(),
            "photo_form": PhotoForm(),
        },
    )


@login_required
@require_POST
def inspection_add(request, pk, what):
    user = request.user
    _office_only(user)
    inspection = _visible_inspection(user, pk)
    try:
        if what == "visit":
            form = VisitForm(request.POST, user=user)
            if form.is_valid():
                services.inspection_visit_add(inspection=inspection, actor=user, **form.cleaned_data)
        elif what == "finding":
            visit = get_object_or_404(InspectionVisit, pk=request.POST.get("visit"), inspection=inspection)
            form = FindingForm(request.POST)
            if form.is_valid():
                services.inspection_finding_add(visit=visit, actor=user, **form.cleaned_data)
        elif what == "photo":
            form = PhotoForm(request.POST, request.FILES)
            if form.is_valid():
                services.inspection_photo_add(inspection=inspection, actor=user, **form.cleaned_data)
        else:
            raise Http404
        if form.errors:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("dispatch:support_inspection", pk=inspection.pk)


@login_required
@require_POST
def finding_action(request, pk, finding_pk, action):
    user = request.user
    _office_only(user)
    inspection = _visible_inspection(user, pk)
    finding = get_object_or_404(
        InspectionFinding.objects.select_related("visit__project", "case"), pk=finding_pk, visit__inspection=inspection
    )
    try:
        if action == "case":
            case = services.finding_open_case(finding=finding, actor=user)
            messages.success(request, _("Support case #%(id)s opened from the finding.") % {"id": case.pk})
            return redirect("dispatch:support_case", pk=case.pk)
        if action == "notice":
            notice = services.finding_issue_notice(finding=finding, actor=user)
            messages.success(
                request, _("Warning notice %(number)s issued for the finding.") % {"number": notice.number}
            )
            return redirect("dispatch:notice_detail", pk=notice.pk)
        if action == "close":
            services.finding_close(finding=finding, actor=user)
            messages.success(request, _("Finding closed."))
        else:
            raise Http404
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("dispatch:support_inspection", pk=inspection.pk)


# ---------------------------------------------------------------------------------------------
# Project page panel
# ---------------------------------------------------------------------------------------------


@login_required
def project_panel(request, code):
    project = get_object_or_404(Project.objects.visible_to(request.user), code=code)
    cases = selectors.project_open_cases(user=request.user, project=project)
    return render(
        request,
        "dispatch/support/project_panel.html",
        {
            "project": project,
            "cases": cases,
            "now": timezone.now(),
            "can_raise": services.can_raise_for(request.user, project),
        },
    )

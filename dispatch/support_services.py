"""Writes for support cases, coordination meetings and inspections.

Every step of a case goes through one of these functions and leaves a SupportCaseLogEntry.
Who may act is decided here as well as in the views, so that the API and the pages agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dispatch.choices import (
    NEXT_CASE_LEVEL,
    SETTLED_CASE_STATUSES,
    InspectionFollowUpChoices,
    SupportCaseActionChoices,
    SupportCaseLevelChoices,
    SupportCaseSourceChoices,
    SupportCaseStatusChoices,
)
from dispatch.models import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    InspectionFinding,
    InspectionPhoto,
    InspectionVisit,
    MeetingItem,
    ServiceLevel,
    SupportCase,
    SupportCaseLogEntry,
)
from dispatch.models.support import DEFAULT_SERVICE_LEVEL_DAYS
from portfolio.choices import UserRoleChoices
from portfolio.models import Department, User
from portfolio.workdays import add_working_days
from projects.choices import AnnualTargetMetricChoices
from projects.models import AnnualTarget, Project
from projects.services_figures import annual_target_save

Action = SupportCaseActionChoices
Level = SupportCaseLevelChoices
Status = SupportCaseStatusChoices

# ---------------------------------------------------------------------------------------------
# Clock
# ---------------------------------------------------------------------------------------------


def service_level_for(category: str) -> ServiceLevel:
    """The category's service level, or an unsaved default when the office has not set one."""
    level = ServiceLevel.objects.filter(category=category).select_related("department").first()
    return level or ServiceLevel(category=category, working_days=DEFAULT_SERVICE_LEVEL_DAYS)


def case_due_at(*, start: datetime.datetime, working_days: int) -> datetime.datetime:
    """`working_days` working days after `start`, at the same time of day (local time)."""
    local = timezone.localtime(start)
    day = add_working_days(local.date(), working_days)
    return timezone.make_aware(datetime.datetime.combine(day, local.time().replace(microsecond=0)))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """A deadline given as a date runs to the end of that day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _set_due(case: SupportCase, due_at: datetime.datetime) -> None:
    case.due_at = due_at
    case.due_date = timezone.localdate(due_at)


# ---------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------


def can_raise_for(user, project: Project) -> bool:
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_office:
        return True
    return user.is_filer and Project.objects.visible_to(user).filter(pk=project.pk).exists()


def can_act_on(user, case: SupportCase) -> bool:
    """The current owner works a case: the district while it is at district level, the owning
    department otherwise (and at district level too), the office always."""
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_office:
        return True
    if user.role == UserRoleChoices.DEPARTMENT:
        return user.department_id == case.owner_department_id
    if user.role == UserRoleChoices.DISTRICT:
        return case.level == Level.DISTRICT and user.district_id == case.project.district_id
    return False


def can_close(user, case: SupportCase) -> bool:
    """The side that raised the problem confirms it solved: the project's district or
    department, or the office."""
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_office:
        return True
    if user.role == UserRoleChoices.DEPARTMENT:
        return user.department_id == case.project.department_id
    if user.role == UserRoleChoices.DISTRICT:
        return user.district_id == case.project.district_id
    return False


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this with this case."))


def _require_office(user) -> None:
    if not (user and user.is_authenticated and user.is_office):
        raise PermissionDenied(_("Only the project office may do this."))


# ---------------------------------------------------------------------------------------------
# Log and notifications
# ---------------------------------------------------------------------------------------------


def _log(
    *, case, action, actor=None, from_level="", from_status="", note="", attachment=None, at=None, notified=""
) -> SupportCaseLogEntry:
    entry = SupportCaseLogEntry(
        case=case,
        action=action,
        actor=actor if actor and actor.is_authenticated else None,
        at=at or timezone.now(),
        from_level=from_level,
        to_level=case.level,
        from_status=from_status,
        to_status=case.status,
        note=note,
        notified=notified,
    )
    if attachment:
        entry.attachment = attachment
    entry.save()
    return entry


def owner_recipients(*, department_id: int | None, level: str) -> list[str]:
    """Who hears that a case landed with them: the owning department's head and staff; at city
    level also the project office."""
    emails = []
    if department_id:
        department = Department.objects.filter(pk=department_id).first()
        if department and department.head_email:
            emails.append(department.head_email)
        emails += User.objects.filter(
            is_active=True, role=UserRoleChoices.DEPARTMENT, department_id=department_id
        ).values_list("email", flat=True)
    if level == Level.CITY:
        emails += User.objects.filter(is_active=True, role=UserRoleChoices.OFFICE).values_list("email", flat=True)
    return sorted({e for e in emails if e})


def _notify_escalation(case_ids: list[int]) -> None:
    """One email per escalated case to its new owner, sent after the escalation committed."""
    cases = SupportCase.objects.filter(pk__in=case_ids).select_related("project", "owner_department")
    recipients_for = {}
    with translation.override(settings.LANGUAGE_CODE):
        for case in cases:
            key = (case.owner_department_id, case.level)
            if key not in recipients_for:
                recipients_for[key] = owner_recipients(department_id=key[0], level=key[1])
            recipients = recipients_for[key]
            if not recipients:
                continue
            subject = _("Support case #%(id)s escalated to %(level)s level: %(project)s") % {
                "id": case.pk,
                "level": case.get_level_display(),
                "project": case.project.name,
            }
            body = _(
                "Project: %(code)s %(project)s\nCategory: %(category)s\nDescription: %(description)s\n"
                "Now owned by: %(owner)s\nDue: %(due)s\n"
            ) % {
                "code": case.project.code,
                "project": case.project.name,
                "category": case.get_category_display(),
                "description": case.description,
                "owner": case.owner_department.name,
                "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M"),
            }
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


def _source_for(user) -> str:
    if user.role == UserRoleChoices.DISTRICT:
        return SupportCaseSourceChoices.DISTRICT
    if user.role == UserRoleChoices.DEPARTMENT:
        return SupportCaseSourceChoices.DEPARTMENT
    return SupportCaseSourceChoices.OFFICE


def _owner_at(level: str, *, project: Project, service_level: ServiceLevel, current_id: int | None = None) -> int:
    """District-level cases sit with the project's responsible department beside the district;
    a case that leaves the district goes to the department handling its category."""
    if level == Level.DISTRICT:
        return project.department_id
    if service_level.department_id:
        return service_level.department_id
    return current_id or project.department_id


@transaction.atomic
def case_raise(
    *,
    project: Project,
    category: str,
    description: str,
    actor,
    level: str | None = None,
    owner_department: Department | None = None,
    source: str | None = None,
    land_mu: Decimal | None = None,
    attachment=None,
    now: datetime.datetime | None = None,
) -> SupportCase:
    """Open a case for a project; its clock starts from the category's service level."""
    _require(can_raise_for(actor, project))
    now = now or timezone.now()
    source = source or _source_for(actor)
    if level is None:
        level = Level.DEPARTMENT if source == SupportCaseSourceChoices.DEPARTMENT else Level.DISTRICT
    if not actor.is_office:
        # Only the office puts a case straight on the city's table or picks its owner.
        level = Level.DEPARTMENT if source == SupportCaseSourceChoices.DEPARTMENT else Level.DISTRICT
        owner_department = None
    service_level = service_level_for(category)
    case = SupportCase(
        project=project,
        category=category,
        description=description.strip(),
        source=source,
        raised_by=actor,
        raised_at=now,
        level=level,
        status=Status.OPEN,
        land_mu=land_mu,
    )
    case.owner_department_id = (
        owner_department.pk if owner_department else _owner_at(level, project=project, service_level=service_level)
    )
    _set_due(case, case_due_at(start=now, working_days=service_level.working_days))
    case.sla_due_at = case.due_at
    case.full_clean()
    case.save()
    _log(case=case, action=Action.RAISE, actor=actor, note=case.description, attachment=attachment, at=now)
    return case


def _locked(case: SupportCase) -> SupportCase:
    return SupportCase.objects.select_for_update().select_related("project").get(pk=case.pk)


@transaction.atomic
def case_take(*, case: SupportCase, actor, note: str = "") -> SupportCase:
    """The owner takes the case up (in progress)."""
    case = _locked(case)
    _require(can_act_on(actor, case))
    if case.status not in (Status.OPEN, Status.ESCALATED):
        raise ValidationError(_("Only an open or escalated case can be taken up."))
    from_status = case.status
    case.status = Status.IN_PROGRESS
    case.full_clean()
    case.save()
    _log(case=case, action=Action.TAKE, actor=actor, from_level=case.level, from_status=from_status, note=note)
    return case


def _escalate_one(case: SupportCase, *, now, actor=None, action=Action.ESCALATE, note="") -> SupportCase:
    next_level = NEXT_CASE_LEVEL.get(case.level)
    if next_level is None:
        raise ValidationError(_("A city-level case cannot be escalated further; put it on a meeting agenda."))
    from_level, from_status = case.level, case.status
    service_level = service_level_for(case.category)
    case.level = next_level
    case.status = Status.ESCALATED
    case.owner_department_id = _owner_at(
        next_level, project=case.project, service_level=service_level, current_id=case.owner_department_id
    )
    case.escalated_at = now
    _set_due(case, case_due_at(start=now, working_days=service_level.working_days))
    case.full_clean()
    case.save()
    recipients = owner_recipients(department_id=case.owner_department_id, level=case.level)
    _log(
        case=case,
        action=action,
        actor=actor,
        from_level=from_level,
        from_status=from_status,
        note=note,
        at=now,
        notified=", ".join(recipients)[:300],
    )
    transaction.on_commit(lambda: _notify_escalation([case.pk]))
    return case


@transaction.atomic
def case_escalate(*, case: SupportCase, actor, note: str = "", now=None) -> SupportCase:
    """The owner hands a case it cannot solve up one level; the new owner is told once."""
    case = _locked(case)
    _require(can_act_on(actor, case))
    if case.is_settled:
        raise ValidationError(_("A resolved or closed case is not escalated."))
    return _escalate_one(case, now=now or timezone.now(), actor=actor, note=note)


def _refresh_finding(case: SupportCase) -> None:
    finding = InspectionFinding.objects.filter(case=case).select_related("visit").first()
    if finding is None:
        return
    finding.follow_up = InspectionFollowUpChoices.CLOSED if case.is_settled else InspectionFollowUpChoices.IN_PROGRESS
    finding.save(update_fields=["follow_up"])
    inspection_refresh_follow_up(inspection_id=finding.visit.inspection_id)


@transaction.atomic
def case_resolve(
    *,
    case: SupportCase,
    actor,
    resolution: str,
    resolved_on: datetime.date | None = None,
    land_mu: Decimal | None = None,
    attachment=None,
    now=None,
) -> SupportCase:
    """The owner records how the problem was solved (and, for land, the mu secured)."""
    case = _locked(case)
    _require(can_act_on(actor, case))
    if case.is_settled:
        raise ValidationError(_("This case is already resolved."))
    now = now or timezone.now()
    from_level, from_status = case.level, case.status
    case.status = Status.RESOLVED
    case.resolution = (resolution or "").strip()
    case.resolved_on = resolved_on or timezone.localdate(now)
    # A resolution dated in the past (entered late) counts from that day's end, not from now.
    case.resolved_at = now if resolved_on is None else max(case.raised_at, min(now, end_of_day(resolved_on)))
    if land_mu is not None:
        case.land_mu = land_mu
    case.full_clean()
    case.save()
    _log(
        case=case,
        action=Action.RESOLVE,
        actor=actor,
        from_level=from_level,
        from_status=from_status,
        note=case.resolution,
        attachment=attachment,
        at=now,
    )
    _refresh_finding(case)
    return case


@transaction.atomic
def case_close(*, case: SupportCase, actor, note: str = "") -> SupportCase:
    """The raising side confirms the solution; the case leaves every list of open work."""
    case = _locked(case)
    _require(can_close(actor, case))
    if case.status != Status.RESOLVED:
        raise ValidationError(_("Only a resolved case can be closed."))
    case.status = Status.CLOSED
    case.full_clean()
    case.save()
    _log(case=case, action=Action.CLOSE, actor=actor, from_level=case.level, from_status=Status.RESOLVED, note=note)
    _refresh_finding(case)
    return case


@transaction.atomic
def case_reopen(*, case: SupportCase, actor, note: str) -> SupportCase:
    """The raising side finds the problem not solved after all: the case is open again."""
    case = _locked(case)
    _require(can_close(actor, case))
    if case.status != Status.RESOLVED:
        raise ValidationError(_("Only a resolved case can be reopened."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the case is reopened.")})
    case.status = Status.IN_PROGRESS
    case.resolved_on = None
    case.resolved_at = None
    case.resolution = ""
    case.full_clean()
    case.save()
    _log(case=case, action=Action.REOPEN, actor=actor, from_level=case.level, from_status=Status.RESOLVED, note=note)
    _refresh_finding(case)
    return case


@transaction.atomic
def case_reassign(
    *,
    case: SupportCase,
    actor,
    owner_department: Department,
    deadline: datetime.date,
    note: str = "",
    level: str | None = None,
) -> SupportCase:
    """The office (usually from a meeting decision) gives a case to a department with a deadline."""
    _require_office(actor)
    case = _locked(case)
    if case.is_settled:
        raise ValidationError(_("A resolved or closed case is not reassigned."))
    from_level, from_status = case.level, case.status
    case.owner_department = owner_department
    if level:
        case.level = level
    case.status = Status.IN_PROGRESS
    _set_due(case, end_of_day(deadline))
    case.full_clean()
    case.save()
    _log(case=case, action=Action.REASSIGN, actor=actor, from_level=from_level, from_status=from_status, note=note)
    return case


@transaction.atomic
def case_comment(*, case: SupportCase, actor, note: str, attachment=None) -> SupportCaseLogEntry:
    """A note or a document on the timeline, from anyone who may work or close the case."""
    _require(can_act_on(actor, case) or can_close(actor, case))
    if not note.strip() and not attachment:
        raise ValidationError({"note": _("Write a note or attach a file.")})
    return _log(
        case=case,
        action=Action.COMMENT,
        actor=actor,
        from_level=case.level,
        from_status=case.status,
        note=note,
        attachment=attachment,
    )


@dataclass(frozen=True)
class EscalationResult:
    escalated: int
    case_ids: tuple[int, ...]
    message: str


@transaction.atomic
def cases_escalate_overdue(*, now: datetime.datetime | None = None) -> EscalationResult:
    """Move every unsettled case past its due one level up, with a new clock from its service
    level. Set-based: one locking read, one update per (level, category), one bulk insert of log
    entries. A case is escalated when `due_at < now`; the new due is in the future, so running
    the job again escalates nothing more."""
    now = now or timezone.now()
    rows = list(
        SupportCase.objects.select_for_update()
        .filter(due_at__lt=now, level__in=list(NEXT_CASE_LEVEL))
        .exclude(status__in=SETTLED_CASE_STATUSES)
        .values_list("pk", "level", "category", "status", "owner_department_id")
    )
    if not rows:
        return EscalationResult(0, (), _("No case is past its due: nothing escalated."))
    service_levels = {sl.category: sl for sl in ServiceLevel.objects.all()}
    groups = defaultdict(list)
    for pk, level, category, status, owner_id in rows:
        groups[(level, category)].append((pk, status, owner_id))

    entries = []
    recipients_for = {}
    for (level, category), members in groups.items():
        service_level = service_levels.get(category) or ServiceLevel(
            category=category, working_days=DEFAULT_SERVICE_LEVEL_DAYS
        )
        next_level = NEXT_CASE_LEVEL[level]
        due_at = case_due_at(start=now, working_days=service_level.working_days)
        update = {
            "level": next_level,
            "status": Status.ESCALATED,
            "due_at": due_at,
            "due_date": timezone.localdate(due_at),
            "escalated_at": now,
        }
        if service_level.department_id:
            update["owner_department_id"] = service_level.department_id
        SupportCase.objects.filter(pk__in=[m[0] for m in members]).update(**update)
        for pk, status, owner_id in members:
            new_owner = update.get("owner_department_id", owner_id)
            if (new_owner, next_level) not in recipients_for:
                recipients_for[(new_owner, next_level)] = owner_recipients(department_id=new_owner, level=next_level)
            entries.append(
                SupportCaseLogEntry(
                    case_id=pk,
                    action=Action.AUTO_ESCALATE,
                    at=now,
                    from_level=level,
                    to_level=next_level,
                    from_status=status,
                    to_status=Status.ESCALATED,
                    note=_("Past its due: escalated automatically."),
                    notified=", ".join(recipients_for[(new_owner, next_level)])[:300],
                )
            )
    SupportCaseLogEntry.objects.bulk_create(entries)
    ids = tuple(sorted(pk for pk, *_rest in rows))
    transaction.on_commit(lambda: _notify_escalation(list(ids)))
    return EscalationResult(len(ids), ids, _("%(n)d overdue cases escalated one level.") % {"n": len(ids)})


# ---------------------------------------------------------------------------------------------
# Coordination meetings
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, actor, date: datetime.date, title: str, chair: str = "", location: str = "", level: str = Level.CITY
) -> CoordinationMeeting:
    """A meeting whose agenda is every unsettled case at its level not already waiting for a
    decision on another agenda."""
    _require_office(actor)
    meeting = CoordinationMeeting(date=date, title=title, chair=chair, location=location, level=level, created_by=actor)
    meeting.full_clean()
    meeting.save()
    pending = MeetingItem.objects.filter(decision="").values("case_id")
    cases = list(
        SupportCase.objects.unsettled()
        .filter(level=level)
        .exclude(pk__in=pending)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    MeetingItem.objects.bulk_create(
        [MeetingItem(meeting=meeting, case_id=pk, order=i) for i, pk in enumerate(cases, start=1)]
    )
    SupportCase.objects.filter(pk__in=cases).update(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_add_case(*, meeting: CoordinationMeeting, case: SupportCase, actor) -> MeetingItem:
    _require_office(actor)
    last = meeting.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = MeetingItem(meeting=meeting, case=case, order=last + 1)
    item.full_clean()
    item.save()
    SupportCase.objects.filter(pk=case.pk).update(meeting=meeting)
    return item


@transaction.atomic
def meeting_item_decide(
    *,
    item: MeetingItem,
    actor,
    decision: str,
    assignee: Department | None = None,
    deadline: datetime.date | None = None,
) -> MeetingItem:
    """Record the meeting's decision on a case; with an assignee and a deadline the case is
    handed to that department on that clock."""
    _require_office(actor)
    item.decision = decision.strip()
    item.assignee = assignee
    item.deadline = deadline
    if not item.decision:
        raise ValidationError({"decision": _("Write the meeting's decision.")})
    item.full_clean()
    if assignee and deadline and not item.case.is_settled:
        case_reassign(
            case=item.case,
            actor=actor,
            owner_department=assignee,
            deadline=deadline,
            note=_("Decision of %(meeting)s: %(decision)s") % {"meeting": item.meeting, "decision": item.decision},
        )
        item.applied_at = timezone.now()
    item.save()
    return item


@transaction.atomic
def meeting_update_minutes(*, meeting: CoordinationMeeting, actor, minutes: str) -> CoordinationMeeting:
    _require_office(actor)
    meeting.minutes = minutes
    meeting.full_clean()
    meeting.save()
    return meeting


# ---------------------------------------------------------------------------------------------
# Inspections
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(*, actor, date: datetime.date, title: str, inspectors: str, summary: str = "") -> Inspection:
    _require_office(actor)
    inspection = Inspection(date=date, title=title, inspectors=inspectors, summary=summary, created_by=actor)
    inspection.full_clean()
    inspection.save()
    return inspection


@transaction.atomic
def inspection_visit_add(
    *, inspection: Inspection, actor, project: Project, rating: str, score: int | None = None, comment: str = ""
) -> InspectionVisit:
    _require_office(actor)
    visit = InspectionVisit(inspection=inspection, project=project, rating=rating, score=score, comment=comment)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def inspection_finding_add(*, visit: InspectionVisit, actor, description: str, category: str) -> InspectionFinding:
    _require_office(actor)
    finding = InspectionFinding(visit=visit, description=description.strip(), category=category)
    finding.full_clean()
    finding.save()
    inspection_refresh_follow_up(inspection_id=visit.inspection_id)
    return finding


@transaction.atomic
def inspection_photo_add(*, inspection: Inspection, actor, image, caption: str = "", project=None) -> InspectionPhoto:
    _require_office(actor)
    photo = InspectionPhoto(inspection=inspection, image=image, caption=caption, project=project)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def finding_open_case(*, finding: InspectionFinding, actor, owner_department: Department | None = None) -> SupportCase:
    """Turn an inspection finding into a support case in one step (once)."""
    _require_office(actor)
    finding = InspectionFinding.objects.select_for_update().select_related("visit__project").get(pk=finding.pk)
    if finding.case_id:
        raise ValidationError(_("This finding already has a support case."))
    case = case_raise(
        project=finding.visit.project,
        category=finding.category,
        description=finding.description,
        actor=actor,
        source=SupportCaseSourceChoices.INSPECTION,
        owner_department=owner_department,
    )
    finding.case = case
    finding.follow_up = InspectionFollowUpChoices.IN_PROGRESS
    finding.save(update_fields=["case", "follow_up"])
    inspection_refresh_follow_up(inspection_id=finding.visit.inspection_id)
    return case


@transaction.atomic
def finding_issue_notice(*, finding: InspectionFinding, actor, deadline: datetime.date | None = None):
    """Issue a supervision notice (督办函) to the project's responsible department for a finding,
    in one step (once); the finding is followed up until the notice is closed."""
    from dispatch.choices import WarningNoticeKindChoices
    from dispatch.services.notices import warning_notice_issue

    _require_office(actor)
    finding = (
        InspectionFinding.objects.select_for_update()
        .select_related("visit__project", "visit__inspection")
        .get(pk=finding.pk)
    )
    if finding.notice_id:
        raise ValidationError(_("This finding already has a warning notice."))
    inspection = finding.visit.inspection
    notice = warning_notice_issue(
        project=finding.visit.project,
        issued_by=actor,
        kind=WarningNoticeKindChoices.SUPERVISION,
        reasons=_("Inspection of %(date)s (%(title)s) found: %(finding)s")
        % {"date": inspection.date.isoformat(), "title": inspection.title, "finding": finding.description},
        deadline=deadline,
    )
    finding.notice = notice
    if finding.follow_up == InspectionFollowUpChoices.OPEN:
        finding.follow_up = InspectionFollowUpChoices.IN_PROGRESS
    finding.save(update_fields=["notice", "follow_up"])
    inspection_refresh_follow_up(inspection_id=inspection.pk)
    return notice


@transaction.atomic
def finding_close(*, finding: InspectionFinding, actor) -> InspectionFinding:
    _require_office(actor)
    if finding.case_id and not finding.case.is_settled:
        raise ValidationError(_("The finding's support case is still open."))
    if finding.notice_id and finding.notice.status != "closed":
        raise ValidationError(_("The finding's warning notice is not closed yet."))
    finding.follow_up = InspectionFollowUpChoices.CLOSED
    finding.save(update_fields=["follow_up"])
    inspection_refresh_follow_up(inspection_id=finding.visit.inspection_id)
    return finding


def inspection_refresh_follow_up(*, inspection_id: int) -> None:
    """An inspection is followed up until every finding is closed."""
    states = set(
        InspectionFinding.objects.filter(visit__inspection_id=inspection_id).values_list("follow_up", flat=True)
    )
    if not states or states == {InspectionFollowUpChoices.CLOSED}:
        state = InspectionFollowUpChoices.CLOSED
    elif states == {InspectionFollowUpChoices.OPEN}:
        state = InspectionFollowUpChoices.OPEN
    else:
        state = InspectionFollowUpChoices.IN_PROGRESS
    closed_on = timezone.localdate() if state == InspectionFollowUpChoices.CLOSED else None
    Inspection.objects.filter(pk=inspection_id).exclude(follow_up=state).update(follow_up=state, closed_on=closed_on)


# ---------------------------------------------------------------------------------------------
# Settings the office keeps
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def service_level_set(*, actor, category: str, working_days: int, department: Department | None = None) -> ServiceLevel:
    _require_office(actor)
    level, _created = ServiceLevel.objects.get_or_create(category=category)
    level.working_days = working_days
    level.department = department
    level.updated_by = actor
    level.full_clean()
    level.save()
    return level


@transaction.atomic
def approval_baseline_set(*, actor, days: int, note: str = "") -> ApprovalBaseline:
    _require_office(actor)
    baseline = ApprovalBaseline.load()
    baseline.days = days
    baseline.note = note
    baseline.full_clean()
    baseline.save()
    return baseline


@transaction.atomic
def land_target_set(*, actor, year: int, target_mu: Decimal) -> AnnualTarget:
    """The idle-land target is one of the office's annual targets, shown on the dashboard too."""
    _require_office(actor)
    current = AnnualTarget.objects.filter(year=year, metric=AnnualTargetMetricChoices.IDLE_LAND).first()
    return annual_target_save(
        year=year,
        metric=AnnualTargetMetricChoices.IDLE_LAND,
        target_value=target_mu,
        manual_value=current.manual_value if current else None,
        note=current.note if current else "",
        target=current,
    )

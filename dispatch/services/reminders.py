"""Filing reminders: department and district users with reports still missing for a month are
reminded on the 1st and the 4th; after the filing deadline the department head is told. Each
message is recorded first, so a rerun of the same round sends nothing twice."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dispatch.models import FilingReminder
from portfolio.choices import UserRoleChoices
from portfolio.models import User
from portfolio.months import parse_month
from portfolio.workdays import filing_deadline
from projects.choices import COUNTED_REPORT_STATUSES, AnnualPlanNatureChoices, ProjectStageChoices
from projects.models import Project

from .alerts import JobResult, month_end

ROUND_REMINDER_FIRST = "reminder-1"
ROUND_REMINDER_SECOND = "reminder-4"
ROUND_ESCALATION = "escalation"


def projects_missing_reports(*, month: str):
    """Projects on the year's list that must report for `month` (the reporting rule's scope)
    and have no submitted or approved report for it yet."""
    year, _number = parse_month(month)
    end = month_end(month)
    return (
        Project.objects.on_list(year)
        .filter(
            Q(stage=ProjectStageChoices.CONSTRUCTION)
            | Q(annual_plans__year=year, annual_plans__nature=AnnualPlanNatureChoices.NEW, actual_start__lte=end)
        )
        .exclude(monthly_reports__month=month, monthly_reports__status__in=COUNTED_REPORT_STATUSES)
        .distinct()
    )


def _record_and_send(*, month, round_name, email, subject, body, user=None, department=None, count=0) -> bool:
    try:
        with transaction.atomic():
            FilingReminder.objects.create(
                month=month,
                round=round_name,
                email=email,
                user=user,
                department=department,
                project_count=count,
            )
    except IntegrityError:
        return False  # already sent in this round
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return True


def filing_reminders_send(*, month: str, round_name: str = ROUND_REMINDER_FIRST, progress=None) -> JobResult:
    """Remind department and district users of their projects still without a report."""
    missing = list(projects_missing_reports(month=month).values("code", "name", "department_id", "district_id"))
    by_department, by_district = defaultdict(list), defaultdict(list)
    for row in missing:
        by_department[row["department_id"]].append(row)
        by_district[row["district_id"]].append(row)
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(role=UserRoleChoices.DEPARTMENT, department_id__in=by_department)
            | Q(role=UserRoleChoices.DISTRICT, district_id__in=by_district)
        )
    )
    deadline = filing_deadline(month)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            rows = (
                by_department[user.department_id]
                if user.role == UserRoleChoices.DEPARTMENT
                else by_district[user.district_id]
            )
            lines = "\n".join(f"{r['code']} {r['name']}" for r in rows)
            subject = _("Monthly reports for %(month)s are due by %(deadline)s") % {
                "month": month,
                "deadline": deadline.isoformat(),
            }
            body = _("%(count)s of your projects have no submitted report for %(month)s yet:\n%(lines)s") % {
                "count": len(rows),
                "month": month,
                "lines": lines,
            }
            sent += _record_and_send(
                month=month,
                round_name=round_name,
                email=user.email,
                subject=subject,
                body=body,
                user=user,
                department=user.department,
                count=len(rows),
            )
    message = _("Filing reminders for %(month)s (%(round)s): %(sent)s sent.") % {
        "month": month,
        "round": round_name,
        "sent": sent,
    }
    return JobResult(month=month, written=sent, message=message)


def filing_escalation_send(*, month: str, today: datetime.date | None = None, progress=None) -> JobResult:
    """After the filing deadline, tell each department head which projects are still missing."""
    today = today or timezone.localdate()
    deadline = filing_deadline(month)
    if today <= deadline:
        message = _("The deadline %(deadline)s has not passed: nothing escalated.") % {"deadline": deadline}
        return JobResult(month=month, written=0, message=message)
    missing = projects_missing_reports(month=month).select_related("department")
    by_department = defaultdict(list)
    for project in missing:
        by_department[project.department].append(project)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for department, projects in by_department.items():
            if not department.head_email:
                continue
            subject = _("Overdue monthly reports for %(month)s: %(department)s") % {
                "month": month,
                "department": department.name,
            }
            body = _("The filing deadline %(deadline)s has passed; %(count)s project(s) have no report:\n%(lines)s") % {
                "deadline": deadline.isoformat(),
                "count": len(projects),
                "lines": "\n".join(f"{p.code} {p.name}" for p in projects),
            }
            sent += _record_and_send(
                month=month,
                round_name=ROUND_ESCALATION,
                email=department.head_email,
                subject=subject,
                body=body,
                department=department,
                count=len(projects),
            )
    message = _("Filing escalations for %(month)s: %(sent)s sent.") % {"month": month, "sent": sent}
    return JobResult(month=month, written=sent, message=message)

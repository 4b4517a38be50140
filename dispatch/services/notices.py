"""Warning notices (两函一单): issue, reply, close, re-issue; exemptions and rule settings."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.choices import (
    NOTICE_NUMBER_PREFIX,
    AlertLevelChoices,
    WarningNoticeKindChoices,
    WarningNoticeStatusChoices,
)
from dispatch.models import Alert, AlertRule, Exemption, WarningNotice
from portfolio.workdays import is_working_day
from projects.models import Project

NOTICE_REPLY_WORKING_DAYS = 10
STATUS = WarningNoticeStatusChoices


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` on China's official calendar (调休 included)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def notice_number(kind: str, year: int, sequence: int) -> str:
    return f"{NOTICE_NUMBER_PREFIX[kind]}〔{year}〕第{sequence}号"


def reasons_text(alert: Alert | None) -> str:
    if alert is None or not alert.reasons:
        return ""
    return "\n".join(f"{i}. {r['message']}" for i, r in enumerate(alert.reasons, start=1))


def _next_sequence(kind: str, year: int) -> int:
    top = WarningNotice.objects.filter(kind=kind, year=year).aggregate(top=Max("sequence"))["top"]
    return (top or 0) + 1


def warning_notice_issue(
    *,
    project: Project,
    issued_by,
    kind: str = WarningNoticeKindChoices.SUPERVISION,
    alert: Alert | None = None,
    reasons: str = "",
    deadline: datetime.date | None = None,
    reissued_from: WarningNotice | None = None,
) -> WarningNotice:
    """Issue one notice to the project's responsible department, numbered per kind and year.
    Two offices issuing at once may pick the same number: the unique constraint refuses the
    second, which retries with the next number."""
    now = timezone.now()
    today = timezone.localdate(now)
    reasons = reasons.strip() or reasons_text(alert)
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the notice.")})
    for _attempt in range(5):
        sequence = _next_sequence(kind, today.year)
        notice = WarningNotice(
            project=project,
            alert=alert,
            kind=kind,
            year=today.year,
            sequence=sequence,
            number=notice_number(kind, today.year, sequence),
            department_id=project.department_id,
            month=alert.month if alert else "",
            reasons=reasons,
            issued_at=now,
            issued_by=issued_by,
            deadline=deadline or add_working_days(today, NOTICE_REPLY_WORKING_DAYS),
            reissued_from=reissued_from,
        )
        notice.full_clean(exclude=["number", "sequence"])
        try:
            with transaction.atomic():
                notice.save()
            return notice
        except IntegrityError:
            continue
    raise IntegrityError("Could not allocate a notice number; try again.")


@transaction.atomic
def warning_notices_issue_for_alerts(
    *,
    alerts,
    issued_by,
    kind: str = WarningNoticeKindChoices.SUPERVISION,
    working_days: int = NOTICE_REPLY_WORKING_DAYS,
) -> list[WarningNotice]:
    """Issue notices in bulk from alerts (red ones, or yellow ones the office chose), skipping
    alerts that already have an open notice so a double click issues nothing twice."""
    alerts = list(alerts.select_related("project").exclude(level=AlertLevelChoices.GREEN))
    open_for = set(
        WarningNotice.objects.filter(alert__in=alerts).exclude(status=STATUS.CLOSED).values_list("alert_id", flat=True)
    )
    deadline = add_working_days(timezone.localdate(), working_days)
    return [
        warning_notice_issue(project=alert.project, alert=alert, kind=kind, issued_by=issued_by, deadline=deadline)
        for alert in alerts
        if alert.pk not in open_for
    ]


def _check_answerable(notice: WarningNotice, user) -> None:
    if user.is_office:
        return
    if not user.is_filer or not Project.objects.visible_to(user).filter(pk=notice.project_id).exists():
        raise PermissionDenied(_("Only the addressed department answers this notice."))


@transaction.atomic
def warning_notice_reply(*, notice: WarningNotice, reply: str, user) -> WarningNotice:
    """The department's rectification plan; it may be amended until the office closes it."""
    _check_answerable(notice, user)
    if notice.status == STATUS.CLOSED:
        raise ValidationError({"reply": _("This notice is closed.")})
    if not (reply or "").strip():
        raise ValidationError({"reply": _("Describe the rectification plan.")})
    notice.reply = reply.strip()
    notice.replied_at = timezone.now()
    notice.replied_by = user
    notice.status = STATUS.REPLIED
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def warning_notice_close(*, notice: WarningNotice, user) -> WarningNotice:
    if not user.is_office:
        raise PermissionDenied
    if notice.status == STATUS.CLOSED:
        return notice
    notice.status = STATUS.CLOSED
    notice.closed_at = timezone.now()
    notice.closed_by = user
    notice.save()
    return notice


@transaction.atomic
def warning_notice_reissue(*, notice: WarningNotice, user, kind: str | None = None) -> WarningNotice:
    """Close a notice whose answer is not enough and issue a new one (by default one step
    sharper: reminder -> supervision -> assignment) with the same reasons."""
    if not user.is_office:
        raise PermissionDenied
    order = list(WarningNoticeKindChoices.values)
    kind = kind or order[min(order.index(notice.kind) + 1, len(order) - 1)]
    warning_notice_close(notice=notice, user=user)
    return warning_notice_issue(
        project=notice.project,
        alert=notice.alert,
        kind=kind,
        reasons=notice.reasons,
        issued_by=user,
        reissued_from=notice,
    )


# --- Exemptions and rule settings ----------------------------------------------------------------


@transaction.atomic
def exemption_create(
    *,
    project: Project,
    rule: str,
    reason: str,
    valid_until: datetime.date,
    granted_by,
    valid_from: datetime.date | None = None,
) -> Exemption:
    exemption = Exemption(
        project=project, rule=rule, reason=reason, valid_until=valid_until, valid_from=valid_from, granted_by=granted_by
    )
    exemption.full_clean()
    exemption.save()
    return exemption


@transaction.atomic
def exemption_update(*, exemption: Exemption, user, **fields) -> Exemption:
    for name, value in fields.items():
        setattr(exemption, name, value)
    exemption._history_user = user
    exemption.full_clean()
    exemption.save()
    return exemption


@transaction.atomic
def alert_rule_update(*, rule: AlertRule, enabled: bool, thresholds: dict, user) -> AlertRule:
    """The office edits a rule; django-simple-history keeps who changed what and when."""
    rule.enabled = enabled
    rule.thresholds = thresholds
    rule._history_user = user
    rule.full_clean()
    rule.save()
    return rule

"""Thin Celery shells around dispatch services: arguments in, a tracked service call, retries."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio.jobs import tracked_job
from portfolio.months import resolve_month
from portfolio.workdays import filing_deadline

from . import services

JOB_OPTIONS = {
    "bind": True,
    "acks_late": True,  # the services write idempotently, so a redelivered task is harmless
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 20 * 60,
    "time_limit": 25 * 60,
}


def _filing_still_open(month: str) -> bool:
    """The filing deadline moves to a working day, so the schedule fires on several days and
    the month is judged only once its reports were due."""
    return timezone.localdate() <= filing_deadline(month)


@shared_task(**JOB_OPTIONS)
def compute_alerts_task(
    self, month: str = "previous", job_run_id: int | None = None, after_deadline: bool = False
) -> str:
    month = resolve_month(month)
    if after_deadline and _filing_still_open(month):
        return _("Filing deadline for %(month)s not passed yet: alerts not computed.") % {"month": month}
    with tracked_job(
        name="compute_alerts", job_run_id=job_run_id, arguments={"month": month}, celery_task_id=self.request.id
    ) as job:
        job.message = services.alerts_compute(
            month=month, triggered_by=job.run.triggered_by, progress=job.report_progress, job_run_id=job.run.pk
        ).message
    return job.message


@shared_task(**JOB_OPTIONS)
def compute_rankings_task(
    self,
    month: str = "previous",
    job_run_id: int | None = None,
    republish: bool = False,
    reason: str = "",
    after_deadline: bool = False,
) -> str:
    month = resolve_month(month)
    if after_deadline and _filing_still_open(month):
        return _("Filing deadline for %(month)s not passed yet: rankings not computed.") % {"month": month}
    with tracked_job(
        name="compute_rankings", job_run_id=job_run_id, arguments={"month": month}, celery_task_id=self.request.id
    ) as job:
        job.message = services.rankings_compute(
            month=month,
            republish=republish,
            reason=reason,
            triggered_by=job.run.triggered_by,
            progress=job.report_progress,
        ).message
    return job.message


@shared_task(**JOB_OPTIONS)
def escalate_overdue_cases_task(self) -> str:
    """Support cases past their due move up one level (idempotent: the new due is ahead)."""
    from . import support_services

    return support_services.cases_escalate_overdue().message


@shared_task(**JOB_OPTIONS)
def send_filing_reminders_task(
    self, month: str = "previous", round_name: str = "reminder-1", job_run_id: int | None = None
) -> str:
    month = resolve_month(month)
    with tracked_job(
        name="filing_reminders",
        job_run_id=job_run_id,
        arguments={"month": month, "round": round_name},
        celery_task_id=self.request.id,
    ) as job:
        job.message = services.filing_reminders_send(month=month, round_name=round_name).message
    return job.message


@shared_task(**JOB_OPTIONS)
def escalate_filing_task(self, month: str = "previous", job_run_id: int | None = None) -> str:
    month = resolve_month(month)
    with tracked_job(
        name="filing_escalation", job_run_id=job_run_id, arguments={"month": month}, celery_task_id=self.request.id
    ) as job:
        job.message = services.filing_escalation_send(month=month).message
    return job.message


# The jobs the office may start from the portal: name -> (task, label).
PORTAL_JOBS = {
    "compute_alerts": compute_alerts_task,
    "compute_rankings": compute_rankings_task,
    "filing_reminders": send_filing_reminders_task,
    "filing_escalation": escalate_filing_task,
}

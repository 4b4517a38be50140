"""Thin Celery shells around dispatch services: arguments in, a tracked service call, retries."""

from celery import shared_task
from django.db import DatabaseError

from portfolio.jobs import tracked_job
from portfolio.months import resolve_month

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


@shared_task(**JOB_OPTIONS)
def compute_alerts_task(self, month: str = "previous", job_run_id: int | None = None) -> str:
    month = resolve_month(month)
    with tracked_job(
        name="compute_alerts", job_run_id=job_run_id, arguments={"month": month}, celery_task_id=self.request.id
    ) as job:
        job.message = services.alerts_compute(month=month, progress=job.report_progress).message
    return job.message


@shared_task(**JOB_OPTIONS)
def compute_rankings_task(self, month: str = "previous", job_run_id: int | None = None) -> str:
    month = resolve_month(month)
    with tracked_job(
        name="compute_rankings", job_run_id=job_run_id, arguments={"month": month}, celery_task_id=self.request.id
    ) as job:
        job.message = services.rankings_compute(month=month, progress=job.report_progress).message
    return job.message


@shared_task(**JOB_OPTIONS)
def escalate_overdue_cases_task(self) -> str:
    """Support cases past their due move up one level (idempotent: the new due is ahead)."""
    from . import support_services

    return support_services.cases_escalate_overdue().message

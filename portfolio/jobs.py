"""Tracking of background jobs in JobRun rows, so that pages can show progress and a run log."""

from contextlib import contextmanager

from django.utils import timezone

from .choices import JobRunStatusChoices
from .models import JobRun


def job_run_create(*, name: str, arguments: dict | None = None, triggered_by=None) -> JobRun:
    return JobRun.objects.create(name=name, arguments=arguments or {}, triggered_by=triggered_by)


class JobTracker:
    def __init__(self, run: JobRun):
        self.run = run
        self.message = ""

    def report_progress(self, percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if percent != self.run.progress:
            self.run.progress = percent
            JobRun.objects.filter(pk=self.run.pk).update(progress=percent)


@contextmanager
def tracked_job(*, name: str, job_run_id: int | None = None, arguments: dict | None = None, celery_task_id: str = ""):
    """Mark a JobRun running, then succeeded with the tracker's message or failed with the error."""
    run = JobRun.objects.filter(pk=job_run_id).first() if job_run_id else None
    if run is None:
        run = JobRun(name=name, arguments=arguments or {})
    run.status = JobRunStatusChoices.RUNNING
    run.started_at = timezone.now()
    run.celery_task_id = celery_task_id or ""
    run.save()
    tracker = JobTracker(run)
    try:
        yield tracker
    except Exception as exc:
        run.status = JobRunStatusChoices.FAILED
        run.message = f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    run.status = JobRunStatusChoices.SUCCEEDED
    run.progress = 100
    run.message = tracker.message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "progress", "message", "finished_at"])

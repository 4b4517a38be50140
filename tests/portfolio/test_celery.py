"""One real worker test: a task sent through Redis is executed by a worker and writes to the
database. Without Redis, the same task runs in-process."""

import pytest

from dispatch.models import Alert
from dispatch.tasks import compute_alerts_task
from portfolio.celery import app
from portfolio.choices import JobRunStatusChoices
from portfolio.models import JobRun
from tests.factories import AnnualPlanFactory, ProjectFactory


@pytest.fixture
def celery_conf():
    """Restore the Celery app's configuration after a test changes it."""
    keys = ("broker_url", "result_backend", "task_always_eager", "task_eager_propagates")
    saved = {key: app.conf[key] for key in keys}
    yield app.conf
    app.conf.update(saved)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_task_sent_through_redis_runs_on_a_real_worker(require_redis, settings, celery_conf):
    from celery.contrib.testing.worker import start_worker

    # A project under construction on 2026's list that filed nothing for September and October.
    project = ProjectFactory(stage="construction")
    AnnualPlanFactory(project=project, year=2026)
    celery_conf.update(broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL, task_always_eager=False)
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=20):
        result = compute_alerts_task.delay(month="2026-10")
        message = result.get(timeout=60)

    run = JobRun.objects.get(name="compute_alerts")
    assert run.status == JobRunStatusChoices.SUCCEEDED
    assert run.celery_task_id == result.id
    assert run.arguments == {"month": "2026-10"}
    assert "2026-10" in message
    assert Alert.objects.get(project=project, month="2026-10").level == "red"


@pytest.mark.django_db
def test_without_redis_the_task_runs_in_process(celery_conf):
    celery_conf.update(task_always_eager=True, task_eager_propagates=True)

    result = compute_alerts_task.delay(month="2026-10")

    assert result.successful()
    run = JobRun.objects.get(name="compute_alerts")
    assert run.status == JobRunStatusChoices.SUCCEEDED
    assert run.progress == 100

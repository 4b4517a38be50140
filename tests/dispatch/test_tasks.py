"""Celery jobs: a real worker on Redis computing a scheduled month on PostgreSQL, reruns and
interrupted runs leaving one alert per project, filing reminders sent once."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail

from dispatch import services
from dispatch.models import Alert, AlertRun, FilingReminder
from dispatch.services import alerts_compute, filing_escalation_send, filing_reminders_send
from dispatch.tasks import compute_alerts_task, compute_rankings_task
from portfolio.choices import JobRunStatusChoices
from portfolio.models import JobRun
from tests.factories import AnnualPlanFactory, DepartmentFactory, MonthlyReportFactory, ProjectFactory, UserFactory

MONTH = "2026-06"


def make_listed(count=5):
    projects = []
    for index in range(count):
        project = ProjectFactory(stage="construction")
        AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("1200.00"))
        if index % 2:
            MonthlyReportFactory(project=project, month=MONTH, completed_investment=Decimal("600.00"))
        projects.append(project)
    return projects


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_scheduled_alert_task_on_a_real_worker(require_postgres, require_redis):
    from celery.contrib.testing.worker import start_worker

    from portfolio.celery import app

    projects = make_listed()
    entry = settings.CELERY_BEAT_SCHEDULE["alerts-previous-month"]
    kwargs = {**entry["kwargs"], "month": MONTH, "after_deadline": False}
    app.control.purge()  # nothing left over from an earlier run in this Redis database
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        first = app.send_task(entry["task"], kwargs=kwargs)
        assert "2026-06" in first.get(timeout=60)
        # A redelivered task (acks_late) runs the same month again: same rows, no duplicate.
        second = app.send_task(entry["task"], kwargs=kwargs)
        second.get(timeout=60)
    assert Alert.objects.filter(month=MONTH).count() == len(projects)
    assert sorted(Alert.objects.filter(month=MONTH).values_list("level", flat=True)) == [
        "green",
        "green",
        "red",
        "red",
        "red",
    ]
    runs = JobRun.objects.filter(name="compute_alerts")
    assert runs.count() >= 2 and all(r.status == JobRunStatusChoices.SUCCEEDED for r in runs)
    assert AlertRun.objects.filter(month=MONTH).count() == runs.count()


@pytest.mark.django_db(transaction=True)
def test_interrupted_run_then_rerun_leaves_one_alert_per_project(monkeypatch):
    projects = make_listed()
    alerts_compute(month=MONTH)
    # A project leaves the list and the data changes; the next run dies after its upsert.
    projects[0].annual_plans.all().delete()
    MonthlyReportFactory(project=projects[2], month=MONTH, completed_investment=Decimal("600.00"))
    real_delete = Alert.objects.none().__class__.delete

    def crash(self):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(Alert.objects.none().__class__, "delete", crash)
    with pytest.raises(RuntimeError):
        compute_alerts_task.apply(kwargs={"month": MONTH}).get()
    # Nothing of the dead run is visible: the previous state stands as a whole.
    assert Alert.objects.filter(month=MONTH).count() == 5
    assert Alert.objects.get(project=projects[2], month=MONTH).level == "red"
    assert JobRun.objects.get().status == JobRunStatusChoices.FAILED
    monkeypatch.setattr(Alert.objects.none().__class__, "delete", real_delete)
    compute_alerts_task.apply(kwargs={"month": MONTH}).get()
    compute_alerts_task.apply(kwargs={"month": MONTH}).get()
    assert Alert.objects.filter(month=MONTH).count() == 4
    assert Alert.objects.get(project=projects[2], month=MONTH).level == "green"


@pytest.mark.django_db
def test_alert_task_waits_for_the_filing_deadline(monkeypatch):
    import dispatch.tasks as tasks

    make_listed(1)
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2026, 7, 6))
    compute_alerts_task.apply(kwargs={"month": MONTH, "after_deadline": True}).get()
    assert not Alert.objects.exists()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2026, 7, 7))
    compute_alerts_task.apply(kwargs={"month": MONTH, "after_deadline": True}).get()
    assert Alert.objects.filter(month=MONTH).count() == 1


@pytest.mark.django_db
def test_ranking_task_waits_for_the_filing_deadline(monkeypatch):
    import dispatch.tasks as tasks
    from dispatch.models import Ranking

    make_listed(1)
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2026, 7, 6))
    compute_rankings_task.apply(kwargs={"month": MONTH, "after_deadline": True}).get()
    assert not Ranking.objects.exists()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2026, 7, 7))
    compute_rankings_task.apply(kwargs={"month": MONTH, "after_deadline": True}).get()
    assert Ranking.objects.filter(month=MONTH).exists()


def test_schedule_names_every_dispatch_job():
    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert {
        "dispatch.tasks.compute_alerts_task",
        "dispatch.tasks.compute_rankings_task",
        "dispatch.tasks.send_filing_reminders_task",
        "dispatch.tasks.escalate_filing_task",
    } <= tasks
    # Rankings follow the alerts on the days after the filing deadline, an hour later.
    rankings, alerts = schedule["rankings-previous-month"], schedule["alerts-previous-month"]
    assert rankings["schedule"].day_of_month == alerts["schedule"].day_of_month == set(range(6, 13))
    assert rankings["schedule"].hour == {3} and alerts["schedule"].hour == {2}
    assert rankings["kwargs"]["after_deadline"] is True
    assert schedule["filing-reminders-1st"]["schedule"].day_of_month == {1}
    assert schedule["filing-reminders-4th"]["schedule"].day_of_month == {4}
    assert schedule["alerts-current-month-nightly"]["kwargs"]["month"] == "current"
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_filing_reminders_sent_once_per_user_and_round(department, other_department, district):
    dept_user = UserFactory(username="fgw", role="department", department=department)
    district_user = UserFactory(username="jp", role="district", district=district)
    UserFactory(username="gxj", role="department", department=other_department)
    missing = ProjectFactory(department=department, district=district, stage="construction")
    AnnualPlanFactory(project=missing, year=2026)
    filed = ProjectFactory(department=other_department, stage="construction")
    AnnualPlanFactory(project=filed, year=2026)
    MonthlyReportFactory(project=filed, month=MONTH)
    draft = ProjectFactory(department=department, district=district, stage="construction")
    AnnualPlanFactory(project=draft, year=2026)
    MonthlyReportFactory(project=draft, month=MONTH, status="draft")

    result = filing_reminders_send(month=MONTH, round_name="reminder-1")
    assert result.written == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([dept_user.email, district_user.email])
    assert missing.code in mail.outbox[0].body and draft.code in mail.outbox[0].body
    assert filed.code not in mail.outbox[0].body
    assert filing_reminders_send(month=MONTH, round_name="reminder-1").written == 0
    assert len(mail.outbox) == 2
    assert filing_reminders_send(month=MONTH, round_name="reminder-4").written == 2
    assert FilingReminder.objects.count() == 4


@pytest.mark.django_db
def test_escalation_to_department_head_after_the_deadline():
    department = DepartmentFactory(code="JTJ", head_email="head@jtj.example.gov.cn")
    project = ProjectFactory(department=department, stage="construction")
    AnnualPlanFactory(project=project, year=2026)
    assert filing_escalation_send(month=MONTH, today=datetime.date(2026, 7, 6)).written == 0  # deadline 07-06
    assert filing_escalation_send(month=MONTH, today=datetime.date(2026, 7, 7)).written == 1
    assert mail.outbox[0].to == ["head@jtj.example.gov.cn"] and project.code in mail.outbox[0].body
    assert filing_escalation_send(month=MONTH, today=datetime.date(2026, 7, 8)).written == 0


@pytest.mark.django_db
def test_notice_numbers_per_kind_and_year_and_working_day_deadline(office_user, monkeypatch):
    project = ProjectFactory()
    first = services.warning_notice_issue(project=project, reasons="a", issued_by=office_user)
    second = services.warning_notice_issue(project=project, reasons="b", issued_by=office_user)
    reminder = services.warning_notice_issue(project=project, reasons="c", issued_by=office_user, kind="reminder")
    year = first.year
    assert [first.number, second.number, reminder.number] == [
        f"督办〔{year}〕第1号",
        f"督办〔{year}〕第2号",
        f"提醒〔{year}〕第1号",
    ]
    # From 2026-09-30 the National Day week is skipped and the 调休 Saturday 10-10 counts.
    assert services.add_working_days(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)
    assert services.add_working_days(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)


@pytest.mark.django_db
def test_notice_numbering_retries_on_a_taken_number(office_user, monkeypatch):
    import dispatch.services.notices as notices

    project = ProjectFactory()
    services.warning_notice_issue(project=project, reasons="a", issued_by=office_user)
    calls = []

    def stale_sequence(kind, year):
        calls.append(1)
        return 1 if len(calls) == 1 else 2  # a concurrent issuer took number 1 meanwhile

    monkeypatch.setattr(notices, "_next_sequence", stale_sequence)
    notice = services.warning_notice_issue(project=project, reasons="b", issued_by=office_user)
    assert notice.sequence == 2 and len(calls) == 2

"""Service levels, the three-level escalation on the clock, notifications and the case steps."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dispatch import support_services as services
from dispatch.models import MeetingItem, SupportCase, SupportCaseLogEntry
from dispatch.tasks import escalate_overdue_cases_task
from portfolio.choices import UserRoleChoices
from portfolio.workdays import add_working_days, is_working_day, next_working_day
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

from .factories_support import InspectionFindingFactory, ServiceLevelFactory, local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 11, 23, 10, 0)


@pytest.fixture
def nature_bureau():
    return DepartmentFactory(code="ZRZY", name="市自然资源局", head_email="head@zrzy.example.gov.cn")


@pytest.fixture
def land_level(nature_bureau):
    return ServiceLevelFactory(category="land", working_days=3, department=nature_bureau)


@pytest.fixture
def project(department, district):
    return ProjectFactory(code="2026-JP-0001", name="金普新区半导体项目", department=department, district=district)


def raise_land_case(project, user, now=MONDAY):
    return services.case_raise(project=project, category="land", description="缺少用地指标 80 亩", actor=user, now=now)


# --- the calendar -------------------------------------------------------------------------------


def test_working_days_follow_the_official_calendar():
    # National Day 2026: 1-7 October off; Saturday 10 October is a make-up working day.
    assert not is_working_day(datetime.date(2026, 10, 5))
    assert is_working_day(datetime.date(2026, 10, 10))
    assert next_working_day(datetime.date(2026, 10, 1)) == datetime.date(2026, 10, 8)
    assert add_working_days(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)
    assert add_working_days(datetime.date(2026, 10, 9), 1) == datetime.date(2026, 10, 10)
    assert add_working_days(datetime.date(2026, 11, 27), 1) == datetime.date(2026, 11, 30)  # Friday -> Monday


def test_raised_case_is_due_after_the_categorys_working_days(district_user, project, land_level):
    case = raise_land_case(project, district_user)
    assert case.level == "district" and case.status == "open" and case.source == "district"
    assert case.due_at == local(2026, 11, 26, 10, 0)
    assert case.due_date == datetime.date(2026, 11, 26)
    assert case.sla_due_at == case.due_at
    assert case.owner_department == project.department
    assert case.log_entries.get().action == "raise"


def test_category_without_service_level_gets_the_default(district_user, project):
    case = services.case_raise(project=project, category="labour", description="缺工", actor=district_user, now=MONDAY)
    assert case.due_at == local(2026, 11, 30, 10, 0)  # five working days


def test_department_raises_at_department_level(department_user, project, land_level):
    case = raise_land_case(project, department_user)
    assert case.level == "department" and case.source == "department"


def test_out_of_scope_and_read_only_users_cannot_raise(project, other_district, viewer_user, leader_user):
    outsider = UserFactory(username="outsider", role=UserRoleChoices.DISTRICT, district=other_district)
    for user in (outsider, viewer_user, leader_user):
        with pytest.raises(PermissionDenied):
            raise_land_case(project, user)
    assert not SupportCase.objects.exists()


def test_office_editing_a_service_level(office_user, department_user, nature_bureau):
    level = services.service_level_set(actor=office_user, category="eia", working_days=7, department=nature_bureau)
    assert level.working_days == 7
    with pytest.raises(PermissionDenied):
        services.service_level_set(actor=department_user, category="eia", working_days=1)


# --- automatic escalation at the boundary -------------------------------------------------------


def test_one_minute_before_due_nothing_escalates(district_user, project, land_level):
    case = raise_land_case(project, district_user)
    result = services.cases_escalate_overdue(now=case.due_at - datetime.timedelta(minutes=1))
    assert result.escalated == 0
    case.refresh_from_db()
    assert case.level == "district" and case.status == "open"


def test_one_minute_after_due_escalates_one_level(
    district_user, project, land_level, nature_bureau, django_capture_on_commit_callbacks
):
    case = raise_land_case(project, district_user)
    after = case.due_at + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cases_escalate_overdue(now=after)
    assert result.escalated == 1
    case.refresh_from_db()
    assert case.level == "department" and case.status == "escalated"
    assert case.owner_department == nature_bureau  # land goes to natural resources
    # A new clock of three working days from the escalation (Thursday 10:01 -> Tuesday 10:01).
    assert case.due_at == local(2026, 12, 1, 10, 1)
    assert case.sla_due_at == local(2026, 11, 26, 10, 0)  # the original promise is kept
    entry = case.log_entries.get(action="auto_escalate")
    assert (entry.from_level, entry.to_level, entry.from_status, entry.to_status) == (
        "district",
        "department",
        "open",
        "escalated",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["head@zrzy.example.gov.cn"]
    assert "金普新区半导体项目" in mail.outbox[0].subject


def test_job_run_twice_escalates_once_and_notifies_once(
    district_user, project, land_level, django_capture_on_commit_callbacks
):
    case = raise_land_case(project, district_user)
    after = case.due_at + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.cases_escalate_overdue(now=after)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.cases_escalate_overdue(now=after + datetime.timedelta(minutes=15))
    assert (first.escalated, second.escalated) == (1, 0)
    case.refresh_from_db()
    assert case.level == "department"
    assert case.log_entries.filter(action="auto_escalate").count() == 1
    assert len(mail.outbox) == 1


def test_escalation_continues_to_city_then_stops(
    district_user, office_user, project, land_level, django_capture_on_commit_callbacks
):
    case = raise_land_case(project, district_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.cases_escalate_overdue(now=case.due_at + datetime.timedelta(minutes=1))
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.cases_escalate_overdue(now=case.due_at + datetime.timedelta(minutes=1))
    case.refresh_from_db()
    assert case.level == "city"
    # At city level the office is told as well.
    assert office_user.email in mail.outbox[-1].to
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cases_escalate_overdue(now=case.due_at + datetime.timedelta(days=30))
    assert result.escalated == 0
    assert len(mail.outbox) == 2


def test_settled_cases_never_escalate(district_user, project, land_level):
    case = raise_land_case(project, district_user)
    services.case_resolve(case=case, actor=district_user, resolution="指标已调剂", now=MONDAY)
    assert services.cases_escalate_overdue(now=MONDAY + datetime.timedelta(days=60)).escalated == 0


def test_the_scheduled_task_runs_the_service(district_user, project, land_level):
    case = raise_land_case(project, district_user, now=local(2020, 1, 6, 10, 0))
    # apply() runs the task in this process, with or without a broker configured.
    message = escalate_overdue_cases_task.apply().get()
    assert "1" in message
    case.refresh_from_db()
    assert case.level == "department"
    assert escalate_overdue_cases_task.apply().get()  # second run: nothing more
    case.refresh_from_db()
    assert case.level == "department"


def test_escalation_schedule_is_registered(settings):
    jobs = [j["task"] for j in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "dispatch.tasks.escalate_overdue_cases_task" in jobs


# --- the steps of a case ------------------------------------------------------------------------


def test_full_path_take_escalate_resolve_close(district_user, department_user, nature_bureau, project, land_level):
    natural = UserFactory(username="zrzy", role=UserRoleChoices.DEPARTMENT, department=nature_bureau)
    case = raise_land_case(project, district_user)
    case = services.case_take(case=case, actor=district_user)
    assert case.status == "in_progress"
    case = services.case_escalate(case=case, actor=district_user, note="区级无法调剂")
    assert case.level == "department" and case.owner_department == nature_bureau
    with pytest.raises(PermissionDenied):  # the district no longer owns it
        services.case_resolve(case=case, actor=district_user, resolution="x")
    case = services.case_resolve(case=case, actor=natural, resolution="调剂指标 80 亩", land_mu=80)
    assert case.status == "resolved" and case.resolved_on and case.land_mu == 80
    case = services.case_close(case=case, actor=district_user)
    assert case.status == "closed"
    actions = list(case.log_entries.values_list("action", flat=True))
    assert actions == ["raise", "take", "escalate", "resolve", "close"]


def test_resolution_text_is_required(district_user, project, land_level):
    case = raise_land_case(project, district_user)
    with pytest.raises(ValidationError):
        services.case_resolve(case=case, actor=district_user, resolution="  ")
    case.refresh_from_db()
    assert case.status == "open"


def test_manual_escalation_notifies_once(district_user, project, land_level, django_capture_on_commit_callbacks):
    case = raise_land_case(project, district_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_escalate(case=case, actor=district_user)
    assert len(mail.outbox) == 1


def test_city_case_cannot_escalate_further(office_user, project):
    case = services.case_raise(
        project=project, category="energy", description="能耗指标", actor=office_user, level="city", now=MONDAY
    )
    with pytest.raises(ValidationError):
        services.case_escalate(case=case, actor=office_user)


# --- meetings and inspections -------------------------------------------------------------------


def test_meeting_agenda_and_decision_reassign_with_deadline(office_user, project, nature_bureau):
    city = services.case_raise(
        project=project, category="land", description="跨区用地协调", actor=office_user, level="city", now=MONDAY
    )
    services.case_raise(project=project, category="eia", description="区级事项", actor=office_user, now=MONDAY)
    meeting = services.meeting_create(actor=office_user, date=datetime.date(2026, 11, 25), title="第11次市级协调会商")
    items = list(meeting.items.all())
    assert [i.case_id for i in items] == [city.pk]
    # A second meeting does not take a case still waiting for the first one's decision.
    other = services.meeting_create(actor=office_user, date=datetime.date(2026, 11, 26), title="补充会商")
    assert other.items.count() == 0
    services.meeting_item_decide(
        item=items[0],
        actor=office_user,
        decision="自然资源局牵头调剂指标",
        assignee=nature_bureau,
        deadline=datetime.date(2026, 12, 10),
    )
    city.refresh_from_db()
    assert city.owner_department == nature_bureau and city.status == "in_progress"
    assert city.due_date == datetime.date(2026, 12, 10)
    assert city.log_entries.filter(action="reassign").count() == 1
    assert MeetingItem.objects.get(pk=items[0].pk).applied_at is not None


def test_finding_opens_a_case_in_one_step_and_closes_with_it(office_user, project):
    finding = InspectionFindingFactory(visit__project=project, category="eia")
    case = services.finding_open_case(finding=finding, actor=office_user)
    assert case.source == "inspection" and case.category == "eia" and case.project == project
    finding.refresh_from_db()
    assert finding.case == case and finding.follow_up == "in_progress"
    assert finding.visit.inspection.__class__.objects.get(pk=finding.visit.inspection_id).follow_up == "in_progress"
    with pytest.raises(ValidationError):
        services.finding_open_case(finding=finding, actor=office_user)
    services.case_resolve(case=case, actor=office_user, resolution="已整改")
    finding.refresh_from_db()
    assert finding.follow_up == "closed"
    assert finding.visit.inspection.__class__.objects.get(pk=finding.visit.inspection_id).follow_up == "closed"
    assert SupportCaseLogEntry.objects.filter(case=case).count() == 2


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_escalation_job_on_a_real_worker(require_redis, district_user, project, land_level):
    from celery.contrib.testing.worker import start_worker

    from portfolio.celery import app

    app.control.purge()  # tasks left in this Redis db by an interrupted run would act first
    case = raise_land_case(project, district_user, now=local(2020, 1, 6, 10, 0))
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=20):
        escalate_overdue_cases_task.delay().get(timeout=60)
        escalate_overdue_cases_task.delay().get(timeout=60)
    case.refresh_from_db()
    assert case.level == "department"
    assert case.log_entries.filter(action="auto_escalate").count() == 1


@pytest.mark.parametrize("count", [3, 25])
def test_escalation_job_is_set_based(count, district_user, project, land_level, django_assert_max_num_queries):
    cases = [raise_land_case(project, district_user) for _ in range(count)]
    with django_assert_max_num_queries(12):
        result = services.cases_escalate_overdue(now=cases[0].due_at + datetime.timedelta(minutes=1))
    assert result.escalated == count


def test_finding_issues_a_warning_notice_in_one_step(office_user, department_user, project):
    finding = InspectionFindingFactory(visit__project=project, description="形象进度严重滞后")
    with pytest.raises(PermissionDenied):
        services.finding_issue_notice(finding=finding, actor=department_user)
    notice = services.finding_issue_notice(finding=finding, actor=office_user)
    assert notice.project == project and notice.department == project.department
    assert notice.kind == "supervision" and "形象进度严重滞后" in notice.reasons
    finding.refresh_from_db()
    assert finding.notice == notice and finding.follow_up == "in_progress"
    with pytest.raises(ValidationError):
        services.finding_issue_notice(finding=finding, actor=office_user)
    with pytest.raises(ValidationError):  # followed up until the notice is closed
        services.finding_close(finding=finding, actor=office_user)

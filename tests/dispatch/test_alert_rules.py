"""Every rule of DESIGN.md section 5 at its boundaries, with exemptions and their expiry.

Month judged: 2026-06, so E = 2026-06-30 and the time progress is 50%."""

import datetime
from decimal import Decimal

import pytest

from dispatch.models import Alert, AlertRule, AlertRun
from dispatch.services import alerts_compute
from tests.dispatch.factories import AllocationFactory, DisbursementFactory, ExemptionFactory, SupportCaseFactory
from tests.factories import AnnualPlanFactory, MilestoneFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MONTH = "2026-06"
E = datetime.date(2026, 6, 30)


def listed(stage="preliminary", plan="12000.00", nature="continuing", start_month=None, **project_fields):
    """A project on 2026's list; outside the construction stage unless asked, so that only the
    rule under test speaks."""
    project = ProjectFactory(stage=stage, **project_fields)
    AnnualPlanFactory(
        project=project, year=2026, nature=nature, planned_investment=Decimal(plan), planned_start_month=start_month
    )
    return project


def reasons(project, rule=None):
    alert = Alert.objects.get(project=project, month=MONTH)
    return [r for r in alert.reasons if rule is None or r["rule"] == rule]


def level(project, rule):
    found = reasons(project, rule)
    return found[0]["level"] if found else "green"


def file_reports(project, months=("2026-05", "2026-06"), amount="0.00"):
    for month in months:
        MonthlyReportFactory(project=project, month=month, completed_investment=Decimal(amount))


# --- progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        ("4801.00", "green"),  # 40.0083%: 9.99 points behind
        ("4800.00", "yellow"),  # exactly 10 points behind
        ("2400.00", "yellow"),  # exactly 30 points behind
        ("2399.00", "red"),  # 30.008 points behind
    ],
)
def test_progress_boundaries(completed, expected):
    project = listed(stage="construction")
    MonthlyReportFactory(project=project, month="2026-05", completed_investment=Decimal(completed))
    MonthlyReportFactory(project=project, month="2026-06", completed_investment=Decimal("0.00"))
    alerts_compute(month=MONTH)
    assert level(project, "progress") == expected
    assert Alert.objects.get(project=project, month=MONTH).level == expected


def test_progress_counts_only_submitted_and_approved_reports_of_the_year():
    project = listed(stage="construction")
    MonthlyReportFactory(project=project, month="2025-12", completed_investment=Decimal("9000.00"))
    MonthlyReportFactory(project=project, month="2026-05", completed_investment=Decimal("5000.00"), status="draft")
    MonthlyReportFactory(project=project, month="2026-06", completed_investment=Decimal("4800.00"))
    alerts_compute(month=MONTH)
    (reason,) = reasons(project, "progress")
    assert reason["level"] == "yellow"
    assert reason["figures"]["completed"] == "4800.00"
    assert reason["figures"]["lag_pts"] == "10.00"


def test_progress_skips_projects_outside_construction_and_zero_plans():
    preliminary = listed(stage="preliminary")
    zero = listed(stage="construction", plan="0.00")
    file_reports(zero)
    alerts_compute(month=MONTH)
    assert level(preliminary, "progress") == "green"
    assert level(zero, "progress") == "green"


# --- start ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_month", "expected"),
    [(7, "green"), (6, "yellow"), (5, "yellow"), (4, "red"), (1, "red")],
)
def test_start_boundaries(start_month, expected):
    project = listed(nature="new", start_month=start_month, actual_start=None)
    alerts_compute(month=MONTH)
    assert level(project, "start") == expected


def test_start_judges_as_of_month_end():
    on_time = listed(nature="new", start_month=4, actual_start=E)
    late = listed(nature="new", start_month=4, actual_start=datetime.date(2026, 7, 1))
    continuing = listed(nature="continuing", start_month=None, actual_start=None)
    alerts_compute(month=MONTH)
    assert level(on_time, "start") == "green"
    assert reasons(late, "start")[0]["figures"]["months_late"] == 3
    assert level(late, "start") == "red"
    assert level(continuing, "start") == "green"


# --- funds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_days_before_e", "paid", "expected"),
    [
        (90, "0.00", "green"),  # exactly 90 days: not yet due
        (91, "0.00", "red"),
        (91, "899.99", "red"),
        (91, "900.00", "green"),  # exactly the required 90%
    ],
)
def test_funds_boundaries(received_days_before_e, paid, expected):
    project = listed()
    allocation = AllocationFactory(
        project=project, amount=Decimal("1000.00"), received_on=E - datetime.timedelta(days=received_days_before_e)
    )
    if Decimal(paid):
        DisbursementFactory(allocation=allocation, amount=Decimal(paid), paid_on=E)
    alerts_compute(month=MONTH)
    assert level(project, "funds") == expected


def test_funds_ignores_payments_after_month_end_and_other_kinds():
    project = listed()
    allocation = AllocationFactory(project=project, received_on=datetime.date(2026, 1, 5))
    DisbursementFactory(allocation=allocation, amount=Decimal("1000.00"), paid_on=datetime.date(2026, 7, 1))
    other = listed()
    AllocationFactory(project=other, kind="bank_credit", received_on=datetime.date(2026, 1, 5))
    alerts_compute(month=MONTH)
    (reason,) = reasons(project, "funds")
    assert reason["figures"]["allocations"][0]["paid"] == "0.00"
    assert level(other, "funds") == "green"


# --- registration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "expected"),
    [
        (datetime.date(2026, 6, 1), "green"),  # m = 0
        (datetime.date(2026, 5, 31), "yellow"),  # one month unregistered
        (datetime.date(2026, 4, 1), "yellow"),  # two months
        (datetime.date(2026, 3, 31), "red"),  # three months
        (datetime.date(2025, 11, 15), "red"),  # across the year
        (datetime.date(2026, 7, 1), "green"),  # not started by E
    ],
)
def test_registration_boundaries(started, expected):
    project = listed(actual_start=started)
    alerts_compute(month=MONTH)
    assert level(project, "registration") == expected


def test_registration_counts_only_registration_by_month_end():
    on_time = listed(actual_start=datetime.date(2026, 1, 1), is_registered=True, registered_on=E)
    late = listed(actual_start=datetime.date(2026, 1, 1), is_registered=True, registered_on=datetime.date(2026, 7, 1))
    alerts_compute(month=MONTH)
    assert level(on_time, "registration") == "green"
    assert level(late, "registration") == "red"


# --- reporting ------------------------------------------------------------------------------------


def test_reporting_levels():
    filed = listed(stage="construction")
    file_reports(filed)
    missing_current = listed(stage="construction")
    file_reports(missing_current, months=("2026-05",))
    missing_both = listed(stage="construction")
    draft_only = listed(stage="construction")
    MonthlyReportFactory(project=draft_only, month="2026-06", status="draft")
    MonthlyReportFactory(project=draft_only, month="2026-05", status="returned")
    not_in_scope = listed(stage="preliminary")
    alerts_compute(month=MONTH)
    assert level(filed, "reporting") == "green"
    assert level(missing_current, "reporting") == "yellow"
    assert level(missing_both, "reporting") == "red"
    assert level(draft_only, "reporting") == "red"
    assert level(not_in_scope, "reporting") == "green"


def test_reporting_covers_new_projects_once_started():
    started = listed(
        stage="preliminary",
        nature="new",
        start_month=3,
        actual_start=datetime.date(2026, 6, 10),
        is_registered=True,
        registered_on=datetime.date(2026, 6, 10),
    )
    not_started = listed(stage="preliminary", nature="new", start_month=9, actual_start=datetime.date(2026, 7, 2))
    alerts_compute(month=MONTH)
    assert level(started, "reporting") == "red"
    assert level(not_started, "reporting") == "green"


def test_reporting_in_january_looks_at_december():
    project = ProjectFactory(stage="construction")
    AnnualPlanFactory(project=project, year=2027)
    MonthlyReportFactory(project=project, month="2026-12")
    alerts_compute(month="2027-01")
    alert = Alert.objects.get(project=project, month="2027-01")
    assert [r["level"] for r in alert.reasons if r["rule"] == "reporting"] == ["yellow"]


# --- milestone ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_overdue", "expected"),
    [(0, "green"), (1, "yellow"), (90, "yellow"), (91, "red")],
)
def test_milestone_boundaries(days_overdue, expected):
    project = listed()
    MilestoneFactory(project=project, planned_date=E - datetime.timedelta(days=days_overdue), actual_date=None)
    alerts_compute(month=MONTH)
    assert level(project, "milestone") == expected


def test_milestone_done_or_future_is_green():
    project = listed()
    MilestoneFactory(project=project, planned_date=datetime.date(2026, 1, 1), actual_date=datetime.date(2026, 2, 1))
    MilestoneFactory(project=project, planned_date=datetime.date(2026, 7, 1), actual_date=None)
    alerts_compute(month=MONTH)
    assert level(project, "milestone") == "green"


def test_a_milestone_reached_after_the_month_was_overdue_in_that_month():
    project = listed()
    MilestoneFactory(
        project=project, planned_date=E - datetime.timedelta(days=10), actual_date=E + datetime.timedelta(days=3)
    )
    alerts_compute(month=MONTH)
    assert level(project, "milestone") == "yellow"


# --- support --------------------------------------------------------------------------------------


def test_support_cases_past_due_and_unsettled_are_yellow():
    overdue = listed()
    SupportCaseFactory(project=overdue, due_date=E - datetime.timedelta(days=1), status="escalated")
    due_today = listed()
    SupportCaseFactory(project=due_today, due_date=E, status="open")
    settled = listed()
    SupportCaseFactory(project=settled, due_date=datetime.date(2026, 1, 1), status="resolved")
    SupportCaseFactory(project=settled, due_date=datetime.date(2026, 1, 1), status="closed")
    very_old = listed()
    SupportCaseFactory(project=very_old, due_date=datetime.date(2025, 1, 1), status="open")
    alerts_compute(month=MONTH)
    assert level(overdue, "support") == "yellow"
    assert level(due_today, "support") == "green"
    assert level(settled, "support") == "green"
    assert level(very_old, "support") == "yellow"


def test_a_case_resolved_after_the_month_was_open_in_that_month():
    project = listed()
    SupportCaseFactory(
        project=project,
        due_date=E - datetime.timedelta(days=5),
        status="resolved",
        resolution="用地指标已落实",
        resolved_on=E + datetime.timedelta(days=2),
    )
    alerts_compute(month=MONTH)
    assert level(project, "support") == "yellow"


# --- combination, exemptions, rule settings -------------------------------------------------------


def test_level_is_the_worst_rule_with_every_reason_recorded():
    project = listed(stage="construction", nature="new", start_month=6, actual_start=None)
    file_reports(project, months=("2026-05",), amount="6000.00")
    MilestoneFactory(project=project, planned_date=datetime.date(2026, 1, 1), actual_date=None)
    alerts_compute(month=MONTH)
    alert = Alert.objects.get(project=project, month=MONTH)
    assert alert.level == "red"
    assert {(r["rule"], r["level"]) for r in alert.reasons} == {
        ("start", "yellow"),
        ("reporting", "yellow"),
        ("milestone", "red"),
    }
    assert all(r["message"] and isinstance(r["figures"], dict) for r in alert.reasons)


@pytest.mark.parametrize(("valid_until", "suppressed"), [(E, True), (E - datetime.timedelta(days=1), False)])
def test_exemption_valid_on_month_end_suppresses_the_rule(valid_until, suppressed):
    project = listed(stage="construction")
    file_reports(project, amount="100.00")
    MilestoneFactory(project=project, planned_date=datetime.date(2026, 6, 1), actual_date=None)
    ExemptionFactory(project=project, rule="progress", valid_until=valid_until)
    alerts_compute(month=MONTH)
    assert level(project, "progress") == ("green" if suppressed else "red")
    assert level(project, "milestone") == "yellow"  # other rules still speak
    assert Alert.objects.get(project=project, month=MONTH).level == ("yellow" if suppressed else "red")


def test_exemption_not_yet_valid_does_not_suppress():
    project = listed(stage="construction")
    file_reports(project, amount="100.00")
    ExemptionFactory(project=project, rule="progress", valid_from=datetime.date(2026, 7, 1))
    alerts_compute(month=MONTH)
    assert level(project, "progress") == "red"


def test_disabled_rule_and_edited_threshold():
    project = listed(stage="construction")
    file_reports(project, amount="1200.00")  # 20% done: 30 points behind
    AlertRule.objects.filter(code="progress").update(thresholds={"yellow_lag_pts": 10, "red_lag_pts": 25})
    alerts_compute(month=MONTH)
    assert level(project, "progress") == "red"
    AlertRule.objects.filter(code="progress").update(enabled=False)
    alerts_compute(month=MONTH)
    assert level(project, "progress") == "green"


def test_rules_seeded_with_the_published_defaults():
    rules = {r.code: r for r in AlertRule.objects.all()}
    assert set(rules) == {"start", "progress", "funds", "registration", "reporting", "milestone", "support"}
    assert rules["progress"].thresholds == {"yellow_lag_pts": 10, "red_lag_pts": 30}
    assert rules["funds"].thresholds["required_rate_pct"] == 90


# --- scope, idempotency, run log ------------------------------------------------------------------


def test_only_projects_on_the_years_list_are_judged_and_dropped_ones_removed():
    listed_project = listed()
    off_list = ProjectFactory()
    AnnualPlanFactory(project=off_list, year=2025)
    alerts_compute(month=MONTH)
    assert Alert.objects.filter(month=MONTH).count() == 1
    listed_project.annual_plans.all().delete()
    result = alerts_compute(month=MONTH)
    assert not Alert.objects.filter(month=MONTH).exists()
    assert AlertRun.objects.first().removed_count == 1 and result.written == 0


def test_same_month_twice_gives_the_same_alerts_and_logs_each_run():
    projects = [listed(stage="construction") for _ in range(3)]
    file_reports(projects[0], amount="1500.00")
    alerts_compute(month=MONTH)
    first = list(Alert.objects.filter(month=MONTH).order_by("project_id").values("project_id", "level", "reasons"))
    result = alerts_compute(month=MONTH)
    second = list(Alert.objects.filter(month=MONTH).order_by("project_id").values("project_id", "level", "reasons"))
    assert first == second
    assert Alert.objects.filter(month=MONTH).count() == 3
    assert result.counts == {"green": 0, "yellow": 1, "red": 2}
    run = AlertRun.objects.first()
    assert (run.red_count, run.yellow_count, run.green_count, run.project_count) == (2, 1, 0, 3)
    assert AlertRun.objects.count() == 2


def test_queries_do_not_grow_with_projects(django_assert_max_num_queries):
    for _ in range(3):
        file_reports(listed(stage="construction", actual_start=datetime.date(2026, 1, 1)))
    with django_assert_max_num_queries(16):
        alerts_compute(month=MONTH)
    for _ in range(30):
        file_reports(listed(stage="construction", actual_start=datetime.date(2026, 1, 1)))
    with django_assert_max_num_queries(16):
        alerts_compute(month=MONTH)


def test_reasons_are_written_in_the_portal_language():
    project = listed(nature="new", start_month=4, actual_start=None)
    alerts_compute(month=MONTH)
    (reason,) = reasons(project, "start")
    assert reason["message"] == "计划4月开工,尚未开工,已滞后3个月。"

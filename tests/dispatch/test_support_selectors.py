"""Board figures against hand computations, the green channel, and who sees which cases."""

import datetime
from decimal import Decimal

import pytest

from dispatch import selectors_support as selectors
from dispatch.models import ApprovalBaseline, SupportCase
from portfolio.choices import UserRoleChoices
from projects.services_figures import annual_target_save
from tests.factories import DepartmentFactory, DistrictFactory, MilestoneFactory, ProjectFactory, UserFactory

from .factories_support import SupportCaseFactory, local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 28, 12, 0)


def resolved_case(project, *, raised, days, sla_days, **kwargs):
    resolved_at = raised + datetime.timedelta(days=days)
    return SupportCaseFactory(
        project=project,
        raised_at=raised,
        due_at=raised + datetime.timedelta(days=sla_days),
        sla_due_at=raised + datetime.timedelta(days=sla_days),
        status="resolved",
        resolution="已解决",
        resolved_at=resolved_at,
        resolved_on=resolved_at.date(),
        **kwargs,
    )


def test_percentile_is_the_spreadsheet_rule():
    assert selectors.percentile([1, 2, 3, 4, 10], 90) == pytest.approx(7.6)
    assert selectors.percentile([5], 90) == 5
    assert selectors.percentile([], 50) is None


def test_board_figures_match_hand_computation(office_user):
    project = ProjectFactory()
    # This year's resolutions take 1, 2, 3, 4 and 10 days: median 3, p90 = 4 + 0.6 x (10 - 4) = 7.6.
    resolved_case(project, raised=local(2026, 3, 2, 9), days=1, sla_days=5)
    resolved_case(project, raised=local(2026, 6, 1, 9), days=2, sla_days=5)
    # November: three resolutions, two inside their service level -> 66.7%.
    resolved_case(project, raised=local(2026, 11, 2, 9), days=3, sla_days=5, category="land", land_mu=Decimal("30"))
    resolved_case(project, raised=local(2026, 11, 3, 9), days=4, sla_days=5, category="land", land_mu=Decimal("50"))
    resolved_case(project, raised=local(2026, 11, 4, 9), days=10, sla_days=5)
    # Last year's resolution counts in none of this year's figures.
    resolved_case(project, raised=local(2025, 5, 1, 9), days=40, sla_days=5, category="land", land_mu=Decimal("999"))
    # Unresolved: one overdue at district level, one escalated (not yet due) at department level.
    SupportCaseFactory(project=project, category="eia", due_at=local(2026, 11, 27, 9))
    SupportCaseFactory(
        project=project, category="eia", level="department", status="escalated", due_at=local(2026, 12, 3, 9)
    )
    annual_target_save(year=2026, metric="idle_land_mu", target_value=Decimal("500"))

    figures = selectors.board_figures(user=office_user, now=NOW)

    assert figures.totals == {"open": 2, "overdue": 1, "escalated": 1}
    eia = next(r for r in figures.by_category if r["key"] == "eia")
    assert (eia["open"], eia["overdue"], eia["escalated"]) == (2, 1, 1)
    levels = {r["key"]: r for r in figures.by_level}
    assert levels["district"]["overdue"] == 1 and levels["department"]["escalated"] == 1
    assert figures.resolved_count == 5
    assert figures.median_days == pytest.approx(3)
    assert figures.p90_days == pytest.approx(7.6)
    assert (figures.month_resolved, figures.month_within_sla) == (3, 2)
    assert figures.within_sla_pct == pytest.approx(200 / 3)
    assert figures.land_mu == Decimal("80")
    assert figures.land_pct == pytest.approx(16.0)
    november = next(r for r in figures.monthly if r["month"] == "2026-11")
    assert november["resolved"] == 3


def test_board_counts_only_cases_in_scope(district_user, district, other_district):
    mine = ProjectFactory(district=district)
    theirs = ProjectFactory(district=other_district)
    SupportCaseFactory(project=mine, due_at=local(2026, 11, 20, 9))
    SupportCaseFactory(project=theirs, due_at=local(2026, 11, 20, 9))
    figures = selectors.board_figures(user=district_user, now=NOW)
    assert figures.totals["open"] == 1 and figures.totals["overdue"] == 1


def test_approval_speed_against_the_baseline(office_user):
    jp = DistrictFactory(code="JP", name="金普新区")
    cx = DistrictFactory(code="CX", name="长兴岛经济区")
    fast = ProjectFactory(name="半导体项目", district=jp, category="emerging_industry")
    MilestoneFactory(project=fast, kind="approval", actual_date=datetime.date(2026, 1, 5))
    MilestoneFactory(project=fast, kind="start", actual_date=datetime.date(2026, 3, 4))  # 58 days
    slow = ProjectFactory(district=cx, category="infrastructure", actual_start=datetime.date(2026, 7, 1))
    MilestoneFactory(project=slow, kind="approval", actual_date=datetime.date(2026, 1, 1))  # 181 days
    other = ProjectFactory(district=cx, category="infrastructure", actual_start=datetime.date(2026, 5, 1))
    MilestoneFactory(project=other, kind="approval", actual_date=datetime.date(2026, 1, 1))  # 120 days
    ProjectFactory(district=cx)  # no approval: not measured
    baseline = ApprovalBaseline.load()
    baseline.days = 193
    baseline.save()

    speed = selectors.approval_speed(user=office_user)

    assert [r["days"] for r in speed.rows] == [58, 120, 181]
    assert speed.rows[0]["faster_pct"] == pytest.approx((1 - 58 / 193) * 100)  # 69.9%: "70% faster"
    assert speed.median_days == 120
    by_district = {g["key"]: g for g in speed.by_district}
    assert by_district["JP"]["median_days"] == 58
    assert by_district["CX"]["median_days"] == pytest.approx(150.5)
    assert {g["key"]: g["count"] for g in speed.by_category} == {"emerging_industry": 1, "infrastructure": 2}


def test_approval_speed_is_scoped(district_user, district, other_district):
    mine = ProjectFactory(district=district, actual_start=datetime.date(2026, 3, 1))
    MilestoneFactory(project=mine, kind="approval", actual_date=datetime.date(2026, 1, 1))
    theirs = ProjectFactory(district=other_district, actual_start=datetime.date(2026, 3, 1))
    MilestoneFactory(project=theirs, kind="approval", actual_date=datetime.date(2026, 1, 1))
    assert [r["code"] for r in selectors.approval_speed(user=district_user).rows] == [mine.code]


@pytest.fixture
def scoped_cases(department, other_department, district, other_district):
    """own: a case of the department's project; owned: another department's project, owned by
    the department; foreign: neither."""
    own = SupportCaseFactory(project=ProjectFactory(department=department, district=district))
    owned = SupportCaseFactory(
        project=ProjectFactory(department=other_department, district=other_district),
        owner_department=department,
        level="department",
    )
    escalated_away = SupportCaseFactory(
        project=ProjectFactory(department=department, district=district),
        owner_department=other_department,
        level="department",
    )
    foreign = SupportCaseFactory(project=ProjectFactory(department=other_department, district=other_district))
    return {"own": own, "owned": owned, "escalated_away": escalated_away, "foreign": foreign}


def test_department_sees_cases_of_its_projects_and_cases_it_owns(department_user, scoped_cases):
    visible = set(SupportCase.objects.visible_to(department_user))
    assert visible == {scoped_cases["own"], scoped_cases["owned"], scoped_cases["escalated_away"]}
    inbox = set(selectors.case_inbox(user=department_user))
    assert inbox == {scoped_cases["own"], scoped_cases["owned"]}


def test_district_inbox_holds_district_level_cases_of_its_projects(district_user, scoped_cases):
    assert set(SupportCase.objects.visible_to(district_user)) == {scoped_cases["own"], scoped_cases["escalated_away"]}
    assert set(selectors.case_inbox(user=district_user)) == {scoped_cases["own"]}


def test_office_and_viewer_see_all_leader_its_projects(office_user, viewer_user, leader_user, leader, scoped_cases):
    from tests.factories import LeaderAssignmentFactory

    assert SupportCase.objects.visible_to(office_user).count() == 4
    assert SupportCase.objects.visible_to(viewer_user).count() == 4
    assert SupportCase.objects.visible_to(leader_user).count() == 0
    LeaderAssignmentFactory(project=scoped_cases["foreign"].project, leader=leader)
    assert list(SupportCase.objects.visible_to(leader_user)) == [scoped_cases["foreign"]]


def test_inbox_is_sorted_by_due(office_user):
    project = ProjectFactory()
    late = SupportCaseFactory(project=project, due_at=local(2026, 12, 9, 9))
    soon = SupportCaseFactory(project=project, due_at=local(2026, 11, 30, 9))
    assert list(selectors.case_inbox(user=office_user)) == [soon, late]


def test_department_user_without_department_sees_no_case():
    # Department users without a department see nothing rather than everything.
    user = UserFactory(username="nodept", role=UserRoleChoices.DEPARTMENT, department=DepartmentFactory())
    user.department = None
    assert SupportCase.objects.visible_to(user).count() == 0


def test_the_land_target_is_the_dashboards_idle_land_target(office_user):
    """One target, set on the support settings page, measured from settled land cases on both pages."""
    from dispatch.support_services import land_target_set
    from projects.models import Project
    from projects.selectors.targets import tracked_targets

    land_target_set(actor=office_user, year=2026, target_mu=Decimal("800"))
    project = ProjectFactory()
    SupportCaseFactory(
        project=project,
        category="land",
        status="resolved",
        resolution="指标已落实",
        resolved_on=datetime.date(2026, 3, 2),
        land_mu=Decimal("120.5"),
    )

    targets = tracked_targets(projects=Project.objects.all(), year=2026, month=10)
    [idle_land] = [t for t in targets if t.target.metric == "idle_land_mu"]
    assert idle_land.target.target_value == Decimal("800")
    assert idle_land.value == Decimal("120.5")
    assert selectors.land_target_mu(year=2026) == Decimal("800")

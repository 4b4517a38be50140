"""The office's home: project count, annual plan and completed investment of the current year,
scoped to the user (DESIGN.md section 2)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from portfolio.months import parse_month, previous_month
from tests.factories import (
    AnnualPlanFactory,
    LeaderAssignmentFactory,
    LeaderFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(department, other_department, district, other_district, leader):
    """Four projects on this year's list, one per department/district pair; the leader holds one."""
    year = parse_month(previous_month())[0]
    layout = {
        "own": (department, district, "1000.00", "100.00"),
        "same_dept": (department, other_district, "2000.00", "200.00"),
        "same_district": (other_department, district, "4000.00", "400.00"),
        "neither": (other_department, other_district, "8000.00", "800.00"),
    }
    projects = {}
    for key, (dept, dist, plan, done) in layout.items():
        project = ProjectFactory(department=dept, district=dist)
        AnnualPlanFactory(project=project, year=year, planned_investment=Decimal(plan))
        MonthlyReportFactory(project=project, month=f"{year}-01", completed_investment=Decimal(done))
        projects[key] = project
    LeaderAssignmentFactory(project=projects["neither"], leader=leader, started_on=datetime.date(year, 1, 1))
    # A draft never counts, and a previous leader's project is no longer the leader's.
    MonthlyReportFactory(project=projects["own"], month=f"{year}-02", completed_investment=Decimal("5"), status="draft")
    LeaderAssignmentFactory(
        project=projects["same_dept"],
        leader=leader,
        started_on=datetime.date(year - 1, 1, 1),
        ended_on=datetime.date(year - 1, 12, 31),
    )
    LeaderAssignmentFactory(project=projects["same_dept"], leader=LeaderFactory(), started_on=datetime.date(year, 1, 1))
    return projects


def totals_for(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["totals"], response.content.decode()


@pytest.mark.parametrize(
    ("user_fixture", "count", "plan", "done"),
    [
        ("office_user", 4, "15000.00", "1500.00"),
        ("viewer_user", 4, "15000.00", "1500.00"),
        ("department_user", 2, "3000.00", "300.00"),
        ("district_user", 2, "5000.00", "500.00"),
        # A leader's overview is the whole city (DESIGN.md section 2); its own projects come first.
        ("leader_user", 4, "15000.00", "1500.00"),
    ],
)
def test_home_figures_are_scoped_to_the_user(client, city, request, user_fixture, count, plan, done):
    totals, page = totals_for(client, request.getfixturevalue(user_fixture))
    assert totals["project_count"] == count
    assert totals["annual_plan"] == Decimal(plan)
    assert totals["completed"] == Decimal(done)
    assert f'data-testid="project-count">{count}<' in page


def test_the_leader_sees_its_own_projects_first_and_only_its_own(client, city, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("home"))
    own = [row.project.code for row in response.context["my_projects"]]
    assert own == [city["neither"].code]


def test_a_user_without_a_scope_sees_nothing(client, city):
    from tests.factories import UserFactory

    user = UserFactory(username="orphan", role="department")  # no department: a data-entry slip
    totals, _page = totals_for(client, user)
    assert totals["project_count"] == 0


def test_home_shows_amounts_in_yi_yuan(client, city, office_user):
    _totals, page = totals_for(client, office_user)
    assert 'data-testid="annual-plan">1.50<' in page.replace(" ", "")


def test_health_answers_without_login(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/portfolio/district/?q=金普&kind__exact=district",
        "/admin/portfolio/department/?q=FGW",
        "/admin/portfolio/leader/?is_active__exact=1&q=王",
        "/admin/portfolio/user/?role__exact=department",
        "/admin/portfolio/jobrun/",
    ],
)
def test_admin_lists_organisation_data_with_search_and_filters(client, city, url):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200

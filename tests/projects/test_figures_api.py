"""GET /api/v1/summary/: the contract of DESIGN.md section 7."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import AnnualPlanFactory, LeaderAssignmentFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/summary/"
KEYS = {
    "project_count",
    "total_investment",
    "annual_plan",
    "completed",
    "completion_pct",
    "time_progress_pct",
    "lead_pts",
    "period_plan",
    "period_completion_pct",
    "yoy_pct",
    "new_count",
    "planned_starts",
    "started",
    "start_rate_pct",
}


@pytest.fixture
def data(department, other_department, district, other_district, leader):
    own = ProjectFactory(department=department, district=district, is_top100=True, total_investment=Decimal("50000"))
    other = ProjectFactory(department=other_department, district=other_district, level="provincial")
    LeaderAssignmentFactory(project=own, leader=leader)
    AnnualPlanFactory(project=own, year=2026, planned_investment=Decimal("100000.00"))
    AnnualPlanFactory(
        project=other, year=2026, planned_investment=Decimal("30000.00"), nature="new", planned_start_month=2
    )
    AnnualPlanFactory(project=own, year=2025, planned_investment=Decimal("80000.00"))
    MonthlyReportFactory(project=own, month="2026-03", completed_investment=Decimal("50004.00"))
    MonthlyReportFactory(project=other, month="2026-04", completed_investment=Decimal("6000.00"))
    MonthlyReportFactory(project=own, month="2025-02", completed_investment=Decimal("40000.00"))
    return own, other


def get(user, **params):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client.get(URL, params)


def test_anonymous_is_refused(data):
    assert get(None, year=2026, month=5).status_code in (401, 403)


def test_exact_keys_and_representation(data, office_user):
    response = get(office_user, year=2026, month=5)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["project_count"] == 2
    assert body["total_investment"] == "150000.00"
    assert body["annual_plan"] == "130000.00"
    assert body["completed"] == "56004.00"
    assert body["completion_pct"] == 43.08  # 56004 / 130000 = 43.0800
    assert body["time_progress_pct"] == 41.67
    assert body["lead_pts"] == 1.41  # 43.08 - 41.6667 = 1.4133
    assert body["period_plan"] == "0.00"
    assert body["period_completion_pct"] is None
    assert body["yoy_pct"] == 40.01  # 56004 / 40000 - 1
    assert body["new_count"] == 1
    assert body["planned_starts"] == 1
    assert body["started"] == 0
    assert body["start_rate_pct"] == 0.0


def test_lead_points_from_unrounded_values(data, department_user):
    # FGW's project alone: 50.004% - 41.6667% = 8.3373 -> 8.34 (rounding first would give 8.33).
    body = get(department_user, year=2026, month=5).json()
    assert body["completion_pct"] == 50.0
    assert body["lead_pts"] == 8.34


def test_department_user_sees_its_figures_only(data, department_user):
    body = get(department_user, year=2026, month=5).json()
    assert body["project_count"] == 1
    assert body["completed"] == "50004.00"
    # Filtering for another department's code gives nothing, not the other department's figures.
    body = get(department_user, year=2026, month=5, department="GXJ").json()
    assert body["project_count"] == 0
    assert body["completed"] == "0.00"
    assert body["completion_pct"] is None


@pytest.mark.parametrize(
    ("params", "count", "completed"),
    [
        ({"level": "provincial"}, 1, "6000.00"),
        ({"is_top100": "true"}, 1, "50004.00"),
        ({"is_top100": "false"}, 1, "6000.00"),
        ({"district": "JP"}, 1, "50004.00"),
        ({"department": "GXJ"}, 1, "6000.00"),
        ({"nature": "new"}, 1, "6000.00"),
        ({"category": "infrastructure"}, 2, "56004.00"),
        ({"category": "industrial"}, 0, "0.00"),
    ],
)
def test_filters(data, office_user, params, count, completed):
    body = get(office_user, year=2026, month=5, **params).json()
    assert body["project_count"] == count
    assert body["completed"] == completed


def test_leader_filter(data, office_user, leader):
    body = get(office_user, year=2026, month=5, leader=leader.pk).json()
    assert body["project_count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc", "month": 5},
        {"year": 2026, "month": 13},
        {"year": 2026, "month": 0},
        {"year": 1800},
        {"level": "galaxy"},
        {"is_top100": "maybe"},
        {"leader": "x"},
    ],
)
def test_bad_input_answers_400_per_field(data, office_user, params):
    response = get(office_user, **params)
    assert response.status_code == 400
    assert set(response.json()) <= set(params)
    assert response.json()


def test_token_authentication(data, office_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=office_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(URL, {"year": 2026, "month": 5}).json()["project_count"] == 2

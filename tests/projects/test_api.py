from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import AnnualPlan, LeaderAssignment, Milestone, MonthlyReport, Project
from tests.factories import (
    AnnualPlanFactory,
    IndustryChainFactory,
    LeaderAssignmentFactory,
    LeaderFactory,
    MilestoneFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def own(department_user):
    return ProjectFactory(code="2026-FGW-0001", name="东关街改造", department=department_user.department)


@pytest.fixture
def foreign(other_department):
    return ProjectFactory(code="2026-GXJ-0001", department=other_department)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/",
        "/api/v1/annual-plans/",
        "/api/v1/monthly-reports/",
        "/api/v1/milestones/",
        "/api/v1/districts/",
        "/api/v1/departments/",
        "/api/v1/leaders/",
    ],
)
def test_anonymous_is_refused(url):
    assert api().get(url).status_code in (401, 403)


def test_token_authentication(office_user, password, own):
    response = api().post("/api/v1/auth/token/", {"username": "office", "password": password})
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/projects/").json()["count"] == 1
    assert Token.objects.filter(user=office_user).exists()


def test_project_fields_follow_the_contract(office_user, own, leader):
    LeaderAssignmentFactory(project=own, leader=leader)
    own.registered_on = None
    body = api(office_user).get(f"/api/v1/projects/{own.code}/").json()
    for name in (
        "code",
        "name",
        "level",
        "is_top100",
        "category",
        "industry_chain",
        "stage",
        "district",
        "department",
        "leader",
        "owner",
        "total_investment",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "registered_on",
    ):
        assert name in body
    assert body["leader"] == leader.pk
    assert body["district"] == own.district.code
    assert body["total_investment"] == "100000.00"
    assert body["planned_start"] == "2025-03-01"


def test_out_of_scope_project_is_404_and_absent(department_user, own, foreign):
    client = api(department_user)
    assert client.get(f"/api/v1/projects/{foreign.code}/").status_code == 404
    codes = [p["code"] for p in client.get("/api/v1/projects/").json()["results"]]
    assert codes == [own.code]
    MonthlyReportFactory(project=foreign)
    assert client.get("/api/v1/monthly-reports/").json()["count"] == 0


def test_project_filters_and_pinyin_search(office_user, own, foreign):
    client = api(office_user)
    assert [p["code"] for p in client.get("/api/v1/projects/?q=dgj").json()["results"]] == [own.code]
    assert [p["code"] for p in client.get("/api/v1/projects/?q=东关").json()["results"]] == [own.code]
    dept = foreign.department.code
    assert [p["code"] for p in client.get(f"/api/v1/projects/?department={dept}").json()["results"]] == [foreign.code]
    AnnualPlanFactory(project=own, year=2026, nature="new", planned_start_month=3)
    assert [p["code"] for p in client.get("/api/v1/projects/?nature=new&year=2026").json()["results"]] == [own.code]


def test_office_creates_a_project_with_a_leader(office_user, district, department):
    leader = LeaderFactory()
    chain = IndustryChainFactory(code="ic")
    payload = {
        "code": "2026-NEW-0001",
        "name": "新建大道",
        "level": "city",
        "is_top100": True,
        "category": "infrastructure",
        "industry_chain": chain.code,
        "stage": "preliminary",
        "district": district.code,
        "department": department.code,
        "leader": leader.pk,
        "total_investment": "5000.00",
    }
    response = api(office_user).post("/api/v1/projects/", payload, format="json")
    assert response.status_code == 201, response.json()
    project = Project.objects.get(code="2026-NEW-0001")
    assert project.name_initials == "xjdd"
    assert LeaderAssignment.objects.get(project=project, ended_on__isnull=True).leader == leader


def test_writing_leader_reassigns(office_user, own):
    first, second = LeaderFactory(), LeaderFactory()
    LeaderAssignmentFactory(project=own, leader=first)
    response = api(office_user).patch(f"/api/v1/projects/{own.code}/", {"leader": second.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["leader"] == second.pk
    assert LeaderAssignment.objects.filter(project=own).count() == 2


def test_bad_project_input_answers_per_field_and_writes_nothing(office_user, district, department):
    payload = {
        "code": "X Y",
        "name": "",
        "level": "planet",
        "category": "infrastructure",
        "stage": "reserve",
        "district": "NOPE",
        "department": department.code,
        "total_investment": "-1",
    }
    response = api(office_user).post("/api/v1/projects/", payload, format="json")
    assert response.status_code == 400
    assert {"code", "name", "level", "district", "total_investment"} <= set(response.json())
    assert not Project.objects.exists()


def test_department_user_cannot_write_projects_or_plans(department_user, own):
    client = api(department_user)
    assert client.patch(f"/api/v1/projects/{own.code}/", {"name": "x"}, format="json").status_code == 403
    payload = {"project": own.code, "year": 2026, "nature": "continuing", "planned_investment": "10"}
    assert client.post("/api/v1/annual-plans/", payload, format="json").status_code == 403


def test_viewer_and_leader_are_read_only(viewer_user, leader_user, own):
    LeaderAssignmentFactory(project=own, leader=leader_user.leader)
    for user in (viewer_user, leader_user):
        payload = {"project": own.code, "month": "2026-05", "completed_investment": "10"}
        assert api(user).post("/api/v1/monthly-reports/", payload, format="json").status_code == 403
        assert api(user).get(f"/api/v1/projects/{own.code}/").status_code == 200


def test_annual_plan_monthly_plan_list(office_user, own):
    payload = {
        "project": own.code,
        "year": 2026,
        "nature": "continuing",
        "planned_investment": "1200.00",
        "monthly_plan": ["100.00"] * 12,
    }
    response = api(office_user).post("/api/v1/annual-plans/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["monthly_plan"] == ["100.00"] * 12
    payload["year"] = 2027
    payload["monthly_plan"] = ["100.00"] * 11 + ["1.00"]
    response = api(office_user).post("/api/v1/annual-plans/", payload, format="json")
    assert response.status_code == 400
    assert "planned_investment" in response.json()
    assert AnnualPlan.objects.count() == 1


def test_department_files_a_report_for_its_project_only(department_user, own, foreign):
    client = api(department_user)
    payload = {
        "project": own.code,
        "month": "2026-05",
        "completed_investment": "120.50",
        "status": "submitted",
        "progress": "主体施工",
    }
    response = client.post("/api/v1/monthly-reports/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted"
    payload["project"] = foreign.code
    assert client.post("/api/v1/monthly-reports/", payload, format="json").status_code == 400
    payload.update(project=own.code, month="2026-06", status="approved")
    assert client.post("/api/v1/monthly-reports/", payload, format="json").status_code == 400
    assert MonthlyReport.objects.count() == 1


def test_office_may_enter_an_approved_report(office_user, own):
    payload = {"project": own.code, "month": "2026-05", "completed_investment": "10", "status": "approved"}
    assert api(office_user).post("/api/v1/monthly-reports/", payload, format="json").status_code == 201


@pytest.mark.parametrize(
    ("amount", "month", "field"),
    [
        ("-1", "2026-05", "completed_investment"),
        ("10", "2099-01", "month"),
        ("5000", "2026-05", "justification"),
        ("200000", "2026-05", "justification"),
    ],
)
def test_report_rules_through_the_api(department_user, own, amount, month, field):
    MonthlyReportFactory(project=own, month="2026-01", completed_investment=Decimal("1000"))
    payload = {"project": own.code, "month": month, "completed_investment": amount}
    response = api(department_user).post("/api/v1/monthly-reports/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert MonthlyReport.objects.count() == 1


def test_second_report_for_the_same_month_is_refused(department_user, own):
    MonthlyReportFactory(project=own, month="2026-05", status="draft")
    payload = {"project": own.code, "month": "2026-05", "completed_investment": "10"}
    response = api(department_user).post("/api/v1/monthly-reports/", payload, format="json")
    assert response.status_code == 400
    assert "month" in response.json()


def test_report_filters(office_user, own, foreign):
    MonthlyReportFactory(project=own, month="2026-05", status="draft")
    MonthlyReportFactory(project=foreign, month="2026-05", status="submitted")
    client = api(office_user)
    assert client.get("/api/v1/monthly-reports/?status=draft").json()["count"] == 1
    dept = foreign.department.code
    assert client.get(f"/api/v1/monthly-reports/?department={dept}&month=2026-05").json()["count"] == 1


def test_department_manages_milestones_of_its_projects(department_user, own, foreign):
    client = api(department_user)
    payload = {"project": own.code, "kind": "start", "planned_date": "2026-03-01"}
    assert client.post("/api/v1/milestones/", payload, format="json").status_code == 201
    payload = {"project": own.code, "kind": "custom", "planned_date": "2026-03-01"}
    response = client.post("/api/v1/milestones/", payload, format="json")
    assert response.status_code == 400 and "name" in response.json()
    MilestoneFactory(project=foreign)
    assert client.get("/api/v1/milestones/").json()["count"] == 1
    assert Milestone.objects.count() == 2


def test_districts_by_code(office_user, district):
    body = api(office_user).get(f"/api/v1/districts/{district.code}/").json()
    assert body == {"code": district.code, "name": district.name, "kind": district.kind}


def test_filer_deletes_drafts_only(department_user, own):
    draft = MonthlyReportFactory(project=own, month="2026-04", status="draft")
    submitted = MonthlyReportFactory(project=own, month="2026-05", status="submitted")
    client = api(department_user)
    assert client.delete(f"/api/v1/monthly-reports/{submitted.pk}/").status_code == 403
    assert client.delete(f"/api/v1/monthly-reports/{draft.pk}/").status_code == 204
    assert list(MonthlyReport.objects.values_list("pk", flat=True)) == [submitted.pk]


def test_filer_resubmits_a_returned_report(department_user, own):
    report = MonthlyReportFactory(project=own, month="2026-05", status="returned", return_reason="补充照片")
    client = api(department_user)
    response = client.patch(f"/api/v1/monthly-reports/{report.pk}/", {"status": "submitted"}, format="json")
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client.patch(f"/api/v1/monthly-reports/{report.pk}/", {"progress": "x"}, format="json").status_code == 400

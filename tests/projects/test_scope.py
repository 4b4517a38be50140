"""Scope for the roles other than office and department: district, leader, viewer."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portfolio.navigation import ProjectPanel
from projects.models import MonthlyReport
from tests.factories import AnnualPlanFactory, LeaderAssignmentFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_district(district_user):
    project = ProjectFactory(code="2026-JP-0001", district=district_user.district)
    AnnualPlanFactory(project=project, planned_investment=Decimal("1000"))
    return project


@pytest.fixture
def elsewhere(other_district):
    project = ProjectFactory(code="2026-CXD-0001", district=other_district)
    AnnualPlanFactory(project=project, planned_investment=Decimal("9000"))
    return project


def test_district_user_sees_and_files_its_district_only(client, district_user, in_district, elsewhere):
    client.force_login(district_user)
    response = client.get(reverse("projects:project_list"))
    assert response.context["totals"]["project_count"] == 1
    assert response.context["totals"]["annual_plan"] == Decimal("1000")
    assert client.get(reverse("projects:project_detail", args=[elsewhere.code])).status_code == 404
    response = client.post(
        f"{reverse('projects:filing_desk')}?month=2026-10",
        {"submit": "1", f"p{in_district.pk}-completed_investment": "10", f"p{elsewhere.pk}-completed_investment": "10"},
    )
    assert response.status_code == 302
    assert list(MonthlyReport.objects.values_list("project__code", flat=True)) == [in_district.code]


def test_leader_sees_assigned_projects_only_and_cannot_write(client, leader_user, in_district, elsewhere):
    LeaderAssignmentFactory(project=in_district, leader=leader_user.leader)
    client.force_login(leader_user)
    response = client.get(reverse("projects:project_list"))
    assert [p.code for p in response.context["page_obj"]] == [in_district.code]
    assert client.get(reverse("projects:project_detail", args=[elsewhere.code])).status_code == 404
    assert client.get(reverse("projects:filing_desk")).status_code == 403
    assert client.post(reverse("projects:review_queue"), {"action": "approve_selected"}).status_code == 403
    api = APIClient()
    api.force_authenticate(leader_user)
    assert api.get("/api/v1/projects/").json()["count"] == 1
    assert api.get(f"/api/v1/projects/?leader={leader_user.leader.pk}").json()["count"] == 1
    assert api.post("/api/v1/milestones/", {"project": in_district.code, "kind": "land"}).status_code == 403


def test_viewer_sees_everything_but_writes_nothing(client, viewer_user, in_district, elsewhere):
    report = MonthlyReportFactory(project=in_district, month="2026-10", status="submitted")
    client.force_login(viewer_user)
    assert client.get(reverse("projects:project_list")).context["totals"]["project_count"] == 2
    assert client.post(reverse("projects:filing_desk"), {"submit": "1"}).status_code == 403
    assert client.post(reverse("projects:report_photo", args=[report.pk])).status_code == 403
    api = APIClient()
    api.force_authenticate(viewer_user)
    assert api.patch(f"/api/v1/monthly-reports/{report.pk}/", {"status": "approved"}).status_code == 403


def test_other_apps_panels_load_by_htmx(client, office_user, in_district, monkeypatch):
    page = reverse("projects:project_detail", args=[in_district.code])
    client.force_login(office_user)
    funding_panel = reverse("funding:project_panel", args=[in_district.code])
    assert f'hx-get="{funding_panel}"' in client.get(page).content.decode()
    monkeypatch.setattr(
        "projects.views.project_panels",
        lambda: [ProjectPanel(label="资金", url_name="projects:project_detail"), ProjectPanel("x", "nope:missing")],
    )
    body = client.get(page).content.decode()
    assert f'hx-get="{page}"' in body
    assert body.count("hx-get") == 1


def test_filing_desk_queries_are_bounded(client, department_user, django_assert_max_num_queries):
    for _ in range(30):
        project = ProjectFactory(department=department_user.department)
        AnnualPlanFactory(project=project)
        MonthlyReportFactory(project=project, month="2026-09")
    client.force_login(department_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:filing_desk"), {"month": "2026-10"}).status_code == 200

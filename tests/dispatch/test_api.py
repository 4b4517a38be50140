"""Dispatch API (DESIGN.md section 7): alerts, rankings, warning-notices, exemptions."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from dispatch.models import Exemption, WarningNotice
from dispatch.services import alerts_compute, rankings_compute, rankings_publish
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MONTH = "2026-06"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def projects(department, other_department, district, other_district):
    own = ProjectFactory(code="2026-FGW-0001", department=department, district=district)
    other = ProjectFactory(code="2026-GXJ-0001", department=other_department, district=other_district)
    for project, done in ((own, "0.00"), (other, "700.00")):
        AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("1200.00"))
        MonthlyReportFactory(project=project, month="2026-06", completed_investment=Decimal(done))
    alerts_compute(month=MONTH)
    return own, other


def test_anonymous_refused(api):
    for url in ("/api/v1/alerts/", "/api/v1/rankings/", "/api/v1/warning-notices/", "/api/v1/exemptions/"):
        assert api.get(url).status_code in (401, 403)


def test_alerts_contract_and_filters(api, office_user, projects, other_department):
    own, other = projects
    api.force_authenticate(office_user)
    body = api.get("/api/v1/alerts/", {"month": MONTH}).json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["project"] == own.code)
    assert row["month"] == MONTH and row["level"] == "red"
    assert {"rule", "level", "message", "figures"} <= set(row["reasons"][0])
    assert {r["rule"] for r in row["reasons"]} == {"progress"}
    assert api.get("/api/v1/alerts/", {"level": "red"}).json()["count"] == 1
    assert api.get("/api/v1/alerts/", {"department": other_department.code}).json()["results"][0]["project"] == (
        other.code
    )
    assert api.get("/api/v1/alerts/", {"district": own.district.code}).json()["count"] == 1
    assert api.get("/api/v1/alerts/", {"month": "2026-05"}).json()["count"] == 0


def test_alerts_scoped(api, department_user, projects):
    own, other = projects
    api.force_authenticate(department_user)
    assert [r["project"] for r in api.get("/api/v1/alerts/").json()["results"]] == [own.code]


def test_rankings_contract_and_publication(api, office_user, department_user, projects):
    own, _other = projects
    rankings_compute(month=MONTH)
    api.force_authenticate(office_user)
    rows = api.get("/api/v1/rankings/", {"month": MONTH, "dimension": "department"}).json()["results"]
    assert [r["rank"] for r in rows] == [1, 2]
    first = rows[0]
    assert set(first) >= {
        "entity",
        "name",
        "annual_plan",
        "completed",
        "completion_pct",
        "lead_pts",
        "rank",
        "previous_rank",
        "published",
    }
    assert first["annual_plan"] == "1200.00" and first["completed"] == "700.00"
    assert first["completion_pct"] == 58.33 and first["lead_pts"] == 8.33
    assert first["published"] is False
    api.force_authenticate(department_user)
    assert api.get("/api/v1/rankings/", {"month": MONTH}).json()["count"] == 0
    rankings_publish(month=MONTH, user=office_user)
    rows = api.get("/api/v1/rankings/", {"month": MONTH, "dimension": "district"}).json()["results"]
    assert len(rows) == 2 and all(r["published"] for r in rows)


def test_warning_notice_lifecycle_and_scoping(api, office_user, department_user, viewer_user, projects):
    own, other = projects
    api.force_authenticate(department_user)
    assert api.post("/api/v1/warning-notices/", {"project": own.code, "reasons": "x"}).status_code == 403
    api.force_authenticate(office_user)
    bad = api.post("/api/v1/warning-notices/", {"project": "NOPE", "kind": "nope"})
    assert bad.status_code == 400 and {"project", "kind"} <= set(bad.json())
    assert api.post("/api/v1/warning-notices/", {"project": own.code}).status_code == 400
    assert not WarningNotice.objects.exists()
    created = api.post("/api/v1/warning-notices/", {"project": own.code, "reasons": "1. 进度滞后", "kind": "reminder"})
    assert created.status_code == 201, created.json()
    notice = created.json()
    assert notice["number"].startswith("提醒〔") and notice["department"] == own.department.code
    assert notice["status"] == "issued" and notice["deadline"]
    other_notice = api.post("/api/v1/warning-notices/", {"project": other.code, "reasons": "2"}).json()

    api.force_authenticate(department_user)
    listed = api.get("/api/v1/warning-notices/").json()
    assert [n["id"] for n in listed["results"]] == [notice["id"]]
    assert api.get(f"/api/v1/warning-notices/{other_notice['id']}/").status_code == 404
    assert api.post(f"/api/v1/warning-notices/{other_notice['id']}/reply/", {"reply": "x"}).status_code == 404
    assert api.post(f"/api/v1/warning-notices/{notice['id']}/reply/", {"reply": ""}).status_code == 400
    replied = api.post(f"/api/v1/warning-notices/{notice['id']}/reply/", {"reply": "已制定整改方案"})
    assert replied.status_code == 200 and replied.json()["status"] == "replied"
    assert api.post(f"/api/v1/warning-notices/{notice['id']}/close/").status_code == 403

    api.force_authenticate(viewer_user)
    assert api.post(f"/api/v1/warning-notices/{notice['id']}/reply/", {"reply": "x"}).status_code == 403

    api.force_authenticate(office_user)
    reissued = api.post(f"/api/v1/warning-notices/{notice['id']}/reissue/", {})
    assert reissued.status_code == 201 and reissued.json()["kind"] == "supervision"
    assert reissued.json()["reissued_from"] == notice["id"]
    assert api.post(f"/api/v1/warning-notices/{reissued.json()['id']}/close/").json()["status"] == "closed"


def test_exemptions_contract_and_scoping(api, office_user, department_user, projects):
    own, other = projects
    api.force_authenticate(department_user)
    payload = {"project": own.code, "rule": "progress", "reason": "征地拆迁延误", "valid_until": "2026-12-31"}
    assert api.post("/api/v1/exemptions/", payload).status_code == 403
    api.force_authenticate(office_user)
    bad = api.post("/api/v1/exemptions/", {**payload, "rule": "nope", "valid_until": "soon"})
    assert bad.status_code == 400 and {"rule", "valid_until"} <= set(bad.json())
    reversed_dates = api.post("/api/v1/exemptions/", {**payload, "valid_from": "2027-01-01"})
    assert reversed_dates.status_code == 400 and "valid_until" in reversed_dates.json()
    assert not Exemption.objects.exists()
    created = api.post("/api/v1/exemptions/", payload)
    assert created.status_code == 201
    assert {k: created.json()[k] for k in payload} == payload
    api.post("/api/v1/exemptions/", {**payload, "project": other.code})
    alerts_compute(month=MONTH)
    api.force_authenticate(department_user)
    assert [e["project"] for e in api.get("/api/v1/exemptions/").json()["results"]] == [own.code]
    alert = api.get("/api/v1/alerts/", {"month": MONTH}).json()["results"][0]
    assert "progress" not in {r["rule"] for r in alert["reasons"]}


def test_exemption_valid_until_in_the_past_does_not_apply(api, office_user, projects):
    own, _ = projects
    api.force_authenticate(office_user)
    api.post(
        "/api/v1/exemptions/",
        {"project": own.code, "rule": "progress", "reason": "已过期", "valid_until": str(datetime.date(2026, 6, 29))},
    )
    alerts_compute(month=MONTH)
    alert = api.get("/api/v1/alerts/", {"month": MONTH, "level": "red"}).json()["results"][0]
    assert "progress" in {r["rule"] for r in alert["reasons"]}


def test_leader_rankings_name_the_leader_by_id(api, office_user, projects, leader):
    from tests.factories import LeaderAssignmentFactory

    own, _other = projects
    LeaderAssignmentFactory(project=own, leader=leader)
    rankings_compute(month=MONTH)
    api.force_authenticate(office_user)
    rows = api.get("/api/v1/rankings/", {"month": MONTH, "dimension": "leader"}).json()["results"]
    assert [(r["entity"], r["rank"]) for r in rows] == [(leader.pk, 1)]


def test_alert_list_queries_do_not_grow(api, office_user, projects, django_assert_max_num_queries):
    api.force_authenticate(office_user)
    with django_assert_max_num_queries(6):
        api.get("/api/v1/alerts/", {"month": MONTH})
    for _ in range(20):
        AnnualPlanFactory(project=ProjectFactory(), year=2026)
    alerts_compute(month=MONTH)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/alerts/", {"month": MONTH}).json()
    assert body["count"] == 22 and body["results"][0]["district"]

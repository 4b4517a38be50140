"""The support-cases, support-case-log and inspections endpoints: contract fields, scoping,
writes through the services."""

import pytest
from rest_framework.test import APIClient

from dispatch.models import SupportCase
from tests.factories import LeaderAssignmentFactory, ProjectFactory

from .factories_support import InspectionFindingFactory, InspectionVisitFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db

CONTRACT = {
    "id", "project", "category", "description", "level", "owner_department", "due_date", "status", "resolution",
    "resolved_on",
}  # fmt: skip


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(department, other_department, district, other_district):
    mine = ProjectFactory(code="2026-JP-0001", department=department, district=district)
    theirs = ProjectFactory(code="2026-CX-0001", department=other_department, district=other_district)
    return {
        "mine": mine,
        "theirs": theirs,
        "my_case": SupportCaseFactory(project=mine),
        "their_case": SupportCaseFactory(project=theirs),
        "owned_case": SupportCaseFactory(project=theirs, owner_department=department, level="department"),
    }


def test_anonymous_is_refused(api):
    assert api.get("/api/v1/support-cases/").status_code in (401, 403)
    assert api.get("/api/v1/inspections/").status_code in (401, 403)
    assert api.get("/api/v1/support-case-log/").status_code in (401, 403)


def test_contract_fields_and_codes(api, world, office_user):
    api.force_authenticate(office_user)
    row = api.get(f"/api/v1/support-cases/{world['my_case'].pk}/").json()
    assert set(row) >= CONTRACT
    assert row["project"] == "2026-JP-0001" and row["owner_department"] == "FGW"
    assert row["due_date"] == "2026-11-05" and row["status"] == "open" and row["level"] == "district"


def test_department_sees_its_projects_and_owned_cases_only(api, world, department_user):
    api.force_authenticate(department_user)
    ids = {r["id"] for r in api.get("/api/v1/support-cases/").json()["results"]}
    assert ids == {world["my_case"].pk, world["owned_case"].pk}
    assert api.get(f"/api/v1/support-cases/{world['their_case'].pk}/").status_code == 404


def test_district_creates_for_its_project_not_for_others(api, world, district_user):
    api.force_authenticate(district_user)
    response = api.post(
        "/api/v1/support-cases/",
        {"project": "2026-JP-0001", "category": "land", "description": "用地报批", "land_mu": "35.5"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["level"] == "district" and body["status"] == "open" and body["due_date"]
    case = SupportCase.objects.get(pk=body["id"])
    assert case.log_entries.get().action == "raise"
    response = api.post(
        "/api/v1/support-cases/", {"project": "2026-CX-0001", "category": "land", "description": "x"}, format="json"
    )
    assert response.status_code == 400 and "project" in response.json()
    assert not SupportCase.objects.filter(description="x").exists()


def test_bad_input_is_400_per_field_and_writes_nothing(api, world, office_user):
    api.force_authenticate(office_user)
    before = SupportCase.objects.count()
    response = api.post(
        "/api/v1/support-cases/",
        {"project": "2026-JP-0001", "category": "eia", "description": "", "land_mu": "10"},
        format="json",
    )
    assert response.status_code == 400
    assert "description" in response.json()
    response = api.post(
        "/api/v1/support-cases/",
        {"project": "2026-JP-0001", "category": "eia", "description": "环评", "land_mu": "10"},
        format="json",
    )
    assert response.status_code == 400 and "land_mu" in response.json()
    assert SupportCase.objects.count() == before


def test_office_places_a_case_at_city_level(api, world, office_user):
    api.force_authenticate(office_user)
    response = api.post(
        "/api/v1/support-cases/",
        {"project": "2026-CX-0001", "category": "energy", "description": "能耗", "level": "city",
         "owner_department": "GXJ"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["level"] == "city" and response.json()["owner_department"] == "GXJ"


def test_status_changes_go_through_the_steps(api, world, department_user):
    api.force_authenticate(department_user)
    url = f"/api/v1/support-cases/{world['my_case'].pk}/"
    assert api.patch(url, {"status": "in_progress"}, format="json").json()["status"] == "in_progress"
    response = api.patch(url, {"status": "resolved"}, format="json")
    assert response.status_code == 400 and "resolution" in response.json()
    response = api.patch(url, {"status": "resolved", "resolution": "已调剂"}, format="json")
    assert response.json()["status"] == "resolved" and response.json()["resolved_on"]
    assert api.patch(url, {"description": "改写"}, format="json").status_code == 400
    log = api.get(f"/api/v1/support-case-log/?case={world['my_case'].pk}").json()["results"]
    assert [e["action"] for e in log] == ["take", "resolve"]


def test_read_only_roles_cannot_write(api, world, viewer_user, leader_user, leader):
    LeaderAssignmentFactory(project=world["mine"], leader=leader)
    for user in (viewer_user, leader_user):
        api.force_authenticate(user)
        assert api.get(f"/api/v1/support-cases/{world['my_case'].pk}/").status_code == 200
        response = api.post(
            "/api/v1/support-cases/", {"project": "2026-JP-0001", "category": "land", "description": "x"}, format="json"
        )
        assert response.status_code == 403
        assert api.patch(f"/api/v1/support-cases/{world['my_case'].pk}/", {"status": "closed"}).status_code == 403


def test_case_log_is_scoped(api, world, district_user, office_user):
    from dispatch import support_services as services

    services.case_comment(case=world["their_case"], actor=office_user, note="外区")
    services.case_comment(case=world["my_case"], actor=office_user, note="本区")
    api.force_authenticate(district_user)
    notes = [e["note"] for e in api.get("/api/v1/support-case-log/").json()["results"]]
    assert notes == ["本区"]


def test_inspections_are_scoped_to_visited_projects(api, world, district_user, django_assert_max_num_queries):
    mine = InspectionVisitFactory(project=world["mine"], inspection__title="金普")
    InspectionFindingFactory(visit=mine)
    theirs = InspectionVisitFactory(project=world["theirs"], inspection__title="长兴岛")
    # A joint inspection shows the district only its own site.
    InspectionVisitFactory(inspection=mine.inspection, project=world["theirs"])
    api.force_authenticate(district_user)
    with django_assert_max_num_queries(12):
        rows = api.get("/api/v1/inspections/").json()["results"]
    assert [r["title"] for r in rows] == ["金普"]
    assert [v["project"] for v in rows[0]["visits"]] == ["2026-JP-0001"]
    assert rows[0]["visits"][0]["findings"][0]["category"] == "eia"
    assert api.get(f"/api/v1/inspections/{theirs.inspection_id}/").status_code == 404


def test_list_queries_are_bounded(api, world, office_user, django_assert_max_num_queries):
    api.force_authenticate(office_user)
    with django_assert_max_num_queries(8):
        api.get("/api/v1/support-cases/")
    for _ in range(20):
        SupportCaseFactory(project=ProjectFactory())
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/support-cases/").json()["results"]) == 23


def test_office_records_an_inspection_in_one_request(api, world, office_user, department_user):
    payload = {
        "date": "2026-11-18",
        "title": "11月专项督导",
        "inspectors": "张伟、李娜",
        "visits": [
            {"project": "2026-JP-0001", "rating": "poor", "score": 62, "findings": [
                {"description": "征收清表滞后", "category": "demolition"}]},
            {"project": "2026-CX-0001", "rating": "good"},
        ],
    }  # fmt: skip
    api.force_authenticate(department_user)
    assert api.post("/api/v1/inspections/", payload, format="json").status_code == 403
    api.force_authenticate(office_user)
    response = api.post("/api/v1/inspections/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [v["project"] for v in body["visits"]] == ["2026-CX-0001", "2026-JP-0001"]
    assert body["follow_up"] == "open"


def test_bad_inspection_writes_nothing(api, world, office_user):
    from dispatch.models import Inspection

    api.force_authenticate(office_user)
    payload = {
        "date": "2026-11-18",
        "title": "x",
        "inspectors": "y",
        "visits": [{"project": "2026-JP-0001", "rating": "excellent"}, {"project": "NOPE", "rating": "good"}],
    }
    response = api.post("/api/v1/inspections/", payload, format="json")
    assert response.status_code == 400 and "visits" in response.json()
    assert not Inspection.objects.exists()

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from funding import oc4ids
from projects.models import Project
from tests.factories import MilestoneFactory, MonthlyReportFactory, ProjectFactory

from .factories import AllocationFactory, DisbursementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_project(department, district):
    project = ProjectFactory(
        code="2026-DL-0007",
        name="浑河堤防加固工程",
        category="infrastructure",
        stage="construction",
        department=department,
        district=district,
        owner="市水务集团有限公司",
        total_investment=Decimal("150000.00"),
        planned_start=datetime.date(2025, 4, 1),
        planned_end=datetime.date(2027, 10, 31),
        actual_start=datetime.date(2025, 5, 6),
        address="浑河南岸堤防",
        latitude=Decimal("41.780000"),
        longitude=Decimal("123.420000"),
        description="加固堤防32公里",
    )
    bond = AllocationFactory(
        project=project,
        kind="treasury_bond",
        amount=Decimal("120000.00"),
        document_no="发改投资〔2026〕88号",
        received_on=datetime.date(2026, 3, 10),
    )
    AllocationFactory(
        project=project, kind="policy_loan", amount=Decimal("20000.00"), received_on=datetime.date(2026, 4, 1)
    )
    DisbursementFactory(allocation=bond, amount=Decimal("30000.00"), paid_on=datetime.date(2026, 4, 20))
    MilestoneFactory(
        project=project, kind="start", planned_date=datetime.date(2025, 5, 1), actual_date=datetime.date(2025, 5, 6)
    )
    MilestoneFactory(project=project, kind="completion", planned_date=datetime.date(2099, 10, 31))
    MilestoneFactory(project=project, kind="eia", planned_date=datetime.date(2020, 1, 1))
    MonthlyReportFactory(project=project, month="2026-01", completed_investment=Decimal("3000.00"))
    MonthlyReportFactory(project=project, month="2026-02", completed_investment=Decimal("4500.00"))
    MonthlyReportFactory(project=project, month="2026-03", completed_investment=Decimal("9999.00"), status="draft")
    return project


def test_export_is_valid_and_maps_every_field(full_project):
    package = oc4ids.project_package(projects=Project.objects.all())
    assert oc4ids.validation_errors(package) == []
    assert package["version"] == "0.9"
    (data,) = package["projects"]
    assert data["id"].endswith("-2026-DL-0007") and data["id"].startswith("oc4ids-")
    assert data["identifiers"] == [{"id": "2026-DL-0007", "scheme": "CN-key-project-code"}]
    assert data["title"] == "浑河堤防加固工程" and data["description"] == "加固堤防32公里"
    assert data["status"] == "implementation"
    assert data["type"] == "rehabilitation"  # 加固
    assert data["sector"] == ["naturalResources", "naturalResources.floodProtection"]
    assert data["period"]["startDate"].startswith("2025-04-01T00:00:00")
    assert data["period"]["endDate"].startswith("2027-10-31")
    assert data["implementationPeriod"]["startDate"].startswith("2025-05-06")
    # 15 亿元 = 150000 万元 = 1.5e9 yuan.
    assert data["budget"]["amount"] == {"amount": 1_500_000_000, "currency": "CNY"}
    breakdown = {b["id"]: b["amount"]["amount"] for b in data["budget"]["budgetBreakdowns"][0]["budgetBreakdown"]}
    assert breakdown == {"treasury_bond": 1_200_000_000, "policy_loan": 200_000_000}
    finance = {f["type"]: f for f in data["budget"]["finance"]}
    assert finance["bond"]["value"]["amount"] == 1_200_000_000 and "88号" in finance["bond"]["title"]
    assert finance["loan"]["financingPartyType"] == "institutional"
    (location,) = data["locations"]
    assert location["geometry"] == {"type": "Point", "coordinates": [123.42, 41.78]}
    assert location["address"]["streetAddress"] == "浑河南岸堤防"
    roles = {p["name"]: set(p["roles"]) for p in data["parties"]}
    assert roles["市水务集团有限公司"] == {"buyer", "payee"}
    assert roles["市发展和改革委员会"] == {"publicAuthority"}
    assert data["publicAuthority"]["name"] == "市发展和改革委员会"
    milestones = {m["code"] if "code" in m else m["type"]: m for m in data["milestones"]}
    assert milestones["commencement"]["status"] == "met" and milestones["commencement"]["type"] == "delivery"
    assert milestones["completion"]["status"] == "scheduled"
    assert milestones["assessment"]["status"] == "notMet"
    (transaction,) = data["transactions"]
    assert transaction["value"]["amount"] == 300_000_000 and transaction["date"].startswith("2026-04-20")
    assert transaction["payee"]["name"] == "市水务集团有限公司"
    (metric,) = data["metrics"]
    assert metric["id"] == "financialProgress"
    # Only counted reports: January and February, with the cumulative share of total investment.
    assert [o["id"] for o in metric["observations"]] == ["2026-01", "2026-02"]
    assert metric["observations"][1]["value"]["amount"] == 45_000_000
    assert metric["observations"][1]["measure"] == 5.0  # (3000 + 4500) / 150000


def test_every_mapped_code_is_in_its_code_list():
    assert set(oc4ids.STATUS.values()) <= oc4ids.codelist("projectStatus")
    sectors = {code for codes in oc4ids.CATEGORY_SECTOR.values() for code in codes}
    sectors |= {code for _, codes in oc4ids.NAME_SECTOR for code in codes}
    assert sectors <= oc4ids.codelist("projectSector")
    assert {code for _, code in oc4ids.NAME_TYPE} | {"construction"} <= oc4ids.codelist("projectType")
    assert {t for t, _ in oc4ids.MILESTONE.values()} <= oc4ids.codelist("milestoneType")
    assert {c for _, c in oc4ids.MILESTONE.values() if c} <= oc4ids.codelist("milestoneCode")
    assert {t for t in oc4ids.FINANCE_TYPE.values() if t} <= oc4ids.codelist("financingArrangementType")
    assert set(oc4ids.FINANCING_PARTY_TYPE.values()) <= oc4ids.codelist("financingPartyType")
    assert {"buyer", "payer", "payee", "publicAuthority", "administrativeEntity"} <= oc4ids.codelist("partyRole")
    assert "financialProgress" in oc4ids.codelist("metricID")


@pytest.mark.parametrize("stage", ["conceived", "reserve", "preliminary", "construction", "completed", "operational"])
@pytest.mark.parametrize("category", ["traditional_industry", "livelihood", "culture_tourism", "ecology", "services"])
def test_every_stage_and_category_validates(stage, category):
    ProjectFactory(stage=stage, category=category, owner="", address="", latitude=None, longitude=None)
    package = oc4ids.project_package(projects=Project.objects.all())
    assert oc4ids.validation_errors(package) == []


def test_the_shared_schema_copy_is_unchanged(settings):
    from pathlib import Path

    shared = Path(settings.BASE_DIR).parent / "shared" / "oc4ids"
    if not shared.exists():
        pytest.skip("no ../shared/oc4ids beside the repository to compare with")
    for name in ("project-schema.json", "project-package-schema.json"):
        assert (shared / name).read_bytes() == (oc4ids.SCHEMA_DIR / name).read_bytes()


def test_api_filters_and_scopes(department_user, full_project, other_department):
    ProjectFactory(code="2026-OTHER", department=other_department, category="ecology")
    ProjectFactory(code="2026-MINE-ECO", department=full_project.department, category="ecology")
    client = APIClient()
    client.force_authenticate(department_user)
    package = client.get("/api/v1/oc4ids/").json()
    assert sorted(p["identifiers"][0]["id"] for p in package["projects"]) == ["2026-DL-0007", "2026-MINE-ECO"]
    filtered = client.get("/api/v1/oc4ids/?category=ecology").json()
    assert [p["identifiers"][0]["id"] for p in filtered["projects"]] == ["2026-MINE-ECO"]
    assert oc4ids.validation_errors(package) == []


def test_export_queries_are_bounded(django_assert_max_num_queries):
    for size in (2, 20):
        for _ in range(size):
            project = ProjectFactory()
            DisbursementFactory(allocation=AllocationFactory(project=project))
            MilestoneFactory(project=project)
        with django_assert_max_num_queries(8):
            oc4ids.project_package(projects=Project.objects.all())


def test_command_writes_a_valid_file(full_project, tmp_path):
    target = tmp_path / "oc4ids.json"
    call_command("export_oc4ids", "--output", str(target), "--validate")
    package = json.loads(target.read_text(encoding="utf-8"))
    assert package["projects"][0]["title"] == "浑河堤防加固工程"


def test_command_fails_clearly_without_projects(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no projects"):
        call_command("export_oc4ids", "--output", str(tmp_path / "x.json"))

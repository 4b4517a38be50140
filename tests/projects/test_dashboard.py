"""The city dashboard, the monthly bulletin and its downloads: agreement, scoping, query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from projects.models import AnnualTarget, CityStatistic
from tests.factories import (
    AnnualPlanFactory,
    DepartmentFactory,
    DistrictFactory,
    LeaderAssignmentFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
PERIOD = {"year": 2026, "month": 5}


@pytest.fixture
def city(department, other_department, district, other_district, leader):
    """FGW/JP: two projects (one top-100, one industrial new start); GXJ/CXD: one project."""
    own = ProjectFactory(
        code="2026-JP-0001",
        name="英歌石科学城",
        department=department,
        district=district,
        is_top100=True,
        total_investment=D("300000.00"),
    )
    own_new = ProjectFactory(
        code="2026-JP-0002",
        name="储能电池产业园",
        department=department,
        district=district,
        category="emerging_industry",
        actual_start=datetime.date(2026, 3, 15),
        total_investment=D("80000.00"),
    )
    other = ProjectFactory(
        code="2026-CX-0001",
        name="长兴岛氢基能源中心配套码头",
        department=other_department,
        district=other_district,
        level="provincial",
        total_investment=D("120000.00"),
    )
    LeaderAssignmentFactory(project=own, leader=leader)
    AnnualPlanFactory(project=own, year=2026, planned_investment=D("40000.00"))
    AnnualPlanFactory(project=own_new, year=2026, planned_investment=D("20000.00"), nature="new", planned_start_month=3)
    AnnualPlanFactory(project=other, year=2026, planned_investment=D("30000.00"))
    AnnualPlanFactory(project=own, year=2025, planned_investment=D("35000.00"))
    MonthlyReportFactory(project=own, month="2026-02", completed_investment=D("12345.67"))
    MonthlyReportFactory(project=own_new, month="2026-04", completed_investment=D("4321.00"))
    MonthlyReportFactory(project=other, month="2026-05", completed_investment=D("9876.54"))
    MonthlyReportFactory(project=own, month="2025-02", completed_investment=D("10000.00"))
    CityStatistic.objects.create(month="2026-05", fixed_asset_investment=D("50000.00"), growth_pct=D("5.20"))
    return {"own": own, "own_new": own_new, "other": other}


def test_dashboard_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302


def test_dashboard_bulletin_api_and_excel_agree(client, office_user, city):
    client.force_login(office_user)
    dashboard = client.get(reverse("home"), PERIOD).context
    bulletin = client.get(reverse("figures:bulletin"), PERIOD).context
    api = APIClient()
    api.force_authenticate(office_user)
    body = api.get("/api/v1/summary/", PERIOD).json()

    totals = dashboard["totals"]
    assert totals == bulletin["total"]
    assert body["completed"] == str(totals["completed"]) == "26543.21"
    assert body["annual_plan"] == "90000.00"
    assert body["project_count"] == totals["project_count"] == 3
    assert body["completion_pct"] == 29.49  # 26543.21 / 90000 = 29.4925
    assert body["lead_pts"] == -12.17  # 29.4925 - 41.6667 = -12.1742

    # The published text: one decimal, from the same unrounded figures.
    headline = bulletin["headline"]
    assert "3" in headline and "2.65" in headline and "29.5" in headline and "12.2" in headline

    page = client.get(reverse("home"), PERIOD).content.decode()
    assert "29.5" in page and "2.65" in page

    # The Excel attachment's total row and project rows sum to the same figures.
    response = client.get(reverse("figures:bulletin_xlsx"), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    total_row = [cell.value for cell in sheet[4]]
    assert total_row[7] == 90000.0
    assert total_row[9] == pytest.approx(26543.21)
    assert total_row[10] == 29.49
    project_rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)]
    assert len(project_rows) == 3
    assert sum(D(str(r[9])) for r in project_rows) == D("26543.21")
    assert sheet.freeze_panes == "D4"
    assert "万元" in sheet["A2"].value or "10k" in sheet["A2"].value


def test_bulletin_text_in_the_published_form(client, office_user, city, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(office_user)
    response = client.get(reverse("figures:bulletin"), PERIOD, HTTP_ACCEPT_LANGUAGE="zh-hans")
    headline = response.context["headline"]
    assert headline.startswith("今年安排全市重点建设项目3项,项目总投资50.00亿元,年度投资计划9.00亿元。")
    assert "1-5月项目累计完成投资2.65亿元,占年度投资计划的29.5%,低于时间进度12.2个百分点。" in headline
    assert "本年度计划开工项目1项,目前实际已开工1项,完成年度计划开工的100.0%。" in headline


def test_bulletin_word_download(client, office_user, city):
    from docx import Document

    client.force_login(office_user)
    response = client.get(reverse("figures:bulletin_docx"), PERIOD)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2.65" in text
    assert len(document.tables) == 4


def test_department_user_sees_its_own_figures_only(client, department_user, city):
    client.force_login(department_user)
    context = client.get(reverse("home"), PERIOD).context
    assert context["totals"]["project_count"] == 2
    assert context["totals"]["completed"] == D("16666.67")
    districts = {
        row["code"] for block in context["breakdowns"] for row in block["rows"] if block["dimension"] == "district"
    }
    assert districts == {"JP"}
    page = client.get(reverse("home"), PERIOD).content.decode()
    assert "长兴岛经济区" not in page

    bulletin = client.get(reverse("figures:bulletin"), PERIOD)
    assert bulletin.context["total"]["project_count"] == 2
    assert "长兴岛" not in bulletin.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("figures:bulletin_xlsx"), PERIOD).content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)]
    assert sorted(names) == ["储能电池产业园", "英歌石科学城"]


def test_district_user_sees_its_district(client, district_user, city):
    client.force_login(district_user)
    assert client.get(reverse("home"), PERIOD).context["totals"]["project_count"] == 2


def test_leader_sees_the_city_overview_and_own_projects_first(client, leader_user, city):
    client.force_login(leader_user)
    response = client.get(reverse("home"), PERIOD)
    context = response.context
    assert context["totals"]["project_count"] == 3  # the city overview
    assert [row.project.code for row in context["my_projects"]] == ["2026-JP-0001"]
    content = response.content.decode()
    assert content.index('data-testid="my-projects"') < content.index('data-testid="headline"')
    # Per-project rows of the attachment stay with the leader's own projects.
    sheet = load_workbook(io.BytesIO(client.get(reverse("figures:bulletin_xlsx"), PERIOD).content)).active
    codes = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)]
    assert codes == ["2026-JP-0001"]


def test_top100_share_of_city_investment_and_industrial_share(client, office_user, city):
    client.force_login(office_user)
    context = client.get(reverse("home"), PERIOD).context
    # Top-100 completed 12,345.67 of the city's 50,000 -> 24.69%.
    assert round(context["city_share"], 2) == D("24.69")
    assert context["totals"]["industrial_count"] == 1
    assert round(context["industrial_count_share"], 2) == D("33.33")


def test_every_breakdown_row_links_to_the_filtered_projects(client, office_user, city):
    client.force_login(office_user)
    context = client.get(reverse("home"), PERIOD).context
    district_rows = next(b for b in context["breakdowns"] if b["dimension"] == "district")["rows"]
    jp = next(row for row in district_rows if row["code"] == "JP")
    assert "district=JP" in jp["url"] and "year=2026" in jp["url"]
    assert context["links"]["new"].endswith("nature=new") or "nature=new" in context["links"]["new"]


def test_default_period_is_the_last_closed_month(client, office_user, city):
    client.force_login(office_user)
    context = client.get(reverse("home")).context
    today = datetime.date.today()
    expected = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    assert (context["year"], context["month"]) == expected


def test_targets_are_tracked(client, office_user, city):
    AnnualTarget.objects.create(year=2026, metric="key_completion_pct", target_value=D("95"), unit="pct")
    AnnualTarget.objects.create(year=2026, metric="benchmark_projects", target_value=D("5"), unit="count")
    AnnualTarget.objects.create(
        year=2026, metric="commissioners_trained", target_value=D("50"), unit="persons", manual_value=D("20")
    )
    client.force_login(office_user)
    tracked = {t.target.metric: t for t in client.get(reverse("home"), PERIOD).context["targets"]}
    assert round(tracked["key_completion_pct"].value, 2) == D("29.49")
    assert tracked["benchmark_projects"].value == 0
    assert tracked["commissioners_trained"].value == D("20") and not tracked["commissioners_trained"].measured
    assert tracked["commissioners_trained"].progress_pct == D("40")


def _populate(count):
    department = DepartmentFactory(code="FGW")
    districts = [DistrictFactory(code=f"Q{i}") for i in range(3)]
    for i in range(count):
        project = ProjectFactory(department=department, district=districts[i % 3], is_top100=i % 5 == 0)
        AnnualPlanFactory(
            project=project, year=2026, nature="new" if i % 4 == 0 else "continuing", planned_start_month=2
        )
        MonthlyReportFactory(project=project, month="2026-03")
    AnnualTarget.objects.create(year=2026, metric="key_completion_pct", target_value=D("95"), unit="pct")
    CityStatistic.objects.create(month="2026-05", fixed_asset_investment=D("900000"))


@pytest.mark.parametrize("count", [10, 500])
def test_query_counts_do_not_grow_with_projects(client, office_user, django_assert_max_num_queries, count):
    _populate(count)
    client.force_login(office_user)
    with django_assert_max_num_queries(32):
        assert client.get(reverse("home"), PERIOD).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("figures:bulletin"), PERIOD).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("figures:bulletin_xlsx"), PERIOD).status_code == 200


def test_query_counts_are_equal_at_two_sizes(client, office_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _populate(10)
    client.force_login(office_user)
    counts = []
    for url in (reverse("home"), reverse("figures:bulletin")):
        with CaptureQueriesContext(connection) as small:
            client.get(url, PERIOD)
        counts.append(len(small))
    _populate_more = [ProjectFactory() for _ in range(40)]
    for project in _populate_more:
        AnnualPlanFactory(project=project, year=2026)
    for index, url in enumerate((reverse("home"), reverse("figures:bulletin"))):
        with CaptureQueriesContext(connection) as large:
            client.get(url, PERIOD)
        assert len(large) == counts[index]


def test_city_statistics_entry_is_for_the_office(client, office_user, department_user, viewer_user):
    client.force_login(department_user)
    assert client.get(reverse("figures:city_statistics")).status_code == 403
    assert client.post(reverse("figures:city_statistics"), {"month": "2026-05"}).status_code == 403
    client.force_login(viewer_user)
    assert client.get(reverse("figures:targets")).status_code == 403
    client.force_login(office_user)
    response = client.post(
        reverse("figures:city_statistics"),
        {"month": "2026-05", "fixed_asset_investment": "1234567.89", "growth_pct": "4.5"},
    )
    assert response.status_code == 302
    assert CityStatistic.objects.get(month="2026-05").fixed_asset_investment == D("1234567.89")
    # Saving the month again replaces it.
    client.post(reverse("figures:city_statistics"), {"month": "2026-05", "fixed_asset_investment": "2000000"})
    assert CityStatistic.objects.get(month="2026-05").fixed_asset_investment == D("2000000")
    assert client.post(reverse("figures:city_statistics"), {"month": "2026-13"}).status_code == 400
    assert CityStatistic.objects.count() == 1


def test_annual_targets_entry(client, office_user):
    client.force_login(office_user)
    response = client.post(reverse("figures:targets"), {"year": "2026", "metric": "policy_loans", "target_value": "30"})
    assert response.status_code == 302
    target = AnnualTarget.objects.get(year=2026, metric="policy_loans")
    assert target.unit == "yi"
    client.post(reverse("figures:targets"), {"year": "2026", "metric": "policy_loans", "target_value": "35"})
    assert AnnualTarget.objects.get().target_value == D("35")
    assert (
        client.post(reverse("figures:targets"), {"year": "2026", "metric": "x", "target_value": "1"}).status_code == 400
    )
    assert client.get(reverse("figures:targets"), {"year": 2026}).status_code == 200


def test_anonymous_users_are_sent_to_login(client):
    for name in ("figures:bulletin", "figures:bulletin_docx", "figures:bulletin_xlsx", "figures:city_statistics"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response.url


def test_bulletin_leaves_out_red_and_yellow_lists_without_dispatch_alerts(client, office_user, city):
    client.force_login(office_user)
    response = client.get(reverse("figures:bulletin"), PERIOD)
    assert response.context["alerts"] is None
    assert "5. " not in response.content.decode() and "五、" not in response.content.decode()


def test_targets_measured_from_the_register_and_funding(client, office_user, department_user, city):
    from funding.models import Allocation

    city["other"].stage = "reserve"
    city["other"].is_benchmark = True
    city["other"].save()
    Allocation.objects.create(
        project=city["own"], kind="policy_loan", year=2026, amount=D("150000.00"), received_on=datetime.date(2026, 4, 1)
    )
    Allocation.objects.create(
        project=city["other"],
        kind="policy_loan",
        year=2026,
        amount=D("50000.00"),
        received_on=datetime.date(2026, 4, 1),
    )
    Allocation.objects.create(
        project=city["other"],
        kind="special_bond",
        year=2026,
        amount=D("90000.00"),
        received_on=datetime.date(2026, 4, 1),
    )
    for metric, value, unit in (
        ("policy_loans", "30", "yi"),
        ("reserve_total_investment", "200", "yi"),
        ("benchmark_projects", "5", "count"),
        ("provincial_packaged", "10", "count"),
        ("idle_land_mu", "500", "mu"),
    ):
        AnnualTarget.objects.create(year=2026, metric=metric, target_value=D(value), unit=unit)
    client.force_login(office_user)
    tracked = {t.target.metric: t for t in client.get(reverse("home"), PERIOD).context["targets"]}
    assert tracked["policy_loans"].value == D("20")  # 20亿 of policy loans, bonds not counted
    assert tracked["reserve_total_investment"].value == D("12")
    assert tracked["benchmark_projects"].value == 1
    assert tracked["provincial_packaged"].value == 1
    assert tracked["idle_land_mu"].value == Decimal("0") and tracked["idle_land_mu"].measured  # no land case settled

    # A department sees its targets measured over its own projects.
    client.force_login(department_user)
    tracked = {t.target.metric: t for t in client.get(reverse("home"), PERIOD).context["targets"]}
    assert tracked["policy_loans"].value == D("15")
    assert tracked["benchmark_projects"].value == 0


def test_dashboard_loads_the_months_alerts_and_rankings(client, office_user):
    client.force_login(office_user)
    body = client.get(reverse("home"), {"year": 2026, "month": 9}).content.decode()
    assert f'hx-get="{reverse("dispatch:dashboard_panel")}?month=2026-09"' in body

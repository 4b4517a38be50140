"""The office opens the dashboard, changes the month, clicks a bar into the filtered project list,
and prints the bulletin."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest

from projects.models import AnnualTarget, CityStatistic
from tests.factories import (
    AnnualPlanFactory,
    DepartmentFactory,
    DistrictFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal


def seed_city():
    districts = [
        DistrictFactory(code="JP", name="金普新区"),
        DistrictFactory(code="CXD", name="长兴岛经济区"),
        DistrictFactory(code="ZS", name="中山区"),
    ]
    departments = [
        DepartmentFactory(code="FGW", name="市发展和改革委员会"),
        DepartmentFactory(code="GXJ", name="市工业和信息化局"),
        DepartmentFactory(code="JTJ", name="市交通运输局"),
    ]
    names = [
        "英歌石科学城",
        "恒力聚酯园",
        "金州湾国际机场T3航站楼",
        "轨道交通5号线",
        "储能电池产业园",
        "东关街历史文化街区改造",
    ]
    categories = [
        "emerging_industry",
        "traditional_industry",
        "infrastructure",
        "infrastructure",
        "emerging_industry",
        "culture_tourism",
    ]
    for index, name in enumerate(names):
        project = ProjectFactory(
            code=f"2026-DL-{index + 1:04d}",
            name=name,
            district=districts[index % 3],
            department=departments[index % 3],
            category=categories[index],
            level="provincial" if index < 2 else "city",
            is_top100=index < 4,
            total_investment=D(200000 + 150000 * index),
            actual_start=datetime.date(2026, 3, 1) if index == 4 else None,
        )
        plan = D(30000 + 10000 * index)
        AnnualPlanFactory(
            project=project,
            year=2026,
            planned_investment=plan,
            nature="new" if index >= 4 else "continuing",
            planned_start_month=3 if index >= 4 else None,
        )
        AnnualPlanFactory(project=project, year=2025, planned_investment=plan)
        for month in range(1, 11):
            MonthlyReportFactory(
                project=project,
                month=f"2026-{month:02d}",
                completed_investment=(plan * D("0.07") * (1 + index % 3) / 2).quantize(D("0.01")),
            )
            MonthlyReportFactory(
                project=project, month=f"2025-{month:02d}", completed_investment=(plan * D("0.06")).quantize(D("0.01"))
            )
    CityStatistic.objects.create(month="2026-09", fixed_asset_investment=D("1500000"), growth_pct=D("6.1"))
    AnnualTarget.objects.create(year=2026, metric="key_completion_pct", target_value=D("95"), unit="pct")
    AnnualTarget.objects.create(year=2026, metric="benchmark_projects", target_value=D("5"), unit="count")


def test_office_dashboard_month_change_bar_click_and_bulletin_print(page, login, live_server, office_user, output_dir):
    seed_city()
    login("office")
    page.goto(f"{live_server.url}/?year=2026&month=10")
    page.wait_for_selector("#chart-district canvas")
    assert page.get_by_test_id("project-count").inner_text() == "6"
    page.screenshot(path=output_dir / "dashboard-office.png", full_page=True)

    # Change the month: the picker submits itself.
    page.select_option("#pick-month", "9")
    page.wait_for_url("**month=9**")
    page.wait_for_selector("#chart-district canvas")
    assert "1-9" in page.get_by_test_id("period").inner_text() or "9" in page.get_by_test_id("period").inner_text()
    assert page.get_by_test_id("city-share").inner_text().strip()
    page.screenshot(path=output_dir / "dashboard-september.png", full_page=True)

    # The table view of a chart.
    card = page.get_by_test_id("breakdown-district")
    card.get_by_role("button", name="表格").click()
    assert card.locator("table").is_visible()
    page.screenshot(path=output_dir / "dashboard-district-table.png", full_page=False)
    card.get_by_role("button", name="图表").click()

    # Click the first bar of the district chart: the projects of that district for the year.
    card.locator("#chart-district").scroll_into_view_if_needed()
    chart_box = page.locator("#chart-district").bounding_box()
    bar_point = page.evaluate(
        """() => {
            const chart = window.portalCharts.district;
            const [x, y] = chart.convertToPixel({seriesIndex: 1}, [0, chart.getOption().series[1].data[0] / 2]);
            return {x, y};
        }"""
    )
    first_url = page.evaluate(
        "() => JSON.parse(document.getElementById('dashboard-data').textContent).breakdowns.district.urls[0]"
    )
    page.mouse.click(chart_box["x"] + bar_point["x"], chart_box["y"] + bar_point["y"])
    page.wait_for_url(lambda url: "district=" in url)
    query = parse_qs(urlparse(page.url).query)
    assert page.url.endswith(first_url)
    assert query["district"] == ["CXD"]  # districts in their order: CXD, JP, ZS
    assert query["year"] == ["2026"]
    if "month" in query:  # the dashboard itself, until the register's project list is merged
        assert query["month"] == ["9"]
        assert page.get_by_test_id("project-count").inner_text() == "2"
    page.screenshot(path=output_dir / "dashboard-after-bar-click.png", full_page=False)

    # The bulletin for September prints.
    page.goto(f"{live_server.url}/figures/bulletin/?year=2026&month=9")
    headline = page.get_by_test_id("headline-text").inner_text()
    assert headline.startswith("今年安排全市重点建设项目6项")
    assert "1-9月项目累计完成投资" in headline
    page.screenshot(path=output_dir / "bulletin.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=output_dir / "bulletin-print.png", full_page=True)
    assert not page.locator("nav.navbar").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    (output_dir / "bulletin.pdf").write_bytes(pdf)

    # The downloads behind the buttons, kept beside the screenshots for a look.
    for testid, name in (("download-docx", "bulletin.docx"), ("download-xlsx", "completion.xlsx")):
        page.emulate_media(media="screen")
        href = page.get_by_test_id(testid).get_attribute("href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.ok
        (output_dir / name).write_bytes(response.body())


def test_department_and_leader_dashboards(page, login, live_server, output_dir, department_user, leader_user):
    from projects.models import Project
    from tests.factories import LeaderAssignmentFactory

    seed_city()
    LeaderAssignmentFactory(project=Project.objects.get(code="2026-DL-0003"), leader=leader_user.leader)
    login("dept")
    page.goto(f"{live_server.url}/?year=2026&month=9")
    page.wait_for_selector("#chart-district canvas")
    # FGW holds two of the six projects; the other departments' names appear nowhere.
    assert page.get_by_test_id("project-count").inner_text() == "2"
    assert "市交通运输局" not in page.content()
    page.screenshot(path=output_dir / "dashboard-department.png", full_page=True)
    page.context.clear_cookies()

    login("leader")
    page.goto(f"{live_server.url}/?year=2026&month=9")
    page.wait_for_selector("#chart-district canvas")
    my_projects = page.get_by_test_id("my-projects")
    assert "金州湾国际机场T3航站楼" in my_projects.inner_text()
    assert page.get_by_test_id("project-count").inner_text() == "6"  # the city overview
    page.screenshot(path=output_dir / "dashboard-leader.png", full_page=True)

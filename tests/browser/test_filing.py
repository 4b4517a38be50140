"""A department files a month for its projects; the office returns one; the department sees why."""

from decimal import Decimal

import pytest
from PIL import Image

from projects.models import MonthlyReport
from tests.factories import AnnualPlanFactory, LeaderAssignmentFactory, MilestoneFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["东关街历史街区改造", "滨海新区综合管廊", "智能制造产业园一期"]


def test_department_files_office_returns_department_sees_reason(
    page, login, live_server, output_dir, department_user, office_user, leader
):
    projects = []
    for i, name in enumerate(NAMES, start=1):
        project = ProjectFactory(
            code=f"2026-FGW-{i:04d}",
            name=name,
            department=department_user.department,
            total_investment=Decimal("80000"),
            is_top100=i == 1,
        )
        AnnualPlanFactory(
            project=project, year=2026, planned_investment=Decimal("12000"), monthly_plan=[Decimal("1000")] * 12
        )
        projects.append(project)
    LeaderAssignmentFactory(project=projects[0], leader=leader)
    MilestoneFactory(project=projects[0], kind="start", planned_date="2026-03-01", actual_date="2026-03-10")
    MilestoneFactory(project=projects[0], kind="structure_complete", planned_date="2026-09-30")

    login("dept")
    page.goto(f"{live_server.url}/projects/filing/")
    page.wait_for_selector("table.filing-table")
    assert page.locator("[data-testid=missing-count]").inner_text() == "3"
    page.fill(f"input[name='p{projects[0].pk}-completed_investment']", "-5")
    page.fill(f"input[name='p{projects[1].pk}-completed_investment']", "900")
    with page.expect_navigation():
        page.click("[data-testid=submit-all]")
    assert page.locator("tr.row-error").count() == 1
    assert "不能为负数" in page.locator("tr.row-error").inner_text()
    page.screenshot(path=str(output_dir / "filing-0-row-error.png"), full_page=True)
    assert not MonthlyReport.objects.exists()
    for i, project in enumerate(projects):
        page.fill(f"input[name='p{project.pk}-completed_investment']", str(800 + i * 100))
        page.fill(f"textarea[name='p{project.pk}-progress']", "主体结构施工,完成进度约60%")
    page.fill(f"textarea[name='p{projects[1].pk}-problems']", "用地指标待落实")
    page.screenshot(path=str(output_dir / "filing-1-filled.png"), full_page=True)
    with page.expect_navigation():
        page.click("[data-testid=submit-all]")
    assert page.locator("[data-testid=status]").all_inner_texts() == ["已提交"] * 3
    assert page.locator("[data-testid=missing-count]").inner_text() == "0"
    page.screenshot(path=str(output_dir / "filing-2-submitted.png"), full_page=True)
    assert MonthlyReport.objects.filter(status="submitted").count() == 3

    photo = output_dir.parent / "site.png"
    Image.new("RGB", (640, 480), "#6a8caf").save(photo)
    card = page.locator("form[action*='/photos/']").first
    card.locator("input[type=file]").set_input_files(str(photo))
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert page.locator("img.report-thumb").count() == 1

    page.context.clear_cookies()
    login("office")
    page.goto(f"{live_server.url}/projects/review/")
    row = page.locator(f"tr[data-project='{projects[1].code}']")
    row.locator("input[name=reason]").fill("用地问题描述不清,请补充具体地块和时限")
    page.screenshot(path=str(output_dir / "filing-3-review.png"), full_page=True)
    with page.expect_navigation():
        row.locator("button:has-text('退回')").click()
    assert page.locator("[data-testid=queue-count]").inner_text() == "2"

    page.goto(f"{live_server.url}/projects/{projects[0].code}/")
    page.wait_for_selector("#s-curve canvas")
    page.screenshot(path=str(output_dir / "filing-4-project.png"), full_page=True)

    page.context.clear_cookies()
    login("dept")
    page.goto(f"{live_server.url}/projects/filing/")
    reason = page.locator(f"tr[data-project='{projects[1].code}'] [data-testid=return-reason]")
    assert "请补充具体地块和时限" in reason.inner_text()
    assert page.locator("[data-testid=missing-count]").inner_text() == "1"
    page.screenshot(path=str(output_dir / "filing-5-returned.png"), full_page=True)

    page.goto(f"{live_server.url}/projects/")
    page.screenshot(path=str(output_dir / "filing-6-list.png"), full_page=True)


def test_office_forms_show_chinese_messages(page, login, live_server, output_dir, office_user, district, department):
    project = ProjectFactory(code="2026-DL-0100", name="东港商务区地下空间", district=district, department=department)
    login("office")
    page.goto(f"{live_server.url}/projects/{project.code}/plans/new/")
    page.fill("#id_planned_investment", "1200")
    for month in range(1, 13):
        page.fill(f"#id_plan_m{month:02d}", "90")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "合计为" in page.content()
    page.screenshot(path=str(output_dir / "forms-1-plan-error.png"), full_page=True)
    page.goto(f"{live_server.url}/projects/{project.code}/edit/")
    page.fill("#id_planned_end", "2020-01-01")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "计划竣工" in page.content()
    page.screenshot(path=str(output_dir / "forms-2-project-error.png"), full_page=True)

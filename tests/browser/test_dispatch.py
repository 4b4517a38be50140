"""The office runs the alert job from the portal and watches its progress, issues a notice to a
red project; the responsible department answers it."""

from decimal import Decimal

import pytest

from dispatch.models import WarningNotice
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTH = "2026-06"


def test_office_runs_alerts_issues_a_notice_and_the_department_answers(
    page, login, live_server, output_dir, office_user, department_user, department, district
):
    red = ProjectFactory(code="2026-FGW-0007", name="东港商务区地下综合管廊", department=department, district=district)
    AnnualPlanFactory(project=red, year=2026, planned_investment=Decimal("24000.00"))
    green = ProjectFactory(code="2026-FGW-0008", name="金州湾大道拓宽", department=department, district=district)
    AnnualPlanFactory(project=green, year=2026, planned_investment=Decimal("1200.00"))
    for month in ("2026-05", "2026-06"):
        MonthlyReportFactory(project=green, month=month, completed_investment=Decimal("400.00"))

    login("office")
    page.goto(f"{live_server.url}/dispatch/jobs/")
    page.select_option("#id_job", "compute_alerts")
    page.fill("#id_month", MONTH)
    page.click("[data-testid=start-job]")
    status = page.locator("[data-testid=job-status]")
    status.wait_for()
    page.locator("[data-testid=job-status][data-status=succeeded]").wait_for()
    assert "100%" in status.inner_text()
    page.screenshot(path=str(output_dir / "dispatch-1-job-progress.png"), full_page=True)

    page.goto(f"{live_server.url}/dispatch/alerts/?month={MONTH}")
    assert page.locator("[data-testid=count-red]").inner_text() == "1"
    assert page.locator("[data-testid=count-green]").inner_text() == "1"
    red_list = page.locator("[data-testid=red-list]")
    assert red.name in red_list.inner_text()
    page.screenshot(path=str(output_dir / "dispatch-2-alert-board.png"), full_page=True)
    page.select_option("#id_kind", "supervision")
    page.click("[data-testid=issue-notices]")
    page.locator("[data-testid=official-notice]").wait_for()
    notice = WarningNotice.objects.get()
    assert notice.number in page.locator("[data-testid=official-notice]").inner_text()
    page.screenshot(path=str(output_dir / "dispatch-3-notice-issued.png"), full_page=True)

    page.context.clear_cookies()
    login("dept")
    page.goto(f"{live_server.url}/dispatch/notices/")
    page.click(f"text={notice.number}")
    page.fill("#id_reply", "一、6月15日前补报5、6月月报;二、倒排工期,7月底前完成管廊主体结构。")
    page.click("[data-testid=send-reply]")
    page.locator("[data-testid=notice-reply]").wait_for()
    notice.refresh_from_db()
    assert notice.status == "replied"
    page.screenshot(path=str(output_dir / "dispatch-4-department-replied.png"), full_page=True)

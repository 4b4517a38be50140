"""The office runs the alert job from the portal and watches its progress, issues a notice to a
red project; the responsible department answers it."""

import contextlib
from decimal import Decimal

import pytest
from django.conf import settings

from dispatch.models import WarningNotice
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTH = "2026-06"


def worker_if_redis():
    """On the production stack the page queues the job for a real worker, which the page then
    watches; on the embedded default the job runs in-process."""
    if not settings.REDIS_URL:
        return contextlib.nullcontext()
    from celery.contrib.testing.worker import start_worker

    from portfolio.celery import app

    app.control.purge()
    return start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30)


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
    with worker_if_redis():
        page.click("[data-testid=start-job]")
        status = page.locator("[data-testid=job-status]")
        status.wait_for()
        page.locator("[data-testid=job-status][data-status=succeeded]").wait_for(timeout=60000)
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
    page.goto(f"{live_server.url}/dispatch/notices/")
    assert "已回复" in page.locator("[data-testid=notice-register]").inner_text()
    page.screenshot(path=str(output_dir / "dispatch-4b-notice-register.png"), full_page=True)


def test_office_publishes_rankings_and_sees_the_red_and_black_lists(page, login, live_server, output_dir, office_user):
    from dispatch.services import alerts_compute, rankings_compute
    from tests.factories import DistrictFactory

    names = ["金普新区", "甘井子区", "沙河口区", "中山区", "西岗区", "旅顺口区", "长兴岛经济区"]
    for index, name in enumerate(names):
        district = DistrictFactory(code=f"D{index}", name=name)
        project = ProjectFactory(district=district)
        AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("10000.00"))
        for month in ("2026-05", "2026-06"):
            done = Decimal(3000 - index * 400 if index != 2 else 2600)  # two districts tie
            MonthlyReportFactory(project=project, month=month, completed_investment=done)
    alerts_compute(month="2026-05")
    alerts_compute(month=MONTH)
    rankings_compute(month="2026-05")
    rankings_compute(month=MONTH)

    login("office")
    page.goto(f"{live_server.url}/dispatch/rankings/?month={MONTH}&dimension=district")
    table = page.locator("[data-testid=ranking-table]")
    assert "金普新区" in table.inner_text()
    page.screenshot(path=str(output_dir / "dispatch-5-rankings.png"), full_page=True)
    page.click("button:has-text('发布')")
    page.locator(".badge:has-text('已发布')").wait_for()
    page.click("text=红黑榜")
    page.locator("text=黑榜(后列)").wait_for()
    page.screenshot(path=str(output_dir / "dispatch-6-red-black.png"), full_page=True)
    page.goto(f"{live_server.url}/dispatch/alerts/?month={MONTH}")
    page.locator("#alert-trend-chart canvas").wait_for()
    page.screenshot(path=str(output_dir / "dispatch-8-board-trend.png"), full_page=True)
    page.click("[data-trend-show=table]")
    assert "2026-05" in page.locator("[data-testid=trend-table]").inner_text()
    page.goto(f"{live_server.url}/dispatch/rules/")
    page.screenshot(path=str(output_dir / "dispatch-7-rules.png"), full_page=True)

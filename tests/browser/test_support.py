"""A district raises a land case, it runs past its due and goes up to natural resources, the
department resolves it, and the city board counts it resolved."""

import datetime

import pytest

from dispatch import support_services as services
from dispatch.models import SupportCase
from portfolio.choices import UserRoleChoices
from tests.dispatch.factories_support import ServiceLevelFactory
from tests.factories import DepartmentFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_land_case_raised_escalated_resolved_and_counted(
    page, login, live_server, output_dir, district_user, department, office_user
):
    nature = DepartmentFactory(code="ZRJ", name="市自然资源局", short_name="自然资源局")
    UserFactory(username="zrj", role=UserRoleChoices.DEPARTMENT, department=nature, first_name="自然资源局")
    ServiceLevelFactory(category="land", working_days=3, department=nature)
    ProjectFactory(
        code="2026-JP-0101",
        name="金普新区功率半导体模块封测项目",
        district=district_user.district,
        department=department,
    )

    # The district raises the case from the project.
    login("dist")
    page.goto(f"{live_server.url}/dispatch/support/cases/new/?project=2026-JP-0101")
    page.select_option("#id_category", "land")
    page.fill("#id_description", "二期用地指标缺口 80 亩，需调剂年度新增建设用地计划")
    page.fill("#id_land_mu", "80")
    page.click("[data-testid=raise-form] button[type=submit]")
    page.wait_for_selector("[data-testid=timeline]")
    page.screenshot(path=output_dir / "support-1-raised-by-district.png", full_page=True)
    case = SupportCase.objects.get()
    assert case.level == "district" and case.source == "district"

    # The clock runs out: the scheduled job, run a minute past the due, takes it up one level.
    result = services.cases_escalate_overdue(now=case.due_at + datetime.timedelta(minutes=1))
    assert result.escalated == 1
    case.refresh_from_db()
    assert case.level == "department" and case.owner_department == nature

    # Natural resources finds it in its inbox and resolves it.
    page.context.clear_cookies()
    login("zrj")
    page.goto(f"{live_server.url}/dispatch/support/")
    row = page.locator(f"tr[data-case='{case.pk}']")
    assert row.count() == 1
    page.screenshot(path=output_dir / "support-2-department-inbox.png", full_page=True)
    row.locator("a").first.click()
    page.wait_for_selector("[data-testid=timeline]")
    assert page.locator("[data-testid=timeline] li").count() == 2  # raised, escalated automatically
    page.fill("#id_resolution", "经市自然资源局调剂年度用地指标 80 亩，已完成供地")
    page.fill("[data-testid=resolve-form] #id_land_mu", "80")
    page.click("[data-testid=resolve]")
    page.wait_for_selector("[data-testid=case-resolution]")
    page.screenshot(path=output_dir / "support-3-resolved-by-department.png", full_page=True)
    case.refresh_from_db()
    assert case.status == "resolved"

    # The office's board counts it: resolved within its service level, 80 mu of land.
    page.context.clear_cookies()
    login("office")
    page.goto(f"{live_server.url}/dispatch/support/board/")
    page.wait_for_selector("#chart-category canvas")
    assert page.inner_text("[data-testid=month-resolved]").strip() == "1 / 1"
    assert page.inner_text("[data-testid=within-sla]").strip() == "100.0%"
    assert page.inner_text("[data-testid=land-mu]").strip() == "80"
    assert page.inner_text("[data-testid=open-count]").strip() == "0"
    page.screenshot(path=output_dir / "support-4-board.png", full_page=True)

"""The office logs in through the real form and sees its home page in Chinese."""

import datetime
from decimal import Decimal

import pytest

from portfolio.months import parse_month, previous_month
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_and_sees_the_home_page_in_chinese(page, login, live_server, office_user, output_dir):
    year = parse_month(previous_month())[0]
    for index in range(3):
        project = ProjectFactory(planned_start=datetime.date(year, 3, 1))
        AnnualPlanFactory(project=project, year=year, planned_investment=Decimal("250000.00"))
        MonthlyReportFactory(project=project, month=f"{year}-01", completed_investment=Decimal(30000 + index * 5000))

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("button", name="登录").is_visible()
    page.screenshot(path=str(output_dir / "foundation-login.png"), full_page=True)

    login("office")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="重点项目驾驶舱 · 全市").is_visible()
    assert page.get_by_test_id("project-count").inner_text() == "3"
    assert page.get_by_test_id("annual-plan").inner_text() == "75.00"
    assert page.get_by_test_id("current-user").inner_text() == "项目办"
    assert page.get_by_role("button", name="退出").is_visible()
    page.screenshot(path=str(output_dir / "foundation-home.png"), full_page=True)


def test_wrong_password_shows_the_message_in_chinese(page, live_server, office_user, output_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert "密码" in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(output_dir / "foundation-login-failed.png"), full_page=True)


def test_language_switch_turns_the_portal_english_and_back(page, login, office_user, output_dir):
    login("office")
    with page.expect_navigation():
        page.select_option("#language-switch", "en")
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(output_dir / "foundation-home-en.png"), full_page=True)

    with page.expect_navigation():
        page.select_option("#language-switch", "zh-hans")
    assert page.get_by_role("button", name="退出").is_visible()

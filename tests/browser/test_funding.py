"""The office records an allocation and two payments, then sees the payment rate on the
project's funding panel and on the funding dashboard."""

import datetime

import pytest

from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_records_money_and_sees_the_payment_rate(page, login, live_server, office_user, output_dir):
    today = datetime.date.today()
    project = ProjectFactory(code="2026-DL-0007", name="浑河堤防加固工程", category="infrastructure")
    login("office")

    page.goto(f"{live_server.url}/funding/allocations/new/?project={project.code}")
    page.select_option("#id_kind", "treasury_bond")
    page.fill("#id_document_no", "发改投资〔2026〕88号")
    page.fill("#id_amount", "1000")
    page.fill("#id_received_on", today.isoformat())
    page.screenshot(path=output_dir / "funding-allocation-form.png", full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=output_dir / "funding-allocation-saved.png", full_page=True)
    page.wait_for_url(f"**/funding/projects/{project.code}/")
    assert page.get_by_test_id("panel-payment-rate").inner_text().startswith("0.0")

    for amount in ("300", "326"):
        page.get_by_role("link", name="登记支付").first.click()
        page.fill("#id_amount", amount)
        page.fill("#id_paid_on", today.isoformat())
        page.click("main button[type=submit]")
        page.wait_for_url(f"**/funding/projects/{project.code}/")

    # 626 of 1000 paid.
    assert page.get_by_test_id("panel-payment-rate").inner_text() == "62.6%"
    assert page.locator("[data-testid=panel-payments] tbody tr").count() == 2
    page.wait_for_selector("[data-echarts] svg")
    page.screenshot(path=output_dir / "funding-project-panel.png", full_page=True)

    # A third payment past the allocation is refused with a message on the amount.
    page.get_by_role("link", name="登记支付").first.click()
    page.fill("#id_amount", "400")
    page.fill("#id_paid_on", today.isoformat())
    page.click("main button[type=submit]")
    assert page.locator(".invalid-feedback").count() >= 1
    page.screenshot(path=output_dir / "funding-payment-refused.png", full_page=True)

    page.goto(f"{live_server.url}/funding/")
    assert page.get_by_test_id("payment-rate").inner_text() == "62.6%"
    assert "浑河堤防加固工程" in page.get_by_test_id("project-table").inner_text()
    page.wait_for_selector("#h-kind ~ [data-echarts] svg")
    page.screenshot(path=output_dir / "funding-dashboard.png", full_page=True)


def test_dashboard_of_the_demo_city(page, login, live_server, office_user, output_dir):
    import random

    from funding import demo

    ProjectFactory(name="浑河堤防加固工程", category="infrastructure")
    ProjectFactory(name="辽东湾综合交通枢纽", category="infrastructure")
    ProjectFactory(name="轨道交通5号线", category="infrastructure")
    for i in range(120):
        category = ["livelihood", "infrastructure", "emerging_industry", "traditional_industry"][i % 4]
        ProjectFactory(category=category, stage="reserve" if i % 10 == 0 else "construction")
    demo.seed(rng=random.Random(3), today=datetime.date.today())
    login("office")
    page.goto(f"{live_server.url}/funding/")
    assert page.get_by_test_id("secured-total").inner_text() == "238.60"
    assert page.get_by_test_id("secured-yoy").inner_text() == "+34.3%"
    page.wait_for_selector("#h-secured ~ [data-echarts] svg")
    page.screenshot(path=output_dir / "funding-dashboard-demo.png", full_page=True)
    page.goto(f"{live_server.url}/funding/events/")
    page.screenshot(path=output_dir / "funding-events-demo.png", full_page=False)
    page.goto(f"{live_server.url}/funding/applications/")
    page.screenshot(path=output_dir / "funding-applications-demo.png", full_page=False)
    page.goto(f"{live_server.url}/funding/allocations/?kind=special_bond")
    page.screenshot(path=output_dir / "funding-allocations-demo.png", full_page=False)


def test_panel_loads_by_htmx_into_the_project_page(page, login, live_server, office_user, output_dir):
    """The register's project page loads the funding panel with htmx; the panel brings its own chart
    script, so the gauge draws inside the host page."""
    from tests.funding.factories import AllocationFactory, DisbursementFactory

    project = ProjectFactory(code="2026-HX-0001", name="轨道交通5号线")
    allocation = AllocationFactory(project=project, amount=1000)
    DisbursementFactory(allocation=allocation, amount=250)
    login("office")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.wait_for_selector("[data-testid=panel-payment-rate]")
    assert page.inner_text("[data-testid=panel-payment-rate]") == "25.0%"
    page.wait_for_selector("[data-echarts] svg")
    page.screenshot(path=output_dir / "funding-panel-htmx.png", full_page=True)

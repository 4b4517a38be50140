"""A district raises a land case, it runs past its due and goes up to natural resources, the
department resolves it, and the city board counts it resolved."""

import datetime

import pytest
from django.utils import timezone

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

    # The clock runs out (its due moved to a minute ago): the scheduled job takes it up one level.
    SupportCase.objects.filter(pk=case.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    result = services.cases_escalate_overdue()
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


def test_support_pages_with_the_demo_city(page, login, live_server, output_dir, office_user):
    """The office's pages over the demo data: board, inbox, a meeting, an inspection, the green channel."""
    import random

    from dispatch import demo
    from dispatch.models import CoordinationMeeting, Inspection
    from tests.factories import DistrictFactory

    jp = DistrictFactory(code="JP", name="金普新区")
    districts = [jp] + [DistrictFactory(code=c, name=n) for c, n in (("GXQ", "高新区"), ("CXD", "长兴岛经济区"))]
    departments = [
        DepartmentFactory(code=c, name=n, short_name=n[1:])
        for c, n in (
            ("ZRJ", "市自然资源局"),
            ("STJ", "市生态环境局"),
            ("FGW", "市发展和改革委员会"),
            ("YSJ", "市营商环境建设局"),
            ("CZJ", "市财政局"),
            ("GXJ", "市工业和信息化局"),
            ("ZJJ", "市住房和城乡建设局"),
        )
    ]
    ProjectFactory(
        name="金普新区功率半导体模块封测项目", district=jp, department=departments[5],
        category="emerging_industry", actual_start=datetime.date(2026, 4, 9),
    )  # fmt: skip
    names = ["英歌石科学城", "恒力聚酯园", "金州湾国际机场T3航站楼", "长兴岛氢基能源中心配套码头", "辽东湾综合交通枢纽",
             "浑河堤防加固工程", "轨道交通5号线", "储能电池产业园", "联影医疗CT设备生产线", "华润万象天地"]  # fmt: skip
    for i in range(40):
        ProjectFactory(
            name=names[i % len(names)] + ("" if i < len(names) else f"（{i // len(names) + 1}期）"),
            district=districts[i % 3],
            department=departments[i % len(departments)],
            is_top100=i % 2 == 0,
            actual_start=datetime.date(2025, 3, 1) + datetime.timedelta(days=11 * i) if i % 3 else None,
        )
    demo.seed(rng=random.Random("2026-dispatch"), today=timezone.localdate())

    login("office")
    page.goto(f"{live_server.url}/dispatch/support/board/")
    page.wait_for_selector("#chart-category canvas")
    assert int(page.inner_text("[data-testid=open-count]")) > 0
    page.screenshot(path=output_dir / "support-demo-board.png", full_page=True)
    page.goto(f"{live_server.url}/dispatch/support/")
    assert page.locator("tr.table-danger").count() > 0
    page.screenshot(path=output_dir / "support-demo-inbox.png")
    meeting = CoordinationMeeting.objects.exclude(minutes="").first()
    page.goto(f"{live_server.url}/dispatch/support/meetings/{meeting.pk}/")
    page.emulate_media(media="print")
    page.screenshot(path=output_dir / "support-demo-meeting-print.png", full_page=True)
    page.emulate_media(media="screen")
    # The next meeting decides its first agenda item in place (htmx swaps the row).
    upcoming = CoordinationMeeting.objects.filter(items__decision="").distinct().first()
    page.goto(f"{live_server.url}/dispatch/support/meetings/{upcoming.pk}/")
    row = page.locator("tbody tr").first
    row.locator("textarea").fill("由市自然资源局牵头，两周内完成指标调剂")
    row.locator("select").select_option(label="市自然资源局")
    row.locator("input[type=date]").fill("2026-12-31")
    row.locator("button[type=submit]").click()
    page.wait_for_selector("[role=status]")
    page.screenshot(path=output_dir / "support-demo-meeting-decided.png", full_page=True)
    inspection = Inspection.objects.filter(visits__findings__isnull=False).first()
    page.goto(f"{live_server.url}/dispatch/support/inspections/{inspection.pk}/")
    page.screenshot(path=output_dir / "support-demo-inspection.png", full_page=True)
    page.goto(f"{live_server.url}/dispatch/support/approval-speed/")
    page.wait_for_selector("#chart-district canvas")
    assert "58" in page.inner_text("[data-testid=speed-rows]")
    page.screenshot(path=output_dir / "support-demo-approval-speed.png", full_page=True)

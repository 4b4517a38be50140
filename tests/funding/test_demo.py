import datetime
import random
from decimal import Decimal

import pytest

from funding import demo, selectors
from funding.models import Allocation, CreditLine, Disbursement, MatchmakingEvent
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def city():
    ProjectFactory(name="浑河堤防加固工程", category="infrastructure")
    ProjectFactory(name="辽东湾综合交通枢纽", category="infrastructure")
    ProjectFactory(name="轨道交通5号线", category="infrastructure")
    for i in range(150):
        category = ["livelihood", "infrastructure", "emerging_industry", "traditional_industry"][i % 4]
        ProjectFactory(category=category, stage="reserve" if i % 10 == 0 else "construction")


def figures():
    projects = Project.objects.all()
    secured = selectors.secured_by_kind(projects=projects, year=2026)
    watched = [r for r in secured if r["kind"] in ("central_budget", "treasury_bond", "special_bond")]
    return {
        "secured": selectors.secured_total(watched),
        "rate": selectors.payment_totals(
            projects=projects, as_of=TODAY, year=2026, kinds=("central_budget", "treasury_bond", "special_bond")
        )["payment_rate"],
        "holding": selectors.allocations_holding_money(projects=projects, as_of=TODAY),
        "credit": selectors.credit_totals(credit_lines=CreditLine.objects.all(), year=2026),
        "leverage": selectors.leverage(projects=projects, year=2026),
    }


def test_demo_funding_matches_the_city_report(city):
    demo.seed(rng=random.Random(7), today=TODAY)
    f = figures()
    assert f["secured"]["amount"] == Decimal("2386000.00")  # 238.6亿
    assert round(f["secured"]["yoy_pct"], 1) == Decimal("34.3")
    assert abs(f["rate"] - Decimal("92.6")) < Decimal("1.5")
    assert 1 <= len(f["holding"]) <= 6
    assert f["credit"]["amount"] == Decimal("2776000.00") and f["credit"]["projects"] == 105
    assert MatchmakingEvent.objects.count() == 12
    embankment = Project.objects.get(name="浑河堤防加固工程")
    assert Allocation.objects.filter(project=embankment, kind="treasury_bond", amount=Decimal("120000")).exists()
    hub = Project.objects.get(name="辽东湾综合交通枢纽")
    assert hub.allocations.get(kind="special_bond").leveraged.count() == 2
    assert f["leverage"]["private_capital"] >= Decimal("3000000")  # over 300亿
    assert CreditLine.objects.filter(project__name="轨道交通5号线").exists()
    # Never more paid than allocated.
    for allocation in Allocation.objects.all():
        assert sum(d.amount for d in allocation.disbursements.all()) <= allocation.amount


def test_demo_is_idempotent_and_deterministic(city):
    demo.seed(rng=random.Random(7), today=TODAY)
    first = (
        Allocation.objects.count(),
        Disbursement.objects.count(),
        sorted(Allocation.objects.values_list("amount", flat=True)),
    )
    demo.seed(rng=random.Random(7), today=TODAY)
    second = (
        Allocation.objects.count(),
        Disbursement.objects.count(),
        sorted(Allocation.objects.values_list("amount", flat=True)),
    )
    assert first == second


def test_oc4ids_export_of_the_demo_city_validates(city):
    from funding import oc4ids
    from tests.factories import MilestoneFactory, MonthlyReportFactory

    for project in Project.objects.all()[:20]:
        MilestoneFactory(project=project, kind="start", actual_date=datetime.date(2026, 3, 5))
        MonthlyReportFactory(project=project, month="2026-05")
    demo.seed(rng=random.Random(11), today=TODAY)
    package = oc4ids.project_package(projects=Project.objects.all())
    assert len(package["projects"]) == Project.objects.count()
    assert oc4ids.validation_errors(package) == []

import datetime
from decimal import Decimal

import pytest

from funding import selectors
from projects.models import Project
from tests.factories import DepartmentFactory, ProjectFactory

from .factories import AllocationFactory, BondLoanCombinationFactory, CreditLineFactory, DisbursementFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def city(department, other_department):
    """Two projects of two departments with money of two years, computed by hand below."""
    a = ProjectFactory(code="2026-A", department=department)
    b = ProjectFactory(code="2026-B", department=other_department)
    # This year: special bonds 1000 (A) + 500 (B) = 1500; central budget 200 (A).
    sb_a = AllocationFactory(
        project=a, kind="special_bond", year=2026, amount=D("1000"), received_on=datetime.date(2026, 2, 1)
    )
    sb_b = AllocationFactory(
        project=b, kind="special_bond", year=2026, amount=D("500"), received_on=datetime.date(2026, 8, 1)
    )
    cb_a = AllocationFactory(
        project=a, kind="central_budget", year=2026, amount=D("200"), received_on=datetime.date(2026, 3, 1)
    )
    # Last year: special bonds 1200, central budget 100 (received by 2025-06-30: only 800 of the bonds).
    old = [
        AllocationFactory(
            project=a, kind="special_bond", year=2025, amount=D("800"), received_on=datetime.date(2025, 3, 1)
        ),
        AllocationFactory(
            project=b, kind="special_bond", year=2025, amount=D("400"), received_on=datetime.date(2025, 9, 1)
        ),
        AllocationFactory(
            project=b, kind="central_budget", year=2025, amount=D("100"), received_on=datetime.date(2025, 5, 1)
        ),
    ]
    # Last year's money was paid in full (800 in two payments), so it holds nothing.
    for allocation in old:
        DisbursementFactory(allocation=allocation, amount=allocation.amount, paid_on=datetime.date(2025, 12, 1))
    # Payments: A's bonds 950 (900 by June), B's bonds 100, A's central budget 50.
    DisbursementFactory(allocation=sb_a, amount=D("900"), paid_on=datetime.date(2026, 4, 1))
    DisbursementFactory(allocation=sb_a, amount=D("50"), paid_on=datetime.date(2026, 7, 15))
    DisbursementFactory(allocation=sb_b, amount=D("100"), paid_on=datetime.date(2026, 9, 1))
    DisbursementFactory(allocation=cb_a, amount=D("50"), paid_on=datetime.date(2026, 4, 1))
    return {"a": a, "b": b, "sb_a": sb_a, "sb_b": sb_b, "cb_a": cb_a}


def by_key(rows, key="kind"):
    return {row[key]: row for row in rows}


def test_secured_by_kind_with_year_on_year(city):
    rows = by_key(selectors.secured_by_kind(projects=Project.objects.all(), year=2026))
    assert rows["special_bond"]["amount"] == D("1500")
    assert rows["special_bond"]["previous"] == D("1200")
    assert rows["special_bond"]["yoy_pct"] == D("25")  # 1500 / 1200 - 1
    assert rows["central_budget"]["yoy_pct"] == D("100")  # 200 / 100 - 1
    assert rows["policy_loan"]["amount"] == 0 and rows["policy_loan"]["yoy_pct"] is None
    total = selectors.secured_total(list(rows.values()))
    assert total["amount"] == D("1700") and total["previous"] == D("1300")


def test_secured_as_of_compares_the_same_period(city):
    rows = by_key(
        selectors.secured_by_kind(projects=Project.objects.all(), year=2026, as_of=datetime.date(2026, 6, 30))
    )
    # 2026 to June: bonds 1000; 2025 to 30 June 2025: bonds 800 -> +25%.
    assert rows["special_bond"]["amount"] == D("1000")
    assert rows["special_bond"]["previous"] == D("800")
    assert rows["special_bond"]["yoy_pct"] == D("25")


def test_payment_rate_by_kind_department_and_project(city):
    projects = Project.objects.all()
    as_of = datetime.date(2026, 12, 31)
    kinds = by_key(selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="kind", year=2026), "key")
    assert kinds["special_bond"]["paid"] == D("1050")
    assert kinds["special_bond"]["payment_rate"] == D("70")  # 1050 / 1500
    assert kinds["central_budget"]["payment_rate"] == D("25")
    departments = by_key(
        selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="department", year=2026), "key"
    )
    assert departments["FGW"]["allocated"] == D("1200") and departments["FGW"]["paid"] == D("1000")
    assert departments["GXJ"]["payment_rate"] == D("20")
    project_rows = by_key(
        selectors.payment_rate_by(projects=projects, as_of=as_of, dimension="project", year=2026), "key"
    )
    assert project_rows["2026-B"]["unpaid"] == D("400")
    totals = selectors.payment_totals(projects=projects, as_of=as_of, year=2026)
    assert totals["payment_rate"] == D("1100") / D("1700") * 100


def test_payment_rate_as_of_a_date_ignores_later_money(city):
    totals = selectors.payment_totals(projects=Project.objects.all(), as_of=datetime.date(2026, 6, 30), year=2026)
    # Received by June: 1000 + 200; paid by June: 900 + 50.
    assert totals["allocated"] == D("1200") and totals["paid"] == D("950")


def test_allocations_holding_money_past_90_days(city):
    projects = Project.objects.all()
    rows = selectors.allocations_holding_money(projects=projects, as_of=datetime.date(2026, 6, 30))
    # A's bonds: 900/1000 = 90% -> not below 90%. A's central budget: 50/200 = 25%, 121 days -> held.
    assert [r["id"] for r in rows] == [city["cb_a"].id]
    row = rows[0]
    assert row["days_since"] == 121 and row["paid"] == D("50") and row["payment_rate"] == D("25")
    assert row["project_id"] == city["a"].id and row["kind"] == "central_budget"
    # B's bonds, received 1 August, fall due only after 90 days: 30 October is day 90, not yet.
    late = selectors.allocations_holding_money(projects=projects, as_of=datetime.date(2026, 10, 30))
    assert city["sb_b"].id not in [r["id"] for r in late]
    later = selectors.allocations_holding_money(projects=projects, as_of=datetime.date(2026, 10, 31))
    assert city["sb_b"].id in [r["id"] for r in later]
    # A stricter required rate catches A's bonds too.
    strict = selectors.allocations_holding_money(
        projects=projects, as_of=datetime.date(2026, 6, 30), required_rate=D("95")
    )
    assert city["sb_a"].id in [r["id"] for r in strict]


def test_holding_money_is_one_query(city, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.allocations_holding_money(projects=Project.objects.all(), as_of=datetime.date(2026, 6, 30))


def test_scoping_leaves_other_departments_out(city, department):
    projects = Project.objects.filter(department=department)
    totals = selectors.payment_totals(projects=projects, as_of=datetime.date(2026, 12, 31), year=2026)
    assert totals["allocated"] == D("1200")


def test_leverage_per_yuan_of_bonds(city):
    BondLoanCombinationFactory(
        bond=city["sb_a"],
        leveraged=AllocationFactory(project=city["a"], kind="policy_loan", amount=D("2000")),
        amount=D("2000"),
    )
    BondLoanCombinationFactory(
        bond=city["sb_a"],
        leveraged=AllocationFactory(project=city["a"], kind="private_capital", amount=D("1000")),
        amount=D("1000"),
    )
    result = selectors.leverage(projects=Project.objects.all(), year=2026)
    assert result["bonds"] == D("1500")
    assert result["loans"] == D("2000") and result["private_capital"] == D("1000")
    assert result["per_yuan"] == D("2")  # 3000 / 1500


def test_credit_per_event_and_project():
    first = CreditLineFactory(amount=D("100"))
    CreditLineFactory(amount=D("50"), event=first.event, project=first.project, bank="工商银行")
    CreditLineFactory(amount=D("70"))
    from funding.models import CreditLine

    events = selectors.credit_by_event(credit_lines=CreditLine.objects.all())
    assert sorted(e["amount"] for e in events) == [D("70"), D("150")]
    projects = selectors.credit_by_project(credit_lines=CreditLine.objects.all())
    assert projects[0]["code"] == first.project.code and projects[0]["banks"] == 2


def test_figures_at_two_sizes_use_the_same_number_of_queries(django_assert_max_num_queries):
    def build(n):
        dep = DepartmentFactory()
        for _ in range(n):
            allocation = AllocationFactory(project=ProjectFactory(department=dep))
            DisbursementFactory(allocation=allocation)

    for size in (3, 30):
        build(size)
        with django_assert_max_num_queries(8):
            projects = Project.objects.all()
            for dimension in ("kind", "department", "project"):
                selectors.payment_rate_by(projects=projects, as_of=datetime.date(2026, 12, 31), dimension=dimension)
            selectors.secured_by_kind(projects=projects, year=2026)
            selectors.leverage(projects=projects, year=2026)


def test_application_pipeline_counts_each_status():
    from funding.models import FundApplication

    from .factories import FundApplicationFactory

    FundApplicationFactory(status="drafting", amount_requested=D("100"))
    FundApplicationFactory(status="drafting", amount_requested=D("50"))
    FundApplicationFactory(status="rejected", amount_requested=D("10"))
    rows = by_key(
        selectors.application_pipeline(applications=FundApplication.objects.order_by("-amount_requested", "id")),
        "status",
    )
    assert rows["drafting"]["count"] == 2 and rows["drafting"]["amount"] == D("150")
    assert rows["submitted"]["count"] == 0 and rows["rejected"]["count"] == 1


def test_funds_rule_reasons_for_the_alert_engine(city):
    reasons = selectors.funds_rule_reasons(projects=Project.objects.all(), as_of=datetime.date(2026, 6, 30))
    assert list(reasons) == [city["a"].id]
    reason = reasons[city["a"].id]
    assert reason["rule"] == "funds" and reason["level"] == "red"
    (held,) = reason["figures"]["allocations"]
    assert held == {
        "id": city["cb_a"].id,
        "kind": "central_budget",
        "amount": "200.00",
        "paid": "50.00",
        "payment_rate": 25.0,
        "received_on": "2026-03-01",
        "days_since": 121,
    }
    assert "25.0" in reason["message"]

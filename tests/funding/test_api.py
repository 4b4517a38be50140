import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from funding.models import Allocation, Disbursement, FundApplication
from tests.factories import ProjectFactory

from .factories import (
    AllocationFactory,
    BondLoanCombinationFactory,
    CreditLineFactory,
    DisbursementFactory,
    FundApplicationFactory,
    MatchmakingEventFactory,
)

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.fixture
def mine(department):
    return ProjectFactory(code="2026-MINE", department=department)


@pytest.fixture
def theirs(other_department):
    return ProjectFactory(code="2026-THEIRS", department=other_department)


def test_allocation_contract_fields(office_user, mine):
    allocation = AllocationFactory(project=mine, amount=Decimal("1000.00"), received_on=datetime.date(2026, 3, 1))
    DisbursementFactory(allocation=allocation, amount=Decimal("250.00"))
    body = client_for(office_user).get(f"/api/v1/allocations/{allocation.id}/").json()
    for field in ("id", "project", "kind", "year", "document_no", "amount", "received_on"):
        assert field in body
    assert body["project"] == "2026-MINE" and body["amount"] == "1000.00" and body["received_on"] == "2026-03-01"
    assert body["kind"] == "special_bond" and body["paid"] == "250.00"
    payment = client_for(office_user).get(f"/api/v1/disbursements/?allocation={allocation.id}").json()["results"][0]
    assert set(payment) >= {"id", "allocation", "amount", "paid_on"}
    assert payment["allocation"] == allocation.id and payment["paid_on"] == "2026-04-01"


def test_office_creates_allocation_and_payments(office_user, mine):
    client = client_for(office_user)
    response = client.post(
        "/api/v1/allocations/",
        {
            "project": "2026-MINE",
            "kind": "central_budget",
            "year": 2026,
            "document_no": "发改投资〔2026〕1号",
            "amount": "500.00",
            "received_on": "2026-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    allocation_id = response.json()["id"]
    ok = client.post(
        "/api/v1/disbursements/",
        {"allocation": allocation_id, "amount": "300.00", "paid_on": "2026-03-01"},
        format="json",
    )
    assert ok.status_code == 201
    too_much = client.post(
        "/api/v1/disbursements/",
        {"allocation": allocation_id, "amount": "200.01", "paid_on": "2026-03-02"},
        format="json",
    )
    assert too_much.status_code == 400 and "amount" in too_much.json()
    assert Disbursement.objects.filter(allocation_id=allocation_id).count() == 1


def test_bad_input_answers_400_per_field(office_user, mine):
    response = client_for(office_user).post(
        "/api/v1/allocations/",
        {"project": "NOPE", "kind": "gift", "year": 2026, "amount": "-1", "received_on": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert {"project", "kind", "amount", "received_on"} <= set(response.json())
    assert not Allocation.objects.exists()


def test_reads_are_scoped(department_user, mine, theirs):
    visible = AllocationFactory(project=mine)
    hidden = AllocationFactory(project=theirs)
    DisbursementFactory(allocation=hidden)
    client = client_for(department_user)
    ids = [row["id"] for row in client.get("/api/v1/allocations/").json()["results"]]
    assert ids == [visible.id]
    assert client.get(f"/api/v1/allocations/{hidden.id}/").status_code == 404
    assert client.get("/api/v1/disbursements/").json()["count"] == 0
    CreditLineFactory(project=theirs)
    FundApplicationFactory(project=theirs)
    BondLoanCombinationFactory(bond=hidden, leveraged=AllocationFactory(project=theirs, kind="policy_loan"))
    for url in ("/api/v1/credit-lines/", "/api/v1/fund-applications/", "/api/v1/bond-loan-combinations/"):
        assert client.get(url).json()["count"] == 0, url


@pytest.mark.parametrize("user_fixture", ["viewer_user", "department_user", "leader_user"])
def test_read_only_and_filing_roles_cannot_write(request, user_fixture, mine):
    user = request.getfixturevalue(user_fixture)
    allocation = AllocationFactory(project=mine)
    client = client_for(user)
    assert (
        client.post(
            "/api/v1/disbursements/", {"allocation": allocation.id, "amount": "1", "paid_on": "2026-04-01"}
        ).status_code
        == 403
    )
    assert client.post("/api/v1/allocations/", {}).status_code == 403
    assert client.delete(f"/api/v1/allocations/{allocation.id}/").status_code in (403, 404)


def test_anonymous_is_refused():
    for url in ("/api/v1/allocations/", "/api/v1/disbursements/", "/api/v1/oc4ids/", "/api/v1/credit-lines/"):
        assert client_for().get(url).status_code in (401, 403)


def test_office_cannot_pay_into_an_allocation_of_an_unknown_id(office_user):
    response = client_for(office_user).post(
        "/api/v1/disbursements/", {"allocation": 999, "amount": "1", "paid_on": "2026-04-01"}
    )
    assert response.status_code == 400 and "allocation" in response.json()


def test_other_resources_round_trip(office_user, mine):
    client = client_for(office_user)
    event = client.post(
        "/api/v1/matchmaking-events/", {"name": "银企对接会", "date": "2026-05-20", "place": "市民中心"}
    ).json()
    line = client.post(
        "/api/v1/credit-lines/",
        {
            "bank": "国家开发银行",
            "project": "2026-MINE",
            "amount": "8000.00",
            "event": event["id"],
            "granted_on": "2026-05-20",
        },
        format="json",
    )
    assert line.status_code == 201, line.json()
    app = client.post(
        "/api/v1/fund-applications/",
        {"project": "2026-MINE", "programme": "中央预算内投资", "amount_requested": "3000.00", "status": "submitted"},
        format="json",
    )
    assert app.status_code == 201
    assert FundApplication.objects.get().status == "submitted"
    bond = AllocationFactory(project=mine, kind="special_bond")
    loan = AllocationFactory(project=mine, kind="policy_loan", amount=Decimal("3000"))
    combo = client.post("/api/v1/bond-loan-combinations/", {"bond": bond.id, "leveraged": loan.id, "amount": "3000.00"})
    assert combo.status_code == 201
    wrong = client.post("/api/v1/bond-loan-combinations/", {"bond": loan.id, "leveraged": bond.id, "amount": "1.00"})
    assert wrong.status_code == 400
    assert MatchmakingEventFactory() and client.get("/api/v1/matchmaking-events/").json()["count"] == 2

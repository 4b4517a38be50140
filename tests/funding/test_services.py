import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from funding import services
from funding.models import Disbursement

from .factories import AllocationFactory, DisbursementFactory

pytestmark = pytest.mark.django_db


def test_payments_up_to_the_allocation_are_accepted():
    allocation = AllocationFactory(amount=Decimal("1000.00"))
    services.disbursement_create(allocation=allocation, amount=Decimal("600.00"), paid_on=datetime.date(2026, 4, 1))
    services.disbursement_create(allocation=allocation, amount=Decimal("400.00"), paid_on=datetime.date(2026, 5, 1))
    assert sum(d.amount for d in allocation.disbursements.all()) == Decimal("1000.00")


def test_a_payment_past_the_allocation_is_refused_and_nothing_written():
    allocation = AllocationFactory(amount=Decimal("1000.00"))
    DisbursementFactory(allocation=allocation, amount=Decimal("900.00"))
    with pytest.raises(ValidationError) as error:
        services.disbursement_create(allocation=allocation, amount=Decimal("100.01"), paid_on=datetime.date(2026, 5, 1))
    assert "amount" in error.value.message_dict
    assert allocation.disbursements.count() == 1


def test_a_payment_before_the_money_arrived_is_refused():
    allocation = AllocationFactory(received_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.disbursement_create(allocation=allocation, amount=Decimal("1"), paid_on=datetime.date(2026, 2, 1))
    assert "paid_on" in error.value.message_dict


def test_editing_a_payment_cannot_overshoot_either():
    allocation = AllocationFactory(amount=Decimal("1000.00"))
    DisbursementFactory(allocation=allocation, amount=Decimal("500.00"))
    second = DisbursementFactory(allocation=allocation, amount=Decimal("300.00"))
    with pytest.raises(ValidationError):
        services.disbursement_update(disbursement=second, data={"amount": Decimal("600.00")})
    services.disbursement_update(disbursement=second, data={"amount": Decimal("500.00")})
    second.refresh_from_db()
    assert second.amount == Decimal("500.00")


def test_an_allocation_cannot_shrink_below_what_is_paid():
    allocation = AllocationFactory(amount=Decimal("1000.00"))
    DisbursementFactory(allocation=allocation, amount=Decimal("800.00"))
    with pytest.raises(ValidationError):
        services.allocation_update(allocation=allocation, data={"amount": Decimal("700.00")})
    with pytest.raises(ValidationError):
        services.allocation_delete(allocation=allocation)


def test_bond_loan_combination_needs_a_bond_and_a_loan():
    bond = AllocationFactory(kind="special_bond")
    loan = AllocationFactory(kind="policy_loan", project=bond.project, amount=Decimal("5000"))
    services.bond_loan_combination_create(bond=bond, leveraged=loan, amount=Decimal("5000"))
    with pytest.raises(ValidationError):
        services.bond_loan_combination_create(bond=loan, leveraged=bond, amount=Decimal("1"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_allocation(require_postgres):
    """Eight clerks pay 300 each at the same moment against 1,000: exactly three succeed."""
    allocation = AllocationFactory(amount=Decimal("1000.00"))
    barrier = threading.Barrier(8)
    outcomes = []
    lock = threading.Lock()

    def pay():
        try:
            barrier.wait()
            services.disbursement_create(
                allocation=allocation, amount=Decimal("300.00"), paid_on=datetime.date(2026, 4, 1)
            )
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3
    assert outcomes.count("refused") == 5
    total = sum(d.amount for d in Disbursement.objects.filter(allocation=allocation))
    assert total == Decimal("900.00")

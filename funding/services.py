"""Writes for the funding app. Every write validates with `full_clean()` inside a transaction.

The rule that payments never exceed their allocation spans rows, so `disbursement_create`
locks the allocation row (`SELECT ... FOR UPDATE`) before summing what is already paid: two
concurrent payments against one allocation are serialised and the second sees the first.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from projects.models import Project

from .choices import FundApplicationStatusChoices
from .models import (
    Allocation,
    BondLoanCombination,
    CreditLine,
    Disbursement,
    FundApplication,
    MatchmakingEvent,
)


def _save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _apply(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)
    return instance


# --- Allocations ------------------------------------------------------------------------------


@transaction.atomic
def allocation_create(
    *,
    project: Project,
    kind: str,
    year: int,
    amount: Decimal,
    received_on: datetime.date,
    document_no: str = "",
    batch: str = "",
    purpose: str = "",
) -> Allocation:
    return _save(
        Allocation(
            project=project,
            kind=kind,
            year=year,
            amount=amount,
            received_on=received_on,
            document_no=document_no,
            batch=batch,
            purpose=purpose,
        )
    )


@transaction.atomic
def allocation_update(*, allocation: Allocation, data: dict) -> Allocation:
    """Change an allocation; its amount may not drop below what has been paid out of it."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    _apply(allocation, data)
    paid = allocation.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if allocation.amount is not None and allocation.amount < paid:
        raise ValidationError({"amount": _("%(paid)s has already been paid out of this allocation.") % {"paid": paid}})
    return _save(allocation)


@transaction.atomic
def allocation_delete(*, allocation: Allocation) -> None:
    if allocation.disbursements.exists():
        raise ValidationError(_("An allocation with payments cannot be deleted."))
    allocation.delete()


# --- Disbursements ----------------------------------------------------------------------------


@transaction.atomic
def disbursement_create(
    *, allocation: Allocation, amount: Decimal, paid_on: datetime.date, note: str = ""
) -> Disbursement:
    """Record a payment. Locks the allocation so that concurrent payments cannot overshoot it."""
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    disbursement = Disbursement(allocation=locked, amount=amount, paid_on=paid_on, note=note)
    return _save(disbursement)


@transaction.atomic
def disbursement_update(*, disbursement: Disbursement, data: dict) -> Disbursement:
    allocation_id = data["allocation"].pk if "allocation" in data else disbursement.allocation_id
    Allocation.objects.select_for_update().get(pk=allocation_id)
    disbursement = Disbursement.objects.get(pk=disbursement.pk)
    _apply(disbursement, data)
    return _save(disbursement)


@transaction.atomic
def disbursement_delete(*, disbursement: Disbursement) -> None:
    disbursement.delete()


# --- Bond-loan combinations, matchmaking, credit, applications ------------------------------


@transaction.atomic
def bond_loan_combination_create(
    *, bond: Allocation, leveraged: Allocation, amount: Decimal, note: str = ""
) -> BondLoanCombination:
    return _save(BondLoanCombination(bond=bond, leveraged=leveraged, amount=amount, note=note))


@transaction.atomic
def matchmaking_event_create(*, name: str, date: datetime.date, place: str = "") -> MatchmakingEvent:
    return _save(MatchmakingEvent(name=name, date=date, place=place))


@transaction.atomic
def credit_line_create(
    *,
    bank: str,
    amount: Decimal,
    granted_on: datetime.date,
    project: Project | None = None,
    enterprise: str = "",
    event: MatchmakingEvent | None = None,
) -> CreditLine:
    return _save(
        CreditLine(bank=bank, amount=amount, granted_on=granted_on, project=project, enterprise=enterprise, event=event)
    )


@transaction.atomic
def fund_application_create(
    *,
    project: Project,
    programme: str,
    amount_requested: Decimal,
    kind: str = "",
    status: str = FundApplicationStatusChoices.DRAFTING,
    submitted_on: datetime.date | None = None,
    allocation: Allocation | None = None,
    note: str = "",
) -> FundApplication:
    return _save(
        FundApplication(
            project=project,
            programme=programme,
            amount_requested=amount_requested,
            kind=kind,
            status=status,
            submitted_on=submitted_on,
            allocation=allocation,
            note=note,
        )
    )


@transaction.atomic
def instance_update(*, instance, data: dict):
    """Plain update for the models whose rules all live in `clean()`."""
    _apply(instance, data)
    return _save(instance)

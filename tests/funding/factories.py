import datetime
from decimal import Decimal

import factory

from funding.models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent
from tests.factories import ProjectFactory


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    project = factory.SubFactory(ProjectFactory)
    kind = "special_bond"
    year = 2026
    document_no = factory.Sequence(lambda n: f"辽财债〔2026〕{n}号")
    amount = Decimal("1000.00")
    received_on = datetime.date(2026, 3, 1)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    allocation = factory.SubFactory(AllocationFactory)
    amount = Decimal("100.00")
    paid_on = datetime.date(2026, 4, 1)


class MatchmakingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchmakingEvent

    name = factory.Sequence(lambda n: f"第{n}期银企对接会")
    date = datetime.date(2026, 5, 20)
    place = "市民中心"


class CreditLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditLine

    bank = "国家开发银行"
    project = factory.SubFactory(ProjectFactory)
    amount = Decimal("5000.00")
    event = factory.SubFactory(MatchmakingEventFactory)
    granted_on = datetime.date(2026, 5, 20)


class BondLoanCombinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BondLoanCombination

    bond = factory.SubFactory(AllocationFactory, kind="special_bond")
    leveraged = factory.SubFactory(
        AllocationFactory, kind="policy_loan", project=factory.SelfAttribute("..bond.project")
    )
    amount = Decimal("500.00")


class FundApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundApplication

    project = factory.SubFactory(ProjectFactory, stage="reserve")
    programme = "中央预算内投资"
    amount_requested = Decimal("3000.00")
    status = "submitted"

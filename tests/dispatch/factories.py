"""Factories for dispatch and the funding rows the funds rule reads."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from dispatch.models import Exemption, SupportCase
from funding.models import Allocation, Disbursement
from tests.factories import DepartmentFactory, ProjectFactory


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    project = factory.SubFactory(ProjectFactory)
    kind = "central_budget"
    year = 2026
    document_no = factory.Sequence(lambda n: f"发改投资〔2026〕{n}号")
    amount = Decimal("1000.00")
    received_on = datetime.date(2026, 1, 10)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    allocation = factory.SubFactory(AllocationFactory)
    amount = Decimal("100.00")
    paid_on = datetime.date(2026, 2, 1)


class SupportCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCase

    project = factory.SubFactory(ProjectFactory)
    category = "land"
    description = "用地指标未落实"
    owner_department = factory.SubFactory(DepartmentFactory)
    due_date = datetime.date(2026, 5, 1)
    status = "open"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The support app's model may carry the exact moment (due_at) beside the contract's
        # due_date; the alert rule reads due_date, so derive the moment from it when present.
        fields = {f.name for f in model_class._meta.get_fields()}
        if "due_at" in fields and "due_at" not in kwargs:
            kwargs["due_at"] = timezone.make_aware(datetime.datetime.combine(kwargs["due_date"], datetime.time(17)))
        return super()._create(model_class, *args, **kwargs)


class ExemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemption

    project = factory.SubFactory(ProjectFactory)
    rule = "progress"
    reason = "受汛期影响停工,经市项目办认定"
    valid_until = datetime.date(2026, 12, 31)

"""Factories for support cases, meetings and inspections."""

import datetime
from zoneinfo import ZoneInfo

import factory

from dispatch.models import Inspection, InspectionFinding, InspectionVisit, ServiceLevel, SupportCase
from tests.factories import DepartmentFactory, ProjectFactory

TZ = ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


class ServiceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLevel
        django_get_or_create = ("category",)

    category = "land"
    working_days = 3


class SupportCaseFactory(factory.django.DjangoModelFactory):
    """A case made directly (not through case_raise) for figures and scoping tests."""

    class Meta:
        model = SupportCase

    project = factory.SubFactory(ProjectFactory)
    category = "land"
    description = "用地指标不足"
    owner_department = factory.LazyAttribute(lambda o: o.project.department)
    raised_at = local(2026, 11, 2, 9, 0)
    due_at = local(2026, 11, 5, 9, 0)
    due_date = factory.LazyAttribute(lambda o: o.due_at.astimezone(TZ).date())
    sla_due_at = factory.LazyAttribute(lambda o: o.due_at)
    status = "open"
    level = "district"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    date = datetime.date(2026, 11, 10)
    title = "11月重点项目督导检查"
    inspectors = "张伟、李娜"


class InspectionVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionVisit

    inspection = factory.SubFactory(InspectionFactory)
    project = factory.SubFactory(ProjectFactory)
    rating = "fair"


class InspectionFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionFinding

    visit = factory.SubFactory(InspectionVisitFactory)
    description = "施工现场扬尘治理不到位"
    category = "eia"


__all__ = ["DepartmentFactory", "local"]

"""Factories for the organisation and the register. App-specific factories live beside their tests."""

import datetime
from decimal import Decimal

import factory

from portfolio.choices import UserRoleChoices
from portfolio.models import Department, District, Leader, User
from projects.choices import (
    AnnualPlanNatureChoices,
    MonthlyReportStatusChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
    ProjectStageChoices,
)
from projects.models import AnnualPlan, IndustryChain, LeaderAssignment, Milestone, MonthlyReport, Project

PASSWORD = "Portal-test-2026!"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:02d}")
    name = factory.Sequence(lambda n: f"测试区{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DEP{n:02d}")
    name = factory.Sequence(lambda n: f"测试局{n}")
    head_email = factory.Sequence(lambda n: f"head{n}@example.gov.cn")


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副市长"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = UserRoleChoices.OFFICE
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class IndustryChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"chain{n}")
    name = factory.Sequence(lambda n: f"产业链{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"2026-T-{n:04d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    level = ProjectLevelChoices.CITY
    category = ProjectCategoryChoices.INFRASTRUCTURE
    stage = ProjectStageChoices.CONSTRUCTION
    district = factory.SubFactory(DistrictFactory)
    department = factory.SubFactory(DepartmentFactory)
    owner = "测试建设有限公司"
    total_investment = Decimal("100000.00")
    planned_start = datetime.date(2025, 3, 1)
    planned_end = datetime.date(2028, 12, 31)


class LeaderAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderAssignment

    project = factory.SubFactory(ProjectFactory)
    leader = factory.SubFactory(LeaderFactory)
    started_on = datetime.date(2026, 1, 1)


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    nature = AnnualPlanNatureChoices.CONTINUING
    planned_investment = Decimal("12000.00")


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    project = factory.SubFactory(ProjectFactory)
    month = "2026-01"
    completed_investment = Decimal("1000.00")
    progress = "主体结构施工中"
    status = MonthlyReportStatusChoices.SUBMITTED


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = "start"
    planned_date = datetime.date(2026, 3, 1)

"""The support demo data: the spread the pages need, and a second run giving the same rows."""

import datetime
import random

import pytest

from dispatch import demo, selectors_support
from dispatch.models import CoordinationMeeting, Inspection, InspectionFinding, SupportCase, SupportCaseLogEntry
from tests.factories import DepartmentFactory, DistrictFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def city():
    jp = DistrictFactory(code="JP", name="金普新区")
    others = [DistrictFactory() for _ in range(3)]
    for code in ("ZRJ", "STJ", "FGW", "YSJ", "CZJ", "GXJ", "ZJJ"):
        DepartmentFactory(code=code)
    semi = ProjectFactory(
        name="金普新区功率半导体模块封测项目", district=jp, stage="construction", actual_start=datetime.date(2026, 4, 9)
    )
    for i in range(40):
        ProjectFactory(
            district=others[i % 3],
            stage="construction" if i % 4 else "preliminary",
            is_top100=i % 3 == 0,
            actual_start=datetime.date(2025, 6, 1) + datetime.timedelta(days=7 * i) if i % 2 else None,
        )
    return semi


def snapshot():
    return (
        SupportCase.objects.count(),
        SupportCaseLogEntry.objects.count(),
        CoordinationMeeting.objects.count(),
        Inspection.objects.count(),
        sorted(SupportCase.objects.values_list("category", "level", "status")),
    )


def test_demo_has_the_spread_the_pages_need_and_is_repeatable(city, office_user):
    counts = demo.seed(rng=random.Random("2026-dispatch"), today=TODAY)
    assert 150 <= counts["support cases"] <= 200
    statuses = set(SupportCase.objects.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "escalated", "resolved", "closed"}
    assert set(SupportCase.objects.values_list("level", flat=True)) == {"district", "department", "city"}
    assert SupportCase.objects.overdue(now=datetime.datetime(2026, 11, 20, 16, tzinfo=datetime.UTC)).exists()
    assert SupportCase.objects.filter(category="land", land_mu__gt=0, status__in=["resolved", "closed"]).exists()
    assert SupportCase.objects.filter(source="inspection", finding__isnull=False).exists()
    assert 18 <= Inspection.objects.count() <= 22
    assert InspectionFinding.objects.exists()
    assert CoordinationMeeting.objects.filter(items__decision="").exists()  # the next meeting's agenda
    assert CoordinationMeeting.objects.exclude(items__decision="").exists()

    speed = selectors_support.approval_speed(user=office_user)
    semi = next(r for r in speed.rows if r["code"] == city.code)
    assert semi["days"] == 58 and round(semi["faster_pct"]) == 70

    first = snapshot()
    demo.seed(rng=random.Random("2026-dispatch"), today=TODAY)
    assert snapshot() == first

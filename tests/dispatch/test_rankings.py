"""Rankings (DESIGN.md section 6): shared ranks, entities without a plan, previous rank,
frozen published months, and idempotent recomputation."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dispatch.models import Ranking, RankingLog
from dispatch.services import alerts_compute, assign_ranks, rankings_compute, rankings_publish
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    LeaderAssignmentFactory,
    LeaderFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def project_in(district, plan="1000.00", done=None, month="2026-03", **fields):
    project = ProjectFactory(district=district, **fields)
    AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal(plan))
    if done is not None:
        MonthlyReportFactory(project=project, month=month, completed_investment=Decimal(done))
    return project


@pytest.fixture
def four_districts():
    a, b, c, d = (
        DistrictFactory(code=code, name=name)
        for code, name in [("A", "甲区"), ("B", "乙区"), ("C", "丙区"), ("D", "丁区")]
    )
    project_in(a, done="500.00")  # 50%
    project_in(b, plan="2000.00", done="600.00")  # 30%: sums, not an average of ratios
    project_in(b, plan="1000.00", done="300.00")  # b: 900 / 3000 = 30%
    project_in(c, plan="1000.00", done="300.00")  # 30%
    project_in(d, plan="1000.00", done="100.00")  # 10%
    empty = DistrictFactory(code="E", name="戊区")
    project_in(empty, plan="0.00")  # no plan: left out
    return a, b, c, d


def ranks(month="2026-03", dimension="district"):
    return dict(Ranking.objects.filter(month=month, dimension=dimension).values_list("entity", "rank"))


def test_assign_ranks_shares_equal_scores_and_skips():
    rows = assign_ranks([{"score": s, "name": n} for s, n in [(5, "a"), (3, "b"), (3, "c"), (1, "d")]])
    assert [r["rank"] for r in rows] == [1, 2, 2, 4]


def test_ties_share_a_rank_and_entities_without_plan_are_left_out(four_districts):
    rankings_compute(month="2026-03")
    assert ranks() == {"A": 1, "B": 2, "C": 2, "D": 4}
    b = Ranking.objects.get(month="2026-03", dimension="district", entity="B")
    assert b.annual_plan == Decimal("3000.00") and b.completed == Decimal("900.00")
    assert b.completion_pct == Decimal("30.000000")
    assert b.lead_pts == Decimal("5.000000")  # 30% against 25% time progress
    assert not b.published


def test_department_and_leader_dimensions():
    leader_one, leader_two = LeaderFactory(name="甲"), LeaderFactory(name="乙")
    district = DistrictFactory(code="A")
    p1 = project_in(district, done="800.00")
    p2 = project_in(district, done="200.00")
    project_in(district, done="900.00")  # no leader: not in the leader ranking
    LeaderAssignmentFactory(project=p1, leader=leader_one)
    LeaderAssignmentFactory(project=p2, leader=leader_two)
    rankings_compute(month="2026-03")
    assert ranks(dimension="leader") == {str(leader_one.pk): 1, str(leader_two.pk): 2}
    assert set(ranks(dimension="department")) == {
        p1.department.code,
        p2.department.code,
        *Ranking.objects.filter(dimension="department").values_list("entity", flat=True),
    }


def test_previous_rank_from_the_previous_month(four_districts):
    a, _b, _c, d = four_districts
    rankings_compute(month="2026-03")
    MonthlyReportFactory(project=d.projects.first(), month="2026-04", completed_investment=Decimal("900.00"))
    rankings_compute(month="2026-04")
    row = Ranking.objects.get(month="2026-04", dimension="district", entity="D")
    assert (row.rank, row.previous_rank, row.movement) == (1, 4, 3)
    assert Ranking.objects.get(month="2026-04", dimension="district", entity="A").previous_rank == 1


def test_previous_rank_computed_when_the_previous_month_was_never_stored(four_districts):
    rankings_compute(month="2026-04")
    assert not Ranking.objects.filter(month="2026-03").exists()
    assert Ranking.objects.get(month="2026-04", dimension="district", entity="D").previous_rank == 4


def test_recomputing_an_unpublished_month_gives_the_same_rankings(four_districts):
    rankings_compute(month="2026-03")
    first = list(Ranking.objects.order_by("dimension", "entity").values("dimension", "entity", "rank", "completed"))
    rankings_compute(month="2026-03")
    second = list(Ranking.objects.order_by("dimension", "entity").values("dimension", "entity", "rank", "completed"))
    assert first == second


def test_published_month_is_frozen_until_republished_with_a_reason(four_districts, office_user):
    a, *_ = four_districts
    rankings_compute(month="2026-03")
    rankings_publish(month="2026-03", user=office_user)
    MonthlyReportFactory(project=a.projects.first(), month="2026-02", completed_investment=Decimal("1.00"))
    project_in(DistrictFactory(code="F", name="己区"), done="990.00")
    result = rankings_compute(month="2026-03")
    assert result.written == 0
    assert "F" not in ranks()
    assert (
        Ranking.objects.filter(month="2026-03", published=True).count()
        == Ranking.objects.filter(month="2026-03").count()
    )
    with pytest.raises(CommandError):
        call_command("compute_rankings", "--month", "2026-03", "--republish")
    call_command("compute_rankings", "--month", "2026-03", "--republish", "--reason", "补报数据更正")
    assert ranks()["F"] == 1
    assert Ranking.objects.filter(month="2026-03", published=False).count() == 0
    log = RankingLog.objects.filter(month="2026-03").first()
    assert (log.action, log.reason) == ("republished", "补报数据更正")


def test_secondary_columns(four_districts):
    a, *_ = four_districts
    new = ProjectFactory(
        district=a,
        stage="preliminary",
        actual_start=datetime.date(2026, 2, 1),
        is_registered=True,
        registered_on=datetime.date(2026, 2, 1),
    )
    AnnualPlanFactory(project=new, year=2026, nature="new", planned_start_month=2, planned_investment=Decimal("0.00"))
    late = ProjectFactory(district=a, stage="preliminary")
    AnnualPlanFactory(project=late, year=2026, nature="new", planned_start_month=1, planned_investment=Decimal("0.00"))
    report = a.projects.first().monthly_reports.get()
    report.submitted_at = timezone.make_aware(datetime.datetime(2026, 4, 7, 18, 0))  # 2026-04-07 is the deadline
    report.save()
    alerts_compute(month="2026-03")
    rankings_compute(month="2026-03")
    row = Ranking.objects.get(month="2026-03", dimension="district", entity="A")
    assert (row.new_count, row.started_count, row.start_rate_pct) == (2, 1, Decimal("50.0000"))
    assert row.red_count == 2  # the late start (3 months) and the started new one without reports
    assert row.project_count == 3
    assert row.timely_rate_pct == Decimal("33.3333")


def test_command_prints_what_it_did(four_districts, capsys):
    call_command("compute_rankings", "--month", "2026-03")
    assert "District 4" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("compute_rankings", "--month", "2026-13")

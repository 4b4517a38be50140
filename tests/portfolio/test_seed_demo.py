import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Sum

from portfolio.demo import DEMO_PASSWORD, DEMO_USERS
from portfolio.models import Department, District, Leader, User
from projects.models import AnnualPlan, IndustryChain, LeaderAssignment, Milestone, MonthlyReport, Project

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = "2026-11-28"


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", projects=120, today=TODAY, stdout=out, **options)
    return out.getvalue()


def counts() -> dict:
    models = (
        District,
        Department,
        Leader,
        User,
        IndustryChain,
        Project,
        LeaderAssignment,
        AnnualPlan,
        MonthlyReport,
        Milestone,
    )
    return {model.__name__: model.objects.count() for model in models}


def fingerprint() -> list:
    return list(
        Project.objects.order_by("code").values_list(
            "code", "name", "district__code", "total_investment", "actual_start"
        )
    ) + [MonthlyReport.objects.aggregate(total=Sum("completed_investment"))["total"]]


def test_seed_demo_twice_gives_the_same_counts():
    output = seed()
    first = counts()
    seed()
    assert counts() == first
    assert first["Project"] == 120
    assert first["District"] >= 10 and first["Department"] == 20 and first["Leader"] == 12
    assert first["IndustryChain"] == 15
    assert "projects" in output and DEMO_PASSWORD in output


def test_seed_demo_is_deterministic_for_a_seed():
    seed(seed=7)
    first = fingerprint()
    seed(seed=7)
    assert fingerprint() == first
    seed(seed=8)
    assert fingerprint() != first


def test_demo_city_has_the_named_projects_plans_reports_and_leaders():
    seed()
    names = set(Project.objects.values_list("name", flat=True))
    assert {"东关街历史文化街区改造", "英歌石科学城", "恒力聚酯园", "金州湾国际机场T3航站楼", "轨道交通5号线"} <= names
    assert District.objects.filter(name__in=["金普新区", "长兴岛经济区", "中山区"]).count() == 3
    assert Department.objects.filter(code="FGW", short_name="发改委").exists()
    # Three years of lists, with new starts that carry their planned start month.
    assert set(AnnualPlan.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert not AnnualPlan.objects.filter(nature="new", planned_start_month__isnull=True).exists()
    for plan in AnnualPlan.objects.exclude(plan_m01__isnull=True):
        assert sum(plan.monthly_plan) == plan.planned_investment
    # Reports up to the last complete month only, mostly counted, some still open.
    months = set(MonthlyReport.objects.values_list("month", flat=True))
    assert max(months) == "2026-10"
    statuses = set(MonthlyReport.objects.filter(month="2026-10").values_list("status", flat=True))
    assert {"approved", "submitted"} <= statuses
    # Every top-100 project is a city project; each has a leader but the one or two left for the flag.
    top = Project.objects.filter(is_top100=True)
    assert set(top.values_list("level", flat=True)) == {"city"}
    active = LeaderAssignment.objects.filter(project=OuterRef("pk"), ended_on__isnull=True)
    assert top.filter(~Exists(active)).count() <= 2
    # Milestones: some past their planned date without an actual one (overdue).
    assert Milestone.objects.filter(planned_date__lt=datetime.date(2026, 10, 31), actual_date__isnull=True).exists()


def test_demo_users_can_log_in_and_are_listed(client):
    seed()
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)
    assert {u.role for u in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])} == {
        "admin",
        "office",
        "department",
        "district",
        "leader",
        "viewer",
    }
    leader_user = User.objects.get(username="leader")
    assert Project.objects.visible_to(leader_user).exists()
    response = client.post("/accounts/login/", {"username": "fgw", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and response.url == "/"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    for username, _role, _name, _link in DEMO_USERS:
        assert username in table
    assert "市发展和改革委员会" in table and DEMO_PASSWORD in table


def test_demo_logins_before_seeding_says_what_to_do():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_seed_demo_refuses_nonsense():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", projects=0, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", today="2026-13-01", stdout=StringIO())


def test_seed_demo_calls_the_apps_demo_hooks(monkeypatch):
    import random
    import sys
    import types

    calls = []

    def hook(*, rng, today):
        calls.append((type(rng), today, Project.objects.count()))
        return {"allocations": 3}

    monkeypatch.setitem(sys.modules, "funding.demo", types.SimpleNamespace(seed=hook))
    output = seed()
    assert calls == [(random.Random, datetime.date(2026, 11, 28), 120)]
    assert "allocations" in output


def test_demo_publishes_the_rankings_of_the_months_before_the_last_one(client):
    from dispatch.models import Alert, Ranking

    seed()
    published = set(Ranking.objects.filter(published=True).values_list("month", flat=True))
    assert published == {"2026-08", "2026-09"}
    assert not Ranking.objects.filter(month="2026-10").exists()  # left for the office to compute
    assert Alert.objects.filter(month="2026-09").exists()

    client.force_login(User.objects.get(username="fgw"))
    rows = client.get("/api/v1/rankings/", {"month": "2026-09", "dimension": "district"}).json()["results"]
    assert rows and rows[0]["rank"] == 1 and rows[0]["published"] is True

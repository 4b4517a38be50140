"""The figures of DESIGN.md section 4 against hand-computed expectations."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import AnnualPlanNatureChoices, ProjectCategoryChoices, ProjectLevelChoices
from projects.models import Project
from projects.selectors import figures
from tests.factories import (
    AnnualPlanFactory,
    DepartmentFactory,
    DistrictFactory,
    IndustryChainFactory,
    LeaderAssignmentFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
NEW = AnnualPlanNatureChoices.NEW
YEAR, MONTH = 2026, 5


@pytest.fixture
def city(department, other_department, district, other_district, leader):
    """Year 2026, month 5. Hand-computed figures are in the tests below.

    A (FGW, JP, continuing, plan 10,000): counted 2026-01 1,000 + 2026-02 2,000; a draft, a
      returned report, a June report and a 2025 report do not count -> 3,000.
    B (FGW, JP, new, start month 3, started 2026-04-10, plan 20,000 with monthly plan whose
      months 1-5 sum to 8,000): 2026-05 5,000.
    C (GXJ, CXD): on the 2025 list only; its 2026 report must not count.
    D (GXJ, CXD, new, start month 6, started 2026-05-20: early), plan 5,000.
    E (GXJ, CXD, new, start month 2, not started), plan 5,000.
    F (GXJ, CXD, new, start month 4, started 2026-06-03: after month 5), plan 5,000.
    2025 (the previous year's list): A 2025-03 4,000 (2025-07 1,000 is after month 5), C 2025-01
      2,000; G has 2025 reports but no 2025 plan -> previous completed 6,000.
    """
    chain = IndustryChainFactory(code="ic", name="集成电路")
    a = ProjectFactory(
        code="A",
        department=department,
        district=district,
        level=ProjectLevelChoices.PROVINCIAL,
        is_top100=True,
        category=ProjectCategoryChoices.EMERGING_INDUSTRY,
        industry_chain=chain,
        total_investment=D("8000.00"),
    )
    b = ProjectFactory(
        code="B",
        department=department,
        district=district,
        is_top100=True,
        actual_start=datetime.date(2026, 4, 10),
        total_investment=D("60000.00"),
    )
    c = ProjectFactory(code="C", department=other_department, district=other_district)
    d = ProjectFactory(
        code="D",
        department=other_department,
        district=other_district,
        actual_start=datetime.date(2026, 5, 20),
        total_investment=D("600000.00"),
    )
    e = ProjectFactory(code="E", department=other_department, district=other_district, total_investment=D("10000"))
    f = ProjectFactory(
        code="F",
        department=other_department,
        district=other_district,
        actual_start=datetime.date(2026, 6, 3),
        total_investment=D("200000.00"),
    )
    g = ProjectFactory(code="G", department=other_department, district=other_district)
    LeaderAssignmentFactory(project=a, leader=leader)
    LeaderAssignmentFactory(project=b, leader=leader, ended_on=datetime.date(2026, 2, 1))  # no longer active

    AnnualPlanFactory(project=a, year=2026, planned_investment=D("10000.00"))
    monthly = [D("1000"), D("1000"), D("2000"), D("2000"), D("2000")] + [D("2000")] * 6 + [D("0")]
    AnnualPlanFactory(project=b, year=2026, nature=NEW, planned_start_month=3, planned_investment=D("20000.00"))
    b.annual_plans.update(**{f"plan_m{i:02d}": v for i, v in enumerate(monthly, start=1)})
    AnnualPlanFactory(project=d, year=2026, nature=NEW, planned_start_month=6, planned_investment=D("5000.00"))
    AnnualPlanFactory(project=e, year=2026, nature=NEW, planned_start_month=2, planned_investment=D("5000.00"))
    AnnualPlanFactory(project=f, year=2026, nature=NEW, planned_start_month=4, planned_investment=D("5000.00"))
    AnnualPlanFactory(project=a, year=2025, planned_investment=D("9000.00"))
    AnnualPlanFactory(project=c, year=2025, planned_investment=D("9000.00"))

    report = MonthlyReportFactory
    report(project=a, month="2026-01", completed_investment=D("1000.00"), status="submitted")
    report(project=a, month="2026-02", completed_investment=D("2000.00"), status="approved")
    report(project=a, month="2026-03", completed_investment=D("500.00"), status="draft")
    report(project=a, month="2026-04", completed_investment=D("700.00"), status="returned")
    report(project=a, month="2026-06", completed_investment=D("900.00"), status="submitted")
    report(project=a, month="2025-12", completed_investment=D("300.00"), status="submitted")
    report(project=b, month="2026-05", completed_investment=D("5000.00"), status="submitted")
    report(project=c, month="2026-02", completed_investment=D("9999.00"), status="approved")
    report(project=a, month="2025-03", completed_investment=D("4000.00"), status="approved")
    report(project=a, month="2025-07", completed_investment=D("1000.00"), status="approved")
    report(project=c, month="2025-01", completed_investment=D("2000.00"), status="submitted")
    report(project=g, month="2025-02", completed_investment=D("777.00"), status="submitted")
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "chain": chain}


def test_summary_matches_a_hand_computation(city):
    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)

    assert result["project_count"] == 5
    assert result["total_investment"] == D("878000.00")
    assert result["annual_plan"] == D("45000.00")
    # Drafts, returned reports, reports after May, 2025 reports and projects off the list excluded.
    assert result["completed"] == D("8000.00")
    assert figures.round_pct(result["completion_pct"]) == D("17.78")
    assert figures.round_pct(result["time_progress_pct"]) == D("41.67")
    assert figures.round_pct(result["lead_pts"]) == D("-23.89")
    assert result["period_plan"] == D("8000.00")  # only B has a monthly plan
    assert result["period_completion_pct"] == D("100")
    assert result["previous_completed"] == D("6000.00")
    assert figures.round_pct(result["yoy_pct"]) == D("33.33")
    assert result["new_count"] == 4
    assert result["planned_starts"] == 3  # B, E, F
    assert result["started"] == 2  # B, D (F started in June)
    assert result["early_starts"] == 1  # D, before its planned month
    assert result["started_as_planned"] == 1  # B
    assert result["not_started_as_planned"] == 2  # E, F
    assert result["start_rate_pct"] == D("50")


def test_percentages_are_none_without_a_denominator():
    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)
    assert result["project_count"] == 0
    assert result["completed"] == D("0.00")
    assert result["completion_pct"] is None
    assert result["lead_pts"] is None
    assert result["period_completion_pct"] is None
    assert result["yoy_pct"] is None
    assert result["start_rate_pct"] is None


def test_lead_points_are_rounded_from_unrounded_values():
    # 50.004% against 41.666...%: unrounded lead 8.3373 -> 8.34; rounding first gives 50.00 - 41.67 = 8.33.
    project = ProjectFactory()
    AnnualPlanFactory(project=project, year=YEAR, planned_investment=D("100000.00"))
    MonthlyReportFactory(project=project, month="2026-03", completed_investment=D("50004.00"))

    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)

    assert figures.round_pct(result["completion_pct"]) == D("50.00")
    assert figures.round_pct(result["time_progress_pct"]) == D("41.67")
    assert figures.round_pct(result["lead_pts"]) == D("8.34")
    assert figures.round_pct(result["lead_pts"], 1) == D("8.3")


def test_round_pct_rounds_half_up():
    assert figures.round_pct(D("2.345")) == D("2.35")
    assert figures.round_pct(D("-2.345")) == D("-2.35")
    assert figures.round_pct(D("0.25"), 1) == D("0.3")


def test_summary_is_scoped_to_the_given_projects(city, department_user):
    result = figures.summary(projects=Project.objects.visible_to(department_user), year=YEAR, month=MONTH)
    assert result["project_count"] == 2  # A and B
    assert result["annual_plan"] == D("30000.00")
    assert result["completed"] == D("8000.00")
    assert result["new_count"] == 1
    assert result["previous_completed"] == D("4000.00")  # A's 2025 figure only; C is not FGW's
    assert figures.round_pct(result["yoy_pct"]) == D("100.00")


def test_nature_filter_applies_to_each_years_own_plans(city):
    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH, nature=NEW)
    assert result["project_count"] == 4
    assert result["annual_plan"] == D("35000.00")
    assert result["completed"] == D("5000.00")
    assert result["previous_completed"] == D("0.00")  # no new starts on the 2025 list
    assert result["yoy_pct"] is None


def _by_code(rows):
    return {row["code"]: row for row in rows}


@pytest.mark.parametrize("dimension", figures.DIMENSIONS)
def test_every_split_adds_up_to_the_summary(city, dimension):
    total = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)
    rows = figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension=dimension)
    for key in ("project_count", "annual_plan", "completed", "new_count", "started", "previous_completed"):
        assert sum(row[key] for row in rows) == total[key], key
    assert all(row["name"] for row in rows)


def test_split_by_district_and_department(city, district, department):
    rows = _by_code(figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="district"))
    assert set(rows) == {"JP", "CXD"}
    jp = rows["JP"]
    assert jp["name"] == "金普新区"
    assert jp["project_count"] == 2
    assert jp["annual_plan"] == D("30000.00")
    assert jp["completed"] == D("8000.00")
    assert figures.round_pct(jp["completion_pct"]) == D("26.67")
    assert figures.round_pct(jp["yoy_pct"]) == D("100.00")
    cxd = rows["CXD"]
    assert cxd["completed"] == D("0.00")
    assert cxd["completion_pct"] == D("0")
    assert cxd["previous_completed"] == D("2000.00")  # C was on CXD's 2025 list
    assert cxd["yoy_pct"] == D("-100")
    assert cxd["start_rate_pct"] is not None and figures.round_pct(cxd["start_rate_pct"]) == D("33.33")

    departments = _by_code(
        figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="department")
    )
    assert departments["FGW"]["completed"] == D("8000.00")
    assert departments["GXJ"]["project_count"] == 3


def test_split_by_active_leader(city, leader):
    rows = _by_code(figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="leader"))
    # Only A has an active assignment; B's assignment ended.
    assert rows[str(leader.pk)]["project_count"] == 1
    assert rows[str(leader.pk)]["completed"] == D("3000.00")
    assert rows[""]["project_count"] == 4


def test_split_by_level_category_nature_top100_chain(city):
    def split(dimension):
        return _by_code(figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension=dimension))

    assert split("level")["provincial"]["completed"] == D("3000.00")
    assert split("level")["city"]["project_count"] == 4
    assert split("category")["emerging_industry"]["annual_plan"] == D("10000.00")
    assert split("category")["infrastructure"]["completed"] == D("5000.00")
    nature = split("nature")
    assert nature["new"]["project_count"] == 4
    assert nature["continuing"]["completed"] == D("3000.00")
    assert figures.round_pct(nature["continuing"]["yoy_pct"]) == D("-50.00")  # 3,000 vs A and C: 6,000
    top = split("is_top100")
    assert top["true"]["project_count"] == 2 and top["false"]["project_count"] == 3
    assert split("industry_chain")["ic"]["completed"] == D("3000.00")


def test_split_by_size_band(city):
    rows = _by_code(figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="size"))
    # A 0.8亿, E exactly 1亿 (lower bound inclusive), B 6亿, F 20亿, D 60亿.
    assert rows["lt1"]["project_count"] == 1
    assert rows["1to5"]["project_count"] == 1
    assert rows["5to10"]["project_count"] == 1
    assert rows["10to50"]["project_count"] == 1
    assert rows["50plus"]["project_count"] == 1
    assert list(rows) == ["lt1", "1to5", "5to10", "10to50", "50plus"]


def test_size_bands_grow_against_the_previous_years_list(city):
    rows = _by_code(figures.size_bands(projects=Project.objects.all(), year=YEAR))
    # 2025 list: A (0.8亿) and C (10亿, the factory default) -> one project of 1亿 and more.
    assert rows["10to50"]["count"] == 1
    assert rows["10to50"]["previous_count"] == 1
    over = rows["1plus"]
    assert over["count"] == 4
    assert over["previous_count"] == 1
    assert over["count_growth_pct"] == D("300")
    assert over["total_investment"] == D("870000.00")
    assert over["previous_total_investment"] == D("100000.00")
    assert over["investment_growth_pct"] == D("770")
    assert rows["lt1"]["previous_count"] == 1
    assert rows["50plus"]["count_growth_pct"] is None


def test_project_figures_one_row_per_listed_project(city, leader):
    result = figures.project_figures(projects=Project.objects.all(), year=YEAR, month=5)
    rows = {row.project.code: row for row in result}
    assert set(rows) == {"A", "B", "D", "E", "F"}
    assert rows["A"].completed == D("3000.00")
    assert rows["A"].completion_pct == D("30")
    assert rows["A"].leader_id == leader.pk
    assert rows["A"].period_plan is None
    assert rows["B"].period_plan == D("8000.00")
    assert rows["B"].period_completion_pct == D("62.5")
    assert figures.round_pct(rows["B"].lead_pts) == D("-16.67")
    assert rows["E"].completed == D("0.00")


def test_monthly_series_cumulates_counted_reports(city):
    series = figures.monthly_series(projects=Project.objects.all(), year=YEAR, month=MONTH)
    assert [row["month"] for row in series] == [1, 2, 3, 4, 5]
    assert [row["cumulative_completed"] for row in series] == [D("1000"), D("3000"), D("3000"), D("3000"), D("8000")]
    assert (
        series[-1]["cumulative_completed"]
        == figures.summary(projects=Project.objects.all(), year=YEAR, month=5)["completed"]
    )
    assert figures.round_pct(series[0]["time_progress_pct"]) == D("8.33")
    # Only B has a monthly plan: 1,000, 2,000, 4,000...
    assert [row["cumulative_plan"] for row in series][:3] == [D("1000"), D("2000"), D("4000")]


def test_summary_query_count_is_bounded(django_assert_max_num_queries):
    department = DepartmentFactory()
    district = DistrictFactory()
    for _ in range(30):
        project = ProjectFactory(department=department, district=district)
        AnnualPlanFactory(project=project, year=YEAR)
        MonthlyReportFactory(project=project, month="2026-02")
    with django_assert_max_num_queries(3):
        figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)
    with django_assert_max_num_queries(4):
        figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="district")
    with django_assert_max_num_queries(2):
        figures.project_figures(projects=Project.objects.all(), year=YEAR, month=MONTH)
    with django_assert_max_num_queries(2):
        figures.monthly_series(projects=Project.objects.all(), year=YEAR, month=MONTH)


def test_leader_sees_only_assigned_projects_in_figures(city, leader_user):
    result = figures.summary(projects=Project.objects.visible_to(leader_user), year=YEAR, month=MONTH)
    assert result["project_count"] == 1
    assert result["completed"] == D("3000.00")


def test_unknown_dimension_is_refused():
    with pytest.raises(ValueError):
        figures.breakdown(projects=Project.objects.all(), year=YEAR, month=MONTH, dimension="colour")


def test_period_plan_uses_months_one_to_m(city):
    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=2)
    assert result["period_plan"] == D("2000.00")
    assert result["completed"] == D("3000.00")
    assert result["period_completion_pct"] == D("150")


def test_industrial_share_counts(city):
    result = figures.summary(projects=Project.objects.all(), year=YEAR, month=MONTH)
    assert result["industrial_count"] == 1
    assert result["industrial_investment"] == D("8000.00")
    assert result["top100_count"] == 2


def test_top100_completed(city):
    assert figures.top100_completed(projects=Project.objects.all(), year=YEAR, month=MONTH) == D("8000.00")


def test_other_department_project_is_absent_from_department_splits(city, department_user):
    rows = _by_code(
        figures.breakdown(
            projects=Project.objects.visible_to(department_user), year=YEAR, month=MONTH, dimension="district"
        )
    )
    assert set(rows) == {"JP"}

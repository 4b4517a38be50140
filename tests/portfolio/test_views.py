from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_counts_only_the_department_users_projects(client, department_user, other_department):
    own = ProjectFactory(department=department_user.department)
    other = ProjectFactory(department=other_department)
    AnnualPlanFactory(project=own, year=2026, planned_investment=Decimal("5000.00"))
    AnnualPlanFactory(project=other, year=2026, planned_investment=Decimal("9000.00"))
    MonthlyReportFactory(project=own, month="2026-01", completed_investment=Decimal("1200.00"))
    MonthlyReportFactory(project=other, month="2026-01", completed_investment=Decimal("3400.00"))
    client.force_login(department_user)

    response = client.get(reverse("home"), {"month": "2026-10"})

    totals = response.context["totals"]
    assert totals["project_count"] == 1
    assert totals["annual_plan"] == Decimal("5000.00")
    assert totals["completed"] == Decimal("1200.00")

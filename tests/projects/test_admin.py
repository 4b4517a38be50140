import pytest
from django.urls import reverse

from tests.factories import (
    AnnualPlanFactory,
    LeaderAssignmentFactory,
    MilestoneFactory,
    MonthlyReportFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "project",
    "industrychain",
    "responsibleparty",
    "stagechange",
    "leaderassignment",
    "annualplan",
    "monthlyreport",
    "reportphoto",
    "milestone",
    "citystatistic",
    "annualtarget",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_searches_every_register_model(client, model):
    admin = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    project = ProjectFactory(name="东关街改造")
    AnnualPlanFactory(project=project)
    LeaderAssignmentFactory(project=project)
    MonthlyReportFactory(project=project)
    MilestoneFactory(project=project)
    client.force_login(admin)
    url = reverse(f"admin:projects_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "dgj"}).status_code == 200


def test_admin_project_page_with_inlines_and_history(client):
    admin = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    project = ProjectFactory()
    client.force_login(admin)
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200
    assert client.get(reverse("admin:projects_project_history", args=[project.pk])).status_code == 200

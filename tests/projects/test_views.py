from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import AnnualPlan, Milestone, MonthlyReport, Project
from tests.factories import (
    AnnualPlanFactory,
    LeaderAssignmentFactory,
    LeaderFactory,
    MilestoneFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(department_user):
    project = ProjectFactory(
        code="2026-FGW-0001",
        name="东关街改造",
        department=department_user.department,
        total_investment=Decimal("50000"),
    )
    AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("12000"))
    return project


@pytest.fixture
def foreign(other_department):
    project = ProjectFactory(
        code="2026-GXJ-0001", name="外部项目", department=other_department, total_investment=Decimal("90000")
    )
    AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("30000"))
    return project


PAGES = [
    ("projects:project_list", []),
    ("projects:project_detail", ["2026-FGW-0001"]),
    ("projects:filing_desk", []),
    ("projects:review_queue", []),
    ("projects:project_import", []),
    ("projects:project_create", []),
    ("projects:project_update", ["2026-FGW-0001"]),
    ("projects:project_leader", ["2026-FGW-0001"]),
    ("projects:plan_create", ["2026-FGW-0001"]),
    ("projects:milestone_create", ["2026-FGW-0001"]),
    ("projects:filing_template", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_is_sent_to_login(client, own, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_shows_only_scope_and_sums_only_scope(client, department_user, own, foreign):
    client.force_login(department_user)
    response = client.get(reverse("projects:project_list"))
    assert response.status_code == 200
    assert own.name in response.content.decode()
    assert foreign.name not in response.content.decode()
    totals = response.context["totals"]
    assert totals["project_count"] == 1
    assert totals["total_investment"] == Decimal("50000")
    assert totals["annual_plan"] == Decimal("12000")


def test_list_filters_search_and_sums_the_filtered_rows(client, office_user, own, foreign):
    client.force_login(office_user)
    response = client.get(reverse("projects:project_list"), {"q": "dgj"})
    assert [p.code for p in response.context["page_obj"]] == [own.code]
    assert response.context["totals"]["total_investment"] == Decimal("50000")
    response = client.get(reverse("projects:project_list"), {"department": foreign.department.code})
    assert [p.code for p in response.context["page_obj"]] == [foreign.code]
    response = client.get(reverse("projects:project_list"), {"sort": "-total"})
    assert [p.code for p in response.context["page_obj"]] == [foreign.code, own.code]


def test_export_is_filtered_scoped_and_escapes_formulas(client, department_user, own, foreign):
    import io

    from openpyxl import load_workbook

    own.name = '=HYPERLINK("http://evil")'
    own.save()
    client.force_login(department_user)
    response = client.get(reverse("projects:project_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [own.code]
    assert rows[0][1].startswith("'=")


def test_out_of_scope_project_page_is_404(client, department_user, foreign):
    client.force_login(department_user)
    assert client.get(reverse("projects:project_detail", args=[foreign.code])).status_code == 404


def test_project_page_shows_leader_plan_and_reports(client, department_user, own):
    leader = LeaderFactory(name="李市长")
    LeaderAssignmentFactory(project=own, leader=leader)
    MonthlyReportFactory(project=own, month="2026-02", completed_investment=Decimal("700"))
    MonthlyReportFactory(project=own, month="2026-03", completed_investment=Decimal("999"), status="draft")
    MilestoneFactory(project=own, kind="start", planned_date="2026-03-01")
    client.force_login(department_user)
    response = client.get(reverse("projects:project_detail", args=[own.code]))
    body = response.content.decode()
    assert "李市长" in body
    assert response.context["year_data"]["completed"] == Decimal("700")
    assert 'data-overdue="1"' in body
    assert "s-curve" in body


def test_office_only_pages_refuse_other_roles(client, department_user, viewer_user, own):
    for user in (department_user, viewer_user):
        client.force_login(user)
        for name, args in [
            ("projects:project_create", []),
            ("projects:project_update", [own.code]),
            ("projects:review_queue", []),
            ("projects:project_import", []),
            ("projects:plan_create", [own.code]),
            ("projects:project_leader", [own.code]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 403
    client.force_login(viewer_user)
    assert client.get(reverse("projects:filing_desk")).status_code == 403
    assert client.get(reverse("projects:milestone_create", args=[own.code])).status_code == 403


def test_office_creates_a_project_with_chinese_messages(client, office_user, district, department):
    client.force_login(office_user)
    response = client.post(
        reverse("projects:project_create"), {"code": "2026-X-1", "name": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode()
    data = {
        "code": "2026-X-1",
        "name": "新港大道",
        "level": "city",
        "category": "infrastructure",
        "stage": "preliminary",
        "district": district.pk,
        "department": department.pk,
        "total_investment": "1000",
        "planned_start": "2026-05-01",
        "planned_end": "2026-01-01",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 200 and not Project.objects.filter(code="2026-X-1").exists()
    data["planned_end"] = "2027-01-01"
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["parties"].non_form_errors())
    assert Project.objects.get(code="2026-X-1").name_initials == "xgdd"


def test_office_edits_plan_and_sets_leader(client, office_user, own):
    client.force_login(office_user)
    plan = AnnualPlan.objects.get(project=own)
    data = {
        "year": 2026,
        "nature": "continuing",
        "planned_investment": "1200",
        **{f"plan_m{m:02d}": "100" for m in range(1, 13)},
    }
    data["plan_m12"] = "1"
    response = client.post(reverse("projects:plan_update", args=[own.code, plan.pk]), data)
    assert response.status_code == 200
    data["plan_m12"] = "100"
    assert client.post(reverse("projects:plan_update", args=[own.code, plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.planned_investment == Decimal("1200")
    leader = LeaderFactory()
    assert client.post(reverse("projects:project_leader", args=[own.code]), {"leader": leader.pk}).status_code == 302
    assert own.leader_assignments.get(ended_on__isnull=True).leader == leader


def test_department_adds_a_milestone_to_its_own_project_only(client, department_user, own, foreign):
    client.force_login(department_user)
    data = {"kind": "land", "planned_date": "2026-04-01"}
    assert client.post(reverse("projects:milestone_create", args=[own.code]), data).status_code == 302
    assert client.post(reverse("projects:milestone_create", args=[foreign.code]), data).status_code == 404
    assert Milestone.objects.count() == 1


# --- filing desk -------------------------------------------------------------------------------


def desk(client, month="2026-10", **data):
    return client.post(f"{reverse('projects:filing_desk')}?month={month}", data)


def test_filing_desk_lists_own_projects_with_deadline(client, department_user, own, foreign):
    MonthlyReportFactory(project=own, month="2026-09", completed_investment=Decimal("321"))
    client.force_login(department_user)
    response = client.get(reverse("projects:filing_desk"), {"month": "2026-10"})
    body = response.content.decode()
    assert own.name in body and foreign.name not in body
    assert "321.00" in body
    assert response.context["deadline"].isoformat() == "2026-11-05"
    assert response.context["missing_count"] == 1


def test_filing_desk_submits_all_rows(client, department_user, own):
    client.force_login(department_user)
    response = desk(client, submit="1", **{f"p{own.pk}-completed_investment": "500", f"p{own.pk}-progress": "桩基"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(project=own, month="2026-10")
    assert (report.status, report.completed_investment, report.filed_by) == (
        "submitted",
        Decimal("500"),
        department_user,
    )


@pytest.mark.parametrize(
    ("amount", "field"), [("-5", "completed_investment"), ("abc", "completed_investment"), ("60000", "justification")]
)
def test_filing_desk_rules_show_inline_and_save_nothing(client, department_user, own, amount, field):
    second = ProjectFactory(department=department_user.department)
    AnnualPlanFactory(project=second, year=2026)
    client.force_login(department_user)
    response = desk(
        client, submit="1", **{f"p{own.pk}-completed_investment": amount, f"p{second.pk}-completed_investment": "10"}
    )
    assert response.status_code == 200
    assert field in response.context["errors"][own.pk]
    assert not MonthlyReport.objects.exists()


def test_filing_desk_refuses_future_months(client, department_user, own):
    client.force_login(department_user)
    response = desk(client, month="2099-01", submit="1", **{f"p{own.pk}-completed_investment": "5"})
    assert response.status_code == 200
    assert not MonthlyReport.objects.exists()


def test_returned_report_shows_its_reason_on_the_desk(client, department_user, own):
    MonthlyReportFactory(project=own, month="2026-10", status="returned", return_reason="照片缺失")
    client.force_login(department_user)
    response = client.get(reverse("projects:filing_desk"), {"month": "2026-10"})
    assert "照片缺失" in response.content.decode()


# --- review ------------------------------------------------------------------------------------


def test_office_approves_and_returns(client, office_user, own, foreign):
    first = MonthlyReportFactory(project=own, month="2026-10", status="submitted")
    second = MonthlyReportFactory(project=foreign, month="2026-10", status="submitted")
    client.force_login(office_user)
    response = client.get(reverse("projects:review_queue"))
    assert response.context["page_obj"].paginator.count == 2
    client.post(reverse("projects:review_queue"), {"action": "return", "report_id": first.pk, "reason": ""})
    first.refresh_from_db()
    assert first.status == "submitted"
    client.post(reverse("projects:review_queue"), {"action": "return", "report_id": first.pk, "reason": "数据有误"})
    client.post(reverse("projects:review_queue"), {"action": "approve_selected", "report": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.return_reason, second.status) == ("returned", "数据有误", "approved")


def test_photo_upload_for_own_report_only(client, department_user, own, foreign):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "JPEG")
    mine = MonthlyReportFactory(project=own, month="2026-10")
    theirs = MonthlyReportFactory(project=foreign, month="2026-10")
    client.force_login(department_user)
    upload = SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(reverse("projects:report_photo", args=[mine.pk]), {"image": upload})
    assert mine.photos.count() == 1
    upload = SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert client.post(reverse("projects:report_photo", args=[theirs.pk]), {"image": upload}).status_code == 404


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 200])
def test_list_and_project_pages_run_a_bounded_number_of_queries(
    client, office_user, django_assert_max_num_queries, size
):
    projects = ProjectFactory.create_batch(size)
    for project in projects[:5]:
        AnnualPlanFactory(project=project)
        LeaderAssignmentFactory(project=project)
        MonthlyReportFactory(project=project)
        MilestoneFactory(project=project)
    client.force_login(office_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:project_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("projects:project_detail", args=[projects[0].code])).status_code == 200


def test_office_records_the_five_responsible_parties(client, office_user, own):
    client.force_login(office_user)
    page = client.get(reverse("projects:project_update", args=[own.code]))
    form = page.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    for name in ("industry_chain", "parent", "commissioner", "latitude", "longitude"):
        data[name] = data.get(name) or ""
    data["district"], data["department"] = own.district_id, own.department_id
    for key in ("planned_start", "planned_end", "actual_start", "actual_end", "registered_on"):
        data[key] = data[key].isoformat() if data.get(key) else ""
    data.pop("is_top100", None), data.pop("is_benchmark", None), data.pop("is_registered", None)
    data.update(
        {
            "parties-TOTAL_FORMS": "5",
            "parties-INITIAL_FORMS": "0",
            "parties-MIN_NUM_FORMS": "0",
            "parties-MAX_NUM_FORMS": "5",
            "parties-0-role": "construction",
            "parties-0-organisation": "中建八局",
            "parties-0-contact_name": "王工",
            "parties-1-role": "supervision",
            "parties-1-organisation": "市建设监理公司",
            "stage": "completed",
            "stage_reason": "竣工验收",
        }
    )
    response = client.post(reverse("projects:project_update", args=[own.code]), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["parties"].errors)
    assert sorted(own.responsible_parties.values_list("organisation", flat=True)) == ["中建八局", "市建设监理公司"]
    assert own.stage_changes.get().reason == "竣工验收"
    body = client.get(reverse("projects:project_detail", args=[own.code])).content.decode()
    assert "中建八局" in body and "竣工验收" in body


def test_filing_desk_pace_rule_needs_a_justification(client, department_user, own):
    MonthlyReportFactory(project=own, month="2026-08", completed_investment=Decimal("100"))
    MonthlyReportFactory(project=own, month="2026-09", completed_investment=Decimal("100"))
    client.force_login(department_user)
    response = desk(client, submit="1", **{f"p{own.pk}-completed_investment": "301"})
    assert "justification" in response.context["errors"][own.pk]
    assert not MonthlyReport.objects.filter(month="2026-10").exists()
    response = desk(
        client, submit="1", **{f"p{own.pk}-completed_investment": "301", f"p{own.pk}-justification": "设备集中到货"}
    )
    assert response.status_code == 302
    assert MonthlyReport.objects.get(month="2026-10").justification == "设备集中到货"


@pytest.mark.parametrize("name", ["projects:filing_upload", "projects:review_queue", "projects:filing_desk"])
def test_anonymous_posts_are_sent_to_login(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not MonthlyReport.objects.exists()


def test_project_page_year_agrees_with_the_figures_and_ignores_a_bad_year(client, office_user):
    from projects.selectors import figures

    project = ProjectFactory()
    AnnualPlanFactory(project=project, year=2025, planned_investment=Decimal("4000.00"))
    MonthlyReportFactory(project=project, month="2025-03", completed_investment=Decimal("700.00"))
    MonthlyReportFactory(project=project, month="2025-04", completed_investment=Decimal("300.00"), status="draft")
    client.force_login(office_user)

    year_data = client.get(reverse("projects:project_detail", args=[project.code]), {"year": 2025}).context["year_data"]
    summary = figures.summary(projects=Project.objects.filter(pk=project.pk), year=2025, month=12)
    assert year_data["completed"] == summary["completed"] == Decimal("700.00")
    assert year_data["completion_pct"] == summary["completion_pct"] == Decimal("17.5")

    assert client.get(reverse("projects:project_detail", args=[project.code]), {"year": "abc"}).status_code == 200

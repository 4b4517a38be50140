"""Every support page: anonymous users go to login, out-of-scope objects are 404, in-scope users
see them, read-only roles are refused on writes, and query counts stay bounded."""

import datetime

import pytest
from django.urls import reverse

from dispatch import support_services as services
from dispatch.models import CoordinationMeeting, MeetingItem, SupportCase
from portfolio.choices import UserRoleChoices
from tests.factories import LeaderAssignmentFactory, MilestoneFactory, ProjectFactory, UserFactory

from .factories_support import InspectionFindingFactory, InspectionVisitFactory, SupportCaseFactory, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(department, other_department, district, other_district):
    mine = ProjectFactory(code="2026-JP-0001", name="金普新区半导体项目", department=department, district=district)
    theirs = ProjectFactory(
        code="2026-CX-0001", name="长兴岛码头", department=other_department, district=other_district
    )
    my_case = SupportCaseFactory(project=mine, description="用地指标缺口")
    their_case = SupportCaseFactory(project=theirs, description="码头岸线审批")
    meeting = CoordinationMeeting.objects.create(date=datetime.date(2026, 11, 25), title="市级协调会商")
    MeetingItem.objects.create(meeting=meeting, case=my_case, order=1)
    MeetingItem.objects.create(meeting=meeting, case=their_case, order=2)
    my_visit = InspectionVisitFactory(project=mine, inspection__title="金普督导")
    InspectionFindingFactory(visit=my_visit)
    their_visit = InspectionVisitFactory(project=theirs, inspection__title="长兴岛督导")
    InspectionFindingFactory(visit=their_visit)
    return {
        "mine": mine,
        "theirs": theirs,
        "my_case": my_case,
        "their_case": their_case,
        "meeting": meeting,
        "my_inspection": my_visit.inspection,
        "their_inspection": their_visit.inspection,
    }


LIST_PAGES = [
    "dispatch:support_inbox",
    "dispatch:support_cases",
    "dispatch:support_board",
    "dispatch:support_approval_speed",
    "dispatch:support_settings",
    "dispatch:support_meetings",
    "dispatch:support_inspections",
]


def object_pages(world, which="my"):
    project = world["mine"] if which == "my" else world["theirs"]
    return [
        reverse("dispatch:support_case", args=[world[f"{which}_case"].pk]),
        reverse("dispatch:support_inspection", args=[world[f"{which}_inspection"].pk]),
        reverse("dispatch:support_project_panel", args=[project.code]),
    ]


@pytest.mark.parametrize("name", LIST_PAGES + ["dispatch:support_raise", "dispatch:support_inspection_new"])
def test_anonymous_users_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_object_pages_redirect(client, world):
    for url in object_pages(world) + [reverse("dispatch:support_meeting", args=[world["meeting"].pk])]:
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("username", ["office", "viewer", "dept", "dist", "leader"])
def test_every_list_page_opens_for_every_role(
    client, world, name, username, office_user, viewer_user, department_user, district_user, leader_user
):
    client.force_login(
        {u.username: u for u in (office_user, viewer_user, department_user, district_user, leader_user)}[username]
    )
    assert client.get(reverse(name)).status_code == 200


def test_in_scope_objects_open_and_out_of_scope_are_404(client, world, district_user):
    client.force_login(district_user)
    for url in object_pages(world, "my"):
        assert client.get(url).status_code == 200, url
    for url in object_pages(world, "their"):
        assert client.get(url).status_code == 404, url


def test_lists_hide_out_of_scope_cases(client, world, department_user):
    client.force_login(department_user)
    body = client.get(reverse("dispatch:support_cases")).content.decode()
    assert "用地指标缺口" in body and "码头岸线审批" not in body
    body = client.get(reverse("dispatch:support_inspections")).content.decode()
    assert "金普督导" in body and "长兴岛督导" not in body
    body = client.get(reverse("dispatch:support_meeting", args=[world["meeting"].pk])).content.decode()
    assert "金普新区半导体项目" in body and "长兴岛码头" not in body


def test_inbox_shows_overdue_in_red(client, world, department_user):
    client.force_login(department_user)
    response = client.get(reverse("dispatch:support_inbox"))
    assert 'class="table-danger"' in response.content.decode()  # due 2026-11-05, long past


def test_read_only_roles_are_refused_on_writes(client, world, viewer_user, leader_user, leader):
    case = world["my_case"]
    LeaderAssignmentFactory(project=world["mine"], leader=leader)  # the leader sees the case, may not work it
    for user in (viewer_user, leader_user):
        client.force_login(user)
        for action in ("take", "escalate", "comment"):
            url = reverse("dispatch:support_case_action", args=[case.pk, action])
            assert client.post(url, {"note": "x"}).status_code == 403
        assert client.post(reverse("dispatch:support_raise"), {}).status_code == 403
        assert (
            client.post(reverse("dispatch:support_meetings"), {"date": "2026-12-01", "title": "x"}).status_code == 403
        )
        assert client.post(reverse("dispatch:support_settings"), {}).status_code == 403
        assert client.get(reverse("dispatch:support_inspection_new")).status_code == 403
    case.refresh_from_db()
    assert case.status == "open" and case.log_entries.count() == 0


def test_out_of_scope_case_action_is_404(client, world, district_user):
    client.force_login(district_user)
    url = reverse("dispatch:support_case_action", args=[world["their_case"].pk, "take"])
    assert client.post(url, {"note": ""}).status_code == 404


def test_district_raises_a_case_from_the_form(client, world, district_user):
    client.force_login(district_user)
    page = client.get(reverse("dispatch:support_raise") + "?project=2026-JP-0001")
    assert page.status_code == 200 and "金普新区半导体项目" in page.content.decode()
    response = client.post(
        reverse("dispatch:support_raise"),
        {"project": "2026-JP-0001", "category": "land", "description": "需新增用地 120 亩", "land_mu": "120"},
    )
    case = SupportCase.objects.get(description="需新增用地 120 亩")
    assert response.status_code == 302 and response["Location"] == reverse("dispatch:support_case", args=[case.pk])
    assert case.level == "district" and case.raised_by == district_user
    # A project out of scope is refused by the form, nothing written.
    response = client.post(
        reverse("dispatch:support_raise"), {"project": "2026-CX-0001", "category": "land", "description": "x"}
    )
    assert response.status_code == 200 and not SupportCase.objects.filter(description="x").exists()


def test_department_works_its_case_through_the_page(client, world, department_user):
    client.force_login(department_user)
    case = world["my_case"]
    url = lambda action: reverse("dispatch:support_case_action", args=[case.pk, action])  # noqa: E731
    client.post(url("take"), {"note": "已受理"})
    client.post(url("resolve"), {"resolution": "已协调调剂指标", "resolved_on": "2026-11-20"})
    case.refresh_from_db()
    assert case.status == "resolved" and case.resolved_on == datetime.date(2026, 11, 20)
    page = client.get(reverse("dispatch:support_case", args=[case.pk])).content.decode()
    assert "已受理" in page and "已协调调剂指标" in page


def test_office_meeting_flow_pages(client, world, office_user, other_department):
    client.force_login(office_user)
    services.case_raise(
        project=world["mine"], category="energy", description="能耗指标需市级统筹", actor=office_user, level="city"
    )
    response = client.post(reverse("dispatch:support_meetings"), {"date": "2026-12-01", "title": "12月会商"})
    meeting = CoordinationMeeting.objects.get(title="12月会商")
    assert response.status_code == 302
    item = meeting.items.get()
    response = client.post(
        reverse("dispatch:support_meeting_decide", args=[meeting.pk, item.pk]),
        {
            f"item{item.pk}-decision": "发改委统筹能耗指标",
            f"item{item.pk}-assignee": other_department.pk,
            f"item{item.pk}-deadline": "2026-12-15",
        },
    )
    item.refresh_from_db()
    assert item.decision == "发改委统筹能耗指标" and item.case.owner_department == other_department
    client.post(reverse("dispatch:support_meeting_minutes", args=[meeting.pk]), {"minutes": "会议纪要正文"})
    page = client.get(reverse("dispatch:support_meeting", args=[meeting.pk])).content.decode()
    assert "会议纪要正文" in page and "发改委统筹能耗指标" in page


def test_office_inspection_flow_pages(client, world, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("dispatch:support_inspection_new"), {"date": "2026-11-20", "title": "11月督导", "inspectors": "王、李"}
    )
    inspection = world["my_inspection"].__class__.objects.get(title="11月督导")
    assert response.status_code == 302
    client.post(
        reverse("dispatch:support_inspection_add", args=[inspection.pk, "visit"]),
        {"project": "2026-JP-0001", "rating": "poor", "comment": "进度滞后"},
    )
    visit = inspection.visits.get()
    client.post(
        reverse("dispatch:support_inspection_add", args=[inspection.pk, "finding"]),
        {"visit": visit.pk, "description": "缺少施工许可", "category": "approval"},
    )
    finding = visit.findings.get()
    response = client.post(reverse("dispatch:support_finding_action", args=[inspection.pk, finding.pk, "case"]))
    finding.refresh_from_db()
    assert finding.case is not None and response["Location"] == reverse("dispatch:support_case", args=[finding.case_id])


def test_office_edits_service_levels(client, office_user, department_user):
    data = {}
    for code in ("land", "planning", "eia", "energy", "approval", "financing", "labour", "demolition", "other"):
        data[f"{code}-working_days"] = 4
    data["land-working_days"] = 2
    data["baseline_days"] = 190
    data["land_target_mu"] = "500"
    client.force_login(department_user)
    assert client.post(reverse("dispatch:support_settings"), data).status_code == 403
    client.force_login(office_user)
    assert client.post(reverse("dispatch:support_settings"), data).status_code == 302
    from dispatch.models import ApprovalBaseline, ServiceLevel

    assert ServiceLevel.objects.get(category="land").working_days == 2
    assert ApprovalBaseline.load().days == 190


# --- bounded queries ----------------------------------------------------------------------------


def grow(n, department, district):
    for i in range(n):
        project = ProjectFactory(department=department, district=district)
        SupportCaseFactory(project=project, due_at=local(2026, 11, 10 + i % 10, 9), category=["land", "eia"][i % 2])
        MilestoneFactory(project=project, kind="approval", actual_date=datetime.date(2026, 1, 1))
        MilestoneFactory(project=project, kind="start", actual_date=datetime.date(2026, 3, 1 + i % 20))
        InspectionVisitFactory(project=project)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_run_bounded_queries(
    client, world, office_user, department, district, name, django_assert_max_num_queries
):
    client.force_login(office_user)
    grow(3, department, district)
    with django_assert_max_num_queries(25):
        assert client.get(reverse(name)).status_code == 200
    grow(15, department, district)
    with django_assert_max_num_queries(25):
        assert client.get(reverse(name)).status_code == 200


def test_case_and_meeting_pages_run_bounded_queries(client, world, office_user, django_assert_max_num_queries):
    client.force_login(office_user)
    case = world["my_case"]
    for i in range(10):
        services.case_comment(case=case, actor=office_user, note=f"跟进 {i}")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("dispatch:support_case", args=[case.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("dispatch:support_meeting", args=[world["meeting"].pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("dispatch:support_inspection", args=[world["my_inspection"].pk])).status_code == 200


def test_project_panel_lists_open_cases(client, world, district_user):
    client.force_login(district_user)
    body = client.get(reverse("dispatch:support_project_panel", args=["2026-JP-0001"])).content.decode()
    assert "用地指标缺口" in body


def test_out_of_scope_department_user_cannot_reach_a_meeting_item(client, world):
    stranger = UserFactory(username="stranger", role=UserRoleChoices.VIEWER)
    client.force_login(stranger)
    item = world["meeting"].items.first()
    response = client.post(reverse("dispatch:support_meeting_decide", args=[world["meeting"].pk, item.pk]), {})
    assert response.status_code == 403


def test_case_list_exports_the_filtered_cases_to_excel(client, world, department_user):
    import io

    from openpyxl import load_workbook

    client.force_login(department_user)
    response = client.get(reverse("dispatch:support_cases") + "?export=xlsx&category=land")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "2026-JP-0001"  # the out-of-scope case is not exported


def test_office_adds_a_case_to_an_agenda(client, world, office_user, viewer_user):
    meeting = CoordinationMeeting.objects.create(date=datetime.date(2026, 12, 5), title="专题会商")
    url = reverse("dispatch:support_meeting_add_case", args=[meeting.pk])
    client.force_login(viewer_user)
    assert client.post(url, {"case": world["my_case"].pk}).status_code == 403
    client.force_login(office_user)
    client.post(url, {"case": world["my_case"].pk})
    assert list(meeting.items.values_list("case_id", flat=True)) == [world["my_case"].pk]


def test_office_issues_a_notice_from_a_finding(client, world, office_user):
    client.force_login(office_user)
    inspection = world["my_inspection"]
    finding = inspection.visits.get().findings.get()
    response = client.post(reverse("dispatch:support_finding_action", args=[inspection.pk, finding.pk, "notice"]))
    finding.refresh_from_db()
    assert finding.notice is not None
    assert response["Location"] == reverse("dispatch:notice_detail", args=[finding.notice_id])
    page = client.get(reverse("dispatch:support_inspection", args=[inspection.pk])).content.decode()
    assert finding.notice.number in page


@pytest.mark.parametrize("sort", ["date", "-date", "follow_up", "-open"])
def test_inspection_register_sorts(client, world, office_user, sort):
    client.force_login(office_user)
    body = client.get(reverse("dispatch:support_inspections") + f"?sort={sort}").content.decode()
    assert "金普督导" in body and "长兴岛督导" in body


def test_meeting_decision_by_htmx_returns_the_row(client, world, office_user, other_department):
    client.force_login(office_user)
    meeting, item = world["meeting"], world["meeting"].items.get(case=world["my_case"])
    response = client.post(
        reverse("dispatch:support_meeting_decide", args=[meeting.pk, item.pk]),
        {f"item{item.pk}-decision": "限期解决", f"item{item.pk}-assignee": other_department.pk,
         f"item{item.pk}-deadline": "2026-12-20", "number": "1"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<tr") and "限期解决" in body
    assert f'id="item-{item.pk}"' in body and other_department.name in body
    bad = client.post(
        reverse("dispatch:support_meeting_decide", args=[meeting.pk, item.pk]),
        {f"item{item.pk}-decision": "x", f"item{item.pk}-assignee": other_department.pk},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 200 and "text-danger" in bad.content.decode()


def test_meeting_list_counts_only_cases_in_scope(client, world, district_user, office_user):
    client.force_login(district_user)
    meeting = client.get(reverse("dispatch:support_meetings")).context["meetings"][0]
    assert meeting.item_count == 1
    client.force_login(office_user)
    meeting = client.get(reverse("dispatch:support_meetings")).context["meetings"][0]
    assert meeting.item_count == 2

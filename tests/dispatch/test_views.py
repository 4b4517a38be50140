"""Dispatch pages: scoping (anonymous, out of scope, in scope, read-only), the board, the notice
lifecycle on the portal, rule settings, exemptions, rankings and the job runner."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch.models import Alert, AlertRule, Exemption, Ranking, WarningNotice
from dispatch.services import alerts_compute, rankings_compute, rankings_publish, warning_notice_issue
from portfolio.models import JobRun
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MONTH = "2026-06"


@pytest.fixture
def red_projects(department, other_department, district, other_district):
    """One red construction project per department (no reports at all)."""
    own = ProjectFactory(code="2026-FGW-0001", name="东港商务区综合管廊", department=department, district=district)
    other = ProjectFactory(
        code="2026-GXJ-0001", name="长兴岛石化配套", department=other_department, district=other_district
    )
    fine = ProjectFactory(code="2026-FGW-0002", department=department, district=district)
    for project in (own, other, fine):
        AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("1200.00"))
    for month in ("2026-05", "2026-06"):
        MonthlyReportFactory(project=fine, month=month, completed_investment=Decimal("600.00"))
    alerts_compute(month=MONTH)
    return own, other, fine


def login(client, user):
    client.force_login(user)
    return client


PAGES = [
    "dispatch:alert_board",
    "dispatch:notice_list",
    "dispatch:rankings",
    "dispatch:exemption_list",
    "dispatch:rule_list",
]


@pytest.mark.parametrize("name", PAGES + ["dispatch:job_list"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_every_role_opens_the_pages(client, name, office_user, department_user, viewer_user, red_projects):
    for user in (office_user, department_user, viewer_user):
        assert login(client, user).get(reverse(name)).status_code == 200


def test_job_page_is_for_the_office(client, department_user, viewer_user):
    for user in (department_user, viewer_user):
        assert login(client, user).get(reverse("dispatch:job_list")).status_code == 403


def test_alert_board_counts_and_lists_within_scope(client, office_user, department_user, red_projects):
    own, other, fine = red_projects
    response = login(client, office_user).get(reverse("dispatch:alert_board"), {"month": MONTH})
    assert response.context["counts"] == {"red": 2, "yellow": 0, "green": 1, "total": 3}
    assert {a.project for a in response.context["red"]} == {own, other}
    response = login(client, department_user).get(reverse("dispatch:alert_board"), {"month": MONTH})
    assert response.context["counts"]["total"] == 2
    assert [a.project for a in response.context["red"]] == [own]
    assert other.name not in response.content.decode()


def test_alert_board_filters_like_the_api(client, office_user, red_projects, other_department):
    response = login(client, office_user).get(
        reverse("dispatch:alert_board"), {"month": MONTH, "department": other_department.code}
    )
    assert response.context["counts"]["total"] == 1


def test_alert_board_queries_are_bounded(client, office_user, red_projects, django_assert_max_num_queries):
    login(client, office_user)
    with django_assert_max_num_queries(20):
        client.get(reverse("dispatch:alert_board"), {"month": MONTH})
    for _ in range(20):
        project = ProjectFactory()
        AnnualPlanFactory(project=project, year=2026)
    alerts_compute(month=MONTH)
    with django_assert_max_num_queries(20):
        client.get(reverse("dispatch:alert_board"), {"month": MONTH})


def test_project_panel_scoped(client, department_user, red_projects):
    own, other, _fine = red_projects
    login(client, department_user)
    response = client.get(reverse("dispatch:project_alerts", args=[own.code]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and MONTH in response.content.decode()
    assert "<html" not in response.content.decode()  # the fragment for the project page
    page = client.get(reverse("dispatch:project_alerts", args=[own.code]))
    assert "<html" in page.content.decode() and own.name in page.content.decode()
    assert client.get(reverse("dispatch:project_alerts", args=[other.code])).status_code == 404


def test_notice_lifecycle_on_the_portal(client, office_user, department_user, red_projects, other_department):
    own, other, _fine = red_projects
    alerts = Alert.objects.filter(month=MONTH, level="red").order_by("project__code")
    login(client, office_user)
    response = client.post(reverse("dispatch:notice_issue"), {"alert": [a.pk for a in alerts], "kind": "supervision"})
    assert response.status_code == 302
    notices = WarningNotice.objects.order_by("sequence")
    assert [n.number for n in notices] == [f"督办〔{notices[0].year}〕第1号", f"督办〔{notices[0].year}〕第2号"]
    own_notice = notices.get(project=own)
    assert own_notice.department == own.department and "2026-05" in own_notice.reasons
    assert own_notice.deadline > own_notice.issued_at.date()
    from django.utils import timezone

    from dispatch.services import add_working_days

    assert own_notice.deadline == add_working_days(timezone.localtime(own_notice.issued_at).date(), 10)
    # Issuing twice does not duplicate open notices.
    client.post(reverse("dispatch:notice_issue"), {"alert": [a.pk for a in alerts], "kind": "supervision"})
    assert WarningNotice.objects.count() == 2

    # The department sees and answers only its own notice.
    login(client, department_user)
    register = client.get(reverse("dispatch:notice_list"))
    assert list(register.context["notices"]) == [own_notice]
    other_notice = notices.get(project=other)
    assert client.get(reverse("dispatch:notice_detail", args=[other_notice.pk])).status_code == 404
    assert client.post(reverse("dispatch:notice_detail", args=[other_notice.pk]), {"reply": "x"}).status_code == 404
    page = client.get(reverse("dispatch:notice_detail", args=[own_notice.pk])).content.decode()
    assert own_notice.number in page and own.department.name in page
    client.post(reverse("dispatch:notice_detail", args=[own_notice.pk]), {"reply": "本月底前补报月报并完成整改"})
    own_notice.refresh_from_db()
    assert (own_notice.status, own_notice.replied_by) == ("replied", department_user)
    assert client.post(reverse("dispatch:notice_action", args=[own_notice.pk, "close"])).status_code == 403

    # The office re-issues, then closes.
    login(client, office_user)
    response = client.post(reverse("dispatch:notice_action", args=[own_notice.pk, "reissue"]), {"kind": "assignment"})
    new = WarningNotice.objects.get(reissued_from=own_notice)
    assert new.number.startswith("交办") and new.status == "issued"
    own_notice.refresh_from_db()
    assert own_notice.status == "closed"
    client.post(reverse("dispatch:notice_action", args=[new.pk, "close"]))
    new.refresh_from_db()
    assert new.status == "closed"


def test_viewer_cannot_issue(client, viewer_user, red_projects):
    alert = Alert.objects.filter(level="red").first()
    response = login(client, viewer_user).post(reverse("dispatch:notice_issue"), {"alert": [alert.pk]})
    assert response.status_code == 403
    assert not WarningNotice.objects.exists()


def test_overdue_notices_are_highlighted(client, office_user, red_projects):
    own, *_ = red_projects
    notice = warning_notice_issue(
        project=own, reasons="测试", issued_by=office_user, deadline=datetime.date(2020, 1, 2)
    )
    page = login(client, office_user).get(reverse("dispatch:notice_list")).content.decode()
    assert "table-danger" in page
    response = client.get(reverse("dispatch:notice_list"), {"overdue": "true"})
    assert list(response.context["notices"]) == [notice]


def test_notice_docx_download(client, office_user, department_user, red_projects):
    own, other, _ = red_projects
    notice = warning_notice_issue(project=own, reasons="1. 未按时报送月报", issued_by=office_user)
    response = login(client, department_user).get(reverse("dispatch:notice_docx", args=[notice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert notice.number in text and own.department.name in text and "督办函" in text


def test_rule_settings_office_edits_with_history(client, office_user, viewer_user):
    login(client, viewer_user)
    assert client.post(reverse("dispatch:rule_list"), {"rule": "progress"}).status_code == 403
    login(client, office_user)
    response = client.post(
        reverse("dispatch:rule_list"),
        {"rule": "progress", "progress-enabled": "on", "progress-yellow_lag_pts": "8", "progress-red_lag_pts": "25"},
    )
    assert response.status_code == 302
    rule = AlertRule.objects.get(code="progress")
    assert rule.thresholds == {"yellow_lag_pts": 8, "red_lag_pts": 25}
    assert rule.history.first().history_user == office_user
    page = client.get(reverse("dispatch:rule_list")).content.decode()
    assert "office" in page
    client.post(reverse("dispatch:rule_list"), {"rule": "support"})
    assert not AlertRule.objects.get(code="support").enabled


def test_exemption_form_is_for_the_office(client, office_user, department_user, red_projects):
    own, *_ = red_projects
    data = {"project": own.code, "rule": "reporting", "reason": "项目停工整顿", "valid_until": "2026-12-31"}
    assert login(client, department_user).post(reverse("dispatch:exemption_create"), data).status_code == 403
    response = login(client, office_user).post(reverse("dispatch:exemption_create"), data)
    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert exemption.granted_by == office_user
    alerts_compute(month=MONTH)
    rules = {r["rule"] for r in Alert.objects.get(project=own, month=MONTH).reasons}
    assert rules == {"progress"}


def test_rankings_board_publish_and_export(client, office_user, department_user, red_projects):
    rankings_compute(month=MONTH)
    login(client, department_user)
    assert client.get(reverse("dispatch:rankings"), {"month": MONTH}).context["rows"] == []
    login(client, office_user)
    response = client.get(reverse("dispatch:rankings"), {"month": MONTH, "dimension": "department"})
    assert len(response.context["rows"]) == 2
    assert client.get(reverse("dispatch:rankings"), {"month": MONTH, "view": "redblack"}).status_code == 200
    client.post(reverse("dispatch:rankings_publish"), {"month": MONTH})
    assert Ranking.objects.filter(month=MONTH, published=False).count() == 0
    login(client, department_user)
    assert len(client.get(reverse("dispatch:rankings"), {"month": MONTH}).context["rows"]) == 2
    export = client.get(reverse("dispatch:rankings_export"), {"month": MONTH})
    assert export.status_code == 200 and export["Content-Type"].endswith("spreadsheetml.sheet")


def test_publish_refused_to_others(client, department_user, red_projects):
    rankings_compute(month=MONTH)
    assert (
        login(client, department_user).post(reverse("dispatch:rankings_publish"), {"month": MONTH}).status_code == 403
    )
    assert not Ranking.objects.filter(published=True).exists()


@pytest.fixture
def in_process_jobs():
    """Jobs run in-process, as on the embedded default; the real worker is tested in test_tasks."""
    from portfolio.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


def test_office_starts_a_job_and_polls_its_status(
    client, office_user, red_projects, django_capture_on_commit_callbacks, in_process_jobs
):
    login(client, office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dispatch:job_start"), {"job": "compute_alerts", "month": MONTH}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    run = JobRun.objects.get()
    assert (run.status, run.progress, run.triggered_by) == ("succeeded", 100, office_user)
    assert "红灯2个" in run.message  # the job log speaks the portal's language
    status = client.get(reverse("dispatch:job_status", args=[run.pk]))
    assert 'data-status="succeeded"' in status.content.decode()
    assert run.alert_runs.get().triggered_by == office_user


def test_rankings_published_month_not_recomputed(office_user, red_projects):
    rankings_compute(month=MONTH)
    rankings_publish(month=MONTH, user=office_user)
    assert rankings_compute(month=MONTH).written == 0


def test_dashboard_panel_scoped(client, department_user, office_user, red_projects):
    own, other, _fine = red_projects
    rankings_compute(month=MONTH)
    rankings_publish(month=MONTH, user=office_user)
    response = login(client, department_user).get(reverse("dispatch:dashboard_panel"), {"month": MONTH})
    page = response.content.decode()
    assert response.context["counts"]["red"] == 1
    assert own.name in page and other.name not in page


def _grow(count):
    for index in range(count):
        project = ProjectFactory()
        AnnualPlanFactory(project=project, year=2026)
        if index % 2:
            warning_notice_issue(project=project, reasons="测试", issued_by=None)
    alerts_compute(month=MONTH)
    rankings_compute(month=MONTH)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("dispatch:notice_list", {}),
        ("dispatch:rankings", {"month": MONTH}),
        ("dispatch:exemption_list", {}),
        ("dispatch:rule_list", {}),
        ("dispatch:dashboard_panel", {"month": MONTH}),
    ],
)
def test_page_queries_do_not_grow(client, office_user, name, params, django_assert_max_num_queries):
    login(client, office_user)
    _grow(3)
    client.get(reverse(name), params)  # warm up: rule rows, sessions
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name), params).status_code == 200
    _grow(20)
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name), params).status_code == 200


def test_office_republishes_a_published_month_with_a_reason(client, office_user, red_projects):
    own, *_ = red_projects
    rankings_compute(month=MONTH)
    rankings_publish(month=MONTH, user=office_user)
    MonthlyReportFactory(project=own, month=MONTH, completed_investment=Decimal("1200.00"))
    login(client, office_user)
    client.post(reverse("dispatch:rankings_republish"), {"month": MONTH, "reason": ""})
    # Without a reason nothing moves: the district still shows only its other project's 1,200.
    assert Ranking.objects.get(month=MONTH, dimension="district", entity=own.district.code).completed == 1200
    client.post(reverse("dispatch:rankings_republish"), {"month": MONTH, "reason": "部门补报6月数据"})
    row = Ranking.objects.get(month=MONTH, dimension="district", entity=own.district.code)
    assert row.completed == Decimal("2400.00") and row.published and row.rank == 1
    page = client.get(reverse("dispatch:rankings"), {"month": MONTH}).content.decode()
    assert "部门补报6月数据" in page


def test_compute_alerts_command_prints_counts_and_fails_loudly(red_projects, capsys):
    from django.core.management import CommandError, call_command

    call_command("compute_alerts", "--month", MONTH)
    assert "red 2, yellow 0, green 1" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("compute_alerts", "--month", "2026-6")


def test_alert_and_notice_exports_are_scoped(client, office_user, department_user, red_projects):
    import io

    from openpyxl import load_workbook

    own, other, _fine = red_projects
    warning_notice_issue(project=own, reasons="1", issued_by=office_user)
    warning_notice_issue(project=other, reasons="2", issued_by=office_user)
    login(client, department_user)
    alerts = load_workbook(io.BytesIO(client.get(reverse("dispatch:alert_export"), {"month": MONTH}).content)).active
    codes = [row[0] for row in alerts.iter_rows(min_row=2, values_only=True)]
    assert codes == [own.code, "2026-FGW-0002"]
    notices = load_workbook(io.BytesIO(client.get(reverse("dispatch:notice_export")).content)).active
    assert [row[2] for row in notices.iter_rows(min_row=2, values_only=True)] == [own.code]


def test_board_opens_on_the_month_just_ended(client, office_user):
    from portfolio.months import current_month, previous_month

    project = ProjectFactory()
    months = (previous_month(), current_month())
    for year in {int(month[:4]) for month in months}:
        AnnualPlanFactory(project=project, year=year)
    for month in months:
        alerts_compute(month=month)
    response = login(client, office_user).get(reverse("dispatch:alert_board"))
    assert response.context["month"] == previous_month()

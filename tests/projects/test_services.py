import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from portfolio.workdays import filing_deadline
from projects import services
from projects.models import LeaderAssignment, MonthlyReport, StageChange
from tests.factories import (
    AnnualPlanFactory,
    LeaderFactory,
    MonthlyReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_project_create_computes_pinyin_initials_and_records_the_stage(office_user, district, department):
    project = services.project_create(
        user=office_user,
        code="2026-DL-0001",
        name="东关街历史文化街区改造",
        level="city",
        category="culture_tourism",
        stage="preliminary",
        district=district,
        department=department,
        total_investment=Decimal("50000.00"),
    )
    assert project.name_initials == "dgjlswhjqgz"
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.changed_by) == ("", "preliminary", office_user)


def test_project_update_records_who_changed_the_stage_and_why(office_user):
    project = ProjectFactory(stage="preliminary")
    services.project_update(project=project, user=office_user, stage="construction", stage_reason="开工")
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.reason) == ("preliminary", "construction", "开工")
    services.project_update(project=project, user=office_user, owner="新业主")
    assert StageChange.objects.filter(project=project).count() == 1


def test_project_update_refuses_a_completion_before_the_start(office_user):
    project = ProjectFactory()
    with pytest.raises(ValidationError) as caught:
        services.project_update(
            project=project,
            user=office_user,
            planned_start=datetime.date(2026, 5, 1),
            planned_end=datetime.date(2026, 1, 1),
        )
    assert "planned_end" in caught.value.message_dict


def test_setting_a_leader_ends_the_previous_assignment_and_keeps_history(office_user):
    project = ProjectFactory()
    first, second = LeaderFactory(), LeaderFactory()
    services.project_set_leader(project=project, leader=first, user=office_user, started_on=datetime.date(2026, 1, 1))
    services.project_set_leader(project=project, leader=second, user=office_user, started_on=datetime.date(2026, 6, 1))
    rows = list(LeaderAssignment.objects.filter(project=project).order_by("started_on"))
    assert [r.leader for r in rows] == [first, second]
    assert rows[0].ended_on == datetime.date(2026, 6, 1)
    assert rows[1].ended_on is None


def test_annual_plan_monthly_figures_must_add_up(office_user):
    project = ProjectFactory()
    with pytest.raises(ValidationError) as caught:
        services.annual_plan_upsert(
            project=project,
            year=2026,
            nature="continuing",
            planned_investment=Decimal("1200"),
            monthly_plan=[Decimal("100")] * 11 + [Decimal("50")],
        )
    assert "planned_investment" in caught.value.message_dict
    plan = services.annual_plan_upsert(
        project=project,
        year=2026,
        nature="continuing",
        planned_investment=Decimal("1200"),
        monthly_plan=[Decimal("100")] * 12,
    )
    assert plan.monthly_plan == [Decimal("100")] * 12


# --- report rules -------------------------------------------------------------------------------


def save(user, project, month="2026-05", amount="100", **kwargs):
    return services.monthly_report_save(
        user=user, project=project, month=month, completed_investment=Decimal(amount), **kwargs
    )


def test_negative_investment_is_refused(department_user):
    project = ProjectFactory(department=department_user.department)
    with pytest.raises(ValidationError) as caught:
        save(department_user, project, amount="-1")
    assert "completed_investment" in caught.value.message_dict
    assert not MonthlyReport.objects.exists()


def test_future_month_is_refused(department_user):
    project = ProjectFactory(department=department_user.department)
    with pytest.raises(ValidationError) as caught:
        save(department_user, project, month="2099-01")
    assert "month" in caught.value.message_dict


def test_cumulative_above_total_investment_needs_a_justification(department_user):
    project = ProjectFactory(department=department_user.department, total_investment=Decimal("1000"))
    MonthlyReportFactory(project=project, month="2026-01", completed_investment=Decimal("900"))
    with pytest.raises(ValidationError) as caught:
        save(department_user, project, amount="200")
    assert "justification" in caught.value.message_dict
    report = save(department_user, project, amount="200", justification="追加投资已批复")
    assert report.completed_investment == Decimal("200")


def test_a_month_far_above_the_average_needs_a_justification(department_user):
    project = ProjectFactory(department=department_user.department)
    MonthlyReportFactory(project=project, month="2026-01", completed_investment=Decimal("100"))
    MonthlyReportFactory(project=project, month="2026-02", completed_investment=Decimal("300"))
    # average 200: 600 is allowed, 601 is not
    save(department_user, project, month="2026-03", amount="600")
    with pytest.raises(ValidationError) as caught:
        save(department_user, project, month="2026-04", amount="601")
    assert "justification" in caught.value.message_dict


def test_drafts_do_not_count_in_the_average(department_user):
    project = ProjectFactory(department=department_user.department)
    MonthlyReportFactory(project=project, month="2026-01", completed_investment=Decimal("100"))
    MonthlyReportFactory(project=project, month="2026-02", completed_investment=Decimal("100000"), status="draft")
    with pytest.raises(ValidationError):
        save(department_user, project, month="2026-03", amount="301")


def test_a_filer_cannot_change_a_submitted_report_or_approve(department_user):
    project = ProjectFactory(department=department_user.department)
    save(department_user, project, status="submitted")
    with pytest.raises(ValidationError) as caught:
        save(department_user, project, amount="50")
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError):
        save(department_user, ProjectFactory(department=department_user.department), status="approved")


def test_return_needs_a_reason_and_goes_back_to_the_filer(department_user, office_user):
    project = ProjectFactory(department=department_user.department)
    report = save(department_user, project, status="submitted")
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=office_user, reason=" ")
    services.report_return(report=report, user=office_user, reason="数据有误")
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.return_reason == "数据有误"
    save(department_user, project, amount="90", status="submitted")
    report.refresh_from_db()
    assert report.status == "submitted"


def test_bulk_submission_is_all_or_nothing(department_user):
    good = ProjectFactory(department=department_user.department)
    bad = ProjectFactory(department=department_user.department)
    rows = [
        services.ReportRow(key=good.pk, project=good, completed_investment=Decimal("10")),
        services.ReportRow(key=bad.pk, project=bad, completed_investment=Decimal("-5")),
    ]
    with pytest.raises(services.BulkReportError) as caught:
        services.monthly_reports_save_bulk(user=department_user, month="2026-05", rows=rows, status="submitted")
    assert list(caught.value.errors) == [bad.pk]
    assert not MonthlyReport.objects.exists()


def test_filing_deadline_moves_off_holidays():
    assert filing_deadline("2026-09") == datetime.date(2026, 10, 8)
    assert filing_deadline("2026-01") == datetime.date(2026, 2, 5)


def _image_bytes(fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "steelblue").save(buffer, format=fmt)
    return buffer.getvalue()


def test_photo_upload_checks_the_content_and_makes_a_thumbnail(department_user):
    report = MonthlyReportFactory(project=ProjectFactory(department=department_user.department))
    photo = services.report_photo_add(
        report=report, user=department_user, upload=SimpleUploadedFile("a.png", _image_bytes())
    )
    assert photo.thumbnail.name.endswith("-thumb.jpg")
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.width <= 320
    with pytest.raises(ValidationError):
        services.report_photo_add(
            report=report, user=department_user, upload=SimpleUploadedFile("x.jpg", b"<html>not an image</html>")
        )
    with pytest.raises(ValidationError):
        services.report_photo_add(
            report=report, user=department_user, upload=SimpleUploadedFile("x.gif", _image_bytes("GIF"))
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_leave_exactly_one_report(require_postgres, department_user):
    project = ProjectFactory(department=department_user.department)
    AnnualPlanFactory(project=project)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit(amount):
        try:
            barrier.wait()
            save(department_user, project, amount=str(amount), status="submitted")
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(100 + i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert MonthlyReport.objects.filter(project=project, month="2026-05").count() == 1
    assert outcomes.count("saved") == 1
    assert outcomes.count("refused") == 3


def test_working_days_follow_the_official_calendar_with_substituted_days():
    from portfolio.workdays import is_working_day, next_working_day

    assert is_working_day(datetime.date(2026, 1, 4))  # a Sunday made a working day (调休)
    assert not is_working_day(datetime.date(2026, 10, 6))  # National Day holiday on a Tuesday
    assert next_working_day(datetime.date(2026, 10, 3)) == datetime.date(2026, 10, 8)


def test_refresh_name_initials_command_fixes_bulk_loaded_rows():
    from django.core.management import call_command

    from projects.models import Project

    project = ProjectFactory(name="东关街改造")
    Project.objects.filter(pk=project.pk).update(name_initials="")
    call_command("refresh_name_initials")
    project.refresh_from_db()
    assert project.name_initials == "dgjgz"

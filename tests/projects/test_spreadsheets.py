import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.spreadsheets import XLSX_CONTENT_TYPE
from projects import spreadsheets
from projects.models import AnnualPlan, MonthlyReport, Project
from tests.factories import AnnualPlanFactory, MonthlyReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db
MONTH = "2026-10"


@pytest.fixture
def own(department_user):
    project = ProjectFactory(
        code="2026-FGW-0001",
        name="=东关街改造",
        department=department_user.department,
        total_investment=Decimal("50000"),
    )
    AnnualPlanFactory(project=project, year=2026, planned_investment=Decimal("12000"))
    MonthlyReportFactory(project=project, month="2026-09", completed_investment=Decimal("400"))
    return project


@pytest.fixture
def second(department_user):
    project = ProjectFactory(code="2026-FGW-0002", department=department_user.department)
    AnnualPlanFactory(project=project, year=2026)
    return project


@pytest.fixture
def foreign(other_department):
    project = ProjectFactory(code="2026-GXJ-0001", department=other_department)
    AnnualPlanFactory(project=project, year=2026)
    return project


def template_for(client):
    response = client.get(reverse("projects:filing_template"), {"month": MONTH})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook, name="report.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def upload(client, file, action="submit"):
    return client.post(f"{reverse('projects:filing_upload')}?month={MONTH}", {"file": file, action: "1"})


def test_template_is_prefilled_locked_and_scoped(client, department_user, own, second, foreign):
    client.force_login(department_user)
    workbook = template_for(client)
    sheet = workbook.active
    assert sheet["B2"].value == MONTH
    codes = [sheet.cell(row=r, column=1).value for r in range(4, sheet.max_row + 1)]
    assert codes == [own.code, second.code]
    assert sheet["B4"].value == "'=东关街改造"  # escaped, not a formula
    assert sheet["D4"].value == 400
    assert sheet.protection.sheet is True
    assert sheet["A4"].protection.locked is True
    assert sheet["F4"].protection.locked is False
    assert sheet.data_validations.dataValidation[0].type == "decimal"
    assert sheet["F3"].value == "本月完成投资"


def test_upload_round_trip_submits_every_row(client, department_user, own, second):
    client.force_login(department_user)
    workbook = template_for(client)
    sheet = workbook.active
    sheet["F4"], sheet["G4"] = 500, "主体施工"
    sheet["F5"] = "120.5"
    response = upload(client, as_upload(workbook))
    assert response.status_code == 302
    reports = MonthlyReport.objects.filter(month=MONTH).order_by("project__code")
    assert [(r.project, r.completed_investment, r.status) for r in reports] == [
        (own, Decimal("500"), "submitted"),
        (second, Decimal("120.5"), "submitted"),
    ]


@pytest.mark.parametrize(
    ("cell", "value", "column"),
    [("F5", -3, "F"), ("F5", "abc", "F"), ("F5", 900000, "J"), ("A5", "2026-GXJ-0001", "A"), ("A5", "NOPE", "A")],
)
def test_a_bad_cell_rejects_the_whole_upload(client, department_user, own, second, foreign, cell, value, column):
    client.force_login(department_user)
    workbook = template_for(client)
    sheet = workbook.active
    sheet["F4"] = 500
    sheet["F5"] = 10
    sheet[cell] = value
    response = upload(client, as_upload(workbook))
    assert response.status_code == 400
    errors = response.context["cell_errors"]
    assert [(e.row, e.column) for e in errors] == [(5, column)]
    assert not MonthlyReport.objects.filter(month=MONTH).exists()


def test_upload_for_a_future_month_is_refused(client, department_user, own):
    client.force_login(department_user)
    workbook = template_for(client)
    workbook.active["B2"] = "2099-01"
    workbook.active["F4"] = 5
    response = client.post(f"{reverse('projects:filing_upload')}?month=2099-01", {"file": as_upload(workbook)})
    assert response.status_code == 400
    assert not MonthlyReport.objects.filter(month="2099-01").exists()


def test_malformed_file_is_refused_with_a_message(client, department_user, own):
    client.force_login(department_user)
    response = upload(client, SimpleUploadedFile("x.xlsx", b"this is not a spreadsheet"))
    assert response.status_code == 400
    assert response.context["message"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
    response = upload(client, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert response.status_code == 400


def test_zip_bomb_is_refused_before_parsing(client, department_user, own):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<a>" + b"A" * (60 * 1024 * 1024) + b"</a>")
    assert len(buffer.getvalue()) < 1024 * 1024
    client.force_login(department_user)
    response = upload(client, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
    assert response.status_code == 400
    assert "50 MB" in response.context["message"]


def test_oversized_file_is_refused(client, department_user, own):
    client.force_login(department_user)
    response = upload(client, SimpleUploadedFile("big.xlsx", b"0" * (5 * 1024 * 1024 + 1)))
    assert response.status_code == 400
    assert "5 MB" in response.context["message"]


def test_viewer_cannot_download_or_upload(client, viewer_user):
    client.force_login(viewer_user)
    assert client.get(reverse("projects:filing_template")).status_code == 403
    assert client.post(reverse("projects:filing_upload")).status_code == 403


# --- project list import -----------------------------------------------------------------------


def import_book(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title for _key, title in spreadsheets.IMPORT_COLUMNS])
    for row in rows:
        sheet.append(row)
    return workbook


def test_office_imports_the_annual_list(client, office_user, district, department):
    client.force_login(office_user)
    book = import_book(
        [
            [
                "2026-IMP-0001",
                "新港物流园",
                "市重点项目",
                "是",
                "基础设施",
                "在建",
                district.code,
                department.code,
                "港务集团",
                80000,
                2026,
                "续建",
                20000,
                None,
            ],
            [
                "2026-IMP-0002",
                "智慧园区",
                "city",
                "否",
                "emerging_industry",
                "preliminary",
                district.code,
                department.code,
                "",
                30000,
                2026,
                "new",
                5000,
                6,
            ],
        ]
    )
    response = client.post(reverse("projects:project_import"), {"file": as_upload(book)})
    assert response.status_code == 302, response.context.get("cell_errors")
    assert Project.objects.get(code="2026-IMP-0001").is_top100 is True
    assert AnnualPlan.objects.get(project__code="2026-IMP-0002").planned_start_month == 6


def test_import_with_one_bad_row_writes_nothing(client, office_user, district, department):
    client.force_login(office_user)
    book = import_book(
        [
            [
                "2026-IMP-0001",
                "新港物流园",
                "city",
                "是",
                "infrastructure",
                "construction",
                district.code,
                department.code,
                "",
                80000,
                2026,
                "continuing",
                20000,
                None,
            ],
            [
                "2026-IMP-0002",
                "智慧园区",
                "city",
                "否",
                "infrastructure",
                "construction",
                "NOPE",
                department.code,
                "",
                30000,
                2026,
                "continuing",
                5000,
                None,
            ],
            [
                "2026-IMP-0003",
                "滨海隧道",
                "city",
                "否",
                "infrastructure",
                "preliminary",
                district.code,
                department.code,
                "",
                30000,
                2026,
                "new",
                5000,
                None,
            ],
        ]
    )
    response = client.post(reverse("projects:project_import"), {"file": as_upload(book)})
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["cell_errors"]}
    assert (3, "G") in errors  # unknown district
    assert (4, "N") in errors  # a new start needs its month
    assert not Project.objects.exists()
    assert not AnnualPlan.objects.exists()


def test_department_cannot_import(client, department_user):
    client.force_login(department_user)
    assert client.post(reverse("projects:project_import")).status_code == 403


def test_upload_pace_rule_and_duplicate_rows(client, department_user, own, second):
    MonthlyReportFactory(project=second, month="2026-09", completed_investment=Decimal("10"))
    client.force_login(department_user)
    workbook = template_for(client)
    sheet = workbook.active
    sheet["F4"], sheet["F5"] = 100, 31  # second: 31 > 3 x 10
    response = upload(client, as_upload(workbook))
    assert [(e.row, e.column) for e in response.context["cell_errors"]] == [(5, "J")]
    sheet["J5"] = "集中支付工程款"
    sheet["A6"], sheet["F6"] = own.code, 5
    response = upload(client, as_upload(workbook))
    assert [(e.row, e.column) for e in response.context["cell_errors"]] == [(6, "A")]
    sheet.delete_rows(6)
    assert upload(client, as_upload(workbook)).status_code == 302
    assert MonthlyReport.objects.filter(month=MONTH).count() == 2

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from funding.models import Allocation, Disbursement
from tests.factories import DepartmentFactory, ProjectFactory

from .factories import (
    AllocationFactory,
    CreditLineFactory,
    DisbursementFactory,
    FundApplicationFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "funding:dashboard",
    "funding:allocation_list",
    "funding:disbursement_list",
    "funding:event_list",
    "funding:application_pipeline",
    "funding:oc4ids_download",
]


@pytest.fixture
def mine(department):
    return ProjectFactory(code="2026-MINE", name="我的项目", department=department)


@pytest.fixture
def theirs(other_department):
    return ProjectFactory(code="2026-THEIRS", name="别人的项目", department=other_department)


@pytest.fixture
def money(mine, theirs):
    today = datetime.date.today()
    a = AllocationFactory(
        project=mine, kind="special_bond", year=today.year, amount=Decimal("1000"), received_on=today.replace(day=1)
    )
    b = AllocationFactory(
        project=theirs, kind="special_bond", year=today.year, amount=Decimal("7777"), received_on=today.replace(day=1)
    )
    DisbursementFactory(allocation=a, amount=Decimal("400"), paid_on=today)
    DisbursementFactory(allocation=b, amount=Decimal("5555"), paid_on=today)
    CreditLineFactory(project=theirs, amount=Decimal("8888"), granted_on=today)
    FundApplicationFactory(project=theirs, programme="别人的申报")
    return a, b


@pytest.mark.parametrize(
    "name", PAGES + ["funding:allocation_create", "funding:allocation_import", "funding:disbursement_create"]
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_office(client, office_user, money, name):
    client.force_login(office_user)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_other_departments_money_is_absent_from_every_page(client, department_user, money, name):
    client.force_login(department_user)
    body = client.get(reverse(name)).content.decode()
    assert "2026-THEIRS" not in body and "别人的" not in body
    assert "7,777" not in body and "7777" not in body and "8,888" not in body


def test_project_panel_scoping(client, department_user, money, mine, theirs):
    client.force_login(department_user)
    response = client.get(reverse("funding:project_panel", args=[mine.code]))
    assert response.status_code == 200
    assert "40.0%" in response.content.decode()
    assert client.get(reverse("funding:project_panel", args=[theirs.code])).status_code == 404
    assert client.get(reverse("funding:project_panel", args=["NO-SUCH"])).status_code == 404


def test_panel_is_a_fragment_for_htmx(client, office_user, money, mine):
    client.force_login(office_user)
    body = client.get(reverse("funding:project_panel", args=[mine.code]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and 'data-testid="funding-panel"' in body


@pytest.mark.parametrize(
    "name", ["funding:allocation_create", "funding:allocation_import", "funding:disbursement_create"]
)
@pytest.mark.parametrize("user_fixture", ["viewer_user", "department_user", "leader_user"])
def test_writes_are_refused_to_others(client, request, name, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {}).status_code == 403


def test_office_records_allocation_and_payments(client, office_user, mine):
    client.force_login(office_user)
    response = client.post(
        reverse("funding:allocation_create"),
        {
            "project": "2026-MINE",
            "kind": "central_budget",
            "year": 2026,
            "document_no": "X1",
            "batch": "",
            "amount": "800.00",
            "received_on": "2026-02-01",
            "purpose": "",
        },
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    url = reverse("funding:disbursement_create") + f"?allocation={allocation.id}"
    assert (
        client.post(
            url, {"allocation": allocation.id, "amount": "500", "paid_on": "2026-03-01", "note": ""}
        ).status_code
        == 302
    )
    too_much = client.post(url, {"allocation": allocation.id, "amount": "300.01", "paid_on": "2026-03-02", "note": ""})
    assert too_much.status_code == 200 and Disbursement.objects.count() == 1
    assert "amount" in too_much.context["form"].errors


def test_allocation_form_refuses_unknown_project(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("funding:allocation_create"),
        {"project": "NOPE", "kind": "ppp", "year": 2026, "amount": "1", "received_on": "2026-01-01"},
    )
    assert response.status_code == 200 and "project" in response.context["form"].errors


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["项目代码", "资金类别", "年度", "文号", "金额", "到位日期", "用途"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, batch="2026第一批"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("funding:allocation_import"),
        {"batch": batch, "file": SimpleUploadedFile("batch.xlsx", data)},
    )


def test_import_all_rows(client, office_user, mine, theirs):
    client.force_login(office_user)
    data = xlsx(
        [
            ["2026-MINE", "special_bond", 2026, "A1", 1000, datetime.date(2026, 3, 1), "管网"],
            ["2026-THEIRS", "地方政府专项债券", 2026, "A2", "2500.5", "2026-03-02", ""],
        ]
    )
    response = upload(client, data)
    assert response.status_code == 302, response.context.get("cell_errors")
    assert Allocation.objects.filter(batch="2026第一批").count() == 2
    assert Allocation.objects.get(document_no="A2").amount == Decimal("2500.50")
    assert Allocation.history.count() == 2


def test_import_is_all_or_nothing_with_cell_errors(client, office_user, mine):
    client.force_login(office_user)
    data = xlsx(
        [
            ["2026-MINE", "special_bond", 2026, "A1", 1000, datetime.date(2026, 3, 1), ""],
            ["NO-SUCH", "gift", "twenty", "A2", -5, "not a date", ""],
        ]
    )
    response = upload(client, data)
    assert response.status_code == 400
    assert not Allocation.objects.exists()
    errors = {(e.row, e.column[0]) for e in response.context["cell_errors"]}
    assert errors == {(3, "A"), (3, "B"), (3, "C"), (3, "E"), (3, "F")}


def test_import_scoped_projects_only(client, office_user, department_user, mine, theirs, settings):
    # A department user is refused altogether (office-only page).
    client.force_login(department_user)
    assert upload(client, xlsx([["2026-THEIRS", "ppp", 2026, "", 1, "2026-01-01", ""]])).status_code == 403


def test_import_refuses_a_zip_bomb_before_opening(client, office_user, mine):
    client.force_login(office_user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/sharedStrings.xml", "a" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    response = upload(client, buffer.getvalue())
    assert response.status_code == 400 and "file" in response.context["form"].errors
    not_xlsx = upload(client, b"hello, I am a CSV")
    assert not_xlsx.status_code == 400


def test_excel_export_is_scoped_and_escapes_formulas(client, department_user, money, mine):
    AllocationFactory(project=mine, document_no='=HYPERLINK("http://evil")', purpose="@SUM(A1)")
    client.force_login(department_user)
    response = client.get(reverse("funding:allocation_list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    codes = {row[0] for row in values}
    assert codes == {"2026-MINE"}
    assert any(row[4] == '\'=HYPERLINK("http://evil")' for row in values)
    assert any(row[9] == "'@SUM(A1)" for row in values)
    payments = client.get(reverse("funding:disbursement_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(payments.content)).active
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {"2026-MINE"}


def test_list_filters_are_shared_with_the_api(client, office_user, money, mine):
    client.force_login(office_user)
    body = client.get(reverse("funding:allocation_list") + "?project=2026-MINE").content.decode()
    assert "2026-MINE" in body and "2026-THEIRS" not in body
    api = client.get("/api/v1/allocations/?project=2026-MINE").json()
    assert [row["project"] for row in api["results"]] == ["2026-MINE"]


def test_dashboard_shows_figures(client, office_user, money):
    client.force_login(office_user)
    response = client.get(reverse("funding:dashboard"))
    context = response.context
    # 400 + 5555 paid of 1000 + 7777.
    assert context["payments"]["paid"] == Decimal("5955")
    assert round(context["payments"]["payment_rate"], 1) == Decimal("67.8")


@pytest.mark.parametrize(
    "name",
    [
        "funding:dashboard",
        "funding:allocation_list",
        "funding:disbursement_list",
        "funding:event_list",
        "funding:application_pipeline",
    ],
)
def test_pages_run_bounded_queries(client, office_user, name, django_assert_max_num_queries):
    client.force_login(office_user)
    for size in (2, 20):
        department = DepartmentFactory()
        for _ in range(size):
            project = ProjectFactory(department=department)
            DisbursementFactory(allocation=AllocationFactory(project=project))
            CreditLineFactory(project=project)
            FundApplicationFactory(project=project)
        with django_assert_max_num_queries(25):
            assert client.get(reverse(name)).status_code == 200


def test_project_panel_runs_bounded_queries(client, office_user, mine, django_assert_max_num_queries):
    client.force_login(office_user)
    for size in (2, 20):
        for _ in range(size):
            DisbursementFactory(allocation=AllocationFactory(project=mine))
        with django_assert_max_num_queries(10):
            assert client.get(reverse("funding:project_panel", args=[mine.code])).status_code == 200


def test_dashboard_as_of_a_date(client, office_user, mine):
    AllocationFactory(
        project=mine, kind="central_budget", year=2025, amount=Decimal("100"), received_on=datetime.date(2025, 1, 5)
    )
    AllocationFactory(
        project=mine, kind="central_budget", year=2025, amount=Decimal("900"), received_on=datetime.date(2025, 9, 5)
    )
    client.force_login(office_user)
    context = client.get(reverse("funding:dashboard") + "?as_of=2025-03-31").context
    assert context["year"] == 2025
    assert context["secured_higher"]["amount"] == Decimal("100")
    month = client.get(reverse("funding:dashboard") + "?month=2025-09").context
    assert month["as_of"] == datetime.date(2025, 9, 30) and month["secured_higher"]["amount"] == Decimal("1000")

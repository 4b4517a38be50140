"""Excel round trip: the filtered project list, the monthly filing template and its upload,
and the office's import of the annual list. Uploads are all rows or none; every bad cell is
reported with its row, column and reason. openpyxl parses XML through defusedxml when it is
installed, and zip sizes are checked before openpyxl sees the file (zip bombs)."""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portfolio.models import Department, District
from portfolio.months import MONTH_RE, parse_month
from portfolio.spreadsheets import (
    MAX_UPLOAD_BYTES,
    SpreadsheetRefused,
    check_xlsx_archive,
    escape_cell,
    unescape_cell,
)

from . import services
from .choices import AnnualPlanNatureChoices, ProjectCategoryChoices, ProjectLevelChoices, ProjectStageChoices
from .models import Project
from .selectors.register import filing_rows

MAX_ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="8B1A1A")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")


def _header(sheet, row: int, titles) -> None:
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=str(title))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Export of the project list ----------------------------------------------------------------


def project_list_workbook(*, projects, year: int) -> bytes:
    """The filtered list as the page shows it (rows annotated by selectors.register.project_list)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projects")
    titles = [
        _("Code"),
        _("Name"),
        _("Level"),
        _("Top 100"),
        _("Category"),
        _("Stage"),
        _("District"),
        _("Department"),
        _("City leader"),
        _("Owner enterprise"),
        _("Total investment (10k yuan)"),
        _("Annual plan %(year)s (10k yuan)") % {"year": year},
        _("Completed %(year)s (10k yuan)") % {"year": year},
    ]
    _header(sheet, 1, titles)
    for p in projects:
        sheet.append(
            [
                escape_cell(p.code),
                escape_cell(p.name),
                str(p.get_level_display()),
                _("Yes") if p.is_top100 else _("No"),
                str(p.get_category_display()),
                str(p.get_stage_display()),
                escape_cell(p.district.name),
                escape_cell(p.department.name),
                escape_cell(p.leader_name or ""),
                escape_cell(p.owner),
                p.total_investment,
                p.plan_year,
                p.completed_year or Decimal("0"),
            ]
        )
    for col, width in enumerate([16, 36, 14, 8, 14, 10, 14, 22, 12, 24, 14, 14, 14], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=11, max_col=13):
        for cell in row:
            cell.number_format = "#,##0.00"
    sheet.freeze_panes = "C2"
    return _save(workbook)


# --- Reading uploads safely ---------------------------------------------------------------------


class SpreadsheetError(Exception):
    """The file as a whole cannot be read: the message says why."""


@dataclass
class CellError:
    row: int
    column: str
    message: str


class UploadRejected(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(errors)
        self.errors = errors


def open_workbook(upload):
    """Refuse a bad archive before parsing (portfolio.spreadsheets), then open the workbook
    read-only with values (not formulas)."""
    if upload.size > MAX_UPLOAD_BYTES:  # before reading it into memory
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    data = upload.read()
    try:
        check_xlsx_archive(data)
    except SpreadsheetRefused as error:
        raise SpreadsheetError(str(error)) from error
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise SpreadsheetError(_("The file is damaged and cannot be read.")) from error


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return unescape_cell(text)


def _decimal(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as error:
        raise ValueError from error


# --- Monthly filing template -------------------------------------------------------------------

TEMPLATE_FIRST_ROW = 4
TEMPLATE_COLUMNS = {
    "code": "A",
    "name": "B",
    "annual_plan": "C",
    "previous": "D",
    "cumulative": "E",
    "completed_investment": "F",
    "progress": "G",
    "problems": "H",
    "next_steps": "I",
    "justification": "J",
}
INPUT_COLUMNS = ("F", "G", "H", "I", "J")


def monthly_template(*, user, month: str) -> bytes:
    """The month's template pre-filled with the user's projects on the year's list and last
    month's figures. Key columns are locked; the amount column accepts numbers >= 0 only."""
    year, number = parse_month(month)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Monthly report")
    sheet["A1"] = _("Key projects: monthly progress report") + f" {month}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Month")
    sheet["B2"] = month
    sheet["C2"] = _("Amounts in 10k yuan. Fill the white columns only; do not change codes or the month.")
    titles = [
        _("Project code"),
        _("Project name"),
        _("Annual plan"),
        _("Last month's completed"),
        _("Completed this year before this month"),
        _("Completed this month"),
        _("Physical progress"),
        _("Problems"),
        _("Next steps"),
        _("Justification"),
    ]
    _header(sheet, 3, titles)
    rows = filing_rows(user=user, month=month)
    for index, row in enumerate(rows, start=TEMPLATE_FIRST_ROW):
        report = row.report
        values = [
            escape_cell(row.project.code),
            escape_cell(row.project.name),
            row.annual_plan,
            row.previous.completed_investment if row.previous else None,
            row.cumulative_year,
            report.completed_investment if report else None,
            escape_cell(report.progress) if report else None,
            escape_cell(report.problems) if report else None,
            escape_cell(report.next_steps) if report else None,
            escape_cell(report.justification) if report else None,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=col, value=value)
            letter = get_column_letter(col)
            if letter in INPUT_COLUMNS:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = LOCKED_FILL
            if letter in ("C", "D", "E", "F"):
                cell.number_format = "#,##0.00"
    last = TEMPLATE_FIRST_ROW + max(len(rows), 1) - 1
    validation = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True
    )
    validation.error = _("Enter a number of 10k yuan, not negative.")
    validation.errorTitle = _("Invalid amount")
    sheet.add_data_validation(validation)
    validation.add(f"F{TEMPLATE_FIRST_ROW}:F{last}")
    for col, width in zip("ABCDEFGHIJ", [16, 34, 12, 12, 14, 14, 30, 24, 24, 24], strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = f"C{TEMPLATE_FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return _save(workbook)


def monthly_upload(*, user, upload, status: str, expected_month: str | None = None) -> tuple[str, list]:
    """Save or submit the reports of an uploaded template: every row or none. Returns the month
    and the saved reports; raises UploadRejected with every bad cell, or SpreadsheetError."""
    workbook = open_workbook(upload)
    sheet = workbook.worksheets[0]
    month = _text(sheet["B2"].value)
    if not MONTH_RE.match(month):
        raise UploadRejected([CellError(2, "B", _("The month must be YYYY-MM, as in the downloaded template."))])
    if expected_month and month != expected_month:
        raise UploadRejected(
            [CellError(2, "B", _("The file is for %(file)s, not %(page)s.") % {"file": month, "page": expected_month})]
        )
    year, _number = parse_month(month)
    visible = {p.code: p for p in Project.objects.visible_to(user).on_list(year).distinct()}
    errors, rows, seen = [], [], set()
    for index, values in enumerate(
        sheet.iter_rows(min_row=TEMPLATE_FIRST_ROW, max_col=10, values_only=True), start=TEMPLATE_FIRST_ROW
    ):
        if index - TEMPLATE_FIRST_ROW > MAX_ROWS:
            raise SpreadsheetError(_("The file has too many rows."))
        values = list(values) + [None] * (10 - len(values))
        code = _text(values[0])
        if not code and all(v in (None, "") for v in values[5:]):
            continue
        project = visible.get(code)
        if project is None:
            errors.append(CellError(index, "A", _("Unknown project code, or not one of your projects on the list.")))
            continue
        if code in seen:
            errors.append(CellError(index, "A", _("This project appears twice in the file.")))
            continue
        seen.add(code)
        try:
            amount = _decimal(values[5])
        except ValueError:
            errors.append(CellError(index, "F", _("Enter a number.")))
            continue
        if amount is None:
            continue  # left blank: not filed in this upload
        rows.append(
            services.ReportRow(
                key=index,
                project=project,
                completed_investment=amount,
                progress=_text(values[6]),
                problems=_text(values[7]),
                next_steps=_text(values[8]),
                justification=_text(values[9]),
            )
        )
    workbook.close()
    if errors:
        raise UploadRejected(errors)
    if not rows:
        raise UploadRejected([CellError(TEMPLATE_FIRST_ROW, "F", _("No amounts were filled in."))])
    try:
        saved = services.monthly_reports_save_bulk(user=user, month=month, rows=rows, status=status)
    except services.BulkReportError as error:
        cells = []
        for row_number, fields in sorted(error.errors.items()):
            for name, message in fields.items():
                cells.append(
                    CellError(row_number, TEMPLATE_COLUMNS.get(name, "F" if name != "month" else "B"), message)
                )
        raise UploadRejected(cells) from error
    return month, saved


# --- The office's import of the annual list ------------------------------------------------------

IMPORT_COLUMNS = [
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("level", "项目级别"),
    ("is_top100", "百大项目"),
    ("category", "项目类别"),
    ("stage", "建设阶段"),
    ("district", "区县(园区)编码"),
    ("department", "责任单位编码"),
    ("owner", "项目业主"),
    ("total_investment", "总投资(万元)"),
    ("year", "年度"),
    ("nature", "项目性质"),
    ("planned_investment", "年度计划投资(万元)"),
    ("planned_start_month", "计划开工月份"),
]


def import_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重点项目清单"
    _header(sheet, 1, [title for _key, title in IMPORT_COLUMNS])
    for col in range(1, len(IMPORT_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    return _save(workbook)


def _choice(choices, value: str):
    """A code, or its Chinese or English label."""
    value = _text(value)
    for code, label in choices.choices:
        if value in (code, str(label), _(str(label))):
            return code
    from django.utils import translation

    with translation.override("zh-hans"):
        for code, label in choices.choices:
            if value == str(label):
                return code
    return None


def _boolean(value) -> bool | None:
    text = _text(value).lower()
    if text in ("是", "y", "yes", "true", "1", "√"):
        return True
    if text in ("", "否", "n", "no", "false", "0"):
        return False
    return None


def project_import(*, user, upload) -> int:
    """Create or update projects and their annual plans from the office's list: all rows or none."""
    workbook = open_workbook(upload)
    sheet = workbook.worksheets[0]
    districts = {d.code: d for d in District.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    letters = {key: get_column_letter(i) for i, (key, _title) in enumerate(IMPORT_COLUMNS, start=1)}
    errors, count = [], 0
    with transaction.atomic():
        for index, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=len(IMPORT_COLUMNS), values_only=True), start=2
        ):
            if index > MAX_ROWS:
                raise SpreadsheetError(_("The file has too many rows."))
            values = list(values) + [None] * (len(IMPORT_COLUMNS) - len(values))
            raw = {key: values[i] for i, (key, _title) in enumerate(IMPORT_COLUMNS)}
            if all(v in (None, "") for v in values):
                continue
            row_errors = []

            def bad(key, message, row_errors=row_errors, index=index):
                row_errors.append(CellError(index, letters[key], message))

            fields = {"name": _text(raw["name"]), "owner": _text(raw["owner"])}
            for key, choices in (
                ("level", ProjectLevelChoices),
                ("category", ProjectCategoryChoices),
                ("stage", ProjectStageChoices),
            ):
                fields[key] = _choice(choices, raw[key])
                if fields[key] is None:
                    bad(key, _("Not one of the allowed values."))
            fields["is_top100"] = _boolean(raw["is_top100"])
            if fields["is_top100"] is None:
                bad("is_top100", _("Write 是 or 否."))
            fields["district"] = districts.get(_text(raw["district"]))
            if fields["district"] is None:
                bad("district", _("Unknown district code."))
            fields["department"] = departments.get(_text(raw["department"]))
            if fields["department"] is None:
                bad("department", _("Unknown department code."))
            try:
                fields["total_investment"] = _decimal(raw["total_investment"])
            except ValueError:
                bad("total_investment", _("Enter a number."))
            plan = {"nature": _choice(AnnualPlanNatureChoices, raw["nature"])}
            if plan["nature"] is None:
                bad("nature", _("Not one of the allowed values."))
            try:
                plan["year"] = int(_decimal(raw["year"]))
                plan["planned_investment"] = _decimal(raw["planned_investment"])
                start = _decimal(raw["planned_start_month"])
                plan["planned_start_month"] = int(start) if start is not None else None
            except (ValueError, TypeError):
                bad("planned_investment", _("Year, planned investment and start month must be numbers."))
            if row_errors:
                errors.extend(row_errors)
                continue
            code = _text(raw["code"])
            try:
                with transaction.atomic():
                    project = Project.objects.filter(code=code).first()
                    if project is None:
                        project = services.project_create(user=user, code=code, **fields)
                    else:
                        project = services.project_update(project=project, user=user, **fields)
                    services.annual_plan_upsert(project=project, **plan)
                    count += 1
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    column = letters.get(key, letters.get("code") if key == "__all__" else "A")
                    errors.extend(CellError(index, column, m) for m in messages)
        if errors:
            transaction.set_rollback(True)
    workbook.close()
    if errors:
        raise UploadRejected(errors)
    return count

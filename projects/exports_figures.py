"""The bulletin as a Word document and its attachment 计划完成表 as an Excel workbook.

Word: python-docx writes real .docx (Office Open XML) that Word and WPS open and edit, which is
what the office does with a bulletin before it is issued (letterhead, signature). It is pure
Python, maintained, already a dependency, and needs no office suite or headless browser on the
server (unlike a PDF route through LibreOffice or Chromium); the browser's print-to-PDF of the
bulletin page covers PDF.
Excel: openpyxl, as for every other export of the portal."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from portfolio.models import Leader
from projects.choices import ProjectCategoryChoices

from .selectors import figures
from .selectors.bulletin import month_range_text, pct_text, yi_text

TEN_THOUSAND = Decimal("10000")
CJK_FONT = "SimSun"


# --- Word ---------------------------------------------------------------------------------------


def _cjk(run, size=None, bold=False):
    run.font.name = CJK_FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    return run


def _heading(document, text, size=14):
    paragraph = document.add_paragraph()
    _cjk(paragraph.add_run(text), size=size, bold=True)
    return paragraph


def _table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _cjk(cell.paragraphs[0].add_run(str(header)), size=10, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = ""
            _cjk(cell.paragraphs[0].add_run(str(value)), size=10)
            if index > 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _figure_rows(rows, with_rank=False):
    out = []
    for row in rows:
        values = [
            row["name"],
            row["project_count"],
            yi_text(row["annual_plan"]),
            yi_text(row["completed"]),
            pct_text(row["completion_pct"]),
            pct_text(row["lead_pts"]),
        ]
        if with_rank:
            values.insert(0, row.get("rank", "—"))
        out.append(values)
    return out


def figure_headers(first, with_rank=False):
    headers = [
        first,
        _("Projects"),
        _("Annual plan (100m yuan)"),
        _("Completed (100m yuan)"),
        _("Completion %"),
        _("Points vs time progress"),
    ]
    return [_("Rank"), *headers] if with_rank else headers


def bulletin_docx(data: dict) -> bytes:
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk(
        title.add_run(
            _("Key projects: bulletin for %(months)s %(year)s")
            % {"months": month_range_text(data["month"]), "year": data["year"]}
        ),
        size=18,
        bold=True,
    )
    for text in (data["headline"], data["nature_text"]):
        if text:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(24)
            _cjk(paragraph.add_run(text), size=12)

    _heading(document, _("1. By nature"))
    _table(document, figure_headers(_("Nature")), _figure_rows(data["by_nature"]))
    _heading(document, _("2. By category"))
    _table(document, figure_headers(_("Category")), _figure_rows(data["by_category"]))
    _heading(document, _("3. Districts"))
    _table(document, figure_headers(_("District"), with_rank=True), _figure_rows(data["by_district"], True))
    _heading(document, _("4. Departments"))
    _table(document, figure_headers(_("Department"), with_rank=True), _figure_rows(data["by_department"], True))
    if data.get("alerts"):
        _heading(document, _("5. Red and yellow lists"))
        for level, label in (("red", _("Red")), ("yellow", _("Yellow"))):
            rows = [
                [a.project.code, a.project.name, a.project.district.name, a.project.department.name]
                for a in data["alerts"][level]
            ]
            if rows:
                _heading(document, f"{label} ({len(rows)})", size=12)
                _table(document, [_("Code"), _("Project"), _("District"), _("Department")], rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Excel: 计划完成表 ----------------------------------------------------------------------------

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
GROUP_FILL = PatternFill("solid", fgColor="F2E6E6")
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
MONEY_FORMAT = "#,##0.00"
PCT_FORMAT = "0.00"
CHINESE_NUMERALS = "一二三四五六七八九十"


def _xl_pct(value):
    rounded = figures.round_pct(value, 2)
    return None if rounded is None else float(rounded)


def completion_workbook(rows: list, *, year: int, month: int) -> bytes:
    """One row per project (plan, period plan, completed, completion %, stage), grouped by category
    with subtotals, a total row, a title row, a units row and a frozen header."""
    leaders = {leader.pk: leader.name for leader in Leader.objects.filter(pk__in={r.leader_id for r in rows} - {None})}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completion table")[:31]
    headers = [
        _("No."),
        _("Code"),
        _("Project"),
        _("District"),
        _("Responsible department"),
        _("Leader"),
        _("Nature"),
        _("Annual plan"),
        _("Plan for %(months)s") % {"months": month_range_text(month)},
        _("Completed %(months)s") % {"months": month_range_text(month)},
        _("Completion of annual plan (%)"),
        _("Completion of period plan (%)"),
        _("Stage"),
    ]
    width = len(headers)
    sheet.append(
        [
            _("Key projects' investment plan completion, %(months)s %(year)s")
            % {"months": month_range_text(month), "year": year}
        ]
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append([_("Unit: 10k yuan (万元)")])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.cell(2, 1).alignment = Alignment(horizontal="right")
    sheet.append(headers)
    for column in range(1, width + 1):
        cell = sheet.cell(3, column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "D4"

    def totals(group):
        annual = sum((r.annual_plan for r in group), Decimal("0"))
        completed = sum((r.completed for r in group), Decimal("0"))
        with_period = [r.period_plan for r in group if r.period_plan is not None]
        period = sum(with_period, Decimal("0")) if with_period else None
        return annual, period, completed

    def summary_row(label, group):
        annual, period, completed = totals(group)
        sheet.append(
            [
                label,
                None,
                _("%(count)s projects") % {"count": len(group)},
                None,
                None,
                None,
                None,
                float(annual),
                None if period is None else float(period),
                float(completed),
                _xl_pct(figures.ratio_pct(completed, annual)),
                _xl_pct(figures.ratio_pct(completed, period)),
                None,
            ]
        )
        for column in range(1, width + 1):
            cell = sheet.cell(sheet.max_row, column)
            cell.font = Font(bold=True)
            cell.fill = GROUP_FILL
            cell.border = BORDER

    summary_row(_("Total"), rows)
    categories = dict(ProjectCategoryChoices.choices)
    number = 0
    group_index = 0
    for code, label in categories.items():
        group = [r for r in rows if r.project.category == code]
        if not group:
            continue
        numeral = CHINESE_NUMERALS[group_index] if group_index < len(CHINESE_NUMERALS) else str(group_index + 1)
        group_index += 1
        summary_row(f"{numeral}、{label}", group)
        for row in group:
            number += 1
            project = row.project
            sheet.append(
                [
                    number,
                    project.code,
                    project.name,
                    project.district.name,
                    project.department.name,
                    leaders.get(row.leader_id, ""),
                    row.plan.get_nature_display(),
                    float(row.annual_plan),
                    None if row.period_plan is None else float(row.period_plan),
                    float(row.completed),
                    _xl_pct(row.completion_pct),
                    _xl_pct(row.period_completion_pct),
                    project.get_stage_display(),
                ]
            )
            for column in range(1, width + 1):
                sheet.cell(sheet.max_row, column).border = BORDER
    for row_cells in sheet.iter_rows(min_row=4):
        for cell in row_cells[7:10]:
            cell.number_format = MONEY_FORMAT
        for cell in row_cells[10:12]:
            cell.number_format = PCT_FORMAT
    for column, size in enumerate([6, 16, 36, 14, 22, 10, 10, 14, 14, 14, 12, 12, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = size
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

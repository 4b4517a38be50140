"""Documents the office prints or sends: notices as .docx, rankings as .xlsx."""

import io

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from dispatch.models import WarningNotice
from portfolio.spreadsheets import escape_cell


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_docx(notice: WarningNotice) -> bytes:
    """The notice in official form: heading, number, addressee, body, deadline, office, date."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(14)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(settings.PORTAL_ISSUING_OFFICE)
    run.bold = True
    run.font.size = Pt(22)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run(notice.title)
    title_run.bold = True
    title_run.font.size = Pt(22)
    number = document.add_paragraph(notice.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{notice.department.name}:")
    document.add_paragraph(
        f"    经监测,你单位负责的重点项目“{notice.project.name}”(项目编号 {notice.project.code})"
        f"{'在' + notice.month_cn if notice.month else ''}存在以下问题:"
    )
    for line in notice.reasons.splitlines():
        document.add_paragraph(f"    {line}")
    document.add_paragraph(
        f"    请你单位高度重视,认真分析原因,制定整改措施,并于{_cn_date(notice.deadline)}前"
        "通过重点项目管理平台报送整改情况。"
    )
    if notice.reply:
        document.add_paragraph("整改回复:").runs[0].bold = True
        document.add_paragraph(notice.reply)
    signature = document.add_paragraph(settings.PORTAL_ISSUING_OFFICE)
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated = document.add_paragraph(_cn_date(timezone.localtime(notice.issued_at).date()))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rankings_xlsx(*, month: str, groups: list[tuple[str, list]], headers: list[str]) -> bytes:
    """One sheet per dimension with the ranking rows as shown on the board."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in groups:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([f"{month} {title}"])
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(
                [
                    row.rank,
                    row.previous_rank,
                    escape_cell(row.name),
                    row.project_count,
                    row.annual_plan,
                    row.completed,
                    round(float(row.completion_pct), 2),
                    round(float(row.lead_pts), 2),
                    None if row.start_rate_pct is None else round(float(row.start_rate_pct), 2),
                    row.red_count,
                    row.yellow_count,
                    None if row.timely_rate_pct is None else round(float(row.timely_rate_pct), 2),
                ]
            )
    if not workbook.sheetnames:
        workbook.create_sheet(title=month)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

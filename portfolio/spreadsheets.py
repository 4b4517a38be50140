"""Excel helpers shared by every app: safe cells on export, safe archives on upload."""

import io
import zipfile

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text starting with one of these is run as a formula by spreadsheets (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 200


class SpreadsheetRefused(Exception):
    """The whole file is refused before parsing: too large, not an .xlsx, or a zip bomb."""


def escape_cell(value):
    """Text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The reverse of `escape_cell`, for templates that come back as uploads."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_TRIGGERS else text


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an upload before openpyxl opens it: its size, that it is a zip, and the members'
    count and total uncompressed size (openpyxl would inflate a zip bomb into memory)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetRefused(_("This is not an Excel (.xlsx) file."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise SpreadsheetRefused(_("The file is damaged and cannot be read.")) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetRefused(_("The file holds too many parts to be a plain spreadsheet."))
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetRefused(
            _("The file would unpack to more than %(mb)s MB; it is refused.") % {"mb": MAX_UNCOMPRESSED_BYTES // 2**20}
        )


def table_xlsx(*, title: str, headers: list, rows) -> bytes:
    """A plain one-sheet export of a list as shown on its page, every text cell escaped."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

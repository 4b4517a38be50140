"""Excel export of the funding lists and the all-or-nothing import of an allocation batch.

Exports escape text cells that a spreadsheet would run as a formula (= + - @ tab).
Imports refuse a file whose zip members would inflate past a limit before openpyxl opens it
(openpyxl reads the whole shared-strings table even in read-only mode), and parse with
defusedxml installed so that XML entity tricks are refused.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from portfolio.spreadsheets import SpreadsheetRefused, check_xlsx_archive, escape_cell

from .choices import AllocationKindChoices
from .models import Allocation

MAX_IMPORT_ROWS = 5000


def workbook_response_bytes(*, title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_cell(v) for v in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(header)) * 2 + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def allocation_rows(allocations):
    labels = dict(AllocationKindChoices.choices)
    for a in allocations:
        yield [
            a.project.code,
            a.project.name,
            str(labels.get(a.kind, a.kind)),
            a.year,
            a.document_no,
            a.batch,
            a.amount,
            a.paid,
            a.received_on,
            a.purpose,
        ]


def allocation_headers():
    return [
        _("Project code"),
        _("Project"),
        _("Kind"),
        _("Year"),
        _("Document number"),
        _("Batch"),
        _("Amount (10k yuan)"),
        _("Paid (10k yuan)"),
        _("Received on"),
        _("Purpose"),
    ]


def disbursement_rows(disbursements):
    labels = dict(AllocationKindChoices.choices)
    for d in disbursements:
        a = d.allocation
        yield [
            a.project.code,
            a.project.name,
            str(labels.get(a.kind, a.kind)),
            a.document_no,
            d.amount,
            d.paid_on,
            d.note,
        ]


def disbursement_headers():
    return [
        _("Project code"),
        _("Project"),
        _("Kind"),
        _("Document number"),
        _("Amount (10k yuan)"),
        _("Paid on"),
        _("Note"),
    ]


# --- Import --------------------------------------------------------------------------------------

IMPORT_COLUMNS = ("project", "kind", "year", "document_no", "amount", "received_on", "purpose")


def import_headers():
    return [
        _("Project code"),
        _("Kind"),
        _("Year"),
        _("Document number"),
        _("Amount (10k yuan)"),
        _("Received on"),
        _("Purpose"),
    ]


def import_template() -> bytes:
    example = [
        "2026-DL-0001",
        str(AllocationKindChoices.SPECIAL_BOND.label),
        2026,
        "辽财债〔2026〕1号",
        1000,
        datetime.date(2026, 3, 1),
        "",
    ]
    return workbook_response_bytes(title=_("Allocations"), headers=import_headers(), rows=[example])


@dataclass
class CellError:
    row: int
    column: str
    reason: str


def _kind(value) -> str | None:
    text = str(value or "").strip()
    for code, label in AllocationKindChoices.choices:
        if text in (code, str(label)):
            return code
    # Both languages' labels are accepted whatever the uploader's UI language.
    from django.utils import translation

    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code, label in AllocationKindChoices.choices:
                if text == str(label):
                    return code
    return None


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def parse_allocation_batch(*, data: bytes, projects) -> tuple[list[dict], list[CellError]]:
    """Rows of the upload as clean dicts, and every bad cell. `projects` is the user's scope."""
    check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise SpreadsheetRefused(_("The file could not be read as a spreadsheet.")) from error
    sheet = workbook.worksheets[0]
    headers = import_headers()
    letters = [get_column_letter(i) for i in range(1, len(IMPORT_COLUMNS) + 1)]
    raw_rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            workbook.close()
            raise SpreadsheetRefused(_("A batch holds at most %(n)s rows.") % {"n": MAX_IMPORT_ROWS})
        values = list(values[: len(IMPORT_COLUMNS)]) + [None] * (len(IMPORT_COLUMNS) - len(values))
        if all(v in (None, "") for v in values):
            continue
        raw_rows.append((number, values))
    workbook.close()

    codes = {str(v[0]).strip() for _, v in raw_rows if v[0]}
    known = {p.code: p for p in projects.filter(code__in=codes)}
    rows, errors = [], []

    def bad(number, index, reason):
        errors.append(CellError(row=number, column=f"{letters[index]} ({headers[index]})", reason=str(reason)))

    for number, values in raw_rows:
        row = {}
        code = str(values[0] or "").strip()
        if not code:
            bad(number, 0, _("Give the project code."))
        elif code not in known:
            bad(number, 0, _("No project with code %(code)s that you may see.") % {"code": code})
        else:
            row["project"] = known[code]
        kind = _kind(values[1])
        if kind is None:
            bad(number, 1, _("Unknown kind %(value)s.") % {"value": values[1] or ""})
        row["kind"] = kind
        try:
            row["year"] = int(values[2])
            if not 2000 <= row["year"] <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            bad(number, 2, _("Give the year as four digits."))
        row["document_no"] = str(values[3] or "").strip()[:100]
        try:
            amount = Decimal(str(values[4]).strip()).quantize(Decimal("0.01"))
            if amount <= 0:
                raise InvalidOperation
            row["amount"] = amount
        except (InvalidOperation, TypeError, ValueError):
            bad(number, 4, _("Give a positive amount in 10k yuan."))
        received_on = _date(values[5])
        if received_on is None:
            bad(number, 5, _("Give the date as YYYY-MM-DD."))
        row["received_on"] = received_on
        row["purpose"] = str(values[6] or "").strip()[:300]
        row["number"] = number
        rows.append(row)
    if not raw_rows:
        errors.append(CellError(row=2, column="A", reason=_("The sheet has no rows below the header.")))
    return rows, errors


@transaction.atomic
def allocation_batch_import(*, rows: list[dict], batch: str) -> list[Allocation]:
    """Create every row of a checked batch or none: each is validated, then one bulk insert."""
    allocations = []
    errors = []
    for row in rows:
        allocation = Allocation(
            project=row["project"],
            kind=row["kind"],
            year=row["year"],
            document_no=row["document_no"],
            batch=batch,
            amount=row["amount"],
            received_on=row["received_on"],
            purpose=row["purpose"],
        )
        try:
            allocation.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.append(CellError(row=row["number"], column=field, reason="; ".join(messages)))
        allocations.append(allocation)
    if errors:
        raise BatchInvalid(errors)
    return bulk_create_with_history(allocations, Allocation)


class BatchInvalid(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} bad cells")
        self.errors = errors


def import_allocation_batch(*, data: bytes, batch: str, projects) -> list[Allocation]:
    """Parse and import in one go; raises SpreadsheetRefused or BatchInvalid (with cell errors)."""
    rows, errors = parse_allocation_batch(data=data, projects=projects)
    if errors:
        raise BatchInvalid(errors)
    return allocation_batch_import(rows=rows, batch=batch)

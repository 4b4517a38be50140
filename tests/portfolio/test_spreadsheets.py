import io
import zipfile

import pytest
from openpyxl import load_workbook

from portfolio.spreadsheets import (
    MAX_UNCOMPRESSED_BYTES,
    SpreadsheetRefused,
    check_xlsx_archive,
    escape_cell,
    table_xlsx,
    unescape_cell,
)


@pytest.mark.parametrize("text", ["=1+1", "+86", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_are_escaped_and_come_back(text):
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text


def test_plain_text_and_numbers_are_left_alone():
    assert escape_cell("东关街历史文化街区改造") == "东关街历史文化街区改造"
    assert escape_cell(12.5) == 12.5


def test_a_list_export_never_writes_a_formula():
    content = table_xlsx(title="清单", headers=["名称"], rows=[['=HYPERLINK("http://x")']])
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_a_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (MAX_UNCOMPRESSED_BYTES + 1))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(SpreadsheetRefused, match="50 MB"):
        check_xlsx_archive(buffer.getvalue())


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(SpreadsheetRefused):
        check_xlsx_archive(b"name,amount\n")

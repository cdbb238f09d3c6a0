"""Tables as Excel workbooks (XLSX), for people who work in spreadsheets: the named queries'
answers (?format=xlsx) and the index pages. Written with openpyxl."""

from __future__ import annotations

import csv
import io
import re

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(table: list[list[str]], sheet: str = "data") -> bytes:
    """The table as an Excel workbook: numbers as numbers (so a spreadsheet can sum them), the
    rest as text, the header row bold and frozen."""
    # Imported on first use: openpyxl is a fifth of the app's import time (issue #16, ready)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    for row in table:
        ws.append([_xlsx_value(v) for v in row])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(text: str) -> str | float:
    # Decimal literals as the graph has them ("5300000.0", "1.2500"); identifiers with leading
    # zeros (CBS codes "0503") stay text. A float for integers too: openpyxl writes an int and the
    # equal float as the same cell (<v>12</v>), and both as a double (as Excel holds numbers).
    if NUMBER.fullmatch(text):
        return float(text)
    return text


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def csv_to_xlsx(text: str, sheet: str = "data") -> bytes:
    """A CSV answer (SPARQL 1.1 CSV results) as a workbook with the same cells."""
    return xlsx_bytes(list(csv.reader(io.StringIO(text.lstrip("\ufeff")))), sheet)

"""Tables as CSV downloads (index pages): UTF-8 with a byte-order mark, so that Excel reads the
accents right, and comma separated (RFC 4180)."""

from __future__ import annotations

import csv
import io
import re

from fastapi.responses import Response


def csv_text(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    return buffer.getvalue()


def csv_response(table: list[list[str]], filename: str) -> Response:
    return Response(
        "\ufeff" + csv_text(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept"},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(table: list[list[str]], sheet: str = "data") -> bytes:
    """The table as an Excel workbook: numbers as numbers (so a spreadsheet can sum them), the
    rest as text, the header row bold and frozen."""
    from openpyxl import Workbook  # imported here: only downloads need it
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


def _xlsx_value(text: str) -> str | int | float:
    # Decimal literals as the graph has them ("5300000.0", "1.2500"); identifiers with leading
    # zeros (CBS codes "0503") stay text.
    if NUMBER.fullmatch(text):
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def xlsx_response(table: list[list[str]], filename: str) -> Response:
    return Response(
        xlsx_bytes(table),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept"},
    )

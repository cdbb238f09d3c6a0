"""Tables as CSV downloads (index pages): UTF-8 with a byte-order mark, so that Excel reads the
accents right, and comma separated (RFC 4180)."""

from __future__ import annotations

import csv
import io

from fastapi.responses import Response

from regiodeal.sparql.spreadsheet import XLSX, xlsx_bytes


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


def xlsx_response(table: list[list[str]], filename: str) -> Response:
    return Response(
        xlsx_bytes(table),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept"},
    )

"""sparql/spreadsheet.py: the cells of a workbook, read back with openpyxl (no store, no app).

The expected cells are written by hand from the rule in the module: a plain decimal numeral
(optional minus, no leading zero unless the integer part is 0, optional fraction) is a number,
an integer one an int; everything else (CBS codes "0503", "1e5", "+1", "1.", IRIs) stays text.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from regiodeal.sparql.spreadsheet import csv_to_xlsx, xlsx_bytes


def _sheet(body: bytes) -> Worksheet:
    book = load_workbook(io.BytesIO(body))
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def _cells(sheet: Worksheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("-12", -12),
        ("0", 0),
        ("5300000.0", 5300000.0),  # a decimal as the graph writes it
        ("1.2500", 1.25),
        ("-0.5", -0.5),
        ("0.75", 0.75),
        ("0503", "0503"),  # a CBS code: leading zero, stays text
        ("00", "00"),
        ("1e5", "1e5"),
        ("+1", "+1"),
        ("1.", "1."),
        (".5", ".5"),
        ("-", "-"),
        ("12 ", "12 "),
        ("x12", "x12"),
        ("12x", "12x"),
        ("1.2.3", "1.2.3"),
        ("https://w3id.org/regiodeal/id/regiodeal/twente",) * 2,
    ],
)
def test_numerals_are_numbers_and_the_rest_is_text(text: str, value: object) -> None:
    [_, [cell]] = _cells(_sheet(xlsx_bytes([["header"], [text]])))
    assert cell == value
    assert isinstance(cell, str) == isinstance(value, str)  # "12" a number, "0503" text


def test_header_row_is_bold_and_frozen_the_rest_plain() -> None:
    sheet = _sheet(xlsx_bytes([["deal", "amount"], ["Twente", "30000000"], ["Zeeland", "7.5"]]))
    assert _cells(sheet) == [["deal", "amount"], ["Twente", 30000000], ["Zeeland", 7.5]]
    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert [cell.font.b for cell in sheet[2]] == [False, False]
    assert [cell.font.b for cell in sheet[3]] == [False, False]
    assert sheet.freeze_panes == "A2"  # the header stays in view when scrolling
    assert sheet.title == "data"


def test_sheet_name_is_cut_to_excels_31_characters() -> None:
    name = "regiodeals-by-rijk-contribution-per-tranche"  # 43 characters
    assert _sheet(xlsx_bytes([["a"]], sheet=name)).title == "regiodeals-by-rijk-contribution"
    assert _sheet(xlsx_bytes([["a"]], sheet="deals")).title == "deals"


def test_csv_answer_becomes_the_same_cells() -> None:
    # SPARQL 1.1 CSV: CRLF line ends, a quoted cell with a comma, a quote and a line break in it,
    # an unbound (empty) cell, and a byte order mark in front (stripped, not part of "deal").
    text = '\ufeffdeal,label,amount\r\nhttp://x/a,"Delft, ""West""\nII",7500000\r\nhttp://x/b,,\r\n'
    sheet = _sheet(csv_to_xlsx(text))
    assert _cells(sheet) == [
        ["deal", "label", "amount"],
        ["http://x/a", 'Delft, "West"\nII', 7500000],
        ["http://x/b", None, None],  # empty cells are no cells
    ]
    assert sheet.title == "data"
    assert [cell.font.b for cell in sheet[1]] == [True, True, True]
    assert sheet.freeze_panes == "A2"


def test_only_the_byte_order_mark_is_stripped() -> None:
    # A first header that starts with X (or any other letter) keeps it.
    assert _cells(_sheet(csv_to_xlsx("\ufeffXcoord,Ycoord\r\n1,2\r\n"))) == [
        ["Xcoord", "Ycoord"],
        [1, 2],
    ]


def test_csv_to_xlsx_passes_the_sheet_name_on() -> None:
    assert _sheet(csv_to_xlsx("a\r\n1\r\n", sheet="deals")).title == "deals"

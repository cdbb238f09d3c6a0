"""The dataset's landing page (/dataset, /catalog for a browser) and where its date comes from."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.apps import TestClient

from regiodeal.publishing.changes import content_hash, data_change, first_seen, git_date
from regiodeal.publishing.landing import TABLES, long_date, size_text
from regiodeal.settings import Settings, get_settings
from regiodeal.sparql.spreadsheet import XLSX


@pytest.fixture(scope="module")
def server(bundled_client: TestClient) -> TestClient:
    return bundled_client


def rows(page: str) -> list[tuple[str, str, str]]:
    """(file name, size in bytes, sha256) of each download row."""
    return re.findall(
        r'download>([^<]+)</a>.*?data-bytes="(\d+)".*?class="checksum">([0-9a-f]{64})<', page, re.S
    )


def test_every_download_with_its_true_size_and_checksum(server: TestClient) -> None:
    page = server.get("/dataset").text
    listed = rows(page)
    assert {name for name, _, _ in listed} == {
        "regiodeal.ttl",
        "regiodeal.nq",
        "regiodeal.trig",
        "regiodeal.jsonld",
    }
    for name, size, sha256 in listed:
        body = server.get("/download/" + name).content  # the file a reader gets
        assert len(body) == int(size)
        assert hashlib.sha256(body).hexdigest() == sha256


def test_spreadsheet_tables_are_csv_that_parse(server: TestClient) -> None:
    page = server.get("/dataset?lang=en").text
    links = [
        unescape(href)
        for href in re.findall(r'<a class="nl-link" href="([^"]+format=csv)" download>', page)
    ]
    assert len(links) == len(TABLES) + 1  # each named query, and the deals index
    for link in links:
        answer = server.get(link.replace("http://testserver", ""))
        assert answer.status_code == 200, link
        assert answer.headers["content-type"].startswith("text/csv")
        header = answer.text.splitlines()[0]
        assert "," in header or header.isidentifier(), (link, header)


def _cells(answer_csv: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer_csv.lstrip("\ufeff"))))


def _same(text: str, value: object) -> bool:
    """A workbook cell holds what the CSV cell says: the same text, or the same number (decimals
    as floats, so to fifteen significant digits)."""
    if value is None:
        return text == ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return math.isclose(float(Decimal(text)), float(value), rel_tol=1e-15)
    return text == value


def test_every_csv_table_has_an_xlsx_with_the_same_cells(server: TestClient) -> None:
    page = server.get("/dataset").text
    pairs = re.findall(
        r'<a class="nl-link" href="([^"]+format=csv)" download>.*?'
        r'<a class="nl-link" href="([^"]+format=xlsx)"',
        page,
    )
    assert len(pairs) == len(TABLES) + 1  # each named query, and the deals index
    numbers = 0
    for csv_link, xlsx_link in (tuple(unescape(h) for h in pair) for pair in pairs):
        expected = _cells(server.get(csv_link.replace("http://testserver", "")).text)
        answer = server.get(xlsx_link.replace("http://testserver", ""))
        assert answer.status_code == 200, xlsx_link
        assert answer.headers["content-type"] == XLSX
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        got = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert len(got) == len(expected) > 1, xlsx_link
        for want_row, got_row in zip(expected, got, strict=True):
            assert len(want_row) == len(got_row)
            assert all(_same(t, v) for t, v in zip(want_row, got_row, strict=True)), want_row
            numbers += sum(isinstance(v, int | float) for v in got_row)
    assert numbers > 0  # amounts are numbers a spreadsheet can sum, not text


def test_dates_in_words_and_the_date_from_git(server: TestClient) -> None:
    settings = get_settings()
    stamp = subprocess.run(
        [
            "git",
            "log",
            "-1",
            "--format=%cI",
            "--",
            str(settings.ontology_dir),
            str(settings.data_dir),
        ],
        capture_output=True,
        text=True,
        cwd=settings.data_dir,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", str(settings.ontology_dir), str(settings.data_dir)],
        capture_output=True,
        text=True,
        cwd=settings.data_dir,
        check=False,
    ).stdout.strip()
    if not stamp or dirty:
        pytest.skip("data not committed as it is: the date comes from the content hash")
    day = datetime.fromisoformat(stamp).astimezone(UTC)
    assert git_date(settings) == day
    assert (
        f'<time datetime="{day.isoformat()}">{long_date(day, "nl")}</time>'
        in server.get("/dataset").text
    )


def test_long_dates_and_sizes() -> None:
    day = datetime(2028, 12, 31, tzinfo=UTC)
    assert long_date(day, "nl") == "31 december 2028"
    assert long_date(day, "en") == "31 December 2028"
    assert size_text(1_234_567, "nl") == "1,2 MB"
    assert size_text(999, "en") == "999 B"


def copy_sources(tmp: Path) -> Settings:
    settings = get_settings()
    ontology = tmp / "ontology"
    data = tmp / "data"
    ontology.mkdir(parents=True)
    (data / "deals").mkdir(parents=True)
    for path in settings.ontology_dir.glob("*.ttl"):
        (ontology / path.name).write_bytes(path.read_bytes())
    deal = settings.data_dir / "deals" / "delft-west.ttl"
    (data / "deals" / deal.name).write_bytes(deal.read_bytes())
    return Settings(ontology_dir=ontology, data_dir=data)


def test_outside_git_the_date_follows_the_content_not_file_times(tmp_path: Path) -> None:
    settings = copy_sources(tmp_path / "src")
    record = tmp_path / "downloads"
    first = data_change(settings, record)
    assert first.source == "content-hash"
    deal = settings.data_dir / "deals" / "delft-west.ttl"
    deal.touch()  # a new file time, same content: same hash, same date
    again = data_change(settings, record)
    assert (again.content_hash, again.modified) == (first.content_hash, first.modified)
    deal.write_bytes(deal.read_bytes() + b"\n# changed\n")
    assert content_hash(settings) != first.content_hash
    # A hash seen earlier keeps its first date.
    assert first_seen(record, first.content_hash) == first.modified


@pytest.mark.parametrize(
    "path", ["/dataset", "/doc/", "/validate", "/", "/doc/regiodeal/delft-west"]
)
def test_licence_in_every_footer(server: TestClient, path: str) -> None:
    page = server.get(path).text
    footer = page[page.index('<footer class="site">') :]
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in footer

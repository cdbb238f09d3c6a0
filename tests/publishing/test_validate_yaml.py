"""The YAML template over HTTP: POST /api/validate (application/yaml) and the /validate form.

PROEF's lines are counted by hand: line 5 `start_date` (after the end date on line 6), line 16
`total: 300` (100 + 100 = 200) in the first budget line, at column 7.
"""

from __future__ import annotations

import html
import json

from rdflib import Graph, Literal
from rdflib.namespace import SH
from shapes.test_yaml_validation import PROEF  # one hand-counted template for both test files
from support.apps import TestClient

from regiodeal.namespaces import RD
from regiodeal.settings import REPO_ROOT
from regiodeal.validation.guide import render_guide

YAML = {"content-type": "application/yaml"}
ROOT = "http://testserver/"  # the in-process client's base URL: page links are absolute
BAD_NUMBER = PROEF.replace("      rijk: 100", "      rijk: 10.000.000")  # line 14, column 7


def _row_sum(findings: list[dict[str, object]]) -> dict[str, object]:
    return next(f for f in findings if str(f["shape"]).endswith("BudgetRowSumShape"))


def test_api_json_names_the_yaml_line(validation_client: TestClient) -> None:
    response = validation_client.post("/api/validate?format=json", content=PROEF, headers=YAML)
    assert response.status_code == 200, response.text
    report = response.json()
    assert not report["passes"]
    row = _row_sum(report["findings"])
    assert (row["yaml_field"], row["line"], row["column"]) == ("budget.lines.0.total", 16, 7)
    dates = next(f for f in report["findings"] if str(f["shape"]).endswith("EndAfterStartShape"))
    assert (dates["yaml_field"], dates["line"]) == ("deal.start_date", 5)


def test_api_turtle_report_carries_the_line(validation_client: TestClient) -> None:
    response = validation_client.post("/api/validate?format=turtle", content=PROEF, headers=YAML)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    lines = {
        graph.value(r, RD.sourceLine) for r in graph.subjects(SH.sourceShape, RD.BudgetRowSumShape)
    }
    assert Literal(16) in lines


def test_api_yaml_error_is_400_with_problems(validation_client: TestClient) -> None:
    response = validation_client.post("/api/validate?lang=nl", content=BAD_NUMBER, headers=YAML)
    assert response.status_code == 400
    body = response.json()
    assert (body["line"], body["column"]) == (14, 7)
    [problem] = body["problems"]
    assert problem["field"] == "budget.lines.0.rijk" and problem["line"] == 14
    assert "Nederlandse schrijfwijze" in problem["message"]
    english = validation_client.post("/api/validate?lang=en", content=BAD_NUMBER, headers=YAML)
    assert "written the Dutch way" in english.json()["problems"][0]["message"]


def test_api_yaml_syntax_error_is_400_not_500(validation_client: TestClient) -> None:
    response = validation_client.post("/api/validate", content=b"deal: [\n", headers=YAML)
    assert response.status_code == 400
    assert response.json()["line"] == 2  # PyYAML notices the unclosed list at the end


def test_form_upload_shows_the_yaml_line(validation_client: TestClient) -> None:
    response = validation_client.post(
        "/validate?lang=nl",
        files={"file": ("proef.yaml", PROEF.encode(), "application/yaml")},
        data={"syntax": "auto", "text": ""},
    )
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "in uw bestand: regel 16, kolom 7 (budget.lines.0.total)" in text
    assert "regel 5, kolom 3 (deal.start_date)" in text


def test_form_pasted_yaml_error_in_english(validation_client: TestClient) -> None:
    response = validation_client.post(
        "/validate?lang=en", data={"syntax": "auto", "text": BAD_NUMBER}
    )
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "line 14, column 7" in text and "written the Dutch way; write 10000000" in text
    assert "Traceback" not in text


def test_example_template_passes_over_http(validation_client: TestClient) -> None:
    example = (REPO_ROOT / "examples" / "new-deal.yaml").read_bytes()
    response = validation_client.post("/api/validate?format=json", content=example, headers=YAML)
    assert response.status_code == 200
    report = json.loads(response.text)
    assert report["passes"], [f["message"] for f in report["findings"]]


def test_guide_is_linked_and_served_as_a_page(validation_client: TestClient) -> None:
    page = validation_client.get("/validate").text
    assert '/validate/guide"' in page
    guide = validation_client.get("/validate/guide")
    assert guide.status_code == 200
    assert guide.headers["content-type"].startswith("text/html")
    text = guide.text
    # the site's layout: menu and footer (base.html), and the way back to the form
    assert 'class="menu-wide"' in text and '<footer class="site">' in text
    assert f'<a class="nl-link" href="{ROOT}validate">Deal valideren</a>' in text
    # docs/handleiding-validatie.md's headings, its table and the worked example's output
    assert "<title>Handleiding: een Regio Deal invullen en valideren · Regio Deals</title>" in text
    assert (
        '<h2 class="nl-heading nl-heading--level-2" id="4-uitgewerkt-voorbeeld">'
        "4. Uitgewerkt voorbeeld</h2>"
    ) in text
    assert "<th>groep</th>" in text
    assert '<pre><code tabindex="0">$ regiodeal validate deal.yaml\n' in text
    assert "deal.rijk_contribution: '10.000.000' is de Nederlandse schrijfwijze" in text
    # the links between the Markdown files become pages; no Markdown syntax is left
    assert f'href="{ROOT}validate/guide?lang=en"' in text
    assert f'href="{ROOT}validate/template"' in text
    assert "```" not in text and "## " not in text


def test_guide_in_english(validation_client: TestClient) -> None:
    guide = validation_client.get("/validate/guide?lang=en")
    assert guide.status_code == 200 and guide.headers["content-type"].startswith("text/html")
    text = guide.text
    assert '<html lang="en">' in text and 'class="menu-wide"' in text
    # docs/validation-guide.md's first heading
    assert (
        '<h1 class="nl-heading nl-heading--level-1" '
        'id="guide-filling-in-and-validating-a-regio-deal">'
    ) in text
    assert f'href="{ROOT}validate/guide"' in text  # to the Dutch guide


def test_guide_escapes_raw_html() -> None:
    guide = render_guide("# T\n\n<script>alert(1)</script>\n\n[x](validation-guide.md)\n", "/r/")
    assert "<script>" not in guide.html and "&lt;script&gt;" in guide.html
    assert guide.title == "T" and 'href="/r/validate/guide?lang=en"' in guide.html


def test_template_is_served(validation_client: TestClient) -> None:
    response = validation_client.get("/validate/template")
    assert response.status_code == 200
    assert response.text == (REPO_ROOT / "examples" / "new-deal.yaml").read_text(encoding="utf-8")

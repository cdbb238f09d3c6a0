"""Licences: an SPDX expression in pyproject.toml, and LICENSE files matching what is declared
(the code's in pyproject.toml, the data's in the ontology, which the DCAT description repeats)."""

from __future__ import annotations

import tomllib

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF

from regiodeal.settings import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The first line of each licence text (as SPDX publishes it), by the IRI the DCAT uses.
TITLES = {
    "https://creativecommons.org/licenses/by/4.0/": "Creative Commons Attribution 4.0 International"
}


def first_line(name: str) -> str:
    return (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()[0].strip()


def test_pyproject_licence_is_an_spdx_expression_with_its_files() -> None:
    # A TOML table ({text = ...}) is deprecated: setuptools warns on every build.
    assert isinstance(PYPROJECT["license"], str)
    assert "EUPL-1.2" in PYPROJECT["license"].split(" AND ")
    for pattern in PYPROJECT["license-files"]:
        assert list(REPO_ROOT.glob(pattern)), pattern


def test_every_bundled_licence_is_declared() -> None:
    # Vendored front-end code (static/yasgui, redoc, swagger-ui) ships in the wheel: its licence
    # files must be among the wheel's licence files.
    declared = {p for pattern in PYPROJECT["license-files"] for p in REPO_ROOT.glob(pattern)}
    bundled = set((REPO_ROOT / "server" / "regiodeal" / "static").rglob("*LICENSE*"))
    assert bundled and bundled <= declared, sorted(str(p) for p in bundled - declared)


def test_code_licence_text_is_the_eupl() -> None:
    assert first_line("LICENSE") == "EUROPEAN UNION PUBLIC LICENCE v. 1.2"


def test_data_licence_text_matches_the_ontology_and_dcat() -> None:
    ontology = Graph().parse(REPO_ROOT / "ontology" / "regiodeal.ttl", format="turtle")
    node = next(ontology.subjects(RDF.type, OWL.Ontology))
    declared = str(ontology.value(node, DCTERMS.license))
    assert first_line("LICENSE-DATA") == TITLES[declared]

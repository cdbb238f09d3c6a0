"""The deals index (/doc/) filtered by tranche, status, province, ministry and theme; the CSV
and XLSX keep the filter. Expected sets come from the Turtle files (rdflib, no inference)."""

from __future__ import annotations

import csv
import io

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from support.apps import TestClient

from regiodeal.namespaces import RD

ID = "https://w3id.org/regiodeal/id/"
BZK = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")


def deal_iris(client: TestClient, **params: str) -> set[str]:
    response = client.get("/doc/", params={**params, "format": "csv"})
    assert response.status_code == 200
    return {r["deal"] for r in csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))}


def test_filter_by_tranche_and_status(client: TestClient, graph: Graph) -> None:
    sixth = {str(d) for d in graph.subjects(RD.tranche, URIRef(ID + "tranche/6"))}
    assert deal_iris(client, tranche="6") == sixth and sixth
    signed = URIRef(ID + "status/ondertekend")
    expected = {str(d) for d in graph.subjects(RD.status, signed)} & sixth
    assert deal_iris(client, tranche="6", status="ondertekend") == expected


def test_filter_by_ministry(client: TestClient, graph: Graph) -> None:
    expected = {str(d) for d in graph.subjects(RD.ministryParty, BZK)}
    name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert deal_iris(client, ministerie=name) == expected and expected


def test_filter_by_theme(client: TestClient, graph: Graph) -> None:
    theme = URIRef(ID + "thema/arbeidsparticipatie")
    deals = set(graph.subjects(RDF.type, RD.RegioDeal))
    expected = {str(d) for d in deals if (d, RD.theme, theme) in graph} | {
        str(d)
        for d in deals
        for i in graph.objects(d, RD.hasIntervention)
        if (i, RD.theme, theme) in graph
    }
    assert deal_iris(client, thema="arbeidsparticipatie en activering") == expected


def test_filter_by_province(client: TestClient, graph: Graph) -> None:
    limburg = URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv31")
    assert (limburg, RD.regionalParty, None) in graph or (None, RD.locatedIn, limburg) in graph
    municipalities = set(graph.subjects(RD.locatedIn, limburg))
    expected = {
        str(d)
        for d in graph.subjects(RDF.type, RD.RegioDeal)
        if {limburg} & set(graph.objects(d, RD.province))
        | {limburg} & set(graph.objects(d, RD.regionalParty))
        or municipalities
        & (set(graph.objects(d, RD.municipality)) | set(graph.objects(d, RD.regionalParty)))
    }
    assert deal_iris(client, provincie="Limburg") == expected and expected


def test_filter_form_and_sort_links_keep_the_choice(client: TestClient) -> None:
    page = client.get("/doc/", params={"tranche": "6"}).text
    assert '<option value="6" selected>' in page
    assert "tranche=6&amp;sort=rijk" in page  # sorting keeps the filter
    assert "format=xlsx" in page

"""Clients written elsewhere work unchanged against the server; schemathesis finds no 5xx."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, XML, SPARQLWrapper
from support import programs
from support.live import LiveServer

DEALS = "PREFIX rd: <https://w3id.org/regiodeal/def#> SELECT ?deal WHERE { ?deal a rd:RegioDeal }"
DEAL_PREFIX = "https://w3id.org/regiodeal/id/regiodeal/"


def test_sparqlwrapper_json(bundled_server: LiveServer) -> None:
    client = SPARQLWrapper(bundled_server.sparql)
    client.setQuery(DEALS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert bindings and all(b["deal"]["value"].startswith(DEAL_PREFIX) for b in bindings)


def test_sparqlwrapper_xml_post(bundled_server: LiveServer) -> None:
    client = SPARQLWrapper(bundled_server.sparql)
    client.setMethod("POST")
    client.setQuery(DEALS)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()  # an xml.dom.minidom document
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris and all(u.startswith(DEAL_PREFIX) for u in uris)


def test_rdflib_sparqlstore(bundled_server: LiveServer) -> None:
    graph = Graph(store=SPARQLStore(bundled_server.sparql, returnFormat="json"))
    deals = [row.deal for row in graph.query(DEALS)]
    assert deals and all(str(d).startswith(DEAL_PREFIX) for d in deals)
    twente = URIRef(DEAL_PREFIX + "twente")
    assert (twente, None, None) in graph  # triple pattern API, via ASK


roqet = programs.fixture("roqet")


def test_roqet(roqet: str, bundled_server: LiveServer) -> None:
    result = subprocess.run(
        [roqet, "-p", bundled_server.sparql, "-e", DEALS, "-r", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].strip() == "deal" and len(lines) > 1
    assert all(DEAL_PREFIX in line for line in lines[1:])


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(bundled_server: LiveServer, tmp_path) -> None:
    """Slow on purpose (20-60 s): 15 generated requests for each of the ~40 operations of the
    OpenAPI schema, most of them named queries that run in the query workers. It is the one test
    that tries every documented parameter combination from outside, over real HTTP."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            bundled_server.url + "/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "15",
            "--generation-deterministic",
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
        cwd=tmp_path,  # schemathesis keeps its example database in the working directory
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout

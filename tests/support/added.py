"""Deals added through the YAML template after the tests' hand counts (issue #14).

`regiodeal new` records the YAML file as the deal's source document, <document/invoer-SLUG>; no
deal read from the sources has one. Tests that count by hand over the whole graph leave these
deals out, or add what the Turtle says of them (counted here with rdflib, not by the code under
test); see tests/queries/conftest.py and docs/handleiding-validatie.md.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from regiodeal.namespaces import ID, RD

TEMPLATE_DOCUMENT = f"{ID}document/invoer-"


def added_deals(graph: Graph) -> set[URIRef]:
    """The deals of `graph` whose source is a filled-in YAML template."""
    return {
        deal
        for deal in graph.subjects(RDF.type, RD.RegioDeal)
        if isinstance(deal, URIRef)
        and any(
            str(d).startswith(TEMPLATE_DOCUMENT) for d in graph.objects(deal, PROV.wasDerivedFrom)
        )
    }

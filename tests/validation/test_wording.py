"""The wording of findings, function by function, without running SHACL: labels for IRIs (in
the reader's language, with the kind of a municipality or province), amounts and percentages
the local way, the hint for an integer amount. Expected strings are written out by hand."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from regiodeal.namespaces import RD
from regiodeal.validation.wording import (
    format_amount,
    format_percent,
    humanise,
    integer_hint,
    label,
)

DELFT = URIRef("https://example.org/org/delft")
ZEELAND = URIRef("https://example.org/org/zeeland")
FUND = URIRef("https://example.org/fund")
NAMELESS = URIRef("https://example.org/nameless")


@pytest.fixture
def graph() -> Graph:
    g = Graph()
    g.add((DELFT, RDF.type, RD.Municipality))
    g.add((DELFT, RDFS.label, Literal("Delft", lang="nl")))
    g.add((ZEELAND, RDF.type, RD.Province))
    g.add((ZEELAND, SKOS.prefLabel, Literal("Zeeland")))  # no language tag
    g.add((FUND, RDFS.label, Literal("fonds", lang="nl")))
    g.add((FUND, RDFS.label, Literal("fund", lang="en")))
    g.add((NAMELESS, RDFS.label, URIRef("https://example.org/not-a-literal")))
    g.add((NAMELESS, RDFS.comment, Literal("geen naam", lang="nl")))  # a comment is no name
    return g


@pytest.mark.parametrize(
    ("iri", "lang", "expected"),
    [
        (FUND, "nl", "fonds"),
        (FUND, "en", "fund"),  # the reader's language first
        (DELFT, "nl", "gemeente Delft"),
        (DELFT, "en", "municipality of Delft"),  # only a Dutch name: it, with the English kind
        (ZEELAND, "nl", "provincie Zeeland"),  # skos:prefLabel, untagged
        (ZEELAND, "en", "province of Zeeland"),
        (NAMELESS, "nl", None),  # an IRI as "label" is no label, a comment neither
        (URIRef("https://example.org/unknown"), "nl", None),
    ],
)
def test_label(graph: Graph, iri: URIRef, lang: str, expected: str | None) -> None:
    assert label(graph, iri, lang) == expected


def test_a_translated_label_is_a_label_in_its_language() -> None:
    # data/ttl/reference/organisations.ttl: a ministry's Dutch name and its English translation
    g = Graph()
    g.add((FUND, RDFS.label, Literal("ministerie van Financiën", lang="nl")))
    g.add((FUND, RD.translatedLabel, Literal("Ministry of Finance", lang="en")))
    assert label(g, FUND, "en") == "Ministry of Finance"
    assert label(g, FUND, "nl") == "ministerie van Financiën"


def test_an_untagged_label_comes_before_another_language() -> None:
    g = Graph()
    g.add((FUND, RDFS.label, Literal("fonds", lang="nl")))
    g.add((FUND, RDFS.label, Literal("Fonds X")))
    assert label(g, FUND, "en") == "Fonds X"


@pytest.mark.parametrize(
    ("lexical", "lang", "expected"),
    [
        ("12300000.0", "nl", "12.300.000"),
        ("12300000.0", "en", "12,300,000"),
        ("12300000.5", "nl", "12.300.000,50"),  # cents kept, two of them
        ("12300000.5", "en", "12,300,000.50"),
        ("-1500", "en", "-1,500"),
        ("999", "nl", "999"),
        ("twelve", "nl", "twelve"),  # not a number: left as it is
    ],
)
def test_format_amount(lexical: str, lang: str, expected: str) -> None:
    assert format_amount(lexical, lang) == expected


@pytest.mark.parametrize(
    ("lexical", "lang", "expected"),
    [
        ("3.00", "nl", "3,0 %"),
        ("3.00", "en", "3.0%"),
        ("12.34", "nl", "12,3 %"),  # one decimal
        ("7", "en", "7.0%"),
        ("x", "en", "x%"),  # not a number: the text and the sign
    ],
)
def test_format_percent(lexical: str, lang: str, expected: str) -> None:
    assert format_percent(lexical, lang) == expected


def test_humanise_labels_iris_and_writes_numbers_the_local_way(graph: Graph) -> None:
    text = f"Bijdrage € 12300000.0 is 3.00% van {DELFT}; zie {NAMELESS}."
    # the IRI stops before the final ";" and "."; an IRI without label stays as it is
    assert humanise(text, "nl", graph) == (
        f"Bijdrage € 12.300.000 is 3,0 % van gemeente Delft; zie {NAMELESS}."
    )
    assert humanise("EUR 2500000.25 and 2.5 %", "en", graph) == "EUR 2,500,000.25 and 2.5%"


def test_humanise_without_a_graph_keeps_iris() -> None:
    assert humanise(f"{DELFT} € 1000", "nl", None) == f"{DELFT} € 1.000"


def test_an_amount_that_is_part_of_a_longer_number_is_left_alone() -> None:
    # "€ 1.2.3" is no amount: rewriting its start "1.2" would give "€ 1,20.3"
    assert humanise("€ 1.2.3", "nl", None) == "€ 1.2.3"


@pytest.mark.parametrize(
    "value",
    [
        Literal(12300000),  # xsd:integer
        Literal("12300000", datatype=XSD.int),
        Literal("12300000", datatype=XSD.long),
        Literal("12300000"),  # untagged digits
    ],
)
def test_an_integer_amount_gets_a_hint(value: Literal) -> None:
    assert integer_hint(value, "en") == (
        " Write 12300000.0: amounts are decimal numbers with a point."
    )
    assert integer_hint(value, "nl") == (
        " Schrijf 12300000.0: bedragen zijn decimale getallen met een punt."
    )


@pytest.mark.parametrize(
    "value",
    [Literal("12300000.0", datatype=XSD.decimal), Literal("twaalf"), Literal("12.5")],
)
def test_a_decimal_or_a_word_gets_no_hint(value: Literal) -> None:
    assert integer_hint(value, "en") == ""

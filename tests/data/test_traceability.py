"""Every figure and every start/end date in the graph can be found in the source it cites.

For each amount or indicator value on a node with provenance, the source documents are the
documents reached from the node's ``prov:wasDerivedFrom`` parts (for a deal: the parts of the
``rd:factSource`` about that property) via ``dcterms:isPartOf``; each document's plain text is
``data/seeds/{rd:seedFile}``. The value must be printed in that text in one of the forms the
documents use:

- millions: ``€ 5,3 mln.``, ``5,3 miljoen``, ``€5,3 mln``, ``20 mln.`` (Dutch decimal comma);
- thousands in a table marked ``x1000`` (only for a node with ``rd:amountNote "x1000"``):
  ``€18.630``, ``€600``;
- plain numbers: ``250``, ``3000``, ``3.000``, ``6,3``, ``0.5``, ``20%``.

A number is matched as a whole: ``25`` does not match inside ``250`` or ``2,25``. Values that a
document writes in words are in ``WRITTEN_IN_WORDS`` with the passage; nothing else is exempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from regiodeal.namespaces import ID, RD
from regiodeal.settings import get_settings

from .graph_helpers import document_of

AMOUNT_PROPERTIES = (
    RD.rijkContribution,
    RD.regionalContribution,
    RD.rijkAmount,
    RD.regionalAmount,
    RD.totalAmount,
    RD.publicAmount,
    RD.privateAmount,
    RD.otherAmount,
)
INDICATOR_PROPERTIES = (RD.targetValue, RD.baselineValue)
DATE_PROPERTIES = (RD.startDate, RD.endDate)

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

# (node, property, value) -> where and how the document writes the value.
# Only values the document writes in words (or as a single article) belong here.
WRITTEN_IN_WORDS: dict[tuple[str, str, Decimal], str] = {
    # 000 art. 3, resultaten 1.3: "In 2026 en in 2028 wordt een rapport opgeleverd over de staat
    # van het leerecosysteem Delft West." -- one report per year, written "een rapport".
    ("resultaat/delft-west/4", "targetValue", Decimal("1")): "000 art. 3, 1.3: 'een rapport'",
    ("resultaat/delft-west/5", "targetValue", Decimal("1")): "000 art. 3, 1.3: 'een rapport'",
    # 000 art. 3, resultaten 1.4: "het al bestaande proeflokaal ... te verrijken en een tweede
    # proeflokaal te openen" -- baseline one, target two proeflokalen, both in words.
    (
        "resultaat/delft-west/6",
        "baselineValue",
        Decimal("1"),
    ): "000 art. 3, 1.4: 'het al bestaande proeflokaal'",
    (
        "resultaat/delft-west/6",
        "targetValue",
        Decimal("2"),
    ): "000 art. 3, 1.4: 'een tweede proeflokaal'",
    # 000 art. 3, resultaten 1.4: "Er worden tenminste twee doorlopende leerroutes vmbo-mbo
    # techniek ontwikkeld".
    (
        "resultaat/delft-west/9",
        "targetValue",
        Decimal("2"),
    ): "000 art. 3, 1.4: 'tenminste twee doorlopende leerroutes'",
    # 001 art. 4, 2.3.2 b: "De Meppel heeft samen met partners tweemaal per jaar activiteiten
    # opgezet".
    (
        "resultaat/den-haag-zuidwest-ii/17",
        "targetValue",
        Decimal("2"),
    ): "001 art. 4, 2.3.2 b: 'tweemaal per jaar'",
    # 001 art. 4, 2.5.1/2.5.2 a: "Elke wijk heeft (minimaal) één wijkbedrijf."
    (
        "resultaat/den-haag-zuidwest-ii/19",
        "targetValue",
        Decimal("1"),
    ): "001 art. 4, 2.5.1 en 2.5.2 a: '(minimaal) één wijkbedrijf'",
    # 002 art. 3 (pijlers 1 and 3) and art. 4 onderdeel 3 d: one per wijk / location, in words.
    (
        "resultaat/den-haag-zuidwest/6",
        "targetValue",
        Decimal("1"),
    ): "002 art. 3, pijler 1: 'In elke wijk ... is een plek voor ontmoeting'",
    (
        "resultaat/den-haag-zuidwest/7",
        "targetValue",
        Decimal("3"),
    ): "002 art. 3, pijler 1: 'minimaal drie sociaal-maatschappelijke participatieprojecten'",
    (
        "resultaat/den-haag-zuidwest/8",
        "targetValue",
        Decimal("1"),
    ): "002 art. 3, pijler 1: 'op minimaal één van deze locaties'",
    (
        "resultaat/den-haag-zuidwest/9",
        "targetValue",
        Decimal("1"),
    ): "002 art. 3, pijler 2: 'minimaal één sportaccommodatie'",
    (
        "resultaat/den-haag-zuidwest/10",
        "targetValue",
        Decimal("1"),
    ): "002 art. 3, pijler 3: 'in elke wijk ... een bedrijfsverzamelgebouw'",
    (
        "resultaat/den-haag-zuidwest/11",
        "targetValue",
        Decimal("1"),
    ): "002 art. 3, pijler 3 / art. 4, 3 d: 'ten minste één boegbeeld per wijk'",
    (
        "resultaat/den-haag-zuidwest/13",
        "targetValue",
        Decimal("1"),
    ): "002 art. 4, onderdeel 3 d: 'één bedrijfsverzamelgebouw'",
}


@dataclass(frozen=True)
class Claim:
    node: URIRef
    prop: URIRef
    value: Literal
    document: URIRef
    seed: str

    def key(self) -> tuple[str, str, Decimal]:
        return (
            str(self.node).removeprefix(str(ID)),
            str(self.prop).removeprefix(str(RD)),
            Decimal(str(self.value)),
        )

    def __str__(self) -> str:
        return f"{self.node} {self.prop} {self.value} not found in {self.document} ({self.seed})"


def seeds_dir() -> Path:
    return get_settings().seeds_dir


@cache
def seed_text(name: str) -> str:
    path = seeds_dir() / name
    return normalise(path.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """Markup of the conversion (<b>, <sup>n</sup>, *), line breaks and words hyphenated at a
    line end (003 is set in narrow columns: "uit-\ngebreid") are not part of the wording."""
    text = re.sub(r"<sup>[^<]*</sup>|<[^>]+>|\*", "", text)
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def cited_parts(graph: Graph, node, prop) -> set:
    """The parts a value rests on: the fact sources about prop, else the node's own provenance."""
    parts = {
        part
        for fs in graph.objects(node, RD.factSource)
        if (fs, RD.aboutProperty, prop) in graph
        for part in graph.objects(fs, PROV.wasDerivedFrom)
    }
    return parts or set(graph.objects(node, PROV.wasDerivedFrom))


def claims(graph: Graph, properties) -> list[Claim]:
    out = []
    for prop in properties:
        for node, value in graph.subject_objects(prop):
            for part in cited_parts(graph, node, prop):
                document = document_of(graph, part)
                if document is None:
                    continue  # test_consistency checks that every part reaches a document
                seed = graph.value(document, RD.seedFile)
                if seed is not None:
                    out.append(Claim(node, prop, value, document, str(seed)))
    return sorted(set(out), key=str)


def dutch(number: Decimal, thousands: bool = False) -> list[str]:
    """'5,3' for 5.3; with thousands also '18.630' for 18630."""
    number = number.normalize()
    integral, _, fraction = f"{number:f}".partition(".")
    forms = []
    grouped = f"{int(integral):,}".replace(",", ".")
    for whole in {integral, grouped} if thousands else {integral}:
        forms.append(f"{whole},{fraction}" if fraction else whole)
        if fraction:
            forms.append(f"{whole}.{fraction}")
    return forms


NUMBER_EDGE_BEFORE = r"(?<![\d])(?<![\d][.,])"
NUMBER_EDGE_AFTER = r"(?![.,]?\d)"


def printed_forms(value: Decimal, *, amount: bool, x1000: bool) -> list[str]:
    """Regular expressions for the ways a document prints value."""
    patterns = []
    if amount:
        millions = value / Decimal(1_000_000)
        for form in dutch(millions):
            number = NUMBER_EDGE_BEFORE + re.escape(form) + NUMBER_EDGE_AFTER
            patterns.append(number + r"\s?(mln|miljoen)")
            patterns.append(r"€\s?" + number)
        if x1000:
            for form in dutch(value / Decimal(1000), thousands=True):
                patterns.append(r"€\s?" + NUMBER_EDGE_BEFORE + re.escape(form) + NUMBER_EDGE_AFTER)
    else:
        for form in dutch(value, thousands=True):
            patterns.append(NUMBER_EDGE_BEFORE + re.escape(form) + NUMBER_EDGE_AFTER)
    return patterns


def is_printed(graph: Graph, claim: Claim) -> bool:
    value = Decimal(str(claim.value))
    amount = claim.prop in AMOUNT_PROPERTIES
    notes = [str(n) for n in graph.objects(claim.node, RD.amountNote)]
    x1000 = any("x1000" in note for note in notes)
    # A node that quotes its passage must print the value in that quote (the quote itself is
    # checked against the seed below): "1" or "2" would otherwise be found anywhere.
    # Amounts are long enough to be unambiguous in the whole document.
    quotes = [normalise(str(q)) for q in graph.objects(claim.node, RD.quote)]
    text = " | ".join(quotes) if quotes and not amount else seed_text(claim.seed)
    return any(re.search(p, text) for p in printed_forms(value, amount=amount, x1000=x1000))


def without_footnote_marks(text: str) -> str:
    """002 prints footnote numbers glued to the word ("indicator4"); quotes leave them out."""
    return re.sub(r"(?<=[^\W\d])\d+\b", "", text)


def dutch_date(value: Literal) -> str:
    date = value.toPython()
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


# --- the checks ------------------------------------------------------------------------------


def test_there_are_figures_to_trace(graph: Graph):
    assert len(claims(graph, AMOUNT_PROPERTIES)) >= 90
    assert len(claims(graph, INDICATOR_PROPERTIES)) > 50
    assert len(claims(graph, DATE_PROPERTIES)) >= 4


def test_every_amount_is_printed_in_its_source(graph: Graph):
    missing = [c for c in claims(graph, AMOUNT_PROPERTIES) if not is_printed(graph, c)]
    assert not missing, "\n".join(map(str, missing))


def test_every_indicator_value_is_printed_in_its_source(graph: Graph):
    missing = [
        c
        for c in claims(graph, INDICATOR_PROPERTIES)
        if c.key() not in WRITTEN_IN_WORDS and not is_printed(graph, c)
    ]
    assert not missing, "\n".join(map(str, missing))


def test_words_allow_list_is_not_stale(graph: Graph):
    """Every allow-listed value exists in the graph and is really not printed as digits."""
    found = {c.key(): c for c in claims(graph, INDICATOR_PROPERTIES)}
    for key, reason in WRITTEN_IN_WORDS.items():
        assert key in found, f"allow-listed {key} ({reason}) is not in the graph"
        assert not is_printed(graph, found[key]), (
            f"{key} is printed as digits: drop it from the list"
        )


def test_every_quote_is_verbatim_in_its_source(graph: Graph):
    """rd:quote on a node with figures is the seed's wording (up to markup and line breaks)."""
    missing = []
    for prop in (*AMOUNT_PROPERTIES, *INDICATOR_PROPERTIES):
        for node in set(graph.subjects(prop, None)):
            for quote in graph.objects(node, RD.quote):
                seeds = {
                    str(graph.value(document_of(graph, part), RD.seedFile))
                    for part in graph.objects(node, PROV.wasDerivedFrom)
                    if document_of(graph, part) is not None
                }
                wording = without_footnote_marks(normalise(str(quote)))
                if seeds and not any(
                    wording in without_footnote_marks(seed_text(s)) for s in seeds
                ):
                    missing.append(f"{node}: {quote!r}")
    assert not missing, "\n".join(sorted(set(missing)))


def test_every_date_is_printed_in_its_source(graph: Graph):
    missing = []
    for claim in claims(graph, DATE_PROPERTIES):
        assert claim.value.datatype == XSD.date, claim
        if dutch_date(claim.value) not in seed_text(claim.seed):
            missing.append(f"{claim} (looked for '{dutch_date(claim.value)}')")
    assert not missing, "\n".join(missing)


# --- the matcher itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount", "x1000", "text", "expected"),
    [
        ("5300000", True, False, "Doel 1 € 5,3 mln. € 5,3 mln.", True),
        ("5300000", True, False, "Doel 1 € 5,35 mln.", False),
        ("18000000", True, False, "reserveert maximaal € 18 miljoen inclusief", True),
        ("27000000", True, False, "en beoogt 27 miljoen en", True),
        ("20000000", True, False, "Rijk en Regio investeren beide 20 mln. in", True),
        ("18630000", True, True, "woonomgeving €18.630 €15.805", True),
        ("18630000", True, False, "woonomgeving €18.630 €15.805", False),
        ("600000", True, True, "Aanvalsplan Afval €600", True),
        ("250", False, False, "Activering 250 400 650 900", True),
        ("25", False, False, "Activering 250 400 650 900", False),
        ("6.3", False, False, "(van een cijfer 6,3 naar 6,5)", True),
        ("0.5", False, False, "stijgt met 0.5 punten", True),
        ("20", False, False, "Streven is dat 20% van de deelnemers", True),
        ("3000", False, False, "dat 3000 leerlingen of meer", True),
    ],
)
def test_printed_forms(value, amount, x1000, text, expected):
    forms = printed_forms(Decimal(value), amount=amount, x1000=x1000)
    assert any(re.search(p, text) for p in forms) is expected


def test_a_wrong_figure_is_caught(graph: Graph):
    """A rounded or mistyped value fails, naming node, property, value and document."""
    node = ID["begroting/delft-west/regel-3"]
    doc = ID["document/convenant-delft-west"]
    wrong = Claim(
        node, RD.regionalAmount, Literal(Decimal("3300000.0")), doc, "000_0549b42121856494.txt"
    )
    right = Claim(
        node, RD.regionalAmount, Literal(Decimal("3305000.0")), doc, "000_0549b42121856494.txt"
    )
    assert is_printed(graph, right)
    assert not is_printed(graph, wrong)
    assert (
        "regel-3" in str(wrong)
        and "3300000.0" in str(wrong)
        and "convenant-delft-west" in str(wrong)
    )


def test_dutch_date():
    assert dutch_date(Literal("2028-12-31", datatype=XSD.date)) == "31 december 2028"
    assert dutch_date(Literal("2026-01-01", datatype=XSD.date)) == "1 januari 2026"

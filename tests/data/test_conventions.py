"""Conventions of docs/data-conventions.md that hold across the whole graph: periods written in a
name are properties, language tags of proper names, organisation identity."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from regiodeal.namespaces import ID, RD
from regiodeal.settings import get_settings
from regiodeal.store.files import parse_files

# "2023-2027", "2020 – 2024": a span of years written in a name
PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
NAME_PROPERTIES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)


def periods_in_names(graph: Graph) -> dict[object, set[tuple[int, int]]]:
    found: dict[object, set[tuple[int, int]]] = {}
    for prop in NAME_PROPERTIES:
        for node, name in graph.subject_objects(prop):
            for start, end in PERIOD.findall(str(name)):
                found.setdefault(node, set()).add((int(start), int(end)))
    return found


def test_a_period_in_a_name_is_a_property(graph: Graph) -> None:
    # e.g. 004: "Regio Deal Zuid- en Oost-Drenthe 2023-2027" -> 2023 / 2027
    found = periods_in_names(graph)
    assert found, "no period in any name: the check would check nothing"
    for node, periods in found.items():
        stated = {
            (int(s), int(e))
            for s in graph.objects(node, RD.periodStartYear)
            for e in graph.objects(node, RD.periodEndYear)
            if isinstance(s, Literal) and isinstance(e, Literal)
        }
        assert periods <= stated, f"{node}: period {periods} in its name, properties {stated}"


def test_the_period_check_can_fail() -> None:
    graph = Graph()
    graph.parse(
        data='<urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "Plan 2020-2030"@nl .',
        format="turtle",
    )
    assert periods_in_names(graph) == {next(iter(graph.subjects())): {(2020, 2030)}}


def test_every_programme_reference_has_one_relation_type(graph: Graph) -> None:
    # typed relations (docs/data-conventions.md, "Programme relations"): funded by, contributes
    # to, aligns with, ... or 'alleen genoemd' when a source only names the programme
    scheme = ID["scheme/soort-relatie"]
    for ref in graph.subjects(RDF.type, RD.ProgrammeReference):
        types = list(graph.objects(ref, RD.relationType))
        assert len(types) == 1, f"{ref}: {types}"
        assert (types[0], SKOS.inScheme, scheme) in graph, f"{ref}: {types[0]}"


# Numbers in a deal's comments or names that are not a property value, each with the reason
NUMBERS_LEFT_IN_TEXT: dict[tuple[str, str], str] = {
    ("north-sea-port-district", "26"): "004: the Kamer received the covenant on 26 September; "
    "a fact about a document that is not in the graph",
    ("north-sea-port-district", "579247"): "004 footnote 1: Kamerstuk number of that covenant",
    ("rotterdam-zuid-ii", "2030"): "004: an ambition ('In 2030 willen Rijk en gemeente "
    "Rotterdam ...') without an indicator or target value, so no rd:IntendedResult",
}


def numbers_only_in_text(graph: Graph, texts_from: Graph) -> set[tuple[str, str]]:
    """(deal, number) for every number in a deal's comments, labels and alternative names (as
    `texts_from` gives them) that is no literal value of the deal or of a node it links to (its
    status changes, results, ...) in `graph`."""
    found = set()
    for deal in texts_from.subjects(RDF.type, RD.RegioDeal):
        linked = [deal, *(o for o in graph.objects(deal, None) if not isinstance(o, Literal))]
        values = " ".join(
            str(o)
            for node in linked
            for o in graph.objects(node, None)
            if isinstance(o, Literal)
            if not isinstance(o.value, str) or o.datatype is not None
        )
        texts = [
            str(t) for p in (RDFS.comment, *NAME_PROPERTIES) for t in texts_from.objects(deal, p)
        ]
        for number in {n for t in texts for n in re.findall(r"\b\d+\b", t)}:
            if not re.search(rf"(?<![\d.]){number}(?![\d])", values):
                found.add((str(deal).rsplit("/", 1)[1], number))
    return found


def test_numbers_in_deal_texts_are_properties(graph: Graph) -> None:
    # e.g. 004 "In 2019 hebben het Rijk en de Regio Twente een Regio Deal afgesloten" in the
    # Twente comment is also rd:year 2019 of its signed status change. The texts are those of
    # the seed deal files: the comments of web publications (data/ttl/web) are editors' notes on
    # where a figure was read (a row number, a date read), each fact itself a property.
    seeds = parse_files(sorted((get_settings().data_dir / "deals").glob("*.ttl")))
    assert numbers_only_in_text(graph, seeds) == set(NUMBERS_LEFT_IN_TEXT)


# Organisations and people named in a deal's comments or names that the deal does not link to,
# each with the reason
# (none today: "Limburg" in the comment of Parkstad Limburg is inside the deal's own name)
AGENTS_LEFT_IN_TEXT: dict[tuple[str, str], str] = {}
AGENT_CLASSES = (ORG.Organization, FOAF.Person, FOAF.Agent)
AGENT_NAMES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel, FOAF.name, RD.abbreviation)
# A person written into prose by office or form of address ("de minister van ...", "mevrouw ...")
PERSON_IN_PROSE = re.compile(
    r"(?i)\b(minister|staatssecretaris|wethouder|burgemeester|gedeputeerde|mevrouw|de heer)\b"
)


def agent_names(graph: Graph) -> dict[str, set[Node]]:
    """Every name (3 characters or more) of an organisation or person in the graph."""
    agents = {
        a
        for cls in AGENT_CLASSES
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls)
        for a in graph.subjects(RDF.type, sub)
    }
    names: dict[str, set[Node]] = {}
    for agent in agents:
        for prop in AGENT_NAMES:
            for name in graph.objects(agent, prop):
                if len(str(name)) >= 3:
                    names.setdefault(str(name), set()).add(agent)
    return names


def named_in(text: str, names: dict[str, set[Node]]) -> set[str]:
    """The names found in `text`, longest first: "Amsterdam" inside "Metropoolregio Amsterdam"
    is that organisation, not the municipality."""
    found, taken = set(), [False] * len(text)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(taken[m.start() : m.end()]):
                found.add(name)
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return found


def agents_only_in_text(graph: Graph, texts_from: Graph) -> set[tuple[str, str]]:
    """(deal, name) for every organisation or person named in a deal's comments and names (as
    `texts_from` gives them) that is neither the value of a property of the deal nor of a node it
    links to (a participation, a signature, a governance body), and for every office or form of
    address, which names a person in prose."""
    names = agent_names(graph)
    found = set()
    for deal in texts_from.subjects(RDF.type, RD.RegioDeal):
        near = {deal, *(o for o in graph.objects(deal, None) if not isinstance(o, Literal))}
        near |= {o for n in list(near) for o in graph.objects(n, None)}
        key = str(deal).rsplit("/", 1)[1]
        # the names of what the deal links to (a region, a programme) are matched too, so that
        # "Amsterdam" inside its region "Metropoolregio Amsterdam" is the region
        local = {k: set(v) for k, v in names.items()}
        for node in near:
            for name in graph.objects(node, RDFS.label):
                local.setdefault(str(name), set()).add(node)
        for prop in (RDFS.comment, *NAME_PROPERTIES):
            for text in texts_from.objects(deal, prop):
                found |= {(key, n) for n in named_in(str(text), local) if not local[n] & near}
                found |= {(key, m.group(0)) for m in PERSON_IN_PROSE.finditer(str(text))}
    return found


def test_organisations_and_people_in_deal_texts_are_linked(graph: Graph) -> None:
    # e.g. Mainstage's label "(Metropoolregio Amsterdam, Zaanstad, Almere)": each is a party of
    # the deal; the texts are those of the seed deal files (see the numbers test above).
    seeds = parse_files(sorted((get_settings().data_dir / "deals").glob("*.ttl")))
    assert agents_only_in_text(graph, seeds) == set(AGENTS_LEFT_IN_TEXT)


def test_the_agent_check_can_fail(graph: Graph) -> None:
    # A comment naming a school the deal does not link to, and a signer only in prose.
    deal = ID["regiodeal/test-deal"]
    planted = Graph()
    planted.add((deal, RDF.type, RD.RegioDeal))
    planted.add((deal, RDFS.comment, Literal("Ook De Haagse Hogeschool doet mee.", lang="nl")))
    planted.add((deal, RDFS.comment, Literal("Getekend door de minister van LNV.", lang="nl")))
    found = agents_only_in_text(graph + planted, planted)
    assert ("test-deal", "minister") in found
    assert any(name.endswith("Haagse Hogeschool") for key, name in found if key == "test-deal")

"""One IRI per real organisation (docs/data-conventions.md, "Identity and names"): no two
organisations whose names are near-duplicates — the same words once generic words are dropped
("Inholland" / "Hogeschool Inholland"), almost the same spelling, or one name the acronym of the
other ("HHS" / "Haagse Hogeschool"). Pairs that are really different organisations are allowed
below, each with the reason."""

from __future__ import annotations

import itertools
import re
import unicodedata
from difflib import SequenceMatcher

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from regiodeal.namespaces import ID, ORG, RD

ORGANISATION_CLASSES = {
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    RD.Alliance,
    RD.GovernanceBody,
    RD.Ministry,
    RD.Municipality,
    RD.Province,
    RD.PublicBody,
}
NAME_PROPERTIES = (RDFS.label, SKOS.altLabel, RD.abbreviation)
# words that do not tell two organisations apart
GENERIC = {"de", "het", "the", "van", "voor", "en", "stichting", "gemeente", "hogeschool",
           "hogescholen", "vereniging", "organisatie"}  # fmt: skip
ALLOWED: dict[frozenset[str], str] = {
    frozenset({"organisatie/economic-board-arnhem-nijmegen", "organisatie/economic-board-zuid-holland"}):
        "two regional economic boards (004 Arnhem-Nijmegen paragraph; 000 Zuid-Holland)",
    frozenset({"https://identifier.overheid.nl/tooi/id/gemeente/gm0014",
               "https://identifier.overheid.nl/tooi/id/provincie/pv20"}):
        "the municipality and the province of Groningen (TOOI gemeente gm0014, provincie pv20)",
    frozenset({"https://identifier.overheid.nl/tooi/id/gemeente/gm0344",
               "https://identifier.overheid.nl/tooi/id/provincie/pv26"}):
        "the municipality and the province of Utrecht (TOOI gemeente gm0344, provincie pv26)",
}  # fmt: skip


def words(name: str) -> list[str]:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z0-9]+", ascii_name) if w not in GENERIC]


def is_acronym(short: str, name: str) -> bool:
    """'HHS' of 'Haagse Hogeschool': an upper-case abbreviation of 3-6 letters whose letters
    occur in order in the name, starting every word of it (two-letter ones such as 'EZ' are too
    ambiguous to compare)."""
    all_words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).lower())
    if not (3 <= len(short) <= 6 and short.isalpha() and short.isupper() and len(all_words) >= 2):
        return False
    text = "".join(all_words)
    starts = {sum(len(w) for w in all_words[:i]) for i in range(len(all_words))}
    position, used = 0, set()
    for letter in short.lower():
        found = text.find(letter, position)
        if found < 0:
            return False
        used.add(found)
        position = found + 1
    return starts <= used


def near_duplicate(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if sorted(wa) == sorted(wb):
        return True
    ja, jb = "".join(wa), "".join(wb)
    if min(len(ja), len(jb)) >= 6 and SequenceMatcher(None, ja, jb).ratio() >= 0.9:
        return True
    return is_acronym(a, b) or is_acronym(b, a)


def organisation_names(graph: Graph) -> dict[URIRef, set[str]]:
    names: dict[URIRef, set[str]] = {}
    for node in {s for c in ORGANISATION_CLASSES for s in graph.subjects(RDF.type, c)}:
        if isinstance(node, URIRef):
            names[node] = {str(n) for p in NAME_PROPERTIES for n in graph.objects(node, p)}
    return names


def near_duplicates(graph: Graph) -> list[tuple[str, str, str, str]]:
    found = []
    names = organisation_names(graph)
    for a, b in itertools.combinations(sorted(names), 2):
        pair = frozenset({str(a).removeprefix(str(ID)), str(b).removeprefix(str(ID))})
        if pair in ALLOWED:
            continue
        for x, y in itertools.product(names[a], names[b]):
            if near_duplicate(x, y):
                found.append((str(a), x, str(b), y))
                break
    return found


def test_no_two_organisations_have_near_duplicate_names(graph: Graph) -> None:
    assert near_duplicates(graph) == []


def test_the_check_finds_the_duplicates_it_was_made_for() -> None:
    assert near_duplicate("HHS", "Haagse Hogeschool")
    assert near_duplicate("Inholland", "Hogeschool Inholland")
    assert near_duplicate("Stichting Stunt", "Stunt")
    assert not near_duplicate("HHS", "Haagse Pandbrigade")
    assert not near_duplicate("TU Delft", "Delft")
    assert not near_duplicate("alliantie onderwijs", "Alliantie Onderwijs (Den Haag Zuidwest)")


def label_problems(graph: Graph) -> list[str]:
    """The language-tag rule for proper names of persons and organisations: exactly one Dutch
    label (`"…"@nl`; an organisation may add translations such as `@en`), never an untagged
    label; the name forms foaf:name, rd:printedName and rd:abbreviation are plain strings."""
    problems = []
    agents = set(organisation_names(graph)) | {
        s for s in graph.subjects(RDF.type, FOAF.Person) if isinstance(s, URIRef)
    }
    for node in sorted(agents):
        labels = list(graph.objects(node, RDFS.label))
        dutch = [label for label in labels if getattr(label, "language", None) == "nl"]
        untagged = [label for label in labels if getattr(label, "language", None) is None]
        if len(dutch) != 1 or untagged:
            problems.append(f"{node}: labels {sorted(map(repr, labels))}")
        for prop in (FOAF.name, RD.printedName, RD.abbreviation):
            tagged = [n for n in graph.objects(node, prop) if getattr(n, "language", None)]
            if tagged:
                problems.append(f"{node}: tagged {prop}: {tagged}")
    return problems


def test_proper_names_have_one_dutch_label_and_untagged_name_forms(graph: Graph) -> None:
    assert label_problems(graph) == []


def test_the_label_rule_can_fail() -> None:
    graph = Graph()
    graph.parse(
        data="""@prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:p> a foaf:Person ; rdfs:label "Carola Schouten", "Carola Schouten"@nl .
        <urn:q> a foaf:Person ; rdfs:label "A. Slob" ; foaf:name "A. Slob"@nl .""",
        format="turtle",
    )
    assert len(label_problems(graph)) == 3

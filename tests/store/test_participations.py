"""Participations (docs/data-conventions.md, "Roles"): one rd:Participation per value of a role
property, computed at load, with the role, the organisation and the document part(s)."""

from __future__ import annotations

from pyoxigraph import QuerySolutions, Store

from regiodeal.namespaces import sparql_prefixes

PREFIXES = sparql_prefixes("rd", "prov", "skos")
ROLE_PROPERTIES = (
    "ministryParty",
    "regionalParty",
    "partner",
    "regiokassier",
    "fundingProvider",
    "involvedOrganisation",
)


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]


def test_one_participation_per_role_value(query_store: Store) -> None:
    store = query_store
    direct = {
        (deal, prop, agent)
        for prop in ROLE_PROPERTIES
        for deal, agent in select(store, f"SELECT ?d ?o WHERE {{ ?d rd:{prop} ?o }}")
    }
    derived = select(
        store,
        "SELECT ?deal ?property ?agent WHERE { ?deal rd:participation ?p . "
        "?p rd:role ?role ; rd:participant ?agent . ?role rd:shortcut ?property }",
    )
    assert {(d, p.rsplit("#", 1)[1], a) for d, p, a in derived} == direct
    assert len(derived) == len(direct)


def test_the_source_is_per_value_and_exact_when_it_is_one_part(query_store: Store) -> None:
    store = query_store
    # 000 art. 5: Gemeente Delft is the regiokassier (tests/queries: regiokassier-per-deal)
    kassier = select(
        store,
        "SELECT ?part ?exact WHERE { "
        "<https://w3id.org/regiodeal/id/regiodeal/delft-west> rd:participation ?p . "
        "?p rd:role <https://w3id.org/regiodeal/id/rol/regiokassier> ; "
        "prov:wasDerivedFrom ?part ; rd:exactSource ?exact }",
    )
    assert kassier == [
        ("https://w3id.org/regiodeal/id/document/convenant-delft-west/artikel-5", "true")
    ]
    # 000 footnote 14 names "Hogescholen HHS en Inholland": the school's own passage, not every
    # part the deal's fact source lists for the property
    hhs = select(
        store,
        "SELECT ?part WHERE { "
        "<https://w3id.org/regiodeal/id/regiodeal/delft-west> rd:participation ?p . "
        "?p rd:participant <https://w3id.org/regiodeal/id/organisatie/haagse-hogeschool> ; "
        "prov:wasDerivedFrom ?part }",
    )
    assert hhs == [
        ("https://w3id.org/regiodeal/id/document/convenant-delft-west/artikel-2/voetnoot-14",)
    ]
    # rd:exactSource true exactly when one part
    wrong = select(
        store,
        "SELECT ?p WHERE { ?p rd:exactSource ?exact . "
        "{ SELECT ?p (COUNT(?part) AS ?n) WHERE { ?p prov:wasDerivedFrom ?part } GROUP BY ?p } "
        "FILTER (?exact != (?n = 1)) }",
    )
    assert wrong == []

"""Deal lifecycle in the bundled graph: status history, the status at a reference date (derived
at load, never stored), which deals a publication lists and which it only mentions
(docs/data-conventions.md, "Lifecycle"). Sources: 000-004 in data/seeds/."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest
from pyoxigraph import QuerySolutions, Store

from regiodeal.namespaces import sparql_prefixes
from regiodeal.settings import Settings
from regiodeal.store.dataset import bundled_dataset

PREFIXES = sparql_prefixes("rd", "dcterms", "prov", "xsd", "rdfs", "skos") + (
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nPREFIX id: <https://w3id.org/regiodeal/id/>\n"
)
LETTER = "<https://w3id.org/regiodeal/id/document/kamerbrief-vierde-tranche>"
ANNEX = "<https://w3id.org/regiodeal/id/document/kamerbrief-vierde-tranche/bijlage>"
# 004 Bijlage: the five deals whose "II" successor the letter presents (Twente: "In 2019 hebben
# het Rijk en de Regio Twente een Regio Deal afgesloten"; Parkstad: "Het rijk investeert opnieuw")
PREDECESSORS = {"twente", "parkstad-limburg", "zaanij", "rotterdam-zuid", "zuid-en-oost-drenthe"}


@cache
def dataset(on: date) -> Store:
    return bundled_dataset(Settings(reference_date=on))


def rows(store: Store, query: str) -> list[tuple[str | None, ...]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    short = "https://w3id.org/regiodeal/id/"
    return [
        tuple(None if t is None else t.value.removeprefix(short) for t in row) for row in solutions
    ]


def current_status(on: date) -> dict[str, str]:
    found = rows(dataset(on), "SELECT ?deal ?s WHERE { ?deal rd:currentStatus ?s }")
    return {str(deal).removeprefix("regiodeal/"): str(s) for deal, s in found}


def test_every_deal_has_exactly_one_current_status() -> None:
    store = dataset(date(2024, 1, 1))
    deals = rows(store, "SELECT ?d WHERE { ?d a rd:RegioDeal }")
    assert len(current_status(date(2024, 1, 1))) == len(deals)
    assert not rows(store, "SELECT ?d WHERE { ?d rd:currentStatus ?a, ?b FILTER(?a != ?b) }")


@pytest.mark.parametrize(
    ("on", "ended"),
    [
        # 002 art. 14: "eindigt op 31 juli 2023": still running on the end date itself
        (date(2023, 7, 31), set()),
        (date(2023, 8, 1), {"den-haag-zuidwest"}),
        # 001 art. 19: 31 december 2027; 000 art. 19 lid 1: 31 december 2028
        (date(2028, 1, 1), {"den-haag-zuidwest", "den-haag-zuidwest-ii"}),
        (date(2029, 1, 1), {"den-haag-zuidwest", "den-haag-zuidwest-ii", "delft-west"}),
    ],
)
def test_ended_is_derived_from_the_end_date(on: date, ended: set[str]) -> None:
    status = current_status(on)
    assert {d for d, s in status.items() if s == "status/beeindigd"} == ended
    # the stored status stays what the sources say
    stored = rows(
        dataset(on), "SELECT ?d WHERE { GRAPH ?g { ?d rd:status id:status\\/beeindigd } }"
    )
    assert stored == []


def test_the_ended_status_change_is_computed_dated_and_sourced() -> None:
    store = dataset(date(2024, 1, 1))
    found = rows(
        store,
        "SELECT ?date ?year ?part ?computed WHERE { "
        "id:regiodeal\\/den-haag-zuidwest rd:statusChange ?c . "
        "?c rd:newStatus id:status\\/beeindigd ; dcterms:date ?date ; rd:year ?year ; "
        "prov:wasDerivedFrom ?part ; rd:computed ?computed }",
    )
    assert found == [
        ("2023-07-31", "2023", "document/convenant-den-haag-zuidwest/artikel-14", "true")
    ]
    # only in the inferred graph, which carries its reference date
    assert (
        rows(
            store,
            "SELECT ?c WHERE { GRAPH ?g { ?c rd:newStatus id:status\\/beeindigd } "
            "FILTER(?g != <https://w3id.org/regiodeal/graph/inferred>) }",
        )
        == []
    )
    assert rows(
        store, "SELECT ?d WHERE { <https://w3id.org/regiodeal/graph/inferred> rd:referenceDate ?d }"
    ) == [("2024-01-01",)]


def test_status_history_has_a_source_for_every_change() -> None:
    store = dataset(date(2024, 1, 1))
    assert (
        rows(
            store,
            "SELECT ?c WHERE { ?deal rd:statusChange ?c . "
            "FILTER NOT EXISTS { ?c prov:wasDerivedFrom ?part } }",
        )
        == []
    )
    # every stated change reaches a status of the code list
    assert (
        rows(
            store,
            "SELECT ?c WHERE { ?c a rd:StatusChange ; rd:newStatus ?s . "
            "FILTER NOT EXISTS { ?s skos:inScheme id:scheme\\/status } }",
        )
        == []
    )


def test_fourth_tranche_deals_were_selected_in_2023_and_signed() -> None:
    # 004 inleiding: "In februari jl. selecteerde het kabinet veertien voorstellen" (letter of
    # 1 November 2023): 14 = the 13 the letter offers + North Sea Port District
    store = dataset(date(2024, 1, 1))
    selected = rows(
        store,
        "SELECT ?deal WHERE { ?deal rd:statusChange ?c . "
        "?c rd:newStatus id:status\\/geselecteerd ; rd:year 2023 }",
    )
    # the deals the letter lists (the 17-02-2023 news adds one proposal kept apart in
    # data/ttl/web, 'Metropoolregio-Oost / Flevoland-West', and dates each selection itself)
    letter = rows(store, f"SELECT ?deal WHERE {{ {LETTER} rd:listsDeal ?deal }}")
    assert len(set(letter)) == 14
    kept_apart = ("regiodeal/metropoolregio-oost-flevoland-west",)
    assert set(selected) == set(letter) | {kept_apart}
    signed = rows(
        store,
        f"SELECT DISTINCT ?deal WHERE {{ {LETTER} rd:listsDeal ?deal . ?deal rd:statusChange ?c ."
        " ?c rd:newStatus id:status\\/ondertekend }",
    )
    assert set(signed) == set(letter)


def test_the_letter_lists_its_fourteen_deals_and_mentions_the_predecessors() -> None:
    store = dataset(date(2024, 1, 1))
    listed = {d for (d,) in rows(store, f"SELECT ?d WHERE {{ {LETTER} rd:listsDeal ?d }}")}
    tranche4 = {d for (d,) in rows(store, "SELECT ?d WHERE { ?d rd:tranche id:tranche\\/4 }")}
    # tranche 4 also holds the proposal of the 17-02-2023 selection kept apart (data/ttl/web)
    assert tranche4 - listed == {"regiodeal/metropoolregio-oost-flevoland-west"}
    assert listed < tranche4 and len(listed) == 14
    # each annex paragraph lists its one deal (13 paragraphs)
    annex = rows(
        store,
        f"SELECT ?part ?d WHERE {{ ?part dcterms:isPartOf {ANNEX} ; rd:listsDeal ?d }}",
    )
    assert len(annex) == 13
    mentioned = {d for (d,) in rows(store, f"SELECT ?d WHERE {{ {LETTER} rd:mentionsDeal ?d }}")}
    assert mentioned == {f"regiodeal/{d}" for d in PREDECESSORS}


def test_deals_known_only_from_mentions_are_the_predecessors() -> None:
    store = dataset(date(2024, 1, 1))
    only_mentioned = rows(
        store,
        # among the seed documents: web publications (data/ttl/web) list the predecessors too
        "SELECT DISTINCT ?deal WHERE { ?seed rd:mentionsDeal ?deal . "
        "FILTER NOT EXISTS { ?doc foaf:primaryTopic|rd:listsDeal ?deal . "
        "FILTER NOT EXISTS { ?doc a rd:WebPublication } "
        "FILTER NOT EXISTS { ?doc dcterms:isPartOf+ ?pub . ?pub a rd:WebPublication } } }",
    )
    assert {d for (d,) in only_mentioned} == {f"regiodeal/{d}" for d in PREDECESSORS}
    # the four documents about one deal: three covenants and the application
    primary = rows(store, "SELECT ?doc ?deal WHERE { ?doc foaf:primaryTopic ?deal }")
    assert len(primary) == 4


def test_an_application_passed_over_by_a_selection_is_not_selected_from_that_day() -> None:
    # 003: the Rijswijk en Den Haag application (status 'aanvraag') for the 6th tranche; the
    # selection of 3 February 2025 (rijksoverheid.nl) lists 16 proposals, not this one.
    query = (
        "SELECT ?s WHERE { <https://w3id.org/regiodeal/id/regiodeal/rijswijk-den-haag> "
        "rd:currentStatus ?s }"
    )
    assert rows(dataset(date(2025, 2, 2)), query) == [("status/aanvraag",)]
    assert rows(dataset(date(2025, 2, 3)), query) == [("status/niet-geselecteerd",)]

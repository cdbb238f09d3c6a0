"""Cross-file consistency of data/ttl: labels, types, dangling IRIs, provenance chains, deals."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from regiodeal.namespaces import ID, RD
from regiodeal.settings import get_settings
from regiodeal.store.files import turtle_files

from .graph_helpers import document_classes, document_of


@pytest.fixture(scope="module")
def file_graphs() -> dict[str, Graph]:
    data = get_settings().data_dir
    return {
        str(path.relative_to(data)): Graph().parse(path, format="turtle")
        for path in turtle_files()
        if path.is_relative_to(data)
    }


def ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(ID))


def label_clashes(graph: Graph) -> list[str]:
    out = []
    for s in set(graph.subjects(RDFS.label, None)):
        by_lang = defaultdict(set)
        for label in graph.objects(s, RDFS.label):
            by_lang[getattr(label, "language", None)].add(str(label))
        out += [f"{s} @{lang}: {sorted(v)}" for lang, v in by_lang.items() if len(v) > 1]
    return out


def test_one_label_per_language(graph: Graph):
    """Variant names go in skos:altLabel (with a rd:Discrepancy where the source explains them)."""
    clashes = label_clashes(graph)
    assert not clashes, "\n".join(sorted(clashes))


def test_no_resource_in_two_disjoint_classes(graph: Graph):
    bad = [
        f"{s} is both {a} and {b}"
        for a, b in graph.subject_objects(OWL.disjointWith)
        for s in set(graph.subjects(RDF.type, a)) & set(graph.subjects(RDF.type, b))
    ]
    assert not bad, "\n".join(bad)


def test_files_agree_on_types(file_graphs: dict[str, Graph]):
    """A resource typed in several files has the same types in each (e.g. <gebied/den-haag-zuidwest>
    is a rd:Wijk -- 'dit stadsdeel', Kamerbrief vierde tranche -- in both Den Haag Zuidwest files)."""
    types: dict[URIRef, dict[str, frozenset]] = defaultdict(dict)
    for name, g in file_graphs.items():
        for s in set(g.subjects(RDF.type, None)):
            if ours(s):
                types[s][name] = frozenset(g.objects(s, RDF.type))
    bad = [
        f"{s}: " + "; ".join(f"{f}: {sorted(t)}" for f, t in sorted(by_file.items()))
        for s, by_file in types.items()
        if len(set(by_file.values())) > 1
    ]
    assert not bad, "\n".join(sorted(bad))


def test_den_haag_zuidwest_is_a_wijk(graph: Graph):
    area = ID["gebied/den-haag-zuidwest"]
    assert (area, RDF.type, RD.Wijk) in graph and (area, RDF.type, RD.Area) not in graph


@pytest.mark.parametrize("body", ["orgaan/alliantieraad-wij-west", "orgaan/alliantieraad-zuidwest"])
def test_shared_bodies_are_in_programmes(file_graphs: dict[str, Graph], body: str):
    """NPLV bodies used by more than one deal are described in reference/programmes.ttl only."""
    node = ID[body]
    describing = [name for name, g in file_graphs.items() if (node, RDF.type, None) in g]
    assert describing == ["reference/programmes.ttl"], describing


def test_no_dangling_iris(graph: Graph):
    """Every IRI under /id/ used as an object is described (has an rdf:type) somewhere."""
    dangling = sorted(
        {
            f"{o} (object of {p} on {s})"
            for s, p, o in graph
            if ours(o) and (o, RDF.type, None) not in graph
        }
    )
    assert not dangling, "\n".join(dangling)


def reaches_document(graph: Graph, part) -> bool:
    return document_of(graph, part) is not None


def test_every_cited_part_reaches_a_document(graph: Graph):
    cited = set(graph.objects(None, PROV.wasDerivedFrom)) | set(
        graph.objects(None, RD.sourceLocation)
    )
    cited = {c for c in cited if ours(c)}
    assert len(cited) > 100
    bad = sorted(str(c) for c in cited if not reaches_document(graph, c))
    assert not bad, "\n".join(bad)
    documents = {d for cls in document_classes(graph) for d in graph.subjects(RDF.type, cls)}
    for part in cited - documents:
        assert (part, RDF.type, RD.DocumentPart) in graph, part


def test_every_deal_has_status_and_a_source_document(graph: Graph):
    deals = set(graph.subjects(RDF.type, RD.RegioDeal))
    assert len(deals) >= 20
    for deal in deals:
        assert graph.value(deal, RD.status) is not None, f"{deal} has no rd:status"
        # the document itself (seed deals) or a part of it (web publications: heading, table row)
        docs = [
            d for d in graph.objects(deal, PROV.wasDerivedFrom) if document_of(graph, d) is not None
        ]
        assert docs, f"{deal} is not prov:wasDerivedFrom a rd:SourceDocument or a part of one"


def test_programme_owners_use_rd_owner(graph: Graph):
    programmes = set(graph.subjects(RDF.type, RD.NationalProgramme)) | set(
        graph.subjects(RDF.type, RD.RegionalProgramme)
    )
    assert not [p for p in programmes if (p, DCTERMS.creator, None) in graph]
    assert {p for p in programmes if (p, RD.owner, None) in graph}


def test_regional_programmes(graph: Graph):
    regional = {
        str(p).removeprefix(str(ID)) for p in graph.subjects(RDF.type, RD.RegionalProgramme)
    }
    assert {
        "programma/brede-aanpak-den-haag-zuidwest",
        "programma/uitvoeringsplan-zuidwest",
        "programma/gebiedsplan-wij-west",
        "programma/wij-west",
        "programma/arbeidsmigratie-in-goede-banen",
        "programma/regionale-realisatieagenda-woningbouw-haaglanden",
    } <= regional
    # Provincial: stays a rd:NationalProgramme ("van Rijk of provincie").
    assert (
        ID["programma/human-capital-agenda-zuid-holland"],
        RDF.type,
        RD.NationalProgramme,
    ) in graph


# --- the checks can fail ---------------------------------------------------------------------


def test_checks_catch_a_broken_graph():
    g = Graph()
    node = ID["gebied/x"]
    g.add((node, RDFS.label, Literal("A", lang="nl")))
    g.add((node, RDFS.label, Literal("B", lang="nl")))
    assert label_clashes(g)
    g.add((ID["document/x/artikel-1"], DCTERMS.isPartOf, ID["document/x"]))
    assert not reaches_document(g, ID["document/x/artikel-1"])
    g.add((ID["document/x"], RDF.type, RD.SourceDocument))
    assert reaches_document(g, ID["document/x/artikel-1"])

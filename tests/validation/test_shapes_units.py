"""What the report reads of the shapes (validation/shapes.py), on small hand-made shapes and
results graphs: no SHACL run. The results graphs are written as pySHACL writes them
(sh:ValidationResult with focus node, value, path, source shape/constraint/component and
messages); the expected texts are filled in by hand.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from regiodeal.validation.shapes import (
    ShapeInfo,
    by_lang,
    fill_component_messages,
    load_shapes,
    localised_messages,
    named_shape,
    shape_info,
)

EX = "https://example.org/shapes#"
PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    f"@prefix ex: <{EX}> .\n"
)


def ttl(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


# ------------------------------------------------------------------ loading and texts


def test_load_shapes_reads_every_ttl_file_of_the_directory(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(PREFIXES + "ex:A a sh:NodeShape .\n", encoding="utf-8")
    (tmp_path / "b.ttl").write_text(PREFIXES + "ex:B a sh:NodeShape .\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("not turtle at all", encoding="utf-8")
    graph = load_shapes(tmp_path)
    assert set(graph.subjects(RDF.type, SH.NodeShape)) == {ex("A"), ex("B")}
    assert load_shapes(tmp_path) is graph  # parsed once


def test_by_lang_keeps_one_text_per_language() -> None:
    graph = ttl('ex:S sh:name "naam"@nl, "name"@en, "plain" ; sh:name ex:NotText .')
    assert by_lang(graph, ex("S"), SH.name) == {"nl": "naam", "en": "name", "": "plain"}
    assert by_lang(graph, ex("Other"), SH.name) == {}


# ------------------------------------------------------------------ shape_info

SHAPES = ttl(
    """
    ex:Deal a sh:NodeShape ;
        sh:name "Deal: structuur"@nl, "Deal: structure"@en ;
        rd:reportSection "identity" ;
        rd:legalBasis ex:b, ex:a ;
        rd:legalBasisCitation "artikel 1"@nl, "article 1"@en ;
        rd:contextual true ;
        sh:property ex:EndProperty, [ sh:path ex:start ; sh:name "begin"@nl ],
            [ sh:path ex:x ; sh:message "bericht"@nl ] .
    ex:EndProperty sh:name "einddatum"@nl, "end date"@en .
    ex:Plain a sh:NodeShape ; rd:contextual "true" .
    ex:False a sh:NodeShape ; rd:contextual false .
    ex:Partial a sh:NodeShape ; sh:name "alleen Engels"@en ;
        sh:property [ sh:path ex:p ; sh:name "eigen"@nl ] .
    """
)


def property_of(parent: str, path: str) -> BNode:
    [node] = [
        p
        for p in SHAPES.objects(ex(parent), SH.property)
        if isinstance(p, BNode) and SHAPES.value(p, SH.path) == ex(path)
    ]
    return node


def test_a_named_shape_with_all_its_report_metadata() -> None:
    assert shape_info(SHAPES, ex("Deal")) == ShapeInfo(
        iri=ex("Deal"),
        name={"nl": "Deal: structuur", "en": "Deal: structure"},
        section="identity",
        legal_basis=(EX + "a", EX + "b"),  # sorted
        citation={"nl": "artikel 1", "en": "article 1"},
        contextual=True,
    )
    # a named property shape reports as itself, with the defaults
    assert shape_info(SHAPES, ex("EndProperty")) == ShapeInfo(
        iri=ex("EndProperty"), name={"nl": "einddatum", "en": "end date"}
    )
    assert shape_info(SHAPES, ex("Deal")).section == "identity"
    assert shape_info(SHAPES, ex("Plain")).section == "structure"
    # only the boolean true makes a contextual shape
    assert shape_info(SHAPES, ex("Plain")).contextual is False
    assert shape_info(SHAPES, ex("False")).contextual is False


def test_a_blank_property_shape_reports_as_its_parent() -> None:
    start = property_of("Deal", "start")
    assert named_shape(SHAPES, start) == ex("Deal")
    info = shape_info(SHAPES, start)
    assert info.iri == ex("Deal") and info.section == "identity" and info.contextual is True
    assert info.name == {"nl": "Deal: structuur - begin"}  # only the languages it names itself
    # without a name of its own: the parent's name
    assert shape_info(SHAPES, property_of("Deal", "x")).name == {
        "nl": "Deal: structuur",
        "en": "Deal: structure",
    }
    # the parent lacks that language: the own name after an empty one
    assert shape_info(SHAPES, property_of("Partial", "p")).name == {"nl": " - eigen"}


def test_a_blank_shape_without_a_parent_is_itself() -> None:
    graph = ttl('[] a sh:NodeShape ; sh:name "los"@nl .')
    [blank] = graph.subjects(RDF.type, SH.NodeShape)
    assert named_shape(graph, blank) == blank
    info = shape_info(graph, blank)
    assert info.iri == URIRef(str(blank)) and info.name == {"nl": "los"}
    assert named_shape(graph, ex("Deal")) == ex("Deal")


# ------------------------------------------------------------------ messages of results

RESULTS_SHAPES = ttl(
    """
    ex:Partner a sh:PropertyShape ;
        sh:message "{$value} is zowel partner als partij (x)."@nl,
            "{$value} is both partner and party (x)."@en .
    ex:Dates a sh:NodeShape ; sh:sparql ex:DatesSparql ;
        sh:message "Vorm: {?this}"@nl ; sh:description "Omschrijving {?value}"@fr .
    ex:DatesSparql sh:message "Begin {?value} ligt na einde."@nl,
        "Start {?value} is after end."@en .
    """
)


def result_graph(
    *messages: Literal, shape: str = "Partner", constraint: str | None = None
) -> Graph:
    results = Graph()
    result = ex("result")
    results.add((result, RDF.type, SH.ValidationResult))
    results.add((result, SH.focusNode, ex("deal")))
    results.add((result, SH.resultPath, ex("partner")))
    results.add((result, SH.sourceShape, ex(shape)))
    if constraint:
        results.add((result, SH.sourceConstraint, ex(constraint)))
    for message in messages:
        results.add((result, SH.resultMessage, message))
    return results


def test_untagged_messages_get_the_language_of_their_template() -> None:
    # pySHACL filled {$value} but dropped the tag: the template tells the language
    results = result_graph(
        Literal(f"{EX}org is zowel partner als partij (x)."),
        Literal(f"{EX}org is both partner and party (x)."),
    )
    messages = localised_messages(results, RESULTS_SHAPES, ex("result"), ex("org"))
    assert messages == {
        "nl": f"{EX}org is zowel partner als partij (x).",
        "en": f"{EX}org is both partner and party (x).",
    }


def test_templates_of_the_constraint_come_before_those_of_the_shape() -> None:
    results = result_graph(
        Literal("Begin 2030-01-01 ligt na einde."),
        Literal("Vorm: {?this}"),  # the shape's Dutch template: not used, the constraint's is
        shape="Dates",
        constraint="DatesSparql",
    )
    messages = localised_messages(results, RESULTS_SHAPES, ex("result"), Literal("2030-01-01"))
    assert messages == {"nl": "Begin 2030-01-01 ligt na einde.", "": f"Vorm: {EX}deal"}
    # without a source constraint: the shape's own template
    results = result_graph(Literal("Vorm: {?this}"), shape="Dates")
    assert localised_messages(results, RESULTS_SHAPES, ex("result"), None) == {
        "nl": f"Vorm: {EX}deal"
    }


def test_placeholders_are_filled_where_pyshacl_left_them() -> None:
    # core constraints: pySHACL fills nothing; both spellings of each slot are filled
    results = result_graph(
        Literal("{$this} / {?this}: {$path} {?path} = {$value} {?value} {?other}", lang="en"),
        Literal("untagged, no template"),
        Literal("Tekst met {$value}\nover twee regels", lang="nl"),
    )
    messages = localised_messages(results, RESULTS_SHAPES, ex("result"), Literal(7))
    assert messages == {
        "en": f"{EX}deal / {EX}deal: {EX}partner {EX}partner = 7 7 {{?other}}",
        "": "untagged, no template",
        "nl": "Tekst met 7\nover twee regels",
    }
    # no value: the slot stays as written
    results = result_graph(Literal("waarde {$value}", lang="nl"))
    assert localised_messages(results, RESULTS_SHAPES, ex("result"), None) == {
        "nl": "waarde {$value}"
    }


def language_of(text: str) -> list[str]:
    results = result_graph(Literal(text), shape="Dates", constraint="DatesSparql")
    return list(localised_messages(results, RESULTS_SHAPES, ex("result"), None))


def test_a_message_must_match_the_whole_template() -> None:
    # templates "Begin {?value} ligt na einde."@nl and "Start {?value} is after end."@en
    assert language_of("Begin 1 ligt na einde.") == ["nl"]
    assert language_of("Start 1 is after end.") == ["en"]
    assert language_of("Omschrijving 1") == [""]  # a description is no message template
    assert language_of("Ook: Begin 1 ligt na einde.") == [""]  # something before the template
    assert language_of("Begin 1 ligt na einde. En meer") == [""]  # and after it
    assert language_of("Begin 1 ligt na eindeX") == [""]  # "." is a full stop, not any character
    assert language_of("Start a\nb is after end.") == ["en"]  # a value may span lines
    # "(x)" in a template is text, not a regular-expression group
    results = result_graph(Literal("o is zowel partner als partij x."))
    assert list(localised_messages(results, RESULTS_SHAPES, ex("result"), None)) == [""]
    results = result_graph(Literal("o is zowel partner als partij (x)."))
    assert list(localised_messages(results, RESULTS_SHAPES, ex("result"), None)) == ["nl"]


# ------------------------------------------------------------------ SPARQL-based components

COMPONENT = """
    ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/shapes#"^^xsd:anyURI ],
        [ sh:prefix "other" ; sh:namespace "https://example.org/other#"^^xsd:anyURI ] .
    ex:LimitComponent a sh:ConstraintComponent ;
        sh:parameter [ sh:description "no path" ] , [ sh:path ex:limit ] ;
        sh:{link} [
            sh:prefixes ex:decl ;
            sh:select '''SELECT $this ?total ?over WHERE {{
                $this ex:amount ?total . BIND (?total - $limit AS ?over) FILTER (?over > 0)
                FILTER (!BOUND(?value) || ?value = ?total) }}'''
        ] .
    ex:AskComponent a sh:ConstraintComponent ;
        sh:validator [ sh:ask "ASK {{ }}" ] .
    ex:Shape ex:limit 10 .
"""
DATA = Graph()  # its triples only: no "ex:" binding the queries could fall back on
DATA += ttl("ex:b1 ex:amount 25 . ex:b2 ex:amount 12 .")


def component_results(component: str, focus: str, value: int | None = None) -> Graph:
    results = Graph()
    result = BNode()
    results.add((result, RDF.type, SH.ValidationResult))
    results.add((result, SH.focusNode, ex(focus)))
    results.add((result, SH.sourceShape, ex("Shape")))
    results.add((result, SH.sourceConstraintComponent, ex(component)))
    if value is not None:
        results.add((result, SH.value, Literal(value)))
    results.add((result, SH.resultMessage, Literal("Bedrag {?total}, {?over} te veel", lang="nl")))
    results.add((result, SH.resultMessage, Literal("Amount {?total}, {?over} too much", lang="en")))
    results.add((result, SH.resultMessage, Literal("{?total}/{$this}")))
    return results


def messages_of(results: Graph) -> set[Literal]:
    return set(results.objects(None, SH.resultMessage))


def test_component_messages_get_every_variable_of_the_solution() -> None:
    for link in ("nodeValidator", "propertyValidator", "validator"):
        shapes = ttl(COMPONENT.format(link=link))
        results = component_results("LimitComponent", "b1")
        fill_component_messages(results, shapes, DATA)
        # ex:b1: total 25, limit 10 (the shape's value of the parameter's path), 15 over
        assert messages_of(results) == {
            Literal("Bedrag 25, 15 te veel", lang="nl"),
            Literal("Amount 25, 15 too much", lang="en"),
            Literal(f"25/{EX}b1"),
        }, link
    results = component_results("LimitComponent", "b2")
    fill_component_messages(results, shapes, DATA)
    assert Literal("Bedrag 12, 2 te veel", lang="nl") in messages_of(results)


def test_the_value_of_a_result_is_bound_in_the_query() -> None:
    shapes = ttl(COMPONENT.format(link="nodeValidator"))
    results = component_results("LimitComponent", "b1", value=25)
    fill_component_messages(results, shapes, DATA)
    assert Literal("Bedrag 25, 15 te veel", lang="nl") in messages_of(results)
    # a value with no solution: nothing to fill, the message stays as it was
    results = component_results("LimitComponent", "b1", value=99)
    fill_component_messages(results, shapes, DATA)
    assert Literal("Bedrag {?total}, {?over} te veel", lang="nl") in messages_of(results)


def test_other_results_are_left_alone() -> None:
    shapes = ttl(COMPONENT.format(link="nodeValidator"))
    for component in ("AskComponent", "NoSuchComponent"):
        results = component_results(component, "b1")
        before = messages_of(results)
        fill_component_messages(results, shapes, DATA)
        assert messages_of(results) == before
    results = component_results("LimitComponent", "b1")
    results.remove((None, SH.sourceConstraintComponent, None))
    fill_component_messages(results, shapes, DATA)
    assert Literal("{?total}/{$this}") in messages_of(results)
    # a result of another type is not looked at
    results = component_results("LimitComponent", "b1")
    results.remove((None, RDF.type, SH.ValidationResult))
    results.add((next(results.subjects(SH.focusNode, None)), RDF.type, SH.ValidationReport))
    fill_component_messages(results, shapes, DATA)
    assert Literal("{?total}/{$this}") in messages_of(results)


def test_a_parameter_path_as_a_hash_or_slash_iri() -> None:
    # the parameter binds the variable of its path's local name, after '#' or the last '/'
    shapes = ttl(
        COMPONENT.format(link="nodeValidator")
        .replace("sh:path ex:limit", "sh:path <https://example.org/p/limit>")
        .replace("ex:Shape ex:limit 10", "ex:Shape <https://example.org/p/limit> 20")
    )
    results = component_results("LimitComponent", "b1")
    fill_component_messages(results, shapes, DATA)
    assert Literal("Bedrag 25, 5 te veel", lang="nl") in messages_of(results)


def test_each_result_is_filled_from_its_own_solution() -> None:
    # two component results and a core one in one results graph, the core one first
    shapes = ttl(COMPONENT.format(link="nodeValidator"))
    results = Graph()
    core = BNode()
    results.add((core, RDF.type, SH.ValidationResult))
    results.add((core, SH.focusNode, ex("b1")))
    results.add((core, SH.sourceConstraintComponent, SH.MinCountConstraintComponent))
    results.add((core, SH.resultMessage, Literal("{?total} ontbreekt", lang="nl")))
    results += component_results("LimitComponent", "b1")
    results += component_results("LimitComponent", "b2")
    fill_component_messages(results, shapes, DATA)
    by_focus = {
        str(results.value(r, SH.focusNode))[len(EX) :] + ("-core" if r == core else ""): {
            str(m)
            for m in results.objects(r, SH.resultMessage)
            if getattr(m, "language", "") == "nl"
        }
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert by_focus == {
        "b1-core": {"{?total} ontbreekt"},
        "b1": {"Bedrag 25, 15 te veel"},
        "b2": {"Bedrag 12, 2 te veel"},
    }
    # localised_messages reads only the messages of the result asked
    [b2] = [r for r in results.subjects(SH.focusNode, ex("b2"))]
    assert localised_messages(results, shapes, b2, None) == {
        "nl": "Bedrag 12, 2 te veel",
        "en": "Amount 12, 2 too much",
        "": f"12/{EX}b2",
    }


def test_an_ask_validator_is_not_filled_from_another_components_select() -> None:
    shapes = ttl(
        """
        ex:Plain a sh:ConstraintComponent ; sh:nodeValidator [
            sh:select
                "SELECT $this ?total WHERE { $this <https://example.org/shapes#amount> ?total }"
        ] .
        ex:Ask a sh:ConstraintComponent ; sh:validator [ sh:ask "ASK { }" ] .
        """
    )
    results = component_results("Ask", "b1")
    fill_component_messages(results, shapes, DATA)
    assert Literal("{?total}/{$this}") in messages_of(results)
    results = component_results("Plain", "b1")
    fill_component_messages(results, shapes, DATA)
    assert Literal(f"25/{EX}b1") in messages_of(results)


def test_a_validator_gets_only_its_own_prefixes() -> None:
    # another component declares "ex" for another namespace: LimitComponent's query must not
    # see that declaration (with both, one PREFIX ex: line would hide the other)
    other = """
        ex:declOther sh:declare
            [ sh:prefix "ex" ; sh:namespace "https://example.org/nowhere#"^^xsd:anyURI ] .
        ex:OtherComponent a sh:ConstraintComponent ;
            sh:nodeValidator [ sh:prefixes ex:declOther ; sh:select "SELECT $this WHERE { }" ] .
    """
    for shapes in (
        ttl(other + COMPONENT.format(link="nodeValidator")),
        ttl(COMPONENT.format(link="nodeValidator") + other),
    ):
        results = component_results("LimitComponent", "b1")
        fill_component_messages(results, shapes, DATA)
        assert Literal("Bedrag 25, 15 te veel", lang="nl") in messages_of(results)

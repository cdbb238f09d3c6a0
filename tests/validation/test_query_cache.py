"""The parsed SPARQL queries kept in the store directory (issue #16): a later process validates
with them exactly as with freshly parsed ones and parses nothing; a changed shape or other
libraries give another key, and the file is not used; a damaged file is ignored and written
again, never a crash."""

from __future__ import annotations

import pickle
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue, Expr

from regiodeal.namespaces import RD
from regiodeal.settings import REPO_ROOT, Settings, get_settings
from regiodeal.validation import kit as kit_module
from regiodeal.validation import queries
from regiodeal.validation.context import PublishedContext
from regiodeal.validation.engine import Report, validate_graph
from regiodeal.validation.queries import QUERIES, cache_key, canonical

# The case of tests/shapes/constraints/StartDayAfterSigningShape.trig: signed on 1 and 10 June
# 2024, so the deal takes effect on 11 June; it says 1 July. bulk.py compiles every shape of
# shapes/*.ttl, so pySHACL (and the cache of its queries) runs only on the reference path,
# `bulk=False`, which these tests take: rd:StartDayAfterSigningShape's query is then one that
# pySHACL sends and that is kept.
LATE_START = """
@prefix rd: <https://w3id.org/regiodeal/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/regiodeal/id/test/deal> a rd:RegioDeal ; rd:startDate "2024-07-01"^^xsd:date ;
    rd:signature <https://w3id.org/regiodeal/id/test/s1>, <https://w3id.org/regiodeal/id/test/s2> .
<https://w3id.org/regiodeal/id/test/s1> rd:signingDate "2024-06-01"^^xsd:date .
<https://w3id.org/regiodeal/id/test/s2> rd:signingDate "2024-06-10"^^xsd:date .
"""
DEAL = get_settings().data_dir / "deals" / "delft-west.ttl"
CASES = REPO_ROOT / "tests" / "shapes" / "constraints"


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process starts: no kit and no parsed query in memory."""
    monkeypatch.setattr(kit_module, "_KITS", {})
    for name in ("_PARSED", "_PICKLED", "_KEPT", "_STORED"):
        monkeypatch.setattr(queries, name, {})


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    new_process(monkeypatch)


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts rdflib is asked to parse from now on."""
    parsed: list[str] = []

    def counted(text: str) -> object:
        parsed.append(text)
        return prepareQuery(text)

    monkeypatch.setattr(queries, "prepareQuery", counted)
    return parsed


def validate(settings: Settings, data: Graph) -> Report:
    context = PublishedContext.from_settings(settings, published=False)
    return validate_graph(data, context, settings, bulk=False)  # pySHACL: see LATE_START


def late_start() -> Graph:
    return Graph().parse(data=LATE_START, format="turtle")


def start_findings(report: Report) -> list[tuple[str, str | None]]:
    return [
        (f.focus, f.value) for f in report.findings if f.shape == str(RD.StartDayAfterSigningShape)
    ]


def with_store(store_dir: Path, **changes: object) -> Settings:
    return get_settings().model_copy(update={"store_dir": store_dir, **changes})


def test_kept_queries_validate_as_parsed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = with_store(tmp_path)
    first = validate(settings, late_start())
    # by hand: the one late start date, of the one deal
    assert start_findings(first) == [("https://w3id.org/regiodeal/id/test/deal", "2024-07-01")]
    kept = pickle.loads((tmp_path / QUERIES).read_bytes())
    assert len(kept["queries"]) >= 1
    new_process(monkeypatch)
    parsed = parses(monkeypatch)
    again = validate(settings, late_start())
    assert parsed == []  # every query came from the file
    assert again.findings == first.findings


def test_kept_queries_give_the_bundled_deal_its_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Graph().parse(DEAL)
    plain = validate(get_settings(), data)  # no store: nothing kept, all parsed
    settings = with_store(tmp_path)
    validate(settings, data)
    new_process(monkeypatch)
    parsed = parses(monkeypatch)
    kept = validate(settings, data)
    assert plain.findings  # (two empty reports would prove nothing)
    assert kept.findings == plain.findings and parsed == []


def test_changed_shape_is_not_answered_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = tmp_path / "shapes"
    shutil.copytree(get_settings().shapes_dir, shapes)
    store = tmp_path / "store"
    store.mkdir()
    settings = with_store(store, shapes_dir=shapes)
    validate(settings, late_start())
    before = pickle.loads((store / QUERIES).read_bytes())["key"]
    rules = shapes / "rules.ttl"
    text = rules.read_text(encoding="utf-8")
    # the late start's query, changed: the day after the last signature becomes two days after
    assert text.count('"P1D"^^xsd:dayTimeDuration') == 1
    rules.write_text(text.replace('"P1D"^^xsd:dayTimeDuration', '"P2D"^^xsd:dayTimeDuration'))
    new_process(monkeypatch)
    parsed = parses(monkeypatch)
    report = validate(settings, late_start())
    assert any("P2D" in t for t in parsed)  # the changed query was parsed, not read back
    assert start_findings(report)  # 1 July is not 12 June either
    after = pickle.loads((store / QUERIES).read_bytes())
    assert after["key"] != before
    assert after["key"] == cache_key(kit_module.validation_kit(settings).key)
    assert not any("P1D" in t for t in after["queries"])  # nothing of the old shapes is kept


def test_key_follows_the_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key("kit")
    monkeypatch.setattr(queries.pyshacl, "__version__", "0.0.0")
    assert cache_key("kit") != before
    assert cache_key("other kit") != cache_key("kit")


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps(["a", "list"]), b""])
def test_damaged_file_is_ignored_and_written_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    damage: bytes,
) -> None:
    settings = with_store(tmp_path)
    (tmp_path / QUERIES).write_bytes(damage)
    parsed = parses(monkeypatch)
    report = validate(settings, late_start())
    assert start_findings(report) == [("https://w3id.org/regiodeal/id/test/deal", "2024-07-01")]
    assert parsed  # parsed again
    if damage != pickle.dumps(["a", "list"]):
        assert "not used" in caplog.text
    kept = pickle.loads((tmp_path / QUERIES).read_bytes())  # replaced by a good one
    assert kept["key"] == cache_key(kit_module.validation_kit(settings).key)
    assert set(kept["queries"]) >= {canonical(t) for t in parsed}


def test_damaged_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = with_store(tmp_path)
    first = validate(settings, late_start())
    kept = pickle.loads((tmp_path / QUERIES).read_bytes())
    kept["queries"] = {text: b"\x80damaged" for text in kept["queries"]}
    (tmp_path / QUERIES).write_bytes(pickle.dumps(kept))
    new_process(monkeypatch)
    parsed = parses(monkeypatch)
    again = validate(settings, late_start())
    assert parsed and again.findings == first.findings
    rewritten = pickle.loads((tmp_path / QUERIES).read_bytes())["queries"]
    assert all(data != b"\x80damaged" for data in rewritten.values())  # written again, whole
    assert all(pickle.loads(data) is not None for data in rewritten.values())


def test_prefix_order_does_not_make_another_text() -> None:
    body = "SELECT ?x WHERE { ?x a rd:RegioDeal }"
    one = "PREFIX rd: <https://w3id.org/regiodeal/def#>\nPREFIX sh: <http://www.w3.org/ns/shacl#>\n"
    other = (
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\nPREFIX rd: <https://w3id.org/regiodeal/def#>\n"
    )
    assert canonical(one + "\n" + body) == canonical(other + "\n" + body)
    # the same prefix twice: the later one counts, so the order is kept as written
    twice = "PREFIX rd: <urn:a#>\nPREFIX rd: <urn:b#>\n\n" + body
    assert canonical(twice) == twice


def tree(node: object) -> object:
    """A parsed query as nested tuples, sets sorted (their order is not part of the query),
    with each expression's evaluation function by name."""
    if isinstance(node, CompValue):
        attributes = {k: v for k, v in vars(node).items() if k not in ("ctx", "_evalfn")}
        function = getattr(node, "_evalfn", None) if isinstance(node, Expr) else None
        return (
            type(node).__name__,
            tuple((k, tree(v)) for k, v in OrderedDict.items(node)),
            tree(attributes),
            getattr(function, "__qualname__", None),
        )
    if isinstance(node, set | frozenset):
        return ("set", tuple(sorted(repr(tree(item)) for item in node)))
    if isinstance(node, dict):
        return ("dict", tuple(sorted((repr(k), repr(tree(v))) for k, v in node.items())))
    if isinstance(node, list | tuple):
        return tuple(tree(item) for item in node)
    return repr(node)


def test_every_shape_query_survives_pickling() -> None:
    """Each sh:select of the shapes, parsed, pickled and read back: the same algebra and the same
    solutions on the failing cases of tests/shapes/constraints (rdflib's parsed queries are not
    picklable as they are; queries.py teaches pickle their node classes)."""
    shapes = kit_module.validation_kit(get_settings()).shapes
    declared = {
        (str(shapes.value(d, SH.prefix)), str(shapes.value(d, SH.namespace)))
        for d in shapes.objects(None, SH.declare)
    }
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(declared))
    data = Graph()  # the failing cases of every shape, together (no reference data: fast)
    for cases in sorted(CASES.glob("*.trig")):
        for graph in Dataset().parse(cases, format="trig").graphs():
            data += graph
    selects = sorted(str(s) for s in shapes.objects(None, SH.select))
    assert len(selects) > 40
    with_rows = 0
    for number, select in enumerate(selects):
        fresh = prepareQuery(prefixes + select)
        read_back = pickle.loads(pickle.dumps(fresh))
        assert tree(read_back.algebra) == tree(fresh.algebra), select
        if number % 4:
            continue  # evaluating all of them with rdflib takes half a minute: every fourth
        rows = sorted(map(str, data.query(fresh)))
        assert sorted(map(str, data.query(read_back))) == rows, select
        with_rows += bool(rows)
    assert with_rows > 0  # (queries that all answer nothing would prove little)


def test_the_fast_path_keeps_no_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With every shape compiled, pySHACL does not run: nothing is parsed and no file written;
    the late start is still found (by the compiled query)."""
    settings = with_store(tmp_path)
    parsed = parses(monkeypatch)
    context = PublishedContext.from_settings(settings, published=False)
    report = validate_graph(late_start(), context, settings)
    assert start_findings(report) == [("https://w3id.org/regiodeal/id/test/deal", "2024-07-01")]
    assert parsed == [] and not (tmp_path / QUERIES).exists()

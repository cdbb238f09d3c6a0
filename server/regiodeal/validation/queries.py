"""The SPARQL texts pySHACL sends, parsed once per process and kept in the store directory.

Used only when pySHACL runs: `bulk=False`, or a shape that bulk.py does not compile (none of
shapes/*.ttl today); this module, which imports pySHACL and rdflib's SPARQL parser, is then
imported by the engine, not before.

pySHACL sends the same query text of a sh:sparql constraint (or of a SPARQL-based constraint
component) for every focus node, and rdflib re-parses it each time; so each text is parsed once
per process (`prepared`). The first parse in a process is the costly one (rdflib's pyparsing
grammar is set up on first use): about 0.1 s of CPU on every `regiodeal validate` and on the
first request of every validation worker (issue #16). With a store directory the parsed queries
are kept there, `validation-queries.pickle`, keyed by the validation kit's key (the content of
the shapes and reference data, the shapes' compiler, rdflib's version), pySHACL's and
pyparsing's versions; a process that finds the file for its key parses nothing. A query is
pickled as rdflib's parser made it, before it was ever evaluated. A file of another key, or one
that cannot be read, is not used and is written again.

The query texts come from pySHACL, which builds them from our own shapes, never from the input;
the file is written and read only by regiodeal. As with `validation-kit.pickle`, the store
directory must be writable only by whoever runs the server (a pickle runs code when read).
"""

from __future__ import annotations

import copyreg
import hashlib
import logging
import pickle
import re
import threading
from collections import OrderedDict
from pathlib import Path
from types import MethodType
from typing import Any

import pyparsing
import pyshacl
import rdflib
from rdflib.plugins.sparql import operators, prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue, Expr
from rdflib.plugins.sparql.sparql import Query

from regiodeal.validation.kit import keep_pickled

log = logging.getLogger(__name__)
QUERIES = "validation-queries.pickle"  # in the store directory
QUERIES_VERSION = 1  # bump when what the file holds changes
PREFIX_LINE = re.compile(r"PREFIX\s+([A-Za-z0-9_.-]*):\s*<[^<>\s]*>", re.IGNORECASE)
MAX_QUERIES = 1024  # texts kept per process: pySHACL's texts do not depend on the data

_LOCK = threading.Lock()
# rdflib's SPARQL parser (pyparsing) is not thread-safe: two threads parsing at once broke it
# for the rest of the process, so parsing is serialised (evaluation is not).
_PARSED: dict[str, Query] = {}
_PICKLED: dict[str, bytes] = {}  # each parsed text as it was before any evaluation
_KEPT: dict[Path, str] = {}  # file -> the key its content was read or written with
_STORED: dict[Path, frozenset[str]] = {}  # file -> the texts it holds


def prepared(text: str) -> Query:
    """The parsed query of `text`, parsed at most once per process."""
    text = canonical(text)
    with _LOCK:
        query = _PARSED.get(text)
        if query is not None:
            return query
        query = prepareQuery(text)
        if len(_PARSED) < MAX_QUERIES:
            _PARSED[text] = query
            kept = _pickled(query)
            if kept is not None:
                _PICKLED[text] = kept
        return query


def canonical(text: str) -> str:
    """`text` with its leading PREFIX lines sorted, when each names another prefix.

    pySHACL writes the prefixes of a constraint in the order of a set, which differs from one
    process to the next (string hashing is randomised): the same query would be another text in
    every process. With distinct names the order does not change the query's meaning."""
    lines = text.split("\n")
    names: list[str] = []
    for line in lines:
        declared = PREFIX_LINE.fullmatch(line)
        if declared is None:
            break
        names.append(declared.group(1))
    count = len(names)
    if count < 2 or len(set(names)) != count:
        return text
    return "\n".join(sorted(lines[:count]) + lines[count:])


def cache_key(kit_key: str) -> str:
    """Changes with the kit (shapes, reference data, compiler, rdflib) and with the libraries
    that make and read the pickled queries."""
    libraries = (rdflib.__version__, pyshacl.__version__, pyparsing.__version__)
    text = f"{QUERIES_VERSION}|{kit_key}|{'|'.join(libraries)}"
    return hashlib.sha256(text.encode()).hexdigest()


def load(store_dir: Path | None, kit_key: str) -> None:
    """Take the queries kept in `store_dir` for this kit, once per process and file."""
    if store_dir is None:
        return
    path = store_dir / QUERIES
    key = cache_key(kit_key)
    with _LOCK:
        if _KEPT.get(path) == key:
            return
        _KEPT[path] = key
        _STORED[path] = frozenset()
        good: set[str] = set()  # a damaged entry is not counted: the file is written again
        for text, data in _read(path, key).items():
            if text in _PARSED:
                good.add(text)
                continue
            if len(_PARSED) >= MAX_QUERIES:
                continue
            try:
                _PARSED[text] = pickle.loads(data)
            except Exception as exc:  # noqa: BLE001 -- one damaged entry: parsed again
                log.warning("kept query not used (%s); parsing it again", exc)
                continue
            _PICKLED[text] = data
            good.add(text)
        _STORED[path] = frozenset(good)


def save(store_dir: Path | None, kit_key: str) -> None:
    """Keep the queries parsed in this process in `store_dir`, when it has any new ones."""
    if store_dir is None or not store_dir.is_dir():
        return
    path = store_dir / QUERIES
    key = cache_key(kit_key)
    with _LOCK:
        if _KEPT.get(path) != key:
            return  # `load` was not called for this kit: nothing to compare against
        if set(_PICKLED) <= _STORED.get(path, frozenset()):
            return
        content = {"key": key, "queries": dict(_PICKLED)}
        _STORED[path] = frozenset(_PICKLED)
    _write(path, content)


def _read(path: Path, key: str) -> dict[str, bytes]:
    try:
        with path.open("rb") as stream:
            content = pickle.load(stream)
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 -- a damaged or foreign file: written again
        log.warning("kept queries %s not used (%s); parsing them again", path, exc)
        return {}
    if not isinstance(content, dict) or content.get("key") != key:
        return {}  # other shapes or other libraries
    queries = content.get("queries")
    if not isinstance(queries, dict):
        return {}
    return {t: d for t, d in queries.items() if isinstance(t, str) and isinstance(d, bytes)}


def _write(path: Path, content: dict[str, Any]) -> None:
    keep_pickled(path, content, "parsed queries not kept")


def _pickled(query: Query) -> bytes | None:
    try:
        return pickle.dumps(query, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 -- a part pickle cannot name: parsed each process
        log.debug("query not kept: %s", exc)
        return None


# --- pickling rdflib's parsed queries -------------------------------------------------------
# CompValue (an OrderedDict with a name) cannot be unpickled as it is: OrderedDict's pickling
# calls the class without the name. Expr holds its evaluation function bound to itself; it is
# kept as the function, which pickle names by module and name (a lambda has none: such a query
# is not kept, apart from the one shared TrueFilter expression, kept as that object).


def _restore(cls: type[CompValue], items: list[tuple[str, Any]], state: dict[str, Any]) -> Any:
    node = cls.__new__(cls)
    OrderedDict.__init__(node)
    for name, value in items:
        OrderedDict.__setitem__(node, name, value)
    function = state.pop("_evalfn", None)
    node.__dict__.update(state)
    if isinstance(node, Expr):
        node._evalfn = MethodType(function, node) if function is not None else None
    return node


def _true_filter() -> Expr:
    return operators.TrueFilter


def _reduce(node: CompValue) -> tuple[Any, ...]:
    if node is operators.TrueFilter:
        return _true_filter, ()
    state = dict(node.__dict__)
    state.pop("ctx", None)  # set only while an expression is evaluated
    function = state.get("_evalfn")
    if function is not None:
        state["_evalfn"] = function.__func__
    return _restore, (type(node), list(OrderedDict.items(node)), state)


copyreg.pickle(CompValue, _reduce)
copyreg.pickle(Expr, _reduce)

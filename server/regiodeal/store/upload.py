"""`regiodeal load`: put the bundled graph into an external SPARQL 1.1 store.

The dataset is built exactly as for the embedded store (store.dataset: the sources and the
materialised inferences, in an in-memory pyoxigraph store), then each graph is sent:

* the default graph (everything, with inferences) into one graph, `--graph` (default
  `{base_uri}graph/all`): serve with `--default-graph` set to it so queries see the whole graph;
* unless `--no-named-graphs`, the named graph of each source file and `…/graph/inferred`.

Transport: the Graph Store HTTP Protocol (`--gsp URL`: PUT replaces the graph, then POST adds) or
else SPARQL Update to `--to` (`DROP SILENT GRAPH`, then `INSERT DATA` chunks). Triples that share
a blank node always travel in the same request: a blank node label means a new node in every
request. Finally the triples of each graph are counted through the query endpoint `--to`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, RdfFormat, Store, Triple, serialize

HELP = """\
Load ontology/ + data/ttl/ and the materialised inferences into an external SPARQL 1.1 store.

Virtuoso (docs/external-store.md):
  regiodeal load --to http://127.0.0.1:8890/sparql \\
      --gsp http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba
  regiodeal serve --store sparql+http://127.0.0.1:8890/sparql \\
      --default-graph https://w3id.org/regiodeal/graph/all
Credentials can also come from REGIODEAL_STORE_USER / REGIODEAL_STORE_PASSWORD.
"""
UPLOAD_TYPE = "text/turtle"  # N-Triples bodies are Turtle too, and every store reads Turtle
WRITE_TIMEOUT_S = 120.0


class UploadError(Exception):
    """A request to the store failed; the message says which and why."""


@dataclass
class GraphUpload:
    iri: str
    triples: list[Triple]


def graphs_to_load(store: Store, target: str, named: bool) -> list[GraphUpload]:
    uploads = [
        GraphUpload(
            target, [q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())]
        )
    ]
    if named:
        for graph in sorted(store.named_graphs(), key=str):
            if isinstance(graph, NamedNode):
                quads = store.quads_for_pattern(None, None, None, graph)
                uploads.append(GraphUpload(graph.value, [q.triple for q in quads]))
    return uploads


def _blank_nodes(triple: Triple) -> list[BlankNode]:
    return [t for t in (triple.subject, triple.object) if isinstance(t, BlankNode)]


def _components(triples: list[Triple]) -> list[list[Triple]]:
    """Group triples connected through shared blank nodes (union-find over blank nodes)."""
    parent: dict[BlankNode, BlankNode] = {}

    def root(node: BlankNode) -> BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        nodes = _blank_nodes(triple)
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
    groups: dict[object, list[Triple]] = {}
    for index, triple in enumerate(triples):
        nodes = _blank_nodes(triple)
        groups.setdefault(root(nodes[0]) if nodes else index, []).append(triple)
    return list(groups.values())


def chunks(triples: list[Triple], size: int) -> Iterator[list[Triple]]:
    """Chunks of about `size` triples, never splitting a blank-node component."""
    chunk: list[Triple] = []
    for component in _components(triples):
        if chunk and len(chunk) + len(component) > size:
            yield chunk
            chunk = []
        chunk.extend(component)
    if chunk:
        yield chunk


def ntriples(triples: list[Triple]) -> bytes:
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


class Uploader:
    """Sends graphs by GSP or SPARQL Update and counts them afterwards."""

    def __init__(self, query_url: str, gsp_url: str | None, auth: httpx.Auth | None) -> None:
        self.query_url = query_url
        self.gsp_url = gsp_url
        self.client = httpx.Client(auth=auth, timeout=WRITE_TIMEOUT_S, follow_redirects=False)

    def _check(self, response: httpx.Response, what: str) -> None:
        if response.status_code >= 300:
            text = response.text.strip()[:500]
            raise UploadError(f"{what}: {response.status_code} from {response.url}: {text}")

    def send_chunk(self, iri: str, triples: list[Triple], first: bool) -> None:
        if self.gsp_url:
            method = "PUT" if first else "POST"  # PUT replaces what an earlier load left
            response = self.client.request(
                method,
                self.gsp_url,
                params={"graph": iri},
                content=ntriples(triples),
                headers={"Content-Type": UPLOAD_TYPE},
            )
            self._check(response, f"{method} graph <{iri}>")
            return
        body = ntriples(triples).decode()
        update = f"INSERT DATA {{ GRAPH <{iri}> {{\n{body}}} }}"
        if first:
            update = f"DROP SILENT GRAPH <{iri}> ;\n{update}"
        response = self.client.post(self.query_url, data={"update": update})
        self._check(response, f"INSERT DATA into <{iri}>")

    def count(self, iri: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        response = self.client.post(
            self.query_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        self._check(response, f"counting <{iri}>")
        return int(response.json()["results"]["bindings"][0]["n"]["value"])


def upload(uploader: Uploader, graphs: list[GraphUpload], chunk_size: int) -> int:
    """Send every graph with progress lines; return the number of graphs whose count differs."""
    mismatches = 0
    for number, graph in enumerate(graphs, 1):
        start = time.monotonic()
        for index, chunk in enumerate(chunks(graph.triples, chunk_size)):
            uploader.send_chunk(graph.iri, chunk, first=index == 0)
        stored = uploader.count(graph.iri)
        status = "ok" if stored == len(graph.triples) else f"MISMATCH: the store has {stored}"
        mismatches += stored != len(graph.triples)
        elapsed = time.monotonic() - start
        print(
            f"[{number}/{len(graphs)}] <{graph.iri}> {len(graph.triples)} triples, "
            f"{elapsed:.1f} s: {status}",
            flush=True,
        )
    return mismatches

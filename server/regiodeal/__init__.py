"""regiodeal: the open knowledge graph of Dutch Regio Deals.

Packages, top to bottom (a package imports only those below it):

- `cli` and `app` — the command line and the web application that wires everything together;
- `linked_data`, `publishing`, `validation` — routers and pages, each with its services;
- `deps` — the running app's settings and services as typed FastAPI dependencies (every router's
  handlers take them from here), `urls` — the server's public base URL, `processes` — what the
  query and validation worker pools share;
- `sparql` — the SPARQL protocol and named-query routers, query services, guard and writers;
- `authoring` — a YAML template becomes a deal graph;
- `store` — the graph's files, inferences and stores; `settings`, `namespaces` at the bottom.
"""

__version__ = "0.1.0"

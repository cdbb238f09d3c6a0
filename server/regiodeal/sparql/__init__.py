"""SPARQL: the query side of the server.

Owns the SPARQL 1.1 Protocol router (`protocol_router`), the named-query API (`named_queries`,
`named_query_router`), the query-service contract (`service`) and its two implementations:
`embedded` (a pool of worker processes over the embedded pyoxigraph store: `pool`, `worker`,
`sandbox`) and `remote` (an external store behind the `forwarding_guard`), which share the
check-and-negotiate step of `guarded`; the query `guard` with the one `lexer` both guards share,
content `negotiation` and the result writers (`results`).

May import: `regiodeal.store`, `regiodeal.settings`, `regiodeal.namespaces`,
`regiodeal.processes` (the pool), and in the routers `regiodeal.deps`. Never the pages,
publishing, validation or the CLI.
"""

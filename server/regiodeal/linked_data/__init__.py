"""Linked Data: /id/ (the thing) answers 303 to /doc/ (the document about it).

Owns the /id/ and /doc/ routes, IRI <-> URL mapping (`addresses`), the SPARQL behind each page
(`graph_queries`, run through the query service) and the page builders.

May import: `regiodeal.sparql` (the query-service contract, negotiation, media types),
`regiodeal.settings`, `regiodeal.namespaces`, `regiodeal.deps`, `regiodeal.urls`. Never publishing,
validation or the CLI.
"""

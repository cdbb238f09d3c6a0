"""Publishing the dataset: VoID, DCAT, full dumps, the JSON-LD context and writer, statistics.

May import: `regiodeal.sparql` (the query-service contract, negotiation, media types),
`regiodeal.store`, `regiodeal.settings`, `regiodeal.namespaces`, `regiodeal.deps`, `regiodeal.urls`.
"""

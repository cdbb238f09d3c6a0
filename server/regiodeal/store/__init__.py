"""The graph as files and as a store.

Owns finding and parsing the bundled Turtle files (`files`), writing Turtle deterministically
(`turtle`), materialising inferences (`inference`), building the embedded pyoxigraph store
(`build`), what a built store says about itself and the fingerprint of its sources (`manifest`:
light, for readers of a store that build none), the dataset every consumer loads (`dataset`)
and loading the graph into an external store (`upload`).

May import: `regiodeal.settings`, `regiodeal.namespaces`, and `regiodeal.search.index` and
`regiodeal.search.rows` (which import only those: the build writes the search index beside the
store). Knows nothing of HTTP or of `sparql`.
"""

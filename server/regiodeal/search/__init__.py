"""Full-text search over the graph (/zoeken, /search): an SQLite FTS5 index built at start-up from
the labels, titles and texts of deals, organisations, themes, goals, programmes, document parts
and places. Imports sparql/ (to read the graph), templating and deps; nothing above it."""

"""Ontology quality checks (ROBOT-style report queries, term declarations, reasoner)."""

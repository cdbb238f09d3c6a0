"""Authoring a new deal without Turtle: a filled-in YAML template becomes a deal graph.

No argument parsing here: the command is `regiodeal.cli.new`.

May import: `regiodeal.store` (Turtle writing), `regiodeal.namespaces`.
"""

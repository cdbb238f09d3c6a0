"""regiodeal: the open knowledge graph of Dutch Regio Deals."""

__version__ = "0.1.0"

"""pyoxigraph terms as rdflib reads the same Turtle (the store and the validator meet here)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):  # as rdflib reads a plain literal
            return Literal(term.value)
        if term.datatype.value == str(XSD.decimal) and "." not in term.value:
            # The store gives decimals in canonical form (25000000.0 as 25000000); Turtle's
            # shorthand, which the data uses, always has the point that rdflib keeps.
            return Literal(f"{term.value}.0", datatype=XSD.decimal)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"no rdflib term for {term}")  # RDF-star triples: not in our data

"""pyoxigraph terms as rdflib reads the same Turtle (the store and the validator meet here)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

INTEGRAL = re.compile(r"[+-]?[0-9]+")  # a canonical xsd:decimal without its point


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
        if term.datatype.value == str(XSD.decimal) and INTEGRAL.fullmatch(term.value):
            # The store gives decimals in canonical form (25000000.0 as 25000000); Turtle's
            # shorthand, which the data uses, always has the point that rdflib keeps. An
            # ill-typed value ("veel"^^xsd:decimal) is given back as written.
            return Literal(f"{term.value}.0", datatype=XSD.decimal)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"no rdflib term for {term}")  # RDF-star triples: not in our data

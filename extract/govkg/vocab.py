"""Namespaces of the vocabularies govkg reuses, and its own (see ``ontology/govkg.ttl``)."""

from __future__ import annotations

import functools

from pyoxigraph import NamedNode

from govkg.iris import NS, VOCAB


class Namespace:
    """A namespace whose attributes and items are :class:`pyoxigraph.NamedNode` terms.

    >>> ELI.LegalResource, str(ELI)
    (<NamedNode value=http://data.europa.eu/eli/ontology#LegalResource>, 'http://data.europa.eu/eli/ontology#')
    """

    def __init__(self, iri: str):
        self._iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = _node(self._iri + name)
        setattr(self, name, node)  # later lookups find it without calling this again
        return node

    def __getitem__(self, name: str) -> NamedNode:
        return _node(self._iri + name)

    def __str__(self) -> str:
        return self._iri


@functools.cache
def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
SH = Namespace("http://www.w3.org/ns/shacl#")
CNT = Namespace("http://www.w3.org/2011/content#")
GOV = Namespace(NS)
FREQUENCY = Namespace(VOCAB + "frequency/")
ROLE = Namespace(VOCAB + "role/")
DOCTYPE = Namespace(VOCAB + "doctype/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")

PREFIXES = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "dcterms": str(DCT), "eli": str(ELI), "org": str(ORG), "cv": str(CV), "prov": str(PROV),
    "oa": str(OA), "time": str(TIME), "odrl": str(ODRL), "sh": str(SH), "govkg": str(GOV),
    "freq": str(FREQUENCY), "role": str(ROLE), "doctype": str(DOCTYPE), "cnt": str(CNT),
}

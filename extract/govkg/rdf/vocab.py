"""How govkg names things: the namespaces it reuses and its own (see ``ontology/govkg.ttl``),
and the deterministic IRIs of what it extracts. The same notice, read by the same rules,
gets the same names.

- notices: ``{base}eli/{jurisdiction}/{agency code}/{year}/{number}`` from the 发文字号, the
  jurisdiction taken from the agency code (国发 → ``cn``, 津政办发 → ``cn-120000``) so that a
  notice cited by number has the same IRI whether or not its text is in the corpus; without a
  number, ``{base}eli/{jurisdiction}/doc/{hash of issuer, title and date}``;
- sections and tasks: the notice's own ordinal path (``…/task/1/1/3``);
- units: ``{base}unit/{jurisdiction code}/{canonical name}``; places: ``{base}place/{code}``.

The vocabulary lives under its own, fixed namespace (:data:`VOCAB`), independent of *base*.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from pyoxigraph import NamedNode

from govkg.model import DocumentId

DEFAULT_BASE = "https://govkg.example/"
VOCAB = "https://w3id.org/govkg/"
NS = VOCAB + "ns#"
ONTOLOGY_GRAPH = VOCAB + "ns"

# characters that may not stand in an IRI path segment as they are
_UNSAFE = "".join(chr(c) for c in range(0x21)) + '<>"{}|\\^`#?%/ '


@functools.lru_cache(maxsize=1 << 16)
def segment(s: str) -> str:
    """One IRI path segment: Chinese kept readable; reserved ASCII characters, and characters
    an IRI may not hold as they are (U+FFFD of a damaged file, controls), percent-escaped.

    >>> segment("和平政办"), segment("a/b c"), segment("招商局(产业办)"), segment("\ufffd力资源")
    ('和平政办', 'a%2Fb%20c', '招商局(产业办)', '%EF%BF%BD力资源')
    """
    return "".join(ch if _allowed(ch) else quote(ch.encode("utf-8", "surrogatepass"), safe="") for ch in s)


def _allowed(ch: str) -> bool:
    """May *ch* stand in an IRI path segment as it is (RFC 3987 iunreserved / sub-delims)?"""
    c = ord(ch)
    if c < 0x80:
        return ch not in _UNSAFE and c != 0x7F
    return (0xA0 <= c <= 0xD7FF or 0xF900 <= c <= 0xFDCF or 0xFDF0 <= c <= 0xFFEF
            or (0x10000 <= c <= 0xEFFFD and (c & 0xFFFF) <= 0xFFFD))


def jurisdiction_segment(code: str | None) -> str:
    """``cn`` for the national level, ``cn-120101`` for a place, ``cn-unknown`` when unknown."""
    if code == "cn":
        return "cn"
    return f"cn-{code}" if code else "cn-unknown"


def document_iri(base: str, identity: DocumentId) -> str:
    """The IRI of a document: ``{base}eli/{jurisdiction}/`` and its identity's parts.

    >>> document_iri("https://x/", DocumentId("120101", ("和平政办", "2017", "9")))
    'https://x/eli/cn-120101/和平政办/2017/9'
    >>> document_iri("https://x/", DocumentId(None, ("doc", "0a1b")))
    'https://x/eli/cn-unknown/doc/0a1b'
    """
    return f"{base}eli/{jurisdiction_segment(identity.jurisdiction)}/" + "/".join(segment(p) for p in identity.parts)


def unit_iri(base: str, key: str) -> str:
    """``{base}unit/{jurisdiction code}/{canonical name}`` from a unit key ``code/name``."""
    code, _, name = key.partition("/")
    return f"{base}unit/{code}/{segment(name)}"


def place_iri(base: str, code: str) -> str:
    return f"{base}place/{code}"


def path(key: str) -> str:
    """An ordinal path key as IRI path segments (``1/2/p3-2`` stays readable)."""
    return "/".join(segment(p) for p in key.split("/"))


# -- evidence: a span of a source text ------------------------------------------------------------

#: The fragment that names characters ``[start, end)`` of a text (RFC 5147, text/plain).
CHAR_FRAGMENT = "char="
_CHAR = re.compile(r"#char=(\d+),(\d+)$")


def char_fragment(start: int, end: int) -> str:
    """The RFC 5147 fragment (without ``#``) of code points ``[start, end)``.

    >>> char_fragment(12, 34)
    'char=12,34'
    """
    return f"{CHAR_FRAGMENT}{start},{end}"


def evidence_iri(source: str, start: int, end: int) -> str:
    """The IRI of a span of a source text: the source's IRI with an RFC 5147 fragment.

    >>> evidence_iri("https://x/eli/cn/国发/2019/3/source", 12, 34)
    'https://x/eli/cn/国发/2019/3/source#char=12,34'
    """
    return f"{source}#{char_fragment(start, end)}"


def span_of_evidence(iri: str) -> tuple[str, int, int] | None:
    """``(source IRI, start, end)`` of an evidence IRI, or None when it is not one.

    >>> span_of_evidence("https://x/source#char=12,34")
    ('https://x/source', 12, 34)
    """
    m = _CHAR.search(iri)
    return (iri[:m.start()], int(m[1]), int(m[2])) if m else None


# -- namespaces ---------------------------------------------------------------------------------




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
# describing the published dataset and its endpoint
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
#: the vocabularies the notice graphs use (announced in the VoID description)
USED = (ELI, ORG, CV, SKOS, PROV, OA, TIME, CNT, GOV)

PREFIXES = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "dcterms": str(DCT), "eli": str(ELI), "org": str(ORG), "cv": str(CV), "prov": str(PROV),
    "oa": str(OA), "time": str(TIME), "odrl": str(ODRL), "sh": str(SH), "govkg": str(GOV),
    "freq": str(FREQUENCY), "role": str(ROLE), "doctype": str(DOCTYPE), "cnt": str(CNT),
}

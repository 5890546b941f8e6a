"""Validation against ``ontology/shapes.ttl`` with pyshacl, the reference SHACL engine.

Violations are reported as :class:`Violation` values that name the notice, the source line
of the offending fact (through its evidence span) and the shape's message;
:func:`validate_files` checks graph files, one :class:`FileCheck` each.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
import rdflib.collection
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from pyshacl import validate as shacl_validate

from govkg.rdf.vocab import GOV, OA, SH, XSD
from govkg.resources import data_dir

_SH, _GOV, _OA = (rdflib.Namespace(str(ns)) for ns in (SH, GOV, OA))  # pyshacl's report is an rdflib graph
_XSD_STRING = XSD.string.value


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node, the shape's message and where the fact came from."""

    focus: str
    message: str
    path: str | None = None
    offset: int | None = None  # start of the fact's source span, when it has one
    component: str | None = None  # the SHACL constraint component, e.g. MinCountConstraintComponent

    def describe(self, text: str | None = None) -> str:
        """``line N: message (node)``, the line counted in *text* when given."""
        where = f"line {text.count(chr(10), 0, self.offset) + 1}: " if text is not None and self.offset is not None else ""
        return f"{where}{self.message} ({self.focus})"


@functools.cache
def shapes_graph() -> rdflib.Graph:
    """The shapes, parsed once."""
    return rdflib.Graph().parse(data_dir("ontology") / "shapes.ttl", format="turtle")


def to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    """The triples of *quads* as one rdflib graph (graph names dropped)."""
    g = rdflib.Graph()
    add = g.add
    for q in quads:
        add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return g


def _term(t):
    if isinstance(t, NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return rdflib.Literal(t.value, datatype=None if dt == _XSD_STRING else rdflib.URIRef(dt))
    if isinstance(t, BlankNode):
        return rdflib.BNode(t.value)
    raise TypeError(f"unsupported RDF term {t!r}")


def validate_graph(graph: rdflib.Graph) -> list[Violation]:
    """Check *graph* against the shapes; return its violations (empty when it conforms).

    >>> validate_graph(rdflib.Graph())
    []
    """
    conforms, report, _ = shacl_validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=False)
    if conforms:
        return []
    out = []
    for result in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        focus = report.value(result, _SH.focusNode)
        message = report.value(result, _SH.resultMessage)
        path = report.value(result, _SH.resultPath)
        component = str(report.value(result, _SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        out.append(Violation(str(focus), str(message), _path_text(report, path), _offset(graph, focus), component))
    return sorted(out, key=lambda v: (v.offset if v.offset is not None else -1, v.focus, v.message))


def _path_text(report: rdflib.Graph, path) -> str | None:
    """A result path as text: the predicate IRI, or a sequence as ``a / b``."""
    if path is None:
        return None
    if isinstance(path, rdflib.BNode):
        return " / ".join(map(str, rdflib.collection.Collection(report, path)))
    return str(path)


def validate_quads(quads: Iterable[Quad]) -> list[Violation]:
    """Check the quads of one notice graph against the shapes."""
    return validate_graph(to_rdflib(quads))


@dataclass(frozen=True)
class FileCheck:
    """The check of one graph file: its violations, or why it could not be read."""

    path: Path
    triples: int = 0
    violations: list[Violation] = field(default_factory=list)
    error: str | None = None  # one line, naming the file and the problem

    @property
    def conforms(self) -> bool:
        return self.error is None and not self.violations


def validate_files(paths: Iterable[str | Path]) -> Iterator[FileCheck]:
    """Check each graph file at *paths* (files, or folders searched for graph files) against
    the shapes, all its graphs together; yield what was found, file by file. A file is read as
    its suffix says (TriG when the suffix says nothing).

    :raises GovkgError: when a path does not exist (before any file is checked).
    """
    from govkg.store.graphs import GRAPH_SUFFIXES, graph_files

    for f in list(graph_files(paths)):
        try:
            quads = list(parse(path=str(f), format=GRAPH_SUFFIXES.get(f.suffix, RdfFormat.TRIG)))
        except (SyntaxError, ValueError) as e:
            yield FileCheck(f, error=f"{f}: not a readable graph file: {e}")
            continue
        yield FileCheck(f, len(quads), validate_quads(quads))


def _offset(graph: rdflib.Graph, focus) -> int | None:
    """The start offset of *focus*'s source span (or of the fact that points to it)."""
    from govkg.rdf.vocab import span_of_evidence

    candidates = [focus, *graph.subjects(None, focus)]
    for node in candidates:
        for ev in graph.objects(node, _GOV.evidence):
            span = span_of_evidence(str(ev))
            if span is not None:
                return span[1]
    return None

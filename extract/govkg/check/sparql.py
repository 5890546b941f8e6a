"""The SHACL shapes compiled to SPARQL: the same constraints, checked fast enough for bulk builds.

pyshacl (:mod:`govkg.check.shacl`) stays the reference; this module reads ``ontology/shapes.ttl``
and turns each constraint of the SHACL Core subset the shapes use — targets by class or by
objects of a property; ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``,
``sh:nodeKind``, ``sh:pattern``, ``sh:minLength``, ``sh:in`` and ``sh:or`` of such shapes,
on predicate and sequence paths — into one branch of a single SPARQL ``SELECT``. Every branch
runs inside ``GRAPH ?g``, so one query checks a batch of notice graphs, each on its own, as
pyshacl checks each notice graph alone. A shape using anything else is refused when the shapes
are compiled, so the two engines cannot silently drift apart (a test holds them to the same
violations on broken graphs).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from pyoxigraph import NamedNode, Quad, Store

from govkg.check.shacl import Violation
from govkg.rdf import vocab
from govkg.rdf.sparql import bind_values, term
from govkg.rdf.vocab import CHAR_FRAGMENT
from govkg.resources import data_dir

SH = rdflib.Namespace(str(vocab.SH))  # the shapes are read with rdflib
RDF_TYPE = f"<{vocab.RDF.type.value}>"
SUBCLASS = f"<{vocab.RDFS.subClassOf.value}>"
LANG_STRING = vocab.RDF.langString.value
XSD, GOV, OA = vocab.XSD, vocab.GOV, vocab.OA

#: datatypes SPARQL can cast to, so an ill-typed literal ("2017-13-45"^^xsd:date) is caught
_CASTABLE = {f"{XSD}{t}" for t in ("date", "dateTime", "integer", "decimal", "double", "float", "boolean")}
#: lexical forms of the integer subtypes SPARQL cannot cast to
_INTEGER_FORMS = {f"{XSD}nonNegativeInteger": "^[+]?[0-9]+$|^-0+$", f"{XSD}positiveInteger": "^[+]?0*[1-9][0-9]*$"}
_NODE_KINDS = {
    "IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
_HANDLED = {SH[p] for p in ("targetClass", "targetObjectsOf", "property", "path", "message", "minCount", "maxCount",
                            "class", "datatype", "nodeKind", "pattern", "flags", "minLength", "in", "or")}
_IGNORED = {rdflib.RDF.type, rdflib.RDFS.comment, rdflib.RDFS.label, SH.name, SH.description}


class ShapesNotSupported(ValueError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: what a violation of it is reported as."""

    message: str
    path: str | None
    component: str  # the SHACL constraint component's local name, e.g. MinCountConstraintComponent


def _term(node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise ShapesNotSupported(f"cannot use {node!r} in a SPARQL check")


def _string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Compiler:
    """Builds one UNION branch per constraint. Each branch is a plain pattern inside
    ``GRAPH ?g`` (sequence paths spelt out as triple patterns, which Oxigraph evaluates much
    faster than a property path under ``NOT EXISTS``); *subclasses* says whether class targets
    and ``sh:class`` follow ``rdfs:subClassOf*`` (needed only when the data has such triples)."""

    def __init__(self, shapes: rdflib.Graph, subclasses: bool):
        self.g = shapes
        self.type_path = f"{RDF_TYPE}/{SUBCLASS}*" if subclasses else RDF_TYPE
        self.branches: list[str] = []
        self.constraints: list[Constraint] = []
        self.fresh = 0

    # -- helpers -------------------------------------------------------------------------------
    def _list(self, head) -> list:
        return list(rdflib.collection.Collection(self.g, head))

    def _show(self, node) -> str:
        """A term as pyshacl's default messages show it (a prefixed name where there is one)."""
        return self.g.namespace_manager.normalizeUri(node) if isinstance(node, rdflib.URIRef) else str(node)

    def _var(self) -> str:
        self.fresh += 1
        return f"?x{self.fresh}"

    def _path(self, node) -> tuple[list[str], str]:
        """A SHACL path as its predicates in order, and its display form."""
        if isinstance(node, rdflib.URIRef):
            return [f"<{node}>"], str(node)
        if (node, rdflib.RDF.first, None) in self.g:
            steps = self._list(node)
            if steps and all(isinstance(s, rdflib.URIRef) for s in steps):
                return [f"<{s}>" for s in steps], " / ".join(map(str, steps))
        raise ShapesNotSupported(f"path {node!r}: only predicate and sequence paths are compiled")

    def _walk(self, steps: list[str], start: str, end: str) -> str:
        """Triple patterns from *start* along *steps* to *end*."""
        nodes = [start] + [self._var() for _ in steps[1:]] + [end]
        return " ".join(f"{a} {p} {b} ." for a, p, b in zip(nodes, steps, nodes[1:]))

    def _check_keys(self, shape, allowed: set) -> None:
        for p in set(self.g.predicates(shape)):
            if p not in allowed and p not in _IGNORED:
                raise ShapesNotSupported(f"shape {shape}: {p} is not compiled to SPARQL; add it to govkg.check.sparql")

    def _add(self, where: str, message: str, path: str | None, component: str) -> None:
        self.constraints.append(Constraint(message, path, component))
        self.branches.append(f"{{ {where} }}")

    def _conforms(self, shape, v: str) -> str:
        """A boolean expression: the value *v* conforms to the (node) shape *shape*."""
        self._check_keys(shape, {SH["class"], SH.datatype, SH.nodeKind})
        parts = []
        for c in self.g.objects(shape, SH["class"]):
            parts.append(f"EXISTS {{ {v} {self.type_path} {_term(c)} }}")
        for d in self.g.objects(shape, SH.datatype):
            parts.append(f"!({self._datatype_violation(v, d)})")
        for k in self.g.objects(shape, SH.nodeKind):
            parts.append(_NODE_KINDS[str(k).rsplit("#", 1)[-1]].format(v=v))
        return "(" + " && ".join(parts or ["true"]) + ")"

    def _datatype_violation(self, v: str, dt) -> str:
        dt = str(dt)
        if dt == LANG_STRING:
            return f"!(isLiteral({v}) && lang({v}) != \"\")"
        cond = f"!isLiteral({v}) || datatype({v}) != <{dt}>"
        if dt in _CASTABLE:
            cond += f" || !COALESCE(<{dt}>(STR({v})) = {v}, false)"
        elif dt in _INTEGER_FORMS:
            # Oxigraph stores the integer subtypes as xsd:integer ("5"^^xsd:nonNegativeInteger reads
            # back as "5"^^xsd:integer), so the subtype is checked by its lexical form
            cond = (f"!isLiteral({v}) || (datatype({v}) != <{dt}> && datatype({v}) != <{XSD}integer>)"
                    f" || !REGEX(STR({v}), {_string(_INTEGER_FORMS[dt])})")
        return cond

    def _value_checks(self, shape, target: str, values: str, message: str, path: str | None) -> None:
        """The constraints of *shape* that each value node ``?value`` must meet."""
        g, v = self.g, "?value"

        def add(condition: str, default: str, component: str) -> None:
            self._add(f"GRAPH ?g {{ {target} {values} FILTER ({condition}) }}", message or default, path, component)

        for c in g.objects(shape, SH["class"]):
            add(f"NOT EXISTS {{ {v} {self.type_path} {_term(c)} }}", f"Value does not have class {self._show(c)}",
                "ClassConstraintComponent")
        for d in g.objects(shape, SH.datatype):
            add(self._datatype_violation(v, d), f"Value is not Literal with datatype {self._show(d)}", "DatatypeConstraintComponent")
        for k in g.objects(shape, SH.nodeKind):
            add("!" + _NODE_KINDS[str(k).rsplit("#", 1)[-1]].format(v=v), f"Value is not of Node Kind {self._show(k)}",
                "NodeKindConstraintComponent")
        for p in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            regex = f"REGEX(STR({v}), {_string(str(p))}{', ' + _string(str(flags)) if flags else ''})"
            add(f"isBlank({v}) || !{regex}", f"Value does not match pattern {p}", "PatternConstraintComponent")
        for n in g.objects(shape, SH.minLength):
            add(f"isBlank({v}) || STRLEN(STR({v})) < {int(n)}", f"String length not >= {n}",
                "MinLengthConstraintComponent")
        for head in g.objects(shape, SH["in"]):
            allowed = " || ".join(f"sameTerm({v}, {_term(t)})" for t in self._list(head)) or "false"
            add(f"!({allowed})", "Value not in list", "InConstraintComponent")
        for head in g.objects(shape, SH["or"]):
            either = " || ".join(self._conforms(s, v) for s in self._list(head)) or "false"
            add(f"!({either})", "Node does not conform to one or more shapes in sh:or", "OrConstraintComponent")

    # -- shapes --------------------------------------------------------------------------------
    def node_shape(self, shape) -> None:
        g = self.g
        self._check_keys(shape, _HANDLED - {SH.path, SH.minCount, SH.maxCount})
        targets = [f"{{ ?focus {self.type_path} {_term(c)} }}" for c in g.objects(shape, SH.targetClass)]
        targets += [f"{{ ?subject {_term(p)} ?focus }}" for p in g.objects(shape, SH.targetObjectsOf)]
        if not targets:
            raise ShapesNotSupported(f"shape {shape} has no sh:targetClass or sh:targetObjectsOf")
        target = " UNION ".join(targets)
        message = str(g.value(shape, SH.message) or "")
        self._value_checks(shape, target, "BIND (?focus AS ?value)", message, None)
        for prop in g.objects(shape, SH.property):
            self.property_shape(prop, target)

    def property_shape(self, prop, target: str) -> None:
        g = self.g
        self._check_keys(prop, _HANDLED - {SH.targetClass, SH.targetObjectsOf, SH.property})
        steps, shown = self._path(g.value(prop, SH.path))
        message = str(g.value(prop, SH.message) or "")
        n = g.value(prop, SH.minCount)
        if n is not None and int(n) == 1:
            # OPTIONAL + !BOUND rather than NOT EXISTS: Oxigraph runs it as one left join
            self._add(f"GRAPH ?g {{ {target} OPTIONAL {{ {self._walk(steps, '?focus', '?any')} }} FILTER (!BOUND(?any)) }}",
                      message or f"Less than 1 values on {shown}", shown, "MinCountConstraintComponent")
        elif n is not None and int(n) > 1:
            self._add(f"{{ SELECT ?g ?focus (COUNT(DISTINCT ?any) AS ?n) WHERE {{ GRAPH ?g {{ {target} OPTIONAL "
                      f"{{ {self._walk(steps, '?focus', '?any')} }} }} }} GROUP BY ?g ?focus }} FILTER (?n < {int(n)})",
                      message or f"Less than {n} values on {shown}", shown, "MinCountConstraintComponent")
        m = g.value(prop, SH.maxCount)
        if m is not None:
            self._add(f"{{ SELECT ?g ?focus (COUNT(DISTINCT ?any) AS ?n) WHERE {{ GRAPH ?g {{ {target} "
                      f"{self._walk(steps, '?focus', '?any')} }} }} GROUP BY ?g ?focus }} FILTER (?n > {int(m)})",
                      message or f"More than {m} values on {shown}", shown, "MaxCountConstraintComponent")
        self._value_checks(prop, target, self._walk(steps, "?focus", "?value"), message, shown)

    def queries(self) -> tuple[tuple[str, Constraint], ...]:
        """One query per constraint: Oxigraph runs them faster apart than as one UNION."""
        return tuple((f"SELECT DISTINCT ?g ?focus WHERE {b}", c) for b, c in zip(self.branches, self.constraints))


def compiled(*, subclasses: bool = False) -> tuple[tuple[str, Constraint], ...]:
    """The shapes as SPARQL queries, each with the constraint it checks (a row is a violation); with
    *subclasses*, class targets and ``sh:class`` also follow ``rdfs:subClassOf*``. Compiled once
    for each value of *subclasses*, however it is asked for.

    :raises ShapesNotSupported: when the shapes use a feature this compiler does not translate.
    """
    return _compile(bool(subclasses))


@functools.cache
def _compile(subclasses: bool) -> tuple[tuple[str, Constraint], ...]:
    shapes = rdflib.Graph().parse(data_dir("ontology") / "shapes.ttl", format="turtle")
    c = _Compiler(shapes, subclasses)
    for shape in sorted(set(shapes.subjects(rdflib.RDF.type, SH.NodeShape)), key=str):
        c.node_shape(shape)
    return c.queries()


_HAS_SUBCLASSES = f"ASK {{ GRAPH ?g {{ ?a {SUBCLASS} ?b }} }}"
_OFFSET = f"""SELECT ?start WHERE {{ GRAPH ?g {{
  {{ ?focus <{GOV}evidence> ?evidence }}
  UNION {{ ?fact ?p ?focus . ?fact <{GOV}evidence> ?evidence }}
}}
  BIND (<{XSD}integer>(STRBEFORE(STRAFTER(STR(?evidence), "#{CHAR_FRAGMENT}"), ",")) AS ?start)
  FILTER (BOUND(?start))
}} ORDER BY ?start LIMIT 1"""


def check_store(store: Store) -> dict[str, list[Violation]]:
    """Check every named graph of *store* against the shapes, each graph on its own; return the
    violations of each graph that has any (by graph IRI), in source order."""
    found: dict[str, list[Violation]] = {}
    for text, c in compiled(subclasses=bool(store.query(_HAS_SUBCLASSES))):
        for row in store.query(text):
            graph, focus = row["g"], row["focus"]
            offset = None
            if isinstance(focus, NamedNode):  # a blank node has no term to bind (govkg's graphs have none)
                for hit in store.query(bind_values(_OFFSET, {"g": term(graph), "focus": term(focus)})):
                    offset = int(hit["start"].value)
            found.setdefault(graph.value, []).append(
                Violation(focus.value, c.message, c.path, offset, component=c.component))
    for graph, violations in found.items():
        found[graph] = sorted(set(violations), key=lambda v: (v.offset if v.offset is not None else -1,
                                                              v.focus, v.message, v.component or ""))
    return found


def check_quads(quads: Iterable[Quad]) -> dict[str, list[Violation]]:
    """Check the notice graphs in *quads* (each in its named graph) against the shapes.

    >>> from govkg.extract import extract_text
    >>> from govkg.rdf.mapping import notice_quads
    >>> check_quads(notice_quads(extract_text("关于做好公开工作的通知\\n1.按月公开。(责任单位:区财政局)\\n")))
    {}
    """
    store = Store()
    store.extend(quads)
    return check_store(store)

"""The RDF mapping: a :class:`~govkg.model.Notice` as the quads of its own named graph.

Reuses ELI (documents, sections, citations), ORG and the Core Public Organisation Vocabulary
(units), SKOS (frequencies, roles, document types), OWL-Time (deadlines), PROV (the extraction
run) and Web Annotation (the source span of every fact: a quote and its offsets). No blank
nodes and no clock: the same notice and version give the same quads in the same order.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from govkg import __version__
from govkg.model import Citation, Layer, Notice, Relation, Task, Unit
from govkg.rdf.vocab import (
    CNT,
    CV,
    DCT,
    DEFAULT_BASE,
    DOCTYPE,
    ELI,
    FREQUENCY,
    GOV,
    LANGUAGE,
    ORG,
    PROV,
    RDF,
    ROLE,
    SKOS,
    TIME,
    VOCAB,
    XSD,
    document_iri,
    evidence_iri,
    path,
    place_iri,
    unit_iri,
)
from govkg.read.normalize import Span

SOFTWARE = NamedNode(f"{VOCAB}software/{__version__}")


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def boolean(b: bool) -> Literal:
    return Literal("true" if b else "false", datatype=XSD.boolean)


def notice_node(notice: Notice, base: str = DEFAULT_BASE) -> NamedNode:
    """The IRI of the notice itself (see :mod:`govkg.rdf.vocab`)."""
    if notice.identity is None:
        raise ValueError("the notice has no identity: run it through every step of govkg.extract.STEPS first")
    return NamedNode(document_iri(base, notice.identity))


def graph_node(notice: Notice, base: str = DEFAULT_BASE) -> NamedNode:
    """The named graph that holds everything read from the notice."""
    return NamedNode(notice_node(notice, base).value + "/graph")


class _Builder:
    def __init__(self, notice: Notice, base: str):
        self.notice = notice
        self.base = base
        self.graph = graph_node(notice, base)
        self.source = NamedNode(notice_node(notice, base).value + "/source")
        self.quads: list[Quad] = []
        self._seen: set[Quad] = set()  # a triple said twice (a document cited twice) is written once

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        q = Quad(s, p, o, self.graph)
        if q not in self._seen:
            self._seen.add(q)
            self.quads.append(q)

    def evidence(self, fact: NamedNode, span: Span) -> None:
        """The source span of *fact*: the characters ``[start, end)`` of the text as read, named
        by an RFC 5147 fragment of the source's IRI (``…/source#char=12,34``) — a segment of a
        resource in the Web Annotation model, one triple a fact. The text itself is on the
        source (``cnt:chars``), so the quote is a substring away."""
        self.add(fact, GOV.evidence, NamedNode(evidence_iri(self.source.value, span.start, span.end)))

    def unit(self, unit: Unit) -> NamedNode:
        return NamedNode(unit_iri(self.base, unit.key))


def notice_quads(notice: Notice, base: str = DEFAULT_BASE) -> list[Quad]:
    """All quads of the notice's named graph, in a fixed order.

    >>> from govkg.extract import extract_text
    >>> qs = notice_quads(extract_text("关于做好公开工作的通知\\n1.按月公开。(责任单位:区财政局)\\n"))
    >>> sorted({q.predicate.value.rsplit("#", 1)[-1] for q in qs if "govkg" in q.predicate.value})[:4]
    ['assignment', 'characters', 'cue', 'document']
    """
    b = _Builder(notice, base)
    doc = notice_node(notice, base)
    _provenance(b, doc)
    layers = [(layer, doc if layer.kind == "notice" else NamedNode(doc.value + "/attachment")) for layer in notice.layers]
    for layer, node in layers:
        _layer(b, layer, node, doc)
    if len(layers) > 1:
        for layer, node in layers[1:]:
            b.add(doc, GOV.transmits, node)
            b.add(node, GOV.transmittedBy, doc)
    _notice_metadata(b, doc)
    _units(b)
    return b.quads


def _provenance(b: _Builder, doc: NamedNode) -> None:
    n = b.notice
    run = NamedNode(f"{b.base}run/{__version__}/{n.source.sha256}")
    b.add(b.graph, RDF.type, GOV.NoticeGraph)
    b.add(b.graph, DCT.source, b.source)
    b.add(b.graph, PROV.wasGeneratedBy, run)
    b.add(run, RDF.type, PROV.Activity)
    b.add(run, PROV.used, b.source)
    b.add(run, PROV.wasAssociatedWith, SOFTWARE)
    b.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
    b.add(SOFTWARE, GOV.version, Literal(__version__))
    b.add(b.source, RDF.type, ELI.Format)
    b.add(b.source, GOV.sha256, Literal(n.source.sha256))
    b.add(b.source, GOV.fileName, Literal(n.source.path.replace("\\", "/").rsplit("/", 1)[-1]))
    b.add(b.source, GOV.sourceFormat, Literal(n.source.format))
    if n.source.encoding:
        b.add(b.source, GOV.encoding, Literal(n.source.encoding))
    b.add(b.source, GOV.characters, integer(len(n.text)))
    # the text as read, so that every offset can be shown in place (a published source page)
    b.add(b.source, RDF.type, CNT.ContentAsText)
    b.add(b.source, CNT.chars, Literal(n.text))


def _notice_metadata(b: _Builder, doc: NamedNode) -> None:
    n = b.notice
    if n.doc_number:
        b.add(doc, ELI.number, Literal(n.doc_number))
    if "index_number" in n.fields:
        b.add(doc, ELI.id_local, Literal(n.fields["index_number"].value))
    if n.issuer and n.issuer_unit:
        b.add(doc, ELI.passed_by, b.unit(n.issuer_unit))
    if n.date_written:
        b.add(doc, ELI.date_document, date(n.date_written))
    if n.date_published:
        b.add(doc, ELI.date_publication, date(n.date_published))
    if n.in_force is not None:
        b.add(doc, ELI.in_force, ELI["InForce-inForce" if n.in_force else "InForce-notInForce"])
    if "topics" in n.fields:
        for topic in n.fields["topics"].value.replace("/", "\\").split("\\"):
            if topic.strip():
                b.add(doc, DCT.subject, zh(topic.strip()))
    for a in n.addressees:
        b.add(doc, GOV.addressee, zh(a))
    if n.disclosure:
        b.add(doc, GOV.disclosure, zh(n.disclosure))
    b.add(b.source, ELI.embodies, NamedNode(doc.value + "/zh"))
    b.add(NamedNode(doc.value + "/zh"), ELI.is_embodied_by, b.source)


def _layer(b: _Builder, layer: Layer, node: NamedNode, doc: NamedNode) -> None:
    n = b.notice
    b.add(node, RDF.type, ELI.LegalResource)
    if layer.doctype:
        b.add(node, ELI.type_document, DOCTYPE[layer.doctype])
    if n.jurisdiction:
        b.add(node, ELI.jurisdiction, NamedNode(place_iri(b.base, n.jurisdiction.code)))
    if layer.title:
        expr = _expression(b, node, layer.clean_title)
        b.add(expr, ELI.language, LANGUAGE.ZHO)
        if layer.title_span:
            b.evidence(expr, layer.title_span)
    if layer.approved_by:
        b.add(node, GOV.approvedBy, zh(layer.approved_by))
    for k, cite in enumerate(layer.citations, 1):
        _citation(b, node, cite, NamedNode(f"{node.value}/citation/{k}"))
    sections = {s.key: NamedNode(f"{node.value}/section/{path(s.key)}") for s in layer.sections}
    for position, s in enumerate(layer.sections, 1):
        sec = sections[s.key]
        parent = sections.get(s.parent, node) if s.parent else node
        b.add(sec, RDF.type, ELI.LegalResourceSubdivision)
        b.add(sec, ELI.is_part_of, parent)
        b.add(parent, ELI.has_part, sec)
        b.add(sec, ELI.number, Literal(s.number))
        b.add(sec, DCT.title, zh(s.heading))
        b.add(sec, GOV.position, integer(position))
        b.evidence(sec, s.span)
    for position, task in enumerate(layer.tasks, 1):
        _task(b, task, NamedNode(f"{node.value}/task/{path(task.key)}"), sections.get(task.section, node), node, position)


def _task(b: _Builder, task: Task, node: NamedNode, part_of: NamedNode, layer: NamedNode, position: int) -> None:
    b.add(node, RDF.type, GOV.Task)
    b.add(node, DCT.isPartOf, part_of)
    b.add(node, GOV.document, layer)
    b.add(node, GOV.text, zh(task.span.slice(b.notice.text)))
    b.add(node, GOV.position, integer(position))
    if task.label:
        b.add(node, GOV.label, Literal(task.label))
    if task.open_list:
        b.add(node, GOV.openList, boolean(True))
    b.evidence(node, task.span)
    if task.marker:  # the words that assign the task: a segment of the source, like any evidence
        b.add(node, GOV.statement, NamedNode(evidence_iri(b.source.value, task.marker.start, task.marker.end)))
    for k, a in enumerate(task.assignments, 1):
        an = NamedNode(f"{node.value}/assignment/{k}")
        b.add(node, GOV.assignment, an)
        b.add(an, RDF.type, GOV.Assignment)
        b.add(an, GOV.unit, b.unit(a.unit))
        b.add(an, GOV.role, ROLE[a.role])
        b.add(an, GOV.label, zh(a.label))
        if a.implied:
            b.add(an, GOV.implied, boolean(True))
        b.evidence(an, a.span)
    for k, m in enumerate(task.mentions, 1):
        mn = NamedNode(f"{node.value}/mention/{k}")
        b.add(node, GOV.mention, mn)
        b.add(mn, RDF.type, GOV.Mention)
        b.add(mn, GOV.unit, b.unit(m.unit))
        b.add(mn, GOV.label, zh(m.label))
        b.evidence(mn, m.span)
    for k, r in enumerate(task.recurrences, 1):
        rn = NamedNode(f"{node.value}/recurrence/{k}")
        b.add(node, GOV.recurrence, rn)
        b.add(rn, RDF.type, GOV.Recurrence)
        b.add(rn, GOV.frequency, FREQUENCY[r.frequency])
        b.add(rn, GOV.cue, zh(r.cue))
        b.evidence(rn, r.span)
    for k, d in enumerate(task.deadlines, 1):
        dn = NamedNode(f"{node.value}/deadline/{k}")
        b.add(node, GOV.deadline, dn)
        b.add(dn, RDF.type, GOV.Deadline)
        b.add(dn, GOV.cue, zh(d.cue))
        if d.date:
            b.add(dn, RDF.type, TIME.Instant)
            b.add(dn, TIME.inXSDDate, date(d.date))
        if d.relative_days is not None:
            b.add(dn, GOV.withinDays, integer(d.relative_days))
        b.evidence(dn, d.span)
    for kind, cues in (("promptness", task.promptness), ("trigger", task.triggers)):
        cls = GOV.Promptness if kind == "promptness" else GOV.Trigger
        for k, c in enumerate(cues, 1):
            cn = NamedNode(f"{node.value}/{kind}/{k}")
            b.add(node, GOV[kind], cn)
            b.add(cn, RDF.type, cls)
            b.add(cn, GOV.cue, zh(c.cue))
            b.evidence(cn, c.span)
    for cite in task.citations:
        b.add(node, GOV.basis, _cited_node(b, cite))


def _expression(b: _Builder, work: NamedNode, title: str) -> NamedNode:
    """The Chinese expression of *work* (``…/zh``), with its title."""
    expr = NamedNode(work.value + "/zh")
    b.add(work, ELI.is_realized_by, expr)
    b.add(expr, RDF.type, ELI.LegalExpression)
    b.add(expr, ELI.realizes, work)
    b.add(expr, ELI.title, zh(title))
    return expr


def _cited_node(b: _Builder, cite: Citation) -> NamedNode:
    return NamedNode(document_iri(b.base, cite.identity))


def _citation(b: _Builder, layer: NamedNode, cite: Citation, node: NamedNode) -> None:
    cited = _cited_node(b, cite)
    b.add(layer, ELI.cites, cited)
    if cite.relation == Relation.BASED_ON:
        b.add(layer, ELI.based_on, cited)
    elif cite.relation == Relation.APPLIES:
        b.add(layer, ELI.applies, cited)
    b.add(node, RDF.type, GOV.Citation)
    b.add(node, GOV.cited, cited)
    b.add(node, GOV.relation, ELI[cite.relation])
    b.evidence(node, cite.span)
    b.add(cited, RDF.type, ELI.LegalResource)
    if cite.doc_number:
        b.add(cited, ELI.number, Literal(cite.doc_number))
    if cite.title:
        _expression(b, cited, cite.clean_title)
    for unit in cite.issuer_units[:len(cite.issuers)]:
        b.add(cited, ELI.passed_by, b.unit(unit))


def _units(b: _Builder) -> None:
    """Describe every unit the notice names (and the government each belongs to)."""
    units = {key: named.unit for key, named in b.notice.units.items()}
    pending = sorted(units)
    done: set[str] = set()
    while pending:
        key = pending.pop(0)
        if key in done:
            continue
        done.add(key)
        unit = units[key]
        node = NamedNode(unit_iri(b.base, key))
        b.add(node, SKOS.prefLabel, zh(unit.name))
        named = b.notice.units.get(key)
        for label in sorted(named.labels if named else ()):
            if label != unit.name:
                b.add(node, SKOS.altLabel, zh(label))
        if unit.jurisdiction:
            b.add(node, GOV.jurisdiction, NamedNode(place_iri(b.base, unit.jurisdiction)))
        if unit.kind == "collective":
            b.add(node, RDF.type, GOV.CollectiveDesignation)
            continue
        b.add(node, RDF.type, ORG.Organization)
        if unit.public:
            b.add(node, RDF.type, CV.PublicOrganisation)
        if unit.vertical:
            b.add(node, GOV.verticallyManaged, boolean(True))
        if unit.parent_key:
            b.add(node, ORG.subOrganizationOf, NamedNode(unit_iri(b.base, unit.parent_key)))
            if unit.parent_key not in units:
                units[unit.parent_key] = b.notice.parent_units[unit.parent_key]
                pending.append(unit.parent_key)
                pending.sort()


__all__ = ["notice_quads", "notice_node", "graph_node"]

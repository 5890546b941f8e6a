"""What each page shows, read from the store: a :class:`~govkg.publish.site.Site` and an IRI
in, a view out — a plain dataclass of IRIs, texts and numbers per kind of page (``task_view``
→ :class:`TaskView`, …) — and the labels pages name resources by.

Views follow the store through the site's pattern lookups; the counts of the index pages come
from the SPARQL of ``views/*.rq``. Nothing here writes HTML (:mod:`govkg.publish.pages` does).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode

from govkg.publish.site import Site
from govkg.rdf.vocab import (
    CNT,
    DCT,
    ELI,
    GOV,
    NS,
    ONTOLOGY_GRAPH,
    ORG,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    ROLE,
    SKOS,
    TIME,
    span_of_evidence,
)

#: the roles (``gov:role`` notations) in the order pages list them
ROLE_ORDER = ["lead", "responsible", "supporting", "guiding", "implementing"]


# -- labels --------------------------------------------------------------------------------------


def title_of(site: Site, doc: str) -> str | None:
    """The Chinese title of a document's expression, if it has one."""
    for expr in site.iris(doc, ELI.is_realized_by):
        t = site.value(expr, ELI.title, "zh")
        if t:
            return t
    return None


def label(site: Site, iri: str) -> str:
    """A short human label for *iri*: a name, a title, a number, or the end of its path."""
    kind = site.kind(iri)
    if kind == "task":
        return f"任务 {site.value(iri, GOV.label) or site.value(iri, GOV.position) or ''}".strip()
    if kind in ("notice", "plan", "cited"):
        return site.value(iri, ELI.number) or title_of(site, iri) or iri.rsplit("/", 1)[-1]
    if kind == "source":
        return "原文"
    if kind == "ontology":
        return "govkg 本体"
    for p in (SKOS.prefLabel, RDFS.label, DCT.title):
        v = site.value(iri, p, "zh")
        if v:
            return v
    if iri.startswith(NS):
        return "govkg:" + iri[len(NS):]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def doc_heading(site: Site, doc: str) -> str:
    """The title of a document, or its number when it has no title."""
    return title_of(site, doc) or site.value(doc, ELI.number) or label(site, doc)


def section_heading(site: Site, section: str) -> str:
    """A section's number and title as the text writes them (``一、工作目标``)."""
    return f"{site.value(section, ELI.number) or ''}{site.value(section, DCT.title, 'zh') or ''}"


def notation(site: Site, concept: str) -> str:
    """A concept's notation (``lead``), or the end of its IRI."""
    return site.value(concept, SKOS.notation) or concept.rsplit("/", 1)[-1]


def role_iri(role: str) -> str:
    """The concept of the role with notation *role* (``lead``)."""
    return ROLE[role].value


def short(iri: str) -> str:
    """A prefixed name for a well-known IRI (``govkg:text``), else the IRI."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# -- what several pages show ---------------------------------------------------------------------


def tasks_of(site: Site, doc: str) -> list[str]:
    """The tasks of *doc* in their order."""
    key = ("tasks", doc)
    if key not in site.memo:
        site.memo[key] = sorted(site.subjects(GOV.document, doc), key=lambda t: site.integer(t, GOV.position))
    return site.memo[key]


def span_of(site: Site, fact: str) -> tuple[int, int] | None:
    """The (start, end) code-point offsets of *fact*'s evidence, if it has one."""
    for ev in site.iris(fact, GOV.evidence):
        span = span_of_evidence(ev)
        if span is not None:
            return span[1], span[2]
    return None


def notice_of(site: Site, iri: str) -> str | None:
    """The notice (read from a file) whose graph holds *iri*."""
    for q in site.store.quads_for_pattern(NamedNode(iri), None, None, None):
        g = q.graph_name
        if isinstance(g, NamedNode) and g.value.endswith("/graph"):
            return g.value[: -len("/graph")]
    return None


@dataclass(frozen=True)
class Assignment:
    """A unit a task is assigned to: the assignment node, the unit, its role notation, the
    unit's name as the text writes it, and whether the text implies the unit rather than names it."""

    node: str
    unit: str
    role: str
    written: str
    implied: bool


def assignments(site: Site, task: str) -> list[Assignment]:
    """The assignments of *task*, in order (those without a unit or a role left out)."""
    out = []
    for a in sorted(site.iris(task, GOV.assignment), key=_ordinal):
        unit = next(iter(site.iris(a, GOV.unit)), None)
        role = next(iter(site.iris(a, GOV.role)), None)
        if unit is None or role is None:
            continue
        out.append(Assignment(a, unit, notation(site, role), site.value(a, GOV.label) or label(site, unit),
                              site.value(a, GOV.implied) == "true"))
    return out


def _ordinal(iri: str) -> tuple[int, str]:
    """Nodes numbered ``…/1``, ``…/2`` in number order, the others after them."""
    tail = iri.rsplit("/", 1)[-1]
    return (int(tail), "") if tail.isdigit() else (10**9, tail)


@dataclass(frozen=True)
class Workload:
    """The tasks one unit is assigned: per role notation, and the name most often written for it."""

    unit: str
    written: str
    roles: Counter[str]


def workload(site: Site, docs: list[str]) -> list[Workload]:
    """The workload of each unit assigned a task of *docs*, busiest first."""
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for task in tasks_of(site, doc):
            for a in assignments(site, task):
                roles[a.unit][a.role] += 1
                written[a.unit][a.written] += 1
    rows = [Workload(unit, written[unit].most_common(1)[0][0], counts) for unit, counts in roles.items()]
    return sorted(rows, key=lambda w: (-sum(w.roles.values()), w.written))


@dataclass(frozen=True)
class Described:
    """A node and what the graph says about it: (predicate IRI, object) in store order, from every graph."""

    node: str
    statements: list[tuple[str, NamedNode | BlankNode | Literal]]


def statements(site: Site, nodes: list[str]) -> list[Described]:
    """What the graph says about each of *nodes*."""
    return [Described(n, [(q.predicate.value, q.object)
                          for q in site.store.quads_for_pattern(NamedNode(n), None, None, None)]) for n in nodes]


def described(site: Site, iri: str) -> list[Described]:
    """What the graph says about *iri* and about each node its page shows."""
    return statements(site, [iri] + site.owned(iri))


# -- tasks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """A time requirement of a task: its node, its kind (``recurrence``, ``deadline``,
    ``promptness`` or ``trigger``) and its words in the text; a recurrence's frequency, a
    deadline's date or number of days."""

    node: str
    kind: str
    cue: str
    frequency: str | None = None
    date: str | None = None
    within_days: str | None = None


def timings(site: Site, task: str) -> list[Timing]:
    """The time requirements of *task*: recurrences (one per frequency), deadlines, promptness, triggers."""
    found = [Timing(r, "recurrence", site.value(r, GOV.cue) or "", frequency=f)
             for r in site.iris(task, GOV.recurrence) for f in site.iris(r, GOV.frequency)]
    found += [Timing(d, "deadline", site.value(d, GOV.cue) or "", date=site.value(d, TIME.inXSDDate),
                     within_days=site.value(d, GOV.withinDays)) for d in site.iris(task, GOV.deadline)]
    for kind, p in (("promptness", GOV.promptness), ("trigger", GOV.trigger)):
        found += [Timing(c, kind, site.value(c, GOV.cue) or "") for c in site.iris(task, p)]
    return found


@dataclass(frozen=True)
class TaskItem:
    """A task as a list shows it: its ordinal as written (``（一）``), text, units and timing."""

    iri: str
    ordinal: str | None
    text: str
    assignments: list[Assignment]
    timings: list[Timing]


def task_item(site: Site, task: str) -> TaskItem:
    """*task* as a list shows it."""
    return TaskItem(task, site.value(task, GOV.label), site.value(task, GOV.text) or "",
                    assignments(site, task), timings(site, task))


@dataclass(frozen=True)
class Mention:
    """Units a task's text mentions without assigning them the task: the mention node, the
    name as written, the units it names."""

    node: str
    written: str | None
    units: list[str]


@dataclass(frozen=True)
class Excerpt:
    """Where a fact is in its notice's text: the source text resource, the text, the span."""

    source: str
    text: str
    start: int
    end: int


def excerpt(site: Site, fact: str) -> Excerpt | None:
    """The span of *fact*'s evidence in its notice's text, if it has one."""
    span = span_of(site, fact)
    notice = notice_of(site, fact)
    if span is None or notice is None:
        return None
    source = notice + "/source"
    text = site.value(source, CNT.chars)
    return None if text is None else Excerpt(source, text, *span)


@dataclass(frozen=True)
class TaskView:
    """What a task's page shows: its document (and the documents that transmit it), ordinal,
    text, assignments, mentions, timing, basis, evidence, section and neighbours in the document."""

    iri: str
    doc: str | None
    carriers: list[str]
    ordinal: str
    text: str
    assignments: list[Assignment]
    mentions: list[Mention]
    timings: list[Timing]
    basis: list[str]
    excerpt: Excerpt | None
    section: str | None
    previous: str | None
    next: str | None
    statements: list[Described]


def task_view(site: Site, task: str) -> TaskView:
    """What the page of *task* shows."""
    doc = next(iter(site.iris(task, GOV.document)), None)
    section = next(iter(site.iris(task, DCT.isPartOf)), None)
    previous, next_ = _neighbours(tasks_of(site, doc), task) if doc else (None, None)
    return TaskView(
        iri=task, doc=doc, carriers=site.iris(doc, GOV.transmittedBy) if doc else [],
        ordinal=site.value(task, GOV.label) or site.value(task, GOV.position) or "",
        text=site.value(task, GOV.text) or "", assignments=assignments(site, task),
        mentions=[Mention(m, site.value(m, GOV.label), site.iris(m, GOV.unit)) for m in site.iris(task, GOV.mention)],
        timings=timings(site, task), basis=site.iris(task, GOV.basis), excerpt=excerpt(site, task),
        section=section if section and section != doc else None, previous=previous, next=next_,
        statements=described(site, task))


def _neighbours(tasks: list[str], task: str) -> tuple[str | None, str | None]:
    """The tasks before and after *task* in *tasks*."""
    i = tasks.index(task) if task in tasks else -1
    return (tasks[i - 1] if i > 0 else None), (tasks[i + 1] if 0 <= i < len(tasks) - 1 else None)


# -- documents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentMeta:
    """What a document's page lists about it ("" or [] when the graph does not say): its
    number, issuers, dates, whether it is in force, index number, types, places, subjects,
    addressees, who approved it, how it is disclosed, and the documents it transmits or is
    transmitted by."""

    number: str
    issuers: list[str]
    date: str
    published: str
    in_force: bool | None
    local_id: str
    types: list[str]
    places: list[str]
    subjects: list[str]
    addressees: list[str]
    approved_by: str
    disclosure: str
    transmits: list[str]
    transmitted_by: list[str]


def document_meta(site: Site, doc: str) -> DocumentMeta:
    """What the page of *doc* lists about it."""
    in_force = site.iris(doc, ELI.in_force)
    return DocumentMeta(
        number=site.value(doc, ELI.number) or "", issuers=site.iris(doc, ELI.passed_by),
        date=site.value(doc, ELI.date_document) or "", published=site.value(doc, ELI.date_publication) or "",
        in_force=in_force[0].endswith("inForce") if in_force else None, local_id=site.value(doc, ELI.id_local) or "",
        types=site.iris(doc, ELI.type_document), places=site.iris(doc, ELI.jurisdiction),
        subjects=[o.value for o in site.objects(doc, DCT.subject)],
        addressees=[o.value for o in site.objects(doc, GOV.addressee)],
        approved_by=site.value(doc, GOV.approvedBy) or "", disclosure=site.value(doc, GOV.disclosure) or "",
        transmits=site.iris(doc, GOV.transmits), transmitted_by=site.iris(doc, GOV.transmittedBy))


@dataclass(frozen=True)
class Citation:
    """One document citing another: the other document, its number, and how — the ELI
    property ``based_on``, ``applies`` or just ``cites``."""

    doc: str
    number: str
    relation: str


def citations(site: Site, doc: str) -> list[Citation]:
    """What *doc* cites, and how (``applies`` when it is both applied and a basis)."""
    based_on, applies = site.iris(doc, ELI.based_on), site.iris(doc, ELI.applies)
    return [Citation(cited, site.value(cited, ELI.number) or "",
                     "applies" if cited in applies else "based_on" if cited in based_on else "cites")
            for cited in site.iris(doc, ELI.cites)]


def citers(site: Site, doc: str) -> list[Citation]:
    """The documents that cite *doc*, and how (``based_on`` when it is both a basis and applied)."""
    return [Citation(citing, site.value(citing, ELI.number) or "",
                     "based_on" if doc in site.iris(citing, ELI.based_on)
                     else "applies" if doc in site.iris(citing, ELI.applies) else "cites")
            for citing in site.subjects(ELI.cites, doc)]


@dataclass(frozen=True)
class Section:
    """A section of a document: its heading as written and its parts in document order."""

    iri: str
    heading: str
    parts: list[Section | TaskItem]


def structure(site: Site, doc: str) -> list[Section | TaskItem]:
    """The parts of *doc* in document order (by the offsets of their evidence): its sections,
    each with its own parts, and its tasks."""
    by_parent: dict[str, list[str]] = defaultdict(list)
    for task in tasks_of(site, doc):
        by_parent[next(iter(site.iris(task, DCT.isPartOf)), doc)].append(task)
    return _parts(site, doc, by_parent)


def _parts(site: Site, node: str, by_parent: dict[str, list[str]]) -> list[Section | TaskItem]:
    """The tasks (*by_parent*) and subsections of *node*, ordered by offset, tasks after a section at the same one."""
    items = [(span_of(site, t) or (0, 0), True, t) for t in by_parent.get(node, [])]
    items += [(span_of(site, s) or (0, 0), False, s) for s in site.iris(node, ELI.has_part)]
    items.sort(key=lambda item: (item[0], item[1], site.integer(item[2], GOV.position)))
    return [task_item(site, x) if is_task else Section(x, section_heading(site, x), _parts(site, x, by_parent))
            for _, is_task, x in items]


@dataclass(frozen=True)
class Layer:
    """A document shown on a notice's page — the notice itself, or a plan it transmits: who
    approved it, whether it has tasks or sections, its parts, what it cites."""

    iri: str
    approved_by: str
    has_parts: bool
    parts: list[Section | TaskItem]
    citations: list[Citation]


def layer(site: Site, doc: str) -> Layer:
    """*doc* as a layer of a notice's page."""
    return Layer(doc, site.value(doc, GOV.approvedBy) or "", bool(tasks_of(site, doc) or site.iris(doc, ELI.has_part)),
                 structure(site, doc), citations(site, doc))


@dataclass(frozen=True)
class DocumentView:
    """What a notice's or a plan's page shows: its kind, title and metadata, its source text
    and file name, the site path of its dump (a notice's), how many tasks it and its plans
    hold, their units' workload, and its layers (itself first)."""

    iri: str
    kind: str
    title: str
    meta: DocumentMeta
    source: str | None
    file_name: str
    dump: str | None
    tasks: int
    workload: list[Workload]
    layers: list[Layer]
    statements: list[Described]


def document_view(site: Site, doc: str) -> DocumentView:
    """What the page of the notice or plan *doc* shows."""
    kind = site.kind(doc) or ""
    docs = [doc] + site.iris(doc, GOV.transmits)
    source = doc + "/source"
    has_source = site.kind(source) == "source"
    return DocumentView(
        iri=doc, kind=kind, title=doc_heading(site, doc), meta=document_meta(site, doc),
        source=source if has_source else None, file_name=site.value(source, GOV.fileName) or "",
        dump=f"dumps/{site.path(doc)}graph.nq.gz".replace("//", "/") if kind == "notice" else None,
        tasks=sum(len(tasks_of(site, d)) for d in docs), workload=workload(site, docs),
        layers=[layer(site, d) for d in docs], statements=described(site, doc))


@dataclass(frozen=True)
class CitedView:
    """What the page of a cited document (its text not in the graph) shows: its title and
    metadata, the documents that cite it, the tasks based on it."""

    iri: str
    title: str
    meta: DocumentMeta
    citers: list[Citation]
    tasks: list[TaskItem]
    statements: list[Described]


def cited_view(site: Site, doc: str) -> CitedView:
    """What the page of the cited document *doc* shows."""
    return CitedView(doc, doc_heading(site, doc), document_meta(site, doc), citers(site, doc),
                     [task_item(site, t) for t in site.subjects(GOV.basis, doc)], described(site, doc))


# -- source texts ---------------------------------------------------------------------------------


_FACT_KINDS = [(GOV.Task, "task"), (GOV.Assignment, "unit"), (GOV.Mention, "unit"), (GOV.Recurrence, "time"),
               (GOV.Deadline, "time"), (GOV.Promptness, "time"), (GOV.Trigger, "time"), (GOV.Citation, "cite"),
               (ELI.LegalResourceSubdivision, "heading"), (ELI.LegalExpression, "heading")]


@dataclass(frozen=True)
class Mark:
    """A span of a source text a fact points to: its offsets, the fact, and what kind of fact
    it is — ``task``, ``statement`` (the words that assign a task), ``unit``, ``time``,
    ``cite``, ``heading`` or ``fact``."""

    start: int
    end: int
    kind: str
    fact: str


@dataclass(frozen=True)
class SourceView:
    """What a notice's source text page shows: the notice, the text as read, the file's name,
    format, encoding, length and SHA-256, and every fact's span."""

    iri: str
    notice: str
    text: str
    file_name: str
    format: str
    encoding: str
    characters: str
    sha256: str
    marks: list[Mark]
    statements: list[Described]


def source_view(site: Site, source: str) -> SourceView:
    """What the page of the source text *source* (``{notice}/source``) shows."""
    text = site.value(source, CNT.chars) or ""
    return SourceView(
        iri=source, notice=source[: -len("/source")], text=text, file_name=site.value(source, GOV.fileName) or "",
        format=site.value(source, GOV.sourceFormat) or "", encoding=site.value(source, GOV.encoding) or "",
        characters=site.value(source, GOV.characters) or "", sha256=site.value(source, GOV.sha256) or "",
        marks=marks(site, source, len(text)), statements=statements(site, [source]))


def marks(site: Site, source: str, length: int) -> list[Mark]:
    """The spans of the source text *source* (*length* characters long) that facts point to."""
    found = []
    for fact, segment in site.segments_of_source(source):
        span = span_of_evidence(segment)
        if span is not None and 0 <= span[1] <= span[2] <= length:
            found.append(Mark(span[1], span[2], _fact_kind(site, fact, segment), fact))
    return found


def _fact_kind(site: Site, fact: str, segment: str) -> str:
    """The kind of *fact* by its type; a task's span other than its evidence is its statement."""
    types = site.types(fact)
    kind = next((k for t, k in _FACT_KINDS if t.value in types), "fact")
    if kind == "task" and segment != (site.iris(fact, GOV.evidence) or [None])[0]:
        return "statement"
    return kind


# -- units, places, concepts ----------------------------------------------------------------------


@dataclass(frozen=True)
class UnitTask:
    """A task a unit is assigned: the task, its ordinal and text, the unit's role and name as written."""

    task: str
    ordinal: str | None
    text: str
    role: str
    written: str


@dataclass(frozen=True)
class UnitMention:
    """A task whose text mentions a unit without assigning it: the task, its text, the name written."""

    task: str
    text: str
    written: str


@dataclass(frozen=True)
class UnitView:
    """What a unit's page shows: its names, whether it is a collective designation, its places,
    parents and sub-units, whether it is vertically managed, its tasks by document (documents
    by heading, tasks in order), the tasks that mention it, the documents it issued."""

    iri: str
    name: str
    collective: bool
    alt_labels: list[str]
    places: list[str]
    parents: list[str]
    subunits: list[str]
    vertically_managed: bool
    tasks: dict[str, list[UnitTask]]
    mentions: list[UnitMention]
    issued: list[str]
    statements: list[Described]

    @property
    def roles(self) -> Counter[str]:
        """How many of its tasks it carries in each role."""
        return Counter(t.role for tasks in self.tasks.values() for t in tasks)


def unit_view(site: Site, unit: str) -> UnitView:
    """What the page of *unit* shows."""
    tasks, mentions = _unit_tasks(site, unit)
    return UnitView(
        iri=unit, name=label(site, unit), collective=GOV.CollectiveDesignation.value in site.types(unit),
        alt_labels=sorted({o.value for o in site.objects(unit, SKOS.altLabel)}),
        places=site.iris(unit, GOV.jurisdiction), parents=site.iris(unit, ORG.subOrganizationOf),
        subunits=sorted(site.subjects(ORG.subOrganizationOf, unit), key=lambda s: label(site, s)),
        vertically_managed=site.value(unit, GOV.verticallyManaged) == "true",
        tasks=tasks, mentions=mentions, issued=sorted(site.subjects(ELI.passed_by, unit)),
        statements=statements(site, [unit]))


def _unit_tasks(site: Site, unit: str) -> tuple[dict[str, list[UnitTask]], list[UnitMention]]:
    """The tasks *unit* is assigned, by document, and the tasks that mention it."""
    by_doc: dict[str, list[UnitTask]] = defaultdict(list)
    mentions: list[UnitMention] = []
    for node in site.subjects(GOV.unit, unit):
        types, written = site.types(node), site.value(node, GOV.label) or ""
        if GOV.Assignment.value in types:
            role = notation(site, next(iter(site.iris(node, GOV.role)), ""))
            for task in site.subjects(GOV.assignment, node):
                doc = next(iter(site.iris(task, GOV.document)), "")
                by_doc[doc].append(UnitTask(task, site.value(task, GOV.label), site.value(task, GOV.text) or "",
                                            role, written))
        elif GOV.Mention.value in types:
            mentions += [UnitMention(task, site.value(task, GOV.text) or "", written)
                         for task in site.subjects(GOV.mention, node)]
    ordered = {doc: sorted(by_doc[doc], key=lambda t: site.integer(t.task, GOV.position))
               for doc in sorted(by_doc, key=lambda d: doc_heading(site, d))}
    return ordered, mentions


@dataclass(frozen=True)
class PlaceView:
    """What a place's page shows: its name, division code, the places above and below it,
    the documents of its jurisdiction and its units (by name)."""

    iri: str
    name: str
    code: str
    broader: list[str]
    narrower: list[str]
    docs: list[str]
    units: list[str]
    statements: list[Described]


def place_view(site: Site, place: str) -> PlaceView:
    """What the page of *place* shows."""
    return PlaceView(
        iri=place, name=label(site, place), code=site.value(place, SKOS.notation) or "",
        broader=site.iris(place, SKOS.broader), narrower=sorted(site.subjects(SKOS.broader, place)),
        docs=sorted(site.subjects(ELI.jurisdiction, place)),
        units=sorted(site.subjects(GOV.jurisdiction, place), key=lambda u: label(site, u)),
        statements=statements(site, [place]))


@dataclass(frozen=True)
class ConceptUse:
    """A task that uses a concept: as a frequency, or as the role of an assignment (its units
    and the name written for them)."""

    task: str
    text: str
    doc: str | None
    units: list[str]
    written: str | None = None


@dataclass(frozen=True)
class ConceptView:
    """What a concept's page shows: its labels, notation, definition, scheme and matches in
    other vocabularies, the tasks that use it, and the documents of its type (by IRI)."""

    iri: str
    zh: str | None
    en: str | None
    notation: str
    definition: str
    scheme: str | None
    matches: list[str]
    uses: list[ConceptUse]
    docs: list[str]
    statements: list[Described]


def concept_view(site: Site, concept: str) -> ConceptView:
    """What the page of *concept* shows."""
    return ConceptView(
        iri=concept, zh=site.value(concept, SKOS.prefLabel, "zh"), en=site.value(concept, SKOS.prefLabel, "en"),
        notation=site.value(concept, SKOS.notation) or "", definition=site.value(concept, SKOS.definition, "en") or "",
        scheme=next(iter(site.iris(concept, SKOS.inScheme)), None),
        matches=[m for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch) for m in site.iris(concept, p)],
        uses=concept_uses(site, concept), docs=sorted(site.subjects(ELI.type_document, concept)),
        statements=statements(site, [concept]))


def concept_uses(site: Site, concept: str) -> list[ConceptUse]:
    """The tasks that recur at the frequency *concept*, then those with a unit in the role *concept*."""
    uses = [_use(site, t, []) for r in site.subjects(GOV.frequency, concept) for t in site.subjects(GOV.recurrence, r)]
    uses += [_use(site, t, site.iris(a, GOV.unit), site.value(a, GOV.label))
             for a in site.subjects(GOV.role, concept) for t in site.subjects(GOV.assignment, a)]
    return uses


def _use(site: Site, task: str, units: list[str], written: str | None = None) -> ConceptUse:
    """A use of a concept by *task*, with its text and document."""
    return ConceptUse(task, site.value(task, GOV.text) or "", next(iter(site.iris(task, GOV.document)), None),
                      units, written)


# -- the ontology, other resources ----------------------------------------------------------------


def ontology_terms(site: Site, cls: NamedNode) -> list[str]:
    """The IRIs the ontology graph types as *cls*, sorted."""
    return sorted({q.subject.value for q in site.store.quads_for_pattern(None, RDF.type, cls, NamedNode(ONTOLOGY_GRAPH))
                   if isinstance(q.subject, NamedNode)})


#: what the ontology's page says of a class, of a property
CLASS_LINKS = [RDFS.subClassOf, SKOS.closeMatch, OWL.disjointWith]
PROPERTY_LINKS = [RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.inverseOf]


@dataclass(frozen=True)
class Term:
    """A class, property or concept scheme of the ontology: its labels and comment, and the
    terms it is linked to (property IRI → objects, in the order asked for)."""

    iri: str
    zh: str | None
    en: str | None
    comment: str
    links: list[tuple[str, list[str]]]


def term(site: Site, iri: str, links: list[NamedNode]) -> Term:
    """The term *iri* of the ontology, with its objects of each property of *links*."""
    return Term(iri, site.value(iri, RDFS.label, "zh") or site.value(iri, SKOS.prefLabel, "zh"),
                site.value(iri, RDFS.label, "en") or site.value(iri, SKOS.prefLabel, "en"),
                site.value(iri, RDFS.comment, "en") or "", [(p.value, site.iris(iri, p)) for p in links])


@dataclass(frozen=True)
class SchemeConcept:
    """A concept of a scheme: its notation, English label and definition."""

    iri: str
    notation: str
    en: str
    definition: str


@dataclass(frozen=True)
class Scheme:
    """A concept scheme of the ontology and its concepts, by IRI."""

    term: Term
    concepts: list[SchemeConcept]


def schemes(site: Site) -> list[Scheme]:
    """The concept schemes of the ontology, by IRI."""
    return [Scheme(term(site, s, []), [SchemeConcept(c, site.value(c, SKOS.notation) or "",
                                                     site.value(c, SKOS.prefLabel, "en") or "",
                                                     site.value(c, SKOS.definition, "en") or "")
                                       for c in sorted(site.subjects(SKOS.inScheme, s))])
            for s in ontology_terms(site, SKOS.ConceptScheme)]


@dataclass(frozen=True)
class OntologyView:
    """What the ontology's page shows: its labels, version, comment and licences, its classes
    and properties (by IRI), its concept schemes."""

    zh: str | None
    en: str
    version: str
    comment: str
    licenses: list[str]
    classes: list[Term]
    properties: list[Term]
    schemes: list[Scheme]


def ontology_view(site: Site) -> OntologyView:
    """What the ontology's page shows."""
    onto = ONTOLOGY_GRAPH
    properties = ontology_terms(site, OWL.ObjectProperty) + ontology_terms(site, OWL.DatatypeProperty)
    return OntologyView(
        zh=site.value(onto, RDFS.label, "zh"), en=site.value(onto, RDFS.label, "en") or "",
        version=site.value(onto, OWL.versionInfo) or "", comment=site.value(onto, RDFS.comment, "en") or "",
        licenses=site.iris(onto, DCT.license),
        classes=[term(site, c, CLASS_LINKS) for c in ontology_terms(site, OWL.Class)],
        properties=[term(site, p, PROPERTY_LINKS) for p in properties], schemes=schemes(site))


@dataclass(frozen=True)
class GenericView:
    """What the page of any other resource shows: its label, its types (sorted), what the graph says."""

    iri: str
    name: str
    types: list[str]
    statements: list[Described]


def generic_view(site: Site, iri: str) -> GenericView:
    """What the page of any other resource *iri* shows."""
    return GenericView(iri, label(site, iri), sorted(site.types(iri)), described(site, iri))


# -- index pages ----------------------------------------------------------------------------------


def view_query(name: str) -> str:
    """The SPARQL text of ``views/{name}.rq``."""
    return (Path(__file__).parent / "views" / f"{name}.rq").read_text(encoding="utf-8")


def _count(site: Site, view: str) -> dict[str, int]:
    """What the counting query *view* selects: each resource with its count."""
    return {row[0].value: int(row[1].value) for row in site.store.query(view_query(view))}


def task_counts(site: Site) -> dict[str, int]:
    """Tasks per document."""
    return _count(site, "tasks-per-document")


def unit_task_counts(site: Site) -> dict[str, int]:
    """Tasks assigned to each unit, across notices."""
    return _count(site, "tasks-per-unit")


@dataclass(frozen=True)
class NoticeRow:
    """A notice in a list of notices: its number, date, issuers, and how many tasks it and its plans hold."""

    iri: str
    number: str
    date: str
    issuers: list[str]
    tasks: int


def notice_rows(site: Site, notices: list[str], counts: dict[str, int]) -> list[NoticeRow]:
    """*notices* as rows, with their tasks counted from *counts* (tasks per document)."""
    return [NoticeRow(n, site.value(n, ELI.number) or "", site.value(n, ELI.date_document) or "",
                      site.iris(n, ELI.passed_by), sum(counts.get(d, 0) for d in [n] + site.iris(n, GOV.transmits)))
            for n in notices]


@dataclass(frozen=True)
class HomeView:
    """What the home page shows: the notices (newest first) and how many tasks, assignments
    and units with tasks the graph holds."""

    notices: list[NoticeRow]
    tasks: int
    assignments: int
    units: int


def home_view(site: Site) -> HomeView:
    """What the home page shows."""
    notices = sorted(site.notices(), key=lambda n: (site.value(n, ELI.date_document) or "", n), reverse=True)
    counts = task_counts(site)
    return HomeView(notice_rows(site, notices, counts), sum(counts.values()),
                    sum(1 for _ in site.store.quads_for_pattern(None, GOV.assignment, None, None)),
                    len(unit_task_counts(site)))


@dataclass(frozen=True)
class DocumentsView:
    """What the documents' index shows: the notices (by IRI), the plans they transmit (by IRI,
    with their tasks) and the documents they cite (by heading, with their numbers)."""

    notices: list[NoticeRow]
    plans: list[tuple[str, int]]
    cited: list[tuple[str, str]]


def documents_view(site: Site) -> DocumentsView:
    """What the documents' index shows."""
    counts = task_counts(site)
    plans = sorted(r.iri for r in site.resources() if r.kind == "plan")
    cited = sorted((r.iri for r in site.resources() if r.kind == "cited"), key=lambda d: doc_heading(site, d))
    return DocumentsView(notice_rows(site, sorted(site.notices()), counts), [(p, counts.get(p, 0)) for p in plans],
                         [(d, site.value(d, ELI.number) or "") for d in cited])


def units_by_place(site: Site) -> dict[str, list[tuple[str, int]]]:
    """The units by jurisdiction ("" for none; places by code), each with its tasks across notices
    (busiest first, then by name)."""
    counts = unit_task_counts(site)
    groups: dict[str, list[str]] = defaultdict(list)
    for r in site.resources():
        if r.kind == "unit":
            groups[next(iter(site.iris(r.iri, GOV.jurisdiction)), "")].append(r.iri)
    return {place: sorted(((u, counts.get(u, 0)) for u in groups[place]), key=lambda un: (-un[1], label(site, un[0])))
            for place in sorted(groups, key=lambda p: site.value(p, SKOS.notation) or p)}


def places(site: Site) -> list[tuple[str, str, list[str]]]:
    """(place, division code, the places above it) for every place, by code."""
    found = [(r.iri, site.value(r.iri, SKOS.notation)) for r in site.resources() if r.kind == "place"]
    return [(p, code or "", site.iris(p, SKOS.broader)) for p, code in sorted(found, key=lambda pc: pc[1] or pc[0])]

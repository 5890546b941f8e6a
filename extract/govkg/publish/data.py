"""What the pages show, read from the store: a :class:`~govkg.publish.site.Site` in, plain
data out — labels, a document's tasks in order, a task's assignments, counts by query.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from govkg.publish.site import Site
from govkg.rdf.vocab import (
    DCT,
    ELI,
    GOV,
    NS,
    PREFIXES,
    RDFS,
    ROLE,
    SKOS,
    span_of_evidence,
)

#: the roles (``gov:role`` notations) in the order pages list them
ROLE_ORDER = ["lead", "responsible", "supporting", "guiding", "implementing"]


def title_of(site: Site, doc: str) -> str | None:
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


def notation(site: Site, concept: str) -> str:
    return site.value(concept, SKOS.notation) or concept.rsplit("/", 1)[-1]


def short(iri: str) -> str:
    """A prefixed name for a well-known IRI (``govkg:text``), else the IRI."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


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


def tasks_of(site: Site, doc: str) -> list[str]:
    """The tasks of *doc* in their order."""
    key = ("tasks", doc)
    if key not in site.memo:
        site.memo[key] = sorted(site.subjects(GOV.document, doc), key=lambda t: site.integer(t, GOV.position))
    return site.memo[key]


def assignments(site: Site, task: str) -> list[tuple[str, str, str, str, bool]]:
    """(assignment, unit, role notation, label as written, implied) of *task*, in order."""
    out = []
    for a in sorted(site.iris(task, GOV.assignment), key=lambda a: _ordinal(a)):
        unit = next(iter(site.iris(a, GOV.unit)), None)
        role = next(iter(site.iris(a, GOV.role)), None)
        if unit is None or role is None:
            continue
        out.append((a, unit, notation(site, role), site.value(a, GOV.label) or label(site, unit),
                    site.value(a, GOV.implied) == "true"))
    return out


def _ordinal(iri: str) -> tuple:
    tail = iri.rsplit("/", 1)[-1]
    return (int(tail), "") if tail.isdigit() else (10**9, tail)


def role_iri(role: str) -> str:
    """The concept of the role with notation *role* (``lead``)."""
    return ROLE[role].value


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
            for _, unit, role, text, _ in assignments(site, task):
                roles[unit][role] += 1
                written[unit][text] += 1
    rows = [Workload(unit, written[unit].most_common(1)[0][0], counts) for unit, counts in roles.items()]
    return sorted(rows, key=lambda w: (-sum(w.roles.values()), w.written))


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

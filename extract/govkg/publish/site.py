"""The published site's model: which IRIs get a page, where each page lives, and what each
resource is in data — shared by :mod:`govkg.publish.write` (files) and :mod:`govkg.publish.serve` (live).

Every IRI of the graph under the data's *base* (or under the fixed vocabulary namespace
:data:`~govkg.rdf.vocab.VOCAB`) either is a **published resource** — a notice, a transmitted plan,
a cited document, a task, a unit, a place, a notice's source text, a concept, the ontology, or
anything else that has no owner — with its own page, or is **owned** by the nearest published
resource whose IRI is a path prefix of its own (a task owns its assignments, timing cues and
evidence selectors; a document owns its sections, expression and citations). An owned node is
described in its owner's data and shown on its owner's page at ``#fragment``.

Site paths mirror the IRIs (Cool URIs): ``{base}eli/cn-120101/和平政办/2017/9`` is the folder
``eli/cn-120101/和平政办/2017/9/`` (``index.html``, ``index.ttl``, ``index.jsonld``,
``index.nt``); vocabulary IRIs ``https://w3id.org/govkg/X`` live under ``vocab/X/``, the
ontology's terms ``…/ns#Task`` at ``vocab/ns/#Task``. Folder names are the IRI's segments
percent-decoded (Chinese stays Chinese on disk), and links are percent-encoded, so any web
server that decodes request paths as UTF-8 finds them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import quote, unquote

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple, serialize

from govkg.errors import GovkgError, Unusable
from govkg.rdf.vocab import (
    CHAR_FRAGMENT,
    CNT,
    DCT,
    DEFAULT_BASE,
    ELI,
    GOV,
    NS,
    ONTOLOGY_GRAPH,
    ORG,
    OWL,
    PREFIXES,
    RDF,
    SKOS,
    VOCAB,
    segment,
)

#: the data formats beside every page: file suffix → (media type, pyoxigraph format)
DATA_FORMATS = {
    "ttl": ("text/turtle", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "nt": ("application/n-triples", RdfFormat.N_TRIPLES),
}

#: kinds of resource that get a page of their own
PUBLISHED = ("notice", "plan", "cited", "task", "unit", "place", "source", "concept", "ontology", "generic")

_KIND_OF_TYPE = [
    (GOV.Task, "task"), (ORG.Organization, "unit"), (GOV.CollectiveDesignation, "unit"),
    (DCT.Location, "place"), (CNT.ContentAsText, "source"), (SKOS.Concept, "concept"), (OWL.Ontology, "ontology"),
]


@dataclass(frozen=True)
class Resource:
    """A published resource: its IRI, kind and folder on the site (decoded, ending in ``/``)."""

    iri: str
    kind: str
    path: str


class Site:
    """The published view of a store whose notices were built with IRIs under *base*.

    :param store: a :class:`pyoxigraph.Store` (on disk, read-only is enough, or in memory).
    :param base: the base IRI the notices were built with (``govkg build --base``).
    :param sparql: the URL of a public SPARQL endpoint to announce, if there is one.
    :param license: the IRI of the licence the data is published under.
    """

    def __init__(self, store: Store, base: str | None = None, *, sparql: str | None = None,
                 license: str = "https://creativecommons.org/publicdomain/zero/1.0/", union_default_graph: bool = False):
        if base is None:  # the base the store was built with
            from govkg.store.graphs import store_bases

            bases = store_bases(store)
            if len(bases) > 1:
                raise GovkgError(f"the store was built with several bases ({', '.join(bases)}); say which one to use")
            base = bases[0] if bases else DEFAULT_BASE
        if not base.endswith("/"):
            raise GovkgError(f"base {base!r} must end with /, as the IRIs were minted under it")
        self.store = store
        self.base = base
        self.sparql = sparql
        #: the SPARQL endpoint answers on the union of all graphs as its default graph
        self.union_default_graph = union_default_graph
        self.license = license
        self._types: dict[str, frozenset[str]] = {}
        self._resolved: dict[str, tuple[str, str] | None] = {}
        self._resources: list[Resource] | None = None
        #: what pages compute more than once (a document's tasks in order), kept for the Site's life
        self.memo: dict = {}

    # -- reading the store -------------------------------------------------------------------

    def objects(self, s: str, p: NamedNode) -> list:
        """The objects of (*s*, *p*) across all graphs, each once, in store order."""
        seen, out = set(), []
        for q in self.store.quads_for_pattern(NamedNode(s), p, None, None):
            if q.object not in seen:
                seen.add(q.object)
                out.append(q.object)
        return out

    def iris(self, s: str, p: NamedNode) -> list[str]:
        return [o.value for o in self.objects(s, p) if isinstance(o, NamedNode)]

    def value(self, s: str, p: NamedNode, lang: str | None = None) -> str | None:
        """One value of (*s*, *p*): a literal in *lang* when there is one, else the first."""
        objs = self.objects(s, p)
        if lang:
            for o in objs:
                if isinstance(o, Literal) and o.language == lang:
                    return o.value
        return objs[0].value if objs else None

    def integer(self, s: str, p: NamedNode, default: int = 0) -> int:
        v = self.value(s, p)
        try:
            return int(v) if v is not None else default
        except ValueError:
            return default

    def subjects(self, p: NamedNode, o) -> list[str]:
        """The IRIs that have *o* as value of *p*, each once."""
        if isinstance(o, str):
            o = NamedNode(o)
        seen, out = set(), []
        for q in self.store.quads_for_pattern(None, p, o, None):
            s = q.subject
            if isinstance(s, NamedNode) and s.value not in seen:
                seen.add(s.value)
                out.append(s.value)
        return out

    def segments_of_source(self, source: str) -> list[tuple[str, str]]:
        """``(fact, segment IRI)`` for every span of the source text *source* (``…/source``)
        that a fact points to: its evidence, or a task's responsibility statement."""
        prefix = f"{source}#{CHAR_FRAGMENT}"
        graph = NamedNode(source.removesuffix("/source") + "/graph")
        out = []
        for p in (GOV.evidence, GOV.statement):
            for q in self.store.quads_for_pattern(None, p, None, graph):
                if q.object.value.startswith(prefix):
                    out.append((q.subject.value, q.object.value))
        return out

    def types(self, iri: str) -> frozenset[str]:
        t = self._types.get(iri)
        if t is None:
            t = frozenset(q.object.value for q in self.store.quads_for_pattern(NamedNode(iri), RDF.type, None, None))
            self._types[iri] = t
        return t

    def exists(self, iri: str) -> bool:
        return bool(next(iter(self.store.quads_for_pattern(NamedNode(iri), None, None, None)), None))

    # -- what gets a page --------------------------------------------------------------------

    def local(self, iri: str) -> bool:
        """Whether *iri* is this site's to publish (under *base* or the vocabulary namespace)."""
        return iri.startswith(self.base) or iri.startswith(VOCAB)

    def type_kind(self, iri: str) -> str | None:
        """The kind of page *iri*'s types give it, or None for a node another resource owns."""
        types = self.types(iri)
        if ELI.LegalResource.value in types:
            if self.exists(iri + "/graph"):
                return "notice"
            return "plan" if self.objects(iri, GOV.transmittedBy) else "cited"
        for t, kind in _KIND_OF_TYPE:
            if t.value in types:
                return kind
        return None

    def resolve(self, iri: str) -> tuple[str, str] | None:
        """``(page IRI, fragment)`` for a local IRI with a page or an owner; None otherwise.

        A published resource is its own page (fragment ``""``); an owned node is shown on its
        owner's page, at the fragment its remaining path gives (``assignment-1``).
        """
        if iri in self._resolved:
            return self._resolved[iri]
        found = None
        if "#" in iri:  # a fragment of a resource (a source span, …/source#char=12,34): on its page
            page, frag = iri.split("#", 1)
            r = self.resolve(page)
            found = (r[0], frag) if r is not None and not r[1] else None
        elif self.local(iri):
            if iri.startswith(NS):
                found = (ONTOLOGY_GRAPH, iri[len(NS):]) if iri != NS else (ONTOLOGY_GRAPH, "")
            elif self.type_kind(iri):
                found = (iri, "")
            else:
                floor = len(VOCAB) if iri.startswith(VOCAB) else len(self.base)
                parent = iri
                while "/" in parent[floor:]:
                    parent = parent.rsplit("/", 1)[0]
                    if self.type_kind(parent):
                        found = (parent, fragment_id(iri[len(parent) + 1:]))
                        break
                if found is None and (iri == ONTOLOGY_GRAPH or self.exists(iri)):
                    found = (iri, "")
        self._resolved[iri] = found
        return found

    def kind(self, iri: str) -> str | None:
        """The kind of a published resource (one of :data:`PUBLISHED`), or None."""
        r = self.resolve(iri)
        if r is None or r[1] or r[0] != iri:
            return None
        if iri == ONTOLOGY_GRAPH:
            return "ontology"
        return self.type_kind(iri) or "generic"

    def resources(self) -> list[Resource]:
        """Every published resource, notices first, then by kind and IRI."""
        if self._resources is None:
            self._resources = self._find_resources()
        return self._resources

    def _find_resources(self) -> list[Resource]:
        subjects = {r["s"].value for r in self.store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
                    if isinstance(r["s"], NamedNode)}
        found = []
        for iri in subjects:
            kind = self.kind(iri) if self.local(iri) else None
            if kind and self.path(iri) is not None:
                found.append(Resource(iri, kind, self.path(iri)))
        order = {k: i for i, k in enumerate(PUBLISHED)}
        return sorted(found, key=lambda r: (order[r.kind], r.iri))

    def notices(self) -> list[str]:
        """The notices read from files (each has its own named graph), by IRI."""
        graphs = self.subjects(RDF.type, GOV.NoticeGraph)
        return sorted(g[: -len("/graph")] for g in graphs if g.startswith(self.base) and g.endswith("/graph"))

    def check(self) -> None:
        """:raises GovkgError: when no notice in the store has an IRI under *base*."""
        if self.notices():
            return
        others = sorted({g.rsplit("/eli/", 1)[0] + "/" for g in self.subjects(RDF.type, GOV.NoticeGraph) if "/eli/" in g})
        if others:
            raise GovkgError(f"no notice in the store has IRIs under {self.base}; its notices are under "
                             f"{others[0]}, the base it was built with (the default when none is given)")
        raise Unusable("store", "the store holds no notice")

    # -- where pages live --------------------------------------------------------------------

    def path(self, iri: str) -> str | None:
        """The folder of *iri*'s page on the site (decoded segments, ending in ``/``), for a
        published resource; None for an IRI that cannot be a folder (a ``..`` segment).

        >>> s = Site(Store(), "https://x/")
        >>> s.path("https://x/unit/120101/财政局"), s.path("https://w3id.org/govkg/role/lead")
        ('unit/120101/财政局/', 'vocab/role/lead/')
        >>> s.path("https://x/unit/120101/a%2Fb"), s.path("https://x/unit/120101/a%20b")
        ('unit/120101/a%2Fb/', 'unit/120101/a b/')
        """
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
        elif iri.startswith(VOCAB):
            rest = "vocab/" + iri[len(VOCAB):].replace("#", "/")
        else:
            return None
        segs = [file_segment(s) for s in rest.strip("/").split("/")]
        if any(s in ("", ".", "..") for s in segs):
            return None
        return "/".join(segs) + "/"

    def page_of(self, iri: str) -> str | None:
        """Site path (with ``#fragment`` for an owned node) where *iri* is shown, or None."""
        r = self.resolve(iri)
        if r is None:
            return None
        path = self.path(r[0])
        if path is None:
            return None
        return path + (f"#{r[1]}" if r[1] else "")

    def iri_of_path(self, path: str) -> str | None:
        """The IRI whose page or node a request path (percent-encoded or not) names, if any.

        >>> s = Site(Store(), "https://x/")
        >>> s.iri_of_path("/vocab/role/lead"), s.iri_of_path("/unit/1/%E8%B4%A2%E6%94%BF%E5%B1%80/")
        ('https://w3id.org/govkg/role/lead', 'https://x/unit/1/财政局')
        """
        segs = [unquote(s) for s in path.strip("/").split("/")]
        if not segs or segs == [""]:
            return None
        if segs[0] == "vocab":
            if len(segs) == 1:
                return None
            if segs[1] == "ns":
                return NS + "/".join(segs[2:]) if len(segs) > 2 else ONTOLOGY_GRAPH
            prefix, segs = VOCAB, segs[1:]
        else:
            prefix = self.base
        candidates = [prefix + "/".join(segment(s) for s in segs)]
        if any("%" in s for s in segs):
            candidates.append(prefix + "/".join(segs))
        for c in candidates:
            if self.resolve(c) is not None:
                return c
        return candidates[0]

    # -- data ------------------------------------------------------------------------------

    def owned(self, iri: str) -> list[str]:
        """The nodes *iri*'s page describes besides itself (they share its notice graph)."""
        graphs = {q.graph_name for q in self.store.quads_for_pattern(NamedNode(iri), None, None, None)}
        return [s for g in graphs if isinstance(g, NamedNode) for s in self._owned_in(g.value).get(iri, ())]

    @functools.lru_cache(maxsize=16)  # noqa: B019 - one Site per store, kept for its life
    def _owned_in(self, graph: str) -> dict[str, list[str]]:
        if not graph.endswith("/graph"):
            return {}
        owners: dict[str, list[str]] = {}
        seen = set()
        for q in self.store.quads_for_pattern(None, None, None, NamedNode(graph)):
            s = q.subject
            if not isinstance(s, NamedNode) or s.value in seen:
                continue
            seen.add(s.value)
            r = self.resolve(s.value)
            if r and r[1]:
                owners.setdefault(r[0], []).append(s.value)
        return {k: sorted(v) for k, v in owners.items()}

    def describe(self, iri: str) -> list[Triple]:
        """What the site says about *iri* in data: its own statements and those of the nodes it
        owns (from every graph, each once, sorted), and the statements that point at it from
        nodes of other resources (for a unit: the assignments that name it) — except for a
        concept or the ontology, which every notice points at."""
        triples: set[Triple] = set()
        subjects = [iri] + self.owned(iri)
        if iri == ONTOLOGY_GRAPH:
            triples.update(Triple(q.subject, q.predicate, q.object)
                           for q in self.store.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY_GRAPH)))
        for s in subjects:
            triples.update(Triple(q.subject, q.predicate, q.object)
                           for q in self.store.quads_for_pattern(NamedNode(s), None, None, None))
        if self.kind(iri) not in ("concept", "ontology"):
            mine = set(subjects)
            triples.update(Triple(q.subject, q.predicate, q.object)
                           for q in self.store.quads_for_pattern(None, None, NamedNode(iri), None)
                           if q.subject.value not in mine)
        return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    @functools.lru_cache(maxsize=4)  # noqa: B019 - the three formats of one resource in a row
    def _described(self, iri: str) -> list[Triple]:
        return self.describe(iri)

    def data(self, iri: str, suffix: str) -> bytes:
        """*iri*'s description serialised as ``ttl``, ``jsonld`` or ``nt``."""
        _, fmt = DATA_FORMATS[suffix]
        triples = self._described(iri)
        if fmt == RdfFormat.TURTLE:
            used = {p for p, ns in PREFIXES.items() if any(ns in str(t) for t in triples)}
            return serialize(triples, format=fmt, prefixes={p: PREFIXES[p] for p in sorted(used)})
        return serialize(triples, format=fmt)


def file_segment(iri_segment: str) -> str:
    """A folder name for one IRI path segment: percent-decoded, unless that would make a ``/``.

    >>> file_segment("和平政办"), file_segment("a%20b"), file_segment("a%2Fb")
    ('和平政办', 'a b', 'a%2Fb')
    """
    decoded = unquote(iri_segment)
    return iri_segment if "/" in decoded or "\x00" in decoded else decoded


def fragment_id(rest: str) -> str:
    """The fragment that names an owned node on its owner's page (``assignment/1`` → ``assignment-1``).

    >>> fragment_id("section/1/2"), fragment_id("zh/src/quote")
    ('section-1-2', 'zh-src-quote')
    """
    return rest.strip("/").replace("/", "-")


def href(from_path: str, to_path: str) -> str:
    """A relative, percent-encoded link from the page in folder *from_path* to *to_path*
    (a folder ending in ``/`` or a file; either may carry ``#fragment``).

    >>> href("eli/a/9/", "unit/1/财政局/")
    '../../../unit/1/%E8%B4%A2%E6%94%BF%E5%B1%80/'
    >>> href("eli/a/9/", "eli/a/9/#task-1"), href("", "dumps/SHA256SUMS")
    ('#task-1', 'dumps/SHA256SUMS')
    """
    target, _, frag = to_path.partition("#")
    frag = f"#{quote(frag, safe='-_.~=,')}" if frag else ""  # char=12,34 (RFC 5147) stays as it is
    if target == from_path:
        return frag or "./"
    here = [s for s in from_path.split("/") if s]
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return (_quoted(rel) or "./") + frag


@functools.lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path, safe="/")

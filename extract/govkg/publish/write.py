"""Publishing the graph as a static site of linked open data that any web server can host.

:func:`publish_site` writes, from a store, one folder per published resource (see
:mod:`govkg.publish.site`) holding ``index.html`` and the same resource as ``index.ttl``,
``index.jsonld`` and ``index.nt``; index pages; the ontology as HTML, and its reference
documentation made by Ontospy (:mod:`govkg.publish.docs`); the saved queries;
N-Quads dumps (gzip, whole graph and per notice) with ``dumps/SHA256SUMS``; and a VoID and
DCAT description at ``void.ttl`` and ``.well-known/void``. Everything is a function of the
store: publishing twice gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from govkg import __version__
from govkg.errors import Unusable
from govkg.publish.data import label
from govkg.publish.docs import doc_pages
from govkg.publish.docs import render as render_doc
from govkg.publish.pages import (
    documents_index,
    dumps_page,
    home_page,
    places_index,
    queries_page,
    resource_page,
    units_index,
    vocab_index,
)
from govkg.publish.site import DATA_FORMATS, Site
from govkg.query.saved import saved_queries
from govkg.rdf import vocab
from govkg.rdf.vocab import DCT, GOV, ONTOLOGY_GRAPH, RDF, VOCAB, XSD

MARKER = ".govkg-site"
SD, VOID, DCAT, SPDX, FOAF, IANA = (str(ns) for ns in (vocab.SD, vocab.VOID, vocab.DCAT, vocab.SPDX, vocab.FOAF,
                                                       vocab.IANA))


@dataclass(frozen=True)
class Dump:
    """One N-Quads dump file: its site path, the graph it holds (None: all), size and checksum."""

    path: str
    graph: str | None
    quads: int
    size: int
    sha256: str


@dataclass
class Report:
    """What :func:`publish_site` wrote."""

    out: Path
    pages: int = 0
    files: int = 0
    kinds: Counter = field(default_factory=Counter)
    dumps: list[Dump] = field(default_factory=list)


def nquads_gz(quads: list[Quad]) -> bytes:
    """*quads* as gzip-compressed N-Quads, lines sorted, no time stamp: same quads, same bytes."""
    lines = sorted(set(serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8").splitlines(keepends=True)))
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write("".join(lines).encode("utf-8"))
    return buf.getvalue()


def dump_files(site: Site) -> Iterator[tuple[Dump, bytes]]:
    """The dumps: one per notice graph (``dumps/{notice path}graph.nq.gz``), then the whole
    store (``dumps/govkg.nq.gz``) — all graphs, the ontology and gazetteer too."""
    whole = gzip_stream()
    total = 0
    graphs = sorted(g.value for g in site.store.named_graphs() if isinstance(g, NamedNode))
    for g in graphs:
        quads = list(site.store.quads_for_pattern(None, None, None, NamedNode(g)))
        data = nquads_gz(quads)
        whole.add(gzip.decompress(data))
        total += len(quads)
        notice = g[: -len("/graph")] if g.endswith("/graph") else None
        if notice and site.kind(notice) == "notice":
            path = f"dumps/{site.path(notice)}graph.nq.gz"
            yield Dump(path, g, len(quads), len(data), hashlib.sha256(data).hexdigest()), data
    default = list(site.store.quads_for_pattern(None, None, None, None))
    rest = [q for q in default if not isinstance(q.graph_name, (NamedNode, BlankNode))]
    if rest:
        whole.add(gzip.decompress(nquads_gz(rest)))
        total += len(rest)
    data = whole.finish()
    yield Dump("dumps/govkg.nq.gz", None, total, len(data), hashlib.sha256(data).hexdigest()), data


class gzip_stream:
    """Deterministic gzip of byte chunks added one after another."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.gz = gzip.GzipFile(fileobj=self.buf, mode="wb", mtime=0, filename="")

    def add(self, chunk: bytes) -> None:
        self.gz.write(chunk)

    def finish(self) -> bytes:
        self.gz.close()
        return self.buf.getvalue()


def checksums(dumps: list[Dump]) -> str:
    """``SHA256SUMS`` for the dumps, paths relative to ``dumps/`` (``sha256sum -c`` reads it)."""
    return "".join(f"{d.sha256}  {d.path.removeprefix('dumps/')}\n" for d in sorted(dumps, key=lambda d: d.path))


def void_ttl(site: Site, dumps: list[Dump]) -> bytes:
    """The dataset described in VoID and DCAT: licence, size, vocabularies, example resources,
    dumps with checksums, subsets per notice, and the SPARQL endpoint when there is one."""
    b = site.base
    ds = NamedNode(f"{b}void.ttl#dataset")
    t: list[Triple] = []

    def add(s, p, o):
        t.append(Triple(s, p if isinstance(p, NamedNode) else NamedNode(p), o))

    def lit(v, dt=None, lang=None):
        return Literal(str(v), datatype=dt) if dt else Literal(str(v), language=lang) if lang else Literal(str(v))

    def nonneg(n: int):
        return lit(n, XSD.nonNegativeInteger)

    add(ds, RDF.type, NamedNode(VOID + "Dataset"))
    add(ds, RDF.type, NamedNode(DCAT + "Dataset"))
    add(ds, DCT.title, lit("政府职责知识图谱", lang="zh"))
    add(ds, DCT.title, lit("govkg: responsibilities of government units read from Chinese government notices", lang="en"))
    add(ds, DCT.description, lit("Tasks handed out by Chinese government notices, the units assigned to them with their "
                                 "roles, timing and legal basis; every fact traceable to the characters of its source.", lang="en"))
    add(ds, DCT.license, NamedNode(site.license))
    add(ds, DCT.creator, NamedNode(f"{VOCAB}software/{__version__}"))
    add(ds, NamedNode(FOAF + "homepage"), NamedNode(b))
    add(ds, NamedNode(VOID + "uriSpace"), lit(b))
    add(ds, NamedNode(VOID + "feature"), vocab.FORMATS["N-Quads"])
    add(ds, NamedNode(VOID + "triples"), nonneg(len(site.store)))
    resources = site.resources()
    add(ds, NamedNode(VOID + "entities"), nonneg(len(resources)))
    for ns in vocab.USED:
        add(ds, NamedNode(VOID + "vocabulary"), NamedNode(str(ns)))
    examples = {}
    for r in resources:
        examples.setdefault(r.kind, r.iri)
    for kind in ("notice", "task", "unit"):
        if kind in examples:
            add(ds, NamedNode(VOID + "exampleResource"), NamedNode(examples[kind]))
    counts = Counter(r.kind for r in resources)
    classes = {"notice": vocab.ELI.LegalResource.value, "task": GOV.Task.value, "unit": vocab.ORG.Organization.value}
    for kind, cls in classes.items():
        part = BlankNode(f"class{kind}")
        add(ds, NamedNode(VOID + "classPartition"), part)
        add(part, NamedNode(VOID + "class"), NamedNode(cls))
        add(part, NamedNode(VOID + "entities"), nonneg(counts[kind] + (counts["plan"] + counts["cited"] if kind == "notice" else 0)))
    for d in dumps:
        url = NamedNode(b + d.path)
        add(url, RDF.type, NamedNode(DCAT + "Distribution"))
        add(url, NamedNode(DCAT + "downloadURL"), url)
        add(url, NamedNode(DCAT + "mediaType"), NamedNode(IANA + "application/n-quads"))
        add(url, NamedNode(DCAT + "compressFormat"), NamedNode(IANA + "application/gzip"))
        add(url, NamedNode(DCAT + "byteSize"), nonneg(d.size))
        add(url, DCT.license, NamedNode(site.license))
        check = BlankNode("sha256" + hashlib.sha256(d.path.encode()).hexdigest()[:16])
        add(url, NamedNode(SPDX + "checksum"), check)
        add(check, NamedNode(SPDX + "algorithm"), NamedNode(SPDX + "checksumAlgorithm_sha256"))
        add(check, NamedNode(SPDX + "checksumValue"), lit(d.sha256, XSD.hexBinary))
        if d.graph is None:
            add(ds, NamedNode(VOID + "dataDump"), url)
            add(ds, NamedNode(DCAT + "distribution"), url)
            continue
        sub = NamedNode(d.graph)
        add(ds, NamedNode(VOID + "subset"), sub)
        add(sub, RDF.type, NamedNode(VOID + "Dataset"))
        add(sub, NamedNode(VOID + "triples"), nonneg(d.quads))
        add(sub, NamedNode(VOID + "dataDump"), url)
        add(sub, NamedNode(DCAT + "distribution"), url)
        notice = d.graph[: -len("/graph")]
        add(sub, DCT.title, lit(label(site, notice), lang="zh") if site.kind(notice) else lit(notice))
        add(sub, NamedNode(FOAF + "page"), NamedNode(notice))
    onto = NamedNode(ONTOLOGY_GRAPH)
    add(ds, NamedNode(VOID + "subset"), onto)
    add(onto, RDF.type, NamedNode(VOID + "Dataset"))
    add(onto, NamedNode(FOAF + "page"), NamedNode(f"{b}vocab/ns/"))
    if site.sparql:
        ep = NamedNode(site.sparql)
        add(ds, NamedNode(VOID + "sparqlEndpoint"), ep)
        add(ep, RDF.type, NamedNode(DCAT + "DataService"))
        add(ep, NamedNode(DCAT + "endpointURL"), ep)
        add(ep, NamedNode(DCAT + "servesDataset"), ds)
        if site.union_default_graph:  # SPARQL 1.1 Service Description: no GRAPH needed to reach the data
            add(ep, RDF.type, NamedNode(SD + "Service"))
            add(ep, NamedNode(SD + "endpoint"), ep)
            add(ep, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph"))
            add(ep, DCT.description, lit("The default graph is the union of all named graphs; each notice is also "
                                         "a named graph of its own.", lang="en"))
    prefixes = {"void": VOID, "dcat": DCAT, "dcterms": str(DCT), "spdx": SPDX,
                "foaf": FOAF, "xsd": str(XSD), "rdf": str(RDF)}
    t.sort(key=lambda x: (str(x.subject), str(x.predicate), str(x.object)))
    return serialize(t, format=RdfFormat.TURTLE, prefixes=prefixes)


def w3id_htaccess(site: Site) -> str:
    """The redirect that would make ``https://w3id.org/govkg/…`` dereference to this site
    (for a pull request to the w3id.org repository, as ``govkg/.htaccess``)."""
    target = site.base + "vocab/"
    return f"""# w3id.org/govkg → the govkg site at {site.base}
# Submit as govkg/.htaccess to the w3id.org repository. Fragments (ns#Task) stay with the
# client; every vocabulary IRI is sent with 303 See Other to its page or data on the site.
Options +FollowSymLinks
RewriteEngine on

RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^(.+?)/?$ {target}$1/index.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^(.+?)/?$ {target}$1/index.jsonld [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/n-triples
RewriteRule ^(.+?)/?$ {target}$1/index.nt [R=303,L]
RewriteRule ^(.+?)/?$ {target}$1/ [R=303,L]
RewriteRule ^$ {target} [R=303,L]
"""


APACHE = """# Media types of the data files, for Apache (other servers: map the same suffixes).
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
<Files "void">
  ForceType text/turtle
</Files>
AddCharset utf-8 .html .ttl .jsonld .nt .txt .rq
"""


def site_files(site: Site) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every file of the site as (path, a function making its bytes), in a fixed order."""
    for r in site.resources():
        yield r.path + "index.html", (lambda i=r.iri: resource_page(site, i).encode("utf-8"))
        for suffix in DATA_FORMATS:
            yield r.path + f"index.{suffix}", (lambda i=r.iri, s=suffix: site.data(i, s))
        if r.kind == "source":
            yield r.path + "index.txt", (lambda i=r.iri: (site.value(i, vocab.CNT.chars) or "").encode("utf-8"))
    yield "index.html", lambda: home_page(site).encode("utf-8")
    yield "eli/index.html", lambda: documents_index(site).encode("utf-8")
    yield "unit/index.html", lambda: units_index(site).encode("utf-8")
    yield "place/index.html", lambda: places_index(site).encode("utf-8")
    yield "vocab/index.html", lambda: vocab_index(site).encode("utf-8")
    yield "vocab/w3id.htaccess", lambda: w3id_htaccess(site).encode("utf-8")
    for doc in doc_pages():
        yield doc.path, (lambda d=doc: render_doc(d.source, d.title))
    queries = saved_queries()
    yield "queries/index.html", lambda: queries_page(site, queries).encode("utf-8")
    for q in queries:
        yield f"queries/{q.name}.rq", (lambda q=q: q.text.encode("utf-8"))
    yield ".htaccess", lambda: APACHE.encode("utf-8")


def publish_site(site: Site, out: str | Path) -> Report:
    """Write the whole site for *site* into the folder *out* (replaced as a whole: a folder
    govkg published before, or a new or empty one).

    :raises GovkgError: when the store holds no notice under the base, or *out* is a folder
        with other things in it.
    """
    site.check()
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise Unusable("out", f"{out}: exists and is not a site govkg published")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    report = Report(out)
    try:
        def write(path: str, data: bytes) -> None:
            f = tmp / path
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(data)
            report.files += 1
            if path.endswith(".html"):
                report.pages += 1

        for path, make in site_files(site):
            write(path, make())
        for r in site.resources():
            report.kinds[r.kind] += 1
        for dump, data in dump_files(site):
            write(dump.path, data)
            report.dumps.append(dump)
        write("dumps/SHA256SUMS", checksums(report.dumps).encode("utf-8"))
        write("dumps/index.html", dumps_page(site, report.dumps).encode("utf-8"))
        void = void_ttl(site, report.dumps)
        write("void.ttl", void)
        write(".well-known/void", void)
        (tmp / MARKER).write_text(f"published by govkg {__version__}\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report

"""Building the embedded store from many notices: in parallel, streaming, incremental.

A pool of worker processes (one per core) reads, extracts and maps the notices, checks their
graphs against the shapes (:mod:`govkg.checks`, the SPARQL forms of ``shapes.ttl``) and sends
back each graph as N-Quads bytes; this process alone writes the store, in bulk. Work in flight
is bounded, so memory does not grow with the corpus.

Re-running is incremental: a notice whose source file (by SHA-256) was already built by this
version of govkg under the same base is skipped; a changed notice replaces its graph.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store, serialize

from govkg import __version__
from govkg.errors import GovkgError, NoticeError
from govkg.iris import DEFAULT_BASE
from govkg.reading import notice_files
from govkg.store import ensure_vocabularies, open_store

GOV = "https://w3id.org/govkg/ns#"
_KNOWN = f"""
PREFIX govkg: <{GOV}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?g ?sha ?version WHERE {{ GRAPH ?g {{
  ?g a govkg:NoticeGraph ; dcterms:source ?source ; prov:wasGeneratedBy ?run .
  ?source govkg:sha256 ?sha .
  OPTIONAL {{ ?run prov:wasAssociatedWith/govkg:version ?version }}
}} }}"""


@dataclass
class Built:
    """What became of one notice file.

    *status* is ``built`` (its graph written), ``unchanged`` (already in the store, skipped),
    ``failed`` (*error* says why, in one line naming the file), ``duplicate`` (the same notice
    as *duplicate_of*, kept once) or ``refused`` (not loaded: ``--strict`` and it has warnings).
    """

    path: Path
    status: str
    graph: str | None = None
    label: str = ""  # the notice's number, else its title
    tasks: int = 0
    assignments: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # "line N: message (node)"
    error: str | None = None
    duplicate_of: Path | None = None
    nquads: bytes = b""  # the graph, until it is written


# -- the workers -------------------------------------------------------------------------------


def extract_batch(paths: list[str], base: str = DEFAULT_BASE, validate: bool = True,
                  encoding: str | None = None) -> list[Built]:
    """Read, extract, map and check the notices at *paths* (run in a worker process): each
    notice's graph comes back as N-Quads bytes. A notice that fails costs only itself."""
    from govkg.pipeline import extract_text
    from govkg.rdf import graph_node, notice_quads
    from govkg.reading import read_source

    done: list[Built] = []
    quads_of: dict[str, list] = {}
    texts: dict[str, str] = {}
    for p in paths:
        b = Built(Path(p), "built")
        try:
            text, source = read_source(p, encoding)
            try:
                notice = extract_text(text, source)
            except NoticeError:
                raise
            except Exception as e:  # a bug must cost one file, not the batch: say which file
                raise NoticeError(p, f"extraction failed ({type(e).__name__}: {e})") from e
            quads = notice_quads(notice, base)
        except NoticeError as e:
            b.status, b.error = "failed", str(e)
            done.append(b)
            continue
        b.graph = graph_node(notice, base).value
        b.label = notice.doc_number or notice.title or ""
        b.tasks = len(notice.tasks)
        b.assignments = sum(len(t.assignments) for t in notice.tasks)
        b.triples = len(quads)
        b.warnings = list(notice.warnings)
        b.nquads = serialize(quads, format=RdfFormat.N_QUADS)
        quads_of[b.graph] = quads
        texts[b.graph] = notice.text
        done.append(b)
    if validate and quads_of:
        from govkg.checks import check_store

        checked = Store()
        # the bytes just serialised load faster than the quads they came from
        checked.load(input=b"".join(b.nquads for b in done if b.nquads), format=RdfFormat.N_QUADS, lenient=True)
        found = check_store(checked)
        for b in done:
            for v in found.get(b.graph or "", []):
                b.violations.append(v.describe(texts[b.graph]))
    return done


def _init_worker() -> None:
    # warm what every notice needs (rule tables, gazetteer, compiled checks) once per worker
    from govkg.checks import compiled

    compiled()


# -- the writer --------------------------------------------------------------------------------


def known_sources(store: Store, base: str) -> tuple[set[str], set[str]]:
    """The SHA-256 of every source this version of govkg built into *store* under *base*, and
    the IRIs of every notice graph there."""
    shas, graphs = set(), set()
    for row in store.query(_KNOWN):
        graph = row["g"].value
        graphs.add(graph)
        version = row["version"]
        if graph.startswith(base) and version is not None and version.value == __version__:
            shas.add(row["sha"].value)
    return shas, graphs


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build(paths: Iterable[str | Path], store_dir: str | Path, *, base: str = DEFAULT_BASE,
          workers: int | None = None, validate: bool = True, force: bool = False, encoding: str | None = None,
          strict: bool = False, batch: int = 8, write_every: int = 32 << 20) -> Iterator[Built]:
    """Extract, check and load every notice under *paths* into the embedded store at
    *store_dir*; yield a :class:`Built` for each notice file, in input order.

    :param workers: worker processes (default: one per core; 0 extracts in this process).
    :param validate: check each graph against the shapes (the SPARQL forms).
    :param force: rebuild notices whose source is unchanged too.
    :param strict: load no notice that has a warning or a shape violation (status ``refused``).
    :param batch: notices a worker handles at a time (their graphs are checked together).
    :param write_every: bytes of N-Quads gathered before a bulk write.
    :raises GovkgError: when a path does not exist or the store cannot be opened.
    """
    files = notice_files(list(paths))
    workers = (os.cpu_count() or 1) if workers is None else workers
    # start the workers before the store is opened: a fork must not copy an open database
    pool = multiprocessing.get_context("fork").Pool(workers, _init_worker) if workers > 0 else None
    try:
        store = open_store(store_dir)
        ensure_vocabularies(store, base)
        yield from _run(store, files, pool, workers, base, validate, force, encoding, strict, batch, write_every)
        store.flush()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


class _Writer:
    """Writes the store in a thread of its own (pyoxigraph releases the GIL while it loads), so
    the workers are fed while a bulk write runs. Requests run in the order they were made; at
    most *depth* wait, which bounds the memory held."""

    def __init__(self, store: Store, depth: int = 2):
        self.store = store
        self.requests: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="govkg-store-writer", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while True:
            request = self.requests.get()
            if request is None:
                return
            if self.error is not None:
                continue
            kind, payload = request
            try:
                if kind == "remove":
                    self.store.remove_graph(NamedNode(payload))
                else:
                    # our own serialiser wrote these bytes: skip re-validating every IRI (lenient)
                    self.store.bulk_load(input=payload, format=RdfFormat.N_QUADS, lenient=True)
            except BaseException as e:  # noqa: BLE001 - handed to the main thread
                self.error = e

    def put(self, kind: str, payload) -> None:
        self._check()
        self.requests.put((kind, payload))

    def close(self) -> None:
        self.requests.put(None)
        self.thread.join()
        self._check()

    def _check(self) -> None:
        if self.error is not None:
            raise GovkgError(f"cannot write the store: {self.error}") from self.error


def _run(store: Store, files: list[Path], pool, workers: int, base: str, validate: bool, force: bool,
         encoding: str | None, strict: bool, batch: int, write_every: int) -> Iterator[Built]:
    shas, existing = known_sources(store, base)
    seen: dict[str, Path] = {}
    pending: list[bytes] = []
    pending_size = 0
    writer = _Writer(store)

    def write() -> None:
        nonlocal pending_size
        if pending:
            writer.put("load", b"".join(pending))
            pending.clear()
            pending_size = 0

    def jobs() -> Iterator[list[Built] | list[str]]:
        chunk: list[str] = []
        for f in files:
            if not force and shas:
                try:
                    unchanged = _sha256(f) in shas
                except OSError:
                    unchanged = False  # the worker will say why it cannot be read
                if unchanged:
                    if chunk:
                        yield chunk
                        chunk = []
                    yield [Built(f, "unchanged")]
                    continue
            chunk.append(str(f))
            if len(chunk) >= batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    in_flight: deque = deque()

    def results() -> Iterator[Built]:
        for job in jobs():
            if job and isinstance(job[0], Built):
                in_flight.append(job)
            elif pool is None:
                in_flight.append(extract_batch(job, base, validate, encoding))
            else:
                in_flight.append(pool.apply_async(extract_batch, (job, base, validate, encoding)))
            while len(in_flight) > max(2, 3 * workers):
                yield from _get(in_flight.popleft())
        while in_flight:
            yield from _get(in_flight.popleft())

    try:
        for b in results():
            if b.status == "built" and strict and (b.warnings or b.violations):
                b.status, b.nquads = "refused", b""
            if b.status == "built":
                if b.graph in seen:
                    b.status, b.duplicate_of, b.nquads = "duplicate", seen[b.graph], b""
                    yield b
                    continue
                seen[b.graph] = b.path
                if b.graph in existing:
                    write()  # what was gathered goes in first, so the writes keep their order
                    writer.put("remove", b.graph)
                pending.append(b.nquads)
                pending_size += len(b.nquads)
                b.nquads = b""
                if pending_size >= write_every:
                    write()
            yield b
        write()
    finally:
        writer.close()


def _get(job) -> list[Built]:
    return job if isinstance(job, list) else job.get()


# -- removing ----------------------------------------------------------------------------------

_FIND = f"""
PREFIX govkg: <{GOV}>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{
  ?g a govkg:NoticeGraph ; dcterms:source ?source .
  OPTIONAL {{ ?source govkg:fileName ?file }}
  OPTIONAL {{ ?document eli:number ?number . ?source eli:embodies ?expression .
             FILTER (?expression = IRI(CONCAT(STR(?document), "/zh"))) }}
}}
  FILTER (STR(?g) = ?key || STR(?g) = CONCAT(?key, "/graph") || ?file = ?key || STR(?number) = ?key)
}}"""


def remove_notices(store_dir: str | Path, names: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Remove notices from the embedded store; each is named by its IRI, its graph's IRI, its
    发文字号 or its source file's name. Return each name with the graphs removed.

    :raises GovkgError: when a name matches no notice in the store (nothing is removed then).
    """
    from govkg.queries import sparql_term

    store = open_store(store_dir, create=False)
    found = []
    for name in names:
        key = Path(name).name if "/" in name and not name.startswith(("http://", "https://")) else name
        query = _FIND.replace("SELECT DISTINCT ?g WHERE {", f"SELECT DISTINCT ?g WHERE {{ VALUES ?key {{ {sparql_term(key)} }}", 1)
        graphs = sorted(row["g"].value for row in store.query(query))
        if not graphs:
            raise GovkgError(f"no notice {name!r} in {store_dir}; name it by IRI, 发文字号 or source file name "
                             "(govkg query notices --store DIR lists them)")
        found.append((name, graphs))
    for _, graphs in found:
        for g in graphs:
            store.remove_graph(NamedNode(g))
    store.flush()
    return found

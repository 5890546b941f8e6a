"""Where the driver's outcomes go (:func:`govkg.pipeline.run`): two sinks.

- :class:`FolderSink` (``govkg extract``) writes one graph file per notice, whole or not at
  all (a temporary file renamed into place), so an interrupted run leaves no half-written
  graph and running it again does the rest; the vocabularies go beside them.
- :class:`StoreSink` (``govkg build``) writes the embedded store, in bulk, from a thread of
  its own; a changed notice replaces its graph; the slow aggregates are worked out at the end
  (:mod:`govkg.query.cache`).

Either sink knows what it already holds: a notice made from the same file (by SHA-256) by this
version of govkg under the same base is not read again (the folder: with *skip_unchanged*;
the store: unless *force*). A sink has ``open(base)``, ``admit(path)`` (an ``unchanged``
outcome, or None to have the file processed), ``take(outcome)`` and ``close(ok)``.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store, parse

from govkg import __version__
from govkg.errors import GovkgError
from govkg.model import Outcome, Status
from govkg.query.cache import forget, refresh
from govkg.rdf.mapping import SOFTWARE
from govkg.rdf.vocab import DCT, DEFAULT_BASE, GOV, NS, PROV, RDF
from govkg.store.graphs import (
    GRAPH_SUFFIXES,
    ensure_vocabularies,
    open_store,
    remove_stale_temporaries,
    write_atomically,
    write_vocabulary,
)

SUFFIX = {"trig": ".trig", "nq": ".nq"}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- a folder of graph files ---------------------------------------------------------------------


class FolderSink:
    """One graph file per notice in the folder *out* (``NAME.trig`` or ``NAME.nq``, after the
    notice file's name; ``NAME-2`` for a second file of the same name), written atomically,
    and the vocabularies beside them once any notice is there."""

    def __init__(self, out: str | Path, *, fmt: str = "trig", skip_unchanged: bool = False):
        self.out, self.fmt, self.skip_unchanged = Path(out), fmt, skip_unchanged
        self.targets: dict[Path, Path] = {}
        self.names: set[str] = set()
        self.any = False
        self.base = DEFAULT_BASE

    def open(self, base: str) -> None:
        self.base = base
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.out)
        except OSError as e:
            raise GovkgError(f"{self.out}: cannot write graph files here ({e.strerror or e}); "
                             "choose another folder") from None

    def admit(self, path: Path) -> Outcome | None:
        name, k = path.stem, 1
        while name in self.names:
            k += 1
            name = f"{path.stem}-{k}"
        self.names.add(name)
        target = self.targets[path] = self.out / (name + SUFFIX[self.fmt])
        if self.skip_unchanged:
            held = _up_to_date(path, target, self.base)
            if held is not None:
                self.any = True
                held.output = target
            return held
        return None

    def take(self, outcome: Outcome) -> None:
        target = self.targets[outcome.path]
        try:
            write_atomically(target, outcome.data)
        except OSError as e:
            raise GovkgError(f"{target}: cannot write ({e.strerror or e}); "
                             f"check the free space and permissions of {self.out}") from None
        outcome.output = target
        self.any = True

    def close(self, ok: bool) -> None:
        if ok and self.any:  # the vocabularies beside the notice graphs: the folder is a whole dataset
            try:
                write_vocabulary(self.out, fmt=self.fmt, base=self.base)
            except OSError as e:
                raise GovkgError(f"{self.out}: cannot write the vocabulary graphs ({e.strerror or e})") from None


def _up_to_date(source: Path, target: Path, base: str) -> Outcome | None:
    """An ``unchanged`` outcome when the graph file *target* was made from the file *source*
    as it is now, by this version of govkg under *base*; None otherwise (or when it cannot be
    read)."""
    if not target.is_file():
        return None
    try:
        digest = _sha256(source)
        quads = list(parse(path=str(target), format=GRAPH_SUFFIXES[target.suffix]))
    except (OSError, SyntaxError, ValueError):
        return None
    graphs = {q.subject for q in quads if q.predicate == RDF.type and q.object == GOV.NoticeGraph}
    if len(graphs) != 1:
        return None
    graph = next(iter(graphs))
    sources = {q.object for q in quads if q.subject == graph and q.predicate == DCT.source}
    made_from = {q.object.value for q in quads if q.subject in sources and q.predicate == GOV.sha256}
    version = any(q.subject == SOFTWARE for q in quads)
    if made_from != {digest} or not version or not graph.value.startswith(base) or not isinstance(graph, NamedNode):
        return None
    return Outcome(source, Status.UNCHANGED, graph=graph.value, triples=len(quads))


# -- the embedded store --------------------------------------------------------------------------

_KNOWN = f"""
PREFIX govkg: <{NS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCT}>
SELECT ?g ?sha ?version WHERE {{ GRAPH ?g {{
  ?g a govkg:NoticeGraph ; dcterms:source ?source ; prov:wasGeneratedBy ?run .
  ?source govkg:sha256 ?sha .
  OPTIONAL {{ ?run prov:wasAssociatedWith/govkg:version ?version }}
}} }}"""


def known_sources(store: Store, base: str) -> tuple[dict[str, str], set[str]]:
    """The SHA-256 of every source this version of govkg built into *store* under *base*, with
    its notice graph; and the IRIs of every notice graph there."""
    shas, graphs = {}, set()
    for row in store.query(_KNOWN):
        graph = row["g"].value
        graphs.add(graph)
        version = row["version"]
        if graph.startswith(base) and version is not None and version.value == __version__:
            shas[row["sha"].value] = graph
    return shas, graphs


class StoreSink:
    """The embedded store at *store_dir*: one named graph per notice, replacing the notice's
    previous graph; the vocabularies refreshed. Graphs gather until *write_every* bytes, then
    go in by one bulk load."""

    fmt = "nq"

    def __init__(self, store_dir: str | Path, *, force: bool = False, write_every: int = 32 << 20):
        self.store_dir, self.force, self.write_every = store_dir, force, write_every
        self.pending: list[bytes] = []
        self.size = 0
        self.writer: _Writer | None = None
        self.changed = False

    def open(self, base: str) -> None:
        self.store = open_store(self.store_dir)
        ensure_vocabularies(self.store, base)
        self.shas, self.existing = known_sources(self.store, base)
        self.writer = _Writer(self.store)

    def admit(self, path: Path) -> Outcome | None:
        if self.force or not self.shas:
            return None
        try:
            graph = self.shas.get(_sha256(path))
        except OSError:
            return None  # the worker will say why it cannot be read
        return Outcome(path, Status.UNCHANGED, graph=graph) if graph else None

    def take(self, outcome: Outcome) -> None:
        if not self.changed:  # the aggregates kept are no longer the store's (govkg.query.cache)
            forget(self.store_dir)
            self.changed = True
        if outcome.graph in self.existing:
            self._write()  # what was gathered goes in first, so the writes keep their order
            self.writer.put("remove", outcome.graph)
        self.pending.append(outcome.data)
        self.size += len(outcome.data)
        if self.size >= self.write_every:
            self._write()

    def _write(self) -> None:
        if self.pending:
            self.writer.put("load", b"".join(self.pending))
            self.pending, self.size = [], 0

    def close(self, ok: bool) -> None:
        if self.writer is None:
            return
        if ok:
            self._write()
        self.writer.close()
        if ok:
            self.store.flush()
            refresh(self.store, self.store_dir)  # the slow aggregates, worked out once
        # the store's lock goes with its last reference: let go of it now, not when a cycle is
        # collected, so the caller may open the store again at once
        self.writer = self.store = None


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

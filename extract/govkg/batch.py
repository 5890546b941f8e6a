"""Extracting many notices: to graph files (one per notice) or into the embedded store, each
graph checked against the shapes, a bad notice costing only itself.

Graph files are written whole or not at all (a temporary file renamed into place), so a run
that is interrupted leaves no half-written graph, and running it again does the rest; the same
inputs give the same bytes. With *skip_unchanged*, a notice whose graph in the folder was made
from the same file (its SHA-256) by the same version of govkg is not extracted again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from govkg import __version__
from govkg.errors import GovkgError, NoticeError
from govkg.iris import DEFAULT_BASE
from govkg.model import Notice
from govkg.pipeline import extract_file
from govkg.rdf import SOFTWARE, graph_node, notice_node, notice_quads
from govkg.reading import notice_files
from govkg.store import (
    GRAPH_SUFFIXES,
    ensure_vocabularies,
    open_store,
    remove_stale_temporaries,
    replace_graph,
    serialize_graph,
    write_atomically,
    write_vocabulary,
)
from govkg.validate import Violation, validate_quads
from govkg.vocab import DCT, GOV, RDF

SUFFIX = {"trig": ".trig", "nq": ".nq"}


@dataclass
class Outcome:
    """What became of one input file."""

    path: Path
    notice: Notice | None = None
    output: Path | None = None
    triples: int = 0
    error: str | None = None  # one line, naming the file and the problem
    duplicate_of: Path | None = None
    violations: list[Violation] = field(default_factory=list)
    skipped: bool = False  # its graph in the folder is up to date: not extracted again
    refused: bool = False  # not written: --strict and the notice had warnings or violations

    @property
    def ok(self) -> bool:
        return self.error is None and self.duplicate_of is None and not self.refused

    @property
    def warnings(self) -> list[str]:
        return self.notice.warnings if self.notice else []

    @property
    def notes(self) -> list[str]:
        return self.notice.source.notes if self.notice else []


def extracted(
    paths: list[str | Path], *, base: str = DEFAULT_BASE, validate: bool = True, encoding: str | None = None,
    seen: dict[str, Path] | None = None,
) -> Iterator[tuple[Outcome, list[Quad]]]:
    """Extract every notice under *paths*; yield each outcome with its graph's quads (none for
    a file that failed, or for a notice already seen under another file name). *seen* maps the
    IRI of each notice already done to its file, across calls."""
    seen = {} if seen is None else seen
    for path in notice_files(paths):
        outcome = Outcome(path)
        try:
            notice = extract_file(path, encoding)
        except NoticeError as e:
            outcome.error = str(e)
            yield outcome, []
            continue
        outcome.notice = notice
        iri = notice_node(notice, base).value
        if iri in seen:
            outcome.duplicate_of = seen[iri]
            yield outcome, []
            continue
        try:
            quads = notice_quads(notice, base)
            outcome.violations = validate_quads(quads) if validate else []
        except Exception as e:  # a bug must cost one file, not the batch: say which file
            outcome.error = f"{path}: making its graph failed ({type(e).__name__}: {e}); please report this with the file"
            yield outcome, []
            continue
        seen[iri] = path
        outcome.triples = len(quads)
        yield outcome, quads


def extract_to_dir(paths: list[str | Path], out: str | Path, *, fmt: str = "trig", strict: bool = False,
                   skip_unchanged: bool = False, **options) -> Iterator[Outcome]:
    """Extract every notice under *paths* into the folder *out*, one graph file each (written
    atomically); yield an :class:`Outcome` per input, in order.

    With *strict*, a notice with any warning or shape violation is not written. With
    *skip_unchanged*, a notice whose graph file in *out* holds the same source SHA-256, govkg
    version and base is not extracted again (nor checked: it was when it was written).

    :raises GovkgError: when *out* cannot be written to (every notice would fail alike).
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(out)
    except OSError as e:
        raise GovkgError(f"{out}: cannot write graph files here ({e.strerror or e}); choose another --out") from None
    base = options.get("base", DEFAULT_BASE)
    names: set[str] = set()
    seen: dict[str, Path] = {}

    def name_for(path: Path) -> str:
        name, k = path.stem, 1
        while name in names:
            k += 1
            name = f"{path.stem}-{k}"
        return name

    todo = notice_files(paths)
    written = False
    for path in todo:
        target = out / (name_for(path) + SUFFIX[fmt])
        if skip_unchanged:
            kept = _up_to_date(path, target, base)
            if kept is not None:
                names.add(target.stem)
                if kept.notice_iri in seen:  # the same notice under two file names: keep the first
                    yield Outcome(path, duplicate_of=seen[kept.notice_iri], output=None, skipped=True)
                    continue
                seen[kept.notice_iri] = path
                written = True
                yield Outcome(path, output=target, triples=kept.triples, skipped=True)
                continue
        for outcome, quads in extracted([path], seen=seen, **options):
            if quads and strict and (outcome.warnings or outcome.violations):
                outcome.refused = True
            elif quads:
                names.add(target.stem)
                outcome.output = target
                try:
                    write_atomically(target, serialize_graph(quads, fmt))
                except OSError as e:
                    raise GovkgError(f"{target}: cannot write ({e.strerror or e}); "
                                     f"check the free space and permissions of {out}") from None
                written = True
            yield outcome
    if written:  # the vocabularies beside the notice graphs: the folder is a whole dataset
        try:
            write_vocabulary(out, fmt, base)
        except OSError as e:
            raise GovkgError(f"{out}: cannot write the vocabulary graphs ({e.strerror or e})") from None


@dataclass(frozen=True)
class _Kept:
    notice_iri: str
    triples: int


def _up_to_date(source: Path, target: Path, base: str) -> _Kept | None:
    """The graph file *target*, when it was made from the file *source* as it is now, by this
    version of govkg under *base*; None otherwise (or when it cannot be read)."""
    if not target.is_file():
        return None
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
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
    return _Kept(graph.value.removesuffix("/graph"), len(quads))


def build_store(paths: list[str | Path], store_dir: str | Path, *, strict: bool = False,
                **options) -> Iterator[Outcome]:
    """Extract every notice under *paths* into the embedded store at *store_dir*: one named
    graph per notice, replacing the notice's previous graph; the vocabularies refreshed.
    With *strict*, a notice with any warning or shape violation is not loaded."""
    base = options.get("base", DEFAULT_BASE)
    store = open_store(store_dir)
    ensure_vocabularies(store, base)
    for outcome, quads in extracted(paths, **options):
        if quads and strict and (outcome.warnings or outcome.violations):
            outcome.refused = True
        elif quads:
            replace_graph(store, graph_node(outcome.notice, base), quads)
        yield outcome
    store.flush()

"""Extracting many notices: to graph files (one per notice) or into the embedded store, each
graph checked against the shapes, a bad notice costing only itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from govkg.errors import NoticeError
from govkg.iris import DEFAULT_BASE
from govkg.model import Notice
from govkg.pipeline import extract_file
from govkg.rdf import graph_node, notice_node, notice_quads
from govkg.reading import notice_files
from govkg.store import ensure_vocabularies, open_store, replace_graph, serialize_graph, write_atomically
from govkg.validate import Violation, validate_quads

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

    @property
    def ok(self) -> bool:
        return self.error is None and self.duplicate_of is None


def extracted(
    paths: list[str | Path], *, base: str = DEFAULT_BASE, validate: bool = True, encoding: str | None = None
) -> Iterator[tuple[Outcome, list[Quad]]]:
    """Extract every notice under *paths*; yield each outcome with its graph's quads (none for
    a file that failed, or for a notice already seen under another file name)."""
    seen: dict[str, Path] = {}
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
        seen[iri] = path
        quads = notice_quads(notice, base)
        outcome.triples = len(quads)
        if validate:
            outcome.violations = validate_quads(quads)
        yield outcome, quads


def extract_to_dir(paths: list[str | Path], out: str | Path, *, fmt: str = "trig", **options) -> Iterator[Outcome]:
    """Extract every notice under *paths* into the folder *out*, one graph file each (written
    atomically); yield an :class:`Outcome` per input, in order."""
    out = Path(out)
    names: set[str] = set()
    for outcome, quads in extracted(paths, **options):
        if quads:
            name, k = outcome.path.stem, 1
            while name in names:
                k += 1
                name = f"{outcome.path.stem}-{k}"
            names.add(name)
            outcome.output = out / (name + SUFFIX[fmt])
            write_atomically(outcome.output, serialize_graph(quads, fmt))
        yield outcome


def build_store(paths: list[str | Path], store_dir: str | Path, **options) -> Iterator[Outcome]:
    """Extract every notice under *paths* into the embedded store at *store_dir*: one named
    graph per notice, replacing the notice's previous graph; the vocabularies refreshed."""
    base = options.get("base", DEFAULT_BASE)
    store = open_store(store_dir)
    ensure_vocabularies(store, base)
    for outcome, quads in extracted(paths, **options):
        if quads:
            replace_graph(store, graph_node(outcome.notice, base), quads)
        yield outcome
    store.flush()

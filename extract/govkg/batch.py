"""Extracting many notices to graph files: one file per notice, each checked against the
shapes, a bad notice costing only itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import NoticeError
from govkg.iris import DEFAULT_BASE
from govkg.model import Notice
from govkg.pipeline import extract_file
from govkg.rdf import notice_node, notice_quads
from govkg.reading import notice_files
from govkg.store import serialize_graph, write_atomically
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


def extract_to_dir(
    paths: list[str | Path],
    out: str | Path,
    *,
    base: str = DEFAULT_BASE,
    fmt: str = "trig",
    validate: bool = True,
    encoding: str | None = None,
) -> Iterator[Outcome]:
    """Extract every notice under *paths* into *out*, one graph file each; yield an
    :class:`Outcome` per input, in order. A notice that arrives twice (same IRI) is kept once.
    """
    out = Path(out)
    seen: dict[str, Path] = {}
    names: set[str] = set()
    for path in notice_files(paths):
        outcome = Outcome(path)
        try:
            notice = extract_file(path, encoding)
        except NoticeError as e:
            outcome.error = str(e)
            yield outcome
            continue
        outcome.notice = notice
        iri = notice_node(notice, base).value
        if iri in seen:
            outcome.duplicate_of = seen[iri]
            yield outcome
            continue
        seen[iri] = path
        quads = notice_quads(notice, base)
        outcome.triples = len(quads)
        if validate:
            outcome.violations = validate_quads(quads)
        name = path.stem
        k = 1
        while name in names:
            k += 1
            name = f"{path.stem}-{k}"
        names.add(name)
        outcome.output = out / (name + SUFFIX[fmt])
        write_atomically(outcome.output, serialize_graph(quads, fmt))
        yield outcome

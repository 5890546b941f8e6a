"""The extraction pipeline: text in, :class:`~govkg.model.Notice` out, one step at a time;
and the per-notice driver every command runs, :func:`process`: read → extract → map →
serialise, then :func:`process_batch` checks a few graphs together. Each stage that fails
costs that notice only, and says which stage and which file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import NoticeError
from govkg.model import Notice, Source
from govkg.normalize import NormalizedText
from govkg.reading import read_source
from govkg.steps.citations import find_citations
from govkg.steps.header import read_header
from govkg.steps.headings import find_heading_tasks
from govkg.steps.fields import find_field_tasks
from govkg.steps.markers import find_tasks
from govkg.steps.prose import find_prose_tasks
from govkg.steps.repair import check_assignments, repair_statements
from govkg.steps.tables import find_tables
from govkg.steps.sections import find_sections
from govkg.steps.structure import find_layers, find_paragraphs
from govkg.steps.timing import find_timing
from govkg.steps.units import resolve_units

Step = Callable[[Notice], None]

#: The steps, in order; each reads only what the steps before it wrote.
STEPS: list[Step] = [
    repair_statements,
    read_header,
    find_layers,
    find_tables,
    find_paragraphs,
    find_tasks,
    find_field_tasks,
    find_heading_tasks,
    find_prose_tasks,
    find_sections,
    find_timing,
    find_citations,
    resolve_units,
    check_assignments,
]


def extract_text(text: str, source: Source | None = None) -> Notice:
    """Run every step over *text* and return the filled-in notice.

    >>> n = extract_text("关于做好公开工作的通知\\n1.按月公开财政收支。(责任单位:区财政局)\\n")
    >>> [(a.label, a.role) for a in n.tasks[0].assignments], n.tasks[0].recurrences[0].frequency
    ([('区财政局', 'responsible')], 'monthly')
    """
    if source is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        source = Source(path="<text>", sha256=digest, format="text", encoding="utf-8")
    notice = Notice(source=source, norm=NormalizedText(text))
    notice.warnings.extend(source.warnings)
    for step in STEPS:
        step(notice)
    check_found(notice)
    return notice


def check_found(notice: Notice) -> None:
    """Warn when a notice yields no task: a file that is not a notice at all, or a notice in
    which no responsibility statement names a unit. Either way its metadata is still kept.

    >>> n = extract_text("天气很好，我们去公园散步。\\n")
    >>> n.warnings[-1]
    'does not look like a notice (no title, 发文字号 or issuer found) and no task found; wrote what metadata there is'
    """
    if notice.tasks:
        return
    if not (notice.title or notice.doc_number or notice.issuer):
        notice.warn("does not look like a notice (no title, 发文字号 or issuer found) and no task found; "
                    "wrote what metadata there is")
    else:
        notice.warn("no task with a responsible unit found (no statement like （责任单位：…） or （…负责）); "
                    "wrote the notice's metadata only")


def extract_file(path: str | Path, encoding: str | None = None) -> Notice:
    """Read the notice at *path* and extract it.

    :raises NoticeError: when the file cannot be read, decoded or understood.
    """
    stage = "reading"
    try:
        text, source = read_source(path, encoding)
        stage = "extraction"
        return extract_text(text, source)
    except NoticeError:
        raise
    except RecursionError:
        raise NoticeError(path, "nested too deeply to read (a damaged or hostile file?)") from None
    except MemoryError:
        raise NoticeError(path, "too large to read in the memory available") from None
    except Exception as e:  # a bug must cost one file, not the batch: say which file and stage
        raise NoticeError(path, f"{stage} failed ({type(e).__name__}: {e}); please report this with the file") from e


# -- the driver: one notice file in, one outcome out ----------------------------------------------

#: What becomes of a notice file: ``done`` (extracted, checked and handed to the sink),
#: ``unchanged`` (the sink holds it already, made from the same file by this version: not read
#: again), ``failed`` (its *error* says why), ``duplicate`` (the same notice as another file,
#: kept once) or ``refused`` (strict, and it has warnings or shape violations).
STATUSES = ("done", "unchanged", "failed", "duplicate", "refused")


@dataclass
class Outcome:
    """What became of one notice file, in ``govkg extract`` and ``govkg build`` alike."""

    path: Path
    status: str = "done"
    graph: str | None = None  # the IRI of the notice's named graph
    label: str = ""  # the notice's 发文字号, else its title
    tasks: int = 0
    assignments: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read (encoding guessed, …)
    violations: list[str] = field(default_factory=list)  # "line N: message (node)"
    error: str | None = None  # one line, naming the file and the problem
    duplicate_of: Path | None = None
    output: Path | None = None  # the graph file the notice went to, when the sink is a folder
    data: bytes = b""  # the graph, serialised for the sink, until the sink takes it
    fmt: str = "nq"  # the serialisation of *data*: nq or trig

    @property
    def ok(self) -> bool:
        return self.status in ("done", "unchanged")

    @property
    def skipped(self) -> bool:
        return self.status == "unchanged"

    @property
    def refused(self) -> bool:
        return self.status == "refused"


def process(path: str | Path, *, base: str, encoding: str | None = None, fmt: str = "nq") -> tuple[Outcome, str]:
    """Read, extract, map and serialise the notice at *path*; return its outcome and its text
    (for describing violations by line; empty when it failed)."""
    from govkg.rdf import graph_node, notice_quads
    from govkg.store import serialize_graph

    outcome = Outcome(Path(path), fmt=fmt)
    try:
        notice = extract_file(path, encoding)
    except NoticeError as e:
        outcome.status, outcome.error = "failed", str(e)
        return outcome, ""
    stage = "making its graph"
    try:
        quads = notice_quads(notice, base)
        stage = "writing its graph"
        outcome.data = serialize_graph(quads, fmt)
        outcome.graph = graph_node(notice, base).value
    except Exception as e:  # a bug must cost one file, not the batch: say which file and stage
        outcome.status, outcome.data = "failed", b""
        outcome.error = f"{path}: {stage} failed ({type(e).__name__}: {e}); please report this with the file"
        return outcome, ""
    outcome.label = notice.doc_number or notice.title or ""
    outcome.tasks = len(notice.tasks)
    outcome.assignments = sum(len(t.assignments) for t in notice.tasks)
    outcome.triples = len(quads)
    outcome.warnings = list(notice.warnings)
    outcome.notes = list(notice.source.notes)
    return outcome, notice.text


def process_batch(paths: list[str], base: str, validate: bool = True, encoding: str | None = None,
                  fmt: str = "nq") -> list[Outcome]:
    """:func:`process` each notice at *paths* (run in a worker process), then check their
    graphs against the shapes together (the SPARQL forms, :mod:`govkg.checks`). When the check
    of the batch fails, each graph is checked alone, so a failure costs one notice."""
    done, texts = [], {}
    for p in paths:
        outcome, text = process(p, base=base, encoding=encoding, fmt=fmt)
        done.append(outcome)
        texts[id(outcome)] = text
    if validate:
        todo = [o for o in done if o.status == "done"]
        try:
            _check(todo, texts)
        except Exception:  # noqa: BLE001 - find the notice it was, and fail that one only
            for o in todo:
                o.violations = []
                try:
                    _check([o], texts)
                except Exception as e:  # noqa: BLE001
                    o.status, o.data = "failed", b""
                    o.error = (f"{o.path}: checking its graph failed ({type(e).__name__}: {e}); "
                               "please report this with the file")
    return done


def _check(outcomes: list[Outcome], texts: dict[int, str]) -> None:
    from pyoxigraph import RdfFormat, Store

    from govkg.checks import check_store

    if not outcomes:
        return
    store = Store()
    for o in outcomes:
        # our own serialiser wrote these bytes: skip re-validating every IRI (lenient)
        store.load(input=o.data, format=RdfFormat.TRIG if o.fmt == "trig" else RdfFormat.N_QUADS, lenient=True)
    found = check_store(store)
    for o in outcomes:
        o.violations = [v.describe(texts[id(o)]) for v in found.get(o.graph or "", [])]

"""The driver every command runs: one notice file in, one :class:`~govkg.model.Outcome` out.

:func:`process` reads, extracts, maps and serialises a notice (read → extract → rdf), and
:func:`process_batch` checks a few graphs together (check); each stage that fails costs that
notice only, and says which stage and which file. :func:`run` lists the notice files, hands
them in small batches to a pool of worker processes (one per core; none with ``workers=0``)
and gives every outcome back in input order to a *sink* (:mod:`govkg.store.sinks`): a folder
of graph files (:func:`extract_to_dir`, ``govkg extract``) or the embedded store
(:func:`build`, ``govkg build``). Work in flight is bounded, so memory does not grow with the
corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from govkg.errors import NoticeError
from govkg.extract import extract_text
from govkg.model import Notice, Outcome, Status
from govkg.rdf.vocab import DEFAULT_BASE
from govkg.read.files import notice_files, read_source
from govkg.store.sinks import FolderSink, StoreSink


def extract_file(path: str | Path, *, encoding: str | None = None) -> Notice:
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


# -- one notice, one outcome ----------------------------------------------------------------------


def process(path: str | Path, *, base: str, encoding: str | None = None, fmt: str = "nq") -> tuple[Outcome, str]:
    """Read, extract, map and serialise the notice at *path*; return its outcome and its text
    (for describing violations by line; empty when it failed)."""
    from govkg.rdf.mapping import graph_node, notice_quads
    from govkg.store.graphs import serialize_graph

    outcome = Outcome(Path(path), fmt=fmt)
    try:
        notice = extract_file(path, encoding=encoding)
    except NoticeError as e:
        outcome.status, outcome.error = Status.FAILED, str(e)
        return outcome, ""
    stage = "making its graph"
    try:
        quads = notice_quads(notice, base)
        stage = "writing its graph"
        outcome.data = serialize_graph(quads, fmt=fmt)
        outcome.graph = graph_node(notice, base).value
    except Exception as e:  # a bug must cost one file, not the batch: say which file and stage
        outcome.status, outcome.data = Status.FAILED, b""
        outcome.error = f"{path}: {stage} failed ({type(e).__name__}: {e}); please report this with the file"
        return outcome, ""
    outcome.label = notice.doc_number or notice.title or ""
    outcome.tasks = len(notice.tasks)
    outcome.assignments = sum(len(t.assignments) for t in notice.tasks)
    outcome.triples = len(quads)
    outcome.warnings = list(notice.warnings)
    outcome.notes = list(notice.source.notes)
    return outcome, notice.text


def process_batch(paths: list[str], *, base: str, validate: bool = True, encoding: str | None = None,
                  fmt: str = "nq") -> list[Outcome]:
    """:func:`process` each notice at *paths* (run in a worker process), then check their
    graphs against the shapes together (the SPARQL forms, :mod:`govkg.check.sparql`). When the check
    of the batch fails, each graph is checked alone, so a failure costs one notice."""
    done, texts = [], {}
    for p in paths:
        outcome, text = process(p, base=base, encoding=encoding, fmt=fmt)
        done.append(outcome)
        texts[id(outcome)] = text
    if validate:
        todo = [o for o in done if o.status == Status.DONE]
        try:
            _check(todo, texts)
        except Exception:  # noqa: BLE001 - find the notice it was, and fail that one only
            for o in todo:
                o.violations = []
                try:
                    _check([o], texts)
                except Exception as e:  # noqa: BLE001
                    o.status, o.data = Status.FAILED, b""
                    o.error = (f"{o.path}: checking its graph failed ({type(e).__name__}: {e}); "
                               "please report this with the file")
    return done


def _check(outcomes: list[Outcome], texts: dict[int, str]) -> None:
    from pyoxigraph import RdfFormat, Store

    from govkg.check.sparql import check_store

    if not outcomes:
        return
    store = Store()
    for o in outcomes:
        # our own serialiser wrote these bytes: skip re-validating every IRI (lenient)
        store.load(input=o.data, format=RdfFormat.TRIG if o.fmt == "trig" else RdfFormat.N_QUADS, lenient=True)
    found = check_store(store)
    for o in outcomes:
        o.violations = [v.describe(texts[id(o)]) for v in found.get(o.graph or "", [])]


# -- many notices --------------------------------------------------------------------------------


def run(paths: Iterable[str | Path], sink, *, base: str = DEFAULT_BASE, workers: int | None = None,
        validate: bool = True, encoding: str | None = None, strict: bool = False,
        batch: int = 8) -> Iterator[Outcome]:
    """Extract, check and hand to *sink* every notice under *paths*; yield an outcome for each
    notice file, in input order.

    :param workers: worker processes (default: one per core; 0 works in this process).
    :param validate: check each graph against the shapes.
    :param strict: hand the sink no notice that has a warning or a shape violation (``refused``).
    :param batch: notices a worker handles at a time (their graphs are checked together).
    :raises GovkgError: when a path does not exist or the sink cannot be written.
    """
    files = notice_files(list(paths))
    workers = (os.cpu_count() or 1) if workers is None else workers
    options = {"base": base, "validate": validate, "encoding": encoding, "fmt": sink.fmt}  # for process_batch
    # start the workers before the sink opens: a fork must not copy an open database
    pool = _start_pool(workers) if workers > 0 else None
    ok = False
    try:
        sink.open(base)
        seen: dict[str, Path] = {}
        for o in _results(files, sink, pool, workers=workers, batch=batch, options=options):
            if o.status == Status.DONE and strict and (o.warnings or o.violations):
                o.status = Status.REFUSED
            elif o.status in (Status.DONE, Status.UNCHANGED) and o.graph in seen:
                o.status, o.duplicate_of = Status.DUPLICATE, seen[o.graph]
            elif o.status in (Status.DONE, Status.UNCHANGED):
                seen[o.graph] = o.path
                if o.status == Status.DONE:
                    sink.take(o)
            o.data = b""
            yield o
        ok = True
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        sink.close(ok)


_PARENTS_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _start_pool(workers: int):
    """A pool of *workers* processes, forked with Ctrl-C and SIGTERM blocked: a worker must not
    run the parent's handlers (a SIGTERM from ``pool.terminate()`` arriving before
    :func:`_init_worker` would otherwise raise in the worker's copy of the parent's stack, and
    that copy would go on running the parent's program)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _PARENTS_SIGNALS)
    try:
        return multiprocessing.get_context("fork").Pool(workers, _init_worker)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _init_worker() -> None:
    # Ctrl-C and SIGTERM are the parent's to handle: it ends the pool and says what was done
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _PARENTS_SIGNALS)
    # warm what every notice needs (rule tables, gazetteer, compiled checks) once per worker
    from govkg.check.sparql import compiled

    compiled()


def _results(files: list[Path], sink, pool, *, workers: int, batch: int, options: dict) -> Iterator[Outcome]:
    """The outcome of every file, in order: held by the sink, or from :func:`process_batch`
    given *options* (in the *pool*, if any), with at most about three batches a worker in flight."""

    def jobs() -> Iterator[list[Outcome] | list[str]]:
        chunk: list[str] = []
        for f in files:
            held = sink.admit(f)
            if held is not None:
                if chunk:
                    yield chunk
                    chunk = []
                yield [held]
                continue
            chunk.append(str(f))
            if len(chunk) >= batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    in_flight: deque = deque()
    for job in jobs():
        if job and isinstance(job[0], Outcome):
            in_flight.append(job)
        elif pool is None:
            in_flight.append(process_batch(job, **options))
        else:
            in_flight.append(pool.apply_async(process_batch, (job,), options))
        while len(in_flight) > max(2, 3 * workers):
            yield from _get(in_flight.popleft())
    while in_flight:
        yield from _get(in_flight.popleft())


def _get(job) -> list[Outcome]:
    return job if isinstance(job, list) else job.get()


def extract_to_dir(paths: list[str | Path], out: str | Path, *, fmt: str = "trig", skip_unchanged: bool = False,
                   **options) -> Iterator[Outcome]:
    """Extract every notice under *paths* into the folder *out*, one graph file each; yield an
    outcome per input, in order (see :func:`run` for the *options*).

    With *skip_unchanged*, a notice whose graph file in *out* holds the same source SHA-256,
    govkg version and base is not extracted again (nor checked: it was when it was written).

    :raises GovkgError: when *out* cannot be written to (every notice would fail alike).
    """
    return run(paths, FolderSink(out, fmt=fmt, skip_unchanged=skip_unchanged), **options)


def build(paths: Iterable[str | Path], store_dir: str | Path, *, force: bool = False, write_every: int = 32 << 20,
          **options) -> Iterator[Outcome]:
    """Extract, check and load every notice under *paths* into the embedded store at
    *store_dir*; yield an outcome per notice file, in input order (see :func:`run` for the
    *options*). With *force*, notices whose source is unchanged are rebuilt too.

    :raises GovkgError: when a path does not exist or the store cannot be opened.
    """
    return run(paths, StoreSink(store_dir, force=force, write_every=write_every), **options)

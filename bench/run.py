"""Benchmark: build N generated notices with govkg and the plain rdflib way, side by side.

    python bench/run.py --notices 1000 [--seed 7] [--workers N] [--plain-notices M] [--keep DIR]

1. generates N notices (``bench/generate.py``, deterministic for the seed; not timed);
2. govkg: ``govkg.pipeline.build`` — worker processes extract, map and check each notice with the
   SPARQL forms of the shapes, one process bulk-loads the embedded Oxigraph store;
3. where the build's CPU goes: a sample of the notices read, extracted (each step), mapped,
   serialised and checked in one process, and their graphs bulk-loaded into a fresh store;
4. the saved queries, each timed once on that store (with their defaults), in a fresh process,
   written as CSV the way ``govkg query`` writes them: the time to the first row and to the last
   (wall and CPU), and rows a second once the first has come;
5. plain: one process extracts each notice, checks it with pyshacl, adds it to one rdflib
   in-memory Dataset and writes it as a Turtle file with rdflib's serializer.

Each pipeline runs in its own process, so its peak memory is its own: the peak is the largest
sum of the resident sets of that process and its children, sampled every 50 ms from /proc.
The last line, for scripts: ``notices/s: A · peak MB: B · slowest query s: C · vs plain
rdflib: Rx · slowest aggregate s: D · slowest listing rows/s: E`` (E counted from each listing's
first row on; the aggregates are the
queries that answer with counts over groups of units or documents, :data:`AGGREGATES`; every
other query is a listing, one row per thing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PAGE = os.sysconf("SC_PAGE_SIZE")
#: the saved queries that answer with counts over groups (a unit's workload, pairs of units,
#: the most cited documents); the others list one row per task, notice, citation or name
AGGREGATES = {"unit-workload", "shared-tasks", "recurring-by-unit", "most-cited", "cited-not-in-graph"}


# -- measuring a process tree ------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident bytes of *root* and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def measured(stage: str, **args) -> dict:
    """Run one stage of this script in its own process; return its JSON answer with
    ``peak_mb`` (largest resident size of the process tree) and ``wall_s`` added."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage]
    for k, v in args.items():
        cmd += [f"--{k.replace('_', '-')}", str(v)]
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"bench: stage {stage} failed (exit {proc.returncode})")
    answer = json.loads(out.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    answer["peak_mb"] = peak / 2**20
    answer["wall_s"] = time.perf_counter() - started
    # CPU of the process and of the workers it waited for: what the work cost, whatever else ran
    answer["cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return answer


def _rate(r: dict) -> float:
    """Rows a second once the first row has come: how fast a listing streams."""
    if r["first"] is None or r["rows"] < 2:
        return 0.0
    return (r["rows"] - 1) / max(r["seconds"] - r["first"], 1e-6)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- the stages (each in its own process) ------------------------------------------------------


def stage_govkg(notices: str, store: str, workers: str) -> dict:
    from govkg.pipeline import build

    started = time.perf_counter()
    counts: dict[str, int] = {}
    violations = triples = 0
    for b in build([notices], store, workers=None if workers == "auto" else int(workers)):
        counts[b.status] = counts.get(b.status, 0) + 1
        violations += len(b.violations)
        triples += b.triples
    return {"seconds": time.perf_counter() - started, "counts": counts, "violations": violations,
            "triples": triples}


class _Sink:
    """A binary output that counts the CSV lines written to it and notes when the first row
    (after the header) began to arrive."""

    def __init__(self, started: float):
        self.started, self.lines, self.first = started, 0, None

    def write(self, b: bytes) -> int:
        if b and self.first is None and (self.lines or b"\n" in b[:-1]):
            self.first = time.perf_counter() - self.started
        self.lines += b.count(b"\n")
        return len(b)

    def flush(self) -> None:
        pass


def stage_queries(store: str) -> dict:
    """Each saved query written as CSV the way ``govkg query NAME --store DIR --format csv``
    writes it (:func:`govkg.query.saved.write`: Oxigraph's writer, batch by batch of notice
    graphs for the listings that stream), to a sink that counts its lines (no saved query
    answers a line break inside a field): wall and CPU seconds, the time to the first row."""
    from govkg.query.saved import saved_queries, write

    times = {}
    for q in saved_queries():
        started, cpu = time.perf_counter(), time.process_time()
        sink = _Sink(started)
        write(q.bind(), "csv", sink, store=store, name=q.name)
        seconds = time.perf_counter() - started
        times[q.name] = {"seconds": seconds, "cpu": time.process_time() - cpu, "first": sink.first,
                         "rows": max(sink.lines - 1, 0), "aggregate": q.name in AGGREGATES}
    return {"queries": times}


def stage_split(notices: str, limit: str) -> dict:
    """Where a notice's CPU goes, in one process: each stage of :func:`govkg.pipeline.process`
    and its check, each extraction step, and the store's writer (a bulk load of the graphs)."""
    import shutil as _shutil

    from pyoxigraph import RdfFormat, Store

    import govkg.extract as extraction
    from govkg.check.sparql import check_store, compiled
    from govkg.extract import extract_text
    from govkg.rdf.mapping import notice_quads
    from govkg.read.files import notice_files, read_source
    from govkg.store.graphs import serialize_graph

    files = notice_files([notices])[: int(limit)]
    compiled()
    notice_quads(extract_text(*read_source(files[0])))  # the gazetteer, jieba and the rules, loaded once
    cpu: dict[str, float] = {}
    steps: dict[str, float] = {}

    def timed(bucket: dict, name: str, fn, *args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            bucket[name] = bucket.get(name, 0.0) + time.process_time() - started

    real_steps = list(extraction.STEPS)
    extraction.STEPS[:] = [(lambda s: lambda n: timed(steps, s.__name__, s, n))(s) for s in real_steps]
    data, quads_total = [], 0
    try:
        for f in files:
            text, source = timed(cpu, "read", read_source, f)
            notice = timed(cpu, "extract", extract_text, text, source)
            quads = timed(cpu, "map", notice_quads, notice)
            data.append(timed(cpu, "serialise", serialize_graph, quads, fmt="nq"))
            quads_total += len(quads)
    finally:
        extraction.STEPS[:] = real_steps
    for k in range(0, len(data), 8):  # checked in batches, as the workers do
        batch = Store()
        for d in data[k:k + 8]:
            batch.load(input=d, format=RdfFormat.N_QUADS, lenient=True)
        timed(cpu, "check", check_store, batch)
    folder = Path(tempfile.mkdtemp(prefix="govkg-split-"))
    try:
        store = Store(str(folder))
        timed(cpu, "write", store.bulk_load, input=b"".join(data), format=RdfFormat.N_QUADS, lenient=True)
        store.flush()
    finally:
        _shutil.rmtree(folder, ignore_errors=True)
    return {"notices": len(files), "quads": quads_total, "cpu": cpu, "steps": steps}


def stage_plain(notices: str, out: str, limit: str) -> dict:
    """The plain way: rdflib in memory, rdflib Turtle files, pyshacl on each notice."""
    import rdflib

    from govkg.check.shacl import to_rdflib, validate_graph
    from govkg.pipeline import extract_file
    from govkg.rdf.mapping import graph_node, notice_quads
    from govkg.read.files import notice_files

    files = notice_files([notices])[: int(limit)]
    started = time.perf_counter()
    dataset = rdflib.Dataset()
    violations = triples = 0
    Path(out).mkdir(parents=True, exist_ok=True)
    for f in files:
        notice = extract_file(f)
        quads = notice_quads(notice)
        graph = to_rdflib(quads)
        violations += len(validate_graph(graph))
        named = dataset.graph(rdflib.URIRef(graph_node(notice).value))
        for t in graph:
            named.add(t)
        graph.serialize(Path(out) / f"{f.stem}.ttl", format="turtle")
        triples += len(graph)
    return {"seconds": time.perf_counter() - started, "notices": len(files), "violations": violations,
            "triples": triples, "dataset_triples": len(dataset)}


# -- the benchmark -----------------------------------------------------------------------------


def _queries(store) -> tuple[float, float, float]:
    """Time the saved queries on *store* in a fresh process; print a line for each."""
    q = measured("queries", store=store)
    for name, r in sorted(q["queries"].items(), key=lambda kv: -kv[1]["seconds"]):
        kind = "aggregate" if r["aggregate"] else "listing"
        first = f"{r['first']:.3f} s" if r["first"] is not None else "no row"
        print(f"  query {name:<24} {r['seconds']:7.3f} s (CPU {r['cpu']:6.2f})  {r['rows']:>8} rows  {kind:<9}  "
              f"first row {first}  {_rate(r):9.0f} rows/s after it")
    slowest = max(r["seconds"] for r in q["queries"].values())
    slowest_aggregate = max((r["seconds"] for r in q["queries"].values() if r["aggregate"]), default=0.0)
    listing_rates = [_rate(r) for r in q["queries"].values() if not r["aggregate"] and r["rows"] > 1]
    slowest_listing = min(listing_rates, default=0.0)
    return slowest, slowest_aggregate, slowest_listing


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark govkg's build against the plain rdflib way.")
    ap.add_argument("--notices", type=int, default=1000, help="notices to generate and build")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", default="auto", help="govkg build workers (default: one per core)")
    ap.add_argument("--plain-notices", type=int, default=None,
                    help="run the plain pipeline on only the first M notices (default: all N)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    ap.add_argument("--queries-on", metavar="STORE", help="only time the saved queries, on this store (built before)")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--notices-dir", help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--limit", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.plain_notices is not None and args.plain_notices < 1:
        ap.error("--plain-notices must be at least 1 (the last line compares with the plain pipeline)")

    if args.stage == "govkg":
        print(json.dumps(stage_govkg(args.notices_dir, args.store, args.workers)))
        return
    if args.stage == "queries":
        print(json.dumps(stage_queries(args.store)))
        return
    if args.stage == "split":
        print(json.dumps(stage_split(args.notices_dir, args.limit)))
        return
    if args.queries_on:
        _queries(args.queries_on)
        return
    if args.stage == "plain":
        print(json.dumps(stage_plain(args.notices_dir, args.out, args.limit)))
        return

    from generate import generate

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    notices, store, turtle = work / "notices", work / "store", work / "turtle"
    for p in (notices, store, turtle):
        shutil.rmtree(p, ignore_errors=True)
    try:
        started = time.perf_counter()
        generate(args.notices, notices, seed=args.seed)
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine "
              "slows every figure below)")
        print(f"generated {args.notices} notices (seed {args.seed}) in {time.perf_counter() - started:.1f} s; "
              f"{os.cpu_count()} cores", flush=True)

        g = measured("govkg", notices_dir=notices, store=store, workers=args.workers)
        rate = args.notices / g["seconds"]
        print(f"govkg build: {args.notices} notices in {g['seconds']:.1f} s = {rate:.1f} notices/s · "
              f"{g['triples']} triples · peak {g['peak_mb']:.0f} MB · store {_size(store) / 2**20:.0f} MB · "
              f"{g['violations']} shape violations · {g['counts']} · CPU {g['cpu_s']:.0f} s "
              f"({1000 * g['cpu_s'] / args.notices:.0f} ms a notice, workers and writer)", flush=True)

        s = measured("split", notices_dir=notices, limit=min(200, args.notices))
        per = {k: 1000 * v / s["notices"] for k, v in s["cpu"].items()}
        print(f"where the CPU goes ({s['notices']} notices in one process, ms a notice): "
              + " · ".join(f"{k} {v:.2f}" for k, v in per.items())
              + f" (the writer {1e6 * s['cpu']['write'] / s['quads']:.1f} µs a quad, {s['quads'] / s['notices']:.0f}"
              " quads a notice)")
        top = sorted(s["steps"].items(), key=lambda kv: -kv[1])[:6]
        print("  extraction steps: " + " · ".join(f"{k} {1000 * v / s['notices']:.2f}" for k, v in top), flush=True)

        slowest, slowest_aggregate, slowest_listing = _queries(store)

        m = min(args.plain_notices or args.notices, args.notices)
        p = measured("plain", notices_dir=notices, out=turtle, limit=m)
        plain_rate = p["notices"] / p["seconds"]
        print(f"plain rdflib: {p['notices']} notices in {p['seconds']:.1f} s = {plain_rate:.1f} notices/s · "
              f"peak {p['peak_mb']:.0f} MB · Turtle files {_size(turtle) / 2**20:.0f} MB · "
              f"{p['violations']} pyshacl violations · CPU {p['cpu_s']:.0f} s"
              + (f" (first {m} of {args.notices} notices)" if m < args.notices else ""), flush=True)
        print(f"notices/s: {rate:.1f} · peak MB: {g['peak_mb']:.0f} · slowest query s: {slowest:.2f} · "
              f"vs plain rdflib: {rate / plain_rate:.1f}x · slowest aggregate s: {slowest_aggregate:.2f} · "
              f"slowest listing rows/s: {slowest_listing:.0f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: build N generated notices with govkg and the plain rdflib way, side by side.

    python bench/run.py --notices 1000 [--seed 7] [--workers N] [--plain-notices M] [--keep DIR]

1. generates N notices (``bench/generate.py``, deterministic for the seed; not timed);
2. govkg: ``govkg.pipeline.build`` — worker processes extract, map and check each notice with the
   SPARQL forms of the shapes, one process bulk-loads the embedded Oxigraph store;
3. the saved queries, each timed once on that store (with their defaults), in a fresh process;
4. plain: one process extracts each notice, checks it with pyshacl, adds it to one rdflib
   in-memory Dataset and writes it as a Turtle file with rdflib's serializer.

Each pipeline runs in its own process, so its peak memory is its own: the peak is the largest
sum of the resident sets of that process and its children, sampled every 50 ms from /proc.
The last line, for scripts:
``notices/s: A · peak MB: B · slowest query s: C · vs plain rdflib: Rx``.
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


def stage_queries(store: str) -> dict:
    from govkg.query.saved import run_local, saved_queries
    from govkg.store.graphs import open_store

    db = open_store(store, create=False)
    times = {}
    for q in saved_queries():
        started = time.perf_counter()
        rows = len(run_local(db, q.bind()).rows)
        times[q.name] = (time.perf_counter() - started, rows)
    return {"queries": times}


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


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark govkg's build against the plain rdflib way.")
    ap.add_argument("--notices", type=int, default=1000, help="notices to generate and build")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", default="auto", help="govkg build workers (default: one per core)")
    ap.add_argument("--plain-notices", type=int, default=None,
                    help="run the plain pipeline on only the first M notices (default: all N)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--notices-dir", help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--limit", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.stage == "govkg":
        print(json.dumps(stage_govkg(args.notices_dir, args.store, args.workers)))
        return
    if args.stage == "queries":
        print(json.dumps(stage_queries(args.store)))
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

        q = measured("queries", store=store)
        for name, (seconds, rows) in sorted(q["queries"].items(), key=lambda kv: -kv[1][0]):
            print(f"  query {name:<24} {seconds:7.3f} s  {rows:>8} rows")
        slowest = max(seconds for seconds, _ in q["queries"].values())

        m = min(args.plain_notices or args.notices, args.notices)
        p = measured("plain", notices_dir=notices, out=turtle, limit=m)
        plain_rate = p["notices"] / p["seconds"]
        print(f"plain rdflib: {p['notices']} notices in {p['seconds']:.1f} s = {plain_rate:.1f} notices/s · "
              f"peak {p['peak_mb']:.0f} MB · Turtle files {_size(turtle) / 2**20:.0f} MB · "
              f"{p['violations']} pyshacl violations · CPU {p['cpu_s']:.0f} s"
              + (f" (first {m} of {args.notices} notices)" if m < args.notices else ""), flush=True)
        print(f"notices/s: {rate:.1f} · peak MB: {g['peak_mb']:.0f} · slowest query s: {slowest:.2f} · "
              f"vs plain rdflib: {rate / plain_rate:.1f}x")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

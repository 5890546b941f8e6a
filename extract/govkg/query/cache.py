"""The answers of the slow aggregates, worked out when the embedded store is written.

``unit-workload``, ``shared-tasks`` and ``recurring-by-unit`` count over every assignment of the
store (420,000 at 10,000 notices): Oxigraph takes one to five seconds for each however the
query is written. Their answers change only when the store does, so ``govkg build``,
``govkg load`` and ``govkg remove`` work them out once the store is written (:func:`refresh`)
and keep each as the bytes ``govkg query`` would write, CSV and JSON, in
the folder ``govkg-aggregates`` of the store. ``govkg query`` writes those bytes
(:func:`write_cached`) only when they were made from the same query text, by the same version
of govkg, from a store holding the same graphs as now: the named graphs of the store and
the extraction run of each notice graph (its IRI names the version, base and source SHA-256)
are read and hashed, about 0.1 s at 10,000 notices. Anything else (a store written another
way, a bound parameter, an edited query, ``--data``, an endpoint) runs the query itself.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import BinaryIO

from govkg import __version__

#: the saved queries whose answer (with no parameter given) is kept in the store's folder
CACHED = ("recurring-by-unit", "shared-tasks", "unit-workload")
FOLDER = "govkg-aggregates"

_RUNS = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g ?run WHERE { GRAPH ?g { ?g prov:wasGeneratedBy ?run } }"""


def state(store) -> str:
    """A digest of what the store holds, as far as the answers go: this version of govkg, its
    named graphs and the extraction run of each notice graph."""
    h = hashlib.sha256(f"govkg {__version__}\n".encode())
    for g in sorted(g.value for g in store.named_graphs()):
        h.update(f"graph {g}\n".encode())
    for line in sorted(f"run {row[0].value} {row[1].value}\n" for row in store.query(_RUNS)):
        h.update(line.encode())
    return h.hexdigest()


def _key(text: str, store_state: str) -> str:
    return hashlib.sha256(f"{store_state}\n{text}".encode()).hexdigest()


def refresh(store, store_dir: str | Path) -> None:
    """Work out the answer of each of :data:`CACHED` on *store* (held at *store_dir*) and keep
    it; an answer that is already up to date is kept as it is."""
    from govkg.query.output import render
    from govkg.query.saved import run_local, saved_query
    from govkg.store.graphs import write_atomically

    folder = Path(store_dir) / FOLDER
    folder.mkdir(exist_ok=True)
    current = state(store)
    for name in CACHED:
        text = saved_query(name).bind()
        key = _key(text, current)
        if _read_key(folder, name) == key:
            continue
        (folder / f"{name}.key").unlink(missing_ok=True)  # no key: no answer is taken from here
        # read once, written as both: render gives the bytes write_local gives (tests hold it)
        result = run_local(store, text)
        for fmt in ("csv", "json"):
            write_atomically(folder / f"{name}.{fmt}", render(result, fmt).encode("utf-8"))
        write_atomically(folder / f"{name}.key", json.dumps({"key": key}).encode())


def forget(store_dir: str | Path) -> None:
    """Drop the kept answers (before the store is written)."""
    folder = Path(store_dir) / FOLDER
    for name in CACHED:
        (folder / f"{name}.key").unlink(missing_ok=True)


def write_cached(store, store_dir: str | Path, name: str | None, text: str, fmt: str, out: BinaryIO) -> bool:
    """Write the kept answer of the saved query *name* (its text *text*) as *fmt* to *out*, if
    there is one made from this text and from the store as it is now; say whether it did."""
    if name not in CACHED or fmt not in ("csv", "json"):
        return False
    folder = Path(store_dir) / FOLDER
    key = _read_key(folder, name)
    if key is None or key != _key(text, state(store)):
        return False
    try:
        data = (folder / f"{name}.{fmt}").read_bytes()
    except OSError:
        return False
    out.write(data)
    out.flush()
    return True


def _read_key(folder: Path, name: str) -> str | None:
    try:
        return json.loads((folder / f"{name}.key").read_text(encoding="utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None

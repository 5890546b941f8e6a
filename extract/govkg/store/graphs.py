"""Where graphs live: files, an in-memory dataset, the embedded on-disk store.

Every triple lives in a named graph: one per notice, one for the ontology and its
vocabularies (:data:`~govkg.rdf.vocab.ONTOLOGY_GRAPH`), one for the unit gazetteer.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from govkg.errors import GovkgError
from govkg.extract.gazetteer import NATIONAL, gazetteer
from govkg.rdf.sparql import bind_values, sparql_term
from govkg.rdf.vocab import (
    CV,
    DCT,
    DEFAULT_BASE,
    ELI,
    GOV,
    NS,
    ONTOLOGY_GRAPH,
    ORG,
    PREFIXES,
    RDF,
    SKOS,
    place_iri,
    unit_iri,
)
from govkg.resources import ontology_files

GRAPH_SUFFIXES = {".trig": RdfFormat.TRIG, ".nq": RdfFormat.N_QUADS, ".nt": RdfFormat.N_TRIPLES,
                  ".ttl": RdfFormat.TURTLE}


def gazetteer_graph(base: str = DEFAULT_BASE) -> NamedNode:
    return NamedNode(f"{base}graph/gazetteer")


def store_bases(store: Store) -> list[str]:
    """The bases a store was built with, read from the store itself: every build puts the
    gazetteer in ``{base}graph/gazetteer``. Sorted; usually one."""
    suffix = "graph/gazetteer"
    return sorted(g.value[: -len(suffix)] for g in store.named_graphs()
                  if isinstance(g, NamedNode) and g.value.endswith(suffix))


def vocabulary_quads(base: str = DEFAULT_BASE) -> list[Quad]:
    """The ontology with its concept schemes (:func:`~govkg.resources.ontology_files`) in the
    ontology graph, and the gazetteer in its own."""
    onto = NamedNode(ONTOLOGY_GRAPH)
    quads = [Quad(t.subject, t.predicate, t.object, onto) for path in ontology_files()
             for t in parse(path=str(path), format=RdfFormat.TURTLE)]
    return quads + gazetteer_quads(base)


VOCABULARY_FILE = Path("vocabulary") / "govkg-vocabulary"  # beside the notice graphs, + .trig/.nq


def write_vocabulary(out: Path, *, fmt: str = "trig", base: str = DEFAULT_BASE) -> Path:
    """Write the ontology and gazetteer graphs into the folder *out*, beside its notice graphs
    (``vocabulary/govkg-vocabulary.trig``), so that the folder is a whole dataset for any
    loader; left alone when it already holds the same bytes."""
    target = out / VOCABULARY_FILE.with_suffix(".nq" if fmt == "nq" else ".trig")
    data = serialize_graph(vocabulary_quads(base), fmt=fmt)
    if not (target.is_file() and target.read_bytes() == data):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    return target


def gazetteer_quads(base: str = DEFAULT_BASE) -> list[Quad]:
    """Places (GB/T 2260) and the national units, as data."""
    g = gazetteer()
    graph = gazetteer_graph(base)
    out: list[Quad] = []

    def add(s, p, o):
        out.append(Quad(s, p, o, graph))

    for code, place in sorted(g.places.items()):
        node = NamedNode(place_iri(base, code))
        add(node, RDF.type, DCT.Location)
        add(node, SKOS.prefLabel, Literal(place.name, language="zh"))
        if place.short != place.name:
            add(node, SKOS.altLabel, Literal(place.short, language="zh"))
        add(node, SKOS.notation, Literal(code))
        if place.parent:
            add(node, SKOS.broader, NamedNode(place_iri(base, place.parent)))
    seen = set()
    for form, unit in sorted(g.national.items()):
        key = f"{NATIONAL}/{unit.name}"
        node = NamedNode(unit_iri(base, key))
        if key not in seen:
            seen.add(key)
            add(node, RDF.type, ORG.Organization)
            add(node, RDF.type, CV.PublicOrganisation)
            add(node, SKOS.prefLabel, Literal(unit.name, language="zh"))
            add(node, GOV.jurisdiction, NamedNode(place_iri(base, NATIONAL)))
            if unit.parent:
                add(node, ORG.subOrganizationOf, NamedNode(unit_iri(base, f"{NATIONAL}/{unit.parent}")))
        if form != unit.name:
            add(node, SKOS.altLabel, Literal(form, language="zh"))
    # successions after institutional reforms: the successor is a new unit, never an alias
    for scope, successor, predecessor in g.successions:
        places = [g.place(NATIONAL)] if scope == "national" else [p for p in g.places.values() if p.code != NATIONAL]
        for place in places:
            new, old = (g.resolve(name, place) if scope != "national" else g.national_unit(name)
                        for name in (successor, predecessor))
            for unit in (new, old):
                node = NamedNode(unit_iri(base, unit.key))
                if unit.key not in seen:
                    seen.add(unit.key)
                    add(node, RDF.type, ORG.Organization)
                    add(node, RDF.type, CV.PublicOrganisation)
                    add(node, SKOS.prefLabel, Literal(unit.name, language="zh"))
                    add(node, GOV.jurisdiction, NamedNode(place_iri(base, place.code)))
            add(NamedNode(unit_iri(base, new.key)), GOV.succeeds, NamedNode(unit_iri(base, old.key)))
    return out


def graph_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The graph files named by *paths* (files, or folders searched recursively), sorted."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix in GRAPH_SUFFIXES and f.is_file())
        elif p.exists():
            yield p
        else:
            raise GovkgError(f"{p}: no such file or folder")


def load_files(store: Store, paths: Iterable[str | Path]) -> int:
    """Load graph files into *store*; return how many were read.

    :raises GovkgError: for a file whose format cannot be told from its suffix, or that does not parse.
    """
    n = 0
    for f in graph_files(paths):
        fmt = GRAPH_SUFFIXES.get(f.suffix)
        if fmt is None:
            raise GovkgError(f"{f}: cannot tell the RDF format from the suffix (use .trig or .nq)")
        try:
            store.bulk_load(path=str(f), format=fmt)
        except (SyntaxError, ValueError, OSError) as e:
            raise GovkgError(f"{f}: not a readable graph file: {e}") from None
        n += 1
    return n


def memory_dataset(paths: Iterable[str | Path], *, base: str = DEFAULT_BASE) -> Store:
    """An in-memory dataset of the graph files at *paths*, with the vocabularies."""
    store = Store()
    store.bulk_extend(vocabulary_quads(base))
    load_files(store, paths)
    return store


DEFAULT_STORE = Path("govkg-store")


class NoStore(GovkgError):
    """There is no embedded store at *path*, and none was to be made."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: no store here")


def open_store(path: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
    """The embedded on-disk store at *path* (an Oxigraph database folder); *read_only* opens
    it beside a process that may be writing it, and never creates it.

    :raises NoStore: when there is no store there (and *create* is false).
    :raises GovkgError: when it cannot be opened.
    """
    p = Path(path)
    if (read_only or not create) and not p.is_dir():
        raise NoStore(p)
    try:
        return Store.read_only(str(p)) if read_only else Store(str(p))
    except OSError as e:
        raise GovkgError(f"{p}: cannot open the store{' read-only' if read_only else ''}: {e}") from None


def replace_graph(store: Store, graph: NamedNode, quads: list[Quad]) -> None:
    """Put one notice's graph in *store*, replacing what the graph held before."""
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.bulk_extend(quads)


def ensure_vocabularies(store: Store, base: str = DEFAULT_BASE) -> None:
    """(Re)load the ontology and gazetteer graphs, so they match this version of govkg."""
    for graph in (NamedNode(ONTOLOGY_GRAPH), gazetteer_graph(base)):
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    store.bulk_extend(vocabulary_quads(base))


def write_atomically(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file and a rename: never half a file.

    The temporary file (``.NAME.PID.XXXX.tmp`` beside *path*) is removed if writing fails or
    is interrupted; one left by a process that was killed outright is removed by
    :func:`remove_stale_temporaries`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        # created inside the try, so that an interrupt arriving at any point removes it (a name
        # made by tempfile.mkstemp would leave its file behind if the signal came mid-call)
        try:
            with open(tmp, "xb") as f:  # a new file, with the umask's permissions
                f.write(data)
            os.replace(tmp, path)
            return
        except FileExistsError:
            continue
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files :func:`write_atomically` left in *folder* when its process
    was killed (SIGKILL, a crash): those whose process no longer runs. Return them.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> _ = (d / ".a.trig.999999999.x1y2.tmp").write_bytes(b"half a gra")
    >>> [p.name for p in remove_stale_temporaries(d)], list(d.iterdir())
    (['.a.trig.999999999.x1y2.tmp'], [])
    """
    removed = []
    for f in sorted(folder.glob(".*.tmp")):
        m = _TEMPORARY.match(f.name)
        if m and not _running(int(m[1])):
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError) as e:
        return isinstance(e, PermissionError)  # someone else's process: leave its file alone
    return True


def serialize_graph(quads: list[Quad], *, fmt: str = "trig") -> bytes:
    """One notice graph as TriG (readable, with prefixes) or N-Quads (fast, line-based)."""
    if fmt == "nq":
        return serialize(quads, format=RdfFormat.N_QUADS)
    return serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES)


# -- removing notices ----------------------------------------------------------------------------

_FIND = f"""
PREFIX govkg: <{NS}>
PREFIX eli: <{ELI}>
PREFIX dcterms: <{DCT}>
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{
  ?g a govkg:NoticeGraph ; dcterms:source ?source .
  OPTIONAL {{ ?source govkg:fileName ?file }}
  OPTIONAL {{ ?document eli:number ?number . ?source eli:embodies ?expression .
             FILTER (?expression = IRI(CONCAT(STR(?document), "/zh"))) }}
}}
  FILTER (STR(?g) = ?key || STR(?g) = CONCAT(?key, "/graph") || ?file = ?key || STR(?number) = ?key)
}}"""


class NoSuchNotice(GovkgError):
    """No notice in the store at *store_dir* goes by *name*."""

    def __init__(self, name: str, store_dir: str | Path):
        self.name = name
        self.store_dir = store_dir
        super().__init__(f"no notice {name!r} in {store_dir}; name it by IRI, 发文字号 or source file name")


def remove_notices(store_dir: str | Path, names: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Remove notices from the embedded store; each is named by its IRI, its graph's IRI, its
    发文字号 or its source file's name. Return each name with the graphs removed.

    :raises NoSuchNotice: when a name matches no notice in the store (nothing is removed then).
    :raises NoStore: when there is no store at *store_dir*.
    """
    store = open_store(store_dir, create=False)
    found = []
    for name in names:
        key = Path(name).name if "/" in name and not name.startswith(("http://", "https://")) else name
        graphs = sorted(row["g"].value for row in store.query(bind_values(_FIND, {"key": sparql_term(key)})))
        if not graphs:
            raise NoSuchNotice(name, store_dir)
        found.append((name, graphs))
    from govkg.query.cache import forget, refresh

    forget(store_dir)
    for _, graphs in found:
        for g in graphs:
            store.remove_graph(NamedNode(g))
    store.flush()
    refresh(store, store_dir)
    return found

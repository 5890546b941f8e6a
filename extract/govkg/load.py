"""Loading built graph files into a store: the embedded one, or any SPARQL 1.1 server through
the Graph Store Protocol (GSP).

Each named graph found in the files is *put* whole — ``PUT {gsp}?graph={iri}``, or
remove-then-insert in the embedded store — so the graph's previous content is replaced and
loading the same files twice changes nothing. The ontology and gazetteer graphs go along, so
the saved queries answer on the server exactly as they do on the files.

Servers answer queries and graph uploads at different addresses (Oxigraph: ``/query`` and
``/store``), so loading takes the Graph Store URL, querying the query URL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse, serialize

from govkg.errors import GovkgError
from govkg.iris import DEFAULT_BASE, ONTOLOGY_GRAPH
from govkg.store import GRAPH_SUFFIXES, gazetteer_graph, graph_files, open_store, replace_graph, vocabulary_quads


@dataclass
class Loaded:
    """What became of one graph file (or, with ``path=None``, of the vocabularies)."""

    path: Path | None
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    error: str | None = None  # one line, naming the file and the problem


def graphs_of_file(path: Path) -> dict[NamedNode, list[Quad]]:
    """The quads of the graph file at *path*, by named graph.

    :raises GovkgError: when the file does not parse, or holds triples outside a named graph.
    """
    fmt = GRAPH_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise GovkgError(f"{path}: cannot tell the RDF format from the suffix (use .trig or .nq)")
    groups: dict[NamedNode, list[Quad]] = defaultdict(list)
    try:
        for q in parse(path=str(path), format=fmt):
            if isinstance(q.graph_name, DefaultGraph):
                raise GovkgError(f"{path}: has triples outside a named graph; govkg keeps each notice in its "
                                 "own graph (rebuild it with govkg extract)")
            groups[q.graph_name].append(q)
    except (SyntaxError, ValueError) as e:
        raise GovkgError(f"{path}: not a readable graph file: {str(e).splitlines()[0]}") from None
    except OSError as e:
        raise GovkgError(f"{path}: cannot read: {e.strerror or e}") from None
    return dict(groups)


def _vocabularies(base: str) -> dict[NamedNode, list[Quad]]:
    groups: dict[NamedNode, list[Quad]] = {NamedNode(ONTOLOGY_GRAPH): [], gazetteer_graph(base): []}
    for q in vocabulary_quads(base):
        groups[q.graph_name].append(q)
    return groups


def _load(paths: Iterable[str | Path], base: str, put) -> Iterator[Loaded]:
    files = list(graph_files(paths))  # fails early, naming a missing path
    vocab = _vocabularies(base)
    for graph, quads in vocab.items():
        put(graph, quads)
    yield Loaded(None, [g.value for g in vocab], sum(map(len, vocab.values())))
    for f in files:
        try:
            groups = graphs_of_file(f)
        except GovkgError as e:
            yield Loaded(f, error=str(e))
            continue
        for graph, quads in groups.items():
            put(graph, quads)
        yield Loaded(f, [g.value for g in groups], sum(map(len, groups.values())))


def load_into_store(paths: Iterable[str | Path], store_dir: str | Path, *, base: str = DEFAULT_BASE) -> Iterator[Loaded]:
    """Put the named graphs of the graph files at *paths* into the embedded store at *store_dir*,
    each replacing the graph of the same name; yield what became of each file.

    :raises GovkgError: when a path does not exist or the store cannot be opened.
    """
    store = open_store(store_dir)
    yield from _load(paths, base, lambda graph, quads: replace_graph(store, graph, quads))
    store.flush()


def load_into_graph_store(paths: Iterable[str | Path], url: str, *, base: str = DEFAULT_BASE,
                          timeout: float = 60) -> Iterator[Loaded]:
    """Put the named graphs of the graph files at *paths* into the SPARQL 1.1 Graph Store at
    *url* (Oxigraph: ``http://host:port/store``), each replacing the graph of the same name;
    yield what became of each file.

    :raises GovkgError: when the server cannot be reached or refuses a graph (its URL said).
    """
    _check_url(url, "Graph Store")
    yield from _load(paths, base, lambda graph, quads: put_graph(url, graph, quads, timeout=timeout))


def put_graph(url: str, graph: NamedNode, quads: list[Quad], *, timeout: float = 60) -> None:
    """Replace the graph *graph* on the Graph Store at *url* by the triples of *quads*
    (``PUT`` with indirect graph identification, N-Triples body).

    :raises GovkgError: when the server cannot be reached or answers with an error.
    """
    body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    target = f"{url}{'&' if '?' in url else '?'}graph={quote(graph.value, safe='')}"
    request = Request(target, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    try:
        with urlopen(request, timeout=timeout) as response:
            response.read()
    except HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip().splitlines()
        hint = ""
        if e.code in (400, 404, 405, 415):
            hint = "; is it the Graph Store Protocol address (Oxigraph: http://HOST:PORT/store), not the query endpoint?"
        raise GovkgError(f"Graph Store {url} refused graph <{graph.value}>: HTTP {e.code} {e.reason}"
                         f"{': ' + detail[0][:200] if detail else ''}{hint}") from None
    except (URLError, OSError) as e:
        raise GovkgError(f"cannot reach the Graph Store at {url}: {getattr(e, 'reason', e)}; "
                         "is the server running?") from None


def _check_url(url: str, what: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise GovkgError(f"{what} URL {url!r} must start with http:// or https://")

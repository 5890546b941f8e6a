"""Loading built graph files into a store: the embedded one, or any SPARQL 1.1 server through
the Graph Store Protocol (GSP).

Each named graph found in the files is *put* whole — ``PUT {gsp}?graph={iri}``, or
remove-then-insert in the embedded store — so the graph's previous content is replaced and
loading the same files twice changes nothing. The ontology and gazetteer graphs go along, so
the saved queries answer on the server exactly as they do on the files.

Servers answer queries and graph uploads at different addresses (Oxigraph: ``/query`` and
``/store``), so loading takes the Graph Store URL, querying the query URL. A Graph Store that
wants a login (Virtuoso's ``/sparql-graph-crud-auth``, Fuseki behind Shiro, GraphDB) gets the
user and password it is given, or the ``~/.netrc`` entry for its host, by HTTP Basic or Digest
authentication, whichever it asks for.
"""

from __future__ import annotations

import html
import netrc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import (
    HTTPBasicAuthHandler,
    HTTPDigestAuthHandler,
    HTTPPasswordMgrWithDefaultRealm,
    OpenerDirector,
    Request,
    build_opener,
)

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse, serialize

from govkg.errors import GovkgError
from govkg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_GRAPH
from govkg.store.graphs import GRAPH_SUFFIXES, gazetteer_graph, graph_files, open_store, replace_graph, vocabulary_quads


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
    from govkg.query.cache import forget, refresh

    store = open_store(store_dir)
    forget(store_dir)
    yield from _load(paths, base, lambda graph, quads: replace_graph(store, graph, quads))
    store.flush()
    refresh(store, store_dir)


def load_into_graph_store(paths: Iterable[str | Path], url: str, *, base: str = DEFAULT_BASE,
                          timeout: float = 60, user: str | None = None,
                          password: str | None = None) -> Iterator[Loaded]:
    """Put the named graphs of the graph files at *paths* into the SPARQL 1.1 Graph Store at
    *url* (Oxigraph: ``http://host:port/store``), each replacing the graph of the same name;
    yield what became of each file. *user* and *password* log in where the server asks; without
    *user*, the ``~/.netrc`` entry for the URL's host does, if there is one.

    :raises GovkgError: when the server cannot be reached or refuses a graph (its URL said).
    """
    _check_url(url, "Graph Store")
    login = credentials(url, user=user, password=password)
    opener = graph_store_opener(url, login)
    yield from _load(paths, base, lambda graph, quads: put_graph(url, graph, quads, timeout=timeout,
                                                                opener=opener, user=login and login[0]))


class CredentialsNeeded(GovkgError):
    """The Graph Store asked for a login that govkg was not given."""


def credentials(url: str, *, user: str | None = None, password: str | None = None,
                netrc_file: str | Path | None = None) -> tuple[str, str] | None:
    """The (user, password) to log in to *url* with: the ones given, else the entry of
    *netrc_file* (default ``~/.netrc``) for the URL's host, else None.

    :raises GovkgError: when the netrc file exists but cannot be read.
    """
    if user is not None:
        return user, password or ""
    host = urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(netrc_file).authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as e:
        raise GovkgError(f"{getattr(e, 'filename', None) or netrc_file or '~/.netrc'}: cannot read: {e}") from None
    return (entry[0], entry[2] or "") if entry else None


def graph_store_opener(url: str, login: tuple[str, str] | None) -> OpenerDirector:
    """An opener that answers *url*'s Basic or Digest challenge with *login*."""
    if login is None:
        return build_opener()
    passwords = HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *login)
    return build_opener(HTTPBasicAuthHandler(passwords), HTTPDigestAuthHandler(passwords))


def put_graph(url: str, graph: NamedNode, quads: list[Quad], *, timeout: float = 60,
              opener: OpenerDirector | None = None, user: str | None = None) -> None:
    """Replace the graph *graph* on the Graph Store at *url* by the triples of *quads*
    (``PUT`` with indirect graph identification, N-Triples body), through *opener* (one that
    logs in as *user*, or a plain one).

    :raises GovkgError: when the server cannot be reached or answers with an error;
        :class:`CredentialsNeeded` when it asks for a login and none was given.
    """
    body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    target = f"{url}{'&' if '?' in url else '?'}graph={quote(graph.value, safe='')}"
    request = Request(target, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    try:
        with (opener or build_opener()).open(request, timeout=timeout) as response:
            response.read()
    except HTTPError as e:
        raise refusal(url, graph, e, user) from None
    except (URLError, OSError) as e:
        raise GovkgError(f"cannot reach the Graph Store at {url}: {getattr(e, 'reason', e)}; "
                         "is the server running?") from None


def refusal(url: str, graph: NamedNode, e: HTTPError, user: str | None) -> GovkgError:
    """The one-line error for the Graph Store at *url* refusing *graph* with *e*: what the
    status means for a load, and the server's own words (the text of an HTML error page)."""
    said = readable(e.read(), e.headers.get("Content-Type", "") if e.headers else "")
    said = f" (the server says: {said})" if said else ""
    host = urlsplit(url).hostname
    if e.code == 401 and user is None:
        return CredentialsNeeded(f"Graph Store {url} asks for a user and password (HTTP 401), and none was given "
                                 f"nor found in ~/.netrc for {host}{said}")
    if e.code == 401:
        return GovkgError(f"Graph Store {url} did not accept the password of user {user!r} (HTTP 401){said}")
    if e.code == 403:
        who = (f"user {user!r} may not write graph <{graph.value}> there" if user else
               "it takes no writes without a login; give a user and password, and its address for logins "
               "(Virtuoso: /sparql-graph-crud-auth)")
        return (GovkgError if user else CredentialsNeeded)(f"Graph Store {url} refused graph <{graph.value}>: "
                                                            f"HTTP 403 Forbidden: {who}{said}")
    hint = ""
    if e.code in (400, 404, 405, 415):
        hint = "; is it the Graph Store Protocol address (Oxigraph: http://HOST:PORT/store), not the query endpoint?"
    return GovkgError(f"Graph Store {url} refused graph <{graph.value}>: HTTP {e.code} {e.reason}{said}{hint}")


def readable(body: bytes, content_type: str = "", limit: int = 200) -> str:
    """The words of an error response on one line: an HTML page's text without its markup,
    collapsed and cut to *limit* characters.

    >>> readable(b"<html><head><title>Error 403</title></head><body><h3>Forbidden</h3>"
    ...          b"<p>Access to\\n/sparql-graph-crud is not allowed</p></body></html>", "text/html")
    'Error 403 Forbidden Access to /sparql-graph-crud is not allowed'
    """
    text = body.decode("utf-8", "replace")
    if "html" in content_type or re.match(r"\s*<(!doctype|html|head|body)", text, re.I):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_url(url: str, what: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise GovkgError(f"{what} URL {url!r} must start with http:// or https://")

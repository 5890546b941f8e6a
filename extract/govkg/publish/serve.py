"""Serving the published site live, with content negotiation, a read-only SPARQL 1.1 endpoint
and the saved queries as web calls — the standard library's threading HTTP server over a store
opened read-only.

- Every file of the static site (:func:`govkg.publish.write.site_files`) is served at its path,
  pages rendered from the store on each request.
- A resource IRI (``/eli/cn-120101/和平政办/2017/9``, percent-encoded or not) answers ``303 See
  Other`` to its page or to its data, by the ``Accept`` header (``text/html``,
  ``text/turtle``, ``application/ld+json``, ``application/n-triples``); a node that another
  resource owns (an assignment, an evidence selector) to its owner's page or data.
- ``/sparql`` (GET, POST form or ``application/sparql-query``): results as SPARQL JSON, XML,
  CSV or TSV by ``Accept`` or ``format=``; updates are refused (403), federated ``SERVICE``
  calls too (400), and a query that runs past the time limit is stopped (503).
- ``/api/NAME?key=value``: the saved query NAME with its parameters bound as values.

Queries run in worker processes that open the store read-only; one that runs too long has its
worker killed and replaced, so a runaway query costs nothing after its time limit.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import re
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from govkg.errors import GovkgError, QueryError, Unusable
from govkg.publish.site import Site

HTML = "text/html"
RESOURCE_TYPES = {HTML: "html", "application/xhtml+xml": "html", "text/turtle": "ttl",
                  "application/ld+json": "jsonld", "application/json": "jsonld", "application/n-triples": "nt"}
RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
# what clients send as format= (or output=, results=: SPARQLWrapper sends all three) → the result
# format for SELECT/ASK and the graph format for CONSTRUCT/DESCRIBE; None: by Accept
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "ttl": (None, "ttl"), "turtle": (None, "ttl"), "n3": (None, "ttl"), "nt": (None, "nt"), "ntriples": (None, "nt"),
    "n-triples": (None, "nt"), "jsonld": ("json", "jsonld"), "json-ld": ("json", "jsonld"),
    "rdf": ("xml", "rdfxml"), "rdfxml": ("xml", "rdfxml"), "rdf+xml": ("xml", "rdfxml"),
    **{t: (k, None) for k, t in RESULT_TYPES.items()}, **{t: (None, k) for k, t in GRAPH_TYPES.items()},
    "application/json": ("json", "jsonld"), "text/n3": (None, "ttl"), "text/rdf+n3": (None, "ttl"),
}
FILE_TYPES = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
              ".jsonld": "application/ld+json", ".nt": "application/n-triples", ".txt": "text/plain; charset=utf-8",
              ".rq": "application/sparql-query; charset=utf-8", ".gz": "application/gzip",
              ".htaccess": "text/plain; charset=utf-8"}


def accept(header: str | None, offers: list[str]) -> str | None:
    """The offer the ``Accept`` *header* prefers (the first offer on a tie; the first offer
    when there is no header); None when it accepts none of them.

    >>> accept("text/turtle;q=0.9, */*;q=0.1", ["text/html", "text/turtle"])
    'text/turtle'
    >>> accept("text/*", ["application/ld+json", "text/html"]), accept("image/png", ["text/html"])
    ('text/html', None)
    """
    if not header:
        return offers[0]
    prefs = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        prefs.append((mtype, q))

    def quality(offer: str) -> tuple[float, int]:
        best, specific = 0.0, -1
        for mtype, q in prefs:
            kind = 2 if mtype == offer else 1 if mtype.endswith("/*") and offer.startswith(mtype[:-1]) else 0 if mtype == "*/*" else -1
            if kind > specific:
                best, specific = q, kind
        return best, specific

    scored = [(quality(o)[0], -i, o) for i, o in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None


# -- queries in worker processes -------------------------------------------------------------------


def _worker(path: str, conn) -> None:  # pragma: no cover - runs in a child process
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

    store = Store.read_only(path)
    results = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML, "csv": QueryResultsFormat.CSV,
               "tsv": QueryResultsFormat.TSV}
    graphs = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
              "rdfxml": RdfFormat.RDF_XML}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        if job is None:
            return
        text, result_fmt, graph_fmt = job
        try:
            answer = store.query(text, use_default_graph_as_union=True)  # the default graph: all the data
            if isinstance(answer, (QuerySolutions, QueryBoolean)):
                fmt = result_fmt if result_fmt in results else "json"
                conn.send(("ok", RESULT_TYPES[fmt], answer.serialize(format=results[fmt])))
            else:
                conn.send(("ok", GRAPH_TYPES[graph_fmt], answer.serialize(format=graphs[graph_fmt])))
        except SyntaxError as e:
            conn.send(("bad", f"query does not parse: {str(e).splitlines()[0]}", b""))
        except Exception as e:  # noqa: BLE001 - the worker reports every failure as one line
            conn.send(("error", f"query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}", b""))


class QueryRunner:
    """SPARQL queries on a store folder, each in a worker process with a time limit.

    :param store_path: the store folder (opened read-only by each worker).
    :param timeout: seconds a query may run before its worker is killed.
    :param workers: how many queries may run at once.
    """

    def __init__(self, store_path: str | Path, *, timeout: float = 30.0, workers: int = 2):
        self.path = str(store_path)
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._all: list = []
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self):
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker, args=(self.path, child), daemon=True)
        proc.start()
        child.close()
        with self._lock:
            self._all.append(proc)
        return proc, parent

    def _stop(self, worker) -> None:
        proc, conn = worker
        proc.kill()
        proc.join(5)
        conn.close()
        with self._lock:
            if proc in self._all:
                self._all.remove(proc)

    def run(self, text: str, result_fmt: str = "json", graph_fmt: str = "ttl") -> tuple[int, str, bytes]:
        """``(HTTP status, content type, body)`` for the query *text*."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"all query workers are busy; try again later\n"
        proc, conn = worker
        try:
            conn.send((text, result_fmt, graph_fmt))
            if not conn.poll(self.timeout):
                self._stop(worker)
                worker = self._start()
                return (503, "text/plain; charset=utf-8",
                        f"query stopped: it ran longer than the time limit of {self.timeout:g} s\n".encode())
            status, what, body = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop(worker)
            worker = self._start()
            return 500, "text/plain; charset=utf-8", b"query worker failed; try again\n"
        finally:
            self._idle.put(worker)
        if status == "ok":
            return 200, what, body
        return (400 if status == "bad" else 500), "text/plain; charset=utf-8", (what + "\n").encode()

    def close(self) -> None:
        while True:
            try:
                proc, conn = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                conn.send(None)
            except OSError:
                pass
        with self._lock:
            procs = list(self._all)
        for proc in procs:
            proc.join(2)
            if proc.is_alive():
                proc.kill()


_BLANKS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*:\s*|BASE\s+)\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                     re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether *text* is a SPARQL update rather than a query (its first keyword says).

    >>> is_update("PREFIX a: <http://a/> INSERT DATA { a:x a:y a:z }"), is_update("SELECT * {}")
    (True, False)
    """
    return _UPDATE.match(_BLANKS.sub(" ", text)) is not None


def uses_service(text: str) -> bool:
    """Whether a query calls ``SERVICE`` (outside strings, IRIs and comments).

    >>> uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"), uses_service('SELECT ("service" AS ?x) {}')
    (True, False)
    """
    return re.search(r"\bSERVICE\b", _BLANKS.sub(" ", text), re.IGNORECASE) is not None


# -- the HTTP side ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    location: str | None = None
    vary: bool = False


def text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class App:
    """The live site: routes a request to a page, a data file, a 303, the SPARQL endpoint or
    a saved query. Independent of the HTTP server, so it can be called directly."""

    def __init__(self, site: Site, runner: QueryRunner):
        from govkg.publish.write import site_files
        from govkg.query.saved import saved_queries

        self.site = site
        self.runner = runner
        self.files = dict(site_files(site))
        self.queries = {q.name: q for q in saved_queries()}
        self._dumps: dict[str, bytes] | None = None
        self._dump_lock = threading.Lock()

    def dumps(self) -> dict[str, bytes]:
        """The dumps, SHA256SUMS, the dumps page and the VoID description (made once)."""
        from govkg.publish.pages import dumps_page
        from govkg.publish.write import checksums, dump_files, void_ttl

        with self._dump_lock:
            if self._dumps is None:
                files, dumps = {}, []
                for d, data in dump_files(self.site):
                    files[d.path] = data
                    dumps.append(d)
                files["dumps/SHA256SUMS"] = checksums(dumps).encode()
                files["dumps/index.html"] = dumps_page(self.site, dumps).encode()
                files["void.ttl"] = files[".well-known/void"] = void_ttl(self.site, dumps)
                self._dumps = files
        return self._dumps

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Response:
        parts = urlsplit(target)
        raw = parts.path
        params = parse_qs(parts.query, keep_blank_values=True)
        if raw == "/sparql":
            return self.sparql(method, params, headers, body)
        if raw == "/api" or raw.startswith("/api/"):
            return self.api(raw[len("/api/"):] if raw.startswith("/api/") else "", params, headers)
        path = unquote(raw).lstrip("/")
        if method not in ("GET", "HEAD"):
            return text(405, f"{method} is not allowed here; only /sparql takes POST")
        return self.file(path, headers)

    # -- files and resources

    def file(self, path: str, headers: dict[str, str]) -> Response:
        name = path + "index.html" if path == "" or path.endswith("/") else path
        if name in self.files:
            return self._bytes(name, self.files[name]())
        if name.startswith("dumps/") or name in ("void.ttl", ".well-known/void"):
            data = self.dumps().get(name)
            if data is not None:
                return self._bytes(name, data)
        return self.resource(path, headers)

    def _bytes(self, name: str, data: bytes) -> Response:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
        if name in (".well-known/void",):
            kind = "text/turtle; charset=utf-8"
        elif name.endswith("SHA256SUMS"):
            kind = "text/plain; charset=utf-8"
        else:
            kind = FILE_TYPES.get(suffix, "application/octet-stream")
        return Response(200, kind, data)

    def resource(self, path: str, headers: dict[str, str]) -> Response:
        """303 from a resource IRI to its page or data, by ``Accept``."""
        iri = self.site.iri_of_path("/" + quote(path.rstrip("/")))
        where = self.site.resolve(iri) if iri else None
        owner_path = self.site.path(where[0]) if where else None
        if where is None or owner_path is None or (path.endswith("/") and not where[1]):
            return Response(404, "text/html; charset=utf-8", not_found(path).encode("utf-8"))
        offer = accept(headers.get("accept"), list(RESOURCE_TYPES))
        if offer is None:
            return text(406, "not acceptable: this resource is available as " + ", ".join(dict.fromkeys(RESOURCE_TYPES)))
        kind = RESOURCE_TYPES[offer]
        target = owner_path + ("" if kind == "html" else f"index.{kind}")
        location = "/" + quote(target, safe="/") + (f"#{where[1]}" if where[1] and kind == "html" else "")
        return Response(303, "text/plain; charset=utf-8", f"See {location}\n".encode(), location=location, vary=True)

    # -- SPARQL

    def sparql(self, method: str, params: dict, headers: dict[str, str], body: bytes) -> Response:
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        query = None
        if method == "POST":
            if ctype == "application/sparql-update":
                return text(403, "this SPARQL endpoint is read-only: updates are refused")
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return text(403, "this SPARQL endpoint is read-only: updates are refused")
                params = {**params, **form}
            elif ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                return text(415, "POST a query as application/sparql-query or as a form (query=…)")
        elif method not in ("GET", "HEAD"):
            return text(405, f"{method} is not allowed on /sparql")
        if "update" in params:
            return text(403, "this SPARQL endpoint is read-only: updates are refused")
        if query is None:
            if "query" not in params:  # the form for a browser, a service description for a client of RDF
                chosen = accept(headers.get("accept"), [HTML, *GRAPH_TYPES.values()])
                if chosen in (None, HTML):
                    return Response(200, "text/html; charset=utf-8", sparql_form(self.site).encode("utf-8"))
                fmt = {v: k for k, v in GRAPH_TYPES.items()}[chosen]
                return Response(200, chosen + ("; charset=utf-8" if chosen.startswith("text/") else ""),
                                service_description(self.site, fmt))
            query = params["query"][0]
        return self.run(query, params, headers)

    def run(self, query: str, params: dict, headers: dict[str, str]) -> Response:
        if is_update(query):
            return text(403, "this SPARQL endpoint is read-only: updates are refused")
        if uses_service(query):
            return text(400, "federated queries (SERVICE) are not allowed on this endpoint")
        key = next((k for k in ("format", "output", "results") if params.get(k)), None)
        fmt = params[key][0].strip().lower() if key else ""
        accept_header = headers.get("accept")
        if fmt and fmt not in FORMAT_NAMES:
            names = ", ".join(k for k in FORMAT_NAMES if "/" not in k)
            return text(400, f"{key}={fmt} is not a format this endpoint knows: {names}, or a media type")
        result_fmt, graph_fmt = FORMAT_NAMES.get(fmt, (None, None))
        if result_fmt is None:
            chosen = accept(accept_header, list(RESULT_TYPES.values()) + ["application/json", "text/plain"]) or "application/json"
            result_fmt = {v: k for k, v in RESULT_TYPES.items()}.get(chosen, "json")
        if graph_fmt is None:
            chosen = accept(accept_header, list(GRAPH_TYPES.values())) or "text/turtle"
            graph_fmt = {v: k for k, v in GRAPH_TYPES.items()}[chosen]
        status, kind, body = self.runner.run(query, result_fmt, graph_fmt)
        if status == 200 and kind.startswith("text/"):
            kind += "; charset=utf-8"
        return Response(status, kind, body)

    # -- saved queries

    def api(self, name: str, params: dict, headers: dict[str, str]) -> Response:
        if not name:
            listing = [{"name": q.name, "summary": q.summary, "tags": q.tags, "url": f"/api/{q.name}",
                        "parameters": [{"name": p.name, "required": p.required, "type": p.kind,
                                        "default": q.defaults.get(p.name)} for p in q.params]}
                       for q in self.queries.values()]
            return Response(200, "application/json", json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8"))
        q = self.queries.get(name)
        if q is None:
            return text(404, f"no saved query {name!r}; the saved queries are: {', '.join(self.queries)}")
        values = {k: v[0] for k, v in params.items() if k != "format"}
        try:
            bound = q.bind(values)
        except QueryError as e:
            return text(400, str(e))
        return self.run(bound, params, headers)


def not_found(path: str) -> str:
    from html import escape

    return (f'<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>未找到 · govkg</title>'
            f'<p>未找到 <code>/{escape(path)}</code>。<a href="/">返回首页</a></p></html>\n')


def service_description(site: Site, fmt: str = "ttl") -> bytes:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary: its language,
    result formats and that its default graph is the union of all graphs."""
    from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

    from govkg.rdf.vocab import FORMATS, RDF, SD

    sd, formats = str(SD), str(FORMATS)
    ep = NamedNode(site.sparql or site.base + "sparql")
    a = RDF.type
    triples = [Triple(ep, a, NamedNode(sd + "Service")), Triple(ep, NamedNode(sd + "endpoint"), ep),
               Triple(ep, NamedNode(sd + "supportedLanguage"), NamedNode(sd + "SPARQL11Query")),
               Triple(ep, NamedNode(sd + "feature"), NamedNode(sd + "UnionDefaultGraph"))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(Triple(ep, NamedNode(sd + "resultFormat"), NamedNode(formats + name)))
    out = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}
    kwargs = {"prefixes": {"sd": sd, "formats": formats}} if fmt == "ttl" else {}
    return serialize(triples, format=out[fmt], **kwargs)


def sparql_form(site: Site) -> str:
    from html import escape

    from govkg.rdf.vocab import GOV, SKOS

    example = (f"PREFIX govkg: <{GOV}>\nPREFIX skos: <{SKOS}>\n"
               "SELECT ?unitName (COUNT(DISTINCT ?task) AS ?tasks) WHERE {\n  GRAPH ?g { ?task govkg:assignment/govkg:unit ?u .\n"
               "    OPTIONAL { ?u skos:prefLabel ?unitName } }\n} GROUP BY ?unitName ORDER BY DESC(?tasks) LIMIT 20")
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>SPARQL · govkg</title></head><body>'
            f'<h1>SPARQL 查询</h1><p>只读的 SPARQL 1.1 端点；每份公文在自己的命名图中（用 <code>GRAPH ?g</code>），'
            f'默认图是所有命名图的并集（不写 <code>GRAPH</code> 也能查到全部数据）。'
            f'<a href="/">首页</a> · <a href="/queries/">保存的查询</a></p>'
            f'<form method="get" action="/sparql"><textarea name="query" rows="12" cols="90">{escape(example)}</textarea><br>'
            f'<select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option></select> '
            f'<button type="submit">运行</button></form></body></html>\n')


class Handler(BaseHTTPRequestHandler):
    app: App
    server_version = "govkg"
    protocol_version = "HTTP/1.1"

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            # http.server reads the request line as Latin-1; a client may send raw UTF-8
            target = self.path.encode("latin-1", "replace").decode("utf-8", "replace")
            r = self.app.handle(method, target, headers, body)
        except GovkgError as e:
            r = text(400, str(e))
        except Exception as e:  # noqa: BLE001 - one line to the client, the details to stderr
            self.log_error("error on %s: %r", self.path, e)
            r = text(500, "internal error")
        self.send_response(r.status)
        self.send_header("Content-Type", r.content_type)
        self.send_header("Content-Length", str(len(r.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        if r.location:
            self.send_header("Location", r.location)
        if r.vary:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(r.body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._serve("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(store_path: str | Path, base: str | None = None, *, port: int = 8000, timeout: float = 30.0,
                sparql: str | None = None, workers: int = 2) -> tuple[ThreadingHTTPServer, App]:
    """A server on 127.0.0.1:*port* (0: any free port) for the store at *store_path*, under
    *base* (by default the one the store was built with).

    :raises GovkgError: when there is no store there or it holds no notice under *base*.
    """
    from govkg.store.graphs import open_store

    p = Path(store_path)
    store = open_store(p, read_only=True)
    # the VoID describes this server's own endpoint (its default graph the union of the data);
    # an announced public one (--sparql) is described as no more than an endpoint
    site = Site(store, base, union_default_graph=sparql is None)
    site.sparql = sparql or site.base + "sparql"
    site.check()
    runner = QueryRunner(p, timeout=timeout, workers=workers)
    app = App(site, runner)
    handler = type("BoundHandler", (Handler,), {"app": app})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as e:
        runner.close()
        raise Unusable("port", f"cannot listen on 127.0.0.1:{port}: {e.strerror}") from None
    server.daemon_threads = True
    return server, app

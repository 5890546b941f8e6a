"""Saved queries: a folder of ``.rq`` files, one question each, run anywhere.

Each file keeps grlc's conventions so the folder can be served as a web API unchanged: a
``#+`` YAML header (``summary``, ``tags``, ``defaults``) and BASIL-style parameters —
``?_name`` required, ``?__name`` optional; a suffix ``_iri`` or ``_integer`` types the value.

Parameters are bound as values, never pasted into the query (:func:`govkg.rdf.sparql.bind_values`):
a ``VALUES`` block of escaped terms is put at the start of each ``WHERE`` group that uses
the parameter, which every SPARQL 1.1 engine reads the same way. A ``FILTER`` that uses a
parameter must therefore stand at the top level of that group (a filter inside a nested
group is evaluated before the join with ``VALUES``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from govkg.errors import MissingParameter, QueryError
from govkg.rdf.sparql import bind_values, blank_comments, sparql_term
from govkg.rdf.vocab import DEFAULT_BASE, XSD
from govkg.resources import data_dir

# ?_name (required) or ?__name (optional), with grlc's suffixes for the value's kind: _iri,
# _xsd_date / _xsd_integer (a datatype), _zh (a language); _date and _integer are read too
_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*?)(?:_(iri|xsd_integer|xsd_date|integer|date|zh))?\b")


@dataclass(frozen=True)
class Param:
    """A parameter of a saved query."""

    name: str  # bare name, as a caller gives it (unit=…)
    variable: str  # the variable in the query, without ?
    required: bool
    kind: str = "string"  # string | iri | integer | date | zh


@dataclass
class SavedQuery:
    name: str
    text: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query with its parameters bound to *values* (defaults fill the gaps).

        :raises QueryError: for an unknown parameter; :class:`~govkg.errors.MissingParameter` for a
            required one without a value, :class:`~govkg.errors.BadValue` for a value not of its kind.
        """
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            hint = f"; it takes {', '.join(sorted(known))}" if known else "; it takes no parameters"
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)}{hint}")
        bound: dict[str, str] = {}
        for p in self.params:
            value = values.get(p.name, self.defaults.get(p.name))
            if value is None:
                if p.required:
                    raise MissingParameter(self.name, p.name)
                continue
            bound[p.variable] = sparql_term(value, p.kind, p.name)
        if not bound:
            return self.text
        text = bind_values(self.text, bound)
        if text == self.text:
            raise QueryError(f"query {self.name!r} has parameters but no WHERE {{ … }} to bind them in")
        return text


def parse_query(name: str, text: str) -> SavedQuery:
    """Read a saved query's ``#+`` header and its parameters."""
    q = SavedQuery(name=name, text=text)
    header = [line[2:].removeprefix(" ").rstrip() for line in text.splitlines() if line.startswith("#+")]
    key = None
    for line in header:
        m = re.match(r"\s*(\w+):\s*(.*)$", line)
        if m and not line.startswith(" "):
            key, value = m[1], m[2].strip()
            if key == "summary":
                q.summary = value
            continue
        item = re.match(r"\s*-\s*(.+)$", line)
        if item and key == "tags":
            q.tags.append(item[1].strip())
        elif item and key == "defaults":
            k, _, v = item[1].partition(":")
            q.defaults[k.strip()] = v.strip()
    seen = {}
    for m in _PARAM.finditer(blank_comments(text)):
        required, bare, kind = m[1] == "_", m[2], (m[3] or "string").removeprefix("xsd_")
        variable = m[0][1:]
        seen.setdefault(bare, Param(bare, variable, required, kind))
    q.params = list(seen.values())
    return q


def query_dir() -> Path:
    return data_dir("queries")


def saved_query(name: str) -> SavedQuery:
    """The saved query called *name* (the file name without ``.rq``).

    :raises QueryError: when there is none, naming the ones there are.
    """
    path = query_dir() / f"{name}.rq"
    if not path.is_file():
        names = ", ".join(q.name for q in saved_queries())
        raise QueryError(f"no saved query {name!r}; the saved queries are: {names}")
    return parse_query(name, path.read_text(encoding="utf-8"))


def saved_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    return [parse_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(query_dir().glob("*.rq"))]


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One cell of a result: an IRI, a literal (with language or datatype) or a blank node."""

    type: str  # uri | literal | bnode
    value: str
    lang: str | None = None
    datatype: str | None = None

    def as_json(self) -> dict:
        d = {"type": self.type, "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype:
            d["datatype"] = self.datatype
        return d


@dataclass
class Result:
    """Rows of a SELECT query, independent of the engine that answered it."""

    variables: list[str]
    rows: list[dict[str, Value]]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON, compact, as Oxigraph writes it."""
        return json.dumps({"head": {"vars": self.variables},
                           "results": {"bindings": [{k: v.as_json() for k, v in row.items()} for row in self.rows]}},
                          ensure_ascii=False, separators=(",", ":"))

    def plain(self) -> list[list[str]]:
        """Each row as strings (empty for an unbound variable)."""
        return [[row[v].value if v in row else "" for v in self.variables] for row in self.rows]

    def plain_dicts(self) -> list[dict[str, str]]:
        """Each row as a dict of strings, as a CSV reader would give it."""
        return [dict(zip(self.variables, r)) for r in self.plain()]


def run(text: str, *, store: str | Path | None = None, data: Iterable[str | Path] = (),
        endpoint: str | None = None, base: str = DEFAULT_BASE) -> Result:
    """Run the SELECT query *text* where the data is: on the SPARQL 1.1 endpoint at
    *endpoint*, on the graph files at *data* (read into memory with the vocabularies under
    *base*), or on the embedded store at *store* (by default ``./govkg-store``). Give one.

    :raises QueryError: when the query fails (:func:`run_local`, :func:`run_endpoint`).
    :raises GovkgError: when a graph file cannot be read, or there is no store at *store*.
    """
    from govkg.store.graphs import DEFAULT_STORE, memory_dataset, open_store

    data = list(data)
    if sum(map(bool, (store, data, endpoint))) > 1:
        raise ValueError("give one of store, data or endpoint")
    if endpoint:
        return run_endpoint(endpoint, text)
    if data:
        return run_local(memory_dataset(data, base=base), text)
    return run_local(open_store(store or DEFAULT_STORE, create=False), text)


def write(text: str, fmt: str, out: BinaryIO, *, store: str | Path | None = None, data: Iterable[str | Path] = (),
          endpoint: str | None = None, base: str = DEFAULT_BASE, name: str | None = None,
          values: dict[str, str] | None = None) -> None:
    """Write the rows of the SELECT query *text* to the binary *out* as ``csv`` or ``json``,
    from where the data is (as :func:`run`). From a local store the rows stream, written by
    Oxigraph's own writers as they come (:mod:`govkg.query.stream`), batch by batch of notice
    graphs for the saved query *name* (*text* bound to *values*) when it is one of
    :data:`~govkg.query.stream.PLANS`; the answer of one of :data:`govkg.query.cache.CACHED`
    is the one worked out when the store was written, if the store still holds what it did; from
    an endpoint they are read whole and written the same way.

    :raises QueryError: as :func:`run`.
    """
    from govkg.query.output import render
    from govkg.query.stream import PLANS, write_local
    from govkg.store.graphs import DEFAULT_STORE, memory_dataset, open_store

    data = list(data)
    if sum(map(bool, (store, data, endpoint))) > 1:
        raise ValueError("give one of store, data or endpoint")
    if endpoint:
        out.write(render(run_endpoint(endpoint, text), fmt).encode("utf-8"))
        out.flush()
        return
    db = memory_dataset(data, base=base) if data else open_store(store or DEFAULT_STORE, create=False)
    if not data:  # an aggregate worked out when the store was written, if it still holds
        from govkg.query.cache import write_cached

        if write_cached(db, store or DEFAULT_STORE, name, text, fmt, out):
            return
    if name in PLANS:
        values = {**saved_query(name).defaults, **(values or {})}
    write_local(db, text, fmt, out, plan=PLANS.get(name) if name else None, values=values)


def run_local(store, text: str) -> Result:
    """Run a SELECT query on a :class:`pyoxigraph.Store`.

    :raises QueryError: when the query does not parse or is not a SELECT.
    """
    from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions

    try:
        solutions = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"query does not parse: {e}") from None
    if not isinstance(solutions, QuerySolutions):
        raise QueryError("only SELECT queries can be saved and run")
    variables = [v.value for v in solutions.variables]

    def value(t) -> Value:
        if isinstance(t, NamedNode):
            return Value("uri", t.value)
        if isinstance(t, Literal):
            if t.language:
                return Value("literal", t.value, lang=t.language)
            dt = t.datatype.value
            return Value("literal", t.value, datatype=None if dt.endswith("#string") else dt)
        if isinstance(t, BlankNode):
            return Value("bnode", t.value)
        raise QueryError(f"unexpected term {t!r} in results")

    # a result repeats its terms (units, roles, notices) from row to row: one Value per term
    seen: dict = {}
    rows = []
    for solution in solutions:
        row = {}
        for v, t in zip(variables, solution):
            if t is not None:
                cell = seen.get(t)
                if cell is None:
                    cell = seen[t] = value(t)
                row[v] = cell
        rows.append(row)
    return Result(variables, rows)


_BOOLEAN = XSD.boolean.value


def run_endpoint(url: str, text: str, *, timeout: int = 60) -> Result:
    """Run a SELECT query on a SPARQL 1.1 endpoint through SPARQLWrapper.

    :raises QueryError: when the endpoint cannot be reached or refuses the query (its URL said).
    """
    import socket
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed, SPARQLWrapperException

    if not url.startswith(("http://", "https://")):
        raise QueryError(f"SPARQL endpoint URL {url!r} must start with http:// or https://")
    hint = "; is it the SPARQL query endpoint (Oxigraph: http://HOST:PORT/query)?"
    client = SPARQLWrapper(url)
    client.setQuery(text)
    # SPARQLWrapper guesses the query type from the first keyword it finds, comments included
    # ("Workload" reads as LOAD, and the query would be sent as an update): saved queries are SELECTs
    client.queryType = SELECT
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        data = client.queryAndConvert()
    except HTTPError as e:
        raise QueryError(f"SPARQL endpoint {url} answered HTTP {e.code} {e.reason}{hint}") from None
    except (socket.timeout, TimeoutError):
        raise QueryError(f"SPARQL endpoint {url} did not answer within {timeout} s") from None
    except (URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise QueryError(f"cannot reach SPARQL endpoint {url}: {reason}; is the server running?") from None
    except EndPointNotFound:
        raise QueryError(f"no SPARQL endpoint at {url} (HTTP 404){hint}") from None
    except QueryBadFormed as e:
        raise QueryError(f"SPARQL endpoint {url} refused the query as malformed: {_response_line(e)}") from None
    except SPARQLWrapperException as e:
        raise QueryError(f"SPARQL endpoint {url} refused the query: {_response_line(e)}") from None
    except ValueError:  # a body that claims to be JSON but is not
        raise QueryError(f"SPARQL endpoint {url} did not answer with SPARQL JSON results{hint}") from None
    if not isinstance(data, dict) or "head" not in data:
        raise QueryError(f"SPARQL endpoint {url} did not answer with SPARQL JSON results{hint}")
    variables = data["head"].get("vars", [])
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        row = {}
        for k, v in binding.items():
            kind = {"typed-literal": "literal"}.get(v["type"], v["type"])
            dt = v.get("datatype")
            if dt and dt.endswith("#string"):
                dt = None
            value = v["value"]
            if dt == _BOOLEAN:  # 1 and 0 are xsd:boolean's other lexical forms (Virtuoso's)
                value = {"1": "true", "0": "false"}.get(value, value)
            row[k] = Value(kind, value, v.get("xml:lang"), dt)
        rows.append(row)
    return Result(variables, rows)


def _response_line(error: Exception) -> str:
    """The first informative line of a SPARQLWrapper error (the server's own message if any)."""
    text = str(error)
    if "Response:" in text:
        body = text.split("Response:", 1)[1].strip()
        if body.startswith(("b'", 'b"')):
            body = body[2:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
        line = body.strip().splitlines()[0] if body.strip() else ""
        if line:
            return line[:200]
    return text.splitlines()[0][:200]

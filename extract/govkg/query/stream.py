"""Streaming a saved query's rows from a local store as CSV or SPARQL JSON, written by
Oxigraph's own result writers, in the order the query's ``ORDER BY`` gives.

A listing whose rows fall apart by notice graph is run one batch of notice graphs at a time
(:class:`ByNoticeGraph`): each ``GRAPH ?g`` of the query is limited to the batch, so each batch
sorts only its own rows, and the batches come in the order of the query's first sort key (a
document of the notice graph). Its first rows are written while later batches are still to run.
Every other query is run whole, and its rows written as Oxigraph yields them.

The bytes are govkg's CSV (a header row, then the rows, each ended by ``"\\n"``; a field with a
comma, a quote, a line feed or a carriage return quoted, quotes doubled) and compact SPARQL 1.1
results JSON — what :func:`govkg.query.output.render` writes for the same rows from an endpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from govkg.errors import QueryError
from govkg.rdf.sparql import _blank_strings, _closing, bind_values, blank_comments

# -- the writers ---------------------------------------------------------------------------------


class _Csv:
    """Oxigraph's CSV results (rows ended by CRLF) as govkg's: the header once, then the rows of
    every batch, each ended by LF. A CRLF inside a quoted field is kept."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.quoted = False  # inside a quoted field
        self.cr = False  # a CR held back at the end of the last chunk, outside quotes
        self.skip = b""  # the header still to drop from this batch
        self.header: bytes | None = None

    def begin(self, variables: list[str]) -> None:
        header = ",".join(variables).encode() + b"\r\n"
        if self.header is None:
            self.header = header
            self.out.write(header[:-2] + b"\n")
        self.skip = header

    def write(self, b: bytes) -> int:
        n = len(b)
        if self.skip:
            k = min(len(self.skip), len(b))
            if b[:k] != self.skip[:k]:
                raise QueryError("unexpected CSV header from the store")
            self.skip, b = self.skip[k:], b[k:]
        if not b:
            return n
        if self.cr:
            b, self.cr = b"\r" + b, False
        if not self.quoted and b'"' not in b:
            if b.endswith(b"\r"):
                b, self.cr = b[:-1], True
            self.out.write(b.replace(b"\r\n", b"\n"))
            return n
        parts = b.split(b'"')
        inside = self.quoted
        for i, part in enumerate(parts):
            if not inside:
                if i == len(parts) - 1 and part.endswith(b"\r"):
                    part, self.cr = part[:-1], True
                parts[i] = part.replace(b"\r\n", b"\n")
            inside = not inside
        self.quoted = not inside
        self.out.write(b'"'.join(parts))
        return n

    def end(self) -> None:
        if self.cr:  # a lone CR outside quotes (none in Oxigraph's CSV, kept all the same)
            self.out.write(b"\r")
            self.cr = False

    def finish(self) -> None:
        self.out.flush()

    def flush(self) -> None:
        pass


class _Json:
    """Oxigraph's SPARQL JSON results of each batch spliced into one document: the head once,
    the bindings of every batch in one array, then a line feed."""

    TAIL = b"]}}"

    def __init__(self, out: BinaryIO):
        self.out = out
        self.head: bytes | None = None
        self.skip = b""
        self.held = b""  # the last bytes of the batch, its closing ]}} once it is done
        self.rows = False  # a binding written already (the next batch's first one needs a comma)
        self.fresh = True  # nothing of this batch's bindings written yet

    def begin(self, variables: list[str]) -> None:
        head = (b'{"head":{"vars":[' + b",".join(json.dumps(v).encode() for v in variables)
                + b']},"results":{"bindings":[')
        if self.head is None:
            self.head = head
            self.out.write(head)
        self.skip, self.held, self.fresh = head, b"", True

    def write(self, b: bytes) -> int:
        n = len(b)
        if self.skip:
            k = min(len(self.skip), len(b))
            if b[:k] != self.skip[:k]:
                raise QueryError("unexpected JSON results from the store")
            self.skip, b = self.skip[k:], b[k:]
        b = self.held + b
        self.held, b = b[-len(self.TAIL):], b[:-len(self.TAIL)]
        if b:
            if self.fresh and self.rows:
                self.out.write(b",")
            self.fresh, self.rows = False, True
            self.out.write(b)
        return n

    def end(self) -> None:
        if self.held != self.TAIL:
            raise QueryError("unexpected end of the JSON results from the store")

    def finish(self) -> None:
        self.out.write(self.TAIL + b"\n")
        self.out.flush()

    def flush(self) -> None:
        pass


# -- batches of notice graphs --------------------------------------------------------------------

_PREFIXES = """PREFIX govkg: <https://w3id.org/govkg/ns#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
#: the document of each task, with the notice graph that holds it
TASK_DOCUMENTS = _PREFIXES + "SELECT DISTINCT ?key ?g WHERE { GRAPH ?g { ?task govkg:document ?key } }"
#: the document of each task assigned to a unit written so (unit-profile's parameter), with its
#: notice graph: the units looked up by their names, their assignments, the tasks of these
UNIT_DOCUMENTS = _PREFIXES + """SELECT DISTINCT ?key ?g WHERE {
  { SELECT DISTINCT ?g ?assignment WHERE {
      { SELECT DISTINCT ?unit WHERE { GRAPH ?labels { ?unit skos:prefLabel|skos:altLabel ?_unit_zh } } }
      GRAPH ?g { ?assignment govkg:unit ?unit } } }
  GRAPH ?g { ?task govkg:assignment ?assignment ; govkg:document ?key }
}"""
#: each document that cites, with the notice graph that holds it
CITING_DOCUMENTS = _PREFIXES + "SELECT DISTINCT ?key ?g WHERE { GRAPH ?g { ?key eli:cites ?cited } }"

_GRAPH_G = re.compile(r"\bGRAPH\s+\?g\s*\{", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_ORDER = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def only_graphs(text: str, graphs: list[str]) -> str:
    """*text* with each ``GRAPH ?g { … }`` limited to *graphs* (IRIs): it becomes
    ``{ VALUES ?g { <g1> … } GRAPH ?g { … } }``, which Oxigraph evaluates graph by graph through
    its graph-first indexes. Other graph variables (``GRAPH ?c``) still range over every graph.

    >>> print(only_graphs('SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }', ["https://x/g"]))
    SELECT * WHERE { { VALUES ?g { <https://x/g> } GRAPH ?g { ?s ?p ?o } } }
    """
    code = _blank_strings(blank_comments(text))
    values = "{ VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
    spans = [(m.start(), _closing(code, m.end())) for m in _GRAPH_G.finditer(code)]
    for start, end in reversed(spans):
        text = text[:start] + values + text[start:end + 1] + " }" + text[end + 1:]
    return text


@dataclass(frozen=True)
class ByNoticeGraph:
    """How to run a listing one batch of notice graphs at a time and keep its order.

    It holds for a query whose rows each come from one notice graph — its ``GRAPH ?g`` patterns,
    joined on the same nodes, which are a notice's own (a task, an assignment, a citation: their
    IRIs are the notice's) — plus facts that every notice graph states alike (a unit's one name,
    which the shapes put in each graph that names the unit); and whose ``ORDER BY`` starts with
    the variable *key* (after the variables of the *passes*, if any), a document that *keys*
    lists with its notice graph. A batch is a run of documents in order, with their graphs.

    Its query is the saved query with each ``GRAPH ?g`` limited to the batch's graphs, and
    ``VALUES (?key ?govkgRank) { (<d1> 1) … }`` joined to its ``WHERE``: only the batch's
    documents, each with its place in the order, and ``?key`` in the ``ORDER BY`` becomes
    ``?govkgRank`` — the same order, by a number Oxigraph compares without reading two IRIs
    from disk, as it does for each comparison of ``?document``.
    """

    keys: str  # SELECT ?key ?g: each row's first sort key (an IRI) and the notice graph that holds it
    key: str = "document"
    #: values bound one after the other before the key (a first sort key of a few constants, in
    #: its order): the batches are run once for each
    passes: tuple[dict[str, str], ...] = field(default=({},))

    def batches(self, store, values: dict[str, str] | None = None, first: int = 4,
                most: int = 32) -> Iterator[list[tuple[str, str]]]:
        """The (key, notice graph) pairs in the order of their keys, in batches: small at first
        (the first rows come soon), larger after. A batch ends only where two keys differ, and,
        where it can, where no graph has keys on both sides (so that none is read twice). The
        *values* of the saved query's parameters are bound in *keys* too."""
        from govkg.query.saved import parse_query

        keys = parse_query("keys", self.keys)
        keys = keys.bind({p.name: v for p in keys.params for k, v in (values or {}).items() if k == p.name})
        pairs = sorted((row[0].value, row[1].value) for row in store.query(keys))
        last = {g: i for i, (_, g) in enumerate(pairs)}
        batch: list[tuple[str, str]] = []
        graphs: set[str] = set()
        reach, size = -1, first
        for i, (key, g) in enumerate(pairs):
            batch.append((key, g))
            graphs.add(g)
            reach = max(reach, last[g])
            if i + 1 < len(pairs) and pairs[i + 1][0] == key:
                continue
            if len(graphs) >= size and (reach == i or len(graphs) >= 4 * size):
                yield batch
                batch, graphs, size = [], set(), min(most, size * 2)
        if batch:
            yield batch

    def text(self, text: str, batch: list[tuple[str, str]]) -> str:
        """The query *text* for *batch*."""
        graphs = list(dict.fromkeys(g for _, g in batch))
        keys = list(dict.fromkeys(k for k, _ in batch))
        code = _blank_strings(blank_comments(text))
        where = _WHERE.search(code)
        order = _ORDER.search(code, _closing(code, where.end()))
        if not order or not re.search(rf"\?{self.key}\b", code[order.end():]):
            raise QueryError(f"the query is not ordered by ?{self.key}")
        end = _closing(code, where.end())
        rows = " ".join(f"(<{k}> {i})" for i, k in enumerate(keys))
        text = (text[:end] + f"\n  VALUES (?{self.key} ?govkgRank) {{ {rows} }}\n" + text[end:order.end()]
                + re.sub(rf"\?{self.key}\b", "?govkgRank", text[order.end():], count=1))
        return only_graphs(text, graphs)


#: the listings that stream batch by batch
PLANS: dict[str, ByNoticeGraph] = {
    "responsibilities": ByNoticeGraph(TASK_DOCUMENTS),
    "tasks-matching-keyword": ByNoticeGraph(TASK_DOCUMENTS),
    "unit-profile": ByNoticeGraph(UNIT_DOCUMENTS),
    "triggered-tasks": ByNoticeGraph(TASK_DOCUMENTS, passes=({"kind": '"trigger"'}, {"kind": '"promptness"'})),
    "citations": ByNoticeGraph(CITING_DOCUMENTS),
}


# -- running ------------------------------------------------------------------------------------


def _solutions(store, text: str):
    from pyoxigraph import QuerySolutions

    try:
        solutions = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"query does not parse: {e}") from None
    if not isinstance(solutions, QuerySolutions):
        raise QueryError("only SELECT queries can be saved and run")
    return solutions


def write_local(store, text: str, fmt: str, out: BinaryIO, *, plan: ByNoticeGraph | None = None,
                values: dict[str, str] | None = None, sizes: tuple[int, int] = (4, 32)) -> None:
    """Write the rows of the SELECT query *text* on the pyoxigraph *store* to the binary *out*,
    as ``csv`` or ``json`` (*fmt*), batch by batch by *plan* when one is given (*text* is the
    saved query bound to *values*, which its *keys* are bound to as well; *sizes*: the notice
    graphs of the first batch and of the largest).

    :raises QueryError: when the query does not parse or is not a SELECT.
    """
    from pyoxigraph import QueryResultsFormat

    writer = _Csv(out) if fmt == "csv" else _Json(out)
    kind = QueryResultsFormat.CSV if fmt == "csv" else QueryResultsFormat.JSON
    if plan is None:
        texts: Iterator[str] = iter([text])
    else:
        texts = (plan.text(bind_values(text, bound) if bound else text, batch)
                 for bound in plan.passes for batch in plan.batches(store, values, *sizes))
    started = False
    for t in texts:
        solutions = _solutions(store, t)
        writer.begin([v.value for v in solutions.variables])
        solutions.serialize(output=writer, format=kind)
        writer.end()
        out.flush()
        started = True
    if not started:  # no notice graph at all: the query's header and no row
        solutions = _solutions(store, text)
        writer.begin([v.value for v in solutions.variables])
        solutions.serialize(output=writer, format=kind)
        writer.end()
    writer.finish()

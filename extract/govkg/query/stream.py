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


# -- batches of units, sorted here ----------------------------------------------------------------

#: each unit named in any notice graph, with its name (none if no graph names it)
UNIT_NAMES = _PREFIXES + """SELECT DISTINCT ?name ?unit WHERE {
  { SELECT DISTINCT ?unit WHERE { GRAPH ?g { ?x govkg:unit ?unit } } }
  OPTIONAL { SELECT DISTINCT ?unit ?name WHERE { GRAPH ?g { ?unit skos:prefLabel ?name } } }
}"""
#: each collective designation, with its name in each notice graph
COLLECTIVE_NAMES = _PREFIXES + """SELECT DISTINCT ?name ?unit WHERE {
  GRAPH ?g { ?unit a govkg:CollectiveDesignation ; skos:prefLabel ?name }
}"""

#: each task's deadline dates, with its notice graph (deadlines.rq)
DUE_DATES = _PREFIXES + """PREFIX time: <http://www.w3.org/2006/time#>
SELECT DISTINCT ?due ?task ?g WHERE { GRAPH ?g { ?task govkg:deadline ?deadline . ?deadline time:inXSDDate ?due } }"""

_ASCENDING = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)")


def order_key(term) -> tuple:
    """Where a term goes in ``ORDER BY`` (ascending), as Oxigraph puts it: unbound first, then
    blank nodes, IRIs and literals, each by its string (literals: then by language); only
    IRIs, string literals and dates without a time zone are compared here (:class:`ByLead`;
    a date compared with a string would be an error).

    >>> from pyoxigraph import Literal, NamedNode
    >>> terms = [Literal("b"), None, NamedNode("https://x/a"), Literal("a", language="zh")]
    >>> [t if t is None else t.value for t in sorted(terms, key=order_key)]
    [None, 'https://x/a', 'a', 'b']
    """
    from pyoxigraph import BlankNode, Literal, NamedNode

    if term is None:
        return (0, "", "")
    if isinstance(term, NamedNode):
        return (2, term.value, "")
    if isinstance(term, Literal) and term.datatype.value in _STRINGS:
        return (3, term.value, term.language or "")
    if isinstance(term, Literal) and term.datatype.value == _DATE and _PLAIN_DATE.fullmatch(term.value):
        return (4, term.value, "")  # dates of one form (no time zone) sort as their text
    if isinstance(term, BlankNode):
        return (1, term.value, "")
    raise QueryError(f"cannot sort {term!r} here")


_DATE = "http://www.w3.org/2001/XMLSchema#date"
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STRINGS = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


@dataclass(frozen=True)
class ByLead:
    """How to run a listing a few units at a time and keep its order, when its ``ORDER BY``
    starts with a unit's name and IRI (*lead*, e.g. ``?unitName ?unit``) and goes on with
    variables whose values are IRIs or strings (a task, a role): the rows fall apart by unit.

    *keys* lists every (name, unit) pair the rows may have (a superset); they are sorted here,
    and each batch — a run of pairs in order, small at first, larger after — is the saved query
    with ``VALUES ?unit { … }`` (the batch's units) put at the start of the group that *where*
    opens, the one that looks a unit up (so that Oxigraph starts from the batch's units), and
    without its ``ORDER BY``: Oxigraph's sort compares two IRIs or strings by reading both from
    disk, every comparison, where Python compares strings in memory. The batch's rows whose
    (name, unit) is the batch's are sorted here by the whole ``ORDER BY`` and written in
    govkg's CSV or JSON (:func:`govkg.query.output.render`'s bytes).
    """

    keys: str  # SELECT ?name ?unit (with graphs: ?name ?unit ?g)
    lead: tuple[str, str]  # the ORDER BY's first two variables: the unit's name, the unit
    where: str = ""  # a regular expression of the opening of each group that finds the units
    #: batches of notice graphs instead (keys lists each pair with the notice graph that holds its
    #: rows): each GRAPH ?g of a batch is limited to the batch's graphs (see :func:`only_graphs`)
    graphs: bool = False
    sizes: tuple[int, int, int] = (2, 4, 1 << 20)  # the first batch's pairs, growth, the largest

    def batches(self, store, first: int, most: int, growth: int = 2) -> list[list[tuple]]:
        """The (name, unit) pairs in order, in batches of *first* pairs, then each *growth* times
        the last, up to *most*."""
        pairs = sorted({tuple(row) for row in store.query(self.keys)},
                       key=lambda p: (order_key(p[0]), order_key(p[1]), p[2].value if self.graphs else ""))
        out, size = [], first
        while pairs:
            out.append(pairs[:size])
            pairs, size = pairs[size:], min(most, size * growth)
        return out

    def text(self, text: str, units) -> str:
        """*text* for a batch of *units* (with graphs: of notice graphs), without its ORDER BY."""
        code = _blank_strings(blank_comments(text))
        if self.graphs:  # (the last ORDER BY: a bound IRI's "#" would read as a comment's start)
            return only_graphs(text[:list(_ORDER.finditer(code))[-1].start()], [g.value for g in units])
        found = list(re.finditer(self.where, code))
        order = _ORDER.search(code, found[-1].end()) if found else None
        if not found or not order:
            raise QueryError("the query has no group to find the units in, or no ORDER BY")
        values = " VALUES ?" + self.lead[1] + " { " + " ".join(f"<{u.value}>" for u in units) + " } "
        text = text[:order.start()]
        for m in reversed(found):
            text = text[:m.end()] + values + text[m.end():]
        return text

    def order(self, text: str) -> list[str]:
        """The variables of the query's ``ORDER BY``, each ascending, the lead first."""
        code = _blank_strings(blank_comments(text))
        order = _ORDER.search(code)
        words = code[order.end():].split()
        names = [_ASCENDING.fullmatch(w) for w in words]
        if not names or not all(names) or tuple(n[1] for n in names[:2]) != self.lead:
            raise QueryError(f"the query is not ordered by ?{self.lead[0]} ?{self.lead[1]} and variables only")
        return [n[1] for n in names]

    def write(self, store, text: str, fmt: str, out: BinaryIO, sizes: tuple[int, int] | None = None) -> None:
        """Write the rows of *text* (the saved query) to *out*; *sizes*: the pairs of the first
        batch and of the largest (by default the plan's)."""
        from pyoxigraph import BlankNode, Literal, NamedNode

        from govkg.query.output import _csv_field
        from govkg.query.saved import Value

        order = self.order(text)
        cells: dict = {}

        def cell(t) -> Value:
            v = cells.get(t)
            if v is None:
                if isinstance(t, NamedNode):
                    v = Value("uri", t.value)
                elif isinstance(t, Literal):
                    dt = t.datatype.value
                    v = Value("literal", t.value, lang=t.language,
                              datatype=None if t.language or dt.endswith("#string") else dt)
                elif isinstance(t, BlankNode):
                    v = Value("bnode", t.value)
                else:
                    raise QueryError(f"unexpected term {t!r} in results")
                cells[t] = v
            return v

        variables = None
        wrote = False
        first, growth, most = self.sizes
        if sizes:
            first, most = sizes
        for batch in self.batches(store, first, most, growth) or [[]]:
            units = list(dict.fromkeys(p[2] if self.graphs else p[1] for p in batch))
            solutions = _solutions(store, self.text(text, units) if units else text)
            if variables is None:
                variables = [v.value for v in solutions.variables]
                at = [variables.index(v) for v in order]
                if fmt == "csv":
                    out.write(",".join(variables).encode() + b"\n")
                else:
                    out.write(b'{"head":{"vars":' + json.dumps(variables, separators=(",", ":")).encode()
                              + b'},"results":{"bindings":[')
            if not units:
                break
            lead = {p[:2] for p in batch}
            rows = [r for r in (tuple(s) for s in solutions) if (r[at[0]], r[at[1]]) in lead]
            rows.sort(key=lambda r: tuple(order_key(r[i]) for i in at))
            if fmt == "csv":
                chunk = "".join(",".join(_csv_field(None if t is None else cell(t)) for t in r) + "\n" for r in rows)
            else:
                chunk = ",".join(json.dumps({k: cell(t).as_json() for k, t in zip(variables, r) if t is not None},
                                            ensure_ascii=False, separators=(",", ":")) for r in rows)
                if chunk and wrote:
                    chunk = "," + chunk
                wrote = wrote or bool(rows)
            out.write(chunk.encode("utf-8"))
            out.flush()
        if fmt != "csv":
            out.write(b"]}}\n")
        out.flush()


#: the listings that stream batch by batch
PLANS: dict[str, ByNoticeGraph | ByLead] = {
    "responsibilities": ByNoticeGraph(TASK_DOCUMENTS),
    "tasks-matching-keyword": ByNoticeGraph(TASK_DOCUMENTS),
    "unit-profile": ByNoticeGraph(UNIT_DOCUMENTS),
    "triggered-tasks": ByNoticeGraph(TASK_DOCUMENTS, passes=({"kind": '"trigger"'}, {"kind": '"promptness"'})),
    "citations": ByNoticeGraph(CITING_DOCUMENTS),
    "recurring-obligations": ByLead(UNIT_NAMES, ("unitName", "unit"),
                                    r"\{\s*SELECT\s+\?assignment\s+\?unit\s+WHERE\s*\{",
                                    # each batch reads the properties whole (~0.6 s): two batches
                                    sizes=(4, 1 << 20, 1 << 20)),
    "collective-assignments": ByLead(COLLECTIVE_NAMES, ("collectiveName", "collective"), r"\bWHERE\s*\{"),
    "deadlines": ByLead(DUE_DATES, ("due", "task"), graphs=True, sizes=(8, 8, 1 << 20)),
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


def write_local(store, text: str, fmt: str, out: BinaryIO, *, plan: ByNoticeGraph | ByLead | None = None,
                values: dict[str, str] | None = None, sizes: tuple[int, int] | None = None) -> None:
    """Write the rows of the SELECT query *text* on the pyoxigraph *store* to the binary *out*,
    as ``csv`` or ``json`` (*fmt*), batch by batch by *plan* when one is given (*text* is the
    saved query bound to *values*, which its *keys* are bound to as well; *sizes*: the notice
    graphs of the first batch and of the largest).

    :raises QueryError: when the query does not parse or is not a SELECT.
    """
    from pyoxigraph import QueryResultsFormat

    if isinstance(plan, ByLead):
        plan.write(store, text, fmt, out, *([sizes] if sizes else []))
        return
    writer = _Csv(out) if fmt == "csv" else _Json(out)
    kind = QueryResultsFormat.CSV if fmt == "csv" else QueryResultsFormat.JSON
    if plan is None:
        texts: Iterator[str] = iter([text])
    else:
        texts = (plan.text(bind_values(text, bound) if bound else text, batch)
                 for bound in plan.passes for batch in plan.batches(store, values, *(sizes or (4, 32))))
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

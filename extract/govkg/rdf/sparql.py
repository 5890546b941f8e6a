"""SPARQL text without injection: values become escaped terms, bound through ``VALUES``.

Every query govkg runs with a value in it — a saved query's parameters, the notice to remove,
the focus of a violation — gets the value from here: :func:`sparql_term` escapes it so that it
can never change the query's shape, and :func:`bind_values` puts ``VALUES ?var { term }`` at
the start of each ``WHERE`` group that uses the variable.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from govkg.errors import BadValue
from govkg.rdf.vocab import XSD

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(text: str, terms: dict[str, str]) -> str:
    """*text* with each variable of *terms* (name without ``?``: a term from :func:`sparql_term`
    or :func:`term`) bound by a ``VALUES`` row at the start of every ``WHERE`` group that uses
    it; *text* itself when no group does.

    >>> print(bind_values('SELECT ?t WHERE { ?t ?p ?unit }', {"unit": sparql_term("区财政局")}))
    SELECT ?t WHERE {
      VALUES ?unit { "区财政局" } ?t ?p ?unit }
    """
    code = _blank_strings(blank_comments(text))
    inserts = []
    for m in _WHERE.finditer(code):
        group = code[m.end():_closing(code, m.end())]
        rows = [f"VALUES ?{v} {{ {t} }}" for v, t in terms.items() if re.search(rf"\?{v}\b", group)]
        if rows:
            inserts.append((m.end(), "\n  " + "\n  ".join(rows)))
    for at, block in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text


def term(node: NamedNode | Literal) -> str:
    """An IRI or a literal of pyoxigraph as a SPARQL term (N-Triples syntax, escaped).

    >>> term(NamedNode("https://x/a")), term(Literal("x\\"y", language="zh"))
    ('<https://x/a>', '"x\\\\"y"@zh')
    """
    if not isinstance(node, (NamedNode, Literal)):
        raise TypeError(f"no SPARQL term for a {type(node).__name__} in VALUES")
    return str(node)


def sparql_term(value: str, kind: str = "string", name: str = "value") -> str:
    """*value* as a SPARQL term, escaped so that it can never change the query's shape.

    :raises BadValue: when *value* is not of its *kind* (``iri``, ``integer``, ``date``);
        *name* names it.

    >>> sparql_term('区财政局'), sparql_term('x" } ; DROP ALL #')
    ('"区财政局"', '"x\\\\" } ; DROP ALL #"')
    >>> sparql_term("42", "integer")
    '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if kind == "iri":
        if not re.fullmatch(r"[^\s<>\"{}|\\^`]+:[^\s<>\"{}|\\^`]*", value):
            raise BadValue(name, value, "is not an IRI")
        return f"<{value}>"
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise BadValue(name, value, "is not an integer")
        return f'"{value}"^^<{XSD}integer>'
    if kind == "zh":
        return sparql_term(value, "string", name) + "@zh"
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not _valid_date(value):
            raise BadValue(name, value, "is not a date; write it as YYYY-MM-DD")
        return f'"{value}"^^<{XSD}date>'
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def _valid_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _closing(code: str, start: int) -> int:
    """The index of the ``}`` that closes the group opened just before *start*."""
    depth = 1
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(code)


def _blank_strings(code: str) -> str:
    """*code* with the insides of string literals blanked (same length), so braces in them are not seen."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: '"' + " " * (len(m[0]) - 2) + '"', code)


def blank_comments(text: str) -> str:
    """*text* with ``#`` comments blanked out (same length), so keywords in them are not seen."""
    return re.sub(r"(?m)#.*$", lambda m: " " * len(m[0]), text)

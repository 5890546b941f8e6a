"""Removing notices from the embedded store (building it is :func:`govkg.batch.build`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode

from govkg.errors import GovkgError
from govkg.iris import NS
from govkg.store import open_store


_FIND = f"""
PREFIX govkg: <{NS}>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{
  ?g a govkg:NoticeGraph ; dcterms:source ?source .
  OPTIONAL {{ ?source govkg:fileName ?file }}
  OPTIONAL {{ ?document eli:number ?number . ?source eli:embodies ?expression .
             FILTER (?expression = IRI(CONCAT(STR(?document), "/zh"))) }}
}}
  FILTER (STR(?g) = ?key || STR(?g) = CONCAT(?key, "/graph") || ?file = ?key || STR(?number) = ?key)
}}"""


def remove_notices(store_dir: str | Path, names: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Remove notices from the embedded store; each is named by its IRI, its graph's IRI, its
    发文字号 or its source file's name. Return each name with the graphs removed.

    :raises GovkgError: when a name matches no notice in the store (nothing is removed then).
    """
    from govkg.queries import sparql_term

    store = open_store(store_dir, create=False)
    found = []
    for name in names:
        key = Path(name).name if "/" in name and not name.startswith(("http://", "https://")) else name
        query = _FIND.replace("SELECT DISTINCT ?g WHERE {", f"SELECT DISTINCT ?g WHERE {{ VALUES ?key {{ {sparql_term(key)} }}", 1)
        graphs = sorted(row["g"].value for row in store.query(query))
        if not graphs:
            raise GovkgError(f"no notice {name!r} in {store_dir}; name it by IRI, 发文字号 or source file name "
                             "(govkg query notices --store DIR lists them)")
        found.append((name, graphs))
    for _, graphs in found:
        for g in graphs:
            store.remove_graph(NamedNode(g))
    store.flush()
    return found

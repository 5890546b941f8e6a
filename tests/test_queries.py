"""The saved queries: well-formed, documented, answering on the sample, and safe to bind."""

from __future__ import annotations

import pytest

from govkg.errors import QueryError
from govkg.queries import run_local, saved_queries, saved_query, sparql_term

QUERIES = [q.name for q in saved_queries()]


def test_the_contract_queries_exist():
    assert {"responsibilities", "recurring-obligations"} <= set(QUERIES)
    assert len(QUERIES) >= 6


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_has_a_summary_and_answers_on_the_sample(name, sample_store):
    q = saved_query(name)
    assert q.summary, f"{name} has no #+ summary"
    assert q.tags, f"{name} has no #+ tags"
    for p in q.params:
        assert p.name in q.defaults or not p.required, f"{name}: required ?_{p.name} has no #+ defaults"
    result = run_local(sample_store, q.bind())
    assert result.rows, f"{name} returns no row on the sample corpus"


def test_a_parameter_value_cannot_change_the_query(sample_store):
    q = saved_query("unit-profile")
    hostile = '区财政局" } } UNION { GRAPH ?x { ?s ?p ?o } } #'
    text = q.bind({"unit": hostile})
    assert text.count("UNION") == 0 or text.index("UNION") > text.index(sparql_term(hostile))
    assert run_local(sample_store, text).rows == []


def test_parameter_errors():
    q = saved_query("unit-profile")
    with pytest.raises(QueryError, match="no parameter colour"):
        q.bind({"colour": "red"})
    with pytest.raises(QueryError, match="is not an integer"):
        sparql_term("1; DROP", "integer")
    with pytest.raises(QueryError, match="is not an IRI"):
        sparql_term("x> } <y", "iri")


def test_queries_answer_across_notices(sample_store):
    """A unit named in several notices is one node: its tasks come from each of them."""
    rows = run_local(sample_store, saved_query("unit-profile").bind({"unit": "财政部"})).plain_dicts()
    documents = {r["document"] for r in rows}
    assert len(documents) >= 4 and {r["unitName"] for r in rows} == {"财政部"}

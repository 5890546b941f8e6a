"""The saved queries: well-formed, documented, answering on the sample, and safe to bind."""

from __future__ import annotations

import re

import pytest

from govkg.errors import BadValue, GovkgError, MissingParameter, QueryError
from govkg.query.saved import parse_query, run, run_local, saved_queries, saved_query
from govkg.rdf.sparql import _closing, sparql_term

QUERIES = [q.name for q in saved_queries()]
HOSTILE = '区财政局" } } UNION { GRAPH ?x { ?s ?p ?o } } #'


def test_the_library_holds_the_questions_it_promises():
    assert len(QUERIES) >= 12
    assert {"responsibilities", "recurring-obligations", "recurring-by-unit", "unit-workload", "shared-tasks",
            "deadlines", "notices-in-force", "citations", "cited-not-in-graph", "unit-profile",
            "tasks-matching-keyword"} <= set(QUERIES)


def _code(text: str) -> str:
    """The query without comments and with string literals blanked (same length)."""

    def blank(m: re.Match) -> str:
        if m[0].startswith("<"):
            return m[0]
        if m[0].startswith("#"):
            return " " * len(m[0])
        return '"' + " " * (len(m[0]) - 2) + '"'

    return re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>|#[^\n]*', blank, text)


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_has_a_summary_and_answers_on_the_sample(name, sample_store):
    q = saved_query(name)
    assert q.summary, f"{name} has no #+ summary"
    assert q.tags, f"{name} has no #+ tags"
    for p in q.params:
        assert p.name in q.defaults or not p.required, f"{name}: required ?_{p.name} has no #+ defaults"
    result = run_local(sample_store, q.bind())
    assert result.rows, f"{name} returns no row on the sample corpus"


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_orders_its_rows(name):
    """Rows compare row for row between engines only when the query fixes their order."""
    code = _code(saved_query(name).text)
    outer = code[code.rindex("}"):] if "}" in code else ""
    assert re.search(r"\bORDER\s+BY\b", outer, re.IGNORECASE), f"{name} has no ORDER BY after its WHERE"


@pytest.mark.parametrize("name", [n for n in QUERIES if saved_query(n).params])
def test_parameters_are_filtered_at_the_top_level_of_their_where_group(name):
    """The VALUES block that binds a parameter joins the WHERE group it is put in; a FILTER or
    BIND on the parameter inside a nested group would be evaluated before that join and see it
    unbound. (A triple pattern may use it anywhere.)"""
    q = saved_query(name)
    code = _code(q.text)
    groups = [(m.end(), _closing(code, m.end())) for m in re.finditer(r"\bWHERE\s*\{", code, re.IGNORECASE)]
    for p in q.params:
        for m in re.finditer(re.escape("?" + p.variable) + r"\b", code):
            line = code[code.rfind("\n", 0, m.start()) + 1:m.start()].strip()
            if not re.match(r"(FILTER|BIND)\b", line, re.IGNORECASE):
                continue
            start = max(s for s, e in groups if s <= m.start() <= e)
            between = code[start:m.start()]
            assert between.count("{") == between.count("}"), f"{name}: ?{p.variable} is filtered in a nested group"


@pytest.mark.parametrize("name", [n for n in QUERIES if saved_query(n).params])
def test_a_parameter_value_cannot_change_the_query(name, sample_store):
    q = saved_query(name)
    for p in q.params:
        if p.kind in ("string", "zh"):
            text = q.bind({p.name: HOSTILE})
            code, plain = _code(text), _code(q.text)  # string literals blanked
            added = code.count("VALUES") - plain.count("VALUES")
            assert added >= 1 and code.count("UNION") == plain.count("UNION")
            assert (code.count("{"), code.count("}")) == (plain.count("{") + added, plain.count("}") + added)
            assert f"VALUES ?{p.variable} {{ {sparql_term(HOSTILE, p.kind)} }}" in text
            assert run_local(sample_store, text).rows == []
        else:
            with pytest.raises(BadValue, match=f"^{p.name}: "):
                q.bind({p.name: HOSTILE})


def test_the_sample_hostile_value_finds_nothing(sample_store):
    assert run_local(sample_store, saved_query("unit-profile").bind({"unit": HOSTILE})).rows == []
    assert run_local(sample_store, saved_query("tasks-matching-keyword").bind({"keyword": HOSTILE})).rows == []


def test_optional_parameters_narrow_the_rows(sample_store):
    q = saved_query("deadlines")
    assert {p.name: (p.kind, p.required) for p in q.params} == {"from": ("date", False), "to": ("date", False)}
    every = run_local(sample_store, q.bind()).plain_dicts()
    some = run_local(sample_store, q.bind({"from": "2019-01-01", "to": "2019-12-31"})).plain_dicts()
    assert some and len(some) < len(every)
    assert all("2019-01-01" <= r["due"] <= "2019-12-31" for r in some)
    assert [r for r in every if "2019-01-01" <= r["due"] <= "2019-12-31"] == some
    later = run_local(sample_store, q.bind({"from": "2019-01-01"})).plain_dicts()
    assert later == [r for r in every if r["due"] >= "2019-01-01"]


def test_parameter_errors():
    q = saved_query("unit-profile")
    with pytest.raises(QueryError, match="no parameter colour"):
        q.bind({"colour": "red"})
    with pytest.raises(BadValue, match=r"^value: '1; DROP' is not an integer$"):
        sparql_term("1; DROP", "integer")
    with pytest.raises(BadValue, match=r"^value: 'x> } <y' is not an IRI$"):
        sparql_term("x> } <y", "iri")
    with pytest.raises(BadValue, match=r"^from: '2019-02-30' is not a date; write it as YYYY-MM-DD$"):
        sparql_term("2019-02-30", "date", "from")
    with pytest.raises(MissingParameter, match=r"^query 'k' needs keyword=VALUE$"):
        parse_query("k", "SELECT * WHERE { ?s ?p ?o FILTER (CONTAINS(?o, ?_keyword)) } ORDER BY ?s").bind()


def test_a_query_runs_where_the_data_is(sample_graphs, sample_store, tmp_path):
    text = saved_query("unit-names").bind()
    assert run(text, data=[sample_graphs]).rows == run_local(sample_store, text).rows
    with pytest.raises(GovkgError, match=f"^{tmp_path / 'none'}: no store here"):
        run(text, store=tmp_path / "none")
    with pytest.raises(ValueError, match="give one of store, data or endpoint"):
        run(text, store=tmp_path, data=[sample_graphs])


def test_an_unknown_query_names_the_saved_ones():
    with pytest.raises(QueryError, match="no saved query 'nope'; the saved queries are: citations, "):
        saved_query("nope")


def test_queries_answer_across_notices(sample_store):
    """A unit named in several notices is one node: its tasks come from each of them."""
    rows = run_local(sample_store, saved_query("unit-profile").bind({"unit": "财政部"})).plain_dicts()
    documents = {r["document"] for r in rows}
    assert len(documents) >= 4 and {r["unitName"] for r in rows} == {"财政部"}


# -- what grlc does with the same files --------------------------------------------------------

def _header(text: str) -> str:
    """The ``#+`` lines as grlc reads them: the prefix cut, the rest one YAML document."""
    return "\n".join(line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines()
                     if line.startswith("#+"))


@pytest.mark.parametrize("name", QUERIES)
def test_every_header_is_yaml_the_way_grlc_reads_it(name):
    import yaml

    q = saved_query(name)
    doc = yaml.safe_load(_header(q.text))
    assert isinstance(doc, dict) and doc["summary"] == q.summary
    assert doc.get("tags", []) == q.tags


def _as_grlc_would(q, values: dict[str, str]) -> str:
    """The query with each given parameter's value written into the text wherever its variable
    stands (grlc's substitution); parameters not given are left as they are."""
    text = q.text
    for p in q.params:
        if p.name in values:
            text = re.sub(rf"\?{p.variable}\b", lambda m: sparql_term(values[p.name], p.kind, p.name), text)
    return text


@pytest.mark.parametrize("name, values", [
    ("notices-in-force", {"status": "unknown"}),
    ("recurring-by-unit", {"frequency": "monthly"}),
    ("deadlines", {"from": "2018-01-01"}),
    ("deadlines", {"to": "2018-06-30"}),
    ("deadlines", {"from": "2019-01-01", "to": "2019-12-31"}),
])
def test_optional_parameters_survive_text_substitution(name, values, sample_store):
    q = saved_query(name)
    ours = run_local(sample_store, q.bind(values)).plain()
    theirs = run_local(sample_store, _as_grlc_would(q, values)).plain()
    unbound = run_local(sample_store, q.bind()).plain()
    assert ours == theirs and 0 < len(ours) < len(unbound)


def test_grlc_datatype_suffixes_are_parameters_of_that_kind():
    q = parse_query("x", "SELECT * WHERE { ?s ?p ?__from_xsd_date . ?s ?q ?_n_xsd_integer . ?s ?r ?_u_zh }")
    assert [(p.name, p.kind, p.required) for p in q.params] == [("from", "date", False), ("n", "integer", True),
                                                                 ("u", "zh", True)]

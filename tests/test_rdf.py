"""The RDF mapping: deterministic, traceable, and held to the shapes."""

from __future__ import annotations

import pytest
import rdflib
from conftest import CORPUS

from govkg import extract_file
from govkg.check.shacl import to_rdflib, validate_graph
from govkg.rdf.mapping import notice_node, notice_quads
from govkg.rdf.vocab import span_of_evidence
from govkg.store.graphs import serialize_graph

GOV = rdflib.Namespace("https://w3id.org/govkg/ns#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")


@pytest.fixture(scope="module")
def heping():
    return extract_file(CORPUS / "heping-2017-9.txt")


@pytest.fixture()
def graph(heping) -> rdflib.Graph:
    return to_rdflib(notice_quads(heping))


def test_same_input_same_bytes(heping):
    again = extract_file(CORPUS / "heping-2017-9.txt")
    assert serialize_graph(notice_quads(heping)) == serialize_graph(notice_quads(again))


def test_one_named_graph_no_blank_nodes(heping):
    quads = notice_quads(heping)
    assert {q.graph_name.value for q in quads} == {notice_node(heping).value + "/graph"}
    assert not any(type(t).__name__ == "BlankNode" for q in quads for t in (q.subject, q.object))


def test_notice_iri_follows_eli_and_the_doc_number(heping):
    assert notice_node(heping).value == "https://govkg.example/eli/cn-120101/和平政办/2017/9"


def _span(graph, fact):
    (ev,) = graph.objects(fact, GOV.evidence)
    source, start, end = span_of_evidence(str(ev))
    return source, start, end


def test_every_fact_points_at_its_source_characters(heping, graph):
    for fact in graph.subjects(rdflib.RDF.type, GOV.Assignment):
        source, start, end = _span(graph, fact)
        assert source == notice_node(heping).value + "/source"
        assert heping.text[start:end] == str(graph.value(fact, GOV.label))
    for fact in graph.subjects(rdflib.RDF.type, GOV.Task):
        _, start, end = _span(graph, fact)
        assert heping.text[start:end] == str(graph.value(fact, GOV.text))


def test_the_graph_keeps_the_text_its_offsets_point_into(heping, graph):
    """The source node holds the text as read (cnt:chars), so every span can be shown from the
    graph alone: each quote is the stored text between its offsets."""
    cnt = rdflib.Namespace("http://www.w3.org/2011/content#")
    (source,) = graph.subjects(rdflib.RDF.type, cnt.ContentAsText)
    text = str(graph.value(source, cnt.chars))
    assert text == heping.text and int(graph.value(source, GOV.characters)) == len(text)
    facts = list(graph.subject_objects(GOV.evidence))
    assert len(facts) > 100
    for fact, ev in facts:
        src, start, end = span_of_evidence(str(ev))
        assert src == str(source) and 0 <= start < end <= len(text)
    cue = next(graph.subjects(rdflib.RDF.type, GOV.Recurrence))
    _, start, end = _span(graph, cue)
    assert text[start:end] == str(graph.value(cue, GOV.cue))  # a cue is its words as written


def test_built_graph_passes_the_shapes(graph):
    assert validate_graph(graph) == []


def test_shapes_reject_a_task_without_a_unit(graph):
    task = next(graph.subjects(rdflib.RDF.type, GOV.Task))
    for a in list(graph.objects(task, GOV.assignment)):
        graph.remove((task, GOV.assignment, a))
    messages = {v.message for v in validate_graph(graph) if v.focus == str(task)}
    assert messages == {"task has no assigned unit"}


def test_shapes_reject_a_unit_without_a_name(graph):
    unit = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/org#Organization")))
    graph.remove((unit, rdflib.SKOS.prefLabel, None))
    assert "unit has no canonical name, or more than one" in {v.message for v in validate_graph(graph)}


def test_shapes_reject_a_date_that_is_not_a_date(graph):
    deadline = next(graph.subjects(rdflib.RDF.type, GOV.Deadline))
    graph.set((deadline, TIME.inXSDDate, rdflib.Literal("年内")))
    assert "deadline is not a date" in {v.message for v in validate_graph(graph)}


def test_shapes_reject_a_frequency_outside_its_scheme(graph):
    rec = next(graph.subjects(rdflib.RDF.type, GOV.Recurrence))
    graph.set((rec, GOV.frequency, rdflib.URIRef("https://w3id.org/govkg/frequency/hourly")))
    assert "frequency is not a concept of govkg:Frequencies" in {v.message for v in validate_graph(graph)}


def test_shapes_reject_a_fact_without_a_source_span(graph):
    rec = next(graph.subjects(rdflib.RDF.type, GOV.Recurrence))
    graph.remove((rec, GOV.evidence, None))
    assert "recurrence has no source span" in {v.message for v in validate_graph(graph)}


def test_collective_is_not_an_organisation(graph):
    collectives = set(graph.subjects(rdflib.RDF.type, GOV.CollectiveDesignation))
    assert {str(graph.value(c, rdflib.SKOS.prefLabel)) for c in collectives} == {"区政府各有关部门"}
    org = rdflib.URIRef("http://www.w3.org/ns/org#Organization")
    assert not any((c, rdflib.RDF.type, org) in graph for c in collectives)


def test_the_mapping_is_a_function_of_the_notice_alone(monkeypatch):
    """Every resolution (units, their governments, where each document belongs) is done by the
    steps: with the gazetteer gone, the mapping still gives the same graph."""
    import ast
    import inspect

    import govkg.extract.gazetteer
    import govkg.rdf.mapping

    imported = {n.module for n in ast.walk(ast.parse(inspect.getsource(govkg.rdf.mapping))) if isinstance(n, ast.ImportFrom)}
    assert "govkg.extract.gazetteer" not in imported
    notices = [extract_file(f) for f in sorted(CORPUS.glob("*.txt"))]
    want = [serialize_graph(notice_quads(n)) for n in notices]

    def gone():
        raise AssertionError("the mapping asked the gazetteer")

    monkeypatch.setattr(govkg.extract.gazetteer, "gazetteer", gone)
    assert [serialize_graph(notice_quads(n)) for n in notices] == want
    assert any(n.parent_units for n in notices) and any(c.issuer_units for n in notices for l in n.layers for c in l.citations)

"""The RDF mapping: deterministic, traceable, and held to the shapes."""

from __future__ import annotations

import pytest
import rdflib
from conftest import CORPUS

from govkg import extract_file
from govkg.rdf import notice_node, notice_quads
from govkg.store import serialize_graph
from govkg.validate import to_rdflib, validate_graph

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


def test_every_fact_points_at_its_source_characters(heping, graph):
    for fact in graph.subjects(rdflib.RDF.type, GOV.Assignment):
        ev = graph.value(fact, GOV.evidence)
        sels = list(graph.objects(ev, OA.hasSelector))
        exact = next(graph.value(s, OA.exact) for s in sels if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in sels if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in sels if graph.value(s, OA.end) is not None)
        assert heping.text[start:end] == str(exact) == str(graph.value(fact, GOV.label))


def test_the_graph_keeps_the_text_its_offsets_point_into(heping, graph):
    """The source node holds the text as read (cnt:chars), so every span can be shown from the
    graph alone: each quote is the stored text between its offsets."""
    cnt = rdflib.Namespace("http://www.w3.org/2011/content#")
    (source,) = graph.subjects(rdflib.RDF.type, cnt.ContentAsText)
    text = str(graph.value(source, cnt.chars))
    assert text == heping.text and int(graph.value(source, GOV.characters)) == len(text)
    spans = list(graph.subjects(OA.hasSource, source))
    assert len(spans) > 100
    for ev in spans:
        sels = list(graph.objects(ev, OA.hasSelector))
        exact = next(str(graph.value(s, OA.exact)) for s in sels if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in sels if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in sels if graph.value(s, OA.end) is not None)
        assert text[start:end] == exact


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

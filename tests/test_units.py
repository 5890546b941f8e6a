"""Units: one identity for each real unit, relative to the issuer, across notices and levels.

tests/data/nankai-fixture.txt is a short notice written for these tests in the heping format,
from another district (天津市南开区): its 区财政局 must not merge with heping's."""

from __future__ import annotations

import pytest
from conftest import CORPUS, DATA

from govkg import extract_file
from govkg.extract.gazetteer import gazetteer
from govkg.query.saved import run_local, saved_query
from govkg.rdf.mapping import notice_quads
from govkg.store.graphs import memory_dataset, serialize_graph


@pytest.fixture(scope="module")
def heping():
    return extract_file(CORPUS / "heping-2017-9.txt")


@pytest.fixture(scope="module")
def nankai():
    return extract_file(DATA / "nankai-fixture.txt")


def test_jurisdiction_from_the_issuer(heping, nankai):
    assert (heping.jurisdiction.code, heping.jurisdiction.name) == ("120101", "天津市和平区")
    assert (nankai.jurisdiction.code, nankai.jurisdiction.parent) == ("120104", "120000")
    assert extract_file(CORPUS / "sc-2019-guofa3-bonded-zones.txt").jurisdiction.code == "cn"


def test_heping_named_units_are_28_distinct_units_of_the_district(heping):
    units = {a.unit.key: a.unit for t in heping.tasks for a in t.assignments if a.unit.kind == "organisation"}
    assert len(units) == 28
    assert all(u.jurisdiction == "120101" and u.name.startswith("天津市和平区") for u in units.values())
    assert units["120101/发展和改革委员会"].name == "天津市和平区发展和改革委员会"
    collectives = {a.unit.key for t in heping.tasks for a in t.assignments if a.unit.kind == "collective"}
    assert collectives == {"120101/区政府各有关部门"}


def test_city_level_mention_resolves_to_the_city(heping):
    unit = heping.tasks[28].mentions[0].unit
    assert (unit.key, unit.name) == ("120000/国土资源和房屋管理局", "天津市国土资源和房屋管理局")


def test_a_second_district_does_not_merge(heping, nankai):
    hp = {a.label: a.unit.key for t in heping.tasks for a in t.assignments}
    nk = {a.label: a.unit.key for t in nankai.tasks for a in t.assignments}
    assert hp["区财政局"] == "120101/财政局" and nk["区财政局"] == "120104/财政局"
    assert hp["区政府各有关部门"] != nk["区政府各有关部门"]
    assert [m.unit.key for m in nankai.tasks[1].mentions] == ["120000/财政局"]


def test_vertically_managed_units_are_not_part_of_the_district_government(nankai):
    tax = [a.unit for a in nankai.tasks[2].assignments]
    assert all(u.vertical and u.parent_key is None for u in tax)
    finance = nankai.tasks[0].assignments[0].unit
    assert finance.parent_key == "120104/人民政府" and not finance.vertical


@pytest.mark.parametrize("written, where, key", [
    ("区财政局", "120101", "120101/财政局"),
    ("和平区财政局", "120104", "120101/财政局"),
    ("天津市和平区财政局", "cn", "120101/财政局"),
    ("市场监管局", "120101", "120101/市场监督管理局"),
    ("市场监管总局", "cn", "cn/国家市场监督管理总局"),
    ("国家发展改革委", "cn", "cn/国家发展和改革委员会"),
    ("发展改革委", "cn", "cn/国家发展和改革委员会"),
    ("财政部", "120101", "cn/财政部"),
    ("全国总工会", "cn", "cn/中华全国总工会"),
    ("浦东新区", "310000", "310115/人民政府"),
    ("浦东新区政府", "310000", "310115/人民政府"),
])
def test_every_written_form_resolves_to_one_identity(written, where, key):
    g = gazetteer()
    assert g.resolve(written, g.place(where)).key == key


def test_a_successor_is_not_an_alias():
    g = gazetteer()
    hp = g.place("120101")
    assert g.resolve("区卫计委", hp).key != g.resolve("区卫健委", hp).key
    assert g.resolve("国家卫生计生委", g.place("cn")).key != g.resolve("国家卫生健康委", g.place("cn")).key


def test_every_form_seen_is_an_alt_label_and_the_canonical_name_the_pref_label(heping, nankai):
    store = memory_dataset([])
    for n in (heping, nankai):
        store.bulk_extend(notice_quads(n))
    rows = run_local(store, saved_query("unit-profile").bind({"unit": "南开区财政局"})).plain_dicts()
    assert rows == []  # a form never written in any notice is not a label
    rows = run_local(store, saved_query("unit-profile").bind({"unit": "天津市南开区财政局"})).plain_dicts()
    assert {r["unitName"] for r in rows} == {"天津市南开区财政局"} and len(rows) == 2
    assert {r["frequency"] for r in rows} == {"monthly", ""}


def test_unit_names_are_canonical_for_nearly_every_responsibility(sample_store):
    rows = run_local(sample_store, saved_query("responsibilities").bind()).plain_dicts()
    canonical = [r for r in rows if r["unitName"] and (r["unitName"] != r["unitLabel"] or _is_full(r["unitLabel"]))]
    assert len(canonical) / len(rows) >= 0.95


def _is_full(label: str) -> bool:
    g = gazetteer()
    return g.is_collective(label) or label in {n.name for n in g.national.values()}


def test_the_graph_of_a_notice_names_its_units_deterministically(nankai):
    assert serialize_graph(notice_quads(nankai)) == serialize_graph(notice_quads(extract_file(DATA / "nankai-fixture.txt")))

"""Extraction quality on every annotated sample notice, held to per-notice floors so that a
change cannot silently lose quality. The floors are what the extractor reaches today."""

from __future__ import annotations

import pytest
from conftest import CORPUS, gold, gold_tasks
from scoring import score, system_tasks

from govkg import extract_file
from govkg.rdf.mapping import notice_node

# notice: (tasks F1, assignments F1, roles, recurrence F1)
FLOORS = {
    "heping-2017-9": (1.0, 1.0, 1.0, 1.0),
    "sc-2019-guofa3-bonded-zones": (1.0, 1.0, 1.0, 1.0),
    "sc-2018-guobanfa129-consumption-poverty": (1.0, 1.0, 1.0, 1.0),
    "sc-2018-guofa39-employment": (1.0, 1.0, 1.0, 1.0),
    "sc-2018-guobanfa128-zero-waste-cities": (1.0, 1.0, 1.0, 1.0),
    "sh-2016-lingang-shuangte-opinions": (1.0, 1.0, 1.0, 1.0),
    "pingtan-2021-zwgk-fenjie": (1.0, 1.0, 1.0, 1.0),
    "pingtan-2019-taiwan-town-plan": (1.0, 1.0, 1.0, 1.0),
    "pingtan-2016-eco-gongzuoyaodian": (1.0, 1.0, 1.0, 1.0),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_notice_scores_hold_their_floor(name, sample_store):
    g = gold(name)
    prefix = notice_node(extract_file(CORPUS / g["source_file"])).value
    tasks, recurrences = system_tasks(sample_store, prefix)
    s = score(tasks, recurrences, gold_tasks(g))
    got = (s.tasks.f1, s.assignments.f1, s.roles, s.recurrence.f1)
    floor = FLOORS[name]
    assert all(x >= f - 1e-9 for x, f in zip(got, floor)), f"{name}: scores {got} below floors {floor}"

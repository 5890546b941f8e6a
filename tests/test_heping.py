"""The notice this project started from, read as the gold annotation says it should be."""

from __future__ import annotations

import pytest
from conftest import CORPUS, gold, gold_tasks
from scoring import norm

from govkg import extract_file

GOLD = gold("heping-2017-9")
GOLD_TASKS = gold_tasks(GOLD)


@pytest.fixture(scope="module")
def notice():
    return extract_file(CORPUS / "heping-2017-9.txt")


def test_header_metadata(notice):
    doc = GOLD["document"]
    assert notice.title == doc["title"]
    assert notice.doc_number == doc["doc_number"]
    assert notice.issuer == doc["issuer"]
    assert notice.fields["index_number"].value == doc["index_number"]
    assert (notice.date_written, notice.date_published) == (doc["date_written"], doc["date_published"])
    assert notice.in_force is doc["in_force"]
    assert notice.disclosure == doc["disclosure"]
    assert notice.jurisdiction.name == doc["jurisdiction"]
    assert "区政府各委、办" in notice.addressees


def test_transmittal_and_plan_are_two_layers(notice):
    assert [layer.kind for layer in notice.layers] == ["notice", "plan"]
    plan = notice.layers[1]
    assert plan.title == GOLD["attachment"]["title"]
    assert plan.approved_by == GOLD["attachment"]["approved_by"]
    assert not notice.layers[0].tasks


def test_legal_bases_with_the_damaged_number_recovered(notice):
    cites = notice.layers[1].citations
    assert [c.title for c in cites] == [b["title"] for b in GOLD["attachment"]["legal_basis"]]
    assert [c.doc_number for c in cites] == [b["doc_number"] for b in GOLD["attachment"]["legal_basis"]]
    assert cites[1].issuers == ["中共中央办公厅", "国务院办公厅"]
    assert cites[2].relation == "based_on"
    assert any("201769号" in w and "津政办发〔2017〕69号" in w for w in notice.warnings)


def test_sections(notice):
    plan = notice.layers[1]
    got = [(s.key, s.heading) for s in plan.sections]
    want = [s["heading"] for s in GOLD["attachment"]["sections"]]
    assert [norm(h) for _, h in got] == [norm(h) for h in want]


def test_38_tasks_with_their_text_and_units(notice):
    tasks = notice.tasks
    assert len(tasks) == len(GOLD_TASKS) == 38
    for task, g in zip(tasks, GOLD_TASKS):
        assert norm(task.span.slice(notice.text)).startswith(norm(g["text_starts_with"])), g["n"]
        assert [a.label for a in task.assignments] == g["responsible_units"], g["n"]
    distinct = {a.label for t in tasks for a in t.assignments}
    assert len(distinct) == 29


def test_task_text_is_the_source_as_written(notice):
    """Offsets point into the original text; the text keeps its ASCII punctuation and damage."""
    t27 = notice.tasks[26]
    text = t27.span.slice(notice.text)
    assert "GMPGSP" in text and text.startswith("加大食品药品监管信息公开力度,")
    assert notice.text[t27.marker.start] == "("


def test_recurrence_and_timing_kept_apart(notice):
    want = {g["n"]: sorted(r["frequency"] for r in g["recurrence"]) for g in GOLD_TASKS if g["recurrence"]}
    got = {k: sorted(r.frequency for r in t.recurrences) for k, t in enumerate(notice.tasks, 1) if t.recurrences}
    assert got == want and len(got) == 8
    # 及时 is promptness, never a frequency; 年度薪酬 is no recurrence
    assert notice.tasks[6].promptness and not notice.tasks[6].recurrences
    assert not notice.tasks[14].recurrences
    timely = {k for k, t in enumerate(notice.tasks, 1) if t.promptness}
    assert timely >= {g["n"] for g in GOLD_TASKS if g["timely"] and g["n"] != 38}
    assert [(d.cue, d.date) for d in notice.tasks[10].deadlines] == [("年内", "2017-12-31")]
    assert [c.cue for c in notice.tasks[34].triggers] == ["较大突发事件发生后"]


def test_unit_mentions_are_not_assignments(notice):
    t29 = notice.tasks[28]
    assert [m.label for m in t29.mentions] == ["市国土房管局"]
    assert "市国土房管局" not in [a.label for a in t29.assignments]
    assert t29.mentions[0].unit.name == "天津市国土资源和房屋管理局"


def test_footer_yields_nothing(notice):
    footer = notice.text.index("主办单位")
    assert all(t.span.end < footer for t in notice.tasks)
    labels = {a.label for t in notice.tasks for a in t.assignments}
    assert not any(w in label for label in labels for w in ("主办", "版权", "备案", "举报"))

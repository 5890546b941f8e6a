"""The ways notices write responsibility, each read by general rules (no rule knows a file)."""

from __future__ import annotations

import pytest

from govkg import extract_text


def roles(text: str) -> list[list[tuple[str, str]]]:
    return [[(a.label, a.role) for a in t.assignments] for t in extract_text(text).tasks]


HEAD = "关于做好有关工作的通知\n一、主要任务\n"


def test_lead_rule_applies_from_its_statement_on():
    text = HEAD + ("1.甲事项。（财政部、商务部负责，排在第一位的部门为牵头部门，下同）\n"
                   "2.乙事项。（海关总署、财政部负责）\n")
    assert roles(text) == [[("财政部", "lead"), ("商务部", "responsible")],
                           [("海关总署", "lead"), ("财政部", "responsible")]]


def test_without_a_lead_rule_everyone_is_responsible():
    assert roles(HEAD + "1.甲事项。（财政部、商务部负责）\n") == [[("财政部", "responsible"), ("商务部", "responsible")]]


def test_lead_and_participants_guidance_and_a_default_implementer():
    text = HEAD + ("（一）甲事项。（生态环境部牵头，国家发展改革委、商务部参与）\n"
                   "乙事项。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）"
                   "丙事项。（商务部指导）\n")
    got = extract_text(text).tasks
    assert [[(a.label, a.role, a.implied) for a in t.assignments] for t in got] == [
        [("生态环境部", "lead", False), ("国家发展改革委", "supporting", False), ("商务部", "supporting", False)],
        [("生态环境部", "guiding", False), ("试点城市政府", "implementing", False)],
        [("商务部", "guiding", False), ("试点城市政府", "implementing", True)],
    ]
    assert [extract_text(text).text[t.span.start:t.span.start + 3] for t in got] == ["甲事项", "乙事项", "丙事项"]


@pytest.mark.parametrize("statement, units, open_list", [
    ("（扶贫办、教育部等和各省级人民政府负责）", ["扶贫办", "教育部", "各省级人民政府"], True),
    ("（人力资源社会保障部等有关部门和单位负责）", ["人力资源社会保障部", "有关部门和单位"], True),
    ("（海关总署、商务部等有关部门负责）", ["海关总署", "商务部", "有关部门"], True),
    ("（工业和信息化部、文化和旅游部负责）", ["工业和信息化部", "文化和旅游部"], False),
    ("（市场监管总局，各省级人民政府按职责分工负责）", ["市场监管总局", "各省级人民政府"], False),
    ("(责任单位:区发改委、区财政局)", ["区发改委", "区财政局"], False),
])
def test_unit_lists(statement, units, open_list):
    task = extract_text(HEAD + "1.甲事项。" + statement + "\n").tasks[0]
    assert [a.label for a in task.assignments] == units and task.open_list is open_list


@pytest.mark.parametrize("bracket", ["（以下统称五公开）", "（PPP）", "（含技工院校）", "（街道办事处）", "（或专栏）"])
def test_a_bracket_that_assigns_nothing_is_not_a_statement(bracket):
    assert extract_text(HEAD + "1.甲事项" + bracket + "，继续推进。\n").tasks == []


def test_prose_assignments_subject_agent_and_partners():
    text = HEAD + ("（一）完善管理体制。临港地区管委会负责统筹推进规划编制，浦东新区政府要做好财力保障工作。"
                   "专项资金管理办法由市财政局会同浦东新区、奉贤区制定。\n")
    assert roles(text) == [[("临港地区管委会", "responsible"), ("浦东新区政府", "responsible")],
                           [("市财政局", "responsible"), ("浦东新区", "supporting"), ("奉贤区", "supporting")]]


def test_prose_that_assigns_nothing_yields_nothing():
    text = HEAD + ("（一）加强临港地区管委会统筹职能。临港地区管委会可采用“一事一议”的方式申请支持。"
                   "支持临港地区创建国家级制造业创新中心。由市、浦东新区和奉贤区财力共同出资。\n")
    assert extract_text(text).tasks == []


def test_a_bracket_of_bare_names_closing_a_task_is_a_statement():
    text = HEAD + "1.按月公开财政收支情况。（区财政局、区审计局）\n2.做好统计公开。（区统计局负责牵头，区发改委配合）\n"
    assert roles(text) == [[("区财政局", "responsible"), ("区审计局", "responsible")],
                           [("区统计局", "lead"), ("区发改委", "supporting")]]


@pytest.mark.parametrize("line", ["1.通知各乡镇人民政府（街道办事处）", "1.做好公开（区财政局）工作，加强监管。"])
def test_a_bracket_of_names_that_closes_no_task_is_not_a_statement(line):
    assert extract_text(HEAD + line + "\n").tasks == []

"""Beyond brackets: crawler pages, task tables flattened into one line, labelled fields, units as
headings. Held to the gold annotations where there are some, and to expectations written from
the text for the notice that has none (pingtan-2021-myopia-duties)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, gold, gold_tasks
from scoring import norm

from govkg import extract_file, extract_text


@pytest.fixture(scope="module")
def fenjie():
    return extract_file(CORPUS / "pingtan-2021-zwgk-fenjie.txt")


@pytest.fixture(scope="module")
def eco():
    return extract_file(CORPUS / "pingtan-2016-eco-gongzuoyaodian.txt")


@pytest.fixture(scope="module")
def town():
    return extract_file(CORPUS / "pingtan-2019-taiwan-town-plan.txt")


@pytest.fixture(scope="module")
def myopia():
    return extract_file(CORPUS / "pingtan-2021-myopia-duties.txt")


@pytest.mark.parametrize("name", ["pingtan-2021-zwgk-fenjie", "pingtan-2019-taiwan-town-plan",
                                  "pingtan-2016-eco-gongzuoyaodian"])
def test_crawler_page_metadata(name):
    n = extract_file(CORPUS / f"{name}.txt")
    doc = gold(name)["document"]
    assert (n.title, n.doc_number, n.issuer) == (doc["title"], doc["doc_number"], doc["issuer"])
    assert (n.date_written, n.date_published) == (doc["date_written"], doc["date_published"])
    assert [norm(a) for a in n.addressees] == [norm(a) for a in doc["addressees"]]
    assert n.jurisdiction.code == "350128"
    assert not any("当前位置" in t.span.slice(n.text) or "QQ空间" in t.span.slice(n.text) for t in n.tasks)


def _check_against_gold(notice, name):
    want = gold_tasks(gold(name))
    assert len(notice.tasks) == len(want)
    for task, g in zip(notice.tasks, want):
        assert norm(task.span.slice(notice.text)).startswith(norm(g["text_starts_with"])), g["n"]
        got = {norm(a.label): a.role for a in task.assignments}
        assert got == {norm(u): g["roles"][u] for u in g["responsible_units"]}, g["n"]
        assert sorted(r.frequency for r in task.recurrences) == sorted(r["frequency"] for r in g["recurrence"]), g["n"]


def test_table_with_lead_and_mixed_columns(fenjie):
    _check_against_gold(fenjie, "pingtan-2021-zwgk-fenjie")
    labels = [t.label for t in fenjie.tasks]
    assert "28." not in labels and labels[27] == "29."  # the source skips row 28
    row1 = fenjie.tasks[0]
    assert row1.assignments[-1].label == "各乡镇人民政府（街道办事处）"  # as written, one collective
    assert [d.date for d in fenjie.tasks[22].deadlines] == ["2021-12-31"]
    headings = {s.heading for s in fenjie.layers[1].sections}
    assert "做好财政信息公开" in headings and "紧扣“十四五”开好局起好步深化政务公开" in headings


def test_table_with_deadline_basis_groups_and_a_role_note(eco):
    _check_against_gold(eco, "pingtan-2016-eco-gongzuoyaodian")
    for task, g in zip(eco.tasks, gold_tasks(gold("pingtan-2016-eco-gongzuoyaodian"))):
        assert g["deadline"]["date"] in [d.date for d in task.deadlines], g["n"]
        cited = {c.doc_number or c.title for c in task.citations}
        assert set(g["legal_basis"]) <= cited, g["n"]
        assert not any("会议" in (c.title or "") for c in task.citations)  # meetings are no documents
    groups = [s.heading for s in eco.layers[1].sections if s.key.startswith("t1/")]
    assert groups[:3] == ["推进生态文明建设", "分解推动2016年生态环保目标责任的落实", "三十六脚湖等饮用水源地环境综合整治"]
    assert len(groups) == 11


def test_labelled_fields(town):
    _check_against_gold(town, "pingtan-2019-taiwan-town-plan")
    assert [t.label for t in town.tasks][8] == "(四)"
    # a name whose 区 was dropped after the first in its list is still the district's unit
    unit = next(a.unit for t in town.tasks for a in t.assignments if a.label == "财金局")
    assert unit.key == "350128/财政金融局" == next(a.unit.key for t in town.tasks for a in t.assignments
                                                 if a.label == "区财金局")
    customs = next(a.unit for t in town.tasks for a in t.assignments if a.label == "平潭海关")
    assert customs.vertical and customs.parent_key is None


def test_units_as_headings(myopia):
    """五、职责分工 titles each item by a unit; its numbered sub-items (or its own text) are that
    unit's duties: 1 + 1 + 1 + 1 + 5 + 1 + 11 + 6 + 3 = 30 tasks."""
    by_unit: dict[str, int] = {}
    for t in myopia.tasks:
        assert len(t.assignments) == 1 and t.assignments[0].role == "responsible"
        by_unit[t.assignments[0].label] = by_unit.get(t.assignments[0].label, 0) + 1
    assert by_unit == {"区党群工作部": 1, "区宣传与影视发展部": 1, "区财政金融局": 1, "区旅游与文化体育局": 1,
                       "区社会事业局": 5, "区市场监督管理局": 1, "学校": 11, "家庭": 6, "医疗卫生机构": 3}
    first = myopia.tasks[0]
    assert first.span.slice(myopia.text).startswith("按照国家、省部署落实完善学校校医")
    assert [m.label for m in first.mentions] == ["区社会事业局"]
    kinds = {a.label: a.unit.kind for t in myopia.tasks for a in t.assignments}
    assert kinds["学校"] == kinds["家庭"] == kinds["医疗卫生机构"] == "collective"
    assert kinds["区社会事业局"] == "organisation"
    school = [t for t in myopia.tasks if t.assignments[0].label == "学校"]
    assert "monthly" in {r.frequency for r in school[3].recurrences}  # 每月调整学生座位
    # 四、工作措施 opens its items with verbs, not units: no task there
    assert all(t.key.startswith("5/") for t in myopia.tasks)


# -- the same rules on layouts nobody tuned them to --------------------------------------------

def test_a_table_with_other_column_names():
    text = ("关于印发2020年南开区重点工作任务分工表的通知\n"
            "序号 工作内容 责任单位 完成时间\n"
            "1 推进政务服务事项网上办理 区行政审批局、区政务服务办 2020年6月底前\n"
            "2 每季度公开财政资金使用情况 区财政局 全年\n")
    n = extract_text(text)
    got = [(t.span.slice(n.text), [a.label for a in t.assignments], [d.date for d in t.deadlines]) for t in n.tasks]
    assert got == [("推进政务服务事项网上办理", ["区行政审批局", "区政务服务办"], ["2020-06-30"]),
                   ("每季度公开财政资金使用情况", ["区财政局"], ["2020-12-31"])]  # 全年 of the title's year
    assert [r.frequency for r in n.tasks[1].recurrences] == ["quarterly"]


def test_fields_with_other_labels_on_their_own_lines():
    text = ("关于印发工作方案的通知\n"
            "一、重点任务\n"
            "1.建立信息公开目录。按月更新目录内容。\n"
            "牵头部门：区政府办公室 配合部门：区财政局、区统计局\n"
            "2.开展专项检查。\n"
            "责任单位：区市场监管局\n")
    n = extract_text(text)
    got = [[(a.label, a.role) for a in t.assignments] for t in n.tasks]
    assert got == [[("区政府办公室", "lead"), ("区财政局", "supporting"), ("区统计局", "supporting")],
                   [("区市场监管局", "responsible")]]
    assert n.tasks[0].span.slice(n.text) == "建立信息公开目录。按月更新目录内容。"


def test_a_table_whose_cells_are_marked_takes_roles_by_column():
    """A table read from a page or a .docx: one row a line, its cells parted by tabs."""
    text = ("关于印发2021年重点工作任务分解表的通知\n"
            "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t推进政务服务事项网上办理\t区行政审批局\t区财政局、区统计局\t2021年6月底前\n"
            "2\t每季度公开财政资金使用情况\t区财政局\t区审计局\t全年\n"
            "3\t建立统计信息发布制度\t区统计局区发改委\t各街道办事处\t2021年底前\n")
    n = extract_text(text)
    assert [[(a.label, a.role) for a in t.assignments] for t in n.tasks] == [
        [("区行政审批局", "lead"), ("区财政局", "supporting"), ("区统计局", "supporting")],
        [("区财政局", "lead"), ("区审计局", "supporting")],
        [("区统计局", "lead"), ("区发改委", "lead"), ("各街道办事处", "supporting")],
    ]
    assert [[d.date for d in t.deadlines] for t in n.tasks] == [["2021-06-30"], ["2021-12-31"], ["2021-12-31"]]

"""The wide development corpus (tests/data/wide: notices of even-year folders of the public
Pingtan archive, in every layout found there, see SOURCES.tsv): each clause form and the table
reader on real lines, and the hand-checked notices held to their gold."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache

import pytest
from conftest import DATA, GOLD
from scoring import score, system_tasks

from govkg import extract_file, extract_text
from govkg.model import Notice, Task
from govkg.pipeline import extract_to_dir
from govkg.rdf.mapping import notice_node
from govkg.store.graphs import memory_dataset

WIDE = DATA / "wide"
WIDE_GOLD = GOLD / "wide"


@lru_cache(maxsize=None)
def notice(name: str) -> Notice:
    return extract_file(WIDE / f"{name}.txt")


def task_with(name: str, quote: str) -> Task:
    """The task whose text or statement holds *quote* (as written in the file; a quote that
    starts with a row's number, 3.依法…, is the row's)."""
    n = notice(name)
    at = n.text.index(quote)
    at += len(re.match(r"\d*[.、]?", quote)[0])  # a row's number, just before its text
    for layer in n.layers:
        for task in layer.tasks:
            end = max(task.span.end, task.marker.end if task.marker else 0)
            if task.span.start <= at < end:
                return task
    raise AssertionError(f"no task of {name} holds {quote!r}")


def assigned(task: Task) -> list[tuple[str, str]]:
    return [(a.label, a.role) for a in task.assignments]


def test_the_corpus_is_what_its_sources_say():
    rows = list(csv.DictReader((WIDE / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in WIDE.glob("*.txt"))
    for r in rows:
        assert len((WIDE / r["file"]).read_text(encoding="utf-8")) == int(r["chars"]), r["file"]
        year = next(part[:4] for part in r["archive_path"].split("/") if part.isdigit() and len(part) == 6)
        assert int(year) % 2 == 0, f"{r['file']}: odd years are kept for evaluation"
    assert sum(r["kind"] == "hands-out-work" for r in rows) >= 60


# -- clause forms, each on a real line ---------------------------------------------------------

@pytest.mark.parametrize("name, quote, want", [
    # labels, each setting the role of the list after it
    ("919", "（牵头单位：征地部，参与单位：法规科）", [("征地部", "lead"), ("法规科", "supporting")]),
    ("931", "（牵头单位：规划科,配合单位：各国土所）", [("规划科", "lead"), ("各国土所", "supporting")]),
    # a role word followed by what the unit does
    ("6400", "（区环境监测站牵头落实）", [("区环境监测站", "lead")]),
    ("11678", "（区教育局负责长期监督落实）", [("区教育局", "responsible")]),
    # a role word after a list; 等 then a collective; 和 between two names; 组织实施
    ("893", "（区传媒中心牵头，区财政金融局、文明委等区直各有关部门、县政府和县委宣传部组织实施）",
     [("区传媒中心", "lead"), ("区财政金融局", "implementing"), ("文明委", "implementing"),
      ("区直各有关部门", "implementing"), ("县政府", "implementing"), ("县委宣传部", "implementing")]),
    # a unit's members as a collective
    ("893", "区经济发展局等区预防办成员单位配合",
     [("区预防办", "lead"), ("区公安局", "supporting"), ("区交通与建设局", "supporting"),
      ("区经济发展局", "supporting"), ("区预防办成员单位", "supporting")]),
    # names with 应急 (a stop character opening a word inside names), 法院 in a list
    ("35425", "区农业农村局、执法应急局、法院、市场监管局、各片区管理局，区农业农村中心等按职责分工负责",
     [("区农业农村局", "responsible"), ("执法应急局", "responsible"), ("法院", "responsible"),
      ("市场监管局", "responsible"), ("各片区管理局", "responsible"), ("区农业农村中心", "responsible")]),
    # a note on part of the task (其中：…由区交通与建设局牵头…): its unit, already the task's lead
    ("893", "县安监局等部门配合。其中：“危病桥改造工程”由区交通与建设局牵头组织实施）",
     [("区预防办", "lead"), ("区交通与建设局", "lead"), ("区公安局", "lead"), ("县政府", "lead"),
      ("各乡镇政府", "supporting"), ("县预防办", "supporting"), ("县建设局", "supporting"),
      ("县交通局", "supporting"), ("县公安局", "supporting"), ("县安监局", "supporting")]),
    # a list before a rule that sets the role for the tasks after it: the rule's role here too
    ("23605", "（各片区管理局，以下各项工作均需各片区管理局负责推进，不再——列出）", [("各片区管理局", "responsible")]),
    # compound names: a strong suffix continued (片区 + 项目建设指挥部, 党工委 + 管委会办公室)
    ("10049", "责任部门：区环境与国土资源局、交通与建设局、农村发展局、岚城片区项目建设指挥部",
     [("区环境与国土资源局", "lead"), ("交通与建设局", "responsible"), ("农村发展局", "responsible"),
      ("岚城片区项目建设指挥部", "responsible"), ("苏澳镇人民政府", "responsible"), ("区城投集团", "responsible")]),
])
def test_clause_forms_on_real_lines(name, quote, want):
    assert assigned(task_with(name, quote)) == want


def test_a_note_names_who_does_each_part():
    # …重点排查结构安全性、经营安全性、房屋建设合法合规性等三方面内容，其中：区交通建设局牵头开展
    # 结构安全性排查（…）；区市场监管局牵头开展经营安全性排查（…）；区资源生态局牵头开展…
    task = task_with("41844", "其中：区交通建设局牵头开展结构安全性排查")
    assert assigned(task) == [("区交通建设局", "lead"), ("区市场监管局", "lead"), ("区资源生态局", "lead")]


@pytest.mark.parametrize("name, quote, written, units", [
    ("5702", "责任单位：金井湾、岚城、澳前、流水片区项目建设指挥部",
     ["金井湾", "岚城", "澳前", "流水片区项目建设指挥部"],
     ["金井湾片区项目建设指挥部", "岚城片区项目建设指挥部", "澳前片区项目建设指挥部", "流水片区项目建设指挥部"]),
    # a division's stem run on from its bureau: 区经发局 + 工信(处)
    ("23605", "区经发局工信、发改处、科技处，区市场监管局等按职责分工负责",
     ["区经发局", "工信", "发改处", "科技处", "区市场监管局"],
     ["经济发展局", "工信处", "发改处", "科技处", "市场监督管理局"]),  # the gazetteer's names
])
def test_stems_share_the_suffix_of_the_name_that_closes_their_list(name, quote, written, units):
    """Each stem is its own assignment, labelled as written, of the unit its full name names."""
    named = [a for a in task_with(name, quote).assignments if not a.implied]  # not 以下均需… defaults
    assert [a.label for a in named] == written
    assert [a.unit.name.removeprefix("福建省平潭综合实验区") for a in named] == units


def test_a_time_clause_ends_a_statement_and_a_default_reaches_every_later_task():
    # （各片区管理局，以下各项工作均需各片区管理局负责推进，不再——列出） comes first; later
    # statements carry a time clause: （…按职责分工负责；持续推进）
    task = task_with("23605", "区市场监管局、农业农村局、旅游文体局按职责分工负责；持续推进")
    assert [(a.label, a.role, a.implied) for a in task.assignments] == [
        ("区市场监管局", "responsible", False), ("农业农村局", "responsible", False),
        ("旅游文体局", "responsible", False), ("各片区管理局", "responsible", True)]


def _between(name: str, first: str, last: str) -> str:
    """The real text of notice *name* from *first* to the end of *last*."""
    text = (WIDE / f"{name}.txt").read_text(encoding="utf-8")
    i = text.index(first)
    return text[i:text.index(last, i) + len(last)]


def test_a_default_reaches_later_tasks_in_every_layout():
    # a rule in one notice's bracket, then a labelled-field task and a sentence of two others
    rule = "一、" + _between("23605", "压实属地管理责任", "不再——列出）")  # its 一 scraped into ―
    fields = _between("10049", "（二）垃圾焚烧发电厂", "整改时限：2018年5月底")
    sentence = _between("41844", "1.排查内容。", "（土地、规划、建设等手续办理情况）。")
    n = extract_text(f"关于塑料污染治理近期工作要点的通知\n{rule}\n二、整改任务\n{fields}\n三、排查\n{sentence}\n")
    by_text = {n.text[t.span.start:t.span.start + 6]: t for t in n.tasks}
    assert [(a.label, a.implied) for a in by_text["垃圾焚烧发电"].assignments] == [
        ("区交通与建设局", False), ("各片区管理局", True)]
    assert [(a.label, a.implied) for a in by_text["排查内容。全"].assignments] == [
        ("区交通建设局", False), ("区市场监管局", False), ("区资源生态局", False), ("各片区管理局", True)]


def test_those_a_unit_works_together_with_support_it():
    # 41844's duties 11 and 12 (numbered there with no stop: 11区旅游文体局负责…12区财政金融局会同…),
    # as items of their own: items that open with their unit, each the subject of its sentence
    duties = [_between("41844", "区旅游文体局负责指导", "自建房安全管理。"),
              _between("41844", "区财政金融局会同相关部门", "予以经费支持。")]
    n = extract_text("关于自建房安全专项整治的通知\n" + "".join(f"{k}.{d}\n" for k, d in enumerate(duties, 1)))
    assert [n.text[t.span.start:t.span.start + 8] for t in n.tasks] == ["区旅游文体局负责", "区财政金融局会同"]
    assert [[(a.label, a.role) for a in t.assignments] for t in n.tasks] == [
        [("区旅游文体局", "responsible")], [("区财政金融局", "responsible"), ("相关部门", "supporting")]]


def test_a_statement_that_lost_its_opening_bracket_closes_its_task():
    # …规模化推广全生物降解地膜。区农业农村局负责，持续推进） — the （ lost in scraping
    task = task_with("23605", "规模化推广全生物降解地膜。区农业农村局负责")
    n = notice("23605")
    assert n.text[task.span.start:task.span.end].endswith("规模化推广全生物降解地膜")
    assert n.text[task.marker.start:task.marker.end] == "区农业农村局负责，持续推进）"
    assert (task.assignments[0].label, task.assignments[0].role) == ("区农业农村局", "responsible")
    assert any("lost its opening bracket" in w for w in n.warnings)


# 23605's attachment table, as the crawl ran it into one line, its cells parted by spaces
_TABLE_23605 = ("序号 重点工作 主要任务 时间要求 责任单位", "附件2 平潭综合实验区关于进一步")


def _table_rows(n: Notice) -> list[tuple]:
    """The table's rows as read: task text (spaces and line breaks left out), units, deadlines."""
    return [("".join(n.text[t.span.start:t.span.end].split()), assigned(t), [d.date for d in t.deadlines])
            for t in n.tasks if t.key.startswith("t")]


def test_a_table_laid_out_one_cell_a_line_reads_as_its_rows():
    # the same table as text copied from a page often gives it: 序号⏎重点工作⏎…⏎1⏎禁止生产…⏎即日起⏎…
    raw = (WIDE / "23605.txt").read_text(encoding="utf-8")
    i = raw.index(_TABLE_23605[0])
    j = raw.index(_TABLE_23605[1], i)
    n = extract_text(raw[:i] + "\n" + raw[i:j].strip().replace(" ", "\n") + "\n" + raw[j:])
    want = _table_rows(notice("23605"))
    assert len(want) == 14 and _table_rows(n) == want


def _full_rows_23605() -> tuple[list[str], list[list[str]]]:
    """23605's table header and the rows that fill every column, their cells as written."""
    raw = (WIDE / "23605.txt").read_text(encoding="utf-8")
    i = raw.index(_TABLE_23605[0])
    body = raw[i:raw.index(_TABLE_23605[1], i)].split()
    header, cells = body[:5], body[5:]
    starts = [k for k, c in enumerate(cells) if c.isdigit()] + [len(cells)]
    return header, [cells[a:b] for a, b in zip(starts, starts[1:]) if b - a == 5]


@pytest.mark.parametrize("order", [
    ["序号", "责任单位", "重点工作", "主要任务", "时间要求"],  # the units first
    ["序号", "重点工作", "主要任务", "责任单位", "时间要求"],  # the deadline last
])
def test_a_table_reads_in_another_order_of_its_columns(order):
    """23605's rows that fill every column, their cells as written, in another order of columns."""
    header, full = _full_rows_23605()
    lines = [" ".join(order)] + [" ".join([str(k)] + [row[header.index(c)] for c in order[1:]])
                                 for k, row in enumerate(full, 1)]
    n = extract_text("关于印发塑料污染治理工作要点的通知\n附件1\n" + "\n".join(lines) + "\n")
    by_text = {r[0]: r for r in _table_rows(notice("23605"))}
    got = _table_rows(n)
    assert len(full) == 5 and [r[1:] for r in got] == [by_text[r[0]][1:] for r in got]
    assert [r[0] for r in got] == ["".join(row[1:3]) for row in full]


def test_a_text_cell_before_the_task_cell_is_its_own():
    """23605's full rows with their 重点工作 cell under a 任务来源 heading, before the task: the
    task is the 主要任务 cell alone, the other cell the row's basis."""
    header, full = _full_rows_23605()
    lines = ["序号 任务来源 主要任务 时间要求 责任单位"] + [" ".join([str(k)] + row[1:]) for k, row in enumerate(full, 1)]
    n = extract_text("关于印发塑料污染治理工作要点的通知\n附件1\n" + "\n".join(lines) + "\n")
    assert [n.text[t.span.start:t.span.end] for t in n.tasks] == [row[2] for row in full]
    assert [[c.title for c in t.citations] for t in n.tasks] == [[row[1]] for row in full]
    by_text = {r[0]: r for r in _table_rows(notice("23605"))}
    assert [assigned(t) for t in n.tasks] == [by_text["".join(row[1:3])][1] for row in full]


@pytest.mark.parametrize("name, quote, want", [
    # 存在问题 | 整改目标和措施 | 责任单位, no row numbers, all run together: a unit cell ends each row
    ("3915", "出台2016年度扩大有效投资的实施意见",
     [("区经发局", "lead"), ("区交建局", "responsible"), ("环土局", "responsible"), ("电信公司", "responsible"),
      ("电力公司", "responsible"), ("广电网络分公司", "responsible")]),
    ("3915", "创新应用各种投融资方式",
     [("区财金局", "lead"), ("经发局", "lead"), ("区环土局", "responsible"), ("交建局", "responsible"),
      ("社会事业局", "responsible")]),
    ("4822", "组织开展入海排污情况调查", [("区环土局", "lead"), ("区农发局", "supporting")]),  # not 管委会 (报管委会)
    ("4822", "2016年6月底前全部关闭拆除第一批69家畜禽养殖场",
     [("区农发局", "lead"), ("区环土局", "supporting"), ("相关乡镇", "implementing")]),
    ("4822", "2016年6月底前划定全区畜禽养殖禁养区", [("区农发局", "responsible")]),  # …和可养区|区农发局
    ("4822", "2016年12月底前提出畜禽养殖业分步退出实施方案", [("区农发局", "responsible"), ("区规划局", "supporting")]),
    # a known name alone before the next row's verb: …倾倒情况|区交建局|加快相关管网设施建设…
    ("4822", "全面摸排龙凤头龙凤溪周边生活污水管网建设", [("区交建局", "responsible")]),
])
def test_a_table_that_numbers_no_row_ends_each_row_with_its_unit_cell(name, quote, want):
    task = task_with(name, quote)
    assert task.key.startswith("t") and assigned(task) == want


def test_a_statement_says_when_its_task_is_due():
    # …推广应用绿色包装。（区财金局负责；2020年底前完成）: the time clause is the task's
    task = task_with("23605", "（区财金局负责；2020年底前完成）")
    assert assigned(task) == [("区财金局", "responsible"), ("各片区管理局", "responsible")]
    assert [d.date for d in task.deadlines] == ["2020-12-31"]


def test_items_run_into_one_paragraph_each_open_with_their_doers():
    # 8953: 三、联席会议成员单位协调配合事项（六）区市场监督管理局要… （十）区卫生和计划生育局要加强…；
    # 区市场监督管理局要及时将…通报…，提请采取… — the marks run into the text, one paragraph
    task = task_with("8953", "（十）区卫生和计划生育局要加强医疗机构行业管理")
    assert assigned(task) == [("区卫生和计划生育局", "responsible"), ("区市场监督管理局", "responsible")]
    # …及时向成员单位通报…情况，提请有关部门对严重虚假违法广告…: a verb and its object, no unit
    assert "提请有关部门" not in {a.label for t in notice("8953").tasks for a in t.assignments}


def test_labelled_fields_a_line_each_belong_to_the_task_above():
    # 10049's item with its fields run on one line, laid out as a page gives them, a field a line
    raw = (WIDE / "10049.txt").read_text(encoding="utf-8")
    j = raw.index("牵头部门：区环境与国土资源局 责任部门：区环境与国土资源局、交通与建设局")
    i = raw.rindex("（", 0, j)
    item = raw[i:raw.index(" 整改目标", j)]
    for label in (" 牵头部门：", " 责任部门：", " 整改时限："):
        item = item.replace(label, "\n" + label.strip())
    n = extract_text("关于省委环境保护督察反馈问题整改措施清单的通知\n一、整改任务\n" + item + "\n")
    want = task_with("10049", raw[j:j + 20])
    assert len(n.tasks) == 1 and assigned(n.tasks[0]) == assigned(want) and len(want.assignments) >= 4
    assert [d.date for d in n.tasks[0].deadlines] == [d.date for d in want.deadlines] != []


def test_labelled_fields_stop_at_a_field_that_names_no_unit():
    # 牵头部门：区交通与建设局 责任部门：区交通与建设局 整改时限：2018年5月底 整改目标：…
    task = task_with("10049", "牵头部门：区交通与建设局 责任部门：区交通与建设局 整改时限")
    assert assigned(task) == [("区交通与建设局", "lead")]
    n = notice("10049")
    assert n.text[task.marker.start:task.marker.end] == "牵头部门：区交通与建设局 责任部门：区交通与建设局"


def test_an_attachment_numbers_its_items_afresh():
    """附件：省委、省政府环境保护督察反馈问题整改措施清单 … 附件 省委、…清单 一、…（一）…（二）…: the
    attachment's 一、 starts its own numbering, so each issue under it, with its fields, is a task."""
    task = task_with("10049", "垃圾焚烧发电厂自2011年开工建设至今仍未完成 牵头部门")
    n = notice("10049")
    assert task.key == "a1/1/2"
    assert n.text[task.span.start:task.span.end] == "垃圾焚烧发电厂自2011年开工建设至今仍未完成"
    assert assigned(task) == [("区交通与建设局", "lead")]


def test_enumerated_sentences_are_tasks_of_their_own():
    # …；四是由区党群工作部牵头负责，区经发局、招商与产业促进中心配合，加强对招商干部的日常考核…
    task = task_with("19555", "四是由区党群工作部牵头负责")
    assert notice("19555").text[task.span.start:task.span.start + 2] == "四是"
    assert assigned(task) == [("区党群工作部", "lead"), ("区经发局", "supporting"), ("招商与产业促进中心", "supporting")]


@pytest.mark.parametrize("quote, want", [
    # a measure of a rectification list opens with its doers, in a notice of labelled fields
    ("区农村发展局、苏澳镇人民政府采取有力措施", [("区农村发展局", "responsible"), ("苏澳镇人民政府", "responsible")]),
    ("由区交通与建设局督促垃圾焚烧发电厂", [("区交通与建设局", "responsible")]),
    # towns' names the gazetteer does not know, the government's name written once for both
    ("岚城乡、北厝镇人民政府立即摸清", [("岚城乡", "responsible"), ("北厝镇人民政府", "responsible")]),
    ("区城投集团5月底前完成北厝澳仔垃圾填埋场", [("区城投集团", "responsible")]),
    ("潭城镇、岚城乡、澳前镇、流水镇、北厝镇人民政府牵头", [(u, "lead") for u in ("潭城镇", "岚城乡", "澳前镇", "流水镇", "北厝镇人民政府")]),
])
def test_an_item_that_opens_with_units_hands_them_its_work(quote, want):
    task = task_with("10049", quote)
    assert notice("10049").text[task.span.start:].startswith(quote)
    assert assigned(task) == want


def test_an_item_opening_with_a_collective_or_a_name_read_in_part_is_no_task():
    # in a notice whose other items carry statements: 各有关学校要落实… stays untaken
    n = notice("11678")
    assert not any(n.text[t.span.start:].startswith("各有关学校要落实实验室废弃物监管") for t in n.tasks)
    # 1.区党工委委员会、区管委会主任办公会研究…: a name goes on past any reading of it
    assert not any(n.text[t.span.start:].startswith("区党工委委员会") for t in notice("10049").tasks)
    # （二）区直部门：党群工作部、…: 区直部门 is a heading, no 区直部
    assert not any(a.label == "区直部" for t in notice("19555").tasks for a in t.assignments)


def test_a_dated_phase_hands_its_work_to_whoever_opens_it():
    # 三、时间安排 (一)自查和自纠阶段(11月30日前) 各有关学校要… (二)核查和整治阶段（12月30日前) 区环土局和教育局按照…
    assert assigned(task_with("11678", "自查和自纠阶段")) == [("各有关学校", "responsible")]
    assert assigned(task_with("11678", "核查和整治阶段")) == [("区环土局", "responsible"), ("教育局", "responsible")]
    # an undated heading in such a notice does not: 四、有关要求 (二)各有关学校要落实… stays untaken
    assert not any(notice("30168").text[t.span.start:].startswith("强化责任落实") for t in notice("30168").tasks)


def test_a_phase_item_may_open_with_a_collective():
    # （二）调查摸底阶段（2022年3月29日—4月4日）。1.召开培训会议。各有关单位成立迎评工作领导小组…
    for quote in ("召开培训会议。各有关单位成立", "制定整改措施。各有关单位要针对"):
        assert assigned(task_with("32610", quote)) == [("各有关单位", "responsible")]


def test_the_person_in_charge_is_no_role_word():
    # 市场规范管理处、…、各分局负责人为成员: a member list, not a task
    assert notice("6320").tasks == []


# -- the table reader ---------------------------------------------------------------------------

def test_a_table_whose_unit_cells_stand_mid_row():
    """工作任务 | 牵头单位 | 责任单位 | 工 作 要 求 (a spaced-out column name), flattened: the unit
    cells run into the requirement text, the lead cell may be empty or run into the next."""
    rows = {t.key.rsplit("/", 1)[1]: t for layer in notice("10224").layers for t in layer.tasks}
    assert len(rows) == 40
    text = notice("10224").text
    # no space anywhere: the names end the task text and the requirement text
    assert text[rows["3"].span.start:rows["3"].span.end] == "做好权责清单调整和公开工作"
    assert assigned(rows["3"]) == [("区行政审批局", "lead"), ("区直有关单位", "responsible"),
                                   ("各乡镇人民政府", "responsible")]
    # the lead cell holds a list; its edge is where a name runs into the next cell's
    assert assigned(rows["5"]) == [("区市场监管局", "lead"), ("行政审批局", "lead"),
                                   ("区直有关单位", "responsible"), ("各乡镇人民政府", "responsible")]
    assert assigned(rows["15"]) == [("区宣传部", "lead"), ("网信办", "lead"),
                                    ("区直有关单位", "responsible"), ("各乡镇人民政府", "responsible")]
    # an empty lead cell: the collectives are the 责任单位 cell's
    assert assigned(rows["1"]) == [("区直有关单位", "responsible"), ("各乡镇人民政府", "responsible")]
    # the header the table repeats at a page break stays out of the row before it
    assert "工作任务牵头单位" not in text[rows["20"].body.start:rows["20"].body.end]


def test_a_table_header_with_qualified_column_names():
    """工 作 任 务 | 党工委管委会牵头部门 | 本局责任处（单位） | 工　作　要　求: the bureau's own
    cell carries its role words (综合处牵头，各处、单位配合落实), read by the statement grammar."""
    task = task_with("5914", "全面公开区管委会工作部门权力清单和责任清单")
    assert task.key.startswith("t1/")
    assert assigned(task) == [("区行政审批局", "lead"), ("综合处", "lead"), ("各处", "supporting"),
                              ("单位", "supporting")]


@pytest.mark.parametrize("quote, want", [
    # the lead cell empty (a single space): the bureau's cell alone
    ("3.依法公开随机抽查事项清单", [("综合处", "lead")]),
    ("4.推进监管执法信息公开", [("各处", "lead"), ("单位", "lead")]),  # 各处、单位分别牵头落实
    # two names in the lead cell parted by a space, then a cell whose role word stands after a space
    ("19.督导检查建设单位公开环评信息", [("区经济发展局", "lead"), ("区环境与国土资源局", "lead"), ("水利处", "lead"),
                                          ("海洋与渔业处", "lead")]),
    # a note after a space in its cell stays with its name
    ("36.积极做好政府规章和政策性文件清理结果公开", [("区党工委管委会办公室 （政策法规处）", "lead"), ("综合处", "lead")]),
    # the requirement text names units too (各部门主要负责人应…): they are not the row's
    ("27.各部门主要负责人主动参与政策解读工作", [("综合处", "lead")]),
])
def test_a_table_cell_with_its_own_role_words(quote, want):
    number, text = quote.split(".", 1)
    task = task_with("5914", quote)  # the row's number stands just before its task's text
    assert task.key == f"{task.key.rsplit('/', 1)[0]}/{number}" and notice("5914").text[task.span.start:].startswith(text)
    assert assigned(task) == want


def test_a_row_without_unit_cells_shares_the_merged_cell_above():
    """2.管委会工作部门取消、下放… has no unit cell: the page's cell spans rows 1 and 2."""
    row2 = task_with("5914", "管委会工作部门取消、下放、保留行政审批")
    assert row2.key.endswith("/2")
    assert notice("5914").text[row2.span.start:row2.span.end] == "管委会工作部门取消、下放、保留行政审批、职业资格等事项的公开"
    assert assigned(row2) == assigned(task_with("5914", "全面公开区管委会工作部门权力清单和责任清单"))


def test_a_table_run_together_with_columns_of_people():
    """序号 | 项目内容 | 责任领导 | 责任处室 | 责任人 | 完成时间 with nothing between the cells: the rows
    by their bare numbers in sequence (…2016年12月2引导…), the unit cells between people's names."""
    n = notice("6329")
    rows = {t.key.rsplit("/", 1)[1]: t for t in n.tasks if t.key.startswith("t1/")}
    assert sorted(map(int, rows)) == list(range(1, 28))
    # 王 浩 | 知识产权处 | 叶龙海 | 2016年12月
    assert n.text[rows["1"].span.start:rows["1"].span.end] == "区知识产权试点企业培育，实现我区省知识产权优势企业零的突破"
    assert assigned(rows["1"]) == [("知识产权处", "responsible")]
    assert [d.date for d in rows["1"].deadlines] == ["2016-12-31"]
    # leaders run together (江裕森曹承代), six divisions run together, six people after them
    assert [a.label for a in rows["4"].assignments] == ["市场规范处", "稽查支队", "食品处", "药械处", "消保处", "信用信息处"]
    # a name the table gave before ends the cell: 组建检验检测认证中心|药械处食品处|杨志强
    assert [a.label for a in rows["23"].assignments] == ["药械处", "食品处"]
    assert n.text[rows["23"].span.start:rows["23"].span.end] == "组建检验检测认证中心"
    # a collective among them; no leader
    assert [a.label for a in rows["14"].assignments] == ["市场规范处", "食品处", "各分局"]
    # rows printed without a 责任处室 share the merged cell of the row above (2, 3 under 1)
    assert assigned(rows["2"]) == assigned(rows["3"]) == assigned(rows["1"])
    # the header repeated before row 13 ends row 12 and is no row's text
    assert assigned(rows["12"]) == [("信用信息处", "responsible")]
    assert "序号" not in n.text[rows["12"].body.start:rows["12"].body.end]


def test_a_table_whose_unit_cell_is_a_statement_after_its_deadline():
    """序号 重点工作 主要任务 时间要求 责任单位, cells parted by spaces: bare row numbers, the unit cell
    after the deadline read as a statement (…平潭海关按职责分工), rows 2–5 under row 1's merged
    cell, the last rows under row 12's up to the next attachment's title (附件2 …)."""
    n = notice("23605")
    rows = {t.key.rsplit("/", 1)[1]: t for t in n.tasks if t.key.startswith("t1/")}
    assert sorted(map(int, rows)) == list(range(1, 15))
    units = ["各片区管理局", "区经发局", "资源生态局", "农业农村局", "市场监管局", "平潭海关"]
    assert [a.label for a in rows["1"].assignments] == units
    assert [a.label for a in rows["5"].assignments] == units
    assert [a.label for a in rows["8"].assignments] == ["各片区管理局", "区经发局", "旅游文体局"]  # …旅游文体局等按职责分工
    assert [a.label for a in rows["14"].assignments] == ["各片区管理局", "区城乡交建中心"]
    assert [d.date for d in rows["14"].deadlines] == ["2025-12-31"]
    assert "附件2" not in n.text[rows["14"].body.start:rows["14"].body.end]


# -- the hand-checked notices (tests/gold/wide), scored through the graph and the saved queries --

def _gold(name: str) -> dict:
    return json.loads((WIDE_GOLD / f"{name}.json").read_text(encoding="utf-8"))


GOLD_NAMES = sorted(p.stem for p in WIDE_GOLD.glob("*.json"))


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("wide-graphs")
    outcomes = list(extract_to_dir([WIDE / _gold(name)["source_file"] for name in GOLD_NAMES], out))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return memory_dataset([out])


@lru_cache(maxsize=None)
def _scores(store, name: str):
    g = _gold(name)
    prefix = notice_node(notice(g["source_file"][:-4])).value
    tasks, recurrences = system_tasks(store, prefix)
    return score(tasks, recurrences, g["tasks"])


# notice: (tasks F1, assignments F1, roles, recurrence F1), what the extractor reaches today
FLOORS = {
    "10224": (1.0, 1.0, 1.0, 1.0),
    "11047": (1.0, 1.0, 1.0, 1.0),
    "11678": (0.92, 0.94, 1.0, 0.0),  # the unnumbered paragraph 区环土局将主动服务… not read
    "24053": (1.0, 1.0, 1.0, 1.0),
    "30168": (1.0, 1.0, 1.0, 1.0),
    "32419": (1.0, 1.0, 1.0, 1.0),
    "34562": (1.0, 1.0, 1.0, 1.0),
    "35425": (1.0, 1.0, 1.0, 1.0),
    "4774": (1.0, 1.0, 1.0, 1.0),
    "6318": (1.0, 1.0, 1.0, 1.0),
    "6321": (1.0, 1.0, 1.0, 1.0),
    "6400": (1.0, 1.0, 1.0, 1.0),
    "919": (1.0, 1.0, 1.0, 1.0),
    "931": (1.0, 1.0, 1.0, 1.0),
    "19962": (1.0, 1.0, 1.0, 1.0),
    "20645": (1.0, 1.0, 1.0, 0.8),  # 承担日常工作 (continuous in the gold, a borderline call) not read as timing
    "23773": (1.0, 1.0, 1.0, 1.0),
    "5914": (1.0, 1.0, 1.0, 1.0),
    "6329": (1.0, 1.0, 1.0, 1.0),
}


def test_every_gold_file_has_a_floor():
    assert sorted(FLOORS) == GOLD_NAMES and len(GOLD_NAMES) >= 12


@pytest.mark.parametrize("name", GOLD_NAMES)
def test_hand_checked_notice_holds_its_floor(name, wide_store):
    s = _scores(wide_store, name)
    got = (s.tasks.f1, s.assignments.f1, s.roles, s.recurrence.f1)
    assert all(x >= f - 1e-9 for x, f in zip(got, FLOORS[name])), f"{name}: scores {got} below floors {FLOORS[name]}"


def test_precision_over_the_hand_checked_notices(wide_store):
    """Find more, never guess: what the extractor says is right at least 98 times in 100."""
    tp = system = 0
    for name in GOLD_NAMES:
        s = _scores(wide_store, name)
        tp, system = tp + s.assignments.tp, system + s.assignments.system
    assert system and tp / system >= 0.98, f"assignment precision {tp}/{system}"

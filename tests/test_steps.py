"""Each extraction step on its own: it writes only what it declares and reads only what the
notice starts with or the steps before it wrote (checked on every notice of the sample and the
wide corpus), and each does its job on a notice made by hand with only what it reads set, from
real lines of the corpus."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from conftest import CORPUS, DATA

from govkg.extract import STEPS
from govkg.extract.steps.citations import find_citations
from govkg.extract.steps.fields import find_field_tasks
from govkg.extract.steps.header import read_header
from govkg.extract.steps.headings import find_heading_tasks
from govkg.extract.steps.identity import name_documents
from govkg.extract.steps.markers import find_tasks
from govkg.extract.steps.prose import find_prose_tasks
from govkg.extract.steps.repair import check_assignments, repair_statements
from govkg.extract.steps.sections import find_sections
from govkg.extract.steps.structure import find_layers, find_paragraphs
from govkg.extract.steps.tables import find_tables
from govkg.extract.steps.timing import find_timing
from govkg.extract.steps.units import resolve_units
from govkg.model import Assignment, Citation, DocumentId, Frequency, Layer, Notice, Paragraph, Role, Source, Task
from govkg.read.files import read_source
from govkg.read.normalize import NormalizedText, Span

NOTICES = sorted(CORPUS.glob("*.txt")) + sorted((DATA / "wide").glob("*.txt"))

#: The kinds of object a field holds: a step that writes the field creates them, fields and all.
HOLDS = {"notice.layers": "layer", "layer.tasks": "task", "layer.sections": "section",
         "layer.paragraphs": "paragraph", "layer.citations": "citation", "task.citations": "citation",
         "task.assignments": "assignment", "task.mentions": "mention", "task.recurrences": "recurrence",
         "task.deadlines": "deadline", "notice.fields": "field"}
#: What a notice has before any step: where it came from and its text.
GIVEN = {"notice.source", "notice.norm"}


def _created(written: set[str]) -> set[str]:
    """The kinds of object that exist once *written* are: created with the field that holds
    them, or with the object that holds them."""
    kinds: set[str] = set()
    while True:
        more = {kind for holder, kind in HOLDS.items() if holder in written or holder.split(".")[0] in kinds}
        if more <= kinds:
            return kinds
        kinds |= more


def _fields(obj, out: dict, seen: set) -> None:
    """``(id of object, kind.field) → value key`` for *obj* and every model object under it."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    kind = type(obj).__name__.lower()
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        out[(id(obj), f"{kind}.{f.name}")] = _key(value)
        for child in _children(value):
            _fields(child, out, seen)


def _children(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _children(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _children(v)


def _key(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("object", id(value))
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _key(v)) for k, v in value.items())
    if isinstance(value, set):
        return tuple(sorted(map(repr, value)))
    if isinstance(value, NormalizedText):
        return value.original, value.text
    return repr(value)


def test_every_step_declares_what_it_reads_and_writes():
    for s in STEPS:
        assert s.reads and s.writes, s.__name__
        assert all("." in name for name in s.reads | s.writes), s.__name__


def test_every_step_reads_only_what_is_there_before_it():
    there = set(GIVEN)
    for s in STEPS:
        missing = {f for f in s.reads if f not in there and f.split(".")[0] not in _created(there)}
        assert not missing, f"{s.__name__} reads {sorted(missing)} before any step writes it"
        there |= s.writes


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.name)
def test_every_step_writes_only_what_it_declares(path):
    text, source = read_source(path)
    notice = Notice(source=source, norm=NormalizedText(text))
    held = []  # the snapshots hold the objects, so their ids stay theirs
    for s in STEPS:
        before: dict = {}
        _fields(notice, before, set())
        held.append(before)
        s(notice)
        after: dict = {}
        _fields(notice, after, set())
        wrote = {name for key, name in after if key and (key, name) in before and before[key, name] != after[key, name]}
        assert wrote <= s.writes, f"{s.__name__} wrote {sorted(wrote - s.writes)} it does not declare"


# -- each step on a notice made by hand --------------------------------------------------------------

HEPING_2 = "2.按月公开全区财政收支情况,解读财政收支增减变化情况及原因。(责任单位:区财政局)"


def _notice(text: str, **fields) -> Notice:
    source = Source(path="<hand>", sha256=hashlib.sha256(text.encode()).hexdigest(), format="text")
    return Notice(source=source, norm=NormalizedText(text), **fields)


def _layer(notice: Notice, kind: str = "notice", **fields) -> Layer:
    layer = Layer(kind=kind, start=0, end=len(notice.norm.text), **fields)
    notice.layers.append(layer)
    return layer


def _numbered(text: str, start: int, number: str, path: tuple[str, ...], level: int) -> Paragraph:
    end = text.index("\n", start) if "\n" in text[start:] else len(text)
    return Paragraph(start, end, start + len(number), path, level, number)


def test_repair_statements_joins_a_statement_broken_over_two_lines():
    n = _notice("2.按月公开全区财政收支情况。(责任单位:\n区财政局)\n")
    repair_statements(n)
    assert "(责任单位:区财政局)" in n.norm.text
    assert n.text == "2.按月公开全区财政收支情况。(责任单位:\n区财政局)\n"  # the original stays as read


def test_read_header_reads_a_portal_header():
    n = _notice("名    称 :和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知\n"
                "发 布 机 构 :天津市和平区人民政府办公室\n发 文 字 号 :和平政办〔2017〕9号\n"
                "成 文 日 期 :2017-05-19 00:00:00\n有   效  性 :失效\n")
    read_header(n)
    assert n.title == "和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知"
    assert (n.issuer, n.doc_number, n.date_written, n.in_force) == (
        "天津市和平区人民政府办公室", "和平政办〔2017〕9号", "2017-05-19", False)


def test_find_layers_parts_a_transmittal_from_the_plan_it_carries():
    text = ("和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知\n各委、局，各街道办事处：\n"
            "区政务公开办拟定的《2017年和平区政务公开重点工作安排》已经区人民政府同意，现转发给你们，请照此执行。\n"
            "2017年5月19日\n2017年和平区政务公开重点工作安排\n一、工作重点\n" + HEPING_2 + "\n")
    n = _notice(text, title="和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知",
                issuer="天津市和平区人民政府办公室", body_end=len(text))
    find_layers(n)
    assert [(layer.kind, layer.title) for layer in n.layers] == [
        ("notice", "和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知"),
        ("plan", "2017年和平区政务公开重点工作安排")]


def test_find_paragraphs_numbers_each_paragraph_by_its_ordinals():
    text = "一、工作重点\n（一）解读经济政策\n" + HEPING_2 + "\n"
    n = _notice(text)
    layer = _layer(n)
    find_paragraphs(n)
    assert [(p.number, p.path, p.level) for p in layer.paragraphs] == [
        ("一、", ("1",), 1), ("(一)", ("1", "1"), 2), ("2.", ("1", "1", "2"), 3)]  # as normalised


def test_find_tasks_reads_the_statement_that_closes_a_task():
    n = _notice(HEPING_2 + "\n")
    layer = _layer(n)
    layer.paragraphs = [_numbered(n.norm.text, 0, "2.", ("2",), 3)]
    find_tasks(n)
    (task,) = layer.tasks
    assert (task.label, task.span.slice(n.text)) == ("2.", "按月公开全区财政收支情况,解读财政收支增减变化情况及原因")
    assert [(a.label, a.role) for a in task.assignments] == [("区财政局", Role.RESPONSIBLE)]


def test_find_field_tasks_reads_labelled_fields_run_together():
    # pingtan-2019-taiwan-town-plan: 牵头单位：X责任单位：Y, on the line after the task
    text = ("1.推进台湾小镇项目建设。\n牵头单位：澳前镇责任单位：区规划局、区交建局\n")
    n = _notice(text)
    layer = _layer(n)
    layer.paragraphs = [_numbered(text, 0, "1.", ("1",), 3),
                        Paragraph(text.index("牵头"), len(text) - 1, text.index("牵头"), ("1", "p2"))]
    find_field_tasks(n)
    (task,) = layer.tasks
    assert [(a.label, a.role) for a in task.assignments] == [
        ("澳前镇", Role.LEAD), ("区规划局", Role.RESPONSIBLE), ("区交建局", Role.RESPONSIBLE)]


def test_find_heading_tasks_gives_a_headed_unit_its_items():
    # pingtan-2021-myopia-duties: 五、职责分工 then a unit as the heading of each item
    text = ("五、职责分工\n（一）区党群工作部按照国家、省部署落实完善学校校医、保健教师和健康教育教师职称评审政策。\n"
            "（二）区社会事业局负责统筹协调全区儿童青少年近视防控工作。\n")
    n = _notice(text)
    layer = _layer(n)
    layer.paragraphs = [_numbered(text, 0, "五、", ("5",), 1),
                        _numbered(text, text.index("（一）"), "（一）", ("5", "1"), 2),
                        _numbered(text, text.index("（二）"), "（二）", ("5", "2"), 2)]
    find_heading_tasks(n)
    assert [(t.key, [(a.label, a.role) for a in t.assignments]) for t in layer.tasks] == [
        ("5/1", [("区党群工作部", Role.RESPONSIBLE)]), ("5/2", [("区社会事业局", Role.RESPONSIBLE)])]


def test_find_prose_tasks_reads_who_leads_in_running_text():
    # sh-2016-lingang-shuangte-opinions: a task handed out in a sentence of its own
    text = "（三）临港地区管委会负责统筹推进双特政策的实施，市财政局配合。\n"
    n = _notice(text)
    layer = _layer(n)
    layer.paragraphs = [_numbered(text, 0, "（三）", ("3",), 2)]
    find_prose_tasks(n)
    (task,) = layer.tasks
    assert [(a.label, a.role) for a in task.assignments] == [
        ("临港地区管委会", Role.RESPONSIBLE), ("市财政局", Role.SUPPORTING)]


def test_find_tables_reads_a_flattened_task_table():
    # pingtan-2021-zwgk-fenjie: the header by its column names, then rows run together
    text = ("工作任务工作要求牵头单位配合/责任单位一、紧扣“十四五”开好局起好步深化政务公开(一)做好各类规划主动公开"
            "1.主动公开“十四五”规划纲要、国土空间规划、专项规划和区域规划等。通过政府门户网站专题专栏集中展示。"
            "区经济发展局区自然资源与生态环境局 区直有关单位,各区属事业单位\n")
    n = _notice(text)
    layer = _layer(n)
    find_tables(n)
    assert layer.tables
    assert [(a.label, a.role) for t in layer.tasks for a in t.assignments] == [
        ("区经济发展局", Role.LEAD), ("区自然资源与生态环境局", Role.LEAD),
        ("区直有关单位", Role.SUPPORTING), ("各区属事业单位", Role.SUPPORTING)]


def test_find_sections_puts_each_task_in_its_section():
    text = "一、工作重点\n" + HEPING_2 + "\n"
    n = _notice(text)
    layer = _layer(n)
    layer.paragraphs = [_numbered(text, 0, "一、", ("1",), 1), _numbered(text, text.index("2."), "2.", ("1", "2"), 3)]
    layer.tasks = [Task(key="1/2", section=None, label="2.", span=Span(text.index("按月"), text.index("(责任")))]
    find_sections(n)
    assert [(s.key, s.number, s.heading) for s in layer.sections] == [("1", "一、", "工作重点")]
    assert layer.tasks[0].section == "1"


def test_find_timing_reads_recurrence_deadline_and_trigger():
    text = "35.较大突发事件发生后,及时向市人民政府报告,按月公开,2017年6月底前完成。\n"
    n = _notice(text, date_written="2017-05-19")
    layer = _layer(n)
    layer.tasks = [Task(key="35", section=None, label="35.", span=Span(3, len(text) - 1))]
    find_timing(n)
    (task,) = layer.tasks
    assert [r.frequency for r in task.recurrences] == [Frequency.MONTHLY]
    assert [d.date for d in task.deadlines] == ["2017-06-30"]
    assert [c.cue for c in task.promptness] == ["及时"] and [c.cue for c in task.triggers] == ["较大突发事件发生后"]


def test_find_citations_reads_what_a_layer_is_based_on():
    text = ("根据《国务院办公厅关于印发2017年政务公开工作要点的通知》（国办发〔2017〕24号）精神，"
            "结合我区实际，制定本安排。\n")
    n = _notice(text)
    _layer(n, title="2017年和平区政务公开重点工作安排")
    find_citations(n)
    (cite,) = n.layers[0].citations
    assert (cite.title, cite.doc_number, cite.relation) == (
        "国务院办公厅关于印发2017年政务公开工作要点的通知", "国办发〔2017〕24号", "based_on")


def test_resolve_units_reads_each_name_relative_to_the_issuer():
    text = HEPING_2 + "\n"
    n = _notice(text, issuer="天津市和平区人民政府办公室", doc_number="和平政办〔2017〕9号")
    layer = _layer(n)
    span = Span(text.index("区财政局"), text.index("区财政局") + 4)
    layer.tasks = [Task(key="2", section=None, label="2.", span=Span(2, text.index("(")),
                        assignments=[Assignment("区财政局", Role.RESPONSIBLE, span)])]
    resolve_units(n)
    assert n.jurisdiction.code == "120101" and n.home == "120101"
    unit = layer.tasks[0].assignments[0].unit
    assert (unit.key, unit.name) == ("120101/财政局", "天津市和平区财政局")
    assert unit.parent_key in n.parent_units


def test_check_assignments_flags_two_units_run_together():
    text = "1.做好公开工作。(责任单位:区财政局区发改委)\n"
    n = _notice(text)
    layer = _layer(n)
    span = Span(text.index("区财政局"), text.index(")"))
    layer.tasks = [Task(key="1", section=None, label="1.", span=Span(2, 8),
                        assignments=[Assignment("区财政局区发改委", Role.RESPONSIBLE, span)])]
    check_assignments(n)
    assert n.warnings == ["unit '区财政局区发改委' (task 1) looks like two units run together (a lost 、?); kept as one"]


def test_name_documents_gives_the_notice_and_each_cited_document_an_identity():
    text = "x\n"
    n = _notice(text, doc_number="和平政办〔2017〕9号", home="120101")
    cited = Citation(Span(0, 1), title="国务院办公厅关于印发2017年政务公开工作要点的通知", doc_number="国办发〔2017〕24号",
                     home="cn")
    _layer(n, title="2017年和平区政务公开 重点工作安排", citations=[cited])
    name_documents(n)
    assert n.identity == DocumentId("120101", ("和平政办", "2017", "9"))
    assert cited.identity == DocumentId("cn", ("国办发", "2017", "24"))
    assert (n.layers[0].clean_title, n.layers[0].doctype) == ("2017年和平区政务公开重点工作安排", "arrangement")
    assert cited.clean_title == cited.title

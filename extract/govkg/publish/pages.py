"""The HTML of every page: a view from :mod:`govkg.publish.data` in, a whole page out — one
per published resource (:func:`resource_page`: notice, plan, cited document, task, source text,
unit, place, concept, the ontology, anything else) and the index pages.

Each page is laid out from the parts of :mod:`govkg.publish.html` (the frame, links, tables)
and names the resources it links to by their labels; the workload chart is :mod:`govkg.publish.svg`'s.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from govkg.publish import data
from govkg.publish.data import (
    ROLE_ORDER,
    doc_heading,
    label,
    role_iri,
    section_heading,
    short,
)
from govkg.publish.docs import doc_pages
from govkg.publish.html import (
    Page,
    Span,
    clip,
    esc,
    layout,
    marked,
    meta,
    statement_table,
    table,
)
from govkg.publish.site import Site, fragment_id
from govkg.publish.svg import Bar, workload_svg
from govkg.rdf.vocab import (
    NS,
    ONTOLOGY_GRAPH,
    OWL,
    RDFS,
    SKOS,
    char_fragment,
)

if TYPE_CHECKING:
    from govkg.publish.write import Dump
    from govkg.query.saved import SavedQuery


#: the longest list of tasks, units or documents a page shows
LIST_LIMIT = 300


# -- parts of several pages ----------------------------------------------------------------------


def links(page: Page, iris: list[str]) -> str:
    """Links to *iris*, each with its label."""
    return "、".join(page.link(iri) for iri in iris)


def doc_links(page: Page, docs: list[str]) -> str:
    """Links to the documents *docs*, each with its heading."""
    return "、".join(page.link(d, doc_heading(page.site, d)) for d in docs)


def crumb(site: Site, iri: str, limit: int) -> tuple[str, str | None]:
    """A breadcrumb to *iri*'s page, its label cut to *limit* characters."""
    return clip(label(site, iri), limit), site.path(iri)


def role_badge(page: Page, role: str) -> str:
    """The coloured badge of the role with notation *role*, linked to its concept."""
    concept = role_iri(role)
    return page.link(concept, cls=f"role role-{role}")


def assignee(page: Page, a: data.Assignment) -> str:
    """A unit of a task in a task list: its role's badge and its name as written, linked."""
    return (role_badge(page, a.role) + page.link(a.unit, a.written, title=label(page.site, a.unit))
            + ("<sup class=muted>默认</sup>" if a.implied else ""))


_TAG_NAMES = {"promptness": "及时", "trigger": "触发"}


def timing_tag(page: Page, timing: data.Timing) -> str:
    """A time requirement as a tag in a task list: the frequency (with the words of the text
    as its tooltip), the deadline, or what the text says."""
    if timing.kind == "recurrence":
        return page.link(timing.frequency, cls="tag", title=f"原文：{timing.cue}")
    if timing.kind == "deadline":
        due = f"（{esc(timing.date)}）" if timing.date else ""
        return f'<span class="tag" title="完成时限">时限：{esc(timing.cue)}{due}</span>'
    name = _TAG_NAMES[timing.kind]
    return f'<span class="tag">{name}' + (f"：{esc(timing.cue)}" if timing.cue != name else "") + "</span>"


def task_item(page: Page, item: data.TaskItem, id_: str | None = None) -> str:
    """A task in a list: its ordinal (linked), text, units and timing."""
    who = " ".join(assignee(page, a) for a in item.assignments)
    when = " ".join(timing_tag(page, t) for t in item.timings)
    ident = f' id="{esc(id_)}"' if id_ else ""
    return (f'<li class="task"{ident}>{page.link(item.iri, item.ordinal or "任务", cls="ord")}'
            f'<span class="text">{esc(item.text)}</span>'
            + (f'<p class="who">{who}</p>' if who else "") + (f'<p class="when">{when}</p>' if when else "") + "</li>")


NO_TASKS = '<p class="muted">此文件中未识别出任务。</p>'


def structure(page: Page, parts: list[data.Section | data.TaskItem]) -> str:
    """A document's sections in order, each with its tasks."""
    return _parts(page, parts, 0) or NO_TASKS


def _parts(page: Page, parts: list[data.Section | data.TaskItem], depth: int) -> str:
    """Each run of tasks as one list, each section with its heading (``h3`` at *depth* 0) and parts."""
    out = []
    for is_task, run in groupby(parts, key=lambda part: isinstance(part, data.TaskItem)):
        if is_task:
            out.append('<ol class="tasks">' + "".join(task_item(page, t, page.anchor(t.iri)) for t in run) + "</ol>")
        else:
            h = min(3 + depth, 6)
            out += [f'<section id="{esc(page.anchor(s.iri))}"><h{h}>{esc(s.heading)}</h{h}>'
                    f"{_parts(page, s.parts, depth + 1)}</section>" for s in run]
    return "".join(out)


def workload_chart(page: Page, rows: list[data.Workload], limit: int = 12) -> str:
    """The chart of the *limit* busiest units of *rows*, and how many more there are."""
    if not rows:
        return ""
    site = page.site
    bars = [Bar(w.written, label(site, w.unit), page.href(w.unit), w.roles) for w in rows[:limit]]
    chart = workload_svg(bars, {role: label(site, role_iri(role)) for role in ROLE_ORDER})
    more = f'<p class="muted">另有 {len(rows) - limit} 个单位未画出。</p>' if len(rows) > limit else ""
    return chart + more


# -- documents ------------------------------------------------------------------------------------


def document_page(page: Page) -> str:
    """A notice or a transmitted plan: its metadata, its units' workload, its structure with
    every task, what it cites."""
    site = page.site
    doc = data.document_view(site, page.iri)
    sub = " · ".join(esc(x) for x in (doc.meta.number, doc.meta.date) if x)
    body = [f"<h1>{esc(doc.title)}</h1>", f'<p class="sub">{sub}</p>' if sub else "",
            meta(document_page_rows(page, doc))]
    chart = workload_chart(page, doc.workload)
    if chart:
        body.append(f"<h2>各单位工作量</h2>{chart}")
    body += [layer_html(page, layer, main=layer.iri == doc.iri, alone=len(doc.layers) == 1) for layer in doc.layers]
    body.append(statement_table(page, doc.statements))
    crumbs = [("文件", "eli/")]
    if doc.kind == "plan":
        crumbs += [crumb(site, parent, 24) for parent in doc.meta.transmitted_by]
    crumbs.append((clip(label(site, doc.iri), 30), None))
    return layout(page, doc.title, "".join(body), crumbs)


def document_page_rows(page: Page, doc: data.DocumentView) -> list[tuple[str, str]]:
    """The metadata of a notice or plan, its source text, its dump and how many tasks it holds."""
    rows = document_rows(page, doc.meta)
    if doc.source:
        rows.append(("原文", page.link(doc.source, f"原文全文（{doc.file_name}）")))
    if doc.dump:
        rows.append(("本文件数据", f'<a href="{esc(page.to(doc.dump))}">N-Quads（gzip）</a>'))
    rows.append(("任务数", str(doc.tasks)))
    return rows


_VALIDITY = {True: "有效", False: "失效", None: ""}


def document_rows(page: Page, m: data.DocumentMeta) -> list[tuple[str, str]]:
    """The rows of a document's metadata list."""
    return [
        ("发文字号", esc(m.number)),
        ("发文机关", links(page, m.issuers)),
        ("成文日期", esc(m.date)),
        ("发布日期", esc(m.published)),
        ("有效性", _VALIDITY[m.in_force]),
        ("索引号", esc(m.local_id)),
        ("文种", links(page, m.types)),
        ("辖区", links(page, m.places)),
        ("主题", esc("、".join(m.subjects))),
        ("主送", esc("、".join(m.addressees))),
        ("审议", esc(m.approved_by)),
        ("公开方式", esc(m.disclosure)),
        ("转发/印发", doc_links(page, m.transmits)),
        ("由…转发", doc_links(page, m.transmitted_by)),
    ]


def layer_html(page: Page, layer: data.Layer, *, main: bool, alone: bool) -> str:
    """A layer of a notice's page: the structure of the notice itself (*main*), or a plan it
    transmits under its own heading; then what it cites."""
    if not main:
        approved = f'<p class="muted">审议：{esc(layer.approved_by)}</p>' if layer.approved_by else ""
        html = (f"<h2>附件：{page.link(layer.iri, doc_heading(page.site, layer.iri))}</h2>"
                + approved + structure(page, layer.parts))
    elif layer.has_parts:
        html = "<h2>结构与任务</h2>" + structure(page, layer.parts)
    else:
        html = NO_TASKS if alone else ""
    return html + citation_table(page, layer.citations)


_RELATIONS = {"based_on": "根据", "applies": "按照/贯彻", "cites": "引用"}


def citation_table(page: Page, cited: list[data.Citation]) -> str:
    """The documents a document cites, with how and their numbers."""
    if not cited:
        return ""
    return "<h2>引用的文件</h2>" + table(["关系", "文件", "文号"], (
        f"<tr><td>{_RELATIONS[c.relation]}</td><td>{page.link(c.doc, doc_heading(page.site, c.doc))}</td>"
        f"<td>{esc(c.number)}</td></tr>" for c in cited))


def cited_page(page: Page) -> str:
    """A document that notices cite but whose text is not in the corpus."""
    site = page.site
    doc = data.cited_view(site, page.iri)
    body = [f"<h1>{esc(doc.title)}</h1>", '<p class="sub">被引用的文件（全文不在本数据集中）</p>',
            meta(document_rows(page, doc.meta))]
    if doc.citers:
        body.append("<h2>引用它的文件</h2>" + table(["文件", "关系"], (
            f"<tr><td>{page.link(c.doc, doc_heading(site, c.doc))}</td><td>{_RELATIONS[c.relation]}</td></tr>"
            for c in doc.citers)))
    if doc.tasks:
        body.append('<h2>以它为依据的任务</h2><ol class="tasks">'
                    + "".join(task_item(page, t) for t in doc.tasks) + "</ol>")
    body.append(statement_table(page, doc.statements))
    return layout(page, doc.title, "".join(body), [("文件", "eli/"), (clip(label(site, doc.iri), 30), None)])


# -- tasks ----------------------------------------------------------------------------------------


def task_page(page: Page) -> str:
    """A task: its text, units and roles, timing, basis, and its place in the source text."""
    site = page.site
    task = data.task_view(site, page.iri)
    body = [f"<h1>任务 {esc(task.ordinal)}</h1>"]
    if task.doc:
        body.append(f'<p class="sub">{page.link(task.doc, doc_heading(site, task.doc))}</p>')
    body += [f"<blockquote>{esc(task.text)}</blockquote>", assignment_table(page, task.assignments),
             mention_list(page, task.mentions), timing_table(page, task.timings), basis_list(page, task.basis),
             source_excerpt(page, task.excerpt) if task.excerpt else ""]
    if task.section:
        body.append(f"<p>所在章节：{page.link(task.section, section_heading(site, task.section))}</p>")
    body += [neighbours(page, task), statement_table(page, task.statements)]
    return layout(page, f"任务 {task.ordinal} · {clip(task.text, 24)}", "".join(body), task_crumbs(page, task))


def assignment_table(page: Page, rows: list[data.Assignment]) -> str:
    """A task's units, each with its name as written and role, at the assignment's id."""
    if not rows:
        return ""
    trs = (f'<tr id="{esc(page.anchor(a.node))}"><td>{page.link(a.unit)}</td><td>{esc(a.written)}</td>'
           f"<td>{role_badge(page, a.role)}</td><td>{'默认承担' if a.implied else ''}</td></tr>" for a in rows)
    return "<h2>责任单位</h2>" + table(["单位", "原文写法", "角色", ""], trs)


def mention_list(page: Page, mentions: list[data.Mention]) -> str:
    """The units a task's text mentions, at the mention's id."""
    if not mentions:
        return ""
    return "<h2>提及的单位</h2><ul>" + "".join(f'<li id="{esc(page.anchor(m.node))}">{page.link(u, m.written)}</li>'
                                           for m in mentions for u in m.units) + "</ul>"


_TIMING_KINDS = {"recurrence": "周期", "deadline": "时限", "promptness": "及时性", "trigger": "触发条件"}


def timing_table(page: Page, timings: list[data.Timing]) -> str:
    """A task's time requirements, each at its id, with the words of the text."""
    if not timings:
        return ""
    return "<h2>时间要求</h2>" + table(["类型", "值", "原文"], (
        f'<tr id="{esc(page.anchor(t.node))}"><td>{_TIMING_KINDS[t.kind]}</td><td>{timing_value(page, t)}</td>'
        f"<td>{esc(t.cue)}</td></tr>" for t in timings))


def timing_value(page: Page, timing: data.Timing) -> str:
    """A recurrence's frequency (linked), a deadline's date or days; nothing for the others."""
    if timing.kind == "recurrence":
        return page.link(timing.frequency)
    if timing.kind == "deadline":
        return esc(timing.date or (f"{timing.within_days} 日内" if timing.within_days else ""))
    return ""


def basis_list(page: Page, basis: list[str]) -> str:
    """The documents a task is based on."""
    if not basis:
        return ""
    return "<h2>依据</h2><ul>" + "".join(f"<li>{page.link(b, doc_heading(page.site, b))}</li>" for b in basis) + "</ul>"


def source_excerpt(page: Page, excerpt: data.Excerpt, context: int = 50) -> str:
    """The words of a fact's evidence marked in *context* characters either side, linked to
    the same span on the source text's page."""
    text, start, end = excerpt.text, excerpt.start, excerpt.end
    a, b = max(0, start - context), min(len(text), end + context)
    marked_text = (("…" if a else "") + esc(text[a:start]) + f'<mark class="hit">{esc(text[start:end])}</mark>'
                   + esc(text[end:b]) + ("…" if b < len(text) else ""))
    where = page.site.page_of(excerpt.source)
    link = f'<a href="{esc(page.to(f"{where}#{char_fragment(start, end)}"))}">在原文中查看 ›</a>' if where else ""
    return (f'<h2>原文</h2><p class="excerpt sourcetext">{marked_text}</p>'
            f'<p class="muted">第 {start}–{end} 字（码位偏移）。{link}</p>')


def neighbours(page: Page, task: data.TaskView) -> str:
    """Links to the tasks before and after *task* in its document."""
    nav = []
    if task.previous:
        nav.append("‹ 上一项 " + page.link(task.previous))
    if task.next:
        nav.append(page.link(task.next) + " 下一项 ›")
    return '<p class="muted">' + "　·　".join(nav) + "</p>" if nav else ""


def task_crumbs(page: Page, task: data.TaskView) -> list[tuple[str, str | None]]:
    """Documents, the documents that transmit the task's document, the document, the task."""
    site = page.site
    crumbs: list[tuple[str, str | None]] = [("文件", "eli/")]
    if task.doc:
        crumbs += [crumb(site, parent, 24) for parent in task.carriers]
        name = "附件" if site.kind(task.doc) == "plan" else label(site, task.doc)
        crumbs.append((clip(name, 24), site.path(task.doc)))
    crumbs.append((f"任务 {task.ordinal}", None))
    return crumbs


# -- source texts ---------------------------------------------------------------------------------


def source_page(page: Page) -> str:
    """The notice's text as read, every fact's span marked; ``#id`` lights one up (no script)."""
    site = page.site
    src = data.source_view(site, page.iri)
    heading = doc_heading(site, src.notice)
    body = [f"<h1>原文：{esc(heading)}</h1>",
            meta([("文件", page.link(src.notice, heading)), ("文件名", esc(src.file_name)), ("格式", esc(src.format)),
                  ("编码", esc(src.encoding)), ("字符数", esc(src.characters)),
                  ("SHA-256", f"<code>{esc(src.sha256)}</code>")]),
            '<p class="muted">浅蓝底为任务，绿线为责任单位，橙色虚线为时间要求，紫线为引用；'
            "从任务页进入时，对应片段以黄色标出。</p>",
            f'<div class="sourcetext">{marked(src.text, [source_span(page, m) for m in src.marks])}</div>']
    if src.text:
        body.append('<p><a href="index.txt" type="text/plain">纯文本</a></p>')
    body.append(statement_table(page, src.statements))
    crumbs = [("文件", "eli/"), crumb(site, src.notice, 24), ("原文", None)]
    return layout(page, f"原文 · {heading}", "".join(body), crumbs)


def source_span(page: Page, mark: data.Mark) -> Span:
    """A fact's span in the source text, with its RFC 5147 fragment as id (so the evidence IRI
    ``…/source#char=S,E`` lands on it); a task's links to the task."""
    task = mark.kind == "task"
    return Span(mark.start, mark.end, mark.kind, char_fragment(mark.start, mark.end),
                page.href(mark.fact) if task else None, label(page.site, mark.fact) if task else None)


# -- units, places, concepts ----------------------------------------------------------------------


def unit_page(page: Page) -> str:
    """A unit: its names, place in the hierarchy, and every task it carries, across notices."""
    unit = data.unit_view(page.site, page.iri)
    body = [f"<h1>{esc(unit.name)}</h1>", meta(unit_rows(page, unit))]
    body += [unit_task_table(page, doc, tasks) for doc, tasks in unit.tasks.items()]
    if unit.mentions:
        body.append("<h2>在任务中被提及</h2><ul>" + "".join(
            f"<li>{page.link(m.task)}：{esc(clip(m.text, 60))}（写作“{esc(m.written)}”）</li>" for m in unit.mentions)
            + "</ul>")
    if unit.issued:
        body.append("<h2>发布或联合发布的文件</h2><ul>" + "".join(
            f"<li>{page.link(d, doc_heading(page.site, d))}</li>" for d in unit.issued) + "</ul>")
    body.append(statement_table(page, unit.statements))
    return layout(page, unit.name, "".join(body), [("单位", "unit/"), (unit.name, None)])


def unit_rows(page: Page, unit: data.UnitView) -> list[tuple[str, str]]:
    """What a unit is, its names and places in the hierarchy, and how many tasks it carries in each role."""
    roles = unit.roles
    summary = "、".join(f"{label(page.site, role_iri(r))} {roles[r]}" for r in ROLE_ORDER if roles[r])
    n_tasks = len({t.task for tasks in unit.tasks.values() for t in tasks})
    return [("类型", "集合性主体（非单一机构）" if unit.collective else "机构"),
            ("又称", esc("、".join(unit.alt_labels))),
            ("辖区", links(page, unit.places)),
            ("上级", links(page, unit.parents)),
            ("下属", links(page, unit.subunits)),
            ("垂直管理", "是" if unit.vertically_managed else ""),
            ("任务", f"{n_tasks} 项，见于 {len(unit.tasks)} 份文件" + (f"（{summary}）" if summary else ""))]


def unit_task_table(page: Page, doc: str, tasks: list[data.UnitTask]) -> str:
    """The tasks a unit carries in the document *doc* (the first :data:`LIST_LIMIT`)."""
    trs = (f'<tr><td class="nw">{page.link(t.task, t.ordinal or "任务")}</td><td>{esc(clip(t.text, 70))}</td>'
           f"<td>{role_badge(page, t.role)}</td><td>{esc(t.written)}</td></tr>" for t in tasks[:LIST_LIMIT])
    return f"<h3>{page.link(doc, doc_heading(page.site, doc))}</h3>" + table(["任务", "内容", "角色", "原文写法"], trs)


def place_page(page: Page) -> str:
    """A place: its code, the places above and below it, its documents and units."""
    place = data.place_view(page.site, page.iri)
    rows = [("行政区划代码", esc(place.code)), ("上级", links(page, place.broader)),
            ("下级", links(page, place.narrower))]
    body = [f"<h1>{esc(place.name)}</h1>", meta(rows)]
    if place.docs:
        body.append("<h2>本地的文件</h2><ul>" + "".join(
            f"<li>{page.link(d, doc_heading(page.site, d))}</li>" for d in place.docs) + "</ul>")
    if place.units:
        body.append("<h2>单位</h2><ul>" + "".join(f"<li>{page.link(u)}</li>" for u in place.units[:LIST_LIMIT])
                    + "</ul>")
    body.append(statement_table(page, place.statements))
    return layout(page, place.name, "".join(body), [("地区", "place/"), (place.name, None)])


def concept_page(page: Page) -> str:
    """A frequency, role or document-type concept, with where the graph uses it."""
    site = page.site
    c = data.concept_view(site, page.iri)
    rows = [("英文", esc(c.en or "")), ("代码", f"<code>{esc(c.notation)}</code>"), ("定义", esc(c.definition)),
            ("概念体系", page.link(c.scheme) if c.scheme else ""),
            ("对应", "、".join(page.link(m, short(m)) for m in c.matches))]
    body = [f"<h1>{esc(c.zh or c.en or c.iri)}</h1>", meta(rows), concept_use_table(page, c.uses)]
    if c.docs:
        body.append(f"<h2>此类文件（{len(c.docs)}）</h2><ul>" + "".join(
            f"<li>{page.link(d, doc_heading(site, d))}</li>" for d in c.docs[:LIST_LIMIT]) + "</ul>")
    body.append(statement_table(page, c.statements))
    scheme_page = site.page_of(c.scheme) if c.scheme else None
    crumbs = [("词表", "vocab/")] + ([(label(site, c.scheme), scheme_page)] if scheme_page else [])
    crumbs.append((c.zh or c.iri, None))
    return layout(page, c.zh or c.iri, "".join(body), crumbs)


def concept_use_table(page: Page, uses: list[data.ConceptUse]) -> str:
    """The tasks that use a concept, ordered by task and then by the links to its units (the
    first :data:`LIST_LIMIT`)."""
    if not uses:
        return ""
    rows = sorted(((use.task, " ".join(page.link(u, use.written) for u in use.units), use) for use in uses),
                  key=lambda row: row[:2])
    trs = (f'<tr><td class="nw">{page.link(task)}</td><td>{esc(clip(use.text, 60))}</td><td>{who}</td>'
           f"<td>{page.link(use.doc, clip(doc_heading(page.site, use.doc), 20)) if use.doc else ''}</td></tr>"
           for task, who, use in rows[:LIST_LIMIT])
    more = (f'<p class="muted">共 {len(uses)} 项，此处列出前 {LIST_LIMIT} 项；全部可用 SPARQL 查询。</p>'
            if len(uses) > LIST_LIMIT else "")
    return f"<h2>使用它的任务（{len(uses)}）</h2>" + table(["任务", "内容", "单位", "文件"], trs) + more


# -- the ontology, other resources ----------------------------------------------------------------


_LINK_NAMES = {RDFS.subClassOf.value: "上位类", SKOS.closeMatch.value: "近似", OWL.disjointWith.value: "不相交",
               RDFS.domain.value: "定义域", RDFS.range.value: "值域", RDFS.subPropertyOf.value: "上位属性",
               OWL.inverseOf.value: "逆属性"}


def ontology_page(page: Page) -> str:
    """The ontology as documentation: classes, properties and concept schemes, zh/en."""
    page = replace(page, iri=ONTOLOGY_GRAPH)  # the page of any owl:Ontology documents govkg's
    onto = data.ontology_view(page.site)
    body = [f"<h1>{esc(onto.zh or 'govkg 本体')}</h1>", f'<p class="sub">{esc(onto.en)} · 版本 {esc(onto.version)}</p>',
            f"<p>{esc(onto.comment)}</p>",
            meta([("命名空间", f"<code>{esc(NS)}</code>"),
                  ("许可", "、".join(page.link(o, o) for o in onto.licenses))]),
            "<p>文件用 ELI、单位用 ORG / CPOV、概念用 SKOS、时限用 OWL-Time、来源用 PROV、原文片段用 Web Annotation；"
            "以下为 govkg 自有的部分。</p>",
            "<h2>类</h2>" + "".join(term_section(page, c) for c in onto.classes),
            "<h2>属性</h2>" + "".join(term_section(page, p) for p in onto.properties),
            "<h2>概念体系</h2>" + "".join(term_section(page, s.term, scheme_table(page, s)) for s in onto.schemes),
            w3id_note(page)]
    return layout(page, "govkg 本体", "".join(body), [("词表", "vocab/"), ("本体", None)])


def term_section(page: Page, term: data.Term, more: str = "") -> str:
    """A term of the ontology at its own id (its local name): its labels, comment, links, and *more*."""
    frag = term.iri[len(NS):] if term.iri.startswith(NS) else fragment_id(term.iri)
    rows = [(_LINK_NAMES[p], "、".join(page.link(o, short(o)) for o in objects)) for p, objects in term.links]
    return (f'<section id="{esc(frag)}"><h3>{esc(term.zh or "")} <code>{esc(short(term.iri))}</code></h3>'
            f'<p><i lang="en">{esc(term.en or "")}</i> — <span lang="en">{esc(term.comment)}</span></p>'
            f"{meta(rows)}{more}</section>")


def scheme_table(page: Page, scheme: data.Scheme) -> str:
    """The concepts of a scheme with their notations, English labels and definitions."""
    return table(["概念", "代码", "英文", "定义"], (
        f"<tr><td>{page.link(c.iri)}</td><td><code>{esc(c.notation)}</code></td><td>{esc(c.en)}</td>"
        f"<td>{esc(c.definition)}</td></tr>" for c in scheme.concepts))


def w3id_note(page: Page) -> str:
    """How to make the vocabulary's w3id.org IRIs resolve to this site."""
    target = page.site.base + "vocab/"
    return ("<h2>永久标识</h2><p>本体与词表的 IRI 在 <code>https://w3id.org/govkg/</code> 之下，与数据的基础 IRI 无关。"
            "要让它们可解析，需在 w3id.org 登记一条重定向（见 "
            f'<a href="{esc(page.to("vocab/w3id.htaccess"))}">w3id.htaccess</a>），'
            f"把 <code>https://w3id.org/govkg/X</code> 以 303 转到 <code>{esc(target)}X</code>"
            f"（<code>ns#词</code> 转到 <code>{esc(target)}ns/</code>）。</p>")


def generic_page(page: Page) -> str:
    """Any other resource: its types and every statement about it (open)."""
    res = data.generic_view(page.site, page.iri)
    body = [f"<h1>{esc(res.name)}</h1>", f'<p class="sub">{"、".join(page.link(t, short(t)) for t in res.types)}</p>',
            statement_table(page, res.statements, open_=True)]
    return layout(page, res.name, "".join(body), [(res.name, None)])


# -- any resource ---------------------------------------------------------------------------------


RENDERERS = {"notice": document_page, "plan": document_page, "cited": cited_page, "task": task_page,
             "unit": unit_page, "place": place_page, "source": source_page, "concept": concept_page,
             "ontology": ontology_page, "generic": generic_page}


def resource_page(site: Site, iri: str) -> str:
    """The HTML page of the published resource *iri*.

    :raises KeyError: when *iri* is not a published resource.
    """
    kind = site.kind(iri)
    if kind is None:
        raise KeyError(iri)
    return RENDERERS[kind](Page(site, site.path(iri), iri))


# -- index pages ----------------------------------------------------------------------------------


def home_page(site: Site) -> str:
    """What govkg is, the notices with their counts, and where to go from here."""
    page = Page(site, "")
    home = data.home_view(site)
    body = ["<h1>政府职责知识图谱</h1>",
            "<p>govkg 把政府公文（通知、意见、工作安排、分工方案）变成一张有据可查的知识图谱："
            "哪个单位、以什么角色、多久一次、在什么期限内、依据什么文件，承担哪项任务——每条事实都能追溯到原文的具体字符。</p>",
            meta([("文件", f"{len(home.notices)} 份公文"), ("任务", f"{home.tasks} 项"),
                  ("责任分配", f"{home.assignments} 条"), ("单位", f"{home.units} 个（承担任务的）")]),
            "<h2>公文</h2>", notice_table(page, home.notices),
            "<h2>浏览与使用</h2><ul>",
            f'<li><a href="{esc(page.to("unit/"))}">单位</a>：每个单位在全部公文中的任务</li>',
            f'<li><a href="{esc(page.to("vocab/"))}">词表</a>：频率、角色、文种；'
            f'<a href="{esc(page.to("vocab/ns/"))}">本体文档</a></li>',
            f'<li><a href="{esc(page.to("queries/"))}">保存的查询</a>（SPARQL）</li>',
            f'<li><a href="{esc(page.to("dumps/"))}">数据下载</a>：全量与逐件的 N-Quads（gzip），附 SHA-256</li>',
            f'<li><a href="{esc(page.to("void.ttl"))}">数据集描述</a>'
            "（VoID / DCAT，亦见 <code>/.well-known/void</code>）</li>"]
    if site.sparql:
        body.append(f'<li>SPARQL 端点：<a href="{esc(site.sparql)}" rel="external">{esc(site.sparql)}</a></li>')
    body.append('</ul><p class="muted">每个页面旁都有同一资源的 Turtle、JSON-LD 与 N-Triples；'
                "资源 IRI 即页面地址。</p>")
    return layout(page, "政府职责知识图谱", "".join(body), [], data=False)


def notice_table(page: Page, notices: list[data.NoticeRow]) -> str:
    """Notices with their numbers, dates, issuers and tasks."""
    return table(["文件", "文号", "成文日期", "发文机关", "任务"], (
        f"<tr><td>{page.link(n.iri, doc_heading(page.site, n.iri))}</td><td>{esc(n.number)}</td>"
        f'<td class="nw">{esc(n.date)}</td><td>{links(page, n.issuers)}</td><td>{n.tasks}</td></tr>' for n in notices))


def documents_index(site: Site) -> str:
    """The notices, the plans they transmit, and the documents they cite."""
    page = Page(site, "eli/")
    docs = data.documents_view(site)
    body = ["<h1>文件</h1>", "<h2>公文（全文在本数据集中）</h2>", notice_table(page, docs.notices)]
    if docs.plans:
        body.append("<h2>随文转发或印发的文件</h2><ul>" + "".join(
            f"<li>{page.link(p, doc_heading(site, p))}（{n} 项任务）</li>" for p, n in docs.plans) + "</ul>")
    if docs.cited:
        body.append("<h2>被引用的文件</h2><ul>" + "".join(
            f"<li>{page.link(d, doc_heading(site, d))} {esc(number)}</li>" for d, number in docs.cited) + "</ul>")
    return layout(page, "文件", "".join(body), [("文件", None)], data=False)


def units_index(site: Site) -> str:
    """The units by jurisdiction, each with how many tasks it carries."""
    page = Page(site, "unit/")
    body = ["<h1>单位</h1>", '<p class="sub">按辖区排列；括号内为在全部公文中承担的任务数。</p>']
    body += [f"<h2>{page.link(place) if place else '其他'}</h2><ul>" + "".join(
        f"<li>{page.link(u)}" + (f"（{n}）" if n else "") + "</li>" for u, n in units) + "</ul>"
        for place, units in data.units_by_place(site).items()]
    return layout(page, "单位", "".join(body), [("单位", None)], data=False)


def places_index(site: Site) -> str:
    """The places by division code, each with the places above it."""
    page = Page(site, "place/")
    rows = (f"<tr><td><code>{esc(code)}</code></td><td>{page.link(p)}</td><td>{links(page, broader)}</td></tr>"
            for p, code, broader in data.places(site))
    body = ["<h1>地区</h1>", table(["代码", "名称", "上级"], rows)]
    return layout(page, "地区", "".join(body), [("地区", None)], data=False)


def vocab_index(site: Site) -> str:
    """The vocabulary: where its documentation is, and every concept of every scheme."""
    page = Page(site, "vocab/")
    body = ["<h1>词表</h1>", f'<p>govkg 的类、属性与概念体系见<a href="{esc(page.to("vocab/ns/"))}">本体文档</a>。</p>',
            "<p>由 Ontospy 从 Turtle 文件生成的参考文档：" + "、".join(
                f'<a href="{esc(page.to(d.folder))}">{esc(d.title)}</a>' for d in doc_pages()) + "。</p>"]
    body += [f"<h2>{page.link(s.term.iri)}</h2><ul>" + "".join(
        f"<li>{page.link(c.iri)} <code>{esc(c.notation)}</code> {esc(c.en)}</li>" for c in s.concepts) + "</ul>"
        for s in data.schemes(site)]
    body.append(w3id_note(page))
    return layout(page, "词表", "".join(body), [("词表", None)], data=False)


def queries_page(site: Site, queries: list[SavedQuery]) -> str:
    """The saved queries with their summaries, parameters and text."""
    page = Page(site, "queries/")
    body = ["<h1>保存的查询</h1>",
            "<p>每个查询一个 <code>.rq</code> 文件，带 grlc 风格的头部；"
            "<code>?_名</code> 为必填参数，<code>?__名</code> 为可选参数。"
            "用 <code>govkg query 名称 --param 键=值</code> 在本地运行；"
            "<code>govkg serve</code> 时，每个查询也是一个网络调用："
            "<code>/api/名称?键=值&amp;format=csv</code>。</p>"]
    body += [query_section(page, q) for q in queries]
    return layout(page, "保存的查询", "".join(body), [("查询", None)], data=False)


def query_section(page: Page, q: SavedQuery) -> str:
    """A saved query: its summary, tags, parameters, web call, file and text; a link to run it
    on the SPARQL endpoint when it needs no parameter."""
    params = "、".join(f"<code>{esc(p.name)}</code>" + ("（必填）" if p.required else "（可选）") for p in q.params)
    call = f"<code>/api/{esc(q.name)}</code>" + "".join(
        f"<code>{'?' if i == 0 else '&amp;'}{esc(p.name)}=…</code>" for i, p in enumerate(q.params))
    run = ""
    if page.site.sparql and not any(p.required for p in q.params):
        url = page.site.sparql + "?" + urlencode({"query": q.text})
        run = f' · <a href="{esc(url)}" rel="external">在 SPARQL 端点运行</a>'
    return (f'<section id="{esc(q.name)}"><h2>{esc(q.name)}</h2><p>{esc(q.summary)}</p>'
            + meta([("标签", esc("、".join(q.tags))), ("参数", params), ("网络调用", call)])
            + f'<p><a href="{esc(q.name)}.rq" type="application/sparql-query">{esc(q.name)}.rq</a>{run}</p>'
            + f"<details><summary>查询文本</summary><pre>{esc(q.text)}</pre></details></section>")


def dumps_page(site: Site, dumps: list[Dump]) -> str:
    """The downloadable dumps with their sizes and SHA-256 checksums."""
    page = Page(site, "dumps/")
    body = ["<h1>数据下载</h1>",
            "<p>N-Quads（gzip 压缩，行已排序，内容相同则字节相同）："
            "每份公文在自己的命名图中，另有本体与地名/单位表各一个命名图。"
            f'校验和见 <a href="{esc(page.to("dumps/SHA256SUMS"))}">SHA256SUMS</a>'
            "（可用 <code>sha256sum -c SHA256SUMS</code> 检查）。</p>",
            table(["内容", "文件", "四元组", "字节", "SHA-256"], (dump_row(page, d) for d in dumps))]
    return layout(page, "数据下载", "".join(body), [("数据下载", None)], data=False)


def dump_row(page: Page, dump: Dump) -> str:
    """A dump: the notice whose graph it holds (or all of them), its file, quads, bytes and checksum."""
    notice = None if dump.graph is None else dump.graph[: -len("/graph")]
    what = "全部（所有命名图）" if notice is None else page.link(notice, doc_heading(page.site, notice))
    return (f'<tr><td>{what}</td><td><a href="{esc(page.to(dump.path))}">{esc(dump.path.rsplit("/", 1)[-1])}</a></td>'
            f"<td>{dump.quads}</td><td>{dump.size:,}</td><td><code>{dump.sha256}</code></td></tr>")

"""Steps: the layers of a notice (a transmittal and the plan it carries) and the paragraphs of
each layer with their ordinal paths."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from govkg.extract.grammar.text import compiled, lines, ordinal_value, parse_date, strip_span
from govkg.extract.steps import step
from govkg.extract.steps.header import is_boilerplate, trailing_chrome
from govkg.model import Layer, Notice, Paragraph
from govkg.read.normalize import squeeze
from govkg.resources import rules

_S = rules("structure")
_ORDINALS = [(o["level"], re.compile(r"\s*" + o["pattern"])) for o in _S["ordinal"]]
_TRANSMITS = [compiled(p) for p in _S["layers"]["transmits"]]
_DATE_LINE = compiled(_S["layers"]["date_line"])
_DISCLOSURE = compiled(rules("header")["disclosure"]["pattern"])
_APPROVAL = compiled(rules("header")["approval"]["pattern"])


@step(reads="notice.norm notice.fields notice.title notice.issuer notice.body_start notice.body_end",
      writes="notice.layers notice.body_end notice.warnings")
def find_layers(notice: Notice) -> None:
    """Split the body into the notice's own text and, for 转发/印发, the plan it carries."""
    t = notice.norm.text
    end = _footer_start(t, notice.body_start)
    notice.body_end = end
    notice_layer = Layer(kind="notice", title=notice.title, start=notice.body_start, end=end)
    if "title" in notice.fields:
        notice_layer.title_span = notice.fields["title"].span
    notice.layers = [notice_layer]

    carried = transmitted_title(notice.title or "")
    if carried is not None:
        plan = _find_plan(notice, t, carried)
        if plan:
            notice_layer.end = plan.start
            notice.layers.append(plan)
    # an approval (已经…审议通过, 经国务院同意) in the notice's text concerns what it issues
    m = _APPROVAL.search(t, notice_layer.start, notice_layer.end)
    if m:
        target = notice.layers[-1]
        target.approved_by = m[1].strip("《》")
        target.approved_span = notice.norm.span(m.start(1), m.end(1))


def transmitted_title(title: str) -> str | None:
    """The title of the document a 转发/印发 notice carries, or None when it carries none.

    >>> transmitted_title("国务院办公厅关于印发“无废城市”建设试点工作方案的通知")
    '“无废城市”建设试点工作方案'
    >>> transmitted_title("国务院关于促进综合保税区高水平开放高质量发展的若干意见") is None
    True
    """
    t = squeeze(title)
    for p in _TRANSMITS:
        m = p.search(t)
        if m:
            return m[1]
    return None


def _footer_start(t: str, start: int) -> int:
    """Where the web page's chrome begins after the notice's text (or the text's end)."""
    end = len(t)
    for s, e in lines(t, start):
        if is_boilerplate(t[s:e]):
            end = s
            break
    chrome = trailing_chrome(t, start)
    return min(end, chrome) if chrome is not None else end


def _find_plan(notice: Notice, t: str, carried: str) -> Layer | None:
    """The plan starts at its title: the first line after the sign-off (date line, then the
    disclosure note), or a later line that repeats the carried title; in a body run into one
    line, the words after the issuer's name and date."""
    return _plan_on_lines(notice, t, carried) or _plan_inline(notice, t, carried)


_SIGN_OFF_DATE = re.compile(r"\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:" + rules("header")["disclosure"]["pattern"]
                            + r")?\s*(?:附件\s*)?")
# the carried title ends at a space, a table's header (a first column name and another close
# after it, not the title's own words: …工作主要任务分解表|工作任务工作要求…), or the plan's first
# ordinal (…清单一、重点…)
_COLUMNS = rules("layouts")["table"]["columns"]
_FIRST_COLUMNS = "|".join(map(re.escape, _COLUMNS["ordinal"] + _COLUMNS["task"]))
_ANY_COLUMN = "|".join(map(re.escape, sorted({c for names in _COLUMNS.values() for c in names}, key=len, reverse=True)))
_TITLE_END = re.compile(
    rf"\s|(?=(?:{_FIRST_COLUMNS})(?:(?![{rules('layouts')['table']['not_in_qualifier']}])[\u4e00-\u9fff]){{0,6}}?"
    rf"(?:{_ANY_COLUMN}))|一、|\(一\)")


def _plan_inline(notice: Notice, t: str, carried: str) -> Layer | None:
    if not notice.issuer:
        return None
    for m in re.finditer(re.escape(notice.issuer), t[notice.body_start:notice.body_end]):
        k = notice.body_start + m.end()
        d = _SIGN_OFF_DATE.match(t, k)
        if not d:
            continue
        s = d.end()
        stop = _TITLE_END.search(t, s, min(notice.body_end, s + 80))
        e = stop.start() if stop else min(notice.body_end, s + 80)
        title = t[s:e]
        if 4 <= len(title) and SequenceMatcher(None, squeeze(title), squeeze(carried)).ratio() >= 0.6:
            return Layer(kind="plan", title=notice.norm.quote(s, e), title_span=notice.norm.span(s, e), start=e,
                         end=notice.body_end)
    return None


def _plan_on_lines(notice: Notice, t: str, carried: str) -> Layer | None:
    want = squeeze(carried)
    signed = False
    for s, e in lines(t, notice.body_start, notice.body_end):
        s, e = strip_span(t, s, e)
        if s == e:
            continue
        line = t[s:e]
        if _DATE_LINE.match(line):
            signed = True
            iso, repaired = parse_date(line)
            if repaired:
                notice.warn(f"date line {line!r} lost 年/月/日; read as {iso}")
            continue
        if _DISCLOSURE.fullmatch(line) or line.startswith("附件"):
            continue
        got = squeeze(line)
        if (signed and len(got) <= 60 and got[-1] not in "。:;,") or got == want:
            return Layer(kind="plan", title=t[s:e], title_span=notice.norm.span(s, e), start=e, end=notice.body_end)
        if signed:
            signed = False  # text after the date line that is not a title: not a sign-off
    return None


@step(reads="notice.norm notice.layers layer.start layer.end layer.tables",
      writes="layer.paragraphs")
def find_paragraphs(notice: Notice) -> None:
    """Cut each layer into paragraphs and give each its ordinal path.

    A paragraph is a line; a line that a crawler ran together (a whole plan on one line) is cut
    again at the ordinals inside it that continue the numbering (（一）…1.…2.…（二）…), so a
    heading that runs into its first item (…人气集聚1.设置…) still parts from it. Tables are
    left to :mod:`govkg.extract.steps.tables`.
    """
    t = notice.norm.text
    for layer in notice.layers:
        stack: list[tuple[int, int]] = []  # (level, value) of the enclosing ordinals
        last: dict[int, int] = {}  # the last value met at each level
        unnumbered = 0
        prefix: tuple[str, ...] = ()
        attachments = _attachment_starts(t, layer.start, layer.end)
        for s, e in _cut_at(_spans_outside(t, layer), attachments):
            if s in attachments:  # an attachment numbers its items afresh: a1/…, a2/…
                stack.clear()
                last.clear()
                unnumbered = 0
                prefix = (f"a{attachments.index(s) + 1}",)
            s, e = strip_span(t, s, e)
            if s == e or is_boilerplate(t[s:e]):
                continue
            for ps, pe, level, number, content, numbering in _cut(t, s, e, stack, last):
                if level is None:
                    unnumbered += 1
                    path = prefix + tuple(str(v) for _, v in numbering) + (f"p{unnumbered}",)
                else:
                    unnumbered = 0
                    path = prefix + tuple(str(v) for _, v in numbering)
                layer.paragraphs.append(Paragraph(ps, pe, content, path, level, number))


_ATTACHMENT = re.compile(r"附件\s*\d*\s*[:.、]?\s*(?:\d+\s*[.、]\s*)?")
_TITLE_KEY = 8  # characters of a title that identify it


def _attachment_starts(t: str, start: int, end: int) -> list[int]:
    """Where the attachments a layer lists (附件：X) begin inside it: at a later 附件 that repeats
    X's title. An attachment's numbering starts again (一、…), so its items get paths of their own."""
    marks = [(m.start(), m.end()) for m in _ATTACHMENT.finditer(t, start, end)]
    listed: set[str] = set()
    starts = []
    for ms, me in marks:
        key = re.sub(r"\s", "", t[me:me + _TITLE_KEY + 4])[:_TITLE_KEY]
        if len(key) < _TITLE_KEY:
            continue
        if key in listed:
            starts.append(ms)
        else:
            listed.add(key)
    return starts


def _cut_at(spans, cuts: list[int]):
    """The spans, cut again where an attachment starts."""
    for s, e in spans:
        inside = [c for c in cuts if s < c < e]
        for c in inside:
            yield s, c
            s = c
        yield s, e


def _spans_outside(t: str, layer: Layer):
    """The lines of the layer, less the ranges read as tables."""
    cuts = sorted(layer.tables)
    for s, e in lines(t, layer.start, layer.end):
        for ts, te in cuts:
            if ts < e and s < te:
                if s < ts:
                    yield s, ts
                s = max(s, te)
        if s < e:
            yield s, e


def _cut(t: str, s: int, e: int, stack: list[tuple[int, int]], last: dict[int, int]):
    """Paragraphs of the line ``[s, e)``: ``(start, end, level, number, content, numbering)``;
    *stack* is the numbering so far, updated as ordinals are accepted."""
    before_any = list(stack)
    marks = []  # (position, level, value, content start, numbering after it)
    level, number, content = _ordinal(t, s, e)
    if level is not None:
        _push(stack, level, ordinal_value(number), last)
        marks.append((s, level, ordinal_value(number), content, list(stack)))
    for m in _INLINE.finditer(t, s + 1, e):
        lv = next(k for k, g in enumerate(m.groups(), 1) if g)
        value = ordinal_value(m[lv])
        before = t[m.start() - 1]
        if before in "第" or m.end() >= e or not _fits(stack, last, lv, value, boundary=before in _BOUNDARY or before.isspace()):
            continue
        _push(stack, lv, value, last)
        marks.append((m.start(), lv, value, m.end(), list(stack)))
    if not marks or marks[0][0] > s:
        stop = marks[0][0] if marks else e
        yield s, stop, None, None, s, before_any
    for k, (p, lv, value, c, numbering) in enumerate(marks):
        stop = marks[k + 1][0] if k + 1 < len(marks) else e
        ps, pe = strip_span(t, p, stop)
        yield ps, pe, lv, t[p:c].strip(), c, numbering


_INLINE = re.compile(
    r"([一二三四五六七八九十]{1,3})、|\(([一二三四五六七八九十]{1,3})\)|(?<![\d.])(\d{1,2})\s*[.、](?!\d)|\((\d{1,2})\)"
)
_BOUNDARY = "。;:!?”\"'),"


def _fits(stack: list[tuple[int, int]], last: dict[int, int], level: int, value: int, boundary: bool) -> bool:
    """Does an ordinal met inside a line continue the numbering? 一、 must also stand after a
    sentence's end (统一、规范 is no ordinal). Items numbered on across sections ((一)…5.
    (二)6.) continue too, after a sentence's end."""
    if level == 1 and value == 1 and not boundary:
        return False
    levels = [lv for lv, _ in stack]
    if level in levels:
        expected = dict(stack)[level] + 1
    else:
        expected = 1
        before = last.get(level)
        if boundary and before is not None and value == before + 1:
            return True
    return expected <= value <= expected + (1 if level >= 3 else 0)


def _push(stack: list[tuple[int, int]], level: int, value: int, last: dict[int, int] | None = None) -> None:
    if last is not None:
        last[level] = value
    while stack and stack[-1][0] >= level:
        stack.pop()
    stack.append((level, value))


def _ordinal(t: str, s: int, e: int) -> tuple[int | None, str | None, int]:
    for level, pattern in _ORDINALS:
        m = pattern.match(t, s, e)
        if m and m.end() < e:
            return level, m[1], m.end()
    return None, None, s

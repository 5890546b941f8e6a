"""Steps: the layers of a notice (a transmittal and the plan it carries) and the paragraphs of
each layer with their ordinal paths."""

from __future__ import annotations

import re

from govkg.model import Layer, Notice, Paragraph
from govkg.normalize import squeeze
from govkg.resources import rules
from govkg.steps.header import is_boilerplate
from govkg.steps.text import compiled, lines, ordinal_value, parse_date, strip_span

_S = rules("structure")
_ORDINALS = [(o["level"], re.compile(r"\s*" + o["pattern"])) for o in _S["ordinal"]]
_TRANSMITS = [compiled(p) for p in _S["layers"]["transmits"]]
_DATE_LINE = compiled(_S["layers"]["date_line"])
_DISCLOSURE = compiled(rules("header")["disclosure"]["pattern"])
_APPROVAL = compiled(rules("header")["approval"]["pattern"])


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
    for s, e in lines(t, start):
        if is_boilerplate(t[s:e]):
            return s
    return len(t)


def _find_plan(notice: Notice, t: str, carried: str) -> Layer | None:
    """The plan starts at its title: the first line after the sign-off (date line, then the
    disclosure note), or a later line that repeats the carried title."""
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


def find_paragraphs(notice: Notice) -> None:
    """Cut each layer into paragraphs and give each its ordinal path."""
    t = notice.norm.text
    for layer in notice.layers:
        stack: list[tuple[int, str]] = []  # (level, value) of the enclosing ordinals
        unnumbered = 0
        for s, e in lines(t, layer.start, layer.end):
            s, e = strip_span(t, s, e)
            if s == e or is_boilerplate(t[s:e]):
                continue
            level, number, content = _ordinal(t, s, e)
            if level is None:
                unnumbered += 1
                path = tuple(v for _, v in stack) + (f"p{unnumbered}",)
            else:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, str(ordinal_value(number))))
                unnumbered = 0
                path = tuple(v for _, v in stack)
            layer.paragraphs.append(Paragraph(s, e, content, path, level, t[s:content].strip() if level else None))


def _ordinal(t: str, s: int, e: int) -> tuple[int | None, str | None, int]:
    for level, pattern in _ORDINALS:
        m = pattern.match(t, s, e)
        if m and m.end() < e:
            return level, m[1], m.end()
    return None, None, s

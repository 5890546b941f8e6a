"""Step: the notice's metadata — labelled header fields, title, 发文字号, issuer, dates,
addressees, disclosure note and validity."""

from __future__ import annotations

import re

from govkg.extract.grammar.text import compiled, label_pattern, lines, parse_date, strip_span
from govkg.extract.steps import step
from govkg.model import Field, Notice
from govkg.read.normalize import squeeze
from govkg.resources import rules

_R = rules("header")
_FIELD_NAMES = {squeeze(label): name for name, labels in _R["fields"].items() for label in labels}
_FIELD_RE = re.compile(
    r"^\s*(" + "|".join(label_pattern(lb) for lb in sorted(_FIELD_NAMES, key=len, reverse=True)) + r")\s*:\s*(.*?)\s*$"
)
_SEPARATOR_RE = re.compile(r"^\s*={3,}.*={3,}\s*$")
_DOCNO_RE = compiled(rules("citations")["doc_number"])
_DAMAGED_DOCNO_RE = compiled(rules("citations")["damaged_doc_number"])
_DATE_LINE_RE = compiled(rules("structure")["layers"]["date_line"])
_DATE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_SENTENCE_END = "。;:!?"
_FIELD_MAX_CHARS = 1000  # a longer line is text, not a header field (and regexes stay linear)


def is_boilerplate(line: str) -> bool:
    """True for a line of web-page chrome (footer, breadcrumb): it yields no fact. A long line
    is text (a crawler may put a whole notice on one line), whatever it holds.

    >>> is_boilerplate("主办单位:天津市和平区人民政府 版权所有:天津市和平区人民政府")
    True
    """
    return len(line) < 200 and any(m in line for m in _R["boilerplate"]["markers"])


_CHROME = [compiled(p) for p in _R["chrome"]["leading"]]
_TRAILING_CHROME = compiled(_R["chrome"]["trailing"])


def skip_chrome(t: str, i: int) -> int:
    """Past the page chrome at *i* (当前位置：… 时间：… 微信 微博 QQ空间), if any."""
    moved = True
    while moved:
        moved = False
        while i < len(t) and t[i].isspace():
            i += 1
        for p in _CHROME:
            m = p.match(t, i)
            if m and m.end() > i:
                i, moved = m.end(), True
    return i


def trailing_chrome(t: str, start: int) -> int | None:
    """Where the chrome at the end of a crawler's body begins (来源：… 附件下载), if any."""
    m = _TRAILING_CHROME.search(t, start)
    return m.start() if m else None


def looks_like_issuer(name: str) -> bool:
    """True when *name* ends like an organisation (中国平潭, a site's name, does not)."""
    return 2 <= len(name) <= 40 and name.endswith(tuple(_R["issuer"]["suffixes"]))


@step(reads="notice.norm",
      writes="notice.fields notice.title notice.doc_number notice.issuer notice.date_written"
             " notice.date_published notice.in_force notice.addressees notice.disclosure notice.body_start"
             " notice.body_end notice.warnings")
def read_header(notice: Notice) -> None:
    t = notice.norm.text
    body_start = skip_chrome(t, _labelled_fields(notice, t))
    notice.body_start = body_start
    notice.body_end = len(t)
    f = notice.fields

    top = _top_lines(t, body_start)
    notice.title = f["title"].value if "title" in f else _title_from_lines(notice, t, top)
    _doc_number(notice, t, top)
    _issuer(notice)
    _dates(notice, t)
    _addressees(notice, t, top)
    m = compiled(_R["disclosure"]["pattern"]).search(t, body_start)
    notice.disclosure = m[1] if m else None
    if "validity" in f:
        v = squeeze(f["validity"].value)
        if v in _R["validity"]["in_force"]:
            notice.in_force = True
        elif v in _R["validity"]["not_in_force"]:
            notice.in_force = False


def _labelled_fields(notice: Notice, t: str) -> int:
    """Read ``label: value`` lines at the top; return where the notice's own text begins."""
    end = 0
    for s, e in lines(t):
        line = t[s:e]
        if not line.strip():
            continue
        m = _FIELD_RE.match(line) if len(line) <= _FIELD_MAX_CHARS else None
        if m:
            name = _FIELD_NAMES[squeeze(m[1])]
            if m[2] and name not in notice.fields:
                notice.fields[name] = Field(name, m[2], notice.norm.span(s + m.start(2), s + m.end(2)))
            end = e
        elif _SEPARATOR_RE.match(line) or (notice.fields and is_boilerplate(line)):
            end = e
        else:
            break
    return end + 1 if end else 0


def _top_lines(t: str, start: int, limit: int = 12) -> list[tuple[int, int]]:
    """The first non-empty lines of the body, where title, number and addressees stand."""
    out = []
    for s, e in lines(t, start):
        s, e = strip_span(t, s, e)
        if s < e:
            out.append((s, e))
            if len(out) == limit:
                break
    return out


def _title_from_lines(notice: Notice, t: str, top: list[tuple[int, int]]) -> str | None:
    """A title without a label: the first lines, up to the 发文字号 or the addressees (a title
    may run over two lines: 国务院关于促进综合保税区 / 高水平开放高质量发展的若干意见)."""
    parts = []
    for s, e in top:
        line = t[s:e]
        if _DOCNO_RE.fullmatch(line.strip()) or line.endswith(":") or line[-1] in _SENTENCE_END or len(line) > 80:
            break
        parts.append((s, e))
        if line.endswith(("通知", "意见", "决定", "方案", "办法", "规定", "要点", "安排", "函", "通报", "批复")):
            break
    if not parts or len(parts) > 3:
        return None
    title = "".join(t[s:e] for s, e in parts)
    notice.fields.setdefault("title", Field("title", title, notice.norm.span(parts[0][0], parts[-1][1])))
    return title


def _doc_number(notice: Notice, t: str, top: list[tuple[int, int]]) -> None:
    f = notice.fields.get("doc_number")
    candidates = [f.value] if f else []
    spans = [None] if f else []
    for s, e in top[:6]:
        m = _DOCNO_RE.search(t, s, min(e, s + 400))
        if m and (m.start() - s <= 2 or t[m.start() - 1].isspace()):
            candidates.append(m[0])
            spans.append((m.start(), m.end()))
            break
    for value, span in zip(candidates, spans):
        number = normalise_doc_number(value, notice, where="发文字号")
        if number:
            notice.doc_number = number
            if span and not f:
                notice.fields["doc_number"] = Field("doc_number", value, notice.norm.span(*span))
            return


def normalise_doc_number(value: str, notice: Notice | None = None, where: str = "") -> str | None:
    """The 发文字号 in its standard form 机关代字〔年份〕序号号, repairing a lost 〕.

    >>> normalise_doc_number("国发[2019]3号"), normalise_doc_number("津政办发〔201769号")
    ('国发〔2019〕3号', '津政办发〔2017〕69号')
    """
    m = _DOCNO_RE.search(value)
    if m:
        return f"{m[1]}〔{m[2]}〕{int(m[3])}号"
    m = _DAMAGED_DOCNO_RE.search(value)
    if m:
        fixed = f"{m[1]}〔{m[2]}〕{int(m[3])}号"
        if notice is not None:
            notice.warn(f"{where or 'document number'} {m[0]!r} lost a character; read as {fixed}")
        return fixed
    return None


def _issuer(notice: Notice) -> None:
    f = notice.fields.get("issuer")
    if f and looks_like_issuer(squeeze(f.value)):
        notice.issuer = squeeze(f.value)
        return
    title = squeeze(notice.title or "")
    verbs = "|".join(_R["issuer"]["title_verbs"])
    m = re.match(rf"(.{{2,40}}?)(?:{verbs})", title)
    if m and looks_like_issuer(m[1]):
        notice.issuer = m[1]


def _dates(notice: Notice, t: str) -> None:
    for name in ("date_written", "date_published"):
        f = notice.fields.get(name)
        if f:
            iso, repaired = parse_date(f.value)
            setattr(notice, name, iso)
    if notice.date_written:
        return
    # the sign-off: the issuer's name followed by a date, or a date on a line of its own
    if notice.issuer:
        m = re.search(re.escape(notice.issuer) + r"\s*(" + _DATE_RE.pattern + ")", t[notice.body_start:])
        if m:
            notice.date_written = parse_date(m[1])[0]
            return
    for s, e in lines(t, notice.body_start):
        if _DATE_LINE_RE.match(t[s:e]):
            iso, repaired = parse_date(t[s:e])
            if iso:
                notice.date_written = iso
                if repaired:
                    notice.warn(f"date line {t[s:e].strip()!r} lost 年/月/日; read as {iso}")
                return


def _addressees(notice: Notice, t: str, top: list[tuple[int, int]]) -> None:
    """主送: a short line near the top that ends with a colon — or, in a body run into one line,
    the words between the title and the first colon — its names split on , and 及."""
    found = None
    for s, e in top:
        line = t[s:e]
        if line.endswith(":") and len(line) < 150 and not _FIELD_RE.match(line):
            found = line[:-1]
            break
    if found is None and top:
        s, e = top[0]
        title = squeeze(notice.title or "")
        k = t.find(title, s, min(e, s + 600)) if title else -1
        after = k + len(title) if k >= 0 else s
        colon = t.find(":", after, after + 200)
        if colon > after and not re.search("[。;!?《]", t[after:colon]):
            found = t[after:colon]
    if found:
        notice.addressees = [n.strip() for n in re.split(r"[,;]|及", found) if n.strip()]

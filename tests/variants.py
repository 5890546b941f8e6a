"""Other forms of the sample notices, made by the tests: the same notice as a web page (gov.cn
and district-portal layouts), as a Word file, in other encodings — and damaged copies."""

from __future__ import annotations

import html
import io
import random
import re
import unicodedata
from pathlib import Path

import docx

from govkg.model import Notice

# a leading "label: value" line of a portal's header (名    称 :…, 标题: …)
_FIELD = re.compile(r"^\s*([^:：\n]{1,12}?)\s*([:：])\s*(.*?)\s*$")


def split_header(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The leading labelled lines of *text* as ``(label with colon, value)`` pairs, and the
    other non-empty lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    fields = []
    for ln in lines:
        m = _FIELD.match(ln)
        if not m or len(fields) > 20:
            break
        fields.append((ln[:m.end(2)].strip(), m[3]))
    return fields, lines[len(fields):]


CHROME_TOP = """<div class="top-bar"><a href="/">首页</a> | <a href="/wza">无障碍</a> | 登录</div>
<header class="site-header"><img src="logo.png" alt="和平区人民政府"><h2>天津市和平区人民政府</h2></header>
<nav class="main-nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>"""
CHROME_BOTTOM = """<div class="share">分享到：微博 微信</div><div class="print-bar">【打印本页】【关闭窗口】</div>
<footer class="footer"><p>主办单位：某区人民政府办公室 版权所有</p><p>网站标识码：1201010001 津ICP备05000000号</p></footer>
<script>var _hmt = _hmt || []; document.write("<p>页面统计脚本</p>");</script>"""
HEAD = """<head><meta charset="{charset}"><title>{title} - 政府门户网站</title>
<style>p {{ text-indent: 2em; }} .footer {{ color: #999 }}</style>
<script type="text/javascript">window.onload = function () {{ var x = "（责任单位：假的）"; }};</script></head>"""


def paragraphs(lines: list[str]) -> str:
    return "\n".join(f'<p style="text-indent: 2em;">{html.escape(ln.strip())}</p>' for ln in lines)


def meta_table(fields: list[tuple[str, str]], per_row: int, cls: str = "xxgk_table") -> str:
    rows = []
    for k in range(0, len(fields), per_row):
        cells = "".join(f"<td><b>{html.escape(a)}</b></td><td>{html.escape(b)}</td>" for a, b in fields[k:k + per_row])
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="{cls}"><tbody>{"".join(rows)}</tbody></table>' if rows else ""


def district_page(text: str, charset: str = "utf-8") -> str:
    """A district portal's page: chrome, the labelled header as a table of two pairs a row,
    the title as <h1>, the text in ``<div id="zoom">``."""
    fields, lines = split_header(text)
    title = lines[0].strip()
    return (f"<!DOCTYPE html>\n<html lang=\"zh-CN\">{HEAD.format(charset=charset, title=html.escape(title))}"
            f"<body>{CHROME_TOP}<div class=\"main\">{meta_table(fields, 2)}"
            f"<h1 class=\"title\">{html.escape(title)}</h1><div class=\"info\">来源：区政府办公室</div>"
            f"<div id=\"zoom\">\n{paragraphs(lines)}\n</div></div>{CHROME_BOTTOM}</body></html>\n")


def bare_page(text: str) -> str:
    """A page of no known layout: the body read whole, less its chrome."""
    fields, lines = split_header(text)
    return (f"<html>{HEAD.format(charset='utf-8', title='通知')}<body>{CHROME_TOP}<main><article>"
            f"{meta_table(fields, 1, cls='info-table')}<section class=\"article-body\">{paragraphs(lines)}"
            f"</section></article></main>{CHROME_BOTTOM}</body></html>")


def govcn_page(fragment: str, charset: str = "utf-8") -> str:
    """A gov.cn page around the ``raw_html/`` fragment (the content cell, #UCAP-CONTENT)."""
    return (f"<!DOCTYPE html><html>{HEAD.format(charset=charset, title='国务院文件')}<body>{CHROME_TOP}"
            f"<table width=\"100%\"><tbody><tr><td class=\"menu\">政策 | 解读 | 专题</td></tr></tbody></table>"
            f"<table class=\"border\" width=\"1000\">{fragment}</table>{CHROME_BOTTOM}</body></html>")


def as_docx(text: str) -> bytes:
    """A Word file of *text*: the labelled header as a two-column table, then a paragraph a line."""
    fields, lines = split_header(text)
    d = docx.Document()
    if fields:
        table = d.add_table(rows=len(fields), cols=2)
        for row, (label, value) in zip(table.rows, fields):
            row.cells[0].text, row.cells[1].text = label, value
    for ln in lines:
        d.add_paragraph(ln.strip())
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def fingerprint(notice: Notice) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """What must not depend on the file's format: each task's text (NFKC, whitespace left out),
    and its assignments (label, role) in order."""
    return [(squeeze(t.span.slice(notice.text)), tuple((squeeze(a.label), a.role) for a in t.assignments))
            for t in notice.tasks]


def metadata(notice: Notice) -> tuple:
    return (squeeze(notice.title or ""), notice.doc_number, notice.issuer, notice.date_written)


def squeeze(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


# ---- damage ---------------------------------------------------------------------------------

WIDTH = str.maketrans("(),:;!?", "（），：；！？")
NARROW = str.maketrans("（），：；！？", "(),:;!?")


def damaged(text: str, rng: random.Random, edits: int) -> str:
    """*text* with *edits* random deletions, insertions and changes of punctuation width."""
    chars = list(text)
    pool = "（）()、,，:：;；。\n \t负责单位区局等和〔〕《》0123456789"
    for _ in range(edits):
        if not chars:
            break
        k = rng.randrange(len(chars))
        op = rng.randrange(3)
        if op == 0:
            del chars[k]
        elif op == 1:
            chars.insert(k, rng.choice(pool))
        else:
            chars[k] = chars[k].translate(WIDTH if rng.random() < 0.5 else NARROW)
    return "".join(chars)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path

"""Whatever it is given, the extractor returns a notice or raises its own error: for arbitrary
text, bytes and markup, for the sample notices damaged at random — and for a 10 MB line.

Timeouts here only guard against a hang (a catastrophic regular expression); they are set far
above what the machine needs and assert nothing about speed."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
from contextlib import contextmanager

import pytest
from conftest import CORPUS, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from variants import damaged

from govkg import NoticeError, extract_text
from govkg.rdf.mapping import notice_quads
from govkg.read.files import decode_bytes
from govkg.read.html import page_text

NOTICES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
HANG_GUARD_SECONDS = 120

# pieces notices are made of, so that random text reaches every step
PIECES = ["(", ")", "（", "）", "【", "〔", "〕", "《", "》", "责任单位", "牵头单位", "配合单位", ":", "：", "区财政局",
          "区发改委", "国务院", "各省级人民政府", "有关部门", "、", ",", "，", ";", "。", "负责", "牵头", "参与", "配合", "指导",
          "落实", "会同", "等", "和", "以下均需", "试点城市政府", "排在第一位的部门为牵头部门", "下同", "\n", "\n\n", " ",
          "\u3000", "\t", "1.", "2、", "(一)", "一、", "①", "十七、", "2017519", "2019年6月底前", "2017-05-19",
          "国发〔2019〕3号", "津政办发〔201769号", "关于", "印发", "转发", "的通知", "意见", "名称:", "发文字号:",
          "成文日期:", "有效性:", "失效", "(此件主动公开)", "按月", "每季度", "定期", "及时", "发生后", "根据", "按照",
          "版权所有", "天津市", "和平区", "人民政府办公室", "\ufeff", "\u200b", "㎡", "Ⅲ", "\ud7ff", "\x00", "\x0c",
          "\r\n", "\u2028"]


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS):
    """Turn a hang into a failure (SIGALRM), so one bad example cannot stall the suite."""

    def hung(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _extract_or_own_error(text: str):
    with hang_guard():
        try:
            return extract_text(text)
        except NoticeError:
            return None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text):
    _extract_or_own_error(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=200).map("".join))
def test_text_made_of_notice_pieces(text):
    n = _extract_or_own_error(text)
    if n is not None:
        notice_quads(n)  # the RDF mapping takes whatever the steps found
        for t in n.tasks:
            assert 0 <= t.span.start <= t.span.end <= len(text)
            for a in t.assignments:
                assert 0 <= a.span.start <= a.span.end <= len(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(NOTICES)), st.randoms(use_true_random=False), st.integers(1, 300))
def test_sample_notices_damaged_at_random(name, rng, edits):
    text = damaged(NOTICES[name], rng, edits)
    n = _extract_or_own_error(text)
    assert n is not None  # a damaged notice is still read: damage costs facts, never the notice
    notice_quads(n)
    for t in n.tasks:  # every span still points into the text as given
        assert t.span.slice(text) or t.span.start == t.span.end


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_say_why(data):
    with hang_guard():
        try:
            decoded = decode_bytes(data, "x.txt")
        except NoticeError as e:
            assert str(e).startswith("x.txt: ") and "\n" not in str(e)
            return
    assert isinstance(decoded.text, str)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div id='zoom'>", "</div>", "<table>", "<tr>", "<td>", "</td>",
                                 "</tr>", "</table>", "<br>", "<script>", "</script>", "<!--", "-->", "<nav>", "<",
                                 ">", "&nbsp;", "&", "区财政局", "(责任单位:", ")", "\n", " ", "<h1>", "</h1>", "<b>",
                                 "<?xml version='1.0' encoding='gbk'?>", "<meta charset=gbk>", "\x00"]),
                max_size=120).map("".join))
def test_arbitrary_markup_gives_text_or_says_why(page):
    with hang_guard():
        try:
            text = page_text(page, "x.html")
        except NoticeError as e:
            assert "\n" not in str(e)
            return
    assert text.endswith("\n") and "\n\n" not in text


def test_real_damage_is_reproducible():
    """The damage strategy is the tests' own: the same seed damages the same way."""
    a = damaged(NOTICES["heping-2017-9"], random.Random(7), 50)
    b = damaged(NOTICES["heping-2017-9"], random.Random(7), 50)
    assert a == b != NOTICES["heping-2017-9"]


TEN_MB = 10_000_000


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["notice", "brackets", "statements", "page"])
def test_a_10_mb_single_line_finishes(kind, tmp_path):
    """A 10 MB line: the sample notices flattened and repeated, a run of open brackets, a
    run of unclosed statements, a page of one paragraph. Run in a child process with a
    timeout, so that a catastrophic regular expression fails the test instead of hanging it."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from govkg import NoticeError, extract_file
        corpus = Path({str(CORPUS)!r})
        kind, n = {kind!r}, {TEN_MB}
        if kind == "notice":
            one = " ".join(p.read_text(encoding="utf-8").replace("\\n", " ") for p in sorted(corpus.glob("*.txt")))
        elif kind == "brackets":
            one = "（"
        elif kind == "statements":
            one = "(责任单位:区财政局、区发改委、"
        else:
            one = "区财政局负责按月公开。"
        line = (one * (n // len(one) + 1))[:n]
        path = Path(sys.argv[1]) / ("big.html" if kind == "page" else "big.txt")
        path.write_text(("<html><body><p>" + line + "</p></body></html>") if kind == "page" else line,
                        encoding="utf-8")
        try:
            notice = extract_file(path)
            print("notice", len(notice.text), len(notice.tasks))
        except NoticeError as e:
            print("error", e.problem.replace(" ", "_"), 0)
    """)
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                       timeout=HANG_GUARD_SECONDS * 5, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    answer, characters, tasks = r.stdout.split()
    assert answer == "notice" and int(characters) >= TEN_MB, r.stdout  # read whole, not cut short

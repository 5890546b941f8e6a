"""Scraper damage around responsibility statements, made by the tests in the sample notices:
recovered where the text allows one reading (the same tasks and units as the clean text),
flagged with a warning where a character had to be supplied or no reading is sure."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS
from variants import fingerprint

from govkg import extract_file, extract_text

SCORED = ["heping-2017-9", "sc-2019-guofa3-bonded-zones", "sc-2018-guobanfa129-consumption-poverty",
          "sc-2018-guofa39-employment", "sc-2018-guobanfa128-zero-waste-cities"]


@pytest.fixture(scope="module", params=SCORED)
def clean(request):
    return extract_file(CORPUS / f"{request.param}.txt")


def _damage(notice, change) -> tuple[str, int]:
    """The notice's text with *change* applied to each statement (from the last, so offsets
    stay good); *change(text, start, end)* returns the new statement text or None."""
    text = notice.text
    done = 0
    for task in sorted(notice.tasks, key=lambda t: t.marker.start, reverse=True):
        s, e = task.marker.start, task.marker.end
        new = change(text, s, e)
        if new is not None:
            text = text[:s] + new + text[e:]
            done += 1
    return text, done


def _extract(text: str, notice):
    return extract_text(text, notice.source.__class__(path="damaged.txt", sha256="0" * 64, format="text"))


def test_statement_broken_over_two_lines_is_joined(clean):
    def split(text, s, e):
        marker = text[s:e]
        k = marker.find("、")
        return marker[:k + 1] + "\n    " + marker[k + 1:] if k > 0 else None

    text, done = _damage(clean, split)
    assert done >= 5
    got = _extract(text, clean)
    assert fingerprint(got) == fingerprint(clean)
    assert got.warnings == clean.warnings


def test_stray_whitespace_in_a_unit_list_changes_nothing(clean):
    def spaced(text, s, e):
        marker = text[s:e]
        return marker[0] + "\u3000" + marker[1:-1].replace("、", " 、 ").replace("，", "， ") + " " + marker[-1]

    text, done = _damage(clean, spaced)
    got = _extract(text, clean)
    assert fingerprint(got) == fingerprint(clean)
    assert got.warnings == clean.warnings


def test_line_break_inside_a_unit_name_is_joined(clean):
    def broken(text, s, e):
        marker = text[s:e]
        k = marker.find("、")
        return marker[:k - 1] + "\n" + marker[k - 1:] if k > 2 else None

    text, done = _damage(clean, broken)
    assert done >= 5
    assert fingerprint(_extract(text, clean)) == fingerprint(clean)


def test_statement_pushed_onto_its_own_line_closes_the_task_above(clean):
    def pushed(text, s, e):
        # only where the statement ends a numbered task's line
        start = text.rfind("\n", 0, s) + 1
        line = text[start:s].strip()
        numbered = re.match(r"\d|[(（][一二三四五六七八九十]|[一二三四五六七八九十]+、", line)
        return "\n" + text[s:e] if numbered and text[e:e + 1] in ("\n", "") else None

    text, done = _damage(clean, pushed)
    assert done >= 5
    assert fingerprint(_extract(text, clean)) == fingerprint(clean)


def test_closing_bracket_lost_at_the_end_of_a_line_is_supplied_with_a_warning(clean):
    def lost(text, s, e):
        return text[s:e - 1] if text[e:e + 1] in ("\n", "") else None

    text, done = _damage(clean, lost)
    assert done >= 5
    got = _extract(text, clean)
    assert fingerprint(got) == fingerprint(clean)
    new = [w for w in got.warnings if w not in clean.warnings]
    assert len(new) == done and all("lost its closing bracket; read to the end of its line" in w for w in new)


def test_opening_bracket_lost_after_a_sentence_is_supplied_with_a_warning():
    clean = extract_file(CORPUS / "heping-2017-9.txt")

    def lost(text, s, e):
        return text[s + 1:e] if text[s - 1] == "。" or text[s - 1] == "." else None

    text, done = _damage(clean, lost)
    assert done >= 20
    got = _extract(text, clean)
    assert fingerprint(got) == fingerprint(clean)
    new = [w for w in got.warnings if w not in clean.warnings]
    assert len(new) == done and all("lost its opening bracket" in w for w in new)


NOTICE = "关于做好公开工作的通知\n{}\n2.加强政策解读。(责任单位:区发改委)\n"


@pytest.mark.parametrize(("line", "units", "warning"), [
    # recovered: one reading only
    ("1.按月公开财政收支。(责任单位:区财政局、\n区统计局)", ["区财政局", "区统计局"], None),
    ("1.按月公开财政收支。\n(责任单位:区财政局)", ["区财政局"], None),
    ("1.按月公开财政收支。（ 区财政局 、\u3000区统计局负责 ）", ["区财政局", "区统计局"], None),
    # supplied, with a warning
    ("1.按月公开财政收支。(责任单位:区财政局、区统计局", ["区财政局", "区统计局"], "lost its closing bracket"),
    ("1.按月公开财政收支。(责任单位:区财政局、", ["区财政局"], "units after it may be lost"),
    ("1.按月公开财政收支。责任单位:区财政局)", ["区财政局"], "lost its opening bracket"),
    # read by the names, and flagged: a 、 was probably lost
    ("1.按月公开财政收支。(责任单位:区财政局 区统计局)", ["区财政局", "区统计局"], "parted by a space (a lost 、?)"),
    ("1.按月公开财政收支。(责任单位:区财政局区统计局)", ["区财政局", "区统计局"], "run together (a lost 、?)"),
    ("1.按月公开财政收支。(责任单位:《财政法》规定的", [], "is not closed and cannot be read"),
])
def test_damaged_statement(line, units, warning):
    n = extract_text(NOTICE.format(line))
    first = [t for t in n.tasks if t.label == "1."]
    assert [a.label for t in first for a in t.assignments] == units
    assert [a.label for t in n.tasks if t.label == "2." for a in t.assignments] == ["区发改委"]
    if warning is None:
        assert n.warnings == ["jurisdiction unknown (no place in issuer, title or 发文字号): units resolved without one"]
    else:
        assert any(warning in w for w in n.warnings), n.warnings
    for t in n.tasks:  # the task's text is quoted as written, damage left in
        assert t.span.slice(n.text) in NOTICE.format(line)


def test_damage_left_in_the_quoted_text():
    n = extract_text(NOTICE.format("1.按月公开财政收支。(责任单位:区财政局、\n区统计局)"))
    t = n.tasks[0]
    assert t.marker.slice(n.text) == "(责任单位:区财政局、\n区统计局)"
    assert [a.span.slice(n.text) for a in t.assignments] == ["区财政局", "区统计局"]

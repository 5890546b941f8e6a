"""Small helpers over normalised text shared by the steps: lines, dates, patterns."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterator

CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line of ``text[start:end]``, without its line break.

    >>> list(lines("ab\\ncd"))
    [(0, 2), (3, 5)]
    """
    end = len(text) if end is None else end
    i = start
    while i < end:
        j = text.find("\n", i, end)
        if j < 0:
            j = end
        yield i, j
        i = j + 1


def strip_span(text: str, i: int, j: int, chars: str | None = None) -> tuple[int, int]:
    """Shrink ``[i, j)`` past leading and trailing whitespace (or *chars*)."""
    while i < j and (text[i] in chars if chars else text[i].isspace()):
        i += 1
    while j > i and (text[j - 1] in chars if chars else text[j - 1].isspace()):
        j -= 1
    return i, j


def clauses(t: str, start: int, end: int, separators: str = ",;。"):
    """``(start, end)`` of the clauses of ``t[start:end]``: split at *separators* outside
    brackets, each stripped of surrounding whitespace, empty ones left out.

    >>> [t[s:e] for t in ["甲(乙,丙),丁; 戊"] for s, e in clauses(t, 0, len(t))]
    ['甲(乙,丙)', '丁', '戊']
    """
    depth, s = 0, start
    for k in range(start, end):
        ch = t[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch in separators:
            cs, ce = strip_span(t, s, k)
            if cs < ce:
                yield cs, ce
            s = k + 1
    cs, ce = strip_span(t, s, end)
    if cs < ce:
        yield cs, ce


def ordinal_value(number: str) -> int:
    """The integer of an ordinal as written: 十七 → 17, 3 → 3, ② → 2.

    >>> [ordinal_value(s) for s in ("一", "十", "十七", "二十三", "12", "②")]
    [1, 10, 17, 23, 12, 2]
    """
    if number in CIRCLED:
        return CIRCLED[number]
    if number.isdigit():
        return int(number)
    total, current = 0, 0
    for ch in number:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CJK_DIGITS.get(ch, 0)
    return total + current


def iso_date(year: int, month: int, day: int | None = None) -> str | None:
    """An ISO date, the last day of the month when *day* is None; None when impossible.

    >>> iso_date(2019, 6), iso_date(2019, 2, 30)
    ('2019-06-30', None)
    """
    if not (1 <= month <= 12) or not (1900 <= year <= 2100):
        return None
    last = calendar.monthrange(year, month)[1]
    day = last if day is None else day
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})")


def parse_date(s: str) -> tuple[str | None, bool]:
    """Read a date, repairing one that lost its 年月日 (2017519); return ``(iso, repaired)``.

    A run of digits is repaired only when exactly one reading is a real date.

    >>> parse_date("2018年12月29日"), parse_date("2017-05-19 00:00:00"), parse_date("2017519")
    (('2018-12-29', False), ('2017-05-19', False), ('2017-05-19', True))
    >>> parse_date("2017111")  # 2017-1-11 or 2017-11-1: ambiguous
    (None, False)
    """
    m = _DATE.search(s)
    if m:
        return iso_date(int(m[1]), int(m[2]), int(m[3])), False
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(\d{2,4})(?!\d)", s)
    if not m:
        return None, False
    year, rest = int(m[1]), m[2]
    readings = {iso_date(year, int(rest[:k]), int(rest[k:])) for k in (1, 2) if 0 < k < len(rest) and len(rest) - k <= 2}
    readings.discard(None)
    if len(readings) == 1:
        return readings.pop(), True
    return None, False


@functools.cache
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def label_pattern(label: str) -> str:
    """A regex for *label* that allows spaces between its characters (名    称).

    >>> bool(re.fullmatch(label_pattern("名称"), "名    称"))
    True
    """
    return r"\s*".join(re.escape(ch) for ch in label)

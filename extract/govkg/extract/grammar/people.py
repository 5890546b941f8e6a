"""People's names, where a table gives them a column of their own (责任领导, 责任人): a surname
and one or two characters (叶龙海, 叶峰), the one-character given name often set apart by a
space (叶 峰), names run together with nothing between them (陈功琳陈国清施友鹏). They are
read so that they are never taken for units and so that they mark where a unit cell begins
or ends. The surnames are data (``rules/names.toml``, ``[people]``).
"""

from __future__ import annotations

import functools
import re

from govkg.resources import rules

_P = rules("names")["people"]
_HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single = frozenset(ch for ch in _P["surnames"] if not ch.isspace())
    return single, frozenset(_P["compound_surnames"])


def _given(ch: str) -> bool:
    return bool(_HAN.match(ch)) and ch not in _P["not_given"]


def name_ending_at(t: str, start: int, k: int) -> int | None:
    """Where the person's name that ends at *k* begins (not before *start*), or None: a
    surname then one given character after a space (叶 峰), then two (叶龙海), then one (叶峰).

    >>> t = "信用信息处叶 峰陈功琳"
    >>> name_ending_at(t, 0, len(t)), name_ending_at(t, 0, 8)
    (8, 5)
    >>> name_ending_at("信用信息处", 0, 5) is None
    True
    """
    single, compound = _surnames()
    if k - start >= 3 and t[k - 2] == " " and t[k - 3] in single and _given(t[k - 1]):
        return k - 3
    for n in (3, 2):
        s = k - n
        if s < start or not all(_given(c) for c in t[s:k]):
            continue
        if t[s] in single or n == 3 and t[s:s + 2] in compound:
            return s
    return None


def names_ending_at(t: str, start: int, k: int) -> int:
    """Where the run of people's names that ends at *k* begins (*k* when none ends there);
    spaces between the names are part of the run (江裕森 曹承代).

    >>> t = "信用信息处叶 峰陈功琳陈国清"
    >>> t[names_ending_at(t, 0, len(t)):]
    '叶 峰陈功琳陈国清'
    """
    j = k
    while True:
        i = j
        while i > start and t[i - 1] == " ":
            i -= 1
        s = name_ending_at(t, start, i)
        if s is None:
            return j
        j = s

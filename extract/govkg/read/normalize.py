"""Normalised text for matching, with a map back to the characters of the original.

Notices mix full-width and ASCII punctuation （，：） / (,:), ideographic spaces and stray
zero-width characters. Rules match on one normalised form (Unicode NFKC, so ``（`` is ``(``
and ``：`` is ``:``), while every fact keeps offsets into the text as it was read.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

# Characters dropped before matching: BOM, zero-width spaces and joiners, soft hyphen.
_DROP = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
# Full-width ASCII and the ideographic space: the common case, mapped one to one (fast path).
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DROP_RE = re.compile(f"[{_DROP}]")
# Circled numbers keep their identity (NFKC would make ① a bare 1, an ordinal into a digit).
_KEEP = set(range(0x2460, 0x24FF))


@functools.cache
def _special() -> re.Pattern:
    """A character class of the characters NFKC changes (and those dropped), built once: the
    basic plane exactly, every character beyond it looked at one by one."""
    changed = [c for c in range(0x10000) if not (0xD800 <= c <= 0xDFFF) and c not in _WIDE and c not in _KEEP
               and unicodedata.normalize("NFKC", chr(c)) != chr(c)]
    ranges: list[list[int]] = []
    for c in changed:
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}{re.escape(_DROP)}\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of code points in the original text.

    >>> Span(2, 5).slice("abcdefg")
    'cde'
    """

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]

    def __len__(self) -> int:
        return self.end - self.start


class NormalizedText:
    """The normalised form of *original*, and the way back.

    The map between the two is kept as runs: a run of characters copied one to one, or a run
    of characters that all stand for one range of the original — a character that normalised
    into several (㎡ → m2) or into none (a BOM), or a repair (:meth:`edited`).

    >>> n = NormalizedText("（责任单位：区财政局）")
    >>> n.text
    '(责任单位:区财政局)'
    >>> n.span(6, 10).slice(n.original)
    '区财政局'
    >>> m = NormalizedText("约2.8万㎡，\ufeff完成")
    >>> m.text, m.quote(m.text.index("完"), len(m.text)), m.quote(5, 7)
    ('约2.8万m2,完成', '完成', '㎡')
    """

    __slots__ = ("original", "text", "_norm", "_orig", "_stop", "_copy")

    def __init__(self, original: str):
        self.original = original
        fast = original.translate(_WIDE)
        if not _DROP_RE.search(fast) and unicodedata.is_normalized("NFKC", fast):
            self.text = fast  # one to one: offsets are the identity
            self._norm = None
            return
        out: list[str] = []
        runs: list[tuple[int, int, int, bool]] = []  # (normalised start, original start, original stop, copied?)
        n = done = 0
        for m in _special().finditer(fast):
            i = m.start()
            if i > done:
                runs.append((n, done, i, True))
                out.append(fast[done:i])
                n += i - done
            ch = original[i]
            piece = "" if ch in _DROP else unicodedata.normalize("NFKC", ch)
            runs.append((n, i, i + 1, False))
            out.append(piece)
            n += len(piece)
            done = i + 1
        if done < len(fast):
            runs.append((n, done, len(fast), True))
            out.append(fast[done:])
        self.text = "".join(out)
        self._set_runs(runs)

    def _set_runs(self, runs: list[tuple[int, int, int, bool]]) -> None:
        runs = runs + [(len(self.text), len(self.original), len(self.original), True)]
        self._norm = [r[0] for r in runs]
        self._orig = [r[1] for r in runs]
        self._stop = [r[2] for r in runs]
        self._copy = [r[3] for r in runs]

    def _runs(self) -> list[tuple[int, int, int, bool]]:
        if self._norm is None:
            return [(0, 0, len(self.text), True)]
        return list(zip(self._norm, self._orig, self._stop, self._copy))[:-1]

    def start(self, i: int) -> int:
        """Original offset of normalised position *i* (a start boundary)."""
        if self._norm is None:
            return i
        if i >= len(self.text):
            return len(self.original)
        k = bisect.bisect_right(self._norm, i) - 1
        return self._orig[k] + (i - self._norm[k]) if self._copy[k] else self._orig[k]

    def end(self, j: int) -> int:
        """Original offset of normalised position *j* taken as an end boundary."""
        if self._norm is None:
            return j
        if j <= 0:
            return 0
        k = bisect.bisect_right(self._norm, j - 1) - 1
        return self._orig[k] + (j - self._norm[k]) if self._copy[k] else self._stop[k]

    def span(self, i: int, j: int) -> Span:
        """The original span of the normalised range ``[i, j)``."""
        return Span(self.start(i), self.end(j) if j > i else self.start(i))

    def normalised(self, offset: int) -> int:
        """The normalised position of original *offset* (the inverse of :meth:`start`)."""
        if self._norm is None:
            return offset
        k = bisect.bisect_right(self._orig, offset) - 1
        if k < 0:
            return 0
        if k >= len(self._norm) - 1:  # at or past the end
            return len(self.text)
        if self._copy[k]:
            return self._norm[k] + min(offset - self._orig[k], self._norm[k + 1] - self._norm[k])
        return self._norm[k] if offset <= self._orig[k] else self._norm[k + 1]

    def quote(self, i: int, j: int) -> str:
        """The original characters behind the normalised range ``[i, j)``."""
        return self.span(i, j).slice(self.original)

    def edited(self, edits: list[tuple[int, int, str]]) -> NormalizedText:
        """A copy in which each normalised range ``[i, j)`` of *edits* ``(i, j, replacement)``
        (sorted, not overlapping) is replaced; the original text stays as it was read. A
        replacement maps back to the original characters it replaces, an insertion to the empty
        span where it stands: damage is repaired in the text that rules match, never in the text
        that facts quote.

        >>> n = NormalizedText("按月公开(责任单位:区财政局、\\n区发改委\\n").edited([(15, 16, ""), (20, 20, ")")])
        >>> n.text
        '按月公开(责任单位:区财政局、区发改委)\\n'
        >>> n.quote(4, 20)
        '(责任单位:区财政局、\\n区发改委'
        """
        if not edits:
            return self
        n = len(self.text)
        old = self._runs()
        starts = [r[0] for r in old]
        out: list[str] = []
        runs: list[tuple[int, int, int, bool]] = []
        pos = k = 0

        def keep(a: int, b: int) -> None:
            nonlocal pos
            r = max(bisect.bisect_right(starts, a) - 1, 0)
            while a < b:
                ns, os_, stop, copy = old[r]
                ne = old[r + 1][0] if r + 1 < len(old) else n
                if ne <= a:
                    r += 1
                    continue
                e = min(b, ne)
                runs.append((pos, os_ + (a - ns), 0, True) if copy else (pos, os_, stop, False))
                pos += e - a
                a = e
                r += 1

        for i, j, repl in edits:
            if not k <= i <= j <= n:
                raise ValueError(f"edit {(i, j)} overlaps another or lies outside the text")
            out.append(self.text[k:i])
            keep(k, i)
            span = self.span(i, j)
            if repl:
                runs.append((pos, span.start, span.end, False))
                out.append(repl)
                pos += len(repl)
            k = j
        out.append(self.text[k:])
        keep(k, n)
        copy = NormalizedText.__new__(NormalizedText)
        copy.original, copy.text = self.original, "".join(out)
        copy._set_runs(runs)
        return copy


def squeeze(s: str) -> str:
    """NFKC without any whitespace: the form used to compare labels and names.

    >>> squeeze("名    称 ")
    '名称'
    """
    return "".join(unicodedata.normalize("NFKC", s).split())

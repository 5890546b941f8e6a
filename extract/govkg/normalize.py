"""Normalised text for matching, with a map back to the characters of the original.

Notices mix full-width and ASCII punctuation （，：） / (,:), ideographic spaces and stray
zero-width characters. Rules match on one normalised form (Unicode NFKC, so ``（`` is ``(``
and ``：`` is ``:``), while every fact keeps offsets into the text as it was read.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters dropped before matching: BOM, zero-width spaces and joiners, soft hyphen.
_DROP = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
# Full-width ASCII and the ideographic space: the common case, mapped one to one (fast path).
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DROP_RE = re.compile(f"[{_DROP}]")
# Circled numbers keep their identity (NFKC would make ① a bare 1, an ordinal into a digit).
_KEEP = set(range(0x2460, 0x24FF))


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

    >>> n = NormalizedText("（责任单位：区财政局）")
    >>> n.text
    '(责任单位:区财政局)'
    >>> n.span(6, 10).slice(n.original)
    '区财政局'
    """

    __slots__ = ("original", "text", "_starts", "_ends")

    def __init__(self, original: str):
        self.original = original
        fast = original.translate(_WIDE)
        if not _DROP_RE.search(fast) and unicodedata.is_normalized("NFKC", fast):
            self.text = fast  # one to one: offsets are the identity
            self._starts = self._ends = None
            return
        out: list[str] = []
        starts = array("l")
        ends = array("l")
        for i, ch in enumerate(original):
            if ch in _DROP:
                continue
            n = ch if ord(ch) in _KEEP else unicodedata.normalize("NFKC", ch)
            out.append(n)
            starts.extend([i] * len(n))
            ends.extend([i + 1] * len(n))
        self.text = "".join(out)
        self._starts, self._ends = starts, ends

    def start(self, i: int) -> int:
        """Original offset of normalised position *i* (a start boundary)."""
        if self._starts is None:
            return i
        return self._starts[i] if i < len(self._starts) else len(self.original)

    def end(self, j: int) -> int:
        """Original offset of normalised position *j* taken as an end boundary."""
        if self._ends is None:
            return j
        return self._ends[j - 1] if j > 0 else 0

    def span(self, i: int, j: int) -> Span:
        """The original span of the normalised range ``[i, j)``."""
        return Span(self.start(i), self.end(j) if j > i else self.start(i))

    def normalised(self, offset: int) -> int:
        """The normalised position of original *offset* (the inverse of :meth:`start`)."""
        if self._starts is None:
            return offset
        return bisect.bisect_left(self._starts, offset)

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
        starts = self._starts if self._starts is not None else array("l", range(n))
        ends = self._ends if self._ends is not None else array("l", range(1, n + 1))
        out, new_starts, new_ends = [], array("l"), array("l")
        k = 0
        for i, j, s in edits:
            if not k <= i <= j <= n:
                raise ValueError(f"edit {(i, j)} overlaps another or lies outside the text")
            out.append(self.text[k:i])
            new_starts.extend(starts[k:i])
            new_ends.extend(ends[k:i])
            span = self.span(i, j)
            out.append(s)
            new_starts.extend([span.start] * len(s))
            new_ends.extend([span.end] * len(s))
            k = j
        out.append(self.text[k:])
        new_starts.extend(starts[k:])
        new_ends.extend(ends[k:])
        copy = NormalizedText.__new__(NormalizedText)
        copy.original, copy.text = self.original, "".join(out)
        copy._starts, copy._ends = new_starts, new_ends
        return copy


def squeeze(s: str) -> str:
    """NFKC without any whitespace: the form used to compare labels and names.

    >>> squeeze("名    称 ")
    '名称'
    """
    return "".join(unicodedata.normalize("NFKC", s).split())

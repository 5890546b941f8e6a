"""Word segmentation that keeps unit names whole: jieba with a user dictionary made from the
gazetteer (every written form of every unit, with and without its level or place prefix).

jieba's general dictionary stays underneath, so 财政部门 (finance departments, a common noun)
is still one word and not 财政部 + 门.
"""

from __future__ import annotations

import functools
import logging

from govkg.extract.gazetteer import gazetteer

_FREQ = 2000  # enough to keep a unit name whole, not enough to break common words apart


@functools.cache
def tokenizer():
    """A jieba tokenizer that knows the gazetteer's unit names (built once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in sorted(gazetteer().dictionary_words()):
        tk.add_word(word, freq=_FREQ, tag="nt")
    return tk


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of each word of *text*.

    >>> [w for w, _, _ in tokens("配合市国土房管局,做好公开")][:2]
    ['配合', '市国土房管局']
    """
    return list(tokenizer().tokenize(text, HMM=False))


def is_unit_word(word: str) -> bool:
    """True for a word of the gazetteer's dictionary of unit names."""
    return word in gazetteer().dictionary_words()


@functools.cache
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def word_at(text: str, k: int, reach: int = 8) -> tuple[str, str]:
    """The word that starts at *k* and its part of speech (jieba's tags: v verb, p preposition,
    d adverb, t time, n noun …), read over a few characters.

    >>> word_at("区交建局督促落实", 4), word_at("社会事业处要求", 5)
    (('督促', 'v'), ('要求', 'v'))
    """
    for pair in _pos_tokenizer().cut(text[k:k + reach], HMM=False):
        return pair.word, pair.flag
    return "", ""


def is_word_boundary(text: str, k: int, before: int = 8, after: int = 8) -> bool:
    """Does a word end at *k* in *text* (segmented over a few characters around it)?

    >>> is_word_boundary("区直部门:党群工作部", 3), is_word_boundary("区交建局督促落实", 4)
    (False, True)
    """
    s = max(0, k - before)
    return any(end == k - s for _, _, end in tokenizer().tokenize(text[s:k + after], HMM=False))

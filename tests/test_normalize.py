"""Normalised text for matching, offsets back into the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govkg.read.normalize import NormalizedText

MIXED = "（一）按月公开，（责任单位：区财政局）\u3000①２０１７年\ufeff"


def test_full_width_becomes_ascii_and_offsets_map_back():
    n = NormalizedText(MIXED)
    assert n.text.startswith("(一)按月公开,(责任单位:区财政局)")
    i = n.text.index("区财政局")
    assert n.quote(i, i + 4) == "区财政局"
    assert "①" in n.text  # circled numbers are ordinals, kept


def test_identity_when_nothing_changes():
    n = NormalizedText("(责任单位:区财政局)")
    assert n.text == n.original and n.span(3, 5).slice(n.original) == n.text[3:5]


@given(st.text(alphabet=st.sampled_from(list(MIXED + "abc（）：，、。 \n㎡…")), max_size=60))
def test_every_normalised_range_maps_to_a_range_of_the_original(s):
    n = NormalizedText(s)
    for i in range(len(n.text) + 1):
        for j in range(i, len(n.text) + 1):
            span = n.span(i, j)
            assert 0 <= span.start <= span.end <= len(s)
    if n.text:
        assert n.span(0, len(n.text)).slice(s).strip("\ufeff") != "" or not s.strip("\ufeff")

"""``graphs/`` holds the built graphs of the bundled sample; rebuilding them changes no byte
(regenerate with the README's command: ``govkg extract corpus --out graphs``)."""

from __future__ import annotations

from conftest import CORPUS, ROOT


def test_graphs_folder_is_up_to_date(sample_graphs):
    built = {p.name: p.read_bytes() for p in sample_graphs.iterdir()}
    kept = {p.name: p.read_bytes() for p in (ROOT / "graphs").glob("*.trig")}
    assert sorted(kept) == sorted(built), "graphs/ does not hold one graph per sample notice"
    stale = sorted(name for name in built if kept[name] != built[name])
    assert not stale, f"graphs/ is out of date for {stale}: run govkg extract corpus --out graphs"
    assert len(kept) == len([p for p in CORPUS.iterdir() if p.suffix == ".txt"])

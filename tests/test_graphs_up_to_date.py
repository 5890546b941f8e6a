"""``graphs/`` holds the built graphs of the bundled sample; rebuilding them changes no byte
(regenerate with the README's command: ``govkg extract corpus --out graphs``)."""

from __future__ import annotations

from conftest import CORPUS, ROOT


def _graph_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.trig")}


def test_graphs_folder_is_up_to_date(sample_graphs):
    built, kept = _graph_files(sample_graphs), _graph_files(ROOT / "graphs")
    assert sorted(kept) == sorted(built), "graphs/ does not hold one graph per sample notice and the vocabulary"
    stale = sorted(name for name in built if kept[name] != built[name])
    assert not stale, f"graphs/ is out of date for {stale}: run govkg extract corpus --out graphs"
    notices = [name for name in kept if "/" not in name]
    assert len(notices) == len([p for p in CORPUS.iterdir() if p.suffix == ".txt"])
    assert "vocabulary/govkg-vocabulary.trig" in kept

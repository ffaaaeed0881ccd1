"""The benchmark script's contenders do the work they claim to (no timing here)."""

from __future__ import annotations

import itertools
from types import ModuleType
from typing import Any

import pytest

from episode_parse import api, parse
from episode_parse.formats import markdown
from tests.conftest import bench_module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return bench_module()


@pytest.mark.parametrize("generated", [False, True])
def test_floor_and_baseline_find_the_turns_parse_finds(bench: ModuleType, generated: bool) -> None:
    ref = bench.load_reference()
    if generated:
        text = bench.generated_reference()
        first = bench.TURN.search(text)
        ref = bench.Reference("generated", text[: first.start()], text[first.start() :])
    text = bench.scaled(ref, 2)
    turns = parse(text).turns
    floor, words = bench.contract_floor(text)
    assert len(bench.baseline(text)) == len(floor) == len(turns) > 300
    # Each turn of the reference is one line, so the floor's first line is all of it.
    assert [(t.speaker, t.timestamp, t.text, t.span) for t in floor] == [
        (t.speaker, t.timestamp, t.text, t.span) for t in turns
    ]
    assert words == {s.name: s.word_count for s in parse(text).speakers}
    # The floor reads every stamp as written; parse leaves the outliers (TS002) without a start.
    outliers = {d.span.line for d in parse(text).diagnostics if d.code == "TS002"}
    assert [f.start for f, t in zip(floor, turns, strict=True) if t.start is None] == [
        f.start for f in floor if f.span.line in outliers
    ]
    assert [f.start for f, t in zip(floor, turns, strict=True) if t.start is not None] == [
        t.start for t in turns if t.start is not None
    ]


def test_scaled_documents_keep_their_timestamps_increasing(bench: ModuleType) -> None:
    ref = bench.load_reference()
    small, big = bench.scaled(ref, 1), bench.scaled(ref, 10)
    assert 8 < len(big) / len(small) < 12
    starts = [t.start for t in bench.contract_floor(big)[0]]
    # The reference's own out-of-order stamp repeats; everything else increases.
    assert sum(a > b for a, b in itertools.pairwise(starts)) <= 2 * 10


def test_stage_times_cover_the_pipeline_in_order(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    # The stage table times what api._pipeline runs after reading (the Markdown reader's stages 2 to 5,
    # then the rules), in the order it runs them.
    called: list[str] = []
    attrs = ("split_blocks", "classify", "build", "link", "run_rules")
    for name, attr in zip(bench.STAGES[1:], attrs, strict=True):
        module = api if attr == "run_rules" else markdown
        real = getattr(module, attr)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            called.append(_name)
            return _real(*args)

        monkeypatch.setattr(module, attr, spy)
    parse("**A [00:00:01]**: Hi.\n")
    assert called == list(bench.STAGES[1:]) and bench.STAGES[0] == "read"
    monkeypatch.undo()
    times = bench.stage_seconds(bench.scaled(bench.load_reference(), 1), 1)
    assert list(times) == list(bench.STAGES) and all(t > 0 for t in times.values())

"""The benchmark script's contenders do the work they claim to (no timing here)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from types import ModuleType

import pytest

from episode_parse import parse
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_parse", ROOT / "benchmarks" / "bench_parse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_parse"] = module  # attrs resolves the script's classes through it
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("generated", [False, True])
def test_floor_and_baseline_find_the_turns_parse_finds(bench: ModuleType, generated: bool) -> None:
    ref = bench.load_reference()
    if generated:
        text = bench.generated_reference()
        first = bench.TURN.search(text)
        ref = bench.Reference("generated", text[: first.start()], text[first.start() :])
    text = bench.scaled(ref, 2)
    turns = parse(text).turns
    floor = bench.contract_floor(text)
    assert len(bench.baseline(text)) == len(floor) == len(turns) > 300
    # Each turn of the reference is one line, so the floor's first line is all of it.
    assert [(t.speaker, t.start, t.timestamp, t.text, t.span.start, t.span.line) for t in floor] == [
        (t.speaker, t.start, t.timestamp, t.text, t.span.start, t.span.line) for t in turns
    ]


def test_scaled_documents_keep_their_timestamps_increasing(bench: ModuleType) -> None:
    ref = bench.load_reference()
    small, big = bench.scaled(ref, 1), bench.scaled(ref, 10)
    assert 8 < len(big) / len(small) < 12
    starts = [t.start for t in bench.contract_floor(big)]
    # The reference's own out-of-order stamp repeats; everything else increases.
    assert sum(a > b for a, b in itertools.pairwise(starts)) <= 2 * 10


def test_stage_times_cover_the_pipeline_in_order(bench: ModuleType) -> None:
    # The stage table times what api._pipeline runs after reading, in its order.
    source = (ROOT / "src" / "episode_parse" / "api.py").read_text(encoding="utf-8")
    pipeline = source[source.index("def _pipeline") :]
    calls = [pipeline.index(f"= {fn}(doc") for fn in ("split_blocks", "classify", "build", "link", "run_rules")]
    assert calls == sorted(calls) and bench.STAGES[0] == "read" and len(bench.STAGES) == 6
    times = bench.stage_seconds(bench.scaled(bench.load_reference(), 1), 1)
    assert list(times) == list(bench.STAGES) and all(t > 0 for t in times.values())

"""Past one process: records and episodes pickle, and parse gives the same episode in a worker process."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

from episode_parse import Episode, EpisodeParseError, parse, parse_bytes, parse_file
from episode_parse.records import RECORD_TYPES, Edit, Fix, Location, Segment
from tests.conftest import REFERENCE, ROOT, corpus_files, needs_corpus

EXAMPLE = ROOT / "examples" / "episode.md"

# Diagnostics of every family, a claim with quotes, a malformed timestamp (start None),
# an untimed turn and a chapter list: every record type with optional fields both ways.
AWKWARD = (
    "# Show\n\n**A claim**: with a body.\n\n“A quote.” — Someone\n\n"
    "## Chapters\n\n00:00 Intro\n01:00 Middle\n\n"
    "## Transcript\n\n**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Bad minutes.\n\n**A:** untimed\n"
)


def _records(episode: Episode) -> list[Any]:
    """Every record reachable from ``episode``, itself included."""
    found: list[Any] = []

    def walk(value: Any) -> None:
        if attrs.has(type(value)):
            found.append(value)
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(episode)
    return found


def _with_every_record(episode: Episode) -> Episode:
    """``episode`` plus the records a Markdown document does not make: a cue, a chapter location, a fix."""
    span = episode.turns[0].span
    segment = Segment("1", 1.0, 2.5, "A", "Hi.", "align:start", 0, span)
    chapter = attrs.evolve(episode.chapters[0], url="https://example.com", location=Location("Here", "geo:0,0", None))
    diagnostic = attrs.evolve(episode.diagnostics[0], fix=Fix("safe", "replace the stamp", (Edit(span, "00:00:01"),)))
    return attrs.evolve(
        episode,
        chapters=(chapter, *episode.chapters[1:]),
        segments=(segment,),
        diagnostics=(diagnostic, *episode.diagnostics[1:]),
    )


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_episode_and_every_record_round_trip_through_pickle(protocol: int) -> None:
    episode = _with_every_record(parse(AWKWARD, name="awkward.md"))
    records = _records(episode)
    assert {type(r) for r in records} == set(RECORD_TYPES)
    for record in records:
        clone = pickle.loads(pickle.dumps(record, protocol=protocol))
        assert type(clone) is type(record)
        assert clone == record
    clone = pickle.loads(pickle.dumps(episode, protocol=protocol))
    assert clone == episode
    assert clone.to_json() == episode.to_json()


def test_unpickled_records_stay_frozen() -> None:
    clone = pickle.loads(pickle.dumps(parse(AWKWARD)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        clone.turns[0].speaker = "Z"


def test_example_pickles() -> None:
    episode = parse_file(EXAMPLE)
    assert pickle.loads(pickle.dumps(episode)) == episode


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(REFERENCE.parent)))
def test_corpus_episodes_pickle(path: Path) -> None:
    episode = parse_bytes(path.read_bytes(), name=path.name)
    assert pickle.loads(pickle.dumps(episode, protocol=pickle.HIGHEST_PROTOCOL)) == episode


def _strict_parse(text: str) -> Episode:
    return parse(text, strict=True)


def test_parse_in_worker_processes_equals_parse_here() -> None:
    texts = [AWKWARD, EXAMPLE.read_text(encoding="utf-8"), "", "**A [00:00:01]**: Hi.\n"]
    if REFERENCE.is_file():
        texts.append(REFERENCE.read_text(encoding="utf-8"))
    here = [parse(t) for t in texts]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        there = list(pool.map(parse, texts))
        # An error raised in a worker comes back whole.
        with pytest.raises(EpisodeParseError) as info:
            pool.submit(_strict_parse, AWKWARD).result()
    assert there == here
    with pytest.raises(EpisodeParseError) as local:
        _strict_parse(AWKWARD)
    assert info.value.args == local.value.args
    assert (info.value.code, info.value.line, info.value.column) == ("TS001", 16, 6)

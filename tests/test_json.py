"""The JSON contract: keys, round trip, errors with paths, and the committed schema."""

from __future__ import annotations

import json

import orjson
import pytest

from episode_parse import Episode, EpisodeParseError, parse, parse_file
from episode_parse.schema import schema_json
from tests.conftest import ROOT, SCHEMA_PATH, assert_valid_episode_json

EXAMPLE = ROOT / "examples" / "episode.md"
TOP_KEYS = [
    "schema_version",
    "source",
    "layout",
    "sections",
    "claims",
    "quotes",
    "chapters",
    "speakers",
    "turns",
    "segments",
    "diagnostics",
]
SPAN_KEYS = ["start", "end", "line", "column", "end_line", "end_column"]


@pytest.fixture
def example() -> Episode:
    return parse_file(EXAMPLE)


def test_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_bytes() == schema_json(), "regenerate: episode-parse schema > schemas/episode.schema.json"


def test_schema_descriptions_come_from_field_docstrings() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    start = schema["$defs"]["Span"]["properties"]["start"]
    assert start["description"] == "Offset of the first character, 0-based."
    for name, definition in [("Episode", schema), *schema["$defs"].items()]:
        for field, prop in definition["properties"].items():
            assert prop["description"], f"{name}.{field} has no description"


def test_keys_and_spans(example: Episode) -> None:
    value = assert_valid_episode_json(example.to_json())
    assert list(value) == TOP_KEYS
    records = [value["source"], *(r for key in TOP_KEYS[3:] for r in value[key])]
    assert len(records) > 20
    for record in records:
        assert list(record["span"]) == SPAN_KEYS
    turn = value["turns"][0]
    assert isinstance(turn["start"], float) and isinstance(turn["chapter"], int)


def test_round_trip_and_determinism(example: Episode) -> None:
    data = example.to_json()
    assert Episode.from_json(data) == example
    assert Episode.from_json(data.decode()) == example
    assert parse_file(EXAMPLE).to_json() == data
    indented = example.to_json(indent=True)
    assert indented != data and json.loads(indented) == json.loads(data)


def _mutated(example: Episode, edit: str) -> bytes:
    value = json.loads(example.to_json())
    exec(edit, {"v": value})
    return json.dumps(value).encode()


@pytest.mark.parametrize(
    ("edit", "path", "expected"),
    [
        ("v['turns'][3]['start'] = 'soon'", "$.turns[3].start", "a number"),
        ("v['turns'][1]['chapter'] = 99", "$.turns[1].chapter", "index below"),
        ("v['claims'][0]['quotes'] = [0, 42]", "$.claims[0].quotes[1]", "index below"),
        ("del v['chapters'][0]['span']['end_line']", "$.chapters[0].span.end_line", "missing key"),
        ("v['sections'][0]['role'] = 'intro'", "$.sections[0].role", "one of"),
        ("v['speakers'][0]['extra'] = 1", "$.speakers[0].extra", "unexpected key"),
        ("v['schema_version'] = 1", "$.schema_version", "schema_version 2"),
        ("v['diagnostics'] = {}", "$.diagnostics", "an array"),
    ],
)
def test_from_json_errors_point_with_paths(example: Episode, edit: str, path: str, expected: str) -> None:
    with pytest.raises(EpisodeParseError) as info:
        Episode.from_json(_mutated(example, edit))
    assert info.value.path == path
    assert expected in info.value.message
    assert str(info.value).startswith(path)


def test_from_json_rejects_invalid_json() -> None:
    with pytest.raises(EpisodeParseError) as info:
        Episode.from_json(b"{not json")
    assert info.value.path == "$"


def test_every_example_and_corner_validates() -> None:
    for text in ["", "   \n", "\x00", "**A [00:00:01]**:", "# Only a heading", "```\nfenced **A [00:00:01]**: no\n"]:
        episode = parse(text)
        assert_valid_episode_json(episode.to_json())
        assert Episode.from_json(episode.to_json()) == episode


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("turns", 0, "span", "start"), "$.turns[0].span.start"),
        (("speakers", 0, "turn_count"), "$.speakers[0].turn_count"),
        (("source", "line_count"), "$.source.line_count"),
    ],
)
def test_from_json_refuses_negative_integers(path: tuple[str | int, ...], where: str) -> None:
    # Found by fuzzing: the schema says every integer is at least 0, and
    # from_json took -5, giving an Episode whose JSON failed the schema.
    doc = orjson.loads(parse("**A [00:01]**: hi").to_json())
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = -1
    with pytest.raises(EpisodeParseError, match="expected a non-negative integer, got -1") as caught:
        Episode.from_json(orjson.dumps(doc))
    assert caught.value.path == where

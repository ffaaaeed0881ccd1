"""The public surface: a small API listed once, and an error that pickles."""

from __future__ import annotations

import pickle

import pytest

import episode_parse
from episode_parse import EpisodeParseError, parse, parse_bytes


def test_all_is_pinned() -> None:
    assert episode_parse.__all__ == [
        "Chapter",
        "Claim",
        "Diagnostic",
        "Episode",
        "EpisodeParseError",
        "Quote",
        "Section",
        "Source",
        "Span",
        "Speaker",
        "Turn",
        "parse",
        "parse_bytes",
        "parse_file",
        "render",
    ]
    assert sorted(episode_parse.__all__) == episode_parse.__all__
    for name in episode_parse.__all__:
        assert hasattr(episode_parse, name)


def test_error_is_a_value_error_that_pickles() -> None:
    error = EpisodeParseError("malformed timestamp", "TS001", 3, 9, "00:61:00")
    assert isinstance(error, ValueError)
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.message, clone.code, clone.line, clone.column, clone.excerpt, clone.path) == (
        "malformed timestamp",
        "TS001",
        3,
        9,
        "00:61:00",
        None,
    )
    assert str(clone) == str(error)
    assert "line 3, column 9" in str(error)


def test_strict_raises_at_first_error_with_position() -> None:
    text = "### T\n\n**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Oops.\n"
    parse(text)  # lenient: no exception
    with pytest.raises(EpisodeParseError) as info:
        parse(text, strict=True)
    assert (info.value.code, info.value.line, info.value.column) == ("TS001", 5, 6)
    assert info.value.excerpt == "00:61:00"


def test_strict_passes_clean_documents() -> None:
    episode = parse("**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n", strict=True)
    assert [t.speaker for t in episode.turns] == ["A", "B"]


@pytest.mark.parametrize("data", [b"**A [00:00:01]**: Hi.", bytearray(b"x"), memoryview(b"x")])
def test_parse_of_bytes_names_parse_bytes(data: bytes) -> None:
    with pytest.raises(TypeError, match="use parse_bytes for bytes"):
        parse(data)  # type: ignore[arg-type]


def test_parse_bytes_of_a_string_names_parse() -> None:
    with pytest.raises(TypeError, match="use parse for str"):
        parse_bytes("**A [00:00:01]**: Hi.")  # type: ignore[arg-type]

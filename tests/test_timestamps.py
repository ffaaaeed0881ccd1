"""Timestamps: the four accepted forms, and what is wrong with the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episode_parse import parse
from episode_parse.timestamps import TIMESTAMP_CHARS, read_timestamp
from tests.strategies import ascii_timestamp_shapes


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:05", 5.0),
        ("7:30", 450.0),
        ("12:34", 754.0),
        ("1:00:30", 3630.0),
        ("01:17:34", 4654.0),
        ("12:00:01", 43201.0),
    ],
)
def test_accepted_forms(text: str, seconds: float) -> None:
    reading = read_timestamp(text)
    assert (reading.seconds, reading.code) == (seconds, None)


@pytest.mark.parametrize(
    ("text", "problem", "suggestion"),
    [
        ("1:2:3", "two digits", "1:02:03"),
        ("0:000", "two digits", None),  # once recursed without end: padding left it unchanged
        ("1:234:5", "two digits", None),
        ("00:00:4", "two digits", "00:00:04"),
        ("00:61:00", "minutes must be below 60", None),
        ("00:10:75", "seconds must be below 60", None),
        ("00:44:03:20", "4 fields", None),
        ("01:04:01.04", "fraction", None),
        ("０１:２３", "non-ASCII digit U+FF10", "01:23"),
        ("٠١:٢٣", "non-ASCII digit U+0660", "01:23"),
        ("01\uff1a23", "look-alike colon U+FF1A", "01:23"),
        ("01\u223623", "look-alike colon U+2236", "01:23"),
    ],
)
def test_malformed(text: str, problem: str, suggestion: str | None) -> None:
    reading = read_timestamp(text)
    assert reading.seconds is None
    assert reading.code == "TS001"
    assert problem in reading.problem
    assert reading.suggestion == suggestion


def test_minutes_past_59_keep_their_value_with_a_warning() -> None:
    reading = read_timestamp("65:12")
    assert (reading.seconds, reading.code, reading.suggestion) == (65 * 60 + 12.0, "TS003", "1:05:12")


@pytest.mark.parametrize("ts", ["[00:00:05]", "[0:05]"])
def test_timestamps_in_brackets_or_bare_in_chapter_lists(ts: str) -> None:
    bare = ts.strip("[]")
    for written in (ts, bare):
        episode = parse(f"### Chapters\n\n0:00 Start\n{written} Intro\n1:00 Again\n")
        assert [(c.start, c.timestamp) for c in episode.chapters] == [(0.0, "0:00"), (5.0, bare), (60.0, "1:00")]


def test_malformed_turn_timestamp_keeps_the_turn_with_a_null_start() -> None:
    text = "**A [00:00:01]**: Hi.\n\n**B [00:00:4]**: Hello.\n\n**A [00:00:09]**: Bye.\n"
    episode = parse(text)
    assert [(t.speaker, t.start, t.timestamp) for t in episode.turns] == [
        ("A", 1.0, "00:00:01"),
        ("B", None, "00:00:4"),
        ("A", 9.0, "00:00:09"),
    ]
    [d] = episode.diagnostics
    assert (d.code, d.severity, d.span.line, d.span.column, d.suggestion) == ("TS001", "error", 3, 6, "00:00:04")


@settings(max_examples=500)  # cheap: the reader only, so many more strings than the profile gives
@given(
    st.one_of(
        st.from_regex(rf"\A{TIMESTAMP_CHARS}\Z"),
        ascii_timestamp_shapes(),  # ASCII digits: most of real life
    )
)
def test_every_string_a_layout_can_capture_reads_without_error(text: str) -> None:
    # Layouts capture this loose shape, so read_timestamp sees all of it (once,
    # "0:000" recursed without end).  Malformed means no seconds, and a
    # suggestion is always a clean timestamp.
    reading = read_timestamp(text)
    assert reading.code in (None, "TS001", "TS003")
    assert (reading.seconds is None) == (reading.code == "TS001")
    if reading.suggestion is not None:
        fixed = read_timestamp(reading.suggestion)
        assert fixed.code is None and fixed.seconds is not None

"""Timed lines with no name keep their own times as segments (talkpython, whisper), end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import srt

from episode_parse import parse, parse_file
from episode_parse.formats.base import WriteOptions, writer
from tests.conftest import CORPUS, REFERENCE, needs_corpus

FIXTURE = Path(__file__).parent / "fixtures" / "timed-lines.txt"


def test_every_timed_line_of_the_fixture_is_a_segment() -> None:
    # Written for this test: two lines merged into a turn, then a turn of a
    # line, a line with a malformed stamp and an untimed line, then one line.
    episode = parse_file(FIXTURE)
    assert [(t.start, t.text) for t in episode.turns] == [
        (1.0, "Welcome to the show, this is\na test of timed lines."),
        (9.0, "Today we talk about\nstamps that break,\nand a line with no stamp."),
        (15.0, "Thanks."),
    ]
    assert [(s.start, s.end, s.speaker, s.text, s.turn, s.span.line, s.span.end_line) for s in episode.segments] == [
        (1.0, None, None, "Welcome to the show, this is", 0, 1, 1),
        (4.0, None, None, "a test of timed lines.", 0, 2, 2),
        (9.0, None, None, "Today we talk about", 1, 4, 4),
        (None, None, None, "stamps that break,\nand a line with no stamp.", 1, 5, 6),
        (15.0, None, None, "Thanks.", 2, 7, 7),
    ]
    text = FIXTURE.read_text(encoding="utf-8")
    assert text[episode.segments[3].span.start : episode.segments[3].span.end] == (
        "00:00:1 stamps that break,\nand a line with no stamp."
    )
    # The merged line's malformed stamp is reported where it is (it was not read at all before).
    [d] = episode.diagnostics
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("TS001", 5, 1, 8)


def test_the_fixture_converts_to_one_cue_per_timed_line() -> None:
    episode = parse_file(FIXTURE)
    written = writer("srt")(episode, WriteOptions(duration=20.0))
    cues = list(srt.parse(written.data.decode("utf-8")))
    assert [(c.start.total_seconds(), c.end.total_seconds()) for c in cues] == [
        (1.0, 4.0),
        (4.0, 9.0),
        (9.0, 10.6),  # the next cue has no start: its four words at 2.5 a second (the writer's rule)
        (10.6, 15.0),  # no start: where the cue before it ends, up to the next start
        (15.0, 20.0),
    ]
    assert cues[3].content == "stamps that break,\nand a line with no stamp."
    assert any("no start time" in n for n in written.notices)


def test_whisper_lines_keep_their_start_and_end() -> None:
    text = (
        "[0.00 --> 1.76]  Thanks for the segue.\n[2.22 --> 4.80]  So we were chatting\n[4.92 --> 6.42]  this morning.\n"
    )
    episode = parse(text)
    assert [(s.start, s.end, s.text, s.turn) for s in episode.segments] == [
        (0.0, 1.76, "Thanks for the segue.", 0),
        (2.22, 4.8, "So we were chatting", 1),
        (4.92, 6.42, "this morning.", 1),
    ]
    vtt = writer("webvtt")(episode, WriteOptions()).data.decode("utf-8")
    assert "00:00:04.920 --> 00:00:06.420\nthis morning." in vtt


def test_markdown_output_says_what_it_cannot_write_and_reads_back() -> None:
    text = (
        "[0.00 --> 1.76]  Thanks for the segue.\n[2.22 --> 4.80]  So we were chatting\n[4.92 --> 6.42]  this morning.\n"
    )
    episode = parse(text)
    written = writer("markdown")(episode, WriteOptions())
    assert any(n.startswith("1 timed line(s) merged") for n in written.notices)
    again = parse(written.data.decode("utf-8"))  # whisper's seconds were written as [0.00], which reads as notes
    assert [(t.start, t.text) for t in again.turns] == [(0.0, "Thanks for the segue."), (2.0, episode.turns[1].text)]


def test_an_out_of_order_turn_is_still_reported_where_there_are_segments() -> None:
    episode = parse("00:00:01 One.\n\n00:00:05 Two.\n\n00:50:00 Three.\n\n00:00:12 Four.\n\n00:00:15 Five.\n")
    assert len(episode.segments) == 5
    assert [d.code for d in episode.diagnostics] == ["TS002"]
    assert episode.segments[2].start == 3000.0  # as the line gives it; the turn's start is null
    assert episode.turns[2].start is None


def test_named_turns_have_no_segments() -> None:
    assert parse("**Ana [00:00:01]**: Hi,\n\n**Bo [00:00:04]**: hello.\n").segments == ()
    # A bare time in a named transcript is a new turn of the same speaker, not a merged line.
    assert parse("**Ana:** Hi.\n\n**Bo:** Hello.\n\n**Ana:** So.\n\n\\[00:12\\] More.\n").segments == ()


@needs_corpus
def test_the_reference_has_no_segments() -> None:
    assert parse_file(REFERENCE).segments == ()


TIMED_LINES = [
    # (file, how many timed lines, the one-line regex that counted them)
    ("talkpython/100-guido-van-rossum.txt", 806, r"^\d\d:\d\d:\d\d "),
    ("talkpython/372-applied-math.txt", 889, r"^\d\d:\d\d:\d\d "),
    ("oxide/Barracuda 7200.11\uff1a broken firmware is broken software!_transcript.md", 1127, r"^\[\d+\.\d+ --> "),
]


@needs_corpus
@pytest.mark.parametrize(
    ("name", "count", "pattern"), TIMED_LINES, ids=[t[0].split("/")[0] + str(t[1]) for t in TIMED_LINES]
)
def test_corpus_segments_are_the_timed_lines(name: str, count: int, pattern: str) -> None:
    path = CORPUS / name
    stamps = re.findall(pattern, path.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(stamps) == count  # the count above is the regex's, not the parser's
    episode = parse_file(path)
    assert len(episode.segments) == count
    assert episode.turns and len(episode.turns) < count  # lines were merged, and none lost its time
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(re.match(pattern, lines[s.span.line - 1]) for s in episode.segments)

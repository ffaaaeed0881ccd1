"""Line breaks are LF, CRLF and CR only; a leading BOM is dropped; spans count code points."""

from __future__ import annotations

import pytest

from episode_parse import parse, parse_bytes


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_each_line_ending_gives_the_same_records(newline: str) -> None:
    text = newline.join(["### Transcript", "", "**A [00:00:01]**: Hi", "there.", "", "**B [00:00:03]**: Hello."])
    episode = parse(text)
    assert [(t.speaker, t.text, t.span.line, t.span.end_line) for t in episode.turns] == [
        ("A", "Hi\nthere.", 3, 4),
        ("B", "Hello.", 6, 6),
    ]
    assert episode.source.line_count == 6


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_other_unicode_breaks_are_not_line_breaks(char: str) -> None:
    text = f"**A [00:00:01]**: one{char}two\n\n**B [00:00:02]**: three\n"
    episode = parse(text)
    assert episode.turns[0].text == f"one{char}two"
    assert episode.turns[1].span.line == 3
    assert episode.source.line_count == 3


def test_mixed_line_endings_are_read_and_reported() -> None:
    episode = parse("**A [00:00:01]**: Hi.\r\n\r\n**B [00:00:02]**: Yo.\n")
    assert [t.span.line for t in episode.turns] == [1, 3]
    [d] = [d for d in episode.diagnostics if d.code == "DOC004"]
    assert d.span.line == 3


def test_bom_is_dropped_and_offsets_count_from_after_it() -> None:
    episode = parse("\ufeff**A [00:00:01]**: Hi.")
    turn = episode.turns[0]
    assert (turn.speaker, turn.span.start, turn.span.column) == ("A", 0, 1)
    assert episode.source.byte_count == len("\ufeff**A [00:00:01]**: Hi.".encode())


def test_span_fields_follow_their_definitions() -> None:
    text = "intro\n\n### Transcript\n\n**가나 [00:00:01]**: 안녕하세요.\n"
    episode = parse(text)
    turn = episode.turns[0]
    span = turn.span
    assert text[span.start : span.end] == "**가나 [00:00:01]**: 안녕하세요."
    assert (span.line, span.column, span.end_line, span.end_column) == (5, 1, 5, 26)
    speaker = episode.speakers[0].span
    assert text[speaker.start : speaker.end] == "가나"
    assert (speaker.line, speaker.column) == (5, 3)


def test_invalid_utf8_is_reported_with_its_byte_offset_and_kept_as_a_replacement() -> None:
    data = b"**A [00:00:01]**: caf" + b"\xe9" + b" ok\n"
    episode = parse_bytes(data)
    assert episode.turns[0].text == "caf\ufffd ok"
    [d] = [d for d in episode.diagnostics if d.code == "DOC001"]
    assert (d.span.line, d.span.column) == (1, 22)
    assert "byte offset 21" in d.message


def test_utf16_is_decoded_and_reported() -> None:
    data = "**A [00:00:01]**: Hi.".encode("utf-16")
    episode = parse_bytes(data)
    assert episode.turns[0].text == "Hi."
    assert [d.code for d in episode.diagnostics] == ["DOC002"]


def test_lone_surrogates_are_replaced_and_reported() -> None:
    episode = parse("**A [00:00:01]**: a\ud800b")
    assert episode.turns[0].text == "a\ufffdb"
    assert [d.code for d in episode.diagnostics] == ["DOC007"]
    episode.to_json()  # encodable now


def test_runaway_guard_many_invalid_bytes() -> None:
    # Each invalid byte is found once; decoding must not restart per byte.
    import time

    data = "café ".encode("latin-1") * 200_000
    began = time.perf_counter()
    episode = parse_bytes(data)
    assert time.perf_counter() - began < 10
    invalid = [d for d in episode.diagnostics if d.code == "DOC001"]
    assert len(invalid) == 200_000
    assert invalid[-1].message == f"invalid UTF-8 (1 byte at byte offset {5 * 199_999 + 3})"
    assert invalid[-1].span.column == 5 * 199_999 + 4

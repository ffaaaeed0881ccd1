"""Line breaks are LF, CRLF and CR only; a leading BOM is dropped; spans count code points."""

from __future__ import annotations

from pathlib import Path

import pytest

from episode_parse import EpisodeParseError, parse, parse_bytes
from episode_parse.cli import main
from tests.conftest import assert_valid_episode_json


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


# The findings of reading: bytes and characters the text cannot hold as they are. ----
# Each case: the input (bytes go through parse_bytes, str through parse) and
# every finding as (code, line, column); test_rules.py counts these as the
# cases of DOC001, DOC002, DOC003, DOC004, DOC007 and DOC008.

BYTE_CASES: dict[str, tuple[bytes | str, list[tuple[str, int, int]]]] = {
    "invalid UTF-8 byte": (b"**A [00:00:01]**: caf\xe9 ok\n", [("DOC001", 1, 22)]),
    "UTF-8 near miss": ("**A [00:00:01]**: café ok\n".encode(), []),
    "UTF-16 with a byte-order mark": ("**A [00:00:01]**: Hi.".encode("utf-16"), [("DOC002", 1, 1)]),
    "UTF-32 with a byte-order mark": ("**A [00:00:01]**: Hi.".encode("utf-32"), [("DOC008", 1, 1)]),
    "NUL characters": ("**A [00:00:01]**: a\x00\x00b\n", [("DOC003", 1, 20)]),
    "NUL written out, near miss": ("**A [00:00:01]**: a\\x00b\n", []),
    "mixed line endings": ("**A [00:00:01]**: Hi.\r\n\r\n**B [00:00:02]**: Yo.\n", [("DOC004", 3, 1)]),
    "one kind of line ending, near miss": ("**A [00:00:01]**: Hi.\r\n\r\n**B [00:00:02]**: Yo.\r\n", []),
    "lone surrogate": ("**A [00:00:01]**: a\ud800b", [("DOC007", 1, 20)]),
    "NUL byte in the first 8 KB": (b"**A [00:00:01]**: Hi.\n\n**B [00:00:02]**: a\x00b\n", [("DOC008", 3, 20)]),
    "mostly not UTF-8": (bytes(range(128, 256)) * 4, [("DOC008", 1, 1)]),
    "a NUL byte past the first 8 KB is text": (
        b"**A [00:00:01]**: " + b"word " * 2000 + b"\x00\n",
        [("DOC003", 1, 10_019)],
    ),
}


@pytest.mark.parametrize(("given", "expected"), list(BYTE_CASES.values()), ids=list(BYTE_CASES))
def test_reading_findings(given: bytes | str, expected: list[tuple[str, int, int]]) -> None:
    episode = parse_bytes(given) if isinstance(given, bytes) else parse(given)
    assert [(d.code, d.span.line, d.span.column) for d in episode.diagnostics] == expected


def test_invalid_utf8_is_reported_with_its_byte_offset_and_kept_as_a_replacement() -> None:
    data = b"**A [00:00:01]**: caf" + b"\xe9" + b" ok\n"
    episode = parse_bytes(data)
    assert episode.turns[0].text == "caf\ufffd ok"
    [d] = episode.diagnostics
    assert d.message == "invalid UTF-8 (1 byte at byte offset 21)"


def test_utf16_is_decoded_and_reported() -> None:
    data = "**A [00:00:01]**: Hi.\n\n**B [00:00:04]**: Yo.".encode("utf-16")
    episode = parse_bytes(data)
    assert [(t.speaker, t.text) for t in episode.turns] == [("A", "Hi."), ("B", "Yo.")]
    assert [d.code for d in episode.diagnostics] == ["DOC002"]


def test_lone_surrogates_are_replaced_and_reported() -> None:
    episode = parse("**A [00:00:01]**: a\ud800b")
    assert episode.turns[0].text == "a\ufffdb"
    episode.to_json()  # encodable now


def test_mixed_line_endings_tie_names_the_first_lines_ending() -> None:
    # One LF and one CRLF: neither is "most"; the first line's ending is the usual one.
    [d] = parse("**A [00:00:01]**: Hi.\n\r\n**B [00:00:02]**: Yo.").diagnostics
    assert (d.code, d.span.line) == ("DOC004", 2)
    assert d.message == "line ends with CRLF while as many end with LF, which the first line ends with (1 LF, 1 CRLF)"
    [d] = parse("**A [00:00:01]**: Hi.\r\n\n**B [00:00:02]**: Yo.").diagnostics
    assert (d.span.line, d.message.split(" while ")[0]) == (2, "line ends with LF")
    [d] = [d for d in parse("a\r\nb\r\nc\n").diagnostics if d.code == "DOC004"]
    assert d.message == "line ends with LF while most end with CRLF (1 LF, 2 CRLF)"


# Files that are not text: one finding where the evidence is, nothing parsed. -----


def test_a_nul_byte_early_makes_a_binary_file_read_no_further() -> None:
    data = b"**A [00:00:01]**: Hi.\n" + b"\x89PNG\x00\x00" + b"**B [00:00:02]**: never read\n" * 1000
    episode = parse_bytes(data, name="x.md")
    [d] = episode.diagnostics
    assert (d.code, d.severity, d.span.line, d.span.column) == ("DOC008", "error", 2, 5)
    assert d.message == "not a text file: NUL byte at byte offset 26"
    assert (episode.turns, episode.sections, episode.chapters, episode.claims) == ((), (), (), ())
    assert (episode.source.byte_count, episode.source.name) == (len(data), "x.md")
    assert episode.source.span.end == d.span.end  # the text read stops at the evidence


def test_mostly_invalid_utf8_is_not_text_but_latin1_prose_is() -> None:
    greek = "Καλημέρα σας, είμαι ο παρουσιαστής. ".encode("cp1253") * 300
    [d] = parse_bytes(greek).diagnostics
    assert d.code == "DOC008" and "not UTF-8" in d.message
    french = "Café, crème brûlée et thé. ".encode("latin-1") * 300
    codes = {d.code for d in parse_bytes(french).diagnostics}
    assert "DOC008" not in codes and "DOC001" in codes


def test_a_binary_file_fails_validate_and_converts_to_a_small_valid_episode(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(bytes(range(256)) * 4000)
    assert main(["validate", str(binary)]) == 1
    assert b"DOC008 not a text file: NUL byte at byte offset 0" in capsysbinary.readouterr().out
    assert main(["convert", str(binary)]) == 1
    out = capsysbinary.readouterr().out
    value = assert_valid_episode_json(out)
    assert [d["code"] for d in value["diagnostics"]] == ["DOC008"] and len(out) < 1000


def test_strict_parse_of_a_binary_file_raises() -> None:
    with pytest.raises(EpisodeParseError) as raised:
        parse_bytes(b"\x00\x01\x02", strict=True)
    assert raised.value.code == "DOC008"

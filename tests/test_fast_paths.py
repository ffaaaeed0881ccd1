"""Code written for speed or memory gives exactly what the plain code it replaces gives."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from episode_parse import build, classify, link, parse, read, rules
from episode_parse.api import parse_document
from episode_parse.layouts import TURN_LAYOUTS, TurnLayout, match_turn
from episode_parse.link import word_count
from episode_parse.records import Span
from episode_parse.timestamps import TIMESTAMP_CHARS, clean_seconds, read_timestamp
from tests.conftest import CORPUS, corpus_files, needs_corpus
from tests.strategies import (
    arbitrary_text,
    generated_documents,
    raw_srt,
)

# Every kind of whitespace str.split() knows, mixed with words, so that runs
# of spaces, lone spaces and chunk edges all occur.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
texts = st.lists(st.one_of(st.sampled_from(_SPACES), st.text(min_size=1, max_size=5)), max_size=60).map("".join)


@given(texts, st.integers(min_value=1, max_value=8))
def test_word_count_is_len_of_split(text: str, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(link, "WORD_COUNT_CHUNK", chunk)  # small chunks: many cuts in a short text
        assert word_count(text) == len(text.split())


ascii_texts = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@given(ascii_texts)
def test_word_count_of_ascii_text_is_len_of_split(text: str) -> None:
    # ASCII text takes the byte-marking path: every ASCII whitespace
    # character, leading and trailing runs, and empty text included.
    assert word_count(text) == len(text.split())


@pytest.mark.parametrize("text", ["", " ", "w", " w ", "a\x1cb", "a\x1fb\x7fc", "\t\n a \r\n\x0b\x0c b  "])
def test_word_count_at_the_edges_of_ascii(text: str) -> None:
    assert text.isascii()
    assert word_count(text) == len(text.split())


def test_word_count_of_a_long_turn() -> None:
    text = "word  " * 5000 + "end\n" + " x" * 3000
    assert word_count(text) == len(text.split()) == 8001


# Timestamps: the HH:MM:SS fast path agrees with the full reader. --------------

stamps = st.one_of(
    st.from_regex(r"\A\d{1,3}:\d{1,3}(:\d{1,3})?\Z"),
    st.text(alphabet="0123456789:\uff1a\u0660 .", max_size=10),
)


@given(stamps)
def test_clean_seconds_is_read_timestamp_when_nothing_is_wrong(text: str) -> None:
    seconds = clean_seconds(text)
    reading = read_timestamp(text)
    if seconds is not None:
        assert reading.code is None and reading.seconds == seconds
    elif len(text) == 8 and reading.code is None and reading.seconds is not None and text.isascii():
        # The fast path may only decline forms other than HH:MM:SS.
        assert not (text[2] == text[5] == ":" and text.replace(":", "").isdigit())


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00:00", 0.0),
        ("99:59:59", 99 * 3600 + 59 * 60 + 59.0),
        ("01:02:03", 3723.0),
        ("00:60:00", None),  # minutes past 59
        ("00:00:60", None),
        ("0\u0661:00:00", None),  # an Arabic-Indic digit: TS001's, not the fast path's
        ("01\uff1a02:03", None),  # a full-width colon
        ("1:02:03", None),  # H:MM:SS: read_timestamp's
        ("01:02:03 ", None),
    ],
)
def test_clean_seconds_table_lookups_at_the_edges(text: str, seconds: float | None) -> None:
    assert clean_seconds(text) == seconds


# Turn headers: trying only the layouts a line's first character allows finds
# what trying every layout in table order finds. -------------------------------


def _every_layout(line: str) -> tuple[TurnLayout, re.Match[str]] | None:
    for layout in TURN_LAYOUTS:
        m = layout.match(line)
        if m is not None and (not layout.named or m.group("speaker").strip()):
            return layout, m
    return None


header_lines = st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            [
                "**",
                "[",
                "]",
                "(",
                ")",
                ":",
                " ",
                "Ann",
                "00:01",
                "12:00:00",
                "x",
                "\t",
                "\\",
                "-",
                "\uff1a",
                "1.5 --> 2.5",
            ]
        ),
        max_size=10,
    ),
)


@given(st.one_of(header_lines, st.text(max_size=20)))
def test_match_turn_tries_the_layouts_in_table_order(line: str) -> None:
    found = match_turn(line, timed_only=False)
    expected = _every_layout(line)
    assert (found is None) == (expected is None)
    if found is not None and expected is not None:
        assert found[0] is expected[0] and found[1].span() == expected[1].span()


def test_match_turn_finds_each_layouts_example() -> None:
    for layout in TURN_LAYOUTS:
        found = match_turn(layout.example, timed_only=False)
        assert found is not None and found[0] is layout


# The document hash: the built-in SHA-256 for small documents is hashlib's. ----


@pytest.mark.parametrize("size", [0, 1, 64, 1000, read.SMALL_DOCUMENT, read.SMALL_DOCUMENT + 1])
def test_sha256_hex_is_hashlibs(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    with monkeypatch.context() as m:
        m.delitem(sys.modules, "hashlib")  # as at start-up, before anything loads hashlib
        ours = read.sha256_hex(data)
        assert "hashlib" not in sys.modules or size > read.SMALL_DOCUMENT
    assert ours == hashlib.sha256(data).hexdigest()


# The outlier search: the same longest ordered run as the plain patience sort. --


def _plain_patience(values: list[float], *, strict: bool, backwards: bool) -> set[int]:
    """link._patience as first written: a binary search for every value."""
    n = len(values)
    tails: list[float] = []
    tail_pos: list[int] = []
    parent = [-1] * n
    find = bisect.bisect_left if strict else bisect.bisect_right
    order = range(n - 1, -1, -1) if backwards else range(n)
    sign = -1.0 if backwards else 1.0
    for pos in order:
        value = sign * values[pos]
        at = find(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[at] = value
            tail_pos[at] = pos
        parent[pos] = tail_pos[at - 1] if at else -1
    kept = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        kept.add(pos)
        pos = parent[pos]
    return set(range(n)) - kept


def _mostly_increasing(values: list[float], wrong: list[tuple[int, float]]) -> list[float]:
    """``values`` in order, then a few of them replaced by wrong ones."""
    out = sorted(values)
    for k, value in wrong:
        if out:
            out[k % len(out)] = value
    return out


_seconds = st.one_of(
    st.lists(st.integers(0, 12).map(float), max_size=40),  # few distinct values: ties everywhere
    st.builds(
        _mostly_increasing,
        st.lists(st.integers(0, 3000).map(float), max_size=40),
        st.lists(st.tuples(st.integers(0, 99), st.integers(0, 9000).map(float)), max_size=3),
    ),  # as in real transcripts
)


@given(_seconds, st.booleans(), st.booleans())
def test_patience_keeps_what_the_plain_patience_sort_keeps(values: list[float], strict: bool, backwards: bool) -> None:
    assert link._patience(values, strict=strict, backwards=backwards) == _plain_patience(
        values, strict=strict, backwards=backwards
    )


def _digit_fix_by_trying_all(timestamp: str, low: float, high: float) -> str | None:
    """TS002's suggestion the plain way: read every one-digit change."""
    fixes = []
    for i, c in enumerate(timestamp):
        for d in "0123456789" if c.isdigit() else "":
            candidate = timestamp[:i] + d + timestamp[i + 1 :]
            reading = read_timestamp(candidate)
            if d != c and reading.code is None and reading.seconds is not None and low <= reading.seconds <= high:
                fixes.append(candidate)
    return fixes[0] if len(fixes) == 1 else None


CLOCKS = st.from_regex(r"[0-9]{1,3}(:[0-9]{2}){1,2}", fullmatch=True)


@given(
    st.one_of(CLOCKS, st.from_regex(TIMESTAMP_CHARS, fullmatch=True)),
    st.data(),
)
def test_digit_fix_skips_only_changes_that_cannot_land_in_range(timestamp: str, data: st.DataObject) -> None:
    # Ranges around what each one-digit change reads as, so that fixes are found.
    readings = [
        r.seconds
        for i, c in enumerate(timestamp)
        if c.isdigit()
        for r in [read_timestamp(timestamp[:i] + "7" + timestamp[i + 1 :])]
        if r.seconds is not None
    ]
    centre = data.draw(st.sampled_from(readings) if readings else st.floats(0, 1e6))
    low = centre - data.draw(st.sampled_from([0, 1, 30, 3600]))
    high = centre + data.draw(st.sampled_from([0, 1, 30, 3600, float("inf")]))
    assert rules._digit_fix(timestamp, low, high) == _digit_fix_by_trying_all(timestamp, low, high)


@pytest.mark.parametrize("timestamp", ["0:00", "9:59", "59:59", "1:00:00", "12:34:56", "100:00:00", "99:99", "1:2"])
def test_digit_fix_agrees_with_trying_all_changes_for_every_close_range(timestamp: str) -> None:
    values = sorted(
        {
            read_timestamp(timestamp[:i] + d + timestamp[i + 1 :]).seconds or 0.0
            for i in range(len(timestamp))
            for d in "0123456789"
        }
    )
    for low in values:
        for high in (low, low + 59, float("inf")):
            assert rules._digit_fix(timestamp, low, high) == _digit_fix_by_trying_all(timestamp, low, high)


# Line starts: an array past LIST_LINES lines gives what a list gives. ---------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_starts_as_an_array_give_the_same_episode(newline: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = newline.join(
        ["## Chapters", "", "00:00 Intro", "00:30 Talk", "01:00 End", "", "## Transcript", ""]
        + [f"**{'AB'[k % 2]} [00:00:{k:02d}]**: Turn {k}.{newline}" for k in range(50)]
    )
    plain = parse(text)
    monkeypatch.setattr(read, "LIST_LINES", 4)
    arrayed = read.read_text(text)
    assert not isinstance(arrayed.starts, list)
    assert not isinstance(arrayed.lines, list)
    assert parse(text).to_json() == plain.to_json()


# Cue files: the SRT fast path and the records made by columns. ----------------


@given(raw_srt())
def test_srt_fast_path_gives_what_the_general_reader_gives_on_quirky_files(text: str) -> None:
    from episode_parse.formats import srt

    fast = srt._read_usual(read.read_text(text))
    # What sends a file to the general reader: a blank line of spaces, a cue
    # with no blank line after it, a single Name: prefix (a name alone on a
    # line is one only when it is the cue's whole text).
    blank_inside = any(line and line.isspace() for line in text.split("\n"))
    missing_blank = any(block.count("-->") > 1 for block in re.split(r"\n[^\S\n]*\n", text))
    timing = r"^\d\d:\d\d:\d\d,\d{3} --> .*\n"
    prefixes = len(re.findall(timing + r"(?:Ana|Bo Li|Note|Dr\. K|a):(?: |\n\n|\n?\Z)", text, re.MULTILINE))
    if not blank_inside and not missing_blank and prefixes != 1:
        assert fast is not None
    if fast is not None:
        assert fast == srt._read_any(read.read_text(text))


def test_srt_fast_path_leaves_a_cue_with_no_blank_line_after_it_to_the_general_reader() -> None:
    from episode_parse.formats import srt

    text = "1\n00:00:01,000 --> 00:00:02,000\nHi\n2\n00:00:02,000 --> 00:00:03,000\nThere\n"
    assert srt._read_usual(read.read_text(text)) is None
    assert "CUE012" in {d.code for d in srt.read(read.read_text(text)).diagnostics}


def test_records_made_by_columns_equal_the_records_the_classes_make() -> None:
    import inspect

    import attrs

    from episode_parse.formats.cues import DRAFTS, make_records
    from episode_parse.records import Segment, Span, Turn

    span = Span(0, 5, 1, 1, 1, 6)
    rows: dict[type[Any], list[tuple[Any, ...]]] = {
        Span: [(0, 5, 1, 1, 1, 6), (7, 20, 3, 2, 4, 9)],
        Segment: [("1", 0.5, 1.0, "Ana", "Hi", None, 0, span), (None, None, None, None, "", "line:0", 3, span)],
        Turn: [("Ana", 1.0, 2.5, "00:00:01,000", "Hi", None, 0, span), (None, None, None, None, "", 2, 1, span)],
    }
    for cls, values in rows.items():
        # The shortcut sets every field and skips nothing attrs would run.
        fields = attrs.fields(cls)
        # A draft has the record's slots (no __weakref__, which would stop the class change).
        assert vars(DRAFTS[cls])["__slots__"] == vars(cls)["__slots__"] == tuple(f.name for f in fields)
        assert list(inspect.signature(DRAFTS[cls]).parameters) == [f.name for f in fields]
        assert all(f.validator is None and f.converter is None for f in fields)
        assert not hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__attrs_pre_init__")
        made = make_records(cls, len(values), list(zip(*values, strict=True)))
        assert made == [cls(*row) for row in values]
        assert [type(r) for r in made] == [cls] * len(values)


@given(
    st.lists(st.text(alphabet="ab \n", max_size=80), max_size=8),
    st.dictionaries(st.integers(0, 7), st.sampled_from(["Ana", "Bo Li"])),
    st.sampled_from(["srt", "webvtt", "podcast-json"]),
)
def test_count_long_in_bulk_is_the_count_cue_by_cue(texts: list[str], names: dict[int, str], fmt: str) -> None:
    from episode_parse.formats.cues import LINE_LIMITS, count_long

    names = {k: v for k, v in names.items() if k < len(texts)}
    expected = (0, 0, -1)
    if fmt in LINE_LIMITS:  # the plain count, as the checks first did it
        width, most = LINE_LIMITS[fmt]
        long_lines = tall = 0
        first = -1
        for k, text in enumerate(texts):
            shown = f"{names[k]}: {text}" if fmt == "srt" and k in names else text
            if len(shown) <= width:
                continue
            lines = shown.split("\n")
            over = sum(1 for line in lines if len(line) > width)
            high = most is not None and len(lines) > most
            long_lines += over
            tall += high
            if (over or high) and first < 0:
                first = k
        expected = (long_lines, tall, first) if first >= 0 else (0, 0, -1)
    assert count_long(texts, names, fmt) == expected
    # The texts with their names, each one's lines counted by the reader (the SRT fast path's way).
    named = [f"{names[k]}: {text}" if fmt == "srt" and k in names else text for k, text in enumerate(texts)]
    assert count_long(named, {}, fmt, [text.count("\n") + 1 for text in named]) == expected


@pytest.mark.parametrize(
    "text",
    ["", "\n", "a", "a\n", "a\nbb\n\nccc", "x" * 30 + "\n" + "y\n" * 10, "\n" * 9, "a\r\nb\rc\nd\r" * 3, "é€😀\n" * 5],
)
@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_lines_sliced_from_the_text_are_the_lines(text: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Past LIST_LINES the lines are not kept but sliced from the text, which
    # is split into line starts CHUNK characters at a time (a line may cross chunks).
    expected = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    monkeypatch.setattr(read, "LIST_LINES", 0)
    monkeypatch.setattr(read, "CHUNK", chunk)
    lines = read.read_text(text).lines
    assert isinstance(lines, read.Lines)
    assert list(lines) == expected
    assert [lines[k] for k in range(len(lines))] == expected
    assert lines[-1] == expected[-1] and lines[1:3] == expected[1:3] and lines[::-2] == expected[::-2]


# Turn paragraphs: the shortcuts of classify and build give what the general code gives. ---------


def _without_shortcuts(text: str, name: str | None = None) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(classify, "SHORTCUTS", False)
        mp.setattr(build, "SHORTCUTS", False)
        return parse(text, name=name).to_json()


@given(generated_documents())
def test_turn_paragraph_shortcuts_give_what_the_general_code_gives(text: str) -> None:
    assert parse(text).to_json() == _without_shortcuts(text)


def test_turn_paragraph_shortcuts_are_taken_and_left_where_they_should_be() -> None:
    # A one-line turn (shortcut), one with a header merged in mid-line and one
    # with an unnamed time mark inside (the general way), in a named layout.
    text = (
        "**Ana [00:00:01]**: Hello there.\n\n"
        "**Bo [00:00:05]**: Hi. **Ana [00:00:09]**: Merged.\n\n"
        "**Bo [00:00:12]**: Two lines,\nsecond line.\n"
    )
    taken: list[int] = []
    one_line_turn = build._Builder._one_line_turn

    def spy(self: Any, i: int, header: Any) -> None:
        taken.append(i)
        one_line_turn(self, i, header)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build._Builder, "_one_line_turn", spy)
        fast = parse(text)
    assert taken == [0, 2]  # the two one-line turn paragraphs; the two-line one goes the general way
    assert [t.speaker for t in fast.turns] == ["Ana", "Bo", "Ana", "Bo"]
    assert [d.code for d in fast.diagnostics].count("TR001") == 1
    assert fast.to_json() == _without_shortcuts(text)


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_turn_paragraph_shortcuts_on_the_corpus(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace")
    assert parse(text, name=path.name).to_json() == _without_shortcuts(text, path.name)


# SRT fast path: its tricks, one by one. ---------------------------------------


@given(st.lists(st.integers(0, 99 * 3_600_000 + 59 * 60_000 + 59_999), min_size=2, max_size=20))
def test_srt_times_read_in_bulk_are_the_times_read_one_by_one(times: list[int]) -> None:
    from episode_parse.formats import srt
    from episode_parse.formats.cues import clock

    lines = [f"{clock(a, ',')} --> {clock(b, ',')}" for a, b in itertools.pairwise(times)]
    starts, ends = srt._usual_times(lines)  # a digit place at a time, for every cue at once
    assert starts == [srt.read_timing(line)[0] for line in lines] == times[:-1]
    assert ends == [srt.read_timing(line)[1] for line in lines] == times[1:]


@pytest.mark.parametrize(
    "cue",
    [
        "Ana: \nHello there",  # the name alone on its line, a space after the colon: shown as "Ana: Hello there"
        "Ana:",  # the name is the whole text: shown as "Ana: "
        "Ana: \n" + "x" * 32,  # shown, the line is over 32 characters (CUE008); as written it is not
        "Ana:  " + "y" * 27,  # 33 characters as written and shown
        "Ana: a\nb\nc\n" + "d" * 30,  # four lines: too tall
    ],
)
def test_srt_fast_path_gives_the_general_readers_texts_and_lengths_for_names_alone(cue: str) -> None:
    from episode_parse.formats import srt

    text = f"1\n00:00:01,000 --> 00:00:02,000\n{cue}\n\n2\n00:00:02,000 --> 00:00:03,000\nBo: Hi.\n"
    fast = srt._read_usual(read.read_text(text))
    assert fast is not None
    assert fast == srt._read_any(read.read_text(text))


@given(st.lists(st.one_of(texts, st.text(alphabet="ab \t", max_size=12)), max_size=8))
def test_words_of_a_speaker_are_the_sum_of_their_turns_words(said: list[str]) -> None:
    from episode_parse.formats.cues import _words

    assert _words(said) == sum(len(text.split()) for text in said)


@given(st.lists(st.text(alphabet="ab \n", max_size=12), min_size=1, max_size=8))
def test_turns_of_one_cue_each_follow_the_turn_rule(cue_texts: list[str]) -> None:
    from episode_parse.formats.cues import make_turns
    from episode_parse.records import Span, Turn

    n = len(cue_texts)
    spans = [Span(k, k + 1, k + 1, 1, k + 1, 2) for k in range(n)]
    starts = [k / 2 for k in range(n)]
    ends = [k / 2 + 1 for k in range(n)]
    timings = [f"t{k}" for k in range(n)]
    made = make_turns(list(range(n)), [None] * n, starts, timings, ends, spans, cue_texts, wrapped=True)
    # A turn's text: its cue's text with line breaks read as spaces, stripped (cues.py's module docstring).
    expected = [
        Turn(
            None,
            starts[k],
            ends[k],
            timings[k],
            " ".join(filter(None, [cue_texts[k].replace("\n", " ").strip()])),
            None,
            0,
            spans[k],
        )
        for k in range(n)
    ]
    assert made == expected


# Chapters of turns: searched in bulk, as the plain walk finds them. -----------


def _plain_chapters_of(starts: list[float | None], chapter_starts: list[float | None]) -> list[int | None]:
    """link._chapters_of as first written: a walk along the turns, then two passes for the turns with no start."""
    kept = [k for k, s in enumerate(chapter_starts) if s is not None]
    times = [s for s in chapter_starts if s is not None]
    out: list[int | None] = []
    at, top = -1, len(times) - 1
    for s in starts:
        if s is None:
            out.append(None)
            continue
        while at < top and times[at + 1] <= s:
            at += 1
        out.append(kept[at] if at >= 0 else None)
    if times and None in starts:
        before: list[int | None] = []
        last: int | None = None
        for s, c in zip(starts, out, strict=True):
            before.append(last if s is None else None)
            if s is not None:
                last = c
        after: int | None = None
        for k in range(len(starts) - 1, -1, -1):
            if starts[k] is None:
                out[k] = before[k] if before[k] is not None and before[k] == after else None
            else:
                after = out[k]
    return out


_maybe_times = st.lists(st.one_of(st.none(), st.integers(0, 60).map(float)), max_size=30)


@given(_maybe_times, _maybe_times)
def test_chapters_of_turns_are_what_the_plain_walk_finds(
    starts: list[float | None], chapters: list[float | None]
) -> None:
    # As link calls it: the known starts in order (turns not decreasing, chapters increasing).
    known = iter(sorted(s for s in starts if s is not None))
    turns = [None if s is None else next(known) for s in starts]
    seen: set[float] = set()
    ordered = iter(sorted({c for c in chapters if c is not None}))
    chapter_starts: list[float | None] = []
    for c in chapters:
        if c is None or c in seen:
            chapter_starts.append(None)
        else:
            seen.add(c)
            chapter_starts.append(next(ordered))
    assert link._chapters_of(turns, chapter_starts) == _plain_chapters_of(turns, chapter_starts)


def test_named_tuples_made_with_tuple_new_are_the_named_tuples() -> None:
    from episode_parse.blocks import Block, _paragraph
    from episode_parse.classify import NO_CHOICE, UsualTurn, _usual_turn

    block = _paragraph(("paragraph", 3, 5, 0, ""))
    assert type(block) is Block and block == Block("paragraph", 3, 5) and block.kind == "paragraph"
    assert len(Block._fields) == len(block)  # every field given
    m = re.match("x", "x")
    assert m is not None
    header = (TURN_LAYOUTS[0], m)
    usual = _usual_turn((7, header, NO_CHOICE))
    assert type(usual) is UsualTurn and usual == UsualTurn(7, header, NO_CHOICE) and usual.line == 7
    assert len(UsualTurn._fields) == len(usual)


_header_lines = st.lists(
    st.one_of(
        st.sampled_from(["", "  ", "**Ana [00:00:01]**: Hi", "** [00:01]**: x", "**Bo (00:01)** hi", "Ana: hi", "# H"]),
        st.text(alphabet="*[]():0123456789 AnaBo\\", max_size=30),
    ),
    max_size=12,
)


@given(_header_lines)
def test_first_layout_hits_are_what_match_turn_says(lines: list[str]) -> None:
    hits = classify._first_layout_hits(lines)
    assert len(hits) == len(lines)
    for line, hit in zip(lines, hits, strict=True):
        plain = match_turn(line, timed_only=False)
        if hit is not None:  # a hit is match_turn's own answer; a miss leaves the line to match_turn
            assert plain is not None and plain[0] is hit[0] and plain[1].span() == hit[1].span()
        elif plain is not None:
            assert plain[0] is not TURN_LAYOUTS[0]


# Line starts made on first use; the SRT fast path places its cues without them. -


@given(arbitrary_text())
def test_line_starts_made_on_first_use_are_the_offsets_after_each_line_break(text: str) -> None:
    doc = read.read_text(text)
    # The plain way: a line starts at 0 and after each line break (CRLF is one).
    text = doc.text
    expected = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    assert list(doc.starts) == expected
    assert doc._replace(binary=True).starts == doc.starts  # a copy makes or takes the same
    # The lines split on first use, and what reading found without them: the line count and the last line.
    lines = re.split(r"\r\n|\r|\n", text)
    assert list(doc.lines) == lines
    assert doc.source.line_count == len(lines) - (lines[-1] == "")
    assert (doc.source.span.end_line, doc.source.span.end_column) == (len(lines), len(lines[-1]) + 1)


def _starts_made(doc: read.Document) -> bool:
    return "starts" in vars(doc)  # (a cached property: kept in the instance once made)


def _lines_made(doc: read.Document) -> bool:
    return "lines" in vars(doc)


def test_line_starts_are_made_only_when_asked_for() -> None:
    doc = read.read_text("a\nbb\n")
    assert not _starts_made(doc) and not _lines_made(doc)
    assert doc.span(2, 4) == Span(2, 4, 2, 1, 2, 3)  # what needs them makes them
    assert _starts_made(doc) and doc.starts == [0, 2, 5]
    assert _lines_made(doc) and doc.lines == ["a", "bb", ""]
    assert _starts_made(read.read_text("a\r\nbb\n"))  # other line endings: made with the lines
    assert _lines_made(read.read_text("a\r\nbb\n"))


@needs_corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.srt")) if CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_srt_fast_path_places_its_cues_without_the_line_starts(path: Path) -> None:
    from episode_parse.formats import srt

    text = path.read_text(encoding="utf-8")
    doc = read.read_text(text)
    fast = srt._read_usual(doc)
    assert fast is not None and not _starts_made(doc) and not _lines_made(doc)
    # The spans found from the lengths of the split's groups are the ones the line starts give.
    assert fast == srt._read_any(read.read_text(text))
    # Nor do the rules need the lines of a file with no finding to place.
    parse_document(doc)
    assert not _starts_made(doc) and not _lines_made(doc)


@pytest.mark.parametrize("fmt", ["srt", "webvtt"])
@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 40])
def test_long_lines_counted_by_pattern_at_the_width(fmt: str, extra: int) -> None:
    from episode_parse.formats.cues import LINE_LIMITS, count_long

    width = LINE_LIMITS[fmt][0]
    line = "x" * (width + extra)
    texts = [line, f"a\n{line}\n{line}", "", "\n", line + "\n"]
    lines = "\n".join(texts).split("\n")
    long_lines, _, _ = count_long(texts, {}, fmt)
    assert long_lines == sum(1 for s in lines if len(s) > width) == (4 if extra > 0 else 0)

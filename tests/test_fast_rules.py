"""The rules' bulk checks find exactly what looking at every turn finds (issue 14).

``rules.SHORTCUTS`` and ``tidy.SHORTCUTS`` off make the rules look at every
turn the plain way; the helpers rewritten for speed are compared with their
plain versions, kept here.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from episode_parse import parse, parse_file, rules, tidy
from episode_parse.read import read_bytes, read_text
from episode_parse.timestamps import read_timestamp
from tests.conftest import corpus_files, needs_corpus
from tests.strategies import generated_documents


def _plainly(parse_it: object) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rules, "SHORTCUTS", False)
        mp.setattr(tidy, "SHORTCUTS", False)
        mp.setattr(rules, "_digit_fix", _plain_digit_fix)
        assert callable(parse_it)
        return bytes(parse_it().to_json())


_documents = generated_documents()


@given(_documents)
def test_bulk_rules_find_what_the_per_turn_rules_find(text: str) -> None:
    assert parse(text).to_json() == _plainly(lambda: parse(text))


@pytest.mark.parametrize(
    "text",
    [
        "**Ana [00:00:01]**: We tried\n\n**Bo [00:00:05]**: and then it worked.\n",  # TR004
        "**Ana [00:00:01]**: Hi.\n\n**Ana [00:00:05]**: Again.\n",  # TR003
        "**Ana [00:00:01]**:\n\n**Bo [00:00:05]**: Hi.\n",  # TR002: an empty turn
        "**Ana [00:00:01]**: Hi.\n\n**Bo**: Hello.\n\n**Ana [00:00:09]**: Bye.\n",  # TR006
        "**Ana [00:00:01]**: Hi. \n\n**Bo [00:00:05]**: é\x00.\n",  # DOC010, DOC003 in a text past ASCII
        "**Ana [00:00:01]**: Hi.\t\n\n**Bo [00:00:05]**: Yo.\n",  # DOC010 after a tab
        "**Ana [01:00:01]**: Hi.\n\n**Bo [00:00:05]**: Yo.\n\n**Ana [00:00:09]**: Bye.\n",  # TS002
    ],
)
def test_each_bulk_check_finds_its_mistake(text: str) -> None:
    found = parse(text).to_json()
    assert found == _plainly(lambda: parse(text))
    assert b'"code":"' in found


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_bulk_rules_on_the_corpus(path: Path) -> None:
    assert parse_file(path).to_json() == _plainly(lambda: parse_file(path))


# _blank_ended: the header lines' last characters found in the text are the lines' own. -----------


@given(st.one_of(_documents, _documents.map(lambda t: t.replace("\n\n", " \n\n").replace("]**: ", "]**:\t"))))
def test_header_line_ends_found_without_the_lines_are_the_lines_own(text: str) -> None:
    episode = parse(text)
    split = read_text(text)
    split.lines  # noqa: B018  (made: the turns' header lines are looked at in the lines)
    unsplit = read_text(text)
    assert split.has_lines()
    if not (unsplit.endings["CR"] or unsplit.endings["CRLF"] or unsplit.diagnostics):
        assert not unsplit.has_lines()  # LF endings and nothing found reading: split on first use
    assert list(tidy._blank_ended(unsplit, episode.turns)) == list(tidy._blank_ended(split, episode.turns))


# _has_nul: the NUL flag set from the bytes on every read path is what the text holds. -----------


_NUL_PIECES = st.sampled_from(["a", "é", "\x00", "\n", "\r\n", "\r", "ab ", "\u4e00", "\U0001f600", "\ud800"])


@given(st.lists(_NUL_PIECES, max_size=40), st.booleans())
def test_nul_flag_of_every_read_path_is_nul_in_the_text(pieces: list[str], bom: bool) -> None:
    # Past the first 8 KB a NUL byte is read as text (before it, the file is not text: DOC008).
    text = ("\ufeff" if bom else "") + "x" * 9000 + "".join(pieces) + "é"
    raw = text.encode("utf-8", "surrogatepass")
    docs = [
        read_text(text),  # lone surrogates (\ud800) take the replacing path
        read_bytes(raw),  # invalid UTF-8 where the surrogates were
        read_bytes(raw.replace(b"\xed\xa0\x80", b"")),  # valid UTF-8
        read_bytes(text.replace("\ud800", "").encode("utf-16")),  # UTF-16: the flag is looked for in the text
    ]
    assert not any(doc.binary for doc in docs)
    assert all("has_nul" in doc.__dict__ for doc in docs[:3])  # set by reading, from the UTF-8 bytes
    for doc in docs:
        assert rules._has_nul(doc) == ("\x00" in doc.text)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(rules, "SHORTCUTS", False)
            assert rules._has_nul(doc) == ("\x00" in doc.text)


# _NEVER_LOWER: the characters it skips are never lowercase. ----------------------------------


def test_characters_skipped_for_tr004_are_never_lowercase() -> None:
    every = "".join(map(chr, range(0x110000)))
    skipped = rules._NEVER_LOWER.sub("", every)
    assert skipped  # capitals, digits, blanks and punctuation
    assert not any(c.islower() for c in skipped)


# _around: the nearest known starts by bisection equal two passes over every turn. -------------


def _known_around(starts: Sequence[float | None]) -> tuple[list[float | None], list[float | None]]:
    """The plain version: for each turn, the nearest known start before it and after it."""
    before: list[float | None] = []
    last: float | None = None
    for s in starts:
        before.append(last)
        if s is not None:
            last = s
    after: list[float | None] = [None] * len(starts)
    last = None
    for k in range(len(starts) - 1, -1, -1):
        after[k] = last
        if starts[k] is not None:
            last = starts[k]
    return before, after


@given(st.lists(st.one_of(st.none(), st.floats(0, 1e5)), max_size=30))
def test_known_starts_around_a_turn(starts: list[float | None]) -> None:
    known = [k for k, s in enumerate(starts) if s is not None]
    before, after = _known_around(starts)
    for k, s in enumerate(starts):
        if s is None:
            assert rules._around(starts, known, k) == (before[k], after[k])
    assert bisect.bisect_left(known, len(starts)) == len(known)


# _digit_fix: places skipped whole and digits counted without int() give the plain answer. -----


def _plain_digit_fix(timestamp: str, low: float, high: float) -> str | None:
    """The plain version: int() of each character, every place tried."""
    weights = rules._clock_weights(timestamp)
    value = sum(int(c) * w for c, w in zip(timestamp, weights, strict=True) if w) if weights else 0
    fixes = []
    for i, c in enumerate(timestamp):
        if not c.isdigit():
            continue
        for d in "0123456789":
            if d == c:
                continue
            if weights and not low <= value + (int(d) - int(c)) * weights[i] <= high:
                continue
            candidate = timestamp[:i] + d + timestamp[i + 1 :]
            reading = read_timestamp(candidate)
            if reading.code is None and reading.seconds is not None and low <= reading.seconds <= high:
                fixes.append(candidate)
    return fixes[0] if len(fixes) == 1 else None


_stamps = st.one_of(
    st.from_regex(r"\A\d{1,3}(:\d\d){1,2}\Z"),
    st.text(alphabet="0123456789:.\u0663 ", max_size=9),
)


@given(_stamps, st.integers(0, 40000), st.one_of(st.integers(0, 40000), st.just(-1)))
def test_digit_fix_is_the_plain_digit_fix(timestamp: str, low: int, high: int) -> None:
    top = math.inf if high < 0 else float(max(low, high))
    assert rules._digit_fix(timestamp, float(low), top) == _plain_digit_fix(timestamp, float(low), top)


def test_digit_fix_finds_the_one_digit() -> None:
    # 01:11:17 between 00:11:00 and 00:12:01: only the hour's 1 can change (to 0).
    assert rules._digit_fix("01:11:17", 660.0, 721.0) == "00:11:17"


# _one_shape: first colons checked a column at a time equal str.find on each stamp. ------------


@given(st.lists(st.text(alphabet="0:1.", max_size=5), max_size=8))
def test_one_shape_is_one_length_and_one_first_colon(stamps: list[str]) -> None:
    plain = len(set(map(len, stamps))) < 2 and len({s.find(":") for s in stamps}) < 2
    assert tidy._one_shape(stamps) == plain

"""Measured accuracy: the turn and chapter counts of every transcript in the shared corpus.

Each expected count below was made WITHOUT the parser: by a one-line regular
expression written for that file (shown beside the count, matched with
``re.MULTILINE`` over the file's text; :func:`test_the_table_is_what_its_patterns_count`
checks that the pattern still gives the count), or by hand where a pattern
would say nothing more (then the pattern is None and the note says how).
The parser must match every count exactly; where it cannot yet, the case is
``xfail(strict=True)`` with the reason, so it fails loudly once it passes.

What a turn is, by family (the note of each row repeats the family's rule):

- A turn starts at each speaker label (``**Name:**``, ``Name (00:01:02):``,
  ``[Name] [01:02]``, ...), timed or not, and runs to the next.  Consecutive
  labels of one speaker are separate turns (oxide, ergo split at pauses).
- A time mark that opens a line or paragraph of a labelled speaker's text
  without a name (lenny's bare ``(00:12:30):`` line, changelog's paragraph
  that opens with ``\\[12:51\\]``) starts a new timed turn of the same speaker.
  A time mark inside a paragraph (``[00:01:00]`` mid-sentence in the Satya
  excerpt) is text.
- Timed lines without names (talkpython ``00:01:01 text``, whisper
  ``[17.44 --> 19.10] text``) are turns without a speaker, merged where the
  layout says so: where ``- `` marks a speaker change (talkpython's YouTube
  files), a turn runs from one ``- `` line to the next; where nothing marks
  speakers, a line continues the turn before it when that turn does not end a
  sentence (its text does not end in ``.``, ``?`` or ``!``, closing quotes and
  brackets aside).
- Prose with neither names nor times (pytorchdev, vectorpod) has no turns;
  ``- Name: thing`` bullets in show notes (syntax picks) are not turns.

A chapter is one line of a chapter list (a timestamp and a title), in any
layout; a chapter line with a malformed timestamp (syntax 046's ``10: 32``) is
still a chapter (with a TS001 finding).  Timestamps in transcript lines are
not chapters.

The SRT, WebVTT, JSON and HTML files are in :data:`CUE_FILES`, with their cue,
turn and chapter counts, read by the format readers of issue 12.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest

from episode_parse import parse_file
from tests.conftest import CORPUS, needs_corpus

pytestmark = needs_corpus


class Counted(NamedTuple):
    """One corpus file's expected counts and how they were made."""

    path: str
    """Relative to the corpus."""
    turns: int
    turn_pattern: str | None
    """The regex whose number of matches is ``turns`` (None: counted by hand, see ``note``)."""
    chapters: int
    chapter_pattern: str | None
    """The regex whose number of matches is ``chapters`` (None: counted by hand, see ``note``)."""
    note: str
    """What a turn is in this file's layout, and anything odd."""
    turns_xfail: str | None = None
    """Why the parser does not give ``turns`` yet (None: it must)."""
    chapters_xfail: str | None = None
    """Why the parser does not give ``chapters`` yet (None: it must)."""


_BITCOIN_TS = r"^[A-Z][\w .]{0,40}: \d{1,2}:\d\d:\d\d:?$"
_CHANGELOG = r"^(?:\*\*[^*\n]{1,60}:\*\*|\\\[\d)"
_LENNY = r"^ ?[^(\n]*\(\d\d:\d\d(?::\d\d)?\):$"
_LADYBUG_BOLD = r"^\*\*[^*\n]+\*\* \[[\d:]+\] "
_SYNTAX_LINKED = r"^\* \*\*\[[\d:]+\]\(#t=[\d:]+\)\*\* "
_UNTIL_SENTENCE_END = r"""(?:\A|[.?!]["')\]]?[ \t]*\n\s*)"""
_NO_CHAPTERS = "no chapter list"
_CHANGELOG_NOTE = (
    "a turn per **Name:** label, plus one per paragraph opening with an escaped \\[MM:SS\\] mark"
    " (a new timed turn of the same speaker)"
)
_LENNY_NOTE = "a turn per `Name (00:01:02):` line and per bare `(00:12:30):` continuation line"

TABLE: tuple[Counted, ...] = (
    Counted(
        "bitcoin/2020-01-28-pieter-wuille-part1.md",
        118,
        r"^(?:Pieter|John|Jonas): ",
        0,
        None,
        f"`Name: text` one line a turn, no times; {_NO_CHAPTERS}",
    ),
    Counted(
        "bitcoin/hashcash-and-bit-gold.md",
        184,
        _BITCOIN_TS,
        0,
        None,
        f"`Name: HH:MM:SS` header line, text below; one header ends in a stray colon; {_NO_CHAPTERS}",
    ),
    Counted("bitcoin/silent-payments.md", 175, _BITCOIN_TS, 0, None, "`Name: HH:MM:SS` header line; no chapter list"),
    Counted(
        "bitcoin/weighing-transactions-the-witness-discount.md",
        38,
        _BITCOIN_TS,
        0,
        None,
        "`Name: H:MM:SS` header line under ## headings without times; no chapter list",
    ),
    Counted("changelog/brain-science-29.md", 64, _CHANGELOG, 0, None, _CHANGELOG_NOTE),
    Counted("changelog/changelog--friends-125.md", 295, _CHANGELOG, 0, None, _CHANGELOG_NOTE),
    Counted("changelog/changelog-news-181.md", 15, _CHANGELOG, 0, None, _CHANGELOG_NOTE + "; `**Break:**` is a turn"),
    Counted(
        "changelog/go-time-56.md",
        278,
        _CHANGELOG,
        0,
        None,
        _CHANGELOG_NOTE + " (6 such paragraphs)",
    ),
    Counted(
        "changelog/js-party-1.md",
        187,
        _CHANGELOG,
        0,
        None,
        _CHANGELOG_NOTE + " (2 such paragraphs)",
    ),
    Counted(
        "changelog/the-changelog-448.md",
        107,
        _CHANGELOG,
        0,
        None,
        _CHANGELOG_NOTE + " (14 such paragraphs)",
    ),
    Counted(
        "ergo/20240614_jiJEy4M-O7g_transcript.txt",
        198,
        r"^\[\d\d:\d\d\] \*\*[^*\n]+\*\*: ",
        0,
        None,
        "`[MM:SS] **Name**: text`, a turn per line, same-speaker lines kept apart; timed lines are not chapters",
    ),
    Counted(
        "ergo/20240620_gXOWqIvWg5M_transcript.txt",
        31,
        r"^\*\*[^*\n]+:\*\* \[\d\d:\d\d\] ",
        0,
        None,
        "`**Name:** [MM:SS] text`, unlabelled paragraphs continue; one speaker is `qx()`",
    ),
    Counted(
        "ergo/20240628_uGb4ylD5ISY_transcript.txt",
        0,
        None,
        0,
        None,
        "by hand: the whole file is one unterminated code fence of corrections, no transcript",
    ),
    Counted("ladybug/01-new-career-who-dis.md", 99, _LADYBUG_BOLD, 0, None, "`**Name** [HH:MM:SS] text`"),
    Counted("ladybug/05-how-the-ladybugs-got-their-spots.md", 106, _LADYBUG_BOLD, 0, None, "`**Name** [M:SS] text`"),
    Counted(
        "ladybug/16-javascript-frameworks.md",
        121,
        r"^(?:Ali|Emma|Kelly) \d{1,2}:\d\d *$",
        0,
        None,
        "Otter export: `Name  M:SS` (or one space) alone on a line, text below",
    ),
    Counted(
        "ladybug/2019-07-01-new-career-who-dis__index.md",
        0,
        None,
        8,
        r"^\*\*\d\d:\d\d\*\* - ",
        "show notes, no transcript; chapters `**MM:SS** - Title`, a paragraph each",
    ),
    Counted(
        "latentspace/axiom-timestamps__excerpt.md",
        0,
        None,
        17,
        r"^ *\* \*\*\d{1,2}:\d\d(?::\d\d)?\*\* ",
        "no transcript; chapters `  * **0:00** Title`, blank lines between",
    ),
    Counted(
        "latentspace/gray-swan.md",
        9,
        r"^\*\*\w+ \[\d\d:\d\d:\d\d\]:\*\*",
        17,
        r"^\*\*\d\d:\d\d:\d\d\*\* ",
        "`**Name [HH:MM:SS]:** text`; chapters `**HH:MM:SS** Title`",
    ),
    Counted(
        "latentspace/satya-crossover__excerpt.md",
        13,
        r"^\*\*[A-Za-z][\w ]+:?\*\*",
        0,
        None,
        "`**Name:** text`, no times; one label `**swyx**` lacks its colon; mid-paragraph [00:01:00] marks are text",
    ),
    Counted("lenny/ada-chen-rekhi__transcript.md", 202, _LENNY, 0, None, _LENNY_NOTE + " (40)"),
    Counted("lenny/claire-butler__transcript.md", 290, _LENNY, 0, None, _LENNY_NOTE + " (76)"),
    Counted("lenny/dylan-field__transcript.md", 164, _LENNY, 0, None, _LENNY_NOTE + " (23), MM:SS"),
    Counted("lenny/eoy-review__transcript.md", 95, _LENNY, 0, None, _LENNY_NOTE + " (none here)"),
    Counted(
        "lexfridman/lex-491-steinberger__notes.md",
        24,
        r"^\*\*[^*(\n]+ \(\d\d:\d\d:\d\d\):\*\*",
        0,
        None,
        "`**Name (HH:MM:SS):**` with the text inline or in a blockquote below",
    ),
    Counted(
        "noam-brown-latent-space.md",
        182,
        r"^\*\*[^*\n]+ \[\d\d:\d\d:\d\d\]\*\*: ",
        21,
        r"^\d{1,2}:\d\d(?::\d\d)? ",
        "the reference: `**Name [HH:MM:SS]**: text`; chapters `MM:SS Title`",
    ),
    Counted(
        "oxide/A Crate is Born_transcript.md",
        401,
        r"^\[[^]\n]+\] \[[\d:]+\] ",
        0,
        None,
        "`[Name] [MM:SS] text`, a turn per line, same-speaker lines kept apart",
    ),
    Counted(
        "oxide/Barracuda 7200.11\uff1a broken firmware is broken software!_transcript.md",
        1051,
        _UNTIL_SENTENCE_END + r"\[\d+\.\d\d --> ",
        0,
        None,
        "whisper `[s.ss --> s.ss] text`, no names: a line continues the turn before it unless that ends a sentence",
    ),
    Counted("pytorchdev/2021-07-21-Torch-Deterministic.md", 0, None, 0, None, "by hand: prose, no names, no times"),
    Counted(
        "syntax/046 - What's New in Javascript.md",
        0,
        None,
        13,
        r"^\d{1,2}: ?\d\d ",
        "show notes: `1:55 - Title` paragraphs with bullet lists between; `10: 32` is a chapter with a malformed time",
    ),
    Counted(
        "syntax/418 - 2021 In Review.md",
        0,
        None,
        34,
        _SYNTAX_LINKED,
        "show notes: `* **[04:12](#t=04:12)** Title` with link bullets between, in one paragraph",
    ),
    Counted(
        "syntax/806 - The King of Drag and Drop Alex Reardon.md",
        0,
        None,
        19,
        _SYNTAX_LINKED,
        "`* **[04:12](#t=04:12)** Title` with nested link bullets; `- Alex: Coffee` picks are not turns",
    ),
    Counted(
        "talkpython/100-guido-van-rossum.txt",
        686,
        _UNTIL_SENTENCE_END + r"\d\d:\d\d:\d\d ",
        0,
        None,
        "`HH:MM:SS text` lines, no names: a line continues the turn before it unless that ends a sentence",
    ),
    Counted(
        "talkpython/372-applied-math.txt",
        225,
        r"^\d\d:\d\d:\d\d - ",
        0,
        None,
        "`HH:MM:SS text` lines where `- ` marks a speaker change: a turn from one `- ` line to the next",
    ),
    Counted("vectorpod/99-expecting-expectations.md", 0, None, 0, None, "by hand: prose, no names, no times"),
    Counted(
        "vectorpod/transcripts__adding-ml-layer-to-search-hybrid-search-optimizer-with-daniel-wrigley-and-eric-pugh.md",
        0,
        None,
        18,
        r"<p>\s*\d\d:\d\d\s",
        "prose transcript without names or times; the chapters `<p>00:54 Title</p>` are in the YAML front matter",
        chapters_xfail="chapters inside the YAML front matter's HTML description: front matter is not read",
    ),
)
"""Every Markdown and plain-text file of the corpus."""


class CueCounted(NamedTuple):
    """A cue, JSON or HTML file's expected counts, read by the format readers of issue 12."""

    path: str
    segments: int
    """Cues (SRT, WebVTT) or segments (Podcasting 2.0 JSON); 0 for other files."""
    turns: int | None
    """Speaker turns where the file names speakers; None where it names none (the reader's rule decides)."""
    chapters: int
    note: str
    """How the counts were made."""


CUE_FILES: tuple[CueCounted, ...] = (
    CueCounted(
        "dwarkesh/8-boBsWcr5A.json", 0, 0, 0, "YouTube metadata, not a transcript (9 chapter lines in its description)"
    ),
    CueCounted(
        "dwarkesh/_9V_Hbe-N1A.json", 0, 0, 0, "YouTube metadata, not a transcript (7 chapter lines in its description)"
    ),
    CueCounted("ergo/20240614_jiJEy4M-O7g_meta.json", 0, 0, 0, "call metadata, not a transcript"),
    CueCounted("ergo/20250702_c8E22bN_Mus.srt", 88, None, 0, r"cues: `^[\d:,]+ --> ` 88; no speaker names"),
    CueCounted("podcastindex/chapters__example.json", 0, 0, 9, "len(chapters) = 9"),
    CueCounted("podcastindex/chapters__exampleComplex.json", 0, 0, 11, "len(chapters) = 11, one toc: false"),
    CueCounted("podcastindex/example.html", 0, 10, 0, "`<cite>` 10"),
    CueCounted("podcastindex/example.json", 5, 2, 0, "5 segments, speaker changes 2"),
    CueCounted("podcastindex/example.srt", 222, 10, 0, r"cues `^[\d:,]+ --> ` 222; `Name: ` prefixes (at changes) 10"),
    CueCounted("podcastindex/example.vtt", 7, 2, 0, "cues 7; `<v Sarah>` x5 then `<v Gillian>` x2"),
    CueCounted("pytorchdev/2021-07-21-torch-deterministic.json", 0, 0, 0, "Deepgram JSON, not a supported shape"),
    CueCounted("talkpython/414-stroll-down-startup-lane.vtt", 1299, None, 0, r"cues `^[\d:.]+ --> ` 1299; no voices"),
    CueCounted("virtualcoffee/1_4.srt", 1228, 165, 0, r"cues 1228; `Name: ` prefixes (at changes, first cue too) 165"),
    CueCounted("virtualcoffee/8_5.srt", 935, 92, 0, r"cues 935; `Name: ` prefixes (at changes, first cue too) 92"),
)
"""The other files of the corpus: their counts, as the format readers (issue 12) must give them."""


def _text(relative: str) -> str:
    return (CORPUS / relative).read_text(encoding="utf-8")


def _cases(kind: str) -> list[object]:
    cases: list[object] = []
    for row in TABLE:
        reason = row.turns_xfail if kind == "turns" else row.chapters_xfail
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(row, marks=marks, id=row.path))
    return cases


def test_the_table_covers_every_markdown_and_text_file() -> None:
    found = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt"))
    found.remove("SOURCES.md")
    assert sorted(row.path for row in TABLE) == found
    others = sorted(
        str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.suffix not in (".md", ".txt")
    )
    assert sorted(row.path for row in CUE_FILES) == others


@pytest.mark.parametrize("row", [pytest.param(r, id=r.path) for r in TABLE])
def test_the_table_is_what_its_patterns_count(row: Counted) -> None:
    """The counts come from the patterns shown beside them, not from the parser."""
    text = _text(row.path)
    for count, pattern in ((row.turns, row.turn_pattern), (row.chapters, row.chapter_pattern)):
        if pattern is not None:
            assert len(re.findall(pattern, text, re.MULTILINE)) == count, pattern
        else:
            assert count == 0 or "by hand" in row.note


@pytest.mark.parametrize("row", _cases("turns"))
def test_turn_count(row: Counted) -> None:
    assert len(parse_file(CORPUS / row.path).turns) == row.turns


@pytest.mark.parametrize("row", _cases("chapters"))
def test_chapter_count(row: Counted) -> None:
    assert len(parse_file(CORPUS / row.path).chapters) == row.chapters


def _cue_cases() -> list[object]:
    return [pytest.param(r, id=r.path) for r in CUE_FILES]


@pytest.mark.parametrize("row", _cue_cases())
def test_cue_file_counts(row: CueCounted) -> None:
    episode = parse_file(CORPUS / row.path)
    assert len(episode.segments) == row.segments
    if row.turns is not None:
        assert len(episode.turns) == row.turns
    assert len(episode.chapters) == row.chapters

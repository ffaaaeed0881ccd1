"""The table of line layouts: turn headers and chapter lines.

Each layout is a compiled pattern matched at the start of a line, with named
groups ``speaker`` and ``ts``; the match ends where the turn's text (or the
chapter's title) begins.  To support another real layout, add a row here:
the pipeline does not change.  Patterns use bounded, non-overlapping
quantifiers only, so no input makes them backtrack badly.
"""

from __future__ import annotations

import re

import attrs

from episode_parse.timestamps import TIMESTAMP_CHARS

_NAME = r"(?P<speaker>[^*\[\]()\n]{1,80})"
# Without a timestamp, the colon closing "**Name:**" must not be read as the
# last character of the name: "**Ann:** :) hi" is Ann saying ":) hi".
_UNTIMED_NAME = r"(?P<speaker>[^*\[\]()\n]{0,79}[^*\[\]()\n:])"
_TS = rf"(?P<ts>{TIMESTAMP_CHARS})"


@attrs.frozen(slots=True)
class TurnLayout:
    """One way of writing a turn header."""

    name: str
    """Short name, shown by ``episode-parse rules``."""
    pattern: re.Pattern[str]
    """Matched at a line start; groups ``speaker`` and (when timed) ``ts``."""
    timed: bool
    """Whether the header carries a timestamp."""
    example: str
    """A header in this layout."""


@attrs.frozen(slots=True)
class ChapterLayout:
    """One way of writing a chapter line."""

    name: str
    """Short name."""
    pattern: re.Pattern[str]
    """Matched against a whole line; groups ``ts`` and ``title``."""
    example: str
    """A chapter line in this layout."""


TURN_LAYOUTS: tuple[TurnLayout, ...] = (
    TurnLayout(
        "bold-name-bracket-time",
        # Latent Space: **Name [00:00:10]**: text, **Name [00:00:10]:** text,
        # and **Name [00:00:10]** : text (space before the colon).
        re.compile(rf"\*\*{_NAME}\[{_TS}\](?::\*\*|\*\*[ \t]?:)[ \t]*"),
        True,
        "**Alessio [00:00:04]**: Hey everyone",
    ),
    TurnLayout(
        "bold-name-paren-time",
        # lexfridman.com derived: **Name (00:00:10):** text.
        re.compile(rf"\*\*{_NAME}\({_TS}\)(?::\*\*|\*\*[ \t]?:)[ \t]*"),
        True,
        "**Lex Fridman (00:00:10):** Welcome",
    ),
    TurnLayout(
        "bold-name-colon",
        # **Name:** text with no timestamp; a turn only inside a transcript,
        # since notes use the same shape for bold labels.
        re.compile(rf"\*\*{_UNTIMED_NAME}(?::\*\*|\*\*[ \t]?:)[ \t]*"),
        False,
        "**Sarah Guo:** Welcome",
    ),
)
"""Turn header layouts, tried in order; the first that matches wins."""

CHAPTER_LAYOUTS: tuple[ChapterLayout, ...] = (
    ChapterLayout(
        "time-title",
        # 00:00 Title / **00:00** Title / * **0:00** Title / 1:55 - Title,
        # with an optional trailing hard break (two spaces).
        re.compile(
            r"[ \t]{0,4}(?:[*+-][ \t]{1,8})?(?P<open>\*\*)?\[?(?P<ts>\d{1,3}(?:[:\uff1a]\d{1,3}){1,3})\]?(?(open)\*\*)"
            r"[ \t]{1,8}(?:[-\u2013\u2014][ \t]{1,8})?(?P<title>[^ \t\n][^\n]{0,499})"
        ),
        "00:00 Intro – Diplomacy, Cicero & World Championship",
    ),
)
"""Chapter line layouts, tried in order."""


def match_turn(line: str, *, timed_only: bool) -> tuple[TurnLayout, re.Match[str]] | None:
    """The first turn layout matching at the start of ``line``, with its match."""
    if not line.startswith(("**", "[")):
        return None
    for layout in TURN_LAYOUTS:
        if timed_only and not layout.timed:
            continue
        m = layout.pattern.match(line)
        if m is not None and m.group("speaker").strip():
            return layout, m
    return None


def match_chapter(line: str) -> re.Match[str] | None:
    """The first chapter layout matching all of ``line``."""
    head = line[:5].lstrip(" \t")[:1]
    if not head or not (head.isdigit() or head in "*+-["):
        return None
    for layout in CHAPTER_LAYOUTS:
        m = layout.pattern.fullmatch(line)
        if m is not None:
            return m
    return None

"""The table of line layouts: turn headers and chapter lines.

Each layout is a compiled pattern matched at the start of a line, with named
groups ``speaker`` and ``ts``; the match ends where the turn's text (or the
chapter's title) begins.  To support another real layout, add a row here:
the pipeline does not change.  Patterns use bounded, non-overlapping
quantifiers only, so no input makes them backtrack badly.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from episode_parse.timestamps import TIMESTAMP_CHARS

NAME_LENGTH = 80
"""The most characters a header's speaker name may have, blanks around it included."""
_NAME = rf"(?P<speaker>[^*\[\]():\n]{{1,{NAME_LENGTH}}})"
_PLAIN_NAME = rf"(?P<speaker>[^\W\d][^*\[\]():\n]{{0,{NAME_LENGTH - 1}}})"
_TS = rf"(?P<ts>{TIMESTAMP_CHARS})"


class TurnLayout(NamedTuple):
    """One way of writing a turn header."""

    name: str
    """Short name, shown by ``episode-parse rules``."""
    pattern: re.Pattern[str]
    """Matched at a line start; groups ``speaker`` and (when timed) ``ts``."""
    timed: bool
    """Whether the header carries a timestamp."""
    example: str
    """A header in this layout."""
    starts: tuple[str, ...] = ()
    """A line must start with one of these to be tried (empty: any line)."""
    ends: tuple[str, ...] = ()
    """A line must end with one of these (after trailing blanks) to be tried (empty: any line)."""
    own_paragraph: bool = False
    """Whether each turn in this layout is a paragraph of its own, header inline.

    Such a header found at a later line of a paragraph is a merge of two turns
    (TR001).  Layouts whose header stands on its own line start turns at any
    line without a merge.
    """
    midline: bool = False
    """Whether the header is distinctive enough to look for inside a line (a merge on one line, TR001)."""

    def match(self, line: str) -> re.Match[str] | None:
        """The header at the start of ``line``, if the cheap checks and the pattern agree."""
        if self.starts and not line.startswith(self.starts):
            return None
        if self.ends and not line.rstrip().endswith(self.ends):
            return None
        return self.pattern.match(line)


class ChapterLayout(NamedTuple):
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
        starts=("**",),
        own_paragraph=True,
        midline=True,
    ),
    TurnLayout(
        "bold-name-paren-time",
        # lexfridman.com derived: **Name (00:00:10):** text.
        re.compile(rf"\*\*{_NAME}\({_TS}\)(?::\*\*|\*\*[ \t]?:)[ \t]*"),
        True,
        "**Lex Fridman (00:00:10):** Welcome",
        starts=("**",),
        own_paragraph=True,
        midline=True,
    ),
    TurnLayout(
        "bold-name-then-bracket-time",
        # ladybug: **Ali** [00:00:00] text; ergo: **Name:** [00:17] text.
        re.compile(rf"\*\*{_NAME}(?::\*\*|\*\*:?)[ \t]{{1,4}}\[{_TS}\][ \t]*"),
        True,
        "**Kelly** [00:00:30] Welcome to the ladybug podcast.",
        starts=("**",),
        own_paragraph=True,
        midline=True,
    ),
    TurnLayout(
        "bracket-time-bold-name",
        # ergo call notes: [00:17] **Name**: text.
        re.compile(rf"\[{_TS}\][ \t]{{1,4}}\*\*{_NAME}(?::\*\*|\*\*[ \t]?:)[ \t]*"),
        True,
        "[00:17] **Armeanio**: What's up, everybody?",
        starts=("[",),
        own_paragraph=True,
        midline=True,
    ),
    TurnLayout(
        "bracket-name-bracket-time",
        # Oxide and Friends: [Bryan Cantrill] [00:02] text, one turn per line.
        re.compile(rf"\[{_NAME}\][ \t]{{1,4}}\[{_TS}\][ \t]*"),
        True,
        "[Bryan Cantrill] [00:02] Five o'clock.",
        starts=("[",),
    ),
    TurnLayout(
        "name-paren-time-line",
        # Lenny's Podcast: "Lenny Rachitsky (00:02):" alone on its line, text below.
        re.compile(rf"[ \t]{{0,3}}{_PLAIN_NAME}\({_TS}\):[ \t]*$"),
        True,
        "Lenny Rachitsky (00:02):",
        ends=("):",),
    ),
    TurnLayout(
        "name-colon-time-line",
        # Bitcoin transcripts: "Aaron: 00:00:20" alone on its line, text below.
        re.compile(rf"{_PLAIN_NAME}:[ \t]{{1,4}}{_TS}[ \t]*$"),
        True,
        "Aaron van Wirdum: 00:00:20",
        ends=tuple("0123456789:"),
    ),
    TurnLayout(
        "bold-name-colon",
        # **Name:** text with no timestamp; a turn only inside a transcript,
        # since notes use the same shape for bold labels.
        re.compile(rf"\*\*{_NAME}(?::\*\*|\*\*[ \t]?:)[ \t]*"),
        False,
        "**Sarah Guo:** Welcome",
        starts=("**",),
        own_paragraph=True,
    ),
)
"""Turn header layouts, tried in order; the first that matches wins."""

CHAPTER_LAYOUTS: tuple[ChapterLayout, ...] = (
    ChapterLayout(
        "time-title",
        # 00:00 Title / **00:00** Title / [00:00] Title; a leading bullet, the
        # separator dash and a trailing hard break are handled by match_chapter.
        re.compile(
            r"(?P<open>\*\*)?\[?(?P<ts>\d{1,3}[:\uff1a][\d:\uff1a]{1,9})\]?(?(open)\*\*)[ \t](?P<title>[^\n]{1,520})"
        ),
        "00:00 Intro – Diplomacy, Cicero & World Championship",
    ),
)
"""Chapter line layouts, tried in order."""


_ANY_START = tuple(layout for layout in TURN_LAYOUTS if not layout.starts)
_BY_FIRST = {
    first: tuple(layout for layout in TURN_LAYOUTS if not layout.starts or any(s[0] == first for s in layout.starts))
    for first in {s[0] for layout in TURN_LAYOUTS for s in layout.starts}
}
"""The layouts worth trying on a line, by its first character, in table order."""


def match_turn(line: str, *, timed_only: bool) -> tuple[TurnLayout, re.Match[str]] | None:
    """The first turn layout matching at the start of ``line``, with its match."""
    for layout in _BY_FIRST.get(line[:1], _ANY_START):
        if timed_only and not layout.timed:
            continue
        m = layout.match(line)
        if m is not None and m.group("speaker").strip():
            return layout, m
    return None


def match_chapter(line: str) -> tuple[re.Match[str], str] | None:
    """The first chapter layout matching all of ``line``, with the title it gives.

    A leading bullet (``*``, ``-``, ``+``), a dash between time and title
    (``1:55 - Title``) and trailing blanks are not part of the title.  Done
    here rather than in the pattern, so the pattern has no adjacent
    quantifiers that could match the same characters.
    """
    pos = len(line) - len(line.lstrip(" \t"))
    if pos > 4:
        return None
    if line[pos : pos + 1] in ("*", "+", "-") and line[pos + 1 : pos + 2] in (" ", "\t"):
        pos = len(line) - len(line[pos + 1 :].lstrip(" \t"))
    head = line[pos : pos + 1]
    if not head or not (head.isdigit() or head in "*["):
        return None
    for layout in CHAPTER_LAYOUTS:
        m = layout.pattern.fullmatch(line, pos)
        if m is None:
            continue
        title = m.group("title").strip(" \t")
        if title[:1] in ("-", "\u2013", "\u2014") and title[1:2] in (" ", "\t"):
            title = title[1:].lstrip(" \t")
        if title:
            return m, title
    return None

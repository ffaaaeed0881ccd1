"""The table of line layouts: turn headers and chapter lines.

Each layout is a pattern matched at the start of a line, with named groups
``speaker`` and ``ts``; the match ends where the turn's text (or the
chapter's title) begins.  To support another real layout, add a row here:
the pipeline does not change.  Patterns use bounded, non-overlapping
quantifiers only, so no input makes them backtrack badly, and are compiled
when first used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from episode_parse.timestamps import LOOKALIKE_COLONS, TIMESTAMP_CHARS

NAME_LENGTH = 80
"""The most characters a header's speaker name may have, blanks around it included."""
_COLONS = ":\uff1a"
"""A header's colon: ASCII or full-width (CJK transcripts write ``**안나：**``)."""
_NAME = rf"(?P<speaker>[^*\[\]():\n]{{1,{NAME_LENGTH}}})"
# Between ** and **, a name may hold parentheses (``**qx():**``): the bold marks delimit it.
_BOLD_NAME = rf"(?P<speaker>[^*\[\]\\\n{_COLONS}]{{1,{NAME_LENGTH}}})"
_PLAIN_NAME = rf"(?P<speaker>[^\W\d][^*\[\]\n{_COLONS}]{{0,{NAME_LENGTH - 1}}})"
_SHORT_NAME = r"(?P<speaker>[^\W\d][^*\[\]():\n\uff1a,;!?]{0,39})"
"""A name of a layout with no markup around it: shorter, and no sentence punctuation."""
_TS = rf"(?P<ts>{TIMESTAMP_CHARS})"
# A stamp as a header holds it, garbled or not: wrong separators (00;12;01),
# letters among the digits (0O:12:01), empty fields (:12:01).  At least one
# digit (the lookahead) so that a word in brackets is no stamp.
_STAMP_CHAR = rf"[\dOo:;.,{LOOKALIKE_COLONS}]"
_GTS = rf"(?P<ts>(?={_STAMP_CHAR}{{0,8}}\d)[\dOo]{{0,3}}[:;{LOOKALIKE_COLONS}]{_STAMP_CHAR}{{0,20}})"
_SECONDS = r"(?P<ts>\d{1,6}\.\d{1,3})"
_OPEN = r"\\?\["
_CLOSE = r"\\?\]"
_BOLD_COLON = rf"(?:[{_COLONS}]\*\*|\*\*[ \t]?[{_COLONS}]?)"
"""The end of a bold header: ``:**``, ``**:``, ``** :`` or ``**`` alone."""
_BOLD_END = rf"(?:[{_COLONS}]\*\*|\*\*[ \t]?[{_COLONS}])"
"""The end of an untimed bold header: ``:**``, ``**:`` or ``** :`` (a colon is needed)."""


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    """``source`` compiled, once."""
    return re.compile(source)


class _TurnRow(NamedTuple):
    """The fields of :class:`TurnLayout` (a row of the table as written)."""

    name: str
    """Short name, shown by ``episode-parse rules``."""
    source: str
    """The regular expression of :attr:`TurnLayout.pattern`, compiled when first used."""
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
    named: bool = True
    """Whether the header names its speaker (group ``speaker``)."""
    continues: bool = False
    """Whether a header with no name continues the previous turn's speaker (Lenny's bare ``(00:12:30):``)."""
    companions: tuple[str, ...] = ()
    """Other layouts read along with this one when it is the document's layout (the same header without a time, a continuation)."""
    recurring: bool = False
    """Whether the layout is read only where names recur (plain names look like prose labels)."""
    seconds: bool = False
    """Whether the stamp is plain seconds (``17.44``) rather than a clock."""
    alone: bool = True
    """Whether the layout can be a document's layout (False: read only as a companion, for names it already knows)."""
    needs: tuple[str, ...] = ()
    """A line must hold one of these in its first 48 characters to be tried (empty: any line)."""
    probe_source: str | None = None
    """The regular expression of :attr:`TurnLayout.probe`, compiled when first used."""


class TurnLayout(_TurnRow):
    """One way of writing a turn header.

    A row holds its patterns' sources; each is compiled the first time it is
    read.  Compiling costs about half a millisecond a pattern (most of it in
    ``re``'s handling of the non-ASCII colons), and a document uses few of the
    layouts, so compiling them all at import was most of the start-up of
    ``episode_parse.layouts``.  ``cached_property`` keeps the compiled pattern
    in the row's ``__dict__`` (this subclass of the tuple has no ``__slots__``
    for that reason): every later read is a plain attribute read.
    """

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Matched at a line start; groups ``speaker`` (when named), ``ts`` (when timed) and ``end`` (when the line gives its end time)."""
        return _compiled(self.source)

    @functools.cached_property
    def probe(self) -> re.Pattern[str] | None:
        """What a line of this layout starts with: a line that matches it but not ``pattern`` is a near miss (TR009)."""
        return None if self.probe_source is None else _compiled(self.probe_source)

    def match(self, line: str) -> re.Match[str] | None:
        """The header at the start of ``line``, if the cheap checks and the pattern agree."""
        if self.starts and not line.startswith(self.starts):
            return None
        if self.ends and not line.rstrip().endswith(self.ends):
            return None
        if self.needs and not _holds(line, self.needs):
            return None
        return self.pattern.match(line)


class _ChapterRow(NamedTuple):
    """The fields of :class:`ChapterLayout` (a row of the table as written)."""

    name: str
    """Short name, shown by ``episode-parse rules --layouts`` and in ``Episode.layout.chapters``."""
    source: str
    """The regular expression of :attr:`ChapterLayout.pattern`, compiled when first used."""
    example: str
    """A chapter line in this layout."""
    starts: str
    """The characters the line may start with (after indentation and a list bullet) for this layout to be tried; ``0`` stands for any digit."""


class ChapterLayout(_ChapterRow):
    """One way of writing a chapter line (its pattern compiled when first used, as :class:`TurnLayout`'s)."""

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Matched from the time (or the mark before it) to the end of the line; groups ``ts``, ``title`` and, where the time is a link, ``url``."""
        return _compiled(self.source)


_BOLD = ("bold-name-colon",)
# A near miss: bold, a name and the stamp's opening bracket or parenthesis and a digit.
_BOLD_PROBE = rf"\*\*[^*\[\]()\n]{{1,{NAME_LENGTH}}}(?:\(|{_OPEN})\d"

TURN_LAYOUTS: tuple[TurnLayout, ...] = (
    TurnLayout(
        "bold-name-bracket-time",
        # Latent Space: **Name [00:00:10]**: text, **Name [00:00:10]:** text,
        # **Name [00:00:10]** : text (space before the colon); escaped \[ \] too.
        rf"\*\*{_BOLD_NAME}{_OPEN}{_GTS}{_CLOSE}{_BOLD_COLON}[ \t]*",
        True,
        "**Alessio [00:00:04]**: Hey everyone",
        starts=("**",),
        own_paragraph=True,
        midline=True,
        companions=(*_BOLD, "bold-name-paren-time"),
        probe_source=_BOLD_PROBE,
    ),
    TurnLayout(
        "bold-name-paren-time",
        # lexfridman.com derived: **Name (00:00:10):** text and **Name (00:00:10)** text.
        rf"\*\*{_BOLD_NAME}\({_GTS}\){_BOLD_COLON}[ \t]*",
        True,
        "**Lex Fridman (00:00:10):** Welcome",
        starts=("**",),
        own_paragraph=True,
        midline=True,
        companions=(*_BOLD, "bold-name-bracket-time"),
        probe_source=_BOLD_PROBE,
    ),
    TurnLayout(
        "bold-name-then-bracket-time",
        # ladybug: **Ali** [00:00:00] text; ergo: **Name:** [00:17] text;
        # changelog: **Name:** \[04:04\] text (Markdown-escaped brackets).
        rf"\*\*{_BOLD_NAME}{_BOLD_COLON}[ \t]{{1,4}}{_OPEN}{_GTS}{_CLOSE}[ \t]*",
        True,
        "**Kelly** [00:00:30] Welcome to the ladybug podcast.",
        starts=("**",),
        own_paragraph=True,
        midline=True,
        companions=_BOLD,
        probe_source=_BOLD_PROBE,
    ),
    TurnLayout(
        "bold-time-text",
        # A time in bold brackets and no name: **[01:02]** text.
        rf"\*\*{_OPEN}{_TS}{_CLOSE}\*\*[ \t]+",
        True,
        "**[01:02]** Welcome back to the show.",
        starts=("**",),
        own_paragraph=True,
        named=False,
    ),
    TurnLayout(
        "bold-name-time-line",
        # Otter.ai export with bold names: **Ana**  1:02 alone on its line, text below.
        rf"\*\*{_BOLD_NAME}\*\*[ \t]{{1,8}}{_TS}[ \t]*$",
        True,
        "**Ana**  1:02",
        starts=("**",),
        ends=tuple("0123456789"),
        recurring=True,
    ),
    TurnLayout(
        "bold-name-colon",
        # **Name:** text with no timestamp; a turn only inside a transcript,
        # since notes use the same shape for bold labels.  Full-width colons too.
        rf"\*\*{_BOLD_NAME}{_BOLD_END}[ \t]*",
        False,
        "**Sarah Guo:** Welcome",
        starts=("**",),
        own_paragraph=True,
        # A paragraph that opens with a bare time mark (changelog's \[12:51\] text)
        # goes on with the same speaker as a new timed turn.
        companions=(
            "bold-name-then-bracket-time",
            "bold-name-bracket-time",
            "bold-name-paren-time",
            "bracket-time-text",
        ),
    ),
    TurnLayout(
        "bold-name",
        # **swyx** text, the colon forgotten (latent.space's Satya crossover): a
        # header only for a name that heads the document's **Name:** turns.
        rf"\*\*{_BOLD_NAME}\*\*[ \t]+(?=\S)",
        False,
        "**Sarah Guo** Welcome",
        starts=("**",),
        own_paragraph=True,
        companions=("bold-name-colon",),
        alone=False,
    ),
    TurnLayout(
        "bracket-time-bold-name",
        # ergo call notes: [00:17] **Name**: text.
        rf"{_OPEN}{_TS}{_CLOSE}[ \t]{{1,4}}\*\*{_BOLD_NAME}{_BOLD_COLON}[ \t]*",
        True,
        "[00:17] **Armeanio**: What's up, everybody?",
        starts=("[", "\\["),
        own_paragraph=True,
        midline=True,
        companions=_BOLD,
    ),
    TurnLayout(
        "bracket-name-bracket-time",
        # Oxide and Friends: [Bryan Cantrill] [00:02] text, one turn per line.
        rf"\[{_NAME}\][ \t]{{1,4}}\[{_GTS}\][ \t]*",
        True,
        "[Bryan Cantrill] [00:02] Five o'clock.",
        starts=("[",),
        probe_source=rf"\[[^\]\n]{{1,{NAME_LENGTH}}}\][ \t]{{1,4}}\[",
    ),
    TurnLayout(
        "segment-time-text",
        # Whisper segments (oxide's older files): [17.44 --> 19.10]  text, seconds, no names.
        rf"\[{_SECONDS}[ \t]{{1,4}}-->[ \t]{{1,4}}(?P<end>\d{{1,6}}\.\d{{1,3}})\][ \t]*",
        True,
        "[17.44 --> 19.10]  And did you know about this page?",
        starts=("[",),
        named=False,
        seconds=True,
    ),
    TurnLayout(
        "bracket-time-text",
        # A time in brackets and no name: [00:01:02] text (escaped \[ \] too).
        rf"{_OPEN}{_TS}{_CLOSE}[ \t]+(?=[^\s(])",
        True,
        "[00:01:02] Welcome back to the show.",
        starts=("[", "\\["),
        named=False,
    ),
    TurnLayout(
        "time-text",
        # talkpython: 00:01:02 text, every line timed; "- " after the time marks a speaker change.
        rf"{_TS}[ \t]+(?P<dash>-[ \t]+)?",
        True,
        "00:01:02 Welcome to Talk Python To Me.",
        starts=tuple("0123456789"),
        named=False,
    ),
    TurnLayout(
        "paren-time-line",
        # Lenny's Podcast: a bare "(00:12:30):" line goes on with the same speaker.
        rf"\({_GTS}\):[ \t]*$",
        True,
        "(00:12:30):",
        starts=("(",),
        ends=("):",),
        named=False,
        continues=True,
    ),
    TurnLayout(
        "name-paren-time-line",
        # Lenny's Podcast: "Lenny Rachitsky (00:02):" alone on its line, text below.
        rf"[ \t]{{0,3}}{_PLAIN_NAME}\({_GTS}\):[ \t]*$",
        True,
        "Lenny Rachitsky (00:02):",
        ends=("):",),
        companions=("paren-time-line",),
    ),
    TurnLayout(
        "name-paren-time",
        # Inline: "Ana (01:02): text" on one line.
        rf"{_SHORT_NAME}\({_GTS}\):[ \t]+",
        True,
        "Ana (01:02): Welcome back.",
        recurring=True,
        needs=("):",),
    ),
    TurnLayout(
        "name-colon-time-line",
        # Bitcoin transcripts: "Aaron: 00:00:20" alone on its line, text below.
        rf"{_PLAIN_NAME}[{_COLONS}][ \t]{{1,4}}{_GTS}[ \t]*$",
        True,
        "Aaron van Wirdum: 00:00:20",
        ends=tuple("0123456789:Oo"),
    ),
    TurnLayout(
        "name-time-line",
        # Otter.ai and other transcription services: "Ana  1:02" alone on its
        # line (two spaces, or one as hand-edited in ladybug), text below.
        rf"{_SHORT_NAME}[ \t]{{1,8}}{_TS}[ \t]*$",
        True,
        "Kelly  0:00",
        ends=tuple("0123456789"),
        recurring=True,
    ),
    TurnLayout(
        "name-colon",
        # Hand-made transcripts: "Ana: text" with no time (bitcoin's chaincode
        # podcast); read only where names recur, never a lone "Note: ..." line.
        rf"{_SHORT_NAME}[{_COLONS}][ \t]+(?=\S)",
        False,
        "Pieter: Hello John and Jonas",
        recurring=True,
        needs=tuple(_COLONS),
    ),
)
"""Turn header layouts, tried in order; the first that matches wins.

A document is read in one layout (the one with the most headers, see
:mod:`episode_parse.classify`) and its ``companions``; headers of other
layouts are reported, not read.
"""

BY_NAME: dict[str, TurnLayout] = {layout.name: layout for layout in TURN_LAYOUTS}
"""The turn layouts by name."""

_CH_TS = r"(?P<ts>\d{1,3}[:\uff1a](?:[\d:\uff1a]{1,9}| \d\d(?=[ \t]{1,4}(?:-|\u2013|\u2014)[ \t])))"
"""A chapter line's time: loose (a malformed one still makes the chapter, with TS001).

``10: 32 - Title`` (a blank after the colon, syntax.fm show 46) is taken
only before a separator dash, where nothing but a chapter line looks like it.
"""
_TITLE = r"(?P<title>[^\n]{1,520})"
_URL = r"(?P<url>[^()\s]{1,2000})"

CHAPTER_LAYOUTS: tuple[ChapterLayout, ...] = (
    ChapterLayout(
        "time-title",
        # The reference and YouTube descriptions (vectorpod, dwarkesh): 00:00 Title,
        # 0:00:00 Title; syntax.fm's old notes: 1:55 - Title; dwarkesh: 0:22:20 – Title;
        # latent.space: 22:12 -- Title.
        rf"{_CH_TS}[ \t]{_TITLE}",
        "00:00 Intro – Diplomacy, Cicero & World Championship",
        "0",
    ),
    ChapterLayout(
        "bold-time-title",
        # latent.space and ladybug show notes: **00:02:31** Title, **00:40** - Title, * **0:00** Title.
        rf"\*\*(?P<open>\[)?{_CH_TS}(?(open)\])\*\*[ \t]{_TITLE}",
        "**00:02:31** Why AI Security Is Different",
        "*",
    ),
    ChapterLayout(
        "bold-linked-time-title",
        # syntax.fm show notes: * **[04:12](#t=04:12)** Title (the link kept in Chapter.url).
        rf"\*\*\[{_CH_TS}\]\({_URL}\)\*\*[ \t]{_TITLE}",
        "* **[02:21](#t=02:21)** Wes highlights",
        "*",
    ),
    ChapterLayout(
        "linked-time-title",
        # Links on the time to its moment in the episode: [04:12](https://youtu.be/x?t=252) Title
        # (asked for in issue 11; no corpus file has it).
        rf"\[{_CH_TS}\]\({_URL}\)[ \t]{_TITLE}",
        "[04:12](https://youtu.be/abc?t=252) Pop Motion Pose",
        "[",
    ),
    ChapterLayout(
        "bracket-time-title",
        # syntax.fm show notes: [01:00:06] Title.
        rf"\[{_CH_TS}\][ \t]{_TITLE}",
        "[01:00:06] Serverless",
        "[",
    ),
    ChapterLayout(
        "paren-time-title",
        # (00:54) Title (asked for in issue 11; no corpus file has it).
        rf"\({_CH_TS}\)[ \t]{_TITLE}",
        "(00:54) Eric's intro and Daniel's background",
        "(",
    ),
    ChapterLayout(
        "heading-time-title",
        # A heading per chapter, ## 1:02:03 - Title (also ## [00:12] Title; asked for in
        # issue 11, no corpus file has it): it opens a section and makes a chapter,
        # where two or more headings carry a time.
        rf"#{{1,6}}[ \t]{{1,8}}(?P<open>[\[(]|\*\*)?{_CH_TS}(?(open)[\])*]{{1,2}})[ \t]{_TITLE}",
        "## 1:02:03 - Scaling laws",
        "#",
    ),
)
"""Chapter line layouts, tried in order."""


_ANY_START = tuple(layout for layout in TURN_LAYOUTS if not layout.starts)
_BY_FIRST = {
    first: tuple(layout for layout in TURN_LAYOUTS if not layout.starts or any(s[0] == first for s in layout.starts))
    for first in {s[0] for layout in TURN_LAYOUTS for s in layout.starts}
}
"""The layouts worth trying on a line, by its first character, in table order."""


def _holds(line: str, needs: tuple[str, ...]) -> bool:
    return any(line.find(n, 0, 48) >= 0 for n in needs)


def match_turn(line: str, *, timed_only: bool) -> tuple[TurnLayout, re.Match[str]] | None:
    """The first turn layout matching at the start of ``line``, with its match.

    The same as ``layout.match`` over the layouts in table order (a test
    checks it), with the line's trailing blanks stripped once for all.  It
    runs for every line of every paragraph, so each layout's checks come as
    a plain tuple (:func:`_plans`): a NamedTuple field read costs more.
    """
    stripped: str | None = None
    plans = _PLANS or _plans()
    for layout, match, starts, ends, needs, timed, named in plans.get(line[:1], plans[""]):
        if timed_only and not timed:
            continue
        if ends:
            if stripped is None:
                stripped = line.rstrip()
            if not stripped.endswith(ends):
                continue
        if needs:
            for need in needs:
                if line.find(need, 0, 48) >= 0:
                    break
            else:
                continue
        m = match(line) if not starts or line.startswith(starts) else None
        if m is not None and (not named or m.group("speaker").strip()):
            return layout, m
    return None


_Plan = tuple[
    TurnLayout, Callable[[str], "re.Match[str] | None"], tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, bool
]
_PLANS: dict[str, tuple[_Plan, ...]] = {}
"""What :func:`match_turn` tries on a line, by its first character ("": any other), made on first use."""


def _plans() -> dict[str, tuple[_Plan, ...]]:
    def plan(layouts: tuple[TurnLayout, ...]) -> tuple[_Plan, ...]:
        return tuple((t, _match_of(t), t.starts, t.ends, t.needs, t.timed, t.named) for t in layouts)

    global _PLANS
    plans = {first: plan(layouts) for first, layouts in _BY_FIRST.items()}
    plans[""] = plan(_ANY_START)
    _PLANS = plans
    return plans


def _match_of(layout: TurnLayout) -> Callable[[str], re.Match[str] | None]:
    """``layout.pattern.match``; before the pattern is compiled, a stand-in that compiles it.

    Patterns are compiled when a line first gets past a layout's cheap checks
    (most documents need few of them).  The stand-in drops the plans, so the
    next line remakes them with the compiled pattern's own ``match``; it
    rebinds ``_PLANS`` rather than clearing it, so a call in another thread
    keeps the plans it holds.
    """
    if "pattern" in vars(layout):
        return layout.pattern.match

    def compile_then_match(line: str) -> re.Match[str] | None:
        global _PLANS
        _PLANS = {}
        return layout.pattern.match(line)

    return compile_then_match


_CHAPTERS_BY_FIRST = {
    first: tuple(layout for layout in CHAPTER_LAYOUTS if first in layout.starts and layout.starts != "#")
    for first in "0*[("
}
"""The line layouts worth trying on a line, by its first character after a bullet ("0": any digit), in table order."""

_HEADING_LAYOUT = next(layout for layout in CHAPTER_LAYOUTS if layout.starts == "#")


class ChapterMatch(NamedTuple):
    """A chapter line: the layout it was read in, the match, and what it says."""

    layout: ChapterLayout
    match: re.Match[str]
    """The layout's match against the whole line (so its offsets are the line's)."""
    title: str
    """The title without separator, link or bold markup."""
    url: str | None
    """The link's target: the time's link, else the title's first link (not an image); None when there is none."""


_SEPARATORS = ("--", "-", "\u2013", "\u2014")
_LINK = r"!?\[([^\[\]\n]{0,500})\]\(([^()\s]{1,2000})\)"
_BOLD_TEXT = r"\*\*([^*\n]{1,520})\*\*"
_BOLD_LABEL = r"\*\*[^*\n]{1,80}(?::\*\*|\*\*[ \t]?:)[ \t]{0,4}[^ \t]"
"""A bold speaker label with words after it: ``**Ana**: text`` (a title ``**Intro:**`` alone is fine)."""


def match_chapter(line: str) -> ChapterMatch | None:
    """The first chapter layout matching all of ``line`` (a paragraph line), with the title it gives.

    A leading bullet (``*``, ``-``, ``+``), a separator dash between time and
    title (``1:55 - Title``, ``–``, ``—``, ``--``), trailing blanks and the
    title's link and bold markup are not part of the title.  Done here rather
    than in the pattern, so the pattern has no adjacent quantifiers that could
    match the same characters.
    """
    pos = len(line) - len(line.lstrip(" \t"))
    if pos > 4:
        return None
    if line[pos : pos + 1] in ("*", "+", "-") and line[pos + 1 : pos + 2] in (" ", "\t"):
        pos = len(line) - len(line[pos + 1 :].lstrip(" \t"))
    head = line[pos : pos + 1]
    for layout in _CHAPTERS_BY_FIRST.get("0" if head.isdigit() else head, ()):  # any script's digits: TS001
        m = layout.pattern.fullmatch(line, pos)
        if m is not None:
            return _chapter(layout, m)
    return None


def match_chapter_heading(line: str) -> ChapterMatch | None:
    """The chapter an ATX heading line makes (``## 1:02:03 - Title``), if its text starts with a time."""
    pos = len(line) - len(line.lstrip(" "))
    if pos > 3:
        return None
    m = _HEADING_LAYOUT.pattern.fullmatch(line, pos)
    return None if m is None else _chapter(_HEADING_LAYOUT, m, heading=True)


def _chapter(layout: ChapterLayout, m: re.Match[str], heading: bool = False) -> ChapterMatch | None:
    title = m.group("title").strip(" \t")
    if heading:  # closing hashes are decoration: "## 0:00 Title ##"
        bare = title.rstrip("#")
        if bare != title and bare[-1:] in (" ", "\t"):
            title = bare.rstrip(" \t")
    for sep in _SEPARATORS:
        if title.startswith(sep) and title[len(sep) : len(sep) + 1] in (" ", "\t"):
            title = title[len(sep) :].lstrip(" \t")
            break
    url = m.group("url") if "url" in layout.pattern.groupindex else None
    if "*" in title:
        if _compiled(_BOLD_LABEL).match(title):
            return None  # "[46:53] **Ana**: text" is a line of a transcript, not a chapter
        title = _compiled(_BOLD_TEXT).sub(r"\1", title)
    if "[" in title:
        if url is None:  # the first link that is not an image
            url = next((m.group(2) for m in _compiled(_LINK).finditer(title) if m.group(0)[0] != "!"), None)
        title = _compiled(_LINK).sub(r"\1", title).strip(" \t")
    return ChapterMatch(layout, m, title, url) if title else None

"""Stage 3: classify paragraphs as turns, chapter lists or notes.

The decision uses the shape of the lines, never heading words: a paragraph
whose first line is a turn header is a turn; a run of at least two chapter
lines is a chapter list (bullets and indented lines may hang under its lines,
and list paragraphs between them: see :class:`_ChapterRuns`); headings that
start with a time are chapters too, where two or more do; anything else is
notes.

A document is read in one turn layout, chosen once for the whole document:
the layout with the most header lines among those that can be a document's
layout, timed layouts with markup before untimed ones (a ``**Label:**`` is
as likely a claim of the notes) and both before plain-name ones (a
``Name: text`` line is as likely a line of prose).  Its companions (the
same header without a time, a continuation line) are read with it; a line
in another layout's header shape is handed on as an alien, to be reported
and read as text, never switched to silently.

Headers without a timestamp (``**Name:** text``) look exactly like the bold
labels of show notes, so they are read only where the document says so by
its shape: the name also heads timed turns, or the label looks like a name
and follows a timed turn in its section (a turn missing its time, TR006),
or the document has no timed turns and at least three such headers whose
names repeat (a transcript has few speakers who speak often; notes have many
labels that each appear once).  Plain names (``Ana: text``, ``Ana  1:02``)
need two speakers who each come at least twice, and only recurring names
are read.  Timed lines with no name are a transcript only where they are
not a chapter list: their text ends sentences, or they come seconds apart.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from episode_parse.blocks import Block
from episode_parse.layouts import (
    BY_NAME,
    TURN_LAYOUTS,
    ChapterMatch,
    TurnLayout,
    match_chapter,
    match_chapter_heading,
    match_turn,
)
from episode_parse.read import Document
from episode_parse.timestamps import read_timestamp

ParaKind = Literal["turn", "chapters", "notes"]

Header = tuple[TurnLayout, re.Match[str]]


class Paragraph:
    """A paragraph block with what its lines look like (``kind`` may be demoted to notes later)."""

    __slots__ = ("aliens", "block", "chapters", "choice", "headers", "kind")

    def __init__(
        self,
        block: Block,
        kind: ParaKind,
        headers: dict[int, Header],
        chapters: list[ChapterMatch | None],
        aliens: dict[int, Header] | None = None,
        choice: Choice | None = None,
    ) -> None:
        self.block = block
        """The paragraph's lines."""
        self.kind = kind
        """turn, chapters or notes."""
        self.headers = headers
        """Accepted turn headers at the start of a line, by line index."""
        self.chapters = chapters
        """When ``kind`` is chapters, one entry per line: its chapter, or None for a line under the list's
        lines (a bullet or an indented line: links, sub-points), which is read as notes; else empty.

        A heading that carries a time (``## 1:02:03 - Title``) comes as a chapters Paragraph of its
        heading block, right after the block itself.
        """
        self.aliens = aliens if aliens is not None else _NO_ALIENS
        """Lines that are headers of a layout the document is not read in, by line index (reported, not read)."""
        self.choice = choice if choice is not None else NO_CHOICE
        """The document's turn layouts."""


SHORTCUTS = True
"""Whether the usual turn paragraph skips the general classification (tests turn it off to compare)."""

_NO_ALIENS: dict[int, Header] = {}
"""The aliens of most paragraphs (shared, never changed)."""


class UsualTurn(NamedTuple):
    """A one-line paragraph that is one turn, its header timed and named in the document's own layout (most turns).

    What a Paragraph of kind ``turn`` says of such a line, in a lighter
    record: stage 4 reads it without the general paragraph code
    (:data:`SHORTCUTS`; ``tests/test_fast_paths.py`` compares both ways).
    """

    line: int
    """Index of the line."""
    header: Header
    """The header at its start."""
    choice: Choice
    """The document's turn layouts."""


_usual_turn = functools.partial(tuple.__new__, UsualTurn)
"""``UsualTurn(*fields)`` without the Python-level ``__new__`` a NamedTuple has (half the time)."""


class Choice(NamedTuple):
    """The turn layouts a document is read in: the one that explains most of its lines, and its companions."""

    layout: TurnLayout | None
    """The document's layout (None: no transcript found)."""
    accepted: frozenset[str]
    """Names of the layouts read as headers: ``layout`` and its companions."""
    untimed: _NamePredicate
    """Which names an untimed header may have to be read (``bold-name-colon``, ``name-colon``)."""
    marks: bool
    """Whether timed lines with no name mark a speaker change with ``- `` (talkpython's YouTube files)."""
    sure: frozenset[str] = frozenset()
    """The accepted layouts whose headers are read wherever they are (timed and named)."""
    speakers: frozenset[str] = frozenset()
    """The names heading the document's own layout's headers (for companions that are not ``alone``)."""

    def reads(self, header: Header) -> bool:
        """Whether ``header`` is read as a turn header in this document."""
        layout, m = header
        if layout.name not in self.accepted:
            return False
        if not layout.alone:
            return m.group("speaker").strip() in self.speakers
        return layout.timed or self.untimed(m.group("speaker").strip())


def classify(doc: Document, blocks: list[Block]) -> Iterator[Paragraph | UsualTurn | Block]:
    """The blocks with every paragraph replaced by a classified Paragraph (or a UsualTurn), in order.

    A generator: the header matches of a block are let go as soon as its
    Paragraph is handed on, so the next stage never holds them all at once.
    """
    lines = doc.lines
    candidates, choice = _candidates(lines, blocks)
    runs = _ChapterRuns(lines)
    headings = _timed_headings(lines, blocks)
    timed_seen = False  # a timed header read in this section (an untimed one after it is a turn, TR006)
    turn_seen = False  # a header read in this section
    sure = choice.sure
    for block in blocks:
        found = candidates.popleft() or {}
        if len(found) == 1 and not runs.run and SHORTCUTS:
            hit = found.get(block.first)
            if hit is not None and hit[0].name in sure:
                # The usual turn paragraph: one header, the document's own (timed
                # and named), on its first line.  What _paragraph and runs.seen
                # make of it, without them (tests/test_fast_paths.py compares).
                usual: Paragraph | UsualTurn = (
                    _usual_turn((block.first, hit, choice))
                    if block.first == block.last
                    else Paragraph(block, "turn", found, [], None, choice)
                )
                timed_seen = turn_seen = True
                runs.last, runs.turn_open = usual, True
                yield usual
                continue
        item: Paragraph | Block = block
        if block.kind == "heading":
            timed_seen = turn_seen = False
        elif block.kind == "paragraph":
            item = _paragraph(doc, block, found, choice, timed_seen, turn_seen)
            if item.headers and not timed_seen:
                turn_seen = True
                timed_seen = any(h[0].timed for h in item.headers.values())
        if runs.run or item.kind == "chapters":
            yield from runs.feed(item)
        else:  # (most blocks: no run to decide on)
            yield runs.seen(item)
        if headings and block.kind == "heading" and block.first in headings:
            yield from runs.feed(Paragraph(block, "chapters", {}, [headings[block.first]], None, choice))
    yield from runs.end(None)


def _candidates(lines: Sequence[str], blocks: list[Block]) -> tuple[deque[dict[int, Header] | None], Choice]:
    """The turn headers of each block's lines (None for a block without any), and the document's layouts."""
    # (An empty dict for each block was 64 bytes a block, a third of the memory of many short paragraphs.)
    candidates: deque[dict[int, Header] | None] = deque()
    tally = _Tally()
    speakers = tally.speakers
    first = _first_layout_hits(lines) if SHORTCUTS else [None] * len(lines)
    for block in blocks:
        found: dict[int, Header] = {}
        if block.kind == "paragraph":
            for i in range(block.first, block.last + 1):
                hit = first[i] or match_turn(lines[i], timed_only=False)
                if hit is not None:
                    found[i] = hit
                    if hit[0].named:  # (inline: this runs for every header of the document)
                        key = (hit[0].name, hit[1].group("speaker"))
                        speakers[key] = speakers.get(key, 0) + 1
                    else:
                        tally.add_nameless(hit, lines[i])
        candidates.append(found or None)
    return candidates, tally.choose()


_FIRST = TURN_LAYOUTS[0]
assert not _FIRST.ends and not _FIRST.needs and _FIRST.named  # what _first_layout_hits relies on


def _first_layout_hits(lines: Sequence[str]) -> list[Header | None]:
    """What :func:`match_turn` gives each line where it is the table's first layout (most headers), else None.

    The first layout's pattern runs over every line in one ``map`` (a loop
    in C; it fails at the first character of a line it cannot start); a line
    it matches with a name is that layout's header, as ``match_turn`` would
    say, since it tries the first layout first.  The other lines are left to
    ``match_turn``.  Only where the lines start like the first layout's
    header somewhere: otherwise nothing is compiled or run.
    """
    if not any(map(str.startswith, lines, itertools.repeat(_FIRST.starts))):
        return [None] * len(lines)
    hits: list[Header | None] = []
    for m in map(_FIRST.pattern.match, lines):
        hits.append((_FIRST, m) if m is not None and m.group("speaker").strip() else None)
    return hits


def _paragraph(
    doc: Document, block: Block, found: dict[int, Header], choice: Choice, timed_seen: bool, turn_seen: bool
) -> Paragraph:
    lines = doc.lines
    headers: dict[int, Header] = {}
    aliens: dict[int, Header] = _NO_ALIENS
    named = choice.layout is not None and choice.layout.named
    sure = choice.sure
    for h in found.values():
        if h[0].name not in sure:
            break
    else:  # the usual case: the document's own timed headers only
        headers = found
        found = {}
    for i, h in found.items():
        if named and not h[0].named and not h[0].continues:
            # A time mark opening a paragraph of a named transcript (changelog's
            # \[12:51\] text) is a new timed turn of the same speaker.
            if h[0].name in choice.accepted and i == block.first and turn_seen:
                headers[i] = h
        elif choice.reads(h) or (timed_seen and h[0].alone and h[0].name in choice.accepted and _looks_like_a_name(h)):
            headers[i] = h
        elif h[0].named and h[0].timed and h[0].name not in choice.accepted:  # (untimed: bold labels of notes)
            if aliens is _NO_ALIENS:
                aliens = {}
            aliens[i] = h
    if block.first in headers:
        return Paragraph(block, "turn", headers, [], aliens, choice)
    chapters = _chapter_lines(lines, block, found)
    if chapters is None:
        return Paragraph(block, "notes", headers, [], aliens, choice)
    return Paragraph(block, "chapters", headers, chapters, aliens, choice)


def _chapter_lines(lines: Sequence[str], block: Block, found: dict[int, Header]) -> list[ChapterMatch | None] | None:
    """The chapter of each line of a paragraph that holds chapter lines, with bullets or indented lines between them.

    None when a line is neither (prose, or a named turn header not read as
    one), or when no line is a chapter line.  The first line is a chapter
    line or a bullet: an indented first line is a continuation of something else.
    """
    chapters: list[ChapterMatch | None] = []
    any_chapter = False
    for i in range(block.first, block.last + 1):
        line = lines[i].rstrip()
        hit = found.get(i)
        chapter = match_chapter(line) if hit is None or not hit[0].named else None
        if chapter is not None:
            any_chapter = True
        elif hit is not None or not _attached(line) or (i == block.first and line[:1] in " \t"):
            return None
        chapters.append(chapter)
    return chapters if any_chapter else None


def _attached(line: str) -> bool:
    """Whether ``line`` can hang under a chapter line: a list item (``* ``, ``- ``, ``+ ``) or an indented line."""
    head = line[:1]
    return head in (" ", "\t") or (head in ("*", "-", "+") and line[1:2] in (" ", "\t"))


def _looks_like_a_name(header: Header) -> bool:
    """Whether an untimed header's label reads as a person's name: at most four words, none in lower case.

    A bold label after timed turns (``**B:** Hello.``) is a turn with its
    time missing (TR006); ``**Key insight:**`` among them is an editor's note.
    """
    words = header[1].group("speaker").split()
    return 0 < len(words) <= 4 and not any(w[0].islower() for w in words)


class _NamePredicate(NamedTuple):
    names: frozenset[str] | None
    """Accepted names; None accepts every name."""

    def __call__(self, name: str) -> bool:
        return self.names is None or name in self.names


NO_CHOICE = Choice(None, frozenset(), _NamePredicate(frozenset()), marks=False)
"""The choice of a document with no transcript."""

_SENTENCE_END = frozenset(".!?\u2026\u3002\uff01\uff1f")


class _Tally:
    """Counts of each layout's headers in a document, to choose the document's layout."""

    def __init__(self) -> None:
        self.speakers: dict[tuple[str, str], int] = {}
        """Named headers by layout and speaker name as matched (blanks around it kept)."""
        self.nameless: Counter[str] = Counter()
        """Headers with no name, by layout."""
        self.prose: Counter[str] = Counter()
        """Headers with no name whose text reads as prose (not a chapter title), by layout."""
        self.stamps: dict[str, list[str]] = {}
        self.marks = 0

    def add_nameless(self, hit: Header, line: str) -> None:
        """Count a header with no name."""
        layout, m = hit
        name = layout.name
        self.nameless[name] += 1
        if layout.timed and not layout.continues:
            self.stamps.setdefault(name, []).append(m.group("ts"))
            rest = line[m.end() :].rstrip()
            if rest[-1:] in _SENTENCE_END or rest[-1:] == ",":
                self.prose[name] += 1
            if "dash" in m.re.groupindex and m.group("dash"):
                self.marks += 1

    @functools.cached_property
    def names(self) -> dict[str, Counter[str]]:
        """Speaker names (stripped) and how often each heads a header, by layout."""
        out: dict[str, Counter[str]] = {}
        for (layout, name), n in self.speakers.items():
            out.setdefault(layout, Counter())[name.strip()] += n
        return out

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        """Headers by layout."""
        out: dict[str, int] = dict(self.nameless)
        for (layout, _), n in self.speakers.items():
            out[layout] = out.get(layout, 0) + n
        return out

    def choose(self) -> Choice:
        """The layout with the most headers among those that can be a document's layout."""
        best: TurnLayout | None = None
        # Named timed layouts with markup first, then untimed ones (a bold
        # label "**Name:**" is as likely a claim of the notes), then times
        # with no names (a named transcript's paragraphs may open with one),
        # then plain names (a "Name: text" line is as likely a line of some
        # turn's text).
        for tier in range(4):
            for layout in TURN_LAYOUTS:
                n = self.counts.get(layout.name, 0)
                better = best is None or n > self.counts.get(best.name, 0)
                if n and better and _tier(layout) == tier and self._eligible(layout, n):
                    best = layout
            if best is not None:
                break
        if best is None:
            return NO_CHOICE
        best = self._untimed_instead(best)
        accepted = {best.name, *best.companions}
        accepted.update(other.name for other in TURN_LAYOUTS if best.name in other.companions)
        sure = frozenset(name for name in accepted if BY_NAME[name].timed and BY_NAME[name].named)
        speakers = frozenset(self.names.get(best.name, ()))
        return Choice(
            best, frozenset(accepted), self._untimed(best), marks=self.marks >= 2, sure=sure, speakers=speakers
        )

    def _untimed_instead(self, best: TurnLayout) -> TurnLayout:
        """The untimed companion of a timed ``best`` where the same speakers head more untimed headers.

        changelog writes ``**Name:** text`` with a time on one header in ten:
        the document is untimed with some times, not timed with gaps.  Bold
        labels of notes (``**Big idea**:``) name no speaker of the timed
        headers, so they never outvote them.
        """
        if not best.timed:
            return best
        speakers = set(self.names.get(best.name, ()))
        for other in TURN_LAYOUTS:
            if other.timed or not other.named or other.recurring or best.name not in other.companions:
                continue
            same = sum(n for name, n in self.names.get(other.name, {}).items() if name in speakers)
            if same > self.counts.get(best.name, 0) and self._eligible(other, self.counts[other.name]):
                return other
        return best

    def _eligible(self, layout: TurnLayout, n: int) -> bool:
        if layout.continues or not layout.alone:
            return False
        if not layout.named:
            # Timed lines with no name are a transcript, not a chapter list,
            # when their text reads as prose or they come seconds apart.
            # (Ten or more, as a chapter run's own rule says: a short list may be close together.)
            return n >= 2 and (
                self.prose[layout.name] * 2 >= n
                or (n >= 10 and _median_gap(self.stamps[layout.name]) < MIN_CHAPTER_GAP)
            )
        if layout.timed and not layout.recurring:
            return True
        # A transcript has few speakers who speak often; notes have many labels that each appear once.
        names = self.names[layout.name]
        if layout.recurring:  # plain names: only the recurring ones count, and two speakers at least
            recurring = [c for c in names.values() if c >= 2]
            return len(recurring) >= 2 and sum(recurring) >= 3 and len(recurring) * 2 <= sum(recurring)
        return n >= 3 and len(names) * 2 <= n

    def _untimed(self, best: TurnLayout) -> _NamePredicate:
        untimed = [other.name for other in TURN_LAYOUTS if not other.timed and other.named]
        if best.name in untimed:
            if best.recurring:  # plain names: only those that recur
                return _NamePredicate(frozenset(n for n, c in self.names[best.name].items() if c >= 2))
            return _NamePredicate(None)
        timed_names = {n for name in self.names if BY_NAME[name].timed for n in self.names[name]}
        return _NamePredicate(frozenset(timed_names))


def _tier(layout: TurnLayout) -> int:
    """The rank of a layout's kind in the choice of a document's layout (lower first)."""
    if layout.recurring:
        return 3
    if not layout.named:
        return 2
    return 0 if layout.timed else 1


def _median_gap(stamps: list[str]) -> float:
    starts = [read_timestamp(ts).seconds for ts in stamps]
    gaps = sorted(b - a for a, b in itertools.pairwise(starts) if a is not None and b is not None)
    return gaps[len(gaps) // 2] if gaps else float("inf")


MIN_CHAPTER_GAP = 10.0
"""Median seconds between chapters below which a long timed list is not a chapter list."""


def _timed_headings(lines: Sequence[str], blocks: list[Block]) -> dict[int, ChapterMatch]:
    """The headings that start with a time, by line, when two or more do (one alone is a heading like any other)."""
    found: dict[int, ChapterMatch] = {}
    for block in blocks:
        if block.kind == "heading":
            chapter = match_chapter_heading(lines[block.first])
            if chapter is not None:
                found[block.first] = chapter
    return found if len(found) >= 2 else {}


class _ChapterRuns:
    """Chapter paragraphs in a row, held until it is known whether they make a chapter list.

    A run is broken by anything but another chapter paragraph, except list
    paragraphs (every line a bullet or indented) followed by one: those hang
    under the chapter before them (syntax.fm's show notes put a list of links
    under each chapter line) and are read as notes.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.run: list[Paragraph] = []
        """The chapter paragraphs and the list paragraphs between them."""
        self.held: list[Paragraph] = []
        """List paragraphs after the run's last chapter paragraph: in the run if another one follows."""
        self.before: Paragraph | UsualTurn | Block | None = None
        """What came just before the run."""
        self.last: Paragraph | UsualTurn | Block | None = None
        """What was handed on (or put in the run) last."""
        self.turn_open = False
        """Whether a turn paragraph came since the last heading, fence or chapter list."""
        self.in_turn = False
        """``turn_open`` when the run began."""

    def feed(self, item: Paragraph | Block) -> Iterator[Paragraph | Block]:
        """Take the next item; hand on what is decided."""
        if isinstance(item, Paragraph) and item.block.kind == "paragraph":
            if item.kind == "chapters":
                if not self.run:
                    self.before, self.in_turn = self.last, self.turn_open
                for p in self.held:
                    p.kind, p.chapters = "chapters", [None] * (p.block.last - p.block.first + 1)
                self.run += self.held
                self.held.clear()
                self.run.append(item)
                self.last = item
                return
            if (
                self.run
                and not item.headers
                and all(_attached(self.lines[i]) for i in range(item.block.first, item.block.last + 1))
            ):
                self.held.append(item)
                return
        yield from self.end(item)
        yield self.seen(item)

    def end(self, after: Paragraph | Block | None) -> Iterator[Paragraph | Block]:
        """Hand on the run, demoted to notes unless it is a chapter list, then the held paragraphs; empty both."""
        run, held = self.run, self.held
        if run:
            in_transcript = self.in_turn and isinstance(after, Paragraph) and after.kind == "turn"
            if in_transcript or not _is_chapter_list(run, self.before, held[0] if held else after):
                for p in run:
                    p.kind = "notes"
                    p.chapters = []
            else:
                self.turn_open = False
            yield from run
            run.clear()
        for p in held:
            yield self.seen(p)
        held.clear()

    def seen(self, item: Paragraph | Block) -> Paragraph | Block:
        """Note ``item`` as handed on (outside any run); return it."""
        self.last = item
        if isinstance(item, Paragraph):
            if item.kind != "notes":
                self.turn_open = item.kind == "turn"
        elif item.kind != "paragraph":
            self.turn_open = False
        return item


def _is_chapter_list(
    run: list[Paragraph], before: Paragraph | UsualTurn | Block | None, after: Paragraph | Block | None
) -> bool:
    """Whether a run of chapter paragraphs is a chapter list.

    A chapter list needs two or more chapter lines, unless its one line is
    all its section holds (``before`` and ``after`` are headings or the
    document's ends); a lone timestamped line among prose or bullets is not
    a chapter list.  Ten or more lines
    only seconds apart (median gap under ten seconds) are timed transcript
    text, not chapters (talkpython's ``HH:MM:SS text`` lines).  (A run
    between two turns of a transcript is transcript text: see ``end``.)
    """
    entries = [c for p in run for c in p.chapters]
    matches = [c.match for c in entries if c is not None]
    if len(matches) < 2:
        alone = len(entries) == 1 and all(
            x is None or (isinstance(x, Block) and x.kind == "heading") for x in (before, after)
        )
        return alone
    if len(matches) < 10:
        return True
    starts = [read_timestamp(m.group("ts")).seconds for m in matches]
    gaps = sorted(b - a for a, b in itertools.pairwise(starts) if a is not None and b is not None)
    return not gaps or gaps[len(gaps) // 2] >= MIN_CHAPTER_GAP

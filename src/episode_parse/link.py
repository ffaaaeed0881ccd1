"""Stage 5: link the drafts into records.

Chapter and turn ends come from the next record's start; each turn gets the
chapter it starts in; speakers are totalled over their turns.

Derived data is never wrong: a timestamp that breaks the order of those
around it (an *outlier*: TS002 for turns, CH002 for chapters, found here
once by :func:`out_of_order`) is kept as written in ``timestamp`` but gives
its record a null ``start``, so that it never becomes another record's end
or moves a turn into a far chapter.  What is left is in order, so every end
is at or after its start and turn chapters never decrease along the
transcript.  The rules report an outlier as a record with a null start whose
timestamp reads as a time.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import cast

from episode_parse.build import ChapterDraft, Draft, TurnDraft
from episode_parse.read import Document
from episode_parse.records import (
    SCHEMA_VERSION,
    Chapter,
    Diagnostic,
    Episode,
    Layout,
    Section,
    Segment,
    Span,
    Speaker,
    Turn,
)

_LAYOUT = operator.attrgetter("layout")
_START = operator.attrgetter("start")


def link(doc: Document, draft: Draft) -> Episode:
    """The episode records, with the diagnostics found so far (unsorted); ``draft.turns`` is used up."""
    sections = tuple(Section(s.title, s.level, s.role, doc.span(s.start, s.end)) for s in draft.sections)
    turn_drafts = draft.turns
    # (Attributes of every draft read with attrgetter: a loop in C.)
    layout = Layout(
        "markdown",
        _most_first(map(_LAYOUT, turn_drafts)),
        _most_first(c.layout for c in draft.chapters),
    )
    # Outliers get a null start: the rest is in order (strictly for chapters).
    turn_starts = in_order(list(map(_START, turn_drafts)), strict=False)
    chapter_starts = in_order([c.start for c in draft.chapters], strict=True)
    chapters = _chapters(
        draft.chapters, chapter_starts, next((s for s in reversed(turn_starts) if s is not None), None)
    )
    turns, segments, speakers = _turns(doc, turn_drafts, turn_starts, _chapters_of(turn_starts, chapter_starts))
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=layout,
        sections=sections,
        claims=tuple(draft.claims),
        quotes=tuple(draft.quotes),
        chapters=chapters,
        speakers=speakers,
        turns=turns,
        segments=segments,
        diagnostics=tuple(doc.diagnostics + draft.diagnostics),
    )


def _chapters(drafts: list[ChapterDraft], starts: list[float | None], last_time: float | None) -> tuple[Chapter, ...]:
    """The chapters, each ending where the next starts (the last at the last turn's time, if after its start)."""
    chapters: list[Chapter] = []
    for k, c in enumerate(drafts):
        start = starts[k]
        if k + 1 < len(drafts):
            end = starts[k + 1]
        elif last_time is not None and start is not None and last_time >= start:
            end = last_time
        else:
            end = None
        chapters.append(Chapter(start, end, c.title, c.timestamp, c.section, c.span, url=c.url))
    return tuple(chapters)


def _turns(
    doc: Document, turn_drafts: list[TurnDraft], turn_starts: list[float | None], turn_chapters: list[int | None]
) -> tuple[tuple[Turn, ...], tuple[Segment, ...], tuple[Speaker, ...]]:
    """The turns (``turn_drafts`` used up), the segments of their timed lines, and the speakers."""
    turns: list[Turn] = []
    segments: list[Segment] = []
    line_starts = doc.starts
    turn_counts: dict[str, int] = {}
    word_counts: dict[str, int] = {}
    first_spans: dict[str, Span] = {}
    # Each turn ends where the next starts; the last has no end.
    ends = turn_starts[1:]
    if turn_drafts:
        ends.append(None)
    # Each draft is let go once its record is made, so drafts and records
    # never all live at once (they were the peak of memory).
    for t, start, end, chapter in zip(_drain(turn_drafts), turn_starts, ends, turn_chapters, strict=True):
        pieces = t.pieces
        text = pieces[0].strip() if len(pieces) == 1 and t.breaks is None else _text(t)  # (most turns: one line)
        # The span from what build saw of the lines, without searching the line starts.
        hs, te, line, end_line = t.header_start, t.end, t.line, t.end_line
        span = Span(hs, te, line + 1, hs - line_starts[line] + 1, end_line + 1, te - line_starts[end_line] + 1)
        name = t.speaker
        if t.lines is not None:  # timed lines merged into the turn: each keeps its time as a segment
            segments.extend(_segments(doc, t, len(turns)))
        turns.append(Turn(name, start, end, t.timestamp, text, chapter, t.section, span))
        if name is None:  # a turn with no speaker counts for nobody
            continue
        if name in turn_counts:
            turn_counts[name] += 1
            word_counts[name] += word_count(text)
        else:
            turn_counts[name] = 1
            word_counts[name] = word_count(text)
            first_spans[name] = doc.span(t.speaker_start, t.speaker_start + len(name))
    speakers = tuple(Speaker(n, turn_counts[n], word_counts[n], first_spans[n]) for n in turn_counts)
    return tuple(turns), tuple(segments), speakers


def in_order(starts: list[float | None], *, strict: bool) -> list[float | None]:
    """``starts`` with the outliers (:func:`out_of_order` of the known ones) made None; the rest kept."""
    present = list(map(operator.is_not, starts, itertools.repeat(None)))
    known = cast("list[float]", list(itertools.compress(starts, present)))  # (the starts that are not None)
    if _ordered(known, strict=strict):
        return starts
    dropped = out_of_order(known, strict=strict)
    where = list(itertools.compress(range(len(starts)), present))
    out = list(starts)
    for pos in dropped:
        out[where[pos]] = None
    return out


def _ordered(values: Sequence[float], *, strict: bool) -> bool:
    """Whether ``values`` increase (``strict``) or never decrease: compared pairwise in C."""
    return all(map(operator.lt if strict else operator.le, values, itertools.islice(values, 1, None)))


def _chapters_of(starts: list[float | None], chapter_starts: list[float | None]) -> list[int | None]:
    """The chapter of each turn, given the turns' and chapters' starts (outliers already None).

    A turn with a known start is in the last chapter starting at or before
    it.  A turn with no known start lies between the nearest turns with one
    (the known starts are in order): it gets their chapter when both are in
    the same one, else None.
    """
    kept = [k for k, s in enumerate(chapter_starts) if s is not None]
    times = [s for s in chapter_starts if s is not None]  # strictly increasing
    present = list(map(operator.is_not, starts, itertools.repeat(None)))
    # A known start's chapter, by how many chapter times are at or before it (a search each, in C).
    by_count: list[int | None] = [None, *kept]
    found = list(
        map(
            by_count.__getitem__,
            map(
                bisect.bisect_right,
                itertools.repeat(times),
                cast("Iterable[float]", itertools.compress(starts, present)),
            ),
        )
    )
    if len(found) == len(starts):
        return found
    # The turns with no start (few: outliers, turns with no time) go in between, each with its known
    # neighbours' chapter where the one before and the one after agree.
    out: list[int | None] = []
    taken = 0
    for k in itertools.compress(range(len(starts)), map(operator.not_, present)):
        count = k - len(out)
        out.extend(found[taken : taken + count])
        taken += count
        before = found[taken - 1] if taken else None
        after = found[taken] if taken < len(found) else None
        out.append(before if before is not None and before == after else None)
    out.extend(found[taken:])
    return out


def out_of_order(values: Sequence[float], *, strict: bool) -> set[int]:
    """Positions to leave out so that the rest is ordered: the complement of one longest ordered subsequence.

    They are the fewest that must move for the rest to be in order: one wrong
    timestamp leaves out just that one.  When two choices are equally long
    (``00:11:00, 01:11:17, 00:12:01``), the values left out are the ones
    farther from the median, which is where a wrong digit puts a timestamp;
    if that ties too, the later value is left out, where a reader sees the
    order break.
    """
    if _ordered(values, strict=strict):
        return set()
    drop_earlier = _patience(values, strict=strict, backwards=False)
    drop_later = _patience(values, strict=strict, backwards=True)
    if drop_earlier == drop_later:
        return drop_later
    ordered = sorted(values)
    median = ordered[len(ordered) // 2]

    def deviation(dropped: set[int]) -> float:
        return sum(abs(values[i] - median) for i in dropped)

    return drop_earlier if deviation(drop_earlier) > deviation(drop_later) else drop_later


def _patience(values: Sequence[float], *, strict: bool, backwards: bool) -> set[int]:
    """Positions outside one longest ordered subsequence (patience sorting, O(n log n)).

    Read forwards, ties keep the later values; read ``backwards``, the earlier.
    """
    n = len(values)
    # Read backwards, an ordered run is a decreasing one: negate the values.
    seq = list(map(operator.neg, reversed(values))) if backwards else list(values)
    tails: list[float] = []  # the least last value of an ordered run of each length
    tail_pos: list[int] = []  # where that value is
    find = bisect.bisect_left if strict else bisect.bisect_right
    # Mostly ordered input (a transcript's times) mostly extends the longest run: an ordered
    # stretch that does is appended whole, in C, instead of value by value.  Inside such a
    # stretch each position's parent (the one before it in its run) is the position before,
    # so only the stretches' first positions and the values placed by search have one stored.
    breaks = [*itertools.compress(range(1, n), map(operator.ge if strict else operator.gt, seq, seq[1:])), n]
    stretches: tuple[list[int], list[int]] = ([], [])  # first positions, and the positions after the last
    parent: dict[int, int] = {}
    last = -math.inf
    pos = 0
    while pos < n:
        value = seq[pos]
        if value > last or (value == last and not strict):
            stop = breaks[bisect.bisect_right(breaks, pos)]  # where the ordered stretch from here ends
            if tail_pos:
                parent[pos] = tail_pos[-1]
            stretches[0].append(pos)
            stretches[1].append(stop)
            tails.extend(seq[pos:stop])
            tail_pos.extend(range(pos, stop))
            last = seq[stop - 1]
            pos = stop
            continue
        at = find(tails, value)
        tails[at] = value
        tail_pos[at] = pos
        if at:
            parent[pos] = tail_pos[at - 1]
        if at == len(tails) - 1:
            last = value
        pos += 1
    return _outside(n, tail_pos[-1] if tail_pos else -1, parent, stretches, backwards)


def _outside(
    n: int, pos: int, parent: dict[int, int], stretches: tuple[list[int], list[int]], backwards: bool
) -> set[int]:
    """The positions of ``range(n)`` not on the run that ends at ``pos``, walked back a stretch at a time."""
    firsts, stops = stretches
    kept = bytearray(n)
    while pos >= 0:
        k = bisect.bisect_right(firsts, pos) - 1
        start = firsts[k] if k >= 0 and pos < stops[k] else pos
        kept[start : pos + 1] = b"\x01" * (pos + 1 - start)
        pos = parent.get(start, -1)
    if backwards:
        kept.reverse()
    out: set[int] = set()
    at = kept.find(0)
    while at >= 0:  # (few: the outliers)
        out.add(at)
        at = kept.find(0, at + 1)
    return out


def empty_episode(
    doc: Document, fmt: str = "markdown", found: Sequence[Diagnostic] = (), sections: tuple[Section, ...] = ()
) -> Episode:
    """An episode with no records but ``sections``: the document's source, what reading found, and ``found``.

    The episode of a document that is not parsed (a binary file), or of a
    file whose format reader found nothing it could read.
    """
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=Layout(fmt, (), ()),
        sections=sections,
        claims=(),
        quotes=(),
        chapters=(),
        speakers=(),
        turns=(),
        segments=(),
        diagnostics=(*doc.diagnostics, *found),
    )


def _most_first(names: Iterable[str]) -> tuple[str, ...]:
    """The distinct names, the most frequent first (ties: the first seen first)."""
    counts = Counter(names)
    return tuple(sorted(counts, key=lambda n: -counts[n]))


def _drain(items: list[TurnDraft]) -> Iterator[TurnDraft]:
    """The items in order, each dropped from ``items`` as it is handed out (``items`` ends empty)."""
    items.reverse()
    while items:
        yield items.pop()


def _segments(doc: Document, turn: TurnDraft, index: int) -> Iterator[Segment]:
    """One segment for each timed line of ``turn`` (turn ``index``), with the untimed lines after it up to the next.

    Its text is the line's without the stamp (and those lines'), its span
    from the stamp to its last non-blank character.
    """
    assert turn.lines is not None
    lines, starts, pieces = doc.lines, doc.starts, turn.pieces
    breaks = frozenset(turn.breaks) if turn.breaks is not None else frozenset()
    timed = turn.lines
    for k, (line, piece, start, end) in enumerate(timed):
        if k + 1 < len(timed):
            next_line, next_piece = timed[k + 1][0], timed[k + 1][1]
            last = next_line - 1
            while last > line and not lines[last].strip():
                last -= 1
            stop = starts[last] + len(lines[last].rstrip())
        else:
            next_piece, last, stop = len(pieces), turn.end_line, turn.end
        if next_piece == piece + 1:  # (most lines: the timed line alone)
            text = pieces[piece].strip()
        else:
            text = "".join(("\n\n" if p in breaks else "\n") + pieces[p] for p in range(piece, next_piece)).strip()
        at = starts[line]
        if stop < at:  # a stamp alone on the turn's last line, past its last text: the segment is that line
            last, stop = line, at + len(lines[line].rstrip())
        span = Span(at, stop, line + 1, 1, last + 1, stop - starts[last] + 1)
        yield Segment(None, start, end, turn.speaker, text, None, index, span)


def _text(turn: TurnDraft) -> str:
    pieces = turn.pieces
    if turn.breaks is None:
        return pieces[0].strip() if len(pieces) == 1 else "\n".join(pieces).strip()
    bounds = [0, *turn.breaks, len(pieces)]
    parts = ("\n".join(pieces[a:b]).strip() for a, b in itertools.pairwise(bounds))
    return "\n\n".join(p for p in parts if p)


WORD_COUNT_CHUNK = 1024
"""Characters split at a time when counting the words of non-ASCII text (see :func:`word_count`)."""

_MARKS = bytes(32 if chr(c).isspace() else 119 for c in range(256))
"""``bytes.translate`` table: ASCII whitespace (as ``str.isspace`` says) to ``b" "``, the rest to ``b"w"``."""


def word_count(text: str) -> int:
    """``len(text.split())``, without making the words.

    ASCII text (most transcripts) is marked byte by byte, whitespace or not,
    and the word starts (a space mark before a word mark) are counted in C:
    about half the time of splitting.  Other text is split a kilobyte at a
    time, so a long monologue never has all its words alive at once; cutting
    at a space cannot split a word, so the sum is exact.
    """
    if text.isascii():
        marks = text.encode("ascii").translate(_MARKS)
        return marks.count(b" w") + marks.startswith(b"w")
    count = 0
    start = 0
    while True:
        cut = text.find(" ", start + WORD_COUNT_CHUNK)
        if cut < 0:
            return count + len(text[start:].split())
        count += len(text[start:cut].split())
        start = cut

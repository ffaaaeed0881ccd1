"""Stage 5: link the drafts into records.

Chapter and turn ends come from the next record's start; each turn gets the
chapter it starts in; speakers are totalled over their turns.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator

from episode_parse.build import Draft, TurnDraft
from episode_parse.read import Document
from episode_parse.records import SCHEMA_VERSION, Chapter, Episode, Layout, Section, Span, Speaker, Turn


def link(doc: Document, draft: Draft) -> Episode:
    """The episode records, with the diagnostics found so far (unsorted); ``draft.turns`` is used up."""
    sections = tuple(Section(s.title, s.level, s.role, doc.span(s.start, s.end)) for s in draft.sections)
    turn_drafts = draft.turns
    layout = Layout(
        "markdown",
        _most_first(t.layout for t in turn_drafts),
        _most_first(c.layout for c in draft.chapters),
    )
    last_time = next((t.start for t in reversed(turn_drafts) if t.start is not None), None)

    chapters: list[Chapter] = []
    drafts = draft.chapters
    for k, c in enumerate(drafts):
        if k + 1 < len(drafts):
            end = drafts[k + 1].start
        elif last_time is not None and c.start is not None and last_time >= c.start:
            end = last_time
        else:
            end = None
        chapters.append(Chapter(c.start, end, c.title, c.timestamp, c.section, c.span))

    # The chapter a turn starts in: the one with the greatest start at or
    # before the turn (ties: the later chapter in the list).
    ordered = sorted((c.start, k) for k, c in enumerate(chapters) if c.start is not None)
    starts = [s for s, _ in ordered]

    turns: list[Turn] = []
    line_starts = doc.starts
    turn_counts: dict[str, int] = {}
    word_counts: dict[str, int] = {}
    first_spans: dict[str, Span] = {}
    # Each turn ends where the next starts; the last has no end.
    ends = [t.start for t in itertools.islice(turn_drafts, 1, None)]
    if turn_drafts:
        ends.append(None)
    # Each draft is let go once its record is made, so drafts and records
    # never all live at once (they were the peak of memory).
    for t, end in zip(_drain(turn_drafts), ends, strict=True):
        chapter = None
        if starts and t.start is not None:
            at = bisect.bisect_right(starts, t.start) - 1
            if at >= 0:
                chapter = ordered[at][1]
        text = _text(t)
        # The span from what build saw of the lines, without searching the line starts.
        hs, te, line, end_line = t.header_start, t.end, t.line, t.end_line
        span = Span(hs, te, line + 1, hs - line_starts[line] + 1, end_line + 1, te - line_starts[end_line] + 1)
        name = t.speaker
        turns.append(Turn(name, t.start, end, t.timestamp, text, chapter, t.section, span))
        if name in turn_counts:
            turn_counts[name] += 1
            word_counts[name] += word_count(text)
        else:
            turn_counts[name] = 1
            word_counts[name] = word_count(text)
            first_spans[name] = doc.span(t.speaker_start, t.speaker_start + len(name))
    speaker_records = tuple(Speaker(n, turn_counts[n], word_counts[n], first_spans[n]) for n in turn_counts)
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=layout,
        sections=sections,
        claims=tuple(draft.claims),
        quotes=tuple(draft.quotes),
        chapters=tuple(chapters),
        speakers=speaker_records,
        turns=tuple(turns),
        segments=(),
        diagnostics=tuple(doc.diagnostics + draft.diagnostics),
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

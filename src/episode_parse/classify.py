"""Stage 3: classify paragraphs as turns, chapter lists or notes.

The decision uses the shape of the lines, never heading words: a paragraph
whose first line is a turn header is a turn; a run of at least two chapter
lines is a chapter list; anything else is notes.

Headers without a timestamp (``**Name:** text``) look exactly like the bold
labels of show notes, so they are taken as turns only when the document
says so by its shape: either the name also heads timed turns, or the
document has no timed turns and at least three such headers whose names
repeat (a transcript has few speakers who speak often; notes have many
labels that each appear once).
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterator
from typing import Literal, NamedTuple

from episode_parse.blocks import Block
from episode_parse.layouts import TurnLayout, match_chapter, match_turn
from episode_parse.read import Document
from episode_parse.timestamps import read_timestamp

ParaKind = Literal["turn", "chapters", "notes"]

Header = tuple[TurnLayout, re.Match[str]]


class Paragraph:
    """A paragraph block with what its lines look like (``kind`` may be demoted to notes later)."""

    __slots__ = ("block", "chapters", "headers", "kind")

    def __init__(
        self, block: Block, kind: ParaKind, headers: dict[int, Header], chapters: list[tuple[re.Match[str], str]]
    ) -> None:
        self.block = block
        """The paragraph's lines."""
        self.kind = kind
        """turn, chapters or notes."""
        self.headers = headers
        """Accepted turn headers at the start of a line, by line index."""
        self.chapters = chapters
        """Chapter-line matches and titles, one per line, when ``kind`` is chapters."""


def classify(doc: Document, blocks: list[Block]) -> Iterator[Paragraph | Block]:
    """The blocks with every paragraph replaced by a classified Paragraph, in order.

    A generator: the header matches of a block are let go as soon as its
    Paragraph is handed on, so the next stage never holds them all at once.
    """
    lines = doc.lines
    candidates: deque[dict[int, Header]] = deque()
    untimed: list[str] = []
    for block in blocks:
        found: dict[int, Header] = {}
        if block.kind == "paragraph":
            for i in range(block.first, block.last + 1):
                hit = match_turn(lines[i], timed_only=False)
                if hit is not None:
                    found[i] = hit
                    if not hit[0].timed:
                        untimed.append(hit[1].group("speaker").strip())
        candidates.append(found)

    accept_untimed = None  # stays None when no untimed header needs deciding on
    if untimed:
        timed_names = {h[1].group("speaker").strip() for f in candidates for h in f.values() if h[0].timed}
        accept_untimed = _accept_untimed(timed_names, untimed)
    run: list[Paragraph] = []  # consecutive chapter paragraphs, held until the run ends
    before: Paragraph | Block | None = None  # what came just before the run
    last: Paragraph | Block | None = None
    for block in blocks:
        found = candidates.popleft()
        item: Paragraph | Block = block
        if block.kind == "paragraph":
            item = _paragraph(doc, block, found, accept_untimed)
            if item.kind == "chapters":
                if not run:
                    before = last
                run.append(item)
                last = item
                continue
        if run:
            yield from _end_chapter_run(run, before, item)
        yield item
        last = item
    yield from _end_chapter_run(run, before, None)


def _paragraph(
    doc: Document, block: Block, found: dict[int, Header], accept_untimed: _NamePredicate | None
) -> Paragraph:
    lines = doc.lines
    headers = found
    if accept_untimed is not None and found:
        headers = {i: h for i, h in found.items() if h[0].timed or accept_untimed(h[1].group("speaker").strip())}
    chapters: list[tuple[re.Match[str], str]] = []
    if block.first in headers:
        return Paragraph(block, "turn", headers, chapters)
    for i in range(block.first, block.last + 1):
        m = match_chapter(lines[i].rstrip())
        if m is None:
            return Paragraph(block, "notes", headers, [])
        chapters.append(m)
    return Paragraph(block, "chapters", headers, chapters)


def _accept_untimed(timed_names: set[str], untimed: list[str]) -> _NamePredicate:
    if timed_names:
        return _NamePredicate(frozenset(timed_names))
    if len(untimed) >= 3 and len(set(untimed)) * 2 <= len(untimed):
        return _NamePredicate(None)
    return _NamePredicate(frozenset())


class _NamePredicate(NamedTuple):
    names: frozenset[str] | None
    """Accepted names; None accepts every name."""

    def __call__(self, name: str) -> bool:
        return self.names is None or name in self.names


MIN_CHAPTER_GAP = 10.0
"""Median seconds between chapters below which a long timed list is not a chapter list."""


def _end_chapter_run(
    run: list[Paragraph], before: Paragraph | Block | None, after: Paragraph | Block | None
) -> Iterator[Paragraph]:
    """Hand on a run of chapter paragraphs, demoted to notes unless it is a chapter list; empty it.

    A chapter list needs two or more lines, unless its one line is all its
    section holds (``before`` and ``after`` are headings or the document's
    ends); a lone timestamped line among prose is prose.  Ten or more lines
    only seconds apart (median gap under ten seconds) are timed transcript
    text, not chapters (talkpython's ``HH:MM:SS text`` lines).
    """
    if run and not _is_chapter_list(run, before, after):
        for p in run:
            p.kind = "notes"
            p.chapters = []
    yield from run
    run.clear()


def _is_chapter_list(run: list[Paragraph], before: Paragraph | Block | None, after: Paragraph | Block | None) -> bool:
    matches = [m for p in run for m in p.chapters]
    if len(matches) < 2:
        return all(x is None or (isinstance(x, Block) and x.kind == "heading") for x in (before, after))
    if len(matches) < 10:
        return True
    starts = [read_timestamp(m.group("ts")).seconds for m, _ in matches]
    gaps = sorted(b - a for a, b in itertools.pairwise(starts) if a is not None and b is not None)
    return not gaps or gaps[len(gaps) // 2] >= MIN_CHAPTER_GAP

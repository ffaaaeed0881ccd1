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

import re
from collections import deque
from collections.abc import Iterator
from typing import Literal

import attrs

from episode_parse.blocks import Block
from episode_parse.layouts import TurnLayout, match_chapter, match_turn
from episode_parse.read import Document

ParaKind = Literal["turn", "chapters", "notes"]

Header = tuple[TurnLayout, re.Match[str]]


@attrs.define(slots=True)
class Paragraph:
    """A paragraph block with what its lines look like."""

    block: Block
    """The paragraph's lines."""
    kind: ParaKind
    """turn, chapters or notes."""
    headers: dict[int, Header]
    """Accepted turn headers at the start of a line, by line index."""
    chapters: list[re.Match[str]]
    """Chapter-line matches, one per line, when ``kind`` is chapters."""


def classify(doc: Document, blocks: list[Block]) -> Iterator[Paragraph | Block]:
    """The blocks with every paragraph replaced by a classified Paragraph, in order.

    A generator: the header matches of a block are let go as soon as its
    Paragraph is handed on, so the next stage never holds them all at once.
    """
    lines = doc.lines
    candidates: deque[dict[int, Header]] = deque()
    timed_names: set[str] = set()
    untimed: list[str] = []
    for block in blocks:
        found: dict[int, Header] = {}
        if block.kind == "paragraph":
            for i in range(block.first, block.last + 1):
                hit = match_turn(lines[i], timed_only=False)
                if hit is not None:
                    found[i] = hit
                    name = hit[1].group("speaker").strip()
                    (timed_names.add(name) if hit[0].timed else untimed.append(name))
        candidates.append(found)

    accept_untimed = _accept_untimed(timed_names, untimed)
    run: list[Paragraph] = []  # consecutive chapter paragraphs, held until the run ends
    for block in blocks:
        found = candidates.popleft()
        if block.kind != "paragraph":
            yield from _end_chapter_run(run)
            yield block
            continue
        headers = {i: h for i, h in found.items() if h[0].timed or accept_untimed(h[1].group("speaker").strip())}
        kind: ParaKind = "notes"
        chapters: list[re.Match[str]] = []
        if block.first in headers:
            kind = "turn"
        else:
            for i in range(block.first, block.last + 1):
                m = match_chapter(lines[i].rstrip())
                if m is None:
                    chapters = []
                    break
                chapters.append(m)
            if chapters:
                kind = "chapters"
        paragraph = Paragraph(block, kind, headers, chapters)
        if kind == "chapters":
            run.append(paragraph)
            continue
        yield from _end_chapter_run(run)
        yield paragraph
    yield from _end_chapter_run(run)


def _accept_untimed(timed_names: set[str], untimed: list[str]) -> _NamePredicate:
    if timed_names:
        return _NamePredicate(frozenset(timed_names))
    if len(untimed) >= 3 and len(set(untimed)) * 2 <= len(untimed):
        return _NamePredicate(None)
    return _NamePredicate(frozenset())


@attrs.frozen(slots=True)
class _NamePredicate:
    names: frozenset[str] | None
    """Accepted names; None accepts every name."""

    def __call__(self, name: str) -> bool:
        return self.names is None or name in self.names


def _end_chapter_run(run: list[Paragraph]) -> Iterator[Paragraph]:
    """Hand on a run of chapter paragraphs and empty it.

    A chapter list needs two or more lines; a lone timestamped line is prose.
    """
    if run and sum(len(p.chapters) for p in run) < 2:
        for p in run:
            p.kind = "notes"
            p.chapters = []
    yield from run
    run.clear()

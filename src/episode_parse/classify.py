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
from typing import Literal

import attrs

from episode_parse.blocks import Block
from episode_parse.layouts import TurnLayout, match_chapter, match_turn
from episode_parse.read import Document
from episode_parse.timestamps import read_timestamp

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
    chapters: list[tuple[re.Match[str], str]]
    """Chapter-line matches and titles, one per line, when ``kind`` is chapters."""


def classify(doc: Document, blocks: list[Block]) -> list[Paragraph | Block]:
    """The blocks with every paragraph replaced by a classified Paragraph."""
    lines = doc.lines
    candidates: list[dict[int, Header]] = []
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
    out: list[Paragraph | Block] = []
    for block, found in zip(blocks, candidates, strict=True):
        if block.kind != "paragraph":
            out.append(block)
            continue
        headers = {i: h for i, h in found.items() if h[0].timed or accept_untimed(h[1].group("speaker").strip())}
        kind: ParaKind = "notes"
        chapters: list[tuple[re.Match[str], str]] = []
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
        out.append(Paragraph(block, kind, headers, chapters))
    _demote_lone_chapter_lines(out)
    return out


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


MIN_CHAPTER_GAP = 10.0
"""Median seconds between chapters below which a long timed list is not a chapter list."""


def _demote_lone_chapter_lines(items: list[Paragraph | Block]) -> None:
    """Keep only runs of chapter lines that look like a chapter list.

    A chapter list needs two or more lines, unless its one line is all its
    section holds; a lone timestamped line among prose is prose.  Ten or more
    lines only seconds apart (median gap under ten seconds) are timed
    transcript text, not chapters (talkpython's ``HH:MM:SS text`` lines).
    """
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and _is_chapters(items[j]):
            j += 1
        if j == i:
            i += 1
            continue
        run = [p for p in items[i:j] if isinstance(p, Paragraph)]
        before = items[i - 1] if i > 0 else None
        after = items[j] if j < len(items) else None
        if not _is_chapter_list(run, before, after):
            for p in run:
                p.kind = "notes"
                p.chapters = []
        i = j


def _is_chapters(item: Paragraph | Block) -> bool:
    return isinstance(item, Paragraph) and item.kind == "chapters"


def _is_chapter_list(run: list[Paragraph], before: Paragraph | Block | None, after: Paragraph | Block | None) -> bool:
    matches = [m for p in run for m in p.chapters]
    if len(matches) < 2:
        alone = all(x is None or (isinstance(x, Block) and x.kind == "heading") for x in (before, after))
        return alone
    if len(matches) < 10:
        return True
    starts = [read_timestamp(m.group("ts")).seconds for m, _ in matches]
    gaps = sorted(b - a for a, b in itertools.pairwise(starts) if a is not None and b is not None)
    return not gaps or gaps[len(gaps) // 2] >= MIN_CHAPTER_GAP

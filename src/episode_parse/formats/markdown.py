"""Markdown and plain text: the episode document reader (the pipeline's stages 2 to 5) and :func:`render`.

The stages live in their own modules (blocks, classify, build, link); this
module runs them in order.  Writing is :func:`episode_parse.render.render`;
an episode read from another format has its times written as ``HH:MM:SS``
(a cue's ``00:00:01,500`` is no Markdown timestamp, and the fraction is
dropped), and only chapters a chapter list can hold (a start, a title,
listed) are written, so the document reads back.  A turn has one time in
the document: segments merged into a turn (timed lines with no name, cues
of one speaker) are written as its text, and a notice says how many lost
their own times (the cue formats keep them).
"""

from __future__ import annotations

import attrs

from episode_parse.blocks import split_blocks
from episode_parse.build import build
from episode_parse.classify import classify
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.link import link
from episode_parse.read import Document
from episode_parse.records import Episode
from episode_parse.render import render


def read(doc: Document) -> Episode:
    """Stages 2 to 5 of the pipeline: blocks, classification, drafts, linked records (rules come after)."""
    # Each stage's input is dropped once the next stage has it (and stage
    # 3 hands on one paragraph at a time), so the peak memory is that of
    # the largest stage, not the sum of them all.
    blocks = split_blocks(doc)  # stage 2: headings, paragraphs, fences
    items = classify(doc, blocks)  # stage 3: turn, chapter list or notes (lazily)
    del blocks
    draft = build(doc, items)  # stage 4: sections, turns, chapters, claims, quotes
    del items
    return link(doc, draft)  # stage 5: ends, chapters of turns, speakers


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode as a Markdown document in the reference layout (turns, not segments: see :func:`_merged_notice`)."""
    written = _write(episode)
    merged = _merged_notice(episode)
    return written._replace(notices=(*written.notices, merged)) if merged else written


def _merged_notice(episode: Episode) -> str | None:
    """The notice that segments merged into a turn lose their own times in the document (a turn has one time)."""
    merged = sum(1 for k in range(1, len(episode.segments)) if episode.segments[k].turn == episode.segments[k - 1].turn)
    if not merged:
        return None
    what = "timed line(s)" if episode.layout.format == "markdown" else "cue(s)"
    return f"{merged} {what} merged into the turn before: written as its text, without their own times"


def _write(episode: Episode) -> Written:
    if episode.layout.format != "markdown":
        turns = tuple(attrs.evolve(t, timestamp=None if t.start is None else _clock(t.start)) for t in episode.turns)
        chapters = tuple(
            attrs.evolve(c, timestamp=_clock(c.start))
            for c in episode.chapters
            if c.start is not None and c.toc and c.title
        )
        dropped = len(episode.chapters) - len(chapters)
        episode = attrs.evolve(episode, turns=turns, chapters=chapters)
        notices = (
            (f"{dropped} chapter(s) with no start time, no title or not listed (toc: false) left out",)
            if dropped
            else ()
        )
        return Written(render(episode).encode("utf-8"), notices)
    if "segment-time-text" in episode.layout.turns:
        # Whisper's seconds (``17.44``) are no stamp a Markdown turn header holds.
        turns = tuple(
            attrs.evolve(t, timestamp=_clock(t.start)) if t.start is not None and "." in (t.timestamp or "") else t
            for t in episode.turns
        )
        notice = "times in seconds written as HH:MM:SS, the fraction dropped"
        return Written(render(attrs.evolve(episode, turns=turns)).encode("utf-8"), (notice,))
    return Written(render(episode).encode("utf-8"))


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

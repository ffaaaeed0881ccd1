"""The pipeline: ``parse`` and ``parse_file``, with every stage in order."""

from __future__ import annotations

import gc
import os

from episode_parse.blocks import split_blocks
from episode_parse.build import build
from episode_parse.classify import classify
from episode_parse.errors import EpisodeParseError
from episode_parse.link import empty_episode, link
from episode_parse.read import Document, read_bytes, read_text
from episode_parse.records import Episode
from episode_parse.rules import run_rules


def parse(text: str, *, name: str | None = None, strict: bool = False) -> Episode:
    """Parse an episode document given as a string.

    Lenient by default: whatever is wrong becomes a diagnostic and parsing
    goes on.  With ``strict=True``, raise :class:`EpisodeParseError` at the
    first error-level diagnostic instead.  Bytes are refused with a
    ``TypeError`` that names :func:`parse_bytes`, which reads them.
    """
    if not isinstance(text, str):
        hint = " (use parse_bytes for bytes)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"parse() takes the document as str, not {type(text).__name__}{hint}")
    return _pipeline(read_text(text, name), strict)


def parse_file(path: str | os.PathLike[str], *, strict: bool = False) -> Episode:
    """Parse the episode document at ``path`` (UTF-8; problems are reported, not raised).

    ``OSError`` from reading the file propagates unchanged.
    """
    with open(path, "rb") as f:
        doc = read_bytes(f.read(), os.fspath(path))  # the bytes are let go once read
    return _pipeline(doc, strict)


def parse_document(doc: Document, *, strict: bool = False) -> Episode:
    """Parse a document already read by :func:`episode_parse.read.read_bytes` (the command line's way in).

    Reading first and parsing after lets the caller drop the input bytes
    before the parse, whose peak memory is then not raised by them.
    """
    return _pipeline(doc, strict)


def parse_bytes(data: bytes, *, name: str | None = None, strict: bool = False) -> Episode:
    """Parse an episode document given as bytes (UTF-8; invalid bytes are reported).

    A file that is not text (a NUL byte or mostly bytes that are not UTF-8 in
    its first 8 KB) is not parsed: the episode holds one DOC008 finding.
    """
    if isinstance(data, str):
        raise TypeError("parse_bytes() takes the document as bytes, not str (use parse for str)")
    return _pipeline(read_bytes(data, name), strict)


def _pipeline(doc: Document, strict: bool) -> Episode:
    # The records are acyclic, so the cycle collector finds nothing to free
    # here; left on, its full passes over a heap that grows with the document
    # made the time per byte 1.2 times higher at 100x the reference than at
    # 10x.  It is switched back on (if it was on) however parsing ends.
    if doc.binary:  # not text: nothing to parse (DOC008 says why)
        episode = empty_episode(doc)
        if strict:
            _raise_first_error(doc, episode)
        return episode
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Each stage's input is dropped once the next stage has it (and stage
        # 3 hands on one paragraph at a time), so the peak memory is that of
        # the largest stage, not the sum of them all.
        blocks = split_blocks(doc)  # stage 2: headings, paragraphs, fences
        items = classify(doc, blocks)  # stage 3: turn, chapter list or notes (lazily)
        del blocks
        draft = build(doc, items)  # stage 4: sections, turns, chapters, claims, quotes
        del items
        episode = link(doc, draft)  # stage 5: ends, chapters of turns, speakers
        del draft
        episode = run_rules(doc, episode)  # stage 6: the rest of the diagnostics
    finally:
        if collecting:
            gc.enable()
    if strict:
        _raise_first_error(doc, episode)
    return episode


def _raise_first_error(doc: Document, episode: Episode) -> None:
    for d in episode.diagnostics:
        if d.severity == "error":
            excerpt = doc.text[d.span.start : min(d.span.end, d.span.start + 60)]
            raise EpisodeParseError(d.message, d.code, d.span.line, d.span.column, excerpt)

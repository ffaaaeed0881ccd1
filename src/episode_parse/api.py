"""The pipeline: ``parse`` and ``parse_file``, with every stage in order."""

from __future__ import annotations

import gc
import os

from episode_parse.errors import EpisodeParseError
from episode_parse.formats.base import format_named, guess_format, reader
from episode_parse.formats.markdown import read as read_markdown
from episode_parse.link import empty_episode
from episode_parse.read import Document, read_bytes, read_text
from episode_parse.records import Episode
from episode_parse.rules import run_rules


def parse(text: str, *, name: str | None = None, strict: bool = False, format: str | None = None) -> Episode:
    """Parse an episode document given as a string.

    The format (Markdown, WebVTT, SRT, Podcasting 2.0 JSON, JSON chapters,
    HTML, episode JSON) is told from the content, then from the suffix of
    ``name`` (:func:`episode_parse.formats.base.guess_format`); ``format``
    names it instead (``"srt"``, ``"webvtt"``, ...; ValueError for an
    unknown name).  Lenient by default: whatever is wrong becomes a diagnostic and parsing
    goes on.  With ``strict=True``, raise :class:`EpisodeParseError` at the
    first error-level diagnostic instead.  Bytes are refused with a
    ``TypeError`` that names :func:`parse_bytes`, which reads them.
    """
    if not isinstance(text, str):
        hint = " (use parse_bytes for bytes)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"parse() takes the document as str, not {type(text).__name__}{hint}")
    return _pipeline(read_text(text, name), strict, format)


def parse_file(path: str | os.PathLike[str], *, strict: bool = False, format: str | None = None) -> Episode:
    """Parse the episode document at ``path`` (UTF-8; problems are reported, not raised).

    ``OSError`` from reading the file propagates unchanged.
    """
    with open(path, "rb") as f:
        doc = read_bytes(f.read(), os.fspath(path))  # the bytes are let go once read
    return _pipeline(doc, strict, format)


def parse_document(doc: Document, *, strict: bool = False, format: str | None = None) -> Episode:
    """Parse a document already read by :func:`episode_parse.read.read_bytes` (the command line's way in).

    Reading first and parsing after lets the caller drop the input bytes
    before the parse, whose peak memory is then not raised by them.
    """
    return _pipeline(doc, strict, format)


def parse_bytes(data: bytes, *, name: str | None = None, strict: bool = False, format: str | None = None) -> Episode:
    """Parse an episode document given as bytes (UTF-8; invalid bytes are reported).

    A file that is not text (a NUL byte or mostly bytes that are not UTF-8 in
    its first 8 KB) is not parsed: the episode holds one DOC008 finding.
    """
    if isinstance(data, str):
        raise TypeError("parse_bytes() takes the document as bytes, not str (use parse for str)")
    return _pipeline(read_bytes(data, name), strict, format)


def _pipeline(doc: Document, strict: bool, format: str | None = None) -> Episode:
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
        name = guess_format(doc.text, doc.source.name) if format is None else format_named(format).name
        # Stages 2 to 5, the format's reader: formats/markdown.py (blocks, classify, build, link) or formats/NAME.py.
        episode = read_markdown(doc) if name == "markdown" else reader(name)(doc)
        if name != "json":  # an episode JSON carries the findings of its first reading
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

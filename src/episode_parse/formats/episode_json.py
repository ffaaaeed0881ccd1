"""This library's episode JSON (``schemas/episode.schema.json``): the reader and the writer.

Reading gives back the episode as it was written (its source, spans and
diagnostics are those of the document it was first read from), so any
format converted to JSON and back keeps every cue.  JSON that does not fit
the contract becomes one FMT002 diagnostic naming the JSON path.
"""

from __future__ import annotations

from episode_parse.diagnostics import make
from episode_parse.errors import EpisodeParseError
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.link import empty_episode
from episode_parse.read import Document
from episode_parse.records import SCHEMA_VERSION, Diagnostic, Episode, Section


def read(doc: Document) -> Episode:
    """The episode stored in the JSON, or an empty one with FMT002 saying where it does not fit."""
    try:
        return Episode.from_json(doc.text)
    except EpisodeParseError as exc:
        message = f"not an episode JSON of schema_version {SCHEMA_VERSION}: {exc.message} at {exc.path}"
        found = make("FMT002", doc.span(0, min(1, len(doc.text))), message)
        return empty(doc, "json", [found])


def empty(doc: Document, fmt: str, found: list[Diagnostic]) -> Episode:
    """An episode with nothing in it but one section, the document's own findings and ``found``."""
    return empty_episode(doc, fmt, found, (Section("", 0, "other", doc.source.span),))


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode JSON (deterministic: same episode, same bytes)."""
    return Written(episode.to_json(indent=options.indent))

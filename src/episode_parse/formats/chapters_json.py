"""Podcasting 2.0 JSON chapters (``application/json+chapters``, version 1.2.0): the reader and the writer.

The file is an object with ``version`` and ``chapters`` (both required);
each chapter has ``startTime`` (seconds, required) and optionally ``title``,
``img``, ``url``, ``toc``, ``endTime`` and ``location`` (``name``, ``geo``,
``osm``).  A silent chapter (``toc: false``) is kept, with
``Chapter.toc`` false.  A chapter's end is its ``endTime``, else the next
chapter's start.  What the records have no place for (the top-level
``author``, ``title``, ``podcastName``, ``description``, ``fileName``,
``waypoints``; a chapter's other keys) is not kept.

Writing gives ``endTime`` where it is not simply the next chapter's start
(for the last chapter: when the source gave it, or ``--duration``).
"""

from __future__ import annotations

from typing import Any

from episode_parse.diagnostics import make
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.episode_json import empty
from episode_parse.formats.podcast_json import load, located_items, number_text, seconds, times
from episode_parse.read import Document
from episode_parse.records import SCHEMA_VERSION, Chapter, Diagnostic, Episode, Layout, Location, Section, Span

VERSION = "1.2.0"
"""The version written."""


def read(doc: Document) -> Episode:
    """The episode of a JSON chapters file: its chapters, no turns."""
    value, found = load(doc, "chapters-json", "chapters", VERSION)
    if value is None:
        return empty(doc, "chapters-json", found)
    items, offsets = located_items(doc, value, "chapters")
    drafts: list[tuple[dict[str, Any], Span]] = []
    for item, (a, b) in zip(items, offsets, strict=True):
        where = doc.span(a, b)
        if not isinstance(item, dict):
            found.append(make("FMT004", where, f"a chapter should be an object, not {type(item).__name__}: left out"))
            continue
        drafts.append((item, where))
    chapters = [_chapter(item, where, found) for item, where in drafts]
    for k, chapter in enumerate(chapters):
        if chapter.end is None and k + 1 < len(chapters):
            chapters[k] = _with_end(chapter, chapters[k + 1].start)
    if not chapters:
        found.append(make("FMT005", doc.span(0, 0), "no chapters found"))
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=Layout("chapters-json", (), ("json-chapter",) if chapters else ()),
        sections=(Section("", 0, "chapters" if chapters else "other", doc.source.span),),
        claims=(),
        quotes=(),
        chapters=tuple(chapters),
        speakers=(),
        turns=(),
        segments=(),
        diagnostics=tuple(doc.diagnostics + found),
    )


def _with_end(chapter: Chapter, end: float | None) -> Chapter:
    import attrs

    return attrs.evolve(chapter, end=end)


def _text(item: dict[str, Any], key: str, where: Span, found: list[Diagnostic]) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    found.append(make("FMT004", where, f'"{key}" should be a string, got {str(value)[:30]!r}'))
    return None


def _chapter(item: dict[str, Any], where: Span, found: list[Diagnostic]) -> Chapter:
    start, end = times(item, where, found)
    toc = item.get("toc", True)
    if not isinstance(toc, bool):
        found.append(make("FMT004", where, f'"toc" should be true or false, got {str(toc)[:30]!r}'))
        toc = True
    return Chapter(
        None if start is None else round(float(start), 3),
        None if end is None else round(float(end), 3),
        (_text(item, "title", where, found) or "").strip(),
        "" if start is None else number_text(start),
        0,
        where,
        url=_text(item, "url", where, found),
        image=_text(item, "img", where, found),
        toc=toc,
        location=_location(item.get("location"), where, found),
    )


def _location(value: Any, where: Span, found: list[Diagnostic]) -> Location | None:
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("geo"), str):
        osm = value.get("osm")
        return Location(value["name"], value["geo"], osm if isinstance(osm, str) else None)
    found.append(make("FMT004", where, '"location" should be an object with string "name" and "geo": left out'))
    return None


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode's chapters as JSON chapters 1.2.0."""
    import orjson

    notices: list[str] = []
    timed = [c for c in episode.chapters if c.start is not None]
    if len(timed) < len(episode.chapters):
        notices.append(f"{len(episode.chapters) - len(timed)} chapter(s) with no start time left out")
    if not timed:
        notices.append("the episode has no chapters: the list is empty")
    own_ends = episode.layout.format == "chapters-json"
    out: list[dict[str, Any]] = []
    for k, c in enumerate(timed):
        entry: dict[str, Any] = {"startTime": seconds(c.start)}  # type: ignore[arg-type]
        if c.title or c.toc:
            entry["title"] = c.title
        if c.image is not None:
            entry["img"] = c.image
        if c.url is not None:
            entry["url"] = c.url
        if not c.toc:
            entry["toc"] = False
        end = _end(timed, k, own_ends, options.duration)
        if end is not None:
            entry["endTime"] = seconds(end)
        if c.location is not None:
            place: dict[str, Any] = {"name": c.location.name, "geo": c.location.geo}
            if c.location.osm is not None:
                place["osm"] = c.location.osm
            entry["location"] = place
        out.append(entry)
    data = orjson.dumps({"version": VERSION, "chapters": out}, option=orjson.OPT_INDENT_2) + b"\n"
    return Written(data, tuple(notices))


def _end(timed: list[Chapter], k: int, own_ends: bool, duration: float | None) -> float | None:
    """The endTime to write: one that is not just the next start; the last one's only when it is known."""
    c = timed[k]
    if k + 1 < len(timed):
        return c.end if c.end is not None and c.end != timed[k + 1].start else None
    if own_ends and c.end is not None:
        return c.end
    return duration

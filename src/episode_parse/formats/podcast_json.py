"""The Podcasting 2.0 JSON transcript (``application/json``, version 1.0.0): the reader and the writer.

The file is an object with ``version`` and ``segments``; each segment has
``startTime`` and ``endTime`` (seconds, numbers; the end "if available"),
``speaker`` and ``body``.  Segment-level and word-level files are read the
same way: consecutive segments of one speaker make one turn (see
:mod:`episode_parse.formats.cues`), so a word-level file gives speaker turns,
not a turn per word.  ``text`` in place of ``body`` (Whisper-style tools) is
read, with FMT003.  JSON of another shape (a speech-to-text dump, a video's
metadata) gives one FMT002 naming what was expected.  Every segment keeps the
span of its JSON object.

Writing gives the segments as they were read, or one segment a turn
(``endTime`` only where the end is known), indented by two spaces.
"""

from __future__ import annotations

import re
from typing import Any

from episode_parse.diagnostics import make
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.cues import Cue, build, to_ms
from episode_parse.formats.episode_json import empty
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Episode, Span

VERSION = "1.0.0"
"""The version written."""

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]')
"""A JSON string (skipped whole, so brackets inside it do not count) or a bracket."""


def element_spans(text: str, key: str) -> list[tuple[int, int]]:
    """Offsets (start, end) of each object in the array under top-level ``key`` of a JSON object, in order.

    orjson gives values, not positions: this pass over the brackets (strings
    skipped whole) finds where each element's object lies, for its span.
    """
    depth = 0
    wanted = f'"{key}"'
    last = ""
    inside = False
    spans: list[tuple[int, int]] = []
    start = -1
    for m in _TOKEN.finditer(text):
        token = m.group()
        c = token[0]
        if c == '"':
            if depth == 1:
                last = token
            continue
        if c in "{[":
            depth += 1
            if not inside and depth == 2 and c == "[" and last == wanted:
                inside = True
            elif inside and depth == 3 and c == "{":
                start = m.start()
        else:
            if inside and depth == 3 and c == "}" and start >= 0:
                spans.append((start, m.end()))
                start = -1
            elif inside and depth == 2:
                break
            depth -= 1
    return spans


def is_seconds(value: Any) -> bool:
    """A JSON number (not a boolean) of seconds: finite, not negative."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < float("inf")


def located_items(doc: Document, value: dict[str, Any], key: str) -> tuple[list[Any], list[tuple[int, int]]]:
    """The elements of the ``key`` array and where each is in the text (the whole file where they cannot be told apart)."""
    items: list[Any] = value[key]
    offsets = element_spans(doc.text, key)
    if len(offsets) != len(items):  # an element that is not an object: the whole file then
        offsets = [(0, len(doc.text))] * len(items)
    return items, offsets


def times(item: dict[str, Any], where: Span, found: list[Diagnostic]) -> tuple[Any, Any]:
    """An object's ``startTime`` (required) and ``endTime`` (optional); a value that is no seconds is None and FMT004."""
    start = item.get("startTime")
    if not is_seconds(start):
        found.append(make("FMT004", where, f'"startTime" should be a number of seconds, got {str(start)[:30]!r}'))
        start = None
    end = item.get("endTime")
    if end is not None and not is_seconds(end):
        found.append(make("FMT004", where, f'"endTime" should be a number of seconds, got {str(end)[:30]!r}'))
        end = None
    return start, end


def load(doc: Document, fmt: str, key: str, expected: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The top-level object of a JSON file when it has a ``key`` array; else None and the finding."""
    import orjson

    try:
        value = orjson.loads(doc.text)
    except orjson.JSONDecodeError as exc:
        at = min(max(int(getattr(exc, "pos", 0) or 0), 0), len(doc.text))
        return None, [make("FMT001", doc.span(at, at), f"not valid JSON: {exc}")]
    if isinstance(value, dict) and isinstance(value.get(key), list):
        found: list[Diagnostic] = []
        if not isinstance(value.get("version"), str):
            found.append(
                make("FMT004", doc.span(0, min(1, len(doc.text))), f'"version" should be a string such as "{expected}"')
            )
        return value, found
    if isinstance(value, dict):
        keys = ", ".join(f'"{k}"' for k in list(value)[:6]) or "none"
        what = f"an object with the keys {keys}"
    else:
        what = f"a JSON {type(value).__name__.replace('dict', 'object').replace('list', 'array')}"
    message = f"expected {DESCRIPTIONS[fmt]}; found {what}"
    return None, [make("FMT002", doc.span(0, min(1, len(doc.text))), message)]


DESCRIPTIONS = {
    "podcast-json": 'a Podcasting 2.0 JSON transcript (an object with "version" and a "segments" array of '
    '{speaker, startTime, endTime, body}) or JSON chapters ("version" and a "chapters" array)',
    "chapters-json": 'JSON chapters (an object with "version" and a "chapters" array of {startTime, title, ...})',
}


def read(doc: Document) -> Episode:
    """The episode of a Podcasting 2.0 JSON transcript."""
    value, found = load(doc, "podcast-json", "segments", VERSION)
    if value is None:
        return empty(doc, "podcast-json", found)
    items, offsets = located_items(doc, value, "segments")
    cues: list[Cue] = []
    spans: list[Span] = []
    with_text = []
    for k, item in enumerate(items):
        a, b = offsets[k]
        cue = _segment(doc, item, a, b, found)
        if cue is None:
            continue
        if isinstance(item, dict) and "body" not in item and isinstance(item.get("text"), str):
            with_text.append(a)
        cues.append(cue)
        spans.append(doc.span(a, b))
    if with_text:
        n = len(with_text)
        message = f'{n} segment{"s" if n > 1 else ""} keep their text under "text", not "body" (read all the same)'
        found.append(make("FMT003", doc.span(with_text[0], with_text[0] + 1), message))
    if not cues:
        found.append(make("FMT005", doc.span(0, 0), "no segments found"))
    words = sum(1 for c in cues if len(c.text.split()) <= 1)
    layout = "word" if cues and words * 2 > len(cues) else "segment"
    return build(doc, cues, "podcast-json", layout, found, spans, wrapped=False)


def _segment(doc: Document, item: Any, a: int, b: int, found: list[Diagnostic]) -> Cue | None:
    where = doc.span(a, b)
    if not isinstance(item, dict):
        found.append(make("FMT004", where, f"a segment should be an object, not {type(item).__name__}: left out"))
        return None
    start, end = times(item, where, found)
    body = item.get("body", item.get("text"))
    if not isinstance(body, str):
        found.append(make("FMT004", where, f'"body" should be a string, got {str(body)[:30]!r}'))
        body = ""
    speaker = item.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        found.append(make("FMT004", where, f'"speaker" should be a string, got {str(speaker)[:30]!r}'))
        speaker = None
    speaker = speaker.strip() or None if speaker is not None else None
    timing = None if start is None else number_text(start)
    return Cue(
        None,
        None if start is None else to_ms(start),
        None if end is None else to_ms(end),
        timing,
        None,
        body,
        speaker,
        -1,
        a,
        b,
        -1,
    )


def number_text(value: float) -> str:
    """A number of seconds as JSON writes it: whole numbers without a fraction."""
    if isinstance(value, int) or value == int(value):
        return str(int(value))
    return repr(round(float(value), 3))


def seconds(value: float) -> int | float:
    """A time for the JSON: to the millisecond, whole seconds as integers (up to 2**53; a float past that)."""
    rounded = round(value, 3)
    if abs(rounded) >= 2**53:  # orjson writes no integer past 64 bits; such a float is whole anyway
        return float(rounded)
    return int(rounded) if rounded == int(rounded) else rounded


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode as a Podcasting 2.0 JSON transcript 1.0.0."""
    import orjson

    notices: list[str] = []
    segments: list[dict[str, Any]] = []
    source = episode.segments or episode.turns
    untimed = 0
    previous = 0.0
    for item in source:
        entry: dict[str, Any] = {}
        if item.speaker is not None:
            entry["speaker"] = item.speaker
        start = item.start
        if start is None:
            untimed += 1
            start = previous
        entry["startTime"] = seconds(start)
        if item.end is not None:
            entry["endTime"] = seconds(item.end)
        entry["body"] = item.text
        segments.append(entry)
        previous = start
    if untimed:
        notices.append(f"{untimed} segment(s) had no start time (required): each given the start of the one before")
    if not episode.segments and episode.turns and episode.turns[-1].end is None:
        if options.duration is not None:
            segments[-1]["endTime"] = seconds(options.duration)
        else:
            notices.append("the last turn has no end: written without endTime (give --duration SECONDS)")
    data = orjson.dumps({"version": VERSION, "segments": segments}, option=orjson.OPT_INDENT_2) + b"\n"
    return Written(data, tuple(notices))

"""Formats: the reader and writer interfaces, the registry by name, and content detection.

How to add a format
-------------------
1. Write a module ``episode_parse/formats/NAME.py`` holding the format's
   reader and writer side by side (either may be missing):

   - ``read(doc: Document) -> Episode``: build the records from the
     document's text and lines (:class:`episode_parse.read.Document`), with
     a span on every record and ``Episode.layout.format`` set to the format's
     name.  Be lenient: whatever is wrong becomes a located diagnostic from
     the catalogue (:mod:`episode_parse.diagnostics`), and no text is dropped
     without one.  The pipeline then runs the rules (:mod:`episode_parse.rules`)
     on the episode.  Cue formats share :func:`episode_parse.formats.cues.build`.
   - ``write(episode: Episode, options: WriteOptions) -> Written``: the
     bytes of the file, and a notice for whatever the format could not say
     (an end that had to be estimated, a rule of the target it breaks).

2. Add a row to :data:`FORMATS` (name, module, output suffix, summary).  The
   row is what ``convert --from``/``--to`` offer, what ``-o DIR`` names files
   with, and what the shared writer test (``tests/test_writers.py``) loops over.

3. If the format can be told by its content, teach :func:`guess_format` (one
   function, so the order of the checks is in one place), and add its suffix
   to :data:`episode_parse.batch.DOCUMENT_SUFFIXES` when a directory search
   should find it.

Modules are imported only when their format is used, so the command line
starts without them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

if TYPE_CHECKING:
    from episode_parse.read import Document
    from episode_parse.records import Episode


@attrs.frozen(slots=True)
class WriteOptions:
    """What a writer may be told."""

    indent: bool = False
    """Indent JSON output (episode JSON; the Podcasting 2.0 JSON files are always indented)."""
    duration: float | None = None
    """The episode's length in seconds: the end of the last turn or chapter when the source has none."""


class Written(NamedTuple):
    """What a writer gives back."""

    data: bytes
    """The file's bytes (UTF-8 for text formats)."""
    notices: tuple[str, ...] = ()
    """What the output could not say as the source did, one sentence each (shown on standard error)."""


Reader = Callable[["Document"], "Episode"]
Writer = Callable[["Episode", WriteOptions], Written]


class Format(NamedTuple):
    """One row of the registry."""

    name: str
    """The name ``--from``/``--to`` take and ``Episode.layout.format`` holds."""
    module: str
    """The module holding ``read`` and/or ``write``."""
    suffix: str
    """The suffix of files written in this format (``-o DIR``)."""
    summary: str
    """One line for ``--help`` and the README's table."""
    reads: bool
    """Whether the module has a reader."""
    writes: bool
    """Whether the module has a writer."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "episode_parse.formats.episode_json", ".json", "this library's episode JSON", True, True),
        Format(
            "markdown", "episode_parse.formats.markdown", ".md", "Markdown or plain-text episode document", True, True
        ),
        Format("webvtt", "episode_parse.formats.webvtt", ".vtt", "WebVTT captions with <v Name> voices", True, True),
        Format("srt", "episode_parse.formats.srt", ".srt", "SubRip captions with Name: at speaker changes", True, True),
        Format(
            "podcast-json",
            "episode_parse.formats.podcast_json",
            ".json",
            "Podcasting 2.0 JSON transcript 1.0.0",
            True,
            True,
        ),
        Format(
            "chapters-json",
            "episode_parse.formats.chapters_json",
            ".chapters.json",
            "Podcasting 2.0 JSON chapters 1.2.0",
            True,
            True,
        ),
        Format(
            "html",
            "episode_parse.formats.html",
            ".html",
            "Podcasting 2.0 HTML transcript (<cite>, <time>, <p>)",
            True,
            True,
        ),
        Format(
            "youtube-chapters",
            "episode_parse.formats.youtube",
            ".youtube.txt",
            "YouTube description chapter lines",
            False,
            True,
        ),
    )
}
"""Every format by name, in the order ``--help`` lists them."""

ALIASES = {"vtt": "webvtt", "md": "markdown", "htm": "html", "youtube": "youtube-chapters"}
"""Other names a user may type for a format."""

READ_FORMATS = tuple(name for name, f in FORMATS.items() if f.reads)
"""Names of the formats that can be read."""

WRITE_FORMATS = tuple(name for name, f in FORMATS.items() if f.writes)
"""Names of the formats that can be written."""


def format_named(name: str) -> Format:
    """The registry row of ``name`` (an alias is fine); ValueError naming the choices otherwise."""
    key = ALIASES.get(name.lower(), name.lower())
    found = FORMATS.get(key)
    if found is None:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    return found


def reader(name: str) -> Reader:
    """The reader of format ``name``; ValueError when it has none."""
    read: Reader = _side(name, "read")
    return read


def writer(name: str) -> Writer:
    """The writer of format ``name``; ValueError when it has none."""
    write: Writer = _side(name, "write")
    return write


def _side(name: str, verb: str) -> Any:
    """The ``read`` or ``write`` function of format ``name``, imported only now."""
    row = format_named(name)
    if not (row.reads if verb == "read" else row.writes):
        can, cannot = ("written", "read") if verb == "read" else ("read", "written")
        raise ValueError(f"format {row.name!r} can be {can} but not {cannot}")
    return getattr(importlib.import_module(row.module), verb)


# detection ------------------------------------------------------------------

HEAD = 4096
"""Characters of the start of a document that detection looks at (JSON is looked at whole)."""

_WEBVTT = re.compile(r"WEBVTT(?:[ \t]|\r|\n|$)")
_SRT_START = re.compile(r"[ \t]*\d{1,9}[ \t]*(?:\r\n?|\n)([^\r\n]{0,80}?)-->|[ \t]*(\d{1,3}:\d\d[^\r\n]{0,40}?)-->")
"""A first cue: an index line then a line with ``-->``, or a line with a time then ``-->`` (any line ending)."""
# The next two are compiled on first use (by re's cache): most documents are
# Markdown and never reach them, and each costs start-up to compile.
_MINUTES_SECONDS = r"[ \t]*\d{1,3}:\d\d\.\d"
"""A WebVTT time without hours (``MM:SS.mmm``), which SRT never writes."""
_HTML_START = r"(?i)<(?:!doctype[ \t\r\n]+html|html|head|body|cite|time|p|div|section|article)[ \t\r\n/>]"
_SUFFIXES = {".vtt": "webvtt", ".srt": "srt", ".html": "html", ".htm": "html", ".json": "podcast-json"}


def guess_format(text: str, name: str | None = None) -> str:
    """The name of the format ``text`` is in, told by its content, then by the suffix of ``name``.

    In order: a ``WEBVTT`` first line is WebVTT; a first block of an index
    line then a ``-->`` line (or a ``-->`` line alone) is SRT (WebVTT without
    its header when ``name`` ends in ``.vtt`` or the time has no hours,
    ``MM:SS.mmm``, which SRT never writes); a JSON object
    is this library's episode JSON when it has ``schema_version``, JSON
    chapters when it has a ``chapters`` list and no ``segments``, else a
    Podcasting 2.0 JSON transcript (whose reader says what it expected when
    the keys are others); HTML markup at the start is the HTML transcript.
    Otherwise the suffix of ``name`` decides (``.vtt``, ``.srt``, ``.html``,
    ``.json``), and anything else is Markdown (plain text included).
    """
    head = text[:HEAD].lstrip("\ufeff \t\r\n")
    if _WEBVTT.match(head):
        return "webvtt"
    cue = _SRT_START.match(head)
    if cue is not None:
        # A cue file without the WEBVTT line: WebVTT by name, or by a time without hours.
        timing = cue.group(1) if cue.group(1) is not None else cue.group(2)
        if (name or "").lower().endswith(".vtt") or re.match(_MINUTES_SECONDS, timing):
            return "webvtt"
        return "srt"
    if head.startswith("{"):
        return _json_kind(text)
    if head.startswith("<") and re.match(_HTML_START, head):
        return "html"
    if name is not None:
        dot = name.rfind(".")
        if dot >= 0:
            found = _SUFFIXES.get(name[dot:].lower())
            if found is not None:
                return found
    return "markdown"


def _json_kind(text: str) -> str:
    """Which JSON format an object is, by its top-level keys."""
    import orjson

    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return "podcast-json"  # its reader reports where the JSON breaks
    if isinstance(value, dict):
        if "schema_version" in value:
            return "json"
        if isinstance(value.get("chapters"), list) and "segments" not in value:
            return "chapters-json"
    return "podcast-json"


def is_transcript_or_chapters_json(data: bytes) -> bool:
    """Whether JSON bytes are a Podcasting 2.0 transcript or JSON chapters (what a directory search reads)."""
    import orjson

    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return (
        isinstance(value, dict)
        and (isinstance(value.get("segments"), list) or isinstance(value.get("chapters"), list))
        and "schema_version" not in value
    )

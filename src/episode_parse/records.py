"""The typed records an episode document is turned into.

Every record is a frozen, slotted attrs class (``repr=False``: they share
one ``__repr__``, and the busiest have a faster ``__init__``; see the end of
this module).  Each field carries an attribute docstring (the string literal
under it); :mod:`episode_parse.schema` reads those docstrings into the JSON
Schema, so code and schema cannot drift.

Records refer to each other by index into the lists of :class:`Episode`
(``turn.chapter``, ``claim.quotes``, ``quote.claim``, ...), which is also how
they appear in JSON.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Literal

import attrs

from episode_parse import json_codec
from episode_parse.errors import EpisodeParseError

SCHEMA_VERSION = 2
"""Version of the JSON contract; bumped on any change to it (2: see CHANGELOG)."""

Role = Literal["notes", "chapters", "transcript", "other"]
Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "unsafe"]


@attrs.frozen(slots=True, repr=False, weakref_slot=False)
class Span:
    """Where a record came from in the document text.

    Offsets count code points of the text after a leading byte-order mark is
    removed. Lines end at LF, CRLF or CR only.
    """

    start: int
    """Offset of the first character, 0-based."""
    end: int
    """Offset just past the last character, 0-based (exclusive)."""
    line: int
    """Line of the first character, 1-based."""
    column: int
    """Column of the first character, 1-based, in code points."""
    end_line: int
    """Line of the end offset, 1-based."""
    end_column: int
    """Column of the end offset, 1-based, in code points (exclusive: one past the last character)."""


@attrs.frozen(slots=True, repr=False)
class Source:
    """The document the episode was parsed from."""

    name: str | None
    """File name or label given by the caller; null when parsed from a bare string."""
    sha256: str
    """SHA-256 of the document bytes (UTF-8 for a string), as 64 lowercase hex digits."""
    byte_count: int
    """Length of the document in bytes."""
    line_count: int
    """Number of lines (LF, CRLF and CR end a line; a final line without an ending counts); for a file that is not text (DOC008), of the part read before that was found."""
    span: Span
    """The whole document; for a file that is not text (DOC008), the part read before that was found (up to the evidence)."""


@attrs.frozen(slots=True, repr=False)
class Section:
    """A heading and the content up to the next heading of any level."""

    title: str
    """Heading text without the leading '#' marks; empty for the text before the first heading."""
    level: int
    """Heading level, 1 to 6; 0 for the text before the first heading."""
    role: Role
    """What the content is, told from its shape (not from the heading words): notes, chapters, transcript or other (empty)."""
    span: Span
    """From the heading (or document start) to the last non-blank character before the next heading."""


@attrs.frozen(slots=True, repr=False)
class Claim:
    """A bold statement opening a paragraph of the notes (``**Claim**.`` or ``**Claim**:``)."""

    text: str
    """The bold statement without its ``**`` markers; punctuation inside the bold is kept."""
    body: str
    """The rest of the paragraph after the statement and its punctuation, stripped; may be empty."""
    section: int
    """Index of the section holding the claim."""
    quotes: tuple[int, ...]
    """Indices of the quotes that support the claim (those after it in its section, before the next claim)."""
    span: Span
    """The whole paragraph the claim opens."""


@attrs.frozen(slots=True, repr=False)
class Quote:
    """A quoted passage of the notes: curly or straight quotation marks, or a Q:/A: exchange."""

    text: str
    """The passage without its outer quotation marks; paragraphs are separated by a blank line."""
    attribution: str | None
    """Who is quoted, when a dash and a name follow the passage (``— Name``); null otherwise."""
    section: int
    """Index of the section holding the quote."""
    claim: int | None
    """Index of the claim the quote supports; null when no claim precedes it in its section."""
    span: Span
    """From the opening mark (or ``Q:``) to the closing mark, or to the end of the attribution."""


@attrs.frozen(slots=True, repr=False)
class Location:
    """A place a chapter is about (JSON chapters ``location``)."""

    name: str
    """Human-readable place name."""
    geo: str
    """A ``geo:`` URI (RFC 5870) of the place."""
    osm: str | None
    """OpenStreetMap identifier (type letter and id, such as ``R113314``); null when none."""


@attrs.frozen(slots=True, repr=False)
class Chapter:
    """One line of a chapter list: a timestamp and a title."""

    start: float | None
    """Start in seconds; null when the timestamp is malformed or out of order (CH002: the fewest chapters left out for the rest to be strictly increasing), so the known starts always increase down the list."""
    end: float | None
    """End in seconds: the next chapter's start (null when that is null); for the last chapter the last known turn start when not before its start, else null. Never before ``start``. A JSON chapter's own ``endTime``, when it has one, is kept as the file gives it."""
    title: str
    """Chapter title as written, stripped, without a separator dash after the time or Markdown link and bold markup."""
    timestamp: str
    """The timestamp exactly as written (without brackets or bold markers), kept even when ``start`` is null; a JSON chapter's ``startTime`` as a number (``168``, ``30.5``)."""
    section: int
    """Index of the section holding the chapter line (0 for formats without sections)."""
    span: Span
    """The chapter line (or the chapter's object in a JSON chapters file)."""
    url: str | None = None
    """A link the chapter carries: in a Markdown chapter line, the target of the time's link or else of the title's first link (the title keeps only the link text); a JSON chapter's ``url``; null when none."""
    image: str | None = None
    """A JSON chapter's ``img`` (artwork shown during the chapter); null when none."""
    toc: bool = True
    """False for a silent chapter (JSON chapters ``toc: false``): it marks a time but is not listed in a table of contents."""
    location: Location | None = None
    """A JSON chapter's ``location``; null when none."""


@attrs.frozen(slots=True, repr=False, weakref_slot=False)
class Turn:
    """One speaker turn of the transcript, with its continuation paragraphs."""

    speaker: str | None
    """Speaker name as written in the turn header, stripped; null when the layout names no speaker (timed lines, cues without voices)."""
    start: float | None
    """Start in seconds; null when the header has no timestamp, a malformed one (TS001), or one out of order (TS002: an outlier, one of the fewest turns left out for the rest to be in order; its TS002 finding carries the likely correction). The known starts never decrease along the transcript."""
    end: float | None
    """End in seconds: the next turn's start; null for the last turn or when the next start is null (so an outlier's time is never another turn's end). Never before ``start``, except for turns read from cues: their end is their last cue's end as the file gives it (CUE002 reports one before its start)."""
    timestamp: str | None
    """The timestamp exactly as written (without brackets; for cues, the first cue's start time, for JSON its ``startTime`` number), kept even when ``start`` is null; null when the header has none."""
    text: str
    """What was said: header removed, line breaks normalised to LF, paragraphs separated by a blank line."""
    chapter: int | None
    """Index of the chapter the turn starts in: the last chapter with a known start at or before the turn's. A turn with a null start gets the chapter of the nearest turns with a known start before and after it when both are in the same one. Null otherwise. Never decreases along the transcript."""
    section: int
    """Index of the section holding the turn header."""
    span: Span
    """From the turn header to the end of its last paragraph."""


@attrs.frozen(slots=True, repr=False, weakref_slot=False)
class Segment:
    """One timed cue of a cue-based transcript (WebVTT, SRT, Podcasting 2.0 JSON), or one timed line of a document, kept as written.

    Consecutive cues of one speaker make one turn; the segments keep what the
    turns cannot (each cue's own end, its lines, identifier and settings), so
    a cue file converts back to its own format without loss.  In Markdown and
    plain text, timed lines with no name (``00:01:02 text``, whisper's
    ``[17.44 --> 19.10] text``, ``[00:01:02] text``, ``**[01:02]** text``)
    are merged into turns; each such line is a segment, so its own time is
    kept.  Documents of named turns have no segments.
    """

    identifier: str | None
    """The cue identifier (WebVTT) or index (SRT) exactly as written; null when the cue has none (always for a document's timed line)."""
    start: float | None
    """Start in seconds, to the millisecond; null when the timing is malformed (for a timed line, a malformed stamp: TS001). As the cue or line gives it: not checked for order here (CUE004 reports a cue going back; a document's turns carry the ordered starts)."""
    end: float | None
    """End in seconds, to the millisecond, as the cue gives it (a timed line only when it gives one, as whisper's ``--> 19.10``); null when it gives none or it is malformed."""
    speaker: str | None
    """Who speaks in the cue (a WebVTT voice, a ``Name:`` prefix, a JSON ``speaker``), carried over from the cue before when the format does; for a timed line, its turn's speaker; null when unknown."""
    text: str
    """The cue text without markup (tags removed, entities decoded, speaker prefix removed); its lines joined by LF. For a timed line, its text after the stamp, stripped, with any untimed lines after it up to the next timed line (LF; a blank line between paragraphs)."""
    settings: str | None
    """WebVTT cue settings as written after the timing (``align:start line:0``; for SRT, whatever follows the end time); null when none (always for a document's timed line)."""
    turn: int
    """Index of the turn the cue (or timed line) belongs to; segments of one turn are consecutive."""
    span: Span
    """The whole cue: identifier, timing line and text lines (or the segment's JSON object); for a timed line, from its stamp to the end of its text (its untimed lines included)."""


@attrs.frozen(slots=True, repr=False)
class Layout:
    """How the document was read: its format and the layouts its turns and chapters were found in."""

    format: str
    """The input format: ``markdown`` (also plain text), ``webvtt``, ``srt``, ``podcast-json``, ``chapters-json`` or ``html``."""
    turns: tuple[str, ...]
    """Names of the turn layouts the turns were read in, the one with the most turns first (``episode-parse rules --layouts`` lists them); empty when there are no turns."""
    chapters: tuple[str, ...]
    """Names of the chapter layouts the chapters were read in, the one with the most chapters first; empty when there are no chapters."""


@attrs.frozen(slots=True, repr=False)
class Speaker:
    """A speaker, with totals over the turns bearing exactly this name."""

    name: str
    """Speaker name as written in the turn headers."""
    turn_count: int
    """Number of turns with this speaker."""
    word_count: int
    """Whitespace-separated words over those turns."""
    span: Span
    """The name in the speaker's first turn header."""


@attrs.frozen(slots=True, repr=False)
class Diagnostic:
    """Something wrong or notable in the document, found while parsing."""

    code: str
    """Stable rule code, such as ``TS001``; the family prefix says what it concerns."""
    severity: Severity
    """error, warning or info."""
    message: str
    """One sentence saying what was found and what was expected."""
    span: Span
    """The text the diagnostic is about."""
    suggestion: str | None = None
    """A likely correction, when one can be inferred safely; null otherwise."""
    fix: Fix | None = None
    """The edits that correct the finding, when the tool knows them (``episode-parse fix`` applies them); null otherwise."""


@attrs.frozen(slots=True, repr=False)
class Edit:
    """Replace one stretch of the document text."""

    span: Span
    """The text to replace (empty to insert at ``span.start``)."""
    replacement: str
    """What to put there (empty to delete)."""


@attrs.frozen(slots=True, repr=False)
class Fix:
    """A correction of a finding, as edits to the document text."""

    applicability: Applicability
    """``safe``: applied by ``fix`` (it keeps the meaning); ``unsafe``: applied only with ``--unsafe-fixes`` (it needs a person's judgement)."""
    description: str
    """What the edits do, in a few words."""
    edits: tuple[Edit, ...]
    """Non-overlapping edits in document order; spans refer to the text the finding was made on."""


@attrs.frozen(slots=True, repr=False)
class Episode:
    """Everything parsed from one episode document."""

    schema_version: int
    """Version of the JSON contract this record follows."""
    source: Source
    """The document this was parsed from."""
    layout: Layout
    """How the document was read: its format and the layouts detected."""
    sections: tuple[Section, ...]
    """Sections in document order."""
    claims: tuple[Claim, ...]
    """Claims of the notes in document order."""
    quotes: tuple[Quote, ...]
    """Quotes of the notes in document order."""
    chapters: tuple[Chapter, ...]
    """Chapters in document order (not re-sorted when out of order)."""
    speakers: tuple[Speaker, ...]
    """Speakers in order of first appearance."""
    turns: tuple[Turn, ...]
    """Transcript turns in document order."""
    segments: tuple[Segment, ...]
    """The cues of a cue-based transcript in document order, each with its turn; for Markdown and plain text, the timed lines with no name that make the turns (one each, every stamp kept); empty for documents of named turns."""
    diagnostics: tuple[Diagnostic, ...]
    """Findings, sorted by position then code."""

    def to_json(self, *, indent: bool = False) -> bytes:
        """Serialise to deterministic JSON bytes (UTF-8): same episode, same bytes."""
        return json_codec.dumps(self, indent=indent)

    @classmethod
    def from_json(cls, data: bytes | str) -> Episode:
        """Build an Episode from JSON written by :meth:`to_json`.

        Raises :class:`episode_parse.EpisodeParseError` with a JSON path such
        as ``$.turns[3].start`` when the data does not fit the contract.
        """
        episode = json_codec.loads(cls, data)
        _check_references(episode)
        return episode


def _check_references(episode: Episode) -> None:
    """Raise when an index in ``episode`` points outside the list it names."""
    if episode.schema_version != SCHEMA_VERSION:
        raise EpisodeParseError(
            f"expected schema_version {SCHEMA_VERSION}, got {episode.schema_version}",
            code="JSON",
            path="$.schema_version",
        )
    counts = {
        "section": len(episode.sections),
        "claim": len(episode.claims),
        "quotes": len(episode.quotes),
        "chapter": len(episode.chapters),
        "turn": len(episode.turns),
    }
    lists: tuple[tuple[str, tuple[Any, ...], tuple[str, ...]], ...] = (
        ("claims", episode.claims, ("section", "quotes")),
        ("quotes", episode.quotes, ("section", "claim")),
        ("chapters", episode.chapters, ("section",)),
        ("turns", episode.turns, ("section", "chapter")),
        ("segments", episode.segments, ("turn",)),
    )
    for list_name, records, keys in lists:
        for i, record in enumerate(records):
            for key in keys:
                value = getattr(record, key)
                for j, index in enumerate(value if isinstance(value, tuple) else (value,)):
                    if index is not None and not 0 <= index < counts[key]:
                        suffix = f"[{j}]" if isinstance(value, tuple) else ""
                        raise EpisodeParseError(
                            f"expected an index below {counts[key]}, got {index}",
                            code="JSON",
                            path=f"$.{list_name}[{i}].{key}{suffix}",
                        )


RECORD_TYPES: tuple[type, ...] = (
    Episode,
    Source,
    Layout,
    Section,
    Claim,
    Quote,
    Chapter,
    Location,
    Speaker,
    Turn,
    Segment,
    Diagnostic,
    Fix,
    Edit,
    Span,
)
"""Every record class, the top-level one first; the schema lists them in this order."""


# Construction and repr ---------------------------------------------------------
#
# The records are attrs classes in every way that shows (fields, equality, hash,
# evolve, asdict, pickling, FrozenInstanceError on assignment); two methods are
# not attrs' own, both pinned by tests/test_startup.py:
# - ``__init__`` of the records built by the thousand (Span, Turn, Segment,
#   Diagnostic): attrs' frozen ``__init__`` sets each field through the bound
#   ``object.__setattr__``, which looks the name up in the class on every call;
#   these call each slot's own setter (the member descriptor's ``__set__``, where
#   that lookup ends), taken once below: a fifth to a quarter less time per
#   record (Span 740 -> 535 ns, Turn 1197 -> 958 ns).  Written here rather
#   than generated so that import compiles nothing more.
# - ``__repr__``: one function for every record (``repr=False`` above) instead of
#   one compiled per class at import (a fifth of this module's import time);
#   repr is never on a hot path.
# Span, Turn and Segment have no ``__weakref__`` slot (``weakref_slot=False``):
# the cue readers build them by columns as drafts of the same slots and then set
# their class (episode_parse.formats.cues.DRAFTS), which CPython refuses between
# classes where that slot is present.

_REPRING = threading.local()
"""The records being written by :func:`_record_repr` in this thread (attrs' guard against cycles)."""


def _record_repr(self: Any) -> str:
    """``Name(field=value, ...)``, exactly as attrs' generated ``__repr__`` writes it."""
    try:
        repring: set[int] = _REPRING.ids
    except AttributeError:
        repring = _REPRING.ids = set()
    if id(self) in repring:
        return "..."
    repring.add(id(self))
    try:
        cls = self.__class__
        fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in cls.__attrs_attrs__ if a.repr)
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"
    finally:
        repring.discard(id(self))


_Setter = Callable[[Any, Any], None]


def _span_init(
    set_start: _Setter,
    set_end: _Setter,
    set_line: _Setter,
    set_column: _Setter,
    set_end_line: _Setter,
    set_end_column: _Setter,
) -> Callable[..., None]:
    def __init__(self: Span, start: int, end: int, line: int, column: int, end_line: int, end_column: int) -> None:
        set_start(self, start)
        set_end(self, end)
        set_line(self, line)
        set_column(self, column)
        set_end_line(self, end_line)
        set_end_column(self, end_column)

    return __init__


def _turn_init(
    set_speaker: _Setter,
    set_start: _Setter,
    set_end: _Setter,
    set_timestamp: _Setter,
    set_text: _Setter,
    set_chapter: _Setter,
    set_section: _Setter,
    set_span: _Setter,
) -> Callable[..., None]:
    def __init__(
        self: Turn,
        speaker: str | None,
        start: float | None,
        end: float | None,
        timestamp: str | None,
        text: str,
        chapter: int | None,
        section: int,
        span: Span,
    ) -> None:
        set_speaker(self, speaker)
        set_start(self, start)
        set_end(self, end)
        set_timestamp(self, timestamp)
        set_text(self, text)
        set_chapter(self, chapter)
        set_section(self, section)
        set_span(self, span)

    return __init__


def _segment_init(
    set_identifier: _Setter,
    set_start: _Setter,
    set_end: _Setter,
    set_speaker: _Setter,
    set_text: _Setter,
    set_settings: _Setter,
    set_turn: _Setter,
    set_span: _Setter,
) -> Callable[..., None]:
    def __init__(
        self: Segment,
        identifier: str | None,
        start: float | None,
        end: float | None,
        speaker: str | None,
        text: str,
        settings: str | None,
        turn: int,
        span: Span,
    ) -> None:
        set_identifier(self, identifier)
        set_start(self, start)
        set_end(self, end)
        set_speaker(self, speaker)
        set_text(self, text)
        set_settings(self, settings)
        set_turn(self, turn)
        set_span(self, span)

    return __init__


def _diagnostic_init(
    set_code: _Setter,
    set_severity: _Setter,
    set_message: _Setter,
    set_span: _Setter,
    set_suggestion: _Setter,
    set_fix: _Setter,
) -> Callable[..., None]:
    def __init__(
        self: Diagnostic,
        code: str,
        severity: Severity,
        message: str,
        span: Span,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        set_code(self, code)
        set_severity(self, severity)
        set_message(self, message)
        set_span(self, span)
        set_suggestion(self, suggestion)
        set_fix(self, fix)

    return __init__


FAST_INITS: dict[type, Callable[..., Callable[..., None]]] = {
    Span: _span_init,
    Turn: _turn_init,
    Segment: _segment_init,
    Diagnostic: _diagnostic_init,
}
"""The records given a faster ``__init__``, each with the function that makes it from the slots' setters."""

ATTRS_INITS: dict[type, Callable[..., None]] = {}
"""attrs' own ``__init__`` of each record given a faster one, kept for the tests that compare the two."""


def _install_init(cls: type, make: Callable[..., Callable[..., None]]) -> None:
    """Give ``cls`` the ``__init__`` that ``make`` builds from its slots' setters (passed by field name)."""
    attrs_init = cls.__init__  # type: ignore[misc]
    init = make(**{f"set_{field.name}": cls.__dict__[field.name].__set__ for field in attrs.fields(cls)})
    init.__qualname__ = attrs_init.__qualname__
    init.__annotations__ = attrs_init.__annotations__
    init.__doc__ = f"Method written for class {cls.__qualname__} (see episode_parse.records)."
    ATTRS_INITS[cls] = attrs_init
    cls.__init__ = init  # type: ignore[misc]


for _cls, _make in FAST_INITS.items():
    _install_init(_cls, _make)
for _cls in RECORD_TYPES:
    _cls.__repr__ = _record_repr  # type: ignore[method-assign, assignment]
del _cls, _make

"""The typed records an episode document is turned into.

Every record is a frozen, slotted attrs class.  Each field carries an
attribute docstring (the string literal under it); :mod:`episode_parse.schema`
reads those docstrings into the JSON Schema, so code and schema cannot drift.

Records refer to each other by index into the lists of :class:`Episode`
(``turn.chapter``, ``claim.quotes``, ``quote.claim``, ...), which is also how
they appear in JSON.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from episode_parse import convert
from episode_parse.errors import EpisodeParseError

SCHEMA_VERSION = 1
"""Version of the JSON contract; bumped on any incompatible change."""

Role = Literal["notes", "chapters", "transcript", "other"]
Severity = Literal["error", "warning", "info"]


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
class Source:
    """The document the episode was parsed from."""

    name: str | None
    """File name or label given by the caller; null when parsed from a bare string."""
    sha256: str
    """SHA-256 of the document bytes (UTF-8 for a string), as 64 lowercase hex digits."""
    byte_count: int
    """Length of the document in bytes."""
    line_count: int
    """Number of lines (LF, CRLF and CR end a line; a final line without an ending counts)."""
    span: Span
    """The whole document."""


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
class Chapter:
    """One line of a chapter list: a timestamp and a title."""

    start: float | None
    """Start in seconds; null when the timestamp is malformed."""
    end: float | None
    """End in seconds: the next chapter's start; for the last chapter the last turn's start, or null."""
    title: str
    """Chapter title as written, stripped."""
    timestamp: str
    """The timestamp exactly as written (without brackets or bold markers)."""
    section: int
    """Index of the section holding the chapter line."""
    span: Span
    """The chapter line."""


@attrs.frozen(slots=True)
class Turn:
    """One speaker turn of the transcript, with its continuation paragraphs."""

    speaker: str
    """Speaker name as written in the turn header, stripped."""
    start: float | None
    """Start in seconds; null when the header has no timestamp or a malformed one."""
    end: float | None
    """End in seconds: the next turn's start; null for the last turn or when the next start is unknown."""
    timestamp: str | None
    """The timestamp exactly as written (without brackets); null when the header has none."""
    text: str
    """What was said: header removed, line breaks normalised to LF, paragraphs separated by a blank line."""
    chapter: int | None
    """Index of the chapter the turn starts in (the last chapter starting at or before it); null if none."""
    section: int
    """Index of the section holding the turn header."""
    span: Span
    """From the turn header to the end of its last paragraph."""


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
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


@attrs.frozen(slots=True)
class Episode:
    """Everything parsed from one episode document."""

    schema_version: int
    """Version of the JSON contract this record follows."""
    source: Source
    """The document this was parsed from."""
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
    diagnostics: tuple[Diagnostic, ...]
    """Findings, sorted by position then code."""

    def to_json(self, *, indent: bool = False) -> bytes:
        """Serialise to deterministic JSON bytes (UTF-8): same episode, same bytes."""
        return convert.dumps(self, indent=indent)

    @classmethod
    def from_json(cls, data: bytes | str) -> Episode:
        """Build an Episode from JSON written by :meth:`to_json`.

        Raises :class:`episode_parse.EpisodeParseError` with a JSON path such
        as ``$.turns[3].start`` when the data does not fit the contract.
        """
        episode = convert.loads(cls, data)
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
    }
    lists: tuple[tuple[str, tuple[Any, ...], tuple[str, ...]], ...] = (
        ("claims", episode.claims, ("section", "quotes")),
        ("quotes", episode.quotes, ("section", "claim")),
        ("chapters", episode.chapters, ("section",)),
        ("turns", episode.turns, ("section", "chapter")),
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
    Section,
    Claim,
    Quote,
    Chapter,
    Speaker,
    Turn,
    Diagnostic,
    Span,
)
"""Every record class, the top-level one first; the schema lists them in this order."""

"""What the cue formats (WebVTT, SRT, Podcasting 2.0 JSON) share: cues into records, and the cue checks.

A reader turns each cue into a :class:`Cue` and hands the list to
:func:`build`, which makes the records by one rule for every format:

- **Speakers.** A cue names its speaker with a WebVTT voice, a ``Name:``
  prefix or a JSON ``speaker``; a cue that names none has the speaker of the
  cue before it (SRT and WebVTT files name the speaker where it changes).
  Cues before the first named one have no speaker.
- **Turns.** Consecutive cues of one speaker make one turn.  A cue with no
  speaker is a turn of its own: with nothing to tell a change of speaker,
  the cue is the only boundary the file gives (merging would be a guess).
- A turn starts at its first cue's start and ends at its last cue's end; its
  text is its cues' texts joined by a space (a cue's line breaks are
  display wrapping, not paragraphs).
- The cues themselves are kept as :class:`~episode_parse.records.Segment`
  records, so a writer can give them back as they were.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from episode_parse.diagnostics import make
from episode_parse.link import word_count
from episode_parse.read import Document
from episode_parse.records import (
    SCHEMA_VERSION,
    Diagnostic,
    Edit,
    Episode,
    Fix,
    Layout,
    Section,
    Segment,
    Span,
    Speaker,
    Turn,
)


class Cue:
    """One cue as a reader found it (a mutable draft; the records are made by :func:`build`)."""

    __slots__ = (
        "end",
        "first",
        "identifier",
        "last",
        "settings",
        "speaker",
        "speaker_at",
        "start",
        "text",
        "timing",
        "timing_line",
    )

    def __init__(
        self,
        identifier: str | None,
        start: int | None,
        end: int | None,
        timing: str | None,
        settings: str | None,
        text: str,
        speaker: str | None,
        speaker_at: int,
        first: int,
        last: int,
        timing_line: int,
    ) -> None:
        self.identifier = identifier
        self.start = start
        """Start in milliseconds; None when the timing is malformed."""
        self.end = end
        """End in milliseconds; None when unknown."""
        self.timing = timing
        """The start time exactly as written (the turn's ``timestamp``)."""
        self.settings = settings
        self.text = text
        """Clean text, lines joined by LF."""
        self.speaker = speaker
        """The speaker this cue names itself (None: carried over from the cue before)."""
        self.speaker_at = speaker_at
        """Offset of the name in the document (for the speaker's span); -1 when none."""
        self.first = first
        """Index of the cue's first line (for JSON: its start offset, see ``span``)."""
        self.last = last
        self.timing_line = timing_line
        """Index of the timing line (where timing findings point)."""


def build(
    doc: Document,
    cues: list[Cue],
    fmt: str,
    turn_layout: str,
    diagnostics: list[Diagnostic],
    spans: list[Span] | None = None,
    *,
    wrapped: bool = True,
) -> Episode:
    """The episode of a cue file: segments, turns and speakers by the module's rules.

    ``spans`` gives each cue's span when it is not the lines ``first`` to
    ``last`` (JSON).  ``wrapped``: a cue's line breaks are display wrapping,
    read as spaces in the turn's text (SRT, WebVTT); otherwise they are kept
    (a JSON segment's body).  ``diagnostics`` are the reader's findings; the
    cue checks are added here.
    """
    segments, turns, first_spans = _link(doc, cues, spans, wrapped)
    diagnostics.extend(check(doc, cues, segments, fmt))
    return episode_of(doc, fmt, turn_layout, segments, turns, first_spans, diagnostics)


def episode_of(
    doc: Document,
    fmt: str,
    turn_layout: str,
    segments: list[Segment],
    turns: list[Turn],
    first_spans: dict[str, Span],
    diagnostics: list[Diagnostic],
) -> Episode:
    """The episode of a cue file's segments and turns (each name's first span given), the findings after the document's."""
    whole = doc.source.span
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=Layout(fmt, (turn_layout,) if turns else (), ()),
        sections=(Section("", 0, "transcript" if turns else "other", whole),),
        claims=(),
        quotes=(),
        chapters=(),
        speakers=_speakers(turns, first_spans),
        turns=tuple(turns),
        segments=tuple(segments),
        diagnostics=tuple(doc.diagnostics + diagnostics),
    )


def _link(
    doc: Document, cues: list[Cue], spans: list[Span] | None, wrapped: bool
) -> tuple[list[Segment], list[Turn], dict[str, Span]]:
    """The segments and turns of the cues (speakers carried, one speaker's run a turn), and each name's first span.

    The per-cue loop only carries speakers and finds where turns start; the
    records are made by columns (:func:`make_records`, :func:`make_turns`).
    """
    if spans is None:
        spans = line_spans(doc, list(map(_FIRST, cues)), list(map(_LAST, cues)))
    speakers: list[str | None] = []
    turn_of: list[int] = []
    runs: list[int] = []  # the first cue of each turn
    first_spans: dict[str, Span] = {}
    current: str | None = None
    run_speaker: str | None = None
    for k, cue in enumerate(cues):
        speaker = cue.speaker
        if speaker is not None:
            if speaker != current and cue.speaker_at >= 0 and speaker not in first_spans:
                first_spans[speaker] = doc.span(cue.speaker_at, cue.speaker_at + len(speaker))
            current = speaker
        if current is None or current != run_speaker or not runs:
            runs.append(k)  # a cue with no speaker, or a new one, starts a turn
            run_speaker = current
        speakers.append(current)
        turn_of.append(len(runs) - 1)
    starts = [None if cue.start is None else cue.start / 1000 for cue in cues]
    ends = [None if cue.end is None else cue.end / 1000 for cue in cues]
    texts = list(map(_TEXT, cues))
    columns = [map(_IDENTIFIER, cues), starts, ends, speakers, texts, map(_SETTINGS, cues), turn_of, spans]
    segments = make_records(Segment, len(cues), columns)
    timings = [cue.timing for cue in cues]
    turns = make_turns(runs, speakers, starts, timings, ends, spans, texts, wrapped)
    return segments, turns, first_spans


_FIRST, _LAST, _TEXT = operator.attrgetter("first"), operator.attrgetter("last"), operator.attrgetter("text")
_IDENTIFIER, _SETTINGS = operator.attrgetter("identifier"), operator.attrgetter("settings")


def line_spans(doc: Document, firsts: list[int], lasts: list[int]) -> list[Span]:
    """The span of each cue from the start of line ``firsts[k]`` to the end of line ``lasts[k]`` (0-based)."""
    starts = doc.starts
    sizes = list(map(len, map(doc.lines.__getitem__, lasts)))
    one = itertools.repeat(1)
    columns = [
        map(starts.__getitem__, firsts),
        map(operator.add, map(starts.__getitem__, lasts), sizes),
        map(operator.add, firsts, one),
        one,
        map(operator.add, lasts, one),
        map(operator.add, sizes, one),
    ]
    return make_records(Span, len(firsts), columns)


def make_turns(
    runs: list[int],
    speakers: list[str | None],
    starts: Sequence[float | None],
    timings: Sequence[str | None],
    ends: Sequence[float | None],
    spans: list[Span],
    texts: list[str],
    wrapped: bool,
) -> list[Turn]:
    """The turns of the runs of cues starting at the indices ``runs``; the other arguments are the cues' columns (seconds).

    A turn's text is its cues' texts, stripped, joined by a space (a cue's
    line breaks too when ``wrapped``), the empty ones left out.  A turn of
    one cue has that cue's span (the same record: records are immutable).
    """
    pieces = list(
        map(str.strip, map(str.replace, texts, itertools.repeat("\n"), itertools.repeat(" ")) if wrapped else texts)
    )
    if not runs:
        return []
    if len(runs) == len(texts):  # a turn a cue (no speakers): each turn takes its cue's columns as they are
        columns = [speakers, starts, ends, timings, pieces, itertools.repeat(None), itertools.repeat(0), spans]
        return make_records(Turn, len(runs), columns)
    tails = [after - 1 for after in itertools.islice(runs, 1, None)]
    tails.append(len(texts) - 1)
    columns = [
        list(map(speakers.__getitem__, runs)),
        list(map(starts.__getitem__, runs)),
        list(map(ends.__getitem__, tails)),
        list(map(timings.__getitem__, runs)),
        [" ".join(filter(None, pieces[k : tail + 1])) for k, tail in zip(runs, tails, strict=True)],
        itertools.repeat(None),
        itertools.repeat(0),
        [spans[k] if k == tail else _joined(spans[k], spans[tail]) for k, tail in zip(runs, tails, strict=True)],
    ]
    return make_records(Turn, len(runs), columns)


def _joined(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    return Span(first.start, last.end, first.line, first.column, last.end_line, last.end_column)


def _speakers(turns: list[Turn], first_spans: dict[str, Span]) -> tuple[Speaker, ...]:
    """Each named speaker's turns and words, in order of first appearance (span: the name, else the first turn)."""
    texts: dict[str, list[str]] = {}
    for turn in turns:
        name = turn.speaker
        if name is None:
            continue
        said = texts.get(name)
        if said is None:
            said = texts[name] = []
            first_spans.setdefault(name, turn.span)
        said.append(turn.text)
    return tuple(Speaker(n, len(t), _words(t), first_spans[n]) for n, t in texts.items())


def _words(texts: list[str]) -> int:
    """The words of ``texts``: of their join by a space when ASCII (no word spans two texts; one call, counted in C)."""
    joined = " ".join(texts)
    return word_count(joined) if joined.isascii() else sum(map(word_count, texts))


# Records by columns.  A frozen record sets each field through its slot's
# descriptor (what the records' own ``__init__`` does, see episode_parse.records):
# a call of about 500 instructions a field.  A draft is an instance of a plain
# class with the same slots, whose ``__init__`` stores each field directly (the
# interpreter's slot store); once made, its class is set to the record's, which
# CPython allows between classes of the same layout (``__slots__`` alike, no
# ``__dict__``, no ``__weakref__``: the records have none).  Same objects in
# about 60% of the time.  Only for records with no validators, converters or
# post-init, all fields given: a test checks both that and that the records
# equal the class-built ones.
R = TypeVar("R", Span, Segment, Turn)


class _SpanDraft:
    __slots__ = Span.__slots__

    def __init__(self, start: int, end: int, line: int, column: int, end_line: int, end_column: int) -> None:
        self.start = start
        self.end = end
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column


class _SegmentDraft:
    __slots__ = Segment.__slots__

    def __init__(
        self,
        identifier: str | None,
        start: float | None,
        end: float | None,
        speaker: str | None,
        text: str,
        settings: str | None,
        turn: int,
        span: Span,
    ) -> None:
        self.identifier = identifier
        self.start = start
        self.end = end
        self.speaker = speaker
        self.text = text
        self.settings = settings
        self.turn = turn
        self.span = span


class _TurnDraft:
    __slots__ = Turn.__slots__

    def __init__(
        self,
        speaker: str | None,
        start: float | None,
        end: float | None,
        timestamp: str | None,
        text: str,
        chapter: int | None,
        section: int,
        span: Span,
    ) -> None:
        self.speaker = speaker
        self.start = start
        self.end = end
        self.timestamp = timestamp
        self.text = text
        self.chapter = chapter
        self.section = section
        self.span = span


DRAFTS: dict[type, type] = {Span: _SpanDraft, Segment: _SegmentDraft, Turn: _TurnDraft}
"""The draft class of each record made by columns."""


def make_records(cls: type[R], count: int, columns: Sequence[Iterable[Any]]) -> list[R]:
    """``count`` records of ``cls`` (Span, Segment or Turn), field by field: ``columns`` holds each field's values in order.

    The same records as ``[cls(*row) for row in zip(*columns)]`` (a test
    checks), in about 60% of the time: drafts made by ``map`` (a loop in C),
    then given the record's class (see above).
    """
    records: list[Any] = list(itertools.islice(map(DRAFTS[cls], *columns), count))
    collections.deque(map(setattr, records, itertools.repeat("__class__"), itertools.repeat(cls)), maxlen=0)
    return records


# checks ---------------------------------------------------------------------

LINE_LIMITS = {"webvtt": (65, None), "srt": (32, 2)}
"""The recommended cue line length and lines per cue of each format (Podcasting 2.0 transcript tag)."""


def check(doc: Document, cues: list[Cue], segments: list[Segment], fmt: str) -> Iterable[Diagnostic]:
    """CUE002 end before start, CUE003 overlap, CUE004 going back, CUE005 empty, CUE007 no speaker, CUE008 lengths."""
    found: list[Diagnostic] = []
    prev_start: int | None = None
    prev_end: int | None = None
    for cue in cues:
        start, end = cue.start, cue.end
        if start is not None:
            if (end is not None and end < start) or (prev_end is not None and start < max(prev_start or 0, prev_end)):
                span = _timing_span(doc, cue)
                found.extend(
                    make(code, span, message) for code, message in timing_problems(start, end, prev_start, prev_end)
                )
            prev_start = start
            prev_end = end if end is not None else start
        if not cue.text.strip():
            found.append(make("CUE005", _timing_span(doc, cue)))
    if cues and all(s.speaker is None for s in segments):
        found.append(make("CUE007", doc.span(0, 0)))
    found.extend(_lengths(doc, cues, fmt))
    return found


def timing_problems(start: int, end: int | None, prev_start: int | None, prev_end: int | None) -> list[tuple[str, str]]:
    """The CUE002 (end before start), CUE004 (going back) or CUE003 (overlap) codes and messages of a cue's times."""
    found = []
    if end is not None and end < start:
        found.append(("CUE002", f"cue ends at {clock(end)}, before its start {clock(start)}"))
    if prev_start is not None and start < prev_start:
        found.append(("CUE004", f"cue starts at {clock(start)}, before the cue before it ({clock(prev_start)})"))
    elif prev_end is not None and start < prev_end:
        found.append(("CUE003", f"cue starts at {clock(start)}, before the cue before it ends ({clock(prev_end)})"))
    return found


def _lengths(doc: Document, cues: list[Cue], fmt: str) -> Iterable[Diagnostic]:
    """One CUE008 for the file: how many cue lines (and cues) pass the recommendation, pointing at the first."""
    names = {k: cue.speaker for k, cue in enumerate(cues) if cue.speaker is not None}
    long_lines, tall, first = count_long([cue.text for cue in cues], names, fmt)
    if first < 0:
        return ()
    return (lengths_finding(fmt, long_lines, tall, _timing_span(doc, cues[first])),)


def count_long(
    texts: Sequence[str], names: dict[int, str], fmt: str, line_counts: Sequence[int] | None = None
) -> tuple[int, int, int]:
    """Cue lines over the format's width, cues over its lines, and the index of the first such cue (-1: none).

    ``texts`` are the cues' texts, ``names`` the speakers cues name
    themselves by index (SRT shows them as a ``Name:`` prefix on the first
    line).  A cue no longer than one line's width is not counted as too tall.
    ``line_counts``: each text's lines (with the name), when the reader has them.
    """
    limits = LINE_LIMITS.get(fmt)
    if limits is None:
        return 0, 0, -1
    width, most = limits
    if fmt == "srt" and names:
        texts = list(texts)
        for k, name in names.items():
            texts[k] = f"{name}: {texts[k]}"
    # Counted in bulk (in C): the long lines of every cue at once, as the
    # line breaks followed by more than ``width`` characters that are not one
    # (no line is split into strings), then the cues of more than ``most``
    # lines, few in most files.
    long_lines = len(_long_line(width).findall("\n" + "\n".join(texts)))
    tall = 0
    if most is not None:
        if line_counts is None:
            high = itertools.compress(texts, map((most - 1).__lt__, map(str.count, texts, itertools.repeat("\n"))))
        else:  # each text's lines, as the reader counted them
            high = itertools.compress(texts, map(most.__lt__, line_counts))
        tall = sum(1 for text in high if len(text) > width)
    if not long_lines and not tall:
        return 0, 0, -1
    first = next(k for k, text in enumerate(texts) if _over(text, width, most))
    return long_lines, tall, first


@functools.cache
def _long_line(width: int) -> re.Pattern[str]:
    """A line break and the first ``width + 1`` characters of the line after it (compiled on first use)."""
    return re.compile(f"\\n[^\\n]{{{width + 1}}}")


def _over(text: str, width: int, most: int | None) -> bool:
    """Whether a cue's text has a line over ``width`` or (being longer than one line) more than ``most`` lines."""
    if len(text) <= width:
        return False
    lines = text.split("\n")
    return any(len(line) > width for line in lines) or (most is not None and len(lines) > most)


def lengths_finding(fmt: str, long_lines: int, tall: int, span: Span) -> Diagnostic:
    """The CUE008 of a file with ``long_lines`` lines and ``tall`` cues over the format's recommendation."""
    width, most = LINE_LIMITS[fmt]
    parts = []
    if long_lines:
        parts.append(f"{long_lines} cue line{'s' if long_lines > 1 else ''} longer than {width} characters")
    if tall:
        parts.append(f"{tall} cue{'s' if tall > 1 else ''} of more than {most} lines")
    message = f"{' and '.join(parts)}, the recommended most (the first here)"
    return make("CUE008", span, message)


def _timing_span(doc: Document, cue: Cue) -> Span:
    if cue.timing_line < 0:  # JSON: the cue's own offsets
        return doc.span(cue.first, cue.last)
    return doc.line_span(cue.timing_line)


# fixes ----------------------------------------------------------------------


def line_ending(doc: Document, line: int) -> str:
    """The ending of line ``line`` of ``doc`` (LF for the last line, which may have none)."""
    if line + 1 >= len(doc.starts):
        return "\n"
    return doc.text[doc.line_end(line) : doc.starts[line + 1]] or "\n"


def renumber(doc: Document, indices: Sequence[tuple[int, int] | None], timing_lines: Sequence[int]) -> Fix:
    """The fix numbering SRT cues one by one: one fix for every index that needs it, so it settles in one round.

    ``indices`` holds each cue's index as offsets in the text (None: the cue
    has no index line, and one is put before its timing line, given in
    ``timing_lines``).  Numbers count from the first cue's index (1 when it
    has none): only the indices that are wrong change.  Safe unless an index
    that is not a number is replaced (it may be text that lost its place).
    """
    first = indices[0] if indices else None
    head = doc.text[first[0] : first[1]] if first is not None else ""
    number = int(head) if head.isdigit() and head.isascii() else 1
    edits = []
    safe = True
    for k, at in enumerate(indices):
        want = str(number + k)
        if at is None:
            where = doc.starts[timing_lines[k]]
            edits.append(Edit(doc.span(where, where), want + line_ending(doc, timing_lines[k])))
            continue
        written = doc.text[at[0] : at[1]]
        digits = written.isdigit() and written.isascii()
        if digits and int(written) == number + k:
            continue
        safe = safe and digits
        edits.append(Edit(doc.span(*at), want))
    return Fix("safe" if safe else "unsafe", f"renumber the cues from {number} ({len(edits)} changed)", tuple(edits))


def with_renumbering(found: list[Diagnostic], fix: Callable[[], Fix]) -> None:
    """Give the first CUE006 of ``found`` the renumbering fix (made only then): the others need no fix of their own."""
    for k, d in enumerate(found):
        if d.code == "CUE006":
            found[k] = attrs.evolve(d, fix=fix())
            return


def timing_fix(doc: Document, line: int, end_at: int, timing: str, short: bool) -> Fix | None:
    """The fix rewriting a timing line's times (up to column ``end_at``) as ``timing``, the format's form.

    Safe when the times were read certainly; unsafe when a fraction was short
    or after a colon (``,5`` is half a second here but 5 ms to the srt library;
    ``:15`` may be a frame count).
    """
    start = doc.starts[line]
    if doc.text[start : start + end_at] == timing:
        return None
    edit = Edit(doc.span(start, start + end_at), timing)
    return Fix("unsafe" if short else "safe", f"write the cue timing as {timing}", (edit,))


def lenient_timing_fix(
    doc: Document,
    line: int,
    lenient: re.Pattern[str],
    read_timing: Callable[[str], Timing],
    rewrite: Callable[[re.Match[str], int, int], tuple[str, int]],
) -> Fix | None:
    """The fix of a timing line read leniently (CUE009), for either cue format.

    ``lenient`` matches the line with the fractions in groups 4 and 8;
    ``rewrite`` gives the times in the format's form and the column they
    replace up to.  None unless the rewritten line reads strictly as the
    same times.
    """
    text = doc.lines[line]
    m = lenient.match(text)
    if m is None:
        return None
    start, end, _, _, _ = read_timing(text)
    if start is None or end is None:
        return None
    timing, cut = rewrite(m, start, end)
    again = read_timing(timing + text[cut:])
    if again[0] != start or again[1] != end or not again[4]:
        return None
    short = any(
        uncertain_fraction(text[m.start(g) - 1] if m.group(g) is not None else None, m.group(g)) for g in (4, 8)
    )
    return timing_fix(doc, line, cut, timing, short)


def uncertain_fraction(separator: str | None, digits: str | None) -> bool:
    """Whether a fraction read leniently is a guess: fewer than three digits, or after a colon."""
    return digits is not None and (len(digits) < 3 or separator == ":")


# shared helpers -------------------------------------------------------------

_PREFIX = re.compile(r"([^\W\d_][^:\n]{0,39}):(?: |$)")
"""A ``Name:`` prefix: a letter first, at most 40 characters, no colon, then a colon and a space (or the end)."""

MAX_NAME_WORDS = 4
"""A prefix of more words than this is a sentence with a colon, not a name."""


def name_prefix(text: str) -> str | None:
    """The name of a ``Name:`` prefix opening ``text``, or None.

    Used where the format has no speaker markup of its own (SRT, WebVTT
    without voices).  Whether the prefixes of a file are speakers at all is
    decided by :func:`prefixes_are_speakers`.
    """
    m = prefix_match(text)
    return None if m is None else m[1]


def prefix_match(text: str) -> re.Match[str] | None:
    """The match of a ``Name:`` prefix opening ``text`` (group 1: the name; its end: where the text after it starts), or None."""
    m = _PREFIX.match(text)
    if m is None:
        return None
    name = m[1]
    if name != name.rstrip() or len(name.split()) > MAX_NAME_WORDS:
        return None
    return m


def prefixes_are_speakers(count: int, cues: int) -> bool:
    """Whether ``Name:`` prefixes on ``count`` of a file's ``cues`` cues name speakers.

    At least two cues must open with one, or every cue (a one-cue file): a
    single ``Note:`` in a file without speakers is text, and taking it for
    a speaker would give it every cue after it.
    """
    return count >= 2 or (count == 1 and cues == 1)


def clock(ms: int, sep: str = ".", hours: bool = True) -> str:
    """``HH:MM:SS.mmm`` of a time in milliseconds (``sep`` before the milliseconds; hours optional below one hour)."""
    seconds, milli = divmod(ms, 1000)
    minutes, sec = divmod(seconds, 60)
    h, m = divmod(minutes, 60)
    if hours or h:
        return f"{h:02d}:{m:02d}:{sec:02d}{sep}{milli:03d}"
    return f"{m:02d}:{sec:02d}{sep}{milli:03d}"


def to_ms(seconds: float) -> int:
    """Seconds to whole milliseconds (rounded: times are kept to the millisecond)."""
    return round(seconds * 1000)


_TAG = re.compile(r"<[^>\n]{0,200}>|\{\\[^}\n]{0,50}\}")
"""A markup tag (``<i>``, ``<c.x>``, ``<00:00:01.000>``, ``</v>``) or an SSA override (``{\\an8}``)."""


def strip_tags(text: str) -> str:
    """Text without markup tags or ``{\\...}`` overrides."""
    if "<" not in text and "{" not in text:
        return text
    return _TAG.sub("", text)


def cue_text(raw: list[str], first: int, starts: Sequence[int], *, voices: bool) -> tuple[str, str | None, int]:
    """The clean text of a cue's raw lines, the first voice's name (WebVTT) and the name's offset (-1: none).

    ``first`` is the index of the first raw line in the document.  Tags and
    ``{\\...}`` overrides are removed; with ``voices`` (WebVTT), the first
    ``<v Name>`` gives the speaker and entities are decoded.
    """
    text = "\n".join(raw)
    name: str | None = None
    at = -1
    if voices and "<v" in text:
        for k, line in enumerate(raw):
            m = _VOICE.search(line)
            if m is not None:
                found = m.group(1).strip()
                if "&" in found:
                    import html

                    found = html.unescape(found)
                if found:
                    name = found
                    at = starts[first + k] + m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
                break
    stripped = strip_tags(text)
    if stripped is not text and (not stripped or stripped.isspace() or "\n" in stripped):
        # A line that was markup only (``<v Ana>``, ``{\an8}``) is no line of text.
        stripped = "\n".join(line for line in stripped.split("\n") if line and not line.isspace())
    text = stripped
    if voices and "&" in text:
        import html

        text = html.unescape(text)
    return text, name, at


_VOICE = re.compile(r"<v(?:\.[^ \t>\n]{0,100})?[ \t]([^>\n]{1,200})>")
"""A WebVTT voice span's start tag: ``<v Name>`` or ``<v.class Name>``."""


def take_prefixes(cues: list[Cue], candidates: list[tuple[int, str, int]]) -> bool:
    """Make the ``Name:`` prefixes found (cue index, name, length of the prefix) the cues' speakers, if they are.

    Returns whether they were taken (see :func:`prefixes_are_speakers`).
    """
    if not prefixes_are_speakers(len(candidates), len(cues)):
        return False
    for k, name, cut in candidates:
        cue = cues[k]
        cue.speaker = name
        text = cue.text[cut:]
        cue.text = text[1:] if text.startswith("\n") else text  # the name was the whole first line
    return True


def find_prefix(cue: Cue, k: int, raw_first: str, first_offset: int, candidates: list[tuple[int, str, int]]) -> None:
    """Note a ``Name:`` prefix opening cue ``k`` (checked later by :func:`take_prefixes`)."""
    name = name_prefix(cue.text)
    if name is None:
        return
    cut = len(name) + 1
    if cue.text[cut : cut + 1] == " ":
        cut += 1
    candidates.append((k, name, cut))
    pos = raw_first.find(name)
    cue.speaker_at = first_offset + pos if pos >= 0 else -1


# writing --------------------------------------------------------------------

WORDS_PER_SECOND = 2.5
"""Speaking rate used to time a turn that has no end (about 150 words a minute), always with a notice."""


class Card:
    """One cue to write: times in milliseconds, the speaker to name (where it changes), its lines."""

    __slots__ = ("end", "identifier", "lines", "name", "settings", "speaker", "start")

    def __init__(
        self,
        identifier: str | None,
        start: int,
        end: int,
        name: str | None,
        lines: list[str],
        settings: str | None,
        speaker: str | None = None,
    ) -> None:
        self.identifier = identifier
        self.start = start
        self.end = end
        self.name = name
        """The speaker to write on this cue (a change of speaker, or a name repeated so text is not misread); None: none."""
        self.lines = lines
        self.settings = settings
        self.speaker = speaker
        """Who speaks in the cue (named on it or not)."""


def cards(
    episode: Episode, width: int, per_card: int, duration: float | None, prefix: bool
) -> tuple[list[Card], list[str]]:
    """The cues to write for ``episode``, and the notices about them.

    Cues read from a cue file (``episode.segments``) are written as they
    were.  Otherwise each turn is cut into cues of at most ``per_card``
    lines of at most ``width`` characters (counting a ``Name: `` prefix when
    ``prefix``), timed in proportion to their characters between the turn's
    start and end (see :func:`turn_times`).
    """
    if episode.segments:
        out, notices = _segment_cards(episode, duration, prefix)
    else:
        out, notices = _turn_cards(episode, width, per_card, duration, prefix)
    if prefix:
        _name_twice(out)
    if not out:
        notices.append("the episode has no turns: no cues to write")
    return out, notices


def _name_twice(out: list[Card]) -> None:
    """Name the speaker on a second cue when only one cue would carry a ``Name:`` (see :func:`prefixes_are_speakers`)."""
    named = [k for k, card in enumerate(out) if card.name is not None]
    if len(named) == 1 and len(out) > 1:
        k = named[0]
        after = k + 1 if k + 1 < len(out) else k - 1
        if out[after].speaker == out[k].speaker:
            out[after].name = out[k].speaker


def _turn_cards(
    episode: Episode, width: int, per_card: int, duration: float | None, prefix: bool
) -> tuple[list[Card], list[str]]:
    notices: list[str] = []
    times = turn_times(episode, duration, notices)
    out: list[Card] = []
    for turn, (start, end) in zip(episode.turns, times, strict=True):
        lead = f"{turn.speaker}: " if prefix and turn.speaker is not None else ""
        lines = wrap(turn.text, width, len(lead))
        groups = [lines[i : i + per_card] for i in range(0, len(lines), per_card)] or [[]]
        total = sum(len(" ".join(g)) for g in groups) or 1
        done = 0
        for g, group in enumerate(groups):
            size = len(" ".join(group))
            a = start + (end - start) * done // total
            done += size
            b = end if g == len(groups) - 1 else start + (end - start) * done // total
            name = turn.speaker if g == 0 else None
            if name is None and g > 0 and prefix and turn.speaker is not None and group and name_prefix(group[0]):
                name = turn.speaker  # the card would read as another speaker's
            out.append(Card(None, a, b, name, group, None, turn.speaker))
    return out, notices


def _segment_cards(episode: Episode, duration: float | None, prefix: bool) -> tuple[list[Card], list[str]]:
    notices: list[str] = []
    out: list[Card] = []
    segments = episode.segments
    previous: str | None = None
    blank = untimed = unnamed = 0
    last_end = 0
    for k, seg in enumerate(segments):
        lines = seg.text.split("\n")
        if len(lines) > 1 and any(not line or line.isspace() for line in lines):
            blank += 1  # a blank line would end the cue
            lines = [line for line in lines if line and not line.isspace()]
        start = to_ms(seg.start) if seg.start is not None else None
        if start is None:
            untimed += 1
            start = last_end
        end = to_ms(seg.end) if seg.end is not None else _next_start(segments, k, duration, start, seg.text, notices)
        name = seg.speaker if seg.speaker != previous else None
        if seg.speaker is None and previous is not None:
            unnamed += 1
        elif name is None and prefix and seg.speaker is not None and lines and name_prefix(lines[0]):
            name = seg.speaker
        previous = seg.speaker
        out.append(Card(seg.identifier, start, end, name, lines, seg.settings, seg.speaker))
        last_end = max(end, start)
    if blank:
        notices.append(f"{blank} cue(s) had blank lines inside their text, which the format cannot hold: left out")
    if untimed:
        notices.append(f"{untimed} cue(s) had no start time: each starts where the cue before it ends")
    if unnamed:
        notices.append(f"{unnamed} cue(s) with no speaker follow a named one: the format carries the name over")
    return out, notices


def _next_start(
    segments: tuple[Segment, ...], k: int, duration: float | None, start: int, text: str, notices: list[str]
) -> int:
    """The end of a cue that has none: the next cue's start, else the duration, else an estimate (with a notice)."""
    if k + 1 < len(segments) and segments[k + 1].start is not None:
        return max(start, to_ms(segments[k + 1].start))  # type: ignore[arg-type]
    if k + 1 == len(segments) and duration is not None and to_ms(duration) >= start:
        return to_ms(duration)
    end = start + estimate_ms(text)
    notices.append(
        f"cue {k + 1} has no end time: it ends {(end - start) / 1000:g} s after its start, its words at "
        f"{WORDS_PER_SECOND:g} a second (give --duration SECONDS for the last)"
    )
    return end


def estimate_ms(text: str) -> int:
    """How long ``text`` takes to say at :data:`WORDS_PER_SECOND`, at least one second."""
    return max(1000, int(word_count(text) / WORDS_PER_SECOND * 1000))


def turn_times(episode: Episode, duration: float | None, notices: list[str]) -> list[tuple[int, int]]:
    """Start and end of every turn in milliseconds, by a documented rule.

    A turn's start is its own; one with no start begins where the turn
    before it ends (0 for the first).  Its end is ``Turn.end`` (the next
    turn's start); for the last turn, the ``duration`` when given; where
    neither is known, the start plus the time its words take at
    :data:`WORDS_PER_SECOND`.  An end before the start (timestamps out of
    order) becomes the start.  Every estimate and change is named in a notice.
    """
    out: list[tuple[int, int]] = []
    turns = episode.turns
    untimed = backwards = 0
    previous_end = 0
    for k, turn in enumerate(turns):
        if turn.start is None:
            untimed += 1
            start = previous_end
        else:
            start = to_ms(turn.start)
        if turn.end is not None:
            end = to_ms(turn.end)
        elif k + 1 == len(turns) and duration is not None:
            end = to_ms(duration)
            if end < start:
                notices.append(f"--duration {duration:g} is before the last turn's start: ignored")
                end = start + estimate_ms(turn.text)
        elif k + 1 < len(turns) and turns[k + 1].start is not None:
            end = to_ms(turns[k + 1].start)  # type: ignore[arg-type]
        else:
            end = start + estimate_ms(turn.text)
            if k + 1 == len(turns):
                notices.append(
                    f"the last turn has no end: it ends {(end - start) / 1000:g} s after its start, its words at "
                    f"{WORDS_PER_SECOND:g} a second; give --duration SECONDS for the real end"
                )
        if end < start:
            backwards += 1
            end = start
        out.append((start, end))
        previous_end = end
    if untimed:
        notices.append(
            f"{untimed} turn(s) have no start time: each starts where the turn before it ends, timed at "
            f"{WORDS_PER_SECOND:g} words a second"
        )
    if backwards:
        notices.append(f"{backwards} turn(s) end before they start (timestamps out of order): written with no length")
    return out


def wrap(text: str, width: int, first_indent: int = 0) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (a longer word has a line to itself).

    ``first_indent`` characters of the first line are taken (a ``Name: ``
    prefix).  White space is normalised: cue text cannot hold blank lines.
    """
    lines: list[str] = []
    current = ""
    room = width - first_indent
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= room:
            current += " " + word
        else:
            lines.append(current)
            current = word
            room = width
    if current:
        lines.append(current)
    return lines


# reading line by line (the general readers) ---------------------------------

Timing = tuple[int | None, int | None, str | None, str | None, bool]
"""A timing line read: start and end in ms (None: it does not read), the start as written, what follows the end, whether the form was strict."""


@attrs.frozen
class CueSyntax:
    """What the general SRT and WebVTT readers do differently when they read a cue (the rest is :func:`read_cue`)."""

    read_timing: Callable[[str], Timing]
    """Reads a timing line."""
    form: str
    """The timing form findings name (``HH:MM:SS,mmm --> HH:MM:SS,mmm``)."""
    timing_fix: Callable[[Document, int], Fix | None]
    """The fix of the timing on a line read leniently (CUE009)."""
    voices: bool
    """Whether ``<v Name>`` voices name speakers and entities are decoded (WebVTT)."""
    identifies: Callable[[Sequence[str], int, int], bool]
    """Whether the line before line ``j``, a timing met in the text of the cue timed on line ``at``, is the next cue's identifier."""


def read_cue(
    doc: Document,
    syntax: CueSyntax,
    first: int,
    at: int,
    identifier: str | None,
    cues: list[Cue],
    found: list[Diagnostic],
    candidates: list[tuple[int, str, int]],
) -> int:
    """Read the cue from line ``first`` with its timing on line ``at`` into ``cues``; the line after it.

    A timing that does not read keeps the cue, with no times (CUE001); one
    read leniently gets CUE009 and its fix.  The cue's text runs to a blank
    line or to the next cue's timing (CUE012, see :func:`_text_end`).  A
    ``Name:`` prefix of a cue with no voice goes to ``candidates`` (see
    :func:`take_prefixes`).
    """
    lines, starts = doc.lines, doc.starts
    timing = lines[at]
    start, end, written, settings, strict = syntax.read_timing(timing)
    shown = f"cue timing {timing.strip()[:60]!r}"
    if start is None:
        found.append(make("CUE001", doc.line_span(at), f"{shown} does not read as {syntax.form}"))
    elif not strict:
        fix = syntax.timing_fix(doc, at)
        found.append(make("CUE009", doc.line_span(at), f"{shown} is not in the form {syntax.form}", fix=fix))
    j = _text_end(doc, syntax, at, found)
    raw = lines[at + 1 : j]
    text, voice, voice_at = cue_text(raw, at + 1, starts, voices=syntax.voices)
    cue = Cue(identifier, start, end, written, settings, text, voice, voice_at, first, max(j - 1, at), at)
    if voice is None and raw:
        find_prefix(cue, len(cues), raw[0], starts[at + 1], candidates)
    cues.append(cue)
    return j


def _text_end(doc: Document, syntax: CueSyntax, at: int, found: list[Diagnostic]) -> int:
    """The line after the text of the cue timed on line ``at``: a blank line, or the next cue's first (CUE012)."""
    lines = doc.lines
    n = len(lines)
    j = at + 1
    while j < n:
        line = lines[j]
        if not line or line.isspace():
            break
        if "-->" in line and syntax.read_timing(line)[0] is not None:
            if syntax.identifies(lines, j, at):
                j -= 1
            found.append(make("CUE012", doc.line_span(j)))  # the next cue, with no blank line before it
            break
        j += 1
    return j


def stray_block(doc: Document, i: int, cues: list[Cue], found: list[Diagnostic], *, voices: bool) -> int:
    """A block with no timing line from line ``i``, joined to the cue before it (CUE010); the line after it.

    Before the first cue it is kept as a cue with no times.  Nothing is dropped.
    """
    lines = doc.lines
    j = i
    while j < len(lines) and lines[j] and not lines[j].isspace():
        j += 1
    text, _, _ = cue_text(lines[i:j], i, doc.starts, voices=voices)
    span = doc.line_span(i, j - 1)
    if cues:
        cue = cues[-1]
        cue.text = f"{cue.text}\n{text}" if cue.text else text
        cue.last = j - 1
        found.append(make("CUE010", span, "text with no timing line: joined to the cue before it"))
    else:
        cues.append(Cue(None, None, None, None, None, text, None, -1, i, j - 1, i))
        found.append(make("CUE010", span, "text with no timing line before the first cue: kept as a cue with no times"))
    return j

"""SubRip (``.srt``): the reader and the writer.

Reading is lenient, and says what it repaired: a missing or wrong index
(CUE006), ``.`` or one-digit fields in a timing (CUE009), a timing that does
not read (CUE001: the cue is kept with no times), a block of text with no
timing (CUE010: joined to the cue before it, which is what a stray blank line
inside a cue makes), a cue that follows the one before it without a blank line
(CUE012).  A fraction of fewer than three digits is read as a decimal fraction
(``00:00:01,5`` is 1.5 s, as webvtt-py and pysubs2 read it; the ``srt`` library
reads 1.005 s).  ``<i>``-style tags and ``{\\an8}`` overrides are removed.
Speakers are ``Name:`` prefixes (see :mod:`episode_parse.formats.cues`).

Writing follows the Podcasting 2.0 recommendation: at most 2 lines of at
most 32 characters a card, ``Name:`` where the speaker changes.  Cues read
from a file are written as they were (their indices, times and lines).
"""

from __future__ import annotations

import itertools
import operator
import re
import struct
from collections.abc import Sequence
from itertools import repeat
from operator import add, sub, truediv

from episode_parse.diagnostics import make
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.cues import (
    Cue,
    CueSyntax,
    build,
    cards,
    clock,
    count_long,
    episode_of,
    lengths_finding,
    lenient_timing_fix,
    make_records,
    make_turns,
    prefix_match,
    prefixes_are_speakers,
    read_cue,
    renumber,
    stray_block,
    strip_tags,
    take_prefixes,
    timing_problems,
    with_renumbering,
)
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Episode, Fix, Segment, Span

WIDTH = 32
"""Characters a line of a card (Podcasting 2.0)."""
LINES = 2
"""Lines a card."""

_STRICT = re.compile(r"(\d\d+):([0-5]\d):([0-5]\d),(\d\d\d) --> (\d\d+):([0-5]\d):([0-5]\d),(\d\d\d)(.*)", re.ASCII)
_LENIENT = re.compile(
    r"[ \t]*(\d{1,9})[:.](\d{1,2})[:.](\d{1,2})(?:[,.:](\d{1,3}))?[ \t]*-->[ \t]*"
    r"(\d{1,9})[:.](\d{1,2})[:.](\d{1,2})(?:[,.:](\d{1,3}))?(.*)",
    re.ASCII,
)
"""What the srt library also reads: ``.`` or ``:`` separators, one-digit fields, a short or missing fraction."""


def read_timing(line: str) -> tuple[int | None, int | None, str | None, str | None, bool]:
    """Start and end in milliseconds, the start as written, what follows the end, and whether the form was strict.

    Times are None when the line does not read (or minutes or seconds pass 59).
    """
    m = _STRICT.match(line)
    strict = m is not None
    if m is None:
        m = _LENIENT.match(line)
        if m is None:
            return None, None, None, None, False
    g = m.groups()
    if not strict and (int(g[1]) > 59 or int(g[2]) > 59 or int(g[5]) > 59 or int(g[6]) > 59):
        return None, None, None, None, False
    start = ((int(g[0]) * 60 + int(g[1])) * 60 + int(g[2])) * 1000 + int((g[3] or "0").ljust(3, "0"))
    end = ((int(g[4]) * 60 + int(g[5])) * 60 + int(g[6])) * 1000 + int((g[7] or "0").ljust(3, "0"))
    rest = g[8].strip()
    written = line[m.start(1) : m.end(4) if g[3] is not None else m.end(3)]
    return start, end, written, rest or None, strict


_FAST_CUE = re.compile(
    r"([0-9]{1,9})\n([0-9][0-9]:[0-5][0-9]:[0-5][0-9],[0-9]{3} --> [0-9][0-9]:[0-5][0-9]:[0-5][0-9],[0-9]{3})\n"
    r"((?:[^\S\n]*\S[^\n]*\n)*)"
)
"""One cue written the usual way: its index, its strict timing line and its text lines (each with a visible character).

Those are its three groups; the blank lines between cues are what
:meth:`re.Pattern.split` gives between matches.  Its parts are disjoint
character classes one after the other, so a match cannot backtrack.  ``\\s`` is Unicode white space: what ``str.isspace``, the
general reader's test for a blank line, calls white space.
"""


def read(doc: Document) -> Episode:
    """The episode of an SRT file."""
    fast = _read_usual(doc)
    if fast is not None:
        return fast
    return _read_any(doc)


def _read_usual(doc: Document) -> Episode | None:
    """The episode of a file whose every cue is written the usual way; None if one is not.

    The common case, read by one ``split`` and loops in C about twice as fast
    as by :func:`_read_any`, which reads anything and gives the same records
    for such a file (tests compare them on the corpus and on generated files).
    """
    text = doc.text
    # CR endings (counted when read) and tags and overrides ("<i>", "{\an8}") are
    # for the general reader, which removes them: checked here in one pass each,
    # not by the pattern line by line.
    if doc.endings["CR"] or doc.endings["CRLF"] or "<" in text or "{" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"  # offsets are unchanged: the last line ends where the text does
    # [blank lines, index, timing, text lines, blank lines, index, ...]: each
    # group a string made once (a group costs about what the match does).
    parts = _FAST_CUE.split(text)
    gaps = parts[::4]
    # The matches cover the text when what lies between them is blank lines.
    # One "-->" a cue: none in a cue's text (where the general reader says a
    # blank line is missing).
    if len(gaps) < 2 or "".join(gaps).strip("\n") or text.count("-->") != len(gaps) - 1:
        return None
    return _usual_records(doc, parts[1::4], parts[2::4], parts[3::4], list(map(len, gaps)))


def _usual_records(
    doc: Document, idents: list[str], timings: list[str], bodies: list[str], blanks: list[int]
) -> Episode | None:
    """The records of the cues matched (their groups by columns; ``blanks``: the blank lines before each and at the end).

    What :func:`~episode_parse.formats.cues.build` does cue by cue is done
    here column by column, with ``map`` (loops in C): the times, the line
    numbers (a running sum of each cue's lines), the spans and segments
    (:func:`~episode_parse.formats.cues.make_records`).  Python loops run
    only over the cues with a colon (``Name:`` prefixes), the turns and the
    findings.  Prefixes are taken for speakers when the file has two or
    more (see :func:`~episode_parse.formats.cues.prefixes_are_speakers`);
    with one (None), the general reader answers.
    """
    n = len(idents)
    starts_ms, ends_ms = _usual_times(timings)
    counts = list(map(str.count, bodies, repeat("\n")))  # each cue's text lines
    # Each cue's first and last lines, 1-based (the spans' own numbers): a cue
    # takes its index and timing lines, its text lines and the blank lines after it.
    steps = map(add, map(add, counts, itertools.islice(blanks, 1, None)), repeat(2))
    firsts = list(itertools.accumulate(steps, initial=blanks[0] + 1))
    del firsts[-1]
    lasts = list(map(add, firsts, map(add, counts, repeat(1))))
    at = _Offsets(doc, idents, bodies, blanks, firsts)
    texts = list(map(operator.itemgetter(slice(None, -1)), bodies))
    shown = texts.copy()  # each text as written (with its name), as CUE008 counts it
    # Where each cue's last line ends, as a column: one past its last text line's
    # length (the text's length less where its last line break is); a cue with no
    # text ends with its timing line (set where the blank cues are known, below).
    end_columns = list(map(sub, map(len, texts), map(str.rfind, texts, repeat("\n"))))
    first_spans: dict[str, Span] = {}
    names, blank_named, reshaped = _usual_names(at, texts, bodies, first_spans)
    if names and not prefixes_are_speakers(len(names), n):
        return None
    speakers, runs, turn_of = _usual_runs(n, names)
    empty = list(itertools.compress(itertools.count(), map(operator.not_, bodies)))  # the cues with no text line
    for k in empty:
        end_columns[k] = 30  # after the 29 characters of the timing line
    spans = at.spans(lasts, end_columns)
    starts = list(map(truediv, starts_ms, repeat(1000)))
    ends = list(map(truediv, ends_ms, repeat(1000)))
    segments = make_records(Segment, n, [idents, starts, ends, speakers, texts, repeat(None), turn_of, spans])
    written: list[str | None] = [None] * n  # each start as written, where a turn starts (its timestamp)
    for k in runs:
        written[k] = timings[k][:12]
    turns = make_turns(runs, speakers, starts, written, ends, spans, texts, wrapped=True)
    found = _index_findings(doc, idents, firsts)  # the reader's findings, before the checks' (as build orders them)
    # Blank: a cue with no text line, or a Name: prefix and nothing else (every text line holds a visible character).
    blank = sorted([*empty, *blank_named])
    found += _usual_checks(at, starts_ms, ends_ms, blank)
    if not names:
        found.append(make("CUE007", Span(0, 0, 1, 1, 1, 1)))  # doc.span(0, 0), which would need the line starts
    line_counts = counts.copy()
    for k in reshaped:
        shown[k] = f"{names[k]}: {texts[k]}"
        line_counts[k] = shown[k].count("\n") + 1
    long_lines, tall, first = count_long(shown, {}, "srt", line_counts)
    if first >= 0:
        found.append(lengths_finding("srt", long_lines, tall, at.timing_span(first)))
    return episode_of(doc, "srt", "name-prefix" if names else "cue", segments, turns, first_spans, found)


class _Offsets:
    """Where the cues matched start and end, from the lengths of the split's groups: no use of the line starts.

    ``doc.starts`` is made on first use (:class:`~episode_parse.read.Document`):
    a file read by this path with no finding to place never makes it.
    """

    def __init__(
        self, doc: Document, idents: list[str], bodies: list[str], blanks: list[int], firsts: list[int]
    ) -> None:
        self.doc, self.idents, self.firsts = doc, idents, firsts
        # A cue is its index, 29 characters of timing, two line breaks and its
        # text lines (their breaks included); then come the blank lines (one
        # character each) before the next.
        self.sizes = list(map(add, map(len, idents), map(len, bodies)))
        steps = map(add, map(add, self.sizes, itertools.islice(blanks, 1, None)), repeat(31))
        self.offsets: list[int] = list(itertools.accumulate(steps, initial=blanks[0]))
        del self.offsets[-1]

    def spans(self, lasts: list[int], end_columns: list[int]) -> list[Span]:
        """Each cue's span, from its index line to the end of its line ``lasts[k]`` (its last, 1-based) at ``end_columns[k]``."""
        columns = [
            self.offsets,
            map(add, self.offsets, map(add, self.sizes, repeat(30))),  # (the last line's break left out)
            self.firsts,
            repeat(1),
            lasts,
            end_columns,
        ]
        return make_records(Span, len(lasts), columns)

    def text_start(self, k: int) -> int:
        """Where cue ``k``'s first text line starts."""
        return self.offsets[k] + len(self.idents[k]) + 31

    def timing_span(self, k: int) -> Span:
        """The span of cue ``k``'s timing line (``doc.line_span`` of it)."""
        start = self.offsets[k] + len(self.idents[k]) + 1
        line = self.firsts[k] + 1
        return Span(start, start + 29, line, 1, line, 30)


def _usual_times(timings: list[str]) -> tuple[list[int], list[int]]:
    """Start and end in milliseconds of each strict timing line ``HH:MM:SS,mmm --> HH:MM:SS,mmm``.

    Worked out for every cue at once, a digit place at a time, with no
    ``int()`` a time (about 900 instructions each).  Each timing line is 29
    characters, so joined by line breaks the timings are records of 30 bytes
    with each digit at a fixed place.  For each place the digits of every cue
    (a slice with a step, turned into values by ``translate``) are spread into
    32-bit lanes, a start and an end a cue, made one integer, multiplied by
    what that place counts in milliseconds and added: every lane ends with
    its time.  No lane carries into the next (a time is at most 99:59:59,999,
    less than 2**32 ms), so the lanes read back are the times.
    """
    n = len(timings)
    digits = "\n".join(timings).encode("ascii").translate(_DIGIT_VALUES)
    lanes = bytearray(8 * n)  # cue k: its start in bytes 8k to 8k+3, its end in 8k+4 to 8k+7 (little-endian)
    total = 0
    for place, worth in _PLACES:
        lanes[0::8] = digits[place::30]
        lanes[4::8] = digits[place + 17 :: 30]  # the end's digit: 17 characters after the start's
        total += worth * int.from_bytes(lanes, "little")
    values = struct.unpack(f"<{2 * n}I", total.to_bytes(8 * n, "little"))
    return list(values[0::2]), list(values[1::2])


_DIGIT_VALUES = bytes.maketrans(b"0123456789", bytes(range(10)))
"""``bytes.translate`` table: each ASCII digit to its value."""

_PLACES = (
    (0, 36_000_000),
    (1, 3_600_000),
    (3, 600_000),
    (4, 60_000),
    (6, 10_000),
    (7, 1000),
    (9, 100),
    (10, 10),
    (11, 1),
)
"""Each digit of ``HH:MM:SS,mmm`` (its place in the line) and what it counts in milliseconds."""


def _usual_names(
    at: _Offsets, texts: list[str], bodies: list[str], first_spans: dict[str, Span]
) -> tuple[dict[int, str], list[int], list[int]]:
    """The ``Name:`` prefixes of the cues, by index (their texts cut after them; each name's first span noted).

    Also the named cues left blank by the cut, and the named cues whose text
    shown with its name (``Name: text``, as CUE008 counts it) is not the
    text as written.
    """
    names: dict[int, str] = {}
    blank: list[int] = []
    reshaped: list[int] = []
    for k in itertools.compress(itertools.count(), map(operator.contains, bodies, repeat(":"))):
        text = texts[k]
        m = prefix_match(text)
        if m is None:
            continue
        name = names[k] = m[1]
        rest = text[m.end() :]
        # "Name: " (a space after the colon) alone on its line, or "Name:" the whole text: shown as "Name: rest".
        if rest[:1] == "\n" or m.end() == len(name) + 1:
            reshaped.append(k)
            rest = rest[1:]
        texts[k] = rest
        if not rest or rest.isspace():
            blank.append(k)
        if name not in first_spans:  # at the start of the cue's first text line
            start, line = at.text_start(k), at.firsts[k] + 2
            first_spans[name] = Span(start, start + len(name), line, 1, line, len(name) + 1)
    return names, blank, reshaped


def _usual_runs(n: int, names: dict[int, str]) -> tuple[list[str | None], list[int], list[int]]:
    """Each cue's speaker (the last name at or before it), the first cue of each turn, each cue's turn."""
    speakers: list[str | None] = [None] * n
    if not names:
        return speakers, list(range(n)), list(range(n))  # no speaker: a cue is a turn
    runs = list(range(min(names)))  # the cues before the first name: a turn each
    positions = [*names, n]
    previous = None
    for i, (k, name) in enumerate(names.items()):
        speakers[k : positions[i + 1]] = [name] * (positions[i + 1] - k)
        if name != previous:
            runs.append(k)
        previous = name
    turn_of = [0] * n
    bounds = [*runs, n]
    for t, k in enumerate(runs):
        turn_of[k : bounds[t + 1]] = [t] * (bounds[t + 1] - k)
    return speakers, runs, turn_of


def _usual_checks(at: _Offsets, starts: list[int], ends: list[int], blank: list[int]) -> list[Diagnostic]:
    """CUE002, CUE003, CUE004 and CUE005 (for the cues ``blank``) in cue order, as :func:`~episode_parse.formats.cues.check` gives them."""
    # The cues that end before they start, or start before the one before them starts or ends: found in C.
    # With no cue ending before it starts, a cue starting before the one
    # before it starts also starts before it ends: one comparison finds both.
    overlap = map(operator.lt, starts, itertools.chain((-1,), ends))
    if any(map(operator.lt, ends, starts)):
        back = map(operator.lt, starts, itertools.chain((-1,), starts))
        odd = map(operator.or_, map(operator.lt, ends, starts), map(operator.or_, back, overlap))
    else:
        odd = overlap
    found: list[tuple[int, Diagnostic]] = []
    for k in itertools.compress(itertools.count(), odd):
        prev = (starts[k - 1], ends[k - 1]) if k else (None, None)
        span = at.timing_span(k)
        problems = timing_problems(starts[k], ends[k], *prev)
        found += ((k, make(code, span, message)) for code, message in problems)
    found += ((k, make("CUE005", at.timing_span(k))) for k in blank)
    found.sort(key=operator.itemgetter(0))  # stable: a cue's timing findings before its CUE005
    return [d for _, d in found]


def _index_findings(doc: Document, idents: list[str], firsts: list[int]) -> list[Diagnostic]:
    """CUE006 for each index that is not one more than the one before (cue ``k``'s index on line ``firsts[k]``, 1-based)."""
    first, n = int(idents[0]), len(idents)
    # Numbered first, first + 1, ... (most files): the indices joined are the
    # numbers written by one format (in C), with no need to look at each.
    if "\n".join(idents) == ("\n%d" * n % tuple(range(first, first + n)))[1:]:
        return []
    found: list[Diagnostic] = []
    previous: int | None = None
    spans: list[tuple[int, int] | None] = []  # each index as offsets, for the renumbering fix
    starts = doc.starts
    for ident, line in zip(idents, map(sub, firsts, repeat(1)), strict=True):
        index = int(ident)
        if previous is not None and index != previous + 1:
            found.append(
                make("CUE006", doc.line_span(line), f"cue index {index} follows {previous}; {previous + 1} expected")
            )
        previous = index
        spans.append((starts[line], starts[line] + len(ident)))
    with_renumbering(found, lambda: renumber(doc, spans, firsts))  # the timing lines, 0-based
    return found


def _read_any(doc: Document) -> Episode:
    """The episode of any SRT file, read line by line, leniently."""
    lines = doc.lines
    n = len(lines)
    cues: list[Cue] = []
    found: list[Diagnostic] = []
    candidates: list[tuple[int, str, int]] = []
    previous_index: int | None = None
    indices: list[tuple[int, int] | None] = []  # each cue's index as offsets (None: no index line)
    timing_lines: list[int] = []
    i = 0
    while i < n:
        line = lines[i]
        if not line or line.isspace():
            i += 1
        elif "-->" in line:
            found.append(make("CUE006", doc.line_span(i), "cue has no index line"))
            indices.append(None)
            timing_lines.append(i)
            i = read_cue(doc, _SYNTAX, i, i, None, cues, found, candidates)
        elif i + 1 < n and "-->" in lines[i + 1]:
            identifier = line.strip()
            previous_index = _check_index(doc, i, identifier, previous_index, found)
            lead = doc.starts[i] + len(line) - len(line.lstrip())
            indices.append((lead, lead + len(identifier)))
            timing_lines.append(i + 1)
            i = read_cue(doc, _SYNTAX, i, i + 1, identifier, cues, found, candidates)
        else:
            i = stray_block(doc, i, cues, found, voices=False)
    named = take_prefixes(cues, candidates)
    with_renumbering(found, lambda: renumber(doc, indices, timing_lines))
    if not cues:
        found.append(
            make("FMT005", doc.span(0, 0), "no cues found: an SRT file is blocks of an index, a timing line and text")
        )
    return build(doc, cues, "srt", "name-prefix" if named else "cue", found)


def _timing_fix(doc: Document, line: int) -> Fix | None:
    """The fix of a timing line read leniently (CUE009): its times as ``HH:MM:SS,mmm --> HH:MM:SS,mmm``."""
    return lenient_timing_fix(doc, line, _LENIENT, read_timing, _written_timing)


def _written_timing(m: re.Match[str], start: int, end: int) -> tuple[str, int]:
    """The times in SRT's form, and where the timing read leniently ends (after the end's fraction, if any)."""
    return f"{clock(start, ',')} --> {clock(end, ',')}", m.end(8) if m.group(8) is not None else m.end(7)


def _check_index(
    doc: Document, line: int, identifier: str, previous: int | None, found: list[Diagnostic]
) -> int | None:
    """CUE006 for an index that is not a number or not one more than the one before; the index read."""
    if not identifier.isdigit() or not identifier.isascii():
        found.append(make("CUE006", doc.line_span(line), f"cue index {identifier[:40]!r} is not a number"))
        return previous
    value = int(identifier)
    if previous is not None and value != previous + 1:
        found.append(
            make("CUE006", doc.line_span(line), f"cue index {value} follows {previous}; {previous + 1} expected")
        )
    return value


def _index_before(lines: Sequence[str], j: int, at: int) -> bool:
    """Whether the line before a timing met on line ``j`` inside the cue timed on line ``at`` is the next cue's index."""
    return j - 1 > at and lines[j - 1].strip().isdigit()


_SYNTAX = CueSyntax(read_timing, "HH:MM:SS,mmm --> HH:MM:SS,mmm", _timing_fix, False, _index_before)
"""How the general reader reads an SRT cue."""


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode as SRT: its cues as they were, or its turns cut into cards of 2 lines of 32 characters."""
    out, notices = cards(episode, WIDTH, LINES, options.duration, prefix=True)
    numbered = all(c.identifier is not None and c.identifier.isdigit() for c in out)
    blocks = []
    for k, card in enumerate(out):
        index = card.identifier if numbered and card.identifier is not None else str(k + 1)
        lines = list(card.lines)
        if card.name is not None:
            lines[:1] = [f"{card.name}: {lines[0]}" if lines else f"{card.name}:"]
        timing = f"{clock(card.start, ',')} --> {clock(card.end, ',')}"
        if card.settings:
            timing += f" {card.settings}"
        blocks.append("\n".join([index, timing, *lines]))
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    marked = sum(1 for card in out if any(strip_tags(line) != line for line in card.lines))
    if marked:
        notices.append(
            f"{marked} cue(s) hold text that SRT reads as markup (<...> or {{\\...}}), which has no escape there"
        )
    return Written(text.encode("utf-8"), tuple(notices))

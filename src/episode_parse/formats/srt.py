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

import re

from episode_parse.diagnostics import make
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.cues import Cue, build, cards, clock, cue_text, find_prefix, strip_tags, take_prefixes
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Episode

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
    r"(\d{1,9})\n(\d\d:[0-5]\d:[0-5]\d,\d\d\d --> \d\d:[0-5]\d:[0-5]\d,\d\d\d)\n((?:[^\n<{]+\n)*)\n*",
    re.ASCII,
)
"""One cue written the usual way: index, strict timing, text lines without tags, then blank lines."""


def read(doc: Document) -> Episode:
    """The episode of an SRT file."""
    fast = _read_usual(doc)
    if fast is not None:
        return fast
    return _read_any(doc)


def _read_usual(doc: Document) -> Episode | None:
    """The episode of a file whose every cue is written the usual way (one pass of one regex); None if one is not.

    The common case, read several times faster than by :func:`_read_any`,
    which reads anything and gives the same records for such a file (a test
    compares them on the corpus and on generated files).
    """
    text = doc.text
    if "\r" in text or "-->" not in text:
        return None
    if not text.endswith("\n"):
        text += "\n"  # offsets are unchanged: spans come from the document's line table
    pos = len(text) - len(text.lstrip("\n"))
    line = pos
    cues: list[Cue] = []
    found: list[Diagnostic] = []
    candidates: list[tuple[int, str, int]] = []
    previous: int | None = None
    starts = doc.starts
    clock_ms: dict[str, int] = {}  # a cue's end is usually the next one's start: each time is read once
    for m in _FAST_CUE.finditer(text, pos):
        if m.start() != pos:
            return None
        ident, timing, body = m.group(1, 2, 3)
        if "-->" in body:
            return None
        index = int(ident)
        if previous is not None and index != previous + 1:
            found.append(
                make("CUE006", doc.line_span(line), f"cue index {index} follows {previous}; {previous + 1} expected")
            )
        previous = index
        first, second = timing[:12], timing[17:]
        start = clock_ms.get(first)
        if start is None:
            start = clock_ms[first] = _clock_ms(first)
        end = clock_ms.get(second)
        if end is None:
            end = clock_ms[second] = _clock_ms(second)
        n = body.count("\n")
        cue = Cue(ident, start, end, first, None, body[:-1], None, -1, line, line + 1 + n, line + 1)
        if ":" in body:  # most cues have no colon, so no Name: prefix
            find_prefix(cue, len(cues), cue.text, starts[line + 2], candidates)
        cues.append(cue)
        pos = m.end()
        line += 2 + n + (pos - m.end(3))
    if pos != len(text) or not cues:
        return None
    named = take_prefixes(cues, candidates)
    return build(doc, cues, "srt", "name-prefix" if named else "cue", found)


def _clock_ms(clock: str) -> int:
    """Milliseconds of a strict ``HH:MM:SS,mmm``."""
    return ((int(clock[:2]) * 60 + int(clock[3:5])) * 60 + int(clock[6:8])) * 1000 + int(clock[9:12])


def _read_any(doc: Document) -> Episode:
    """The episode of any SRT file, read line by line, leniently."""
    lines, starts = doc.lines, doc.starts
    n = len(lines)
    cues: list[Cue] = []
    found: list[Diagnostic] = []
    candidates: list[tuple[int, str, int]] = []
    previous_index: int | None = None
    i = 0
    while i < n:
        line = lines[i]
        if not line or line.isspace():
            i += 1
            continue
        if "-->" in line:
            identifier = None
            at = i
            found.append(make("CUE006", doc.line_span(i), "cue has no index line"))
        elif i + 1 < n and "-->" in lines[i + 1]:
            identifier = line.strip()
            at = i + 1
            previous_index = _check_index(doc, i, identifier, previous_index, found)
        else:
            i = _stray(doc, i, cues, found)
            continue
        start, end, written, rest, strict = read_timing(lines[at])
        if start is None:
            found.append(
                make(
                    "CUE001",
                    doc.line_span(at),
                    f"cue timing {lines[at].strip()[:60]!r} does not read as HH:MM:SS,mmm --> HH:MM:SS,mmm",
                )
            )
        elif not strict:
            found.append(
                make(
                    "CUE009",
                    doc.line_span(at),
                    f"cue timing {lines[at].strip()[:60]!r} is not in the form HH:MM:SS,mmm --> HH:MM:SS,mmm",
                )
            )
        j = at + 1
        while j < n:
            text_line = lines[j]
            if not text_line or text_line.isspace():
                break
            if "-->" in text_line and read_timing(text_line)[0] is not None:
                # The next cue, with no blank line before it (its index, if any, is the line before).
                if j - 1 > at and lines[j - 1].strip().isdigit():
                    j -= 1
                found.append(make("CUE012", doc.line_span(j)))
                break
            j += 1
        raw = lines[at + 1 : j]
        text, _, _ = cue_text(raw, at + 1, starts, voices=False)
        cue = Cue(identifier, start, end, written, rest, text, None, -1, i, max(j - 1, at), at)
        if raw:
            find_prefix(cue, len(cues), raw[0], starts[at + 1], candidates)
        cues.append(cue)
        i = j
    named = take_prefixes(cues, candidates)
    if not cues:
        found.append(
            make("FMT005", doc.span(0, 0), "no cues found: an SRT file is blocks of an index, a timing line and text")
        )
    return build(doc, cues, "srt", "name-prefix" if named else "cue", found)


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


def _stray(doc: Document, i: int, cues: list[Cue], found: list[Diagnostic]) -> int:
    """A block with no timing line from line ``i``: joined to the cue before it (CUE010); the line after it."""
    lines = doc.lines
    j = i
    while j < len(lines) and lines[j] and not lines[j].isspace():
        j += 1
    raw = lines[i:j]
    text, _, _ = cue_text(raw, i, doc.starts, voices=False)
    if cues:
        cue = cues[-1]
        cue.text = f"{cue.text}\n{text}" if cue.text else text
        cue.last = j - 1
        found.append(make("CUE010", doc.line_span(i, j - 1), "text with no timing line: joined to the cue before it"))
    else:
        cues.append(Cue(None, None, None, None, None, text, None, -1, i, j - 1, i))
        found.append(
            make(
                "CUE010",
                doc.line_span(i, j - 1),
                "text with no timing line before the first cue: kept as a cue with no times",
            )
        )
    return j


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

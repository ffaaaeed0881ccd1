"""WebVTT (``.vtt``): the reader and the writer.

Reading follows the WebVTT specification where a file is well formed and is
lenient where it is not, saying so: the ``WEBVTT`` header (CUE011 when
missing), header lines, ``NOTE``, ``STYLE`` and ``REGION`` blocks (skipped:
they are not what was said), cue identifiers, ``MM:SS.mmm`` and
``HH:MM:SS.mmm`` timings with cue settings (a comma or a short fraction is
read, with CUE009; a timing that does not read keeps the cue with no times,
CUE001), multi-line cues.  The speaker is the first ``<v Name>`` or
``<v.class Name>`` voice of a cue, carried to the next cues until another
voice; in a file with no voices, ``Name:`` prefixes (see
:mod:`episode_parse.formats.cues`).  Other tags (``<i>``, ``<c.x>``, inner
timestamps) are removed and entities decoded.

Writing puts a ``<v Name>`` voice on a cue where the speaker changes (as
Apple Podcasts reads it) and wraps lines made from turns at 65 characters,
2 lines a cue; cues read from a file are written as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from episode_parse.diagnostics import make
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.formats.cues import (
    Cue,
    CueSyntax,
    build,
    cards,
    clock,
    lenient_timing_fix,
    line_ending,
    read_cue,
    stray_block,
    take_prefixes,
)
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Edit, Episode, Fix

WIDTH = 65
"""Characters a line (the Podcasting 2.0 recommendation)."""
LINES = 2
"""Lines a cue made from turns."""

_TIME = r"(?:(\d{2,9}):)?([0-5]\d):([0-5]\d)\.(\d\d\d)"
_STRICT = re.compile(rf"{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+(.*))?$", re.ASCII)
_LOOSE_TIME = r"(?:(\d{1,9})[:.])?(\d{1,2})[:.](\d{1,2})[.,:](\d{1,3})"
_LENIENT = re.compile(rf"[ \t]*{_LOOSE_TIME}[ \t]*-->[ \t]*{_LOOSE_TIME}(.*)", re.ASCII)
_HEADER = re.compile(r"WEBVTT(?:[ \t]|$)")
_BLOCK_KEYWORD = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def read_timing(line: str) -> tuple[int | None, int | None, str | None, str | None, bool]:
    """Start and end in milliseconds, the start as written, the cue settings, and whether the form was strict."""
    m = _STRICT.match(line)
    if m is not None:  # the usual form: minutes and seconds of two digits under 60, three of milliseconds
        h1, m1, s1, f1, h2, m2, s2, f2, settings = m.groups()
        # SS and mmm read as one number are SS * 1000 + mmm: one int call, not two.
        start = (int(h1 or 0) * 60 + int(m1)) * 60_000 + int(s1 + f1)
        end = (int(h2 or 0) * 60 + int(m2)) * 60_000 + int(s2 + f2)
        written = line[m.start(1) if h1 is not None else m.start(2) : m.end(4)]
        return start, end, written, (settings or "").strip() or None, True
    m = _LENIENT.match(line)
    if m is None:
        return None, None, None, None, False
    g = m.groups()
    fields = [int(x) if x else 0 for x in g[:8]]
    if max(fields[1], fields[2], fields[5], fields[6]) > 59:
        return None, None, None, None, False
    start = ((fields[0] * 60 + fields[1]) * 60 + fields[2]) * 1000 + int(g[3].ljust(3, "0"))
    end = ((fields[4] * 60 + fields[5]) * 60 + fields[6]) * 1000 + int(g[7].ljust(3, "0"))
    settings = (g[8] or "").strip() or None
    written = line[m.start(1) if g[0] is not None else m.start(2) : m.end(4)]
    return start, end, written, settings, False


def read(doc: Document) -> Episode:
    """The episode of a WebVTT file."""
    lines = doc.lines
    n = len(lines)
    found: list[Diagnostic] = []
    i = _header(doc, found)
    cues: list[Cue] = []
    candidates: list[tuple[int, str, int]] = []
    while i < n:
        line = lines[i]
        if not line or line.isspace():
            i += 1
        elif "-->" in line:
            i = read_cue(doc, _SYNTAX, i, i, None, cues, found, candidates)
        elif i + 1 < n and "-->" in lines[i + 1]:
            i = read_cue(doc, _SYNTAX, i, i + 1, line, cues, found, candidates)
        elif _BLOCK_KEYWORD.match(line):
            while i < n and lines[i] and not lines[i].isspace():
                i += 1
        else:
            i = stray_block(doc, i, cues, found, voices=True)
    voiced = any(cue.speaker is not None for cue in cues)
    named = not voiced and take_prefixes(cues, candidates)
    if not cues:
        found.append(
            make(
                "FMT005",
                doc.span(0, 0),
                "no cues found: a WebVTT file is the WEBVTT line, then cues of a timing line and text",
            )
        )
    layout = "voice" if voiced else "name-prefix" if named else "cue"
    return build(doc, cues, "webvtt", layout, found)


def _header(doc: Document, found: list[Diagnostic]) -> int:
    """The line after the header block; CUE011 when the file does not open with ``WEBVTT``."""
    lines = doc.lines
    if not lines or not _HEADER.match(lines[0]):
        found.append(make("CUE011", doc.line_span(0), fix=_header_fix(doc)))
        return 0
    i = 1
    while i < len(lines) and lines[i] and not lines[i].isspace() and "-->" not in lines[i]:
        i += 1
    return i


def _header_fix(doc: Document) -> Fix | None:
    """The fix of a missing ``WEBVTT`` line: ``webvtt`` in capitals, else the line and a blank one put on top (safe).

    The blank line ends the header block at once, so every line after it is
    read as before.
    """
    if not doc.text:
        return None
    first = doc.lines[0]
    if _HEADER.match(first.upper()) and first[:6] != "WEBVTT":
        return Fix("safe", "write the header in capitals", (Edit(doc.span(0, 6), "WEBVTT"),))
    ending = line_ending(doc, 0)
    header = "WEBVTT" + ending if not first or first.isspace() else "WEBVTT" + ending * 2
    return Fix("safe", "add the WEBVTT line on top", (Edit(doc.span(0, 0), header),))


def _timing_fix(doc: Document, line: int) -> Fix | None:
    """The fix of a timing line read leniently (CUE009): its times as ``[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm``.

    A time keeps its hours as written (or gains them from an hour on).
    """
    return lenient_timing_fix(doc, line, _LENIENT, read_timing, _written_timing)


def _written_timing(m: re.Match[str], start: int, end: int) -> tuple[str, int]:
    """The times in WebVTT's form (hours where the line wrote them), and where the timing read leniently ends."""
    return f"{clock(start, hours=m.group(1) is not None)} --> {clock(end, hours=m.group(5) is not None)}", m.end(8)


def _identifier_before(lines: Sequence[str], j: int, at: int) -> bool:
    """Whether the line before a timing met on line ``j`` inside the cue timed on line ``at`` is the next cue's identifier."""
    return j - 1 > at and "-->" not in lines[j - 1] and j - 2 > at


_SYNTAX = CueSyntax(read_timing, "[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm", _timing_fix, True, _identifier_before)
"""How the reader reads a WebVTT cue."""


def escape(text: str) -> str:
    """Cue text with ``&``, ``<`` and ``>`` as entities (``-->`` cannot appear in a cue)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode as WebVTT: its cues as they were, or its turns cut into cues of 2 lines of 65 characters."""
    out, notices = cards(episode, WIDTH, LINES, options.duration, prefix=False)
    blocks = ["WEBVTT"]
    for card in out:
        lines = [escape(line) for line in card.lines]
        if card.name is not None:
            voice = f"<v {escape(card.name)}>"
            lines[:1] = [voice + lines[0] if lines else voice]
        timing = f"{clock(card.start)} --> {clock(card.end)}"
        if card.settings:
            timing += f" {card.settings}"
        ident = card.identifier
        head = [ident] if ident and "-->" not in ident and ident.strip() else []
        blocks.append("\n".join([*head, timing, *lines]))
    return Written(("\n\n".join(blocks) + "\n").encode("utf-8"), tuple(notices))

"""Stage 4: build draft records from the classified blocks, in one pass.

Sections open at headings.  Turn headers open turns; the paragraphs after a
turn, up to the next header, heading, chapter list or fence, continue it.  A
turn header found inside another turn's paragraph (at a line start or in
mid-line) splits the turn and is reported.  Chapter paragraphs give one
chapter per line.  Notes paragraphs are read for claims and quotes when
their section closes, once the section's role is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from episode_parse import notes
from episode_parse.blocks import Block
from episode_parse.classify import NO_CHOICE, Header, Paragraph, UsualTurn
from episode_parse.diagnostics import make, stamp_fix
from episode_parse.layouts import TURN_LAYOUTS, TurnLayout
from episode_parse.read import Document
from episode_parse.records import Claim, Diagnostic, Edit, Fix, Quote, Role, Span
from episode_parse.timestamps import Reading, clean_seconds, read_timestamp

SHORTCUTS = True
"""Whether a one-line turn paragraph takes :meth:`_Builder._one_line_turn` (tests turn it off to compare)."""

_MIDLINE_LAYOUTS = tuple(layout for layout in TURN_LAYOUTS if layout.midline)
_ENDS_SENTENCE = frozenset(".!?\u2026\u3002\uff01\uff1f\"\u201d')")


class TurnDraft:
    """A turn whose end and chapter are not known yet."""

    __slots__ = (
        "breaks",
        "end",
        "end_line",
        "header_start",
        "layout",
        "line",
        "lines",
        "pieces",
        "section",
        "speaker",
        "speaker_start",
        "start",
        "timestamp",
    )

    def __init__(
        self,
        speaker: str | None,
        speaker_start: int,
        timestamp: str | None,
        start: float | None,
        header_start: int,
        end: int,
        line: int,
        section: int,
        layout: str = "",
    ) -> None:
        self.speaker = speaker
        self.speaker_start = speaker_start
        """Offset of the stripped name; its span is made only for a speaker's first turn."""
        self.timestamp = timestamp
        self.start = start
        self.header_start = header_start
        self.end = end
        """Offset just past the turn's last non-blank character."""
        self.line = line
        """Index of the header's line."""
        self.end_line = line
        """Index of the line ``end`` is on."""
        self.section = section
        self.layout = layout
        """Name of the turn layout the header was read in."""
        self.pieces: list[str] = []
        """The text after the header and of the continuation lines, line by line."""
        self.lines: list[tuple[int, int, float | None, float | None]] | None = None
        """The timed lines merged into this turn, the header's first: (line index, index into ``pieces`` of its
        text, start, end as the line gives them); None for a turn that is not made of timed lines with no name."""
        self.breaks: list[int] | None = None
        """Where continuation paragraphs start, as indices into ``pieces``; None while there is one paragraph.

        (Flat, rather than a list per paragraph: most turns are one line, and a
        list each was a tenth of the memory of a small document.)
        """


class ChapterDraft(NamedTuple):
    """A chapter whose end is not known yet."""

    start: float | None
    timestamp: str
    title: str
    section: int
    span: Span
    layout: str = ""
    """Name of the chapter layout the line was read in."""
    url: str | None = None
    """The link the chapter line carries (its time's, else its title's first), if any."""


class SectionDraft:
    """A section whose role is not known yet."""

    __slots__ = ("end", "last_line", "level", "lines", "notes", "role", "start", "title")

    def __init__(self, title: str, level: int, start: int, last_line: int) -> None:
        self.title = title
        self.level = level
        self.start = start
        self.last_line = last_line
        """Index of the last line with content so far."""
        self.end = start
        """Offset just past the last non-blank character (set when the section closes)."""
        self.lines: dict[Role, int] = {"transcript": 0, "chapters": 0, "notes": 0, "other": 0}
        """Lines of each kind of content, which decide the role."""
        self.notes: list[Block] = []
        """The notes paragraphs, read for claims and quotes when the section closes."""
        self.role: Role = "other"


class Draft:
    """Everything stage 4 found, for stage 5 to link."""

    __slots__ = ("chapters", "claims", "diagnostics", "quotes", "sections", "turns")

    def __init__(self) -> None:
        self.sections: list[SectionDraft] = []
        self.turns: list[TurnDraft] = []
        self.chapters: list[ChapterDraft] = []
        self.claims: list[Claim] = []
        self.quotes: list[Quote] = []
        self.diagnostics: list[Diagnostic] = []


def build(doc: Document, items: Iterable[Paragraph | UsualTurn | Block]) -> Draft:
    """Draft records from classified blocks."""
    return _Builder(doc).run(items)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.draft = Draft()
        self.turn: TurnDraft | None = None
        self.section: SectionDraft | None = None
        self.choice = NO_CHOICE

    def run(self, items: Iterable[Paragraph | UsualTurn | Block]) -> Draft:
        for item in items:
            if isinstance(item, UsualTurn):  # (most items of a transcript)
                self._usual_turn(item)
            elif isinstance(item, Paragraph):
                if self.section is None:
                    self._open_section("", 0, item.block.first)
                self._paragraph(item)
            elif item.kind == "heading":
                self._close_section()
                self._open_section(item.title, item.level, item.first)
            else:  # fence or front matter: opaque, ends any turn
                if self.section is None:
                    self._open_section("", 0, item.first)
                self._end_turn()
                self._extend(item.first, item.last, "other")
        self._close_section()
        return self.draft

    def _usual_turn(self, item: UsualTurn) -> None:
        """What :meth:`_paragraph` does with a Paragraph of kind turn that is one line, its header sure."""
        if self.section is None:
            self._open_section("", 0, item.line)
        self.choice = item.choice
        self._one_line_turn(item.line, item.header)
        section = self.section
        assert section is not None
        section.last_line = item.line
        section.lines["transcript"] += 1

    # sections -------------------------------------------------------------

    def _open_section(self, title: str, level: int, line: int) -> None:
        self.section = SectionDraft(title, level, self.doc.starts[line], line)

    def _extend(self, first: int, last: int, role: Role) -> None:
        assert self.section is not None
        self.section.last_line = last
        self.section.lines[role] += last - first + 1

    def _close_section(self) -> None:
        self._end_turn()
        section = self.section
        if section is None:
            return
        self.section = None
        last = section.last_line
        section.end = self.doc.starts[last] + len(self.doc.lines[last].rstrip())
        index = len(self.draft.sections)
        self.draft.sections.append(section)
        counts = section.lines
        best = max(counts.values())
        if best:
            # Ties go to the first role listed: transcript, chapters, notes, other.
            section.role = next(role for role, n in counts.items() if n == best)
        if section.role == "transcript":
            for block in section.notes:
                self._stray(block.first, block.last)
        elif section.notes:
            draft = self.draft
            claims, quotes, diagnostics = notes.read_notes(
                self.doc, section.notes, index, len(draft.claims), len(draft.quotes)
            )
            draft.claims.extend(claims)
            draft.quotes.extend(quotes)
            draft.diagnostics.extend(diagnostics)

    # paragraphs -----------------------------------------------------------

    def _paragraph(self, para: Paragraph) -> None:
        block = para.block
        if para.kind == "chapters":
            self._end_turn()
            self._chapters(para)
            self._extend(block.first, block.last, "chapters")
        elif para.kind == "turn" or self.turn is not None or para.headers:
            self._turn_paragraph(para)
            self._extend(block.first, block.last, "transcript")
        else:
            assert self.section is not None
            for i in para.aliens:  # another layout's headers are not read silently as notes either
                self._look_again(i, para)
            self.section.notes.append(block)
            self._extend(block.first, block.last, "notes")

    def _chapters(self, para: Paragraph) -> None:
        """One chapter per chapter line; the lines under them (bullets, indented lines) are notes of the section."""
        doc = self.doc
        draft = self.draft
        section = len(draft.sections)
        under = -1  # first of the lines under a chapter line not yet handed to the notes; -1 when none
        for i, chapter in zip(range(para.block.first, para.block.last + 1), para.chapters, strict=True):
            if chapter is None:
                under = i if under < 0 else under
                continue
            if under >= 0:
                self._notes_under(under, i - 1)
                under = -1
            m = chapter.match
            ts = m.group("ts")
            reading = read_timestamp(ts)
            ts_start = doc.starts[i] + m.start("ts")
            if reading.code is not None:
                self._timestamp_problem(reading, ts, ts_start)
            start = doc.starts[i]
            span = doc.span(start, start + len(doc.lines[i].rstrip()))
            layout = chapter.layout.name
            draft.chapters.append(ChapterDraft(reading.seconds, ts, chapter.title, section, span, layout, chapter.url))
        if under >= 0:
            self._notes_under(under, para.block.last)

    def _notes_under(self, first: int, last: int) -> None:
        assert self.section is not None
        self.section.notes.append(Block("paragraph", first, last))

    def _turn_paragraph(self, para: Paragraph) -> None:
        """Lines of a paragraph in the transcript: headers open turns, the rest continues one."""
        self.choice = para.choice
        block = para.block
        if block.first == block.last and para.headers and SHORTCUTS:
            header = para.headers.get(block.first)
            if header is not None and header[0].name in para.choice.sure:
                self._one_line_turn(block.first, header)
                return
        doc = self.doc
        lines = doc.lines
        first_piece = True
        for i in range(para.block.first, para.block.last + 1):
            line = lines[i]
            col = 0
            header = para.headers.get(i)
            if header is not None and self._joins(para, header):
                # A line with no name that goes on with the open turn: its stamp is kept as a segment.
                self._timed_line(i, header)
                self._add_text(i, header[1].end(), len(line))
                first_piece = False
                continue
            if header is not None:
                if i != para.block.first and header[0].own_paragraph:
                    self._merged(i, 0, header[1].end(), "into one paragraph")
                self._open_turn(i, header)
                col = header[1].end()
            elif self.turn is None:
                # Text before the first header of a merged paragraph.
                self._stray(i, i)
                continue
            else:
                self._look_again(i, para)
                if first_piece:
                    if self.turn.breaks is None:
                        self.turn.breaks = []
                    self.turn.breaks.append(len(self.turn.pieces))
            first_piece = False
            self._rest_of_line(i, line, col)

    def _one_line_turn(self, i: int, header: Header) -> None:
        """A paragraph that is one turn on one line, its header named and timed (most turns of most transcripts).

        What :meth:`_turn_paragraph` does for such a line, without its general
        cases; the text goes to the turn whole unless a header may be merged
        into it, where a star or a bracket is (one-character finds are memchr:
        several times faster than looking for "**").
        ``tests/test_fast_paths.py`` checks both ways give the same episode.
        """
        line = self.doc.lines[i]
        col = header[1].end()
        self._open_turn(i, header)
        if line.find("*", col) >= 0 or line.find("[", col) >= 0:
            self._rest_of_line(i, line, col)
        else:
            self._add_text(i, col, len(line))

    def _joins(self, para: Paragraph, header: Header) -> bool:
        """Whether a header with no name continues the open turn instead of opening one.

        Where the document marks speaker changes (``00:01:02 - text``), a line
        without the mark goes on with the same speaker; elsewhere a line goes
        on with the turn whose text does not yet end a sentence.
        """
        layout, m = header
        turn = self.turn
        if layout.named or layout.continues or turn is None or turn.layout != layout.name or not turn.pieces:
            return False
        if para.choice.layout is not None and para.choice.layout.named:
            return False
        if para.choice.marks:
            return "dash" in m.re.groupindex and not m.group("dash")
        last = turn.pieces[-1].rstrip()
        return bool(last) and last[-1] not in _ENDS_SENTENCE

    def _look_again(self, i: int, para: Paragraph) -> None:
        """Report a line read as a turn's text that looks like a header: another layout's (TR008) or a near miss (TR009)."""
        alien = para.aliens.get(i)
        line = self.doc.lines[i]
        layout = para.choice.layout
        if alien is not None and layout is not None:
            end = alien[1].end()
            start = self.doc.starts[i]
            header = line[:end].rstrip()
            message = (
                f"{header!r} is a turn header of layout {alien[0].name} but this document is read as {layout.name}; "
                "read as text of the previous turn"
            )
            self.draft.diagnostics.append(make("TR008", self.doc.span(start, start + len(header)), message))
        elif layout is not None and layout.probe is not None and layout.probe.match(line) is not None:
            start = self.doc.starts[i]
            near = line[: min(len(line.rstrip()), 40)]
            message = f"{near!r} starts like a turn header ({layout.name}) but does not parse; read as text"
            self.draft.diagnostics.append(make("TR009", self.doc.span(start, start + len(near)), message))

    def _rest_of_line(self, i: int, line: str, col: int) -> None:
        """Line ``i`` from ``col`` on: split at any header merged into it, each piece to its turn."""
        for found in _midline_headers(line, col, self.choice.accepted):
            m = found[1]
            self._add_text(i, col, m.start())
            self._merged(i, m.start(), m.end(), "on one line")
            self._open_turn(i, found)
            col = m.end()
        self._add_text(i, col, len(line))

    def _open_turn(self, line: int, header: Header) -> None:
        """Open a turn at ``header``, a match against the whole of ``line``."""
        previous = self.turn
        if previous is not None:  # (what _end_turn does)
            self.draft.turns.append(previous)
        elif self.draft.turns:
            previous = self.draft.turns[-1]
        layout, m = header
        base = self.doc.starts[line]
        header_start = base + m.start()
        speaker: str | None = None
        name_start = header_start
        if layout.named:
            name = m.group("speaker")
            name_start = base + m.start("speaker") + len(name) - len(name.lstrip())
            speaker = name.strip()
        elif previous is not None and (layout.continues or self._named()):
            speaker = previous.speaker  # a time mark with no name in a named transcript goes on with its speaker
        timestamp: str | None = None
        start: float | None = None
        if layout.timed:
            timestamp = m.group("ts")
            start = clean_seconds(timestamp) if not layout.seconds else None
            if start is None:  # (not HH:MM:SS: the general reading, which reports what is wrong)
                start = self._seconds(layout, timestamp, base + m.start("ts"))
        turn = self.turn = TurnDraft(
            speaker,
            name_start,
            timestamp,
            start,
            header_start,
            header_start + len(m.group().rstrip()),
            line,
            len(self.draft.sections),
            layout.name,
        )
        if layout.timed and not layout.named and not layout.continues and not self._named():
            # A turn of timed lines that merge: each line's own time is kept (link makes segments).
            turn.lines = [(line, 0, start, _line_end(m))]

    def _named(self) -> bool:
        """Whether the document is read in a layout that names its speakers."""
        return self.choice.layout is not None and self.choice.layout.named

    def _timed_line(self, i: int, header: Header) -> None:
        """Keep the stamp of line ``i``, a timed line merged into the open turn (a malformed one is reported)."""
        turn = self.turn
        assert turn is not None
        if turn.lines is not None:
            layout, m = header
            start = self._seconds(layout, m.group("ts"), self.doc.starts[i] + m.start("ts"))
            turn.lines.append((i, len(turn.pieces), start, _line_end(m)))

    def _seconds(self, layout: TurnLayout, timestamp: str, at: int) -> float | None:
        """The seconds a header's stamp says (None when it is malformed, which is reported)."""
        if layout.seconds:
            return float(timestamp)
        start = clean_seconds(timestamp)
        if start is None:
            reading = read_timestamp(timestamp)
            start = reading.seconds
            if reading.code is not None:
                self._timestamp_problem(reading, timestamp, at)
        return start

    def _add_text(self, line: int, col: int, end_col: int) -> None:
        turn = self.turn
        assert turn is not None
        piece = self.doc.lines[line][col:end_col]
        turn.pieces.append(piece)
        stripped = piece.rstrip()
        if stripped:  # (its last character is not blank, so neither is all of it)
            turn.end = self.doc.starts[line] + col + len(stripped)
            turn.end_line = line

    def _end_turn(self) -> None:
        if self.turn is not None:
            self.draft.turns.append(self.turn)
            self.turn = None

    # diagnostics ----------------------------------------------------------

    def _timestamp_problem(self, reading: Reading, written: str, start: int) -> None:
        """TS001 or TS003 for the stamp ``written`` at offset ``start``, with the fix replacing it when one is known."""
        assert reading.code is not None
        span = self.doc.span(start, start + len(written))
        found = self.doc.text[start : start + len(written)]
        fix = stamp_fix(span, found, written, reading.suggestion, safe=reading.certain)
        self.draft.diagnostics.append(make(reading.code, span, reading.problem, reading.suggestion, fix))

    def _merged(self, line: int, col: int, end_col: int, how: str) -> None:
        start = self.doc.starts[line] + col
        header = self.doc.lines[line][col:end_col].rstrip()
        message = f"turn header {header!r} merged {how} with the previous turn; split into its own turn"
        fix = _split_fix(self.doc, line, col)
        self.draft.diagnostics.append(make("TR001", self.doc.span(start, start + len(header)), message, fix=fix))

    def _stray(self, first: int, last: int) -> None:
        span = self.doc.line_span(first, last)
        self.draft.diagnostics.append(make("TR007", span))


def _line_end(m: re.Match[str]) -> float | None:
    """The end time a timed line gives (whisper's ``[17.44 --> 19.10]``), else None."""
    return float(m.group("end")) if "end" in m.re.groupindex else None


def _split_fix(doc: Document, line: int, col: int) -> Fix:
    """Split the turn whose header is at column ``col`` of ``line`` off the turn before it, as the layouts write turns.

    Each turn of a layout that TR001 finds is a paragraph of its own: a
    header at a line start gets a blank line before it; one in mid-line has
    the blanks before it replaced by a line break and a blank line.  Line
    breaks are written as the nearest line ends.
    """
    starts, lines, text = doc.starts, doc.lines, doc.text
    at = starts[line] + col
    if col == 0:
        ending = text[starts[line - 1] + len(lines[line - 1]) : at]
        return Fix("safe", "insert a blank line before the turn header", (Edit(doc.span(at, at), ending),))
    cut = col
    while cut > 0 and lines[line][cut - 1] in " \t":
        cut -= 1
    near = line if line + 1 < len(lines) else line - 1
    ending = text[starts[near] + len(lines[near]) : starts[near + 1]] if near >= 0 else "\n"
    start = starts[line] + cut
    return Fix("safe", "start the turn header on a paragraph of its own", (Edit(doc.span(start, at), ending * 2),))


def _midline_headers(line: str, pos: int, accepted: frozenset[str]) -> list[Header]:
    """Turn headers of the document's layouts inside ``line`` after ``pos`` (not at the line start), in order.

    Each layout scans the line once (``finditer``), so a line holding many
    merged turns costs time linear in its length.  In mid-line a header
    needs its colon (``**Ana [00:01:02]**`` alone may be bold text).
    """
    if line.find("**", pos) < 0 and line.find("[", pos) < 0:
        return []
    found: list[Header] = []
    start = max(pos, 1)
    for layout in _MIDLINE_LAYOUTS:
        if layout.name in accepted:
            found.extend((layout, m) for m in layout.pattern.finditer(line, start) if _midline_header(m))
    found.sort(key=lambda h: h[1].start())
    out: list[Header] = []
    end = start
    for header in found:
        if header[1].start() >= end:  # skip matches inside an earlier header
            out.append(header)
            end = header[1].end()
    return out


def _midline_header(m: re.Match[str]) -> bool:
    """Whether a header found in mid-line has a name and a colon after its name and stamp."""
    tail = m.group()[max(m.end("ts"), m.end("speaker")) - m.start() :]
    return bool(m.group("speaker").strip()) and (":" in tail or "\uff1a" in tail)

"""The Podcasting 2.0 HTML transcript: the reader and the writer.

The specification's HTML transcript is a sequence of ``<cite>Name:</cite>``
(the speaker), ``<time>M:SS</time>`` (the start) and ``<p>text</p>``.  Read
with the standard library's HTML parser: a ``<cite>`` starts a turn; a
``<time>`` after a turn's text starts a new turn of the same speaker; each
``<p>`` is a paragraph of the current turn (white space collapsed, as a
browser shows it; entities decoded).  Text outside these elements is kept in
the turn it follows and reported (FMT006).  Times read as the Markdown
timestamps do (TS001 when malformed).  A turn ends where the next starts.

Writing gives that same sequence, escaped, one element a line.
"""

from __future__ import annotations

import itertools
from html import escape, unescape
from html.parser import HTMLParser

from episode_parse.diagnostics import make, stamp_fix
from episode_parse.formats.base import WriteOptions, Written
from episode_parse.link import word_count
from episode_parse.read import Document
from episode_parse.records import SCHEMA_VERSION, Diagnostic, Episode, Layout, Section, Span, Speaker, Turn
from episode_parse.timestamps import read_timestamp


class _Draft:
    __slots__ = ("end", "name_at", "paragraphs", "speaker", "stamp", "start", "start_at")

    def __init__(self, speaker: str | None, name_at: int, start_at: int) -> None:
        self.speaker = speaker
        self.name_at = name_at
        self.start_at = start_at
        self.end = start_at
        self.stamp: str | None = None
        self.start: float | None = None
        self.paragraphs: list[str] = []


class _Reader(HTMLParser):
    """Collects turn drafts from the elements, with offsets into the document."""

    def __init__(self, doc: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = doc
        text = doc.text
        lines = text.split("\n")
        self.line_starts = list(itertools.accumulate(map(len, lines[:-1]), lambda a, n: a + n + 1, initial=0))
        self.drafts: list[_Draft] = []
        self.found: list[Diagnostic] = []
        self.open: str | None = None
        self.buffer: list[str] = []
        self.opened_at = 0
        self.stray_at = -1
        self.fed = 0  # characters given to feed, in one call

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """A ``<![...]>`` section; a malformed one is text, up to the next ``>``.

        CPython before 3.13 raises AssertionError on one (``<![ >``).
        """
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i) + 1 or len(self.rawdata)
            if self.open is None and self.stray_at < 0:  # getpos() is not at i here: the offset from what was fed
                self.stray_at = self.fed - len(self.rawdata) + i
            self.handle_data(unescape(self.rawdata[i:end]))
            return end

    def where(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("cite", "time", "p"):
            self._flush_stray()
            self.open = tag
            self.buffer = []
            self.opened_at = self.where()

    def handle_endtag(self, tag: str) -> None:
        if tag != self.open:
            return
        self.open = None
        text = " ".join("".join(self.buffer).split())
        end = self.where() + len(tag) + 3
        start = self.opened_at
        if tag == "cite":
            name = text.removesuffix(":").strip() or None
            at = self.doc.text.find(name, start, end) if name else -1
            self.drafts.append(_Draft(name, at, start))
        elif tag == "time":
            self._time(text, start, end)
        else:
            self._current(start).paragraphs.append(text)
        self.drafts[-1].end = end

    def _current(self, start: int) -> _Draft:
        if not self.drafts:
            self.drafts.append(_Draft(None, -1, start))
        return self.drafts[-1]

    def _time(self, text: str, start: int, end: int) -> None:
        draft = self._current(start)
        if draft.stamp is not None or draft.paragraphs:
            draft = _Draft(draft.speaker, -1, start)  # a new turn of the same speaker
            self.drafts.append(draft)
        draft.stamp = text
        reading = read_timestamp(text)
        draft.start = reading.seconds
        if reading.code is not None:
            # The fix edits the element's content, when that is the stamp as read (no entity, no blank).
            inner = self.doc.text.find(">", start, end) + 1
            close = end - len("</time>")
            where = self.doc.span(inner, close)
            fix = stamp_fix(where, self.doc.text[inner:close], text, reading.suggestion, safe=reading.certain)
            found = make(reading.code, self.doc.span(start, end), reading.problem or None, reading.suggestion, fix)
            self.found.append(found)

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.buffer.append(data)
        elif data.strip():
            if self.stray_at < 0:
                self.stray_at = self.where()
            self._current(self.where()).paragraphs.append(" ".join(data.split()))

    def _flush_stray(self, end: int | None = None) -> None:
        if self.stray_at >= 0:
            at = self.stray_at
            self.found.append(make("FMT006", self.doc.span(at, self.where() if end is None else end)))
            self.stray_at = -1


def read(doc: Document) -> Episode:
    """The episode of an HTML transcript."""
    parser = _Reader(doc)
    # No tag can start after the last ">": the parser is not given that tail, which it
    # would read as text anyway, but only after scanning to the end from each "<" in it
    # (quadratic in CPython before 3.13.4: "<v " 20,000 times took 40 s); it is text here.
    cut = doc.text.rfind(">") + 1
    parser.fed = cut
    parser.feed(doc.text[:cut])
    parser.close()
    if cut < len(doc.text):
        parser.handle_data(unescape(doc.text[cut:]))
    parser._flush_stray(len(doc.text))
    found = parser.found
    drafts = parser.drafts
    turns: list[Turn] = []
    totals: dict[str, list[int]] = {}
    firsts: dict[str, Span] = {}
    for k, d in enumerate(drafts):
        end = drafts[k + 1].start if k + 1 < len(drafts) else None
        if end is not None and d.start is not None and end < d.start:
            end = None  # a time out of order is never another turn's end
        span = doc.span(d.start_at, max(d.end, d.start_at))
        text = "\n\n".join(p for p in d.paragraphs if p)
        turns.append(Turn(d.speaker, d.start, end, d.stamp, text, None, 0, span))
        if d.speaker is not None:
            counts = totals.setdefault(d.speaker, [0, 0])
            counts[0] += 1
            counts[1] += word_count(text)
            if d.speaker not in firsts:
                at = d.name_at
                firsts[d.speaker] = doc.span(at, at + len(d.speaker)) if at >= 0 else span
    if not turns:
        found.append(
            make("FMT005", doc.span(0, 0), "no turns found: an HTML transcript is <cite>, <time> and <p> elements")
        )
    found.sort(key=lambda f: f.span.start)
    return Episode(
        schema_version=SCHEMA_VERSION,
        source=doc.source,
        layout=Layout("html", ("cite-time-p",) if turns else (), ()),
        sections=(Section("", 0, "transcript" if turns else "other", doc.source.span),),
        claims=(),
        quotes=(),
        chapters=(),
        speakers=tuple(Speaker(n, c[0], c[1], firsts[n]) for n, c in totals.items()),
        turns=tuple(turns),
        segments=(),
        diagnostics=tuple(doc.diagnostics + found),
    )


def clock(seconds: float) -> str:
    """``M:SS`` below an hour, ``H:MM:SS`` from one (as the specification's example writes times)."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def write(episode: Episode, options: WriteOptions) -> Written:
    """The episode's turns as ``<cite>``, ``<time>`` and ``<p>`` elements."""
    out: list[str] = []
    notices: list[str] = []
    partial = sum(1 for t in episode.turns if t.start is not None and t.start != int(t.start))
    for turn in episode.turns:
        if turn.speaker is not None:
            out.append(f"<cite>{escape(turn.speaker, quote=False)}:</cite>")
        if turn.start is not None:
            stamp = turn.timestamp
            if stamp is None or read_timestamp(stamp).seconds != turn.start:
                stamp = clock(turn.start)
            out.append(f"<time>{escape(stamp, quote=False)}</time>")
        for paragraph in turn.text.split("\n\n") if turn.text else [""]:
            out.append(f"<p>{escape(paragraph, quote=False)}</p>")
    if partial:
        notices.append(f"{partial} turn start(s) have a fraction of a second, which the HTML times leave out")
    if not episode.turns:
        notices.append("the episode has no turns: the transcript is empty")
    return Written(("\n".join(out) + "\n" if out else "").encode("utf-8"), tuple(notices))

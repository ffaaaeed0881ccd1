"""Rules about how the text is written rather than what it says, each finding with the fix that tidies it.

DOC009 a byte-order mark inside the text, DOC010 trailing blanks on a heading
or turn header line, TS004 timestamps of one kind written in more than one
form.  :func:`tidy_rules` runs them all; :data:`episode_parse.rules.RULES`
lists it with the other rules.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Protocol, cast

from episode_parse.diagnostics import make
from episode_parse.read import Document
from episode_parse.records import Applicability, Diagnostic, Edit, Episode, Fix, Span, Turn

_BOMS = re.compile("\ufeff+")

_BLANK = re.compile("[ \t]")

SHORTCUTS = True
"""Whether DOC010 looks only at the turns whose header line ends with a blank, found in bulk (False: every turn; tests compare both)."""

TimeForm = tuple[bool, bool, bool]
"""How a file writes its times: (hours written below an hour too, hours with a leading zero, leading minutes with a leading zero)."""

TIME_FORMS: tuple[TimeForm, ...] = tuple((a, b, c) for a, b, c in itertools.product((True, False), repeat=3))
"""Every form, the preferred first when two are as common (HH:MM:SS, then H:MM:SS, ...)."""


def tidy_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """DOC009 stray byte-order marks, DOC010 trailing blanks on header lines, TS004 timestamp forms."""
    yield from stray_byte_order_marks(doc)
    yield from trailing_blanks(doc, episode)
    turns = episode.turns
    stamps = [t.timestamp for t in turns]
    if None in stamps:
        yield from timestamp_forms(doc, [t for t in turns if t.timestamp is not None], "turn")
    else:  # every turn timed: their stamps are already listed
        yield from _forms(doc, turns, cast("list[str]", stamps), "turn")
    yield from timestamp_forms(doc, episode.chapters, "chapter")


def stray_byte_order_marks(doc: Document) -> Iterator[Diagnostic]:
    """DOC009: U+FEFF anywhere in the text (a leading one was dropped on reading)."""
    if "\ufeff" not in doc.text:
        return
    text = doc.text
    for m in _BOMS.finditer(text):
        span = doc.span(m.start(), m.end())
        n = m.end() - m.start()
        what = "byte-order mark" if n == 1 else f"{n} byte-order marks"
        fix: Fix | None = Fix("safe", f"delete the {what}", (Edit(span, ""),))
        if text[m.start() - 1 : m.start()] == "\r" and text[m.end() : m.end() + 1] == "\n":
            fix = None  # deleting it would make two line breaks one (CR and LF become CRLF)
        yield make("DOC009", span, f"{what} (U+FEFF) inside the text", fix=fix)


def trailing_blanks(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """DOC010: spaces or tabs ending a heading line, or a turn's header line that ends its paragraph."""
    ends_blank = (" ", "\t")
    for section in episode.sections:
        i = section.span.line - 1
        if section.level and doc.lines[i].endswith(ends_blank):
            yield _trailing(doc, i, "heading")
    last = -1
    picked = _blank_ended(doc, episode.turns) if SHORTCUTS else episode.turns
    lines = doc.lines if picked else ()  # (split only when a header line ends with a blank)
    for turn in picked:
        i = turn.span.line - 1
        if i == last or not lines[i].endswith(ends_blank):
            continue
        last = i
        # Blanks before another line of the paragraph are a Markdown hard break: they stay.
        if i + 1 == len(lines) or not lines[i + 1].strip(" \t"):
            yield _trailing(doc, i, "turn header line")


_SPAN_START = operator.attrgetter("span.start")


def _blank_ended(doc: Document, turns: Sequence[Turn]) -> Sequence[Turn]:
    """The turns whose header line ends with a space or a tab (or every turn, if a header line is empty)."""
    text = doc.text
    if doc.has_lines():
        lines = doc.lines
        try:
            # The last characters of the header lines, one string: a blank in it is found in C.
            ends = "".join([lines[t.span.line - 1][-1] for t in turns])
        except IndexError:
            return turns
    else:
        # Lines not split yet (LF endings, see Document.lines): each header line ends at the
        # first line break after the turn's start, found in C (the SRT fast path splits none).
        starts = list(map(_SPAN_START, turns))
        breaks = list(map(text.find, itertools.repeat("\n"), starts))
        if -1 in breaks:  # the last line has no break after it
            breaks = [len(text) if b < 0 else b for b in breaks]
        if not all(map(operator.lt, starts, breaks)):
            return turns  # a turn starting at the end of its line (none do): looked at one by one
        ends = "".join(map(text.__getitem__, map(operator.sub, breaks, itertools.repeat(1))))
    if " " not in ends and "\t" not in ends:
        return ()
    return [turns[m.start()] for m in _BLANK.finditer(ends)]


def _trailing(doc: Document, i: int, what: str) -> Diagnostic:
    line = doc.lines[i]
    kept = len(line.rstrip(" \t"))
    start = doc.starts[i]
    span = Span(start + kept, start + len(line), i + 1, kept + 1, i + 1, len(line) + 1)
    n = len(line) - kept
    fix = Fix("safe", "delete the trailing blanks", (Edit(span, ""),))
    return make("DOC010", span, f"{n} trailing blank{'s' if n > 1 else ''} on a {what}", fix=fix)


def write_time(seconds: int, form: TimeForm) -> str:
    """``seconds`` written in ``form``."""
    always, hours_padded, minutes_padded = form
    h, m, s = seconds // 3600, seconds % 3600 // 60, seconds % 60
    if h or always:
        return f"{h:02d}:{m:02d}:{s:02d}" if hours_padded else f"{h}:{m:02d}:{s:02d}"
    return f"{m:02d}:{s:02d}" if minutes_padded else f"{m}:{s:02d}"


_FORMS_OF_SHAPE: dict[tuple[int, int, bool, bool, bool], frozenset[TimeForm]] = {}
"""The forms that write a stamp of each shape (colons, first colon, past 1 h, past 10 h, leading minutes past 9).

A stamp's forms depend on its shape alone, and there are few shapes.
"""


class Timed(Protocol):
    """A turn or a chapter: a timestamp as written, its seconds (None when malformed), and where."""

    @property
    def timestamp(self) -> str | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def span(self) -> Span: ...


def timestamp_forms(doc: Document, records: Sequence[Timed], kind: str) -> Iterator[Diagnostic]:
    """TS004: timestamps of one kind (turn or chapter) not written in the form most of them share."""
    yield from _forms(doc, records, [r.timestamp or "" for r in records], kind)


def _forms(doc: Document, records: Sequence[Timed], stamps: Sequence[str], kind: str) -> Iterator[Diagnostic]:
    """:func:`timestamp_forms` given the records' ``stamps`` (their timestamps, None written as ``""``)."""
    # Stamps of one length with the first colon in one place always share a
    # form; checking that first (in C) keeps the usual, consistent file cheap.
    if _one_shape(stamps):
        return
    timed = [(ts, record) for ts, record in zip(stamps, records, strict=True) if record.start is not None]
    starts = [record.start or 0.0 for _, record in timed]
    # A stamp's forms depend only on its shape: group the stamps by shape.
    groups: dict[tuple[int, int, bool, bool, bool], list[tuple[str, int, Span]]] = {}
    for k, (ts, record) in enumerate(timed):
        # A time out of order with a neighbour is not judged by its form: the form may be its
        # mistake (00:00:00 for 01:00:00), which TS002's one-digit fix must see as written.
        if not ts.isascii() or (k and starts[k - 1] > starts[k]) or (k + 1 < len(starts) and starts[k] > starts[k + 1]):
            continue
        seconds = int(starts[k])
        key = (ts.count(":"), ts.find(":"), seconds >= 3600, seconds >= 36000, seconds % 3600 >= 600)
        groups.setdefault(key, []).append((ts, seconds, record.span))
    support: Counter[TimeForm] = Counter()
    read: list[tuple[str, int, Span, frozenset[TimeForm]]] = []
    for key, group in groups.items():
        forms = _FORMS_OF_SHAPE.get(key)
        if forms is None:
            ts, seconds, _ = group[0]
            forms = _FORMS_OF_SHAPE[key] = frozenset(f for f in TIME_FORMS if write_time(seconds, f) == ts)
        if forms:  # not minutes past 59 (TS003), which no form writes
            for f in forms:
                support[f] += len(group)
            read.extend((ts, seconds, span, forms) for ts, seconds, span in group)
    if not support:
        return
    yield from _odd_forms(doc, read, support, kind)


def _one_shape(stamps: Sequence[str]) -> bool:
    """Whether the stamps all have one length and their first colon (or none) in one place."""
    lengths = set(map(len, stamps))
    if len(lengths) != 1:
        return not lengths
    width, first = lengths.pop(), stamps[0].find(":")
    joined = "".join(stamps)
    if first < 0 or not width:
        return ":" not in joined
    # Stamps of one width: the k-th characters of them all are joined[k::width], so
    # the first colons are checked a column at a time in C (str.find is a call a stamp).
    columns = [joined[k::width] for k in range(first + 1)]
    return columns[first].count(":") == len(stamps) and not any(":" in column for column in columns[:first])


def _odd_forms(
    doc: Document, read: list[tuple[str, int, Span, frozenset[TimeForm]]], support: Counter[TimeForm], kind: str
) -> Iterator[Diagnostic]:
    best = max(support.values())
    candidates = [f for f in TIME_FORMS if support[f] == best]
    usual = candidates[0]
    odd = [r for r in read if usual not in r[3]]
    # Safe only when the file has a clear usual form: most stamps have it and
    # any other form as common would write the odd ones the same way.
    clear = all(len({write_time(seconds, f) for f in candidates}) == 1 for _, seconds, _, _ in odd)
    applicability: Applicability = "safe" if clear and len(odd) * 2 < len(read) else "unsafe"
    for ts, seconds, span, _ in odd:
        at = doc.text.find(ts, span.start, span.end + 1)
        if at < 0:
            continue
        where = doc.span(at, at + len(ts))
        new = write_time(seconds, usual)
        message = f"{kind} timestamp {ts} is written unlike {best} of the {len(read)} {kind} timestamps, which would write {new}"
        fix = Fix(applicability, f"write {ts} as {new}", (Edit(where, new),))
        yield make("TS004", where, message, new, fix)
